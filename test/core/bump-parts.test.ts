// bump parses only the top-level entries of a CI file that could hold a pin (src/core/bump.ts
// pinParts). Its scan must be the whole file's, byte for byte, wherever the file is YAML.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { locatePinsWhole } from '../../src/core/bump.js';
import { findPins, locatePins, pinParts } from '../../src/core/bump-parts.js';

const corpus = fileURLToPath(new URL('../../../test/fixtures/bump', import.meta.url));
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

/**
 * The whole parse's scan where the file is YAML. Where it is not, the scan of the whole file with every
 * entry pinParts skips blanked (offsets kept): a broken entry without a pin does not count, one with a
 * pin (or one an entry with a pin depends on) gives the whole file's error.
 */
function assertSameScan(text: string, what: string): void {
  const whole = locatePinsWhole(text);
  const parts = locatePins(text);
  const ranges = pinParts(text);
  if (!whole.error || ranges === undefined) {
    assert.deepEqual(parts, whole, what);
    return;
  }
  let masked = text.replace(/[^\r\n]/g, ' ');
  for (const [a, b] of ranges) masked = masked.slice(0, a) + text.slice(a, b) + masked.slice(b);
  const kept = locatePinsWhole(masked);
  assert.deepEqual(parts, kept.error ? whole : kept, what);
}

describe('locatePins by top-level entries', () => {
  it('reads every corpus file exactly as the whole parse does, also with CRLF, a BOM, comments first and a document marker', () => {
    const files = walk(corpus).filter((p) => /\/(before|after)\/.*\.ya?ml$/.test(p));
    assert.ok(files.length > 40, `only ${files.length} corpus files`);
    let split = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      for (const [variant, t] of [['as is', text], ['CRLF', text.replace(/\r?\n/g, '\r\n')], ['BOM', `\ufeff${text}`], ['comments first', `# a comment\n\n${text}`], ['--- first', `---\n${text}`]] as const) {
        assertSameScan(t, `${path} (${variant})`);
      }
      const parts = pinParts(text);
      if (parts && parts.length > 0 && parts.reduce((n, [a, b]) => n + b - a, 0) < text.length / 2) split++;
    }
    // the point of it: most real files have their pins in a small part of the text
    assert.ok(split > 15, `only ${split} corpus files parsed in less than half`);
  });

  it('parses only the entries that could hold a pin: not jobs that merely use $BUILD_COMMIT', () => {
    const text = 'name: b\non:\n  push:\nenv:\n  BUILD_COMMIT: v1\njobs:\n  a:\n    steps:\n      - name: Check out at BUILD_COMMIT\n        run: git checkout "$BUILD_COMMIT" ${{ env.BUILD_COMMIT }}\n';
    const env = text.indexOf('env:');
    assert.deepEqual(pinParts(text), [[env, text.indexOf('jobs:')]]);
    assert.deepEqual(locatePins(text).pins.map((p) => [p.line, p.value, text.slice(p.start, p.end)]), [[5, 'v1', 'v1']]);
  });

  it('takes every spelling of a pin for a part to parse: quoted, explicit and flow keys, assignments, Azure names, escapes', () => {
    for (const entry of [
      'env:\n  "BUILD_COMMIT": v1\n', "env:\n  'BUILD_COMMIT' : v1\n", 'env:\n  ? BUILD_COMMIT\n  : v1\n', 'env: {BUILD_COMMIT: v1}\n',
      'env:\n  global:\n    - BUILD_COMMIT=v1\n', 'variables:\n  - name: BUILD_COMMIT\n    value: v1\n', 'variables:\n  - {"name": "BUILD_COMMIT", value: v1}\n',
      'variables:\n  - name: !!str BUILD_COMMIT # c\n    value: v1\n', 'env:\n  "BUILD\\x5fCOMMIT": v1\n',
    ]) {
      // the jobs name BUILD_COMMIT only as a use: a file that never spells it out holds no pin
      const text = `name: x\n${entry}jobs:\n  a:\n    steps:\n      - run: echo "$BUILD_COMMIT"\n`;
      assert.deepEqual(pinParts(text), [[8, 8 + entry.length]], entry);
      assert.ok(locatePinsWhole(text).pins.length + locatePinsWhole(text).unsupported.length > 0, `the whole parse finds ${entry}`);
      assertSameScan(text, entry);
    }
  });

  it('does not parse a file that never names BUILD_COMMIT, nor a broken entry without a pin', () => {
    assert.deepEqual(pinParts('env: [\n'), []);
    assert.deepEqual(locatePins('env: [\n'), { pins: [], places: [], nodes: [], unsupported: [] });
    const text = 'docs:\n\tbroken: tab\nenv:\n  BUILD_COMMIT: v1\n';
    assert.ok(locatePinsWhole(text).error);
    assert.deepEqual(locatePins(text).pins.map((p) => p.value), ['v1']);
  });

  it('gives the whole file\'s error when the entry with the pin does not parse', () => {
    const text = 'name: x\nenv:\n  BUILD_COMMIT: [v1\njobs: {}\n';
    const parts = locatePins(text);
    assert.equal(parts.error, locatePinsWhole(text).error);
    assert.ok(parts.error);
  });

  it('parses the whole file when it does not start with a top-level key, or holds merge-conflict markers', () => {
    assert.equal(pinParts('- a\n- BUILD_COMMIT=v1\n'), undefined);
    assert.equal(pinParts('%YAML 1.2\n---\nenv:\n  BUILD_COMMIT: v1\n'), undefined);
    assert.equal(pinParts('env:\n<<<<<<< HEAD\n  BUILD_COMMIT: v1\n=======\n  BUILD_COMMIT: v2\n>>>>>>> b\n'), undefined);
    assert.ok(locatePins('env:\n<<<<<<< HEAD\n  BUILD_COMMIT: v1\n=======\n  BUILD_COMMIT: v2\n>>>>>>> b\n').error);
  });

  it('relies on the yaml package refusing a top-level value continued at column 0', () => {
    // pinParts starts a new entry at such a line; these are why that never splits a valid file.
    for (const [text, code] of <Array<[string, string]>>[['a: "x\nb: y"\n', 'MISSING_CHAR'], ["a: 'x\nb: y'\n", 'MISSING_CHAR'], ['a: x\nb\n', 'MISSING_CHAR'], ['a: [1,\nb: 2]\n', 'BAD_INDENT'], ['a: {x: 1,\nb: 2}\n', 'BAD_INDENT']]) {
      assert.equal(parseDocument(text).errors[0]?.code, code, text);
    }
    assert.deepEqual(parseDocument('a: |\n  x\nb: 1\n').toJS(), { a: 'x\n', b: 1 });
  });

  it('reads any file built from pin and non-pin entries as the whole parse does (property)', () => {
    const entry = fc.constantFrom(
      'env:\n  BUILD_COMMIT: v1 # keep\n', 'env:\n  global:\n    - BUILD_COMMIT=v2\n    - OTHER=1\n', 'jobs:\n  a:\n    env:\n      BUILD_COMMIT: "v3"\n    steps:\n      - run: echo $BUILD_COMMIT\n',
      'jobs:\n  include:\n    - env: A=1 BUILD_COMMIT=\'v4\'\n', 'environment:\n  matrix:\n    - BUILD_COMMIT: 1.10\n', 'variables:\n  - name: BUILD_COMMIT\n    value: v5\n',
      'run: |\n  BUILD_COMMIT: not a pin\n  env:\n', 'steps:\n- BUILD_COMMIT=v6\n- x\n', 'script: >\n  a\n\n  b: c\n', 'on: [push,\n  pull_request]\n',
      'name: "a\n  BUILD_COMMIT: b"\n', '# env:\n#   BUILD_COMMIT: c\n', 'env: {BUILD_COMMIT: v7, B: 1}\n', 'matrix:\n  include:\n  - env: BUILD_COMMIT=v8\n',
      '"on":\n  push:\n', 'x: &a\n  BUILD_COMMIT: v9\n', 'y: *a\n', 'env:\n  BUILD_COMMIT: |\n    v1\n', 'k:\n\tbad: tab\n', 'env:\n  BUILD_COMMIT: [v1\n',
    );
    fc.assert(fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.boolean(), (entries, crlf) => {
      const text = crlf ? entries.join('').replace(/\n/g, '\r\n') : entries.join('');
      assertSameScan(text, JSON.stringify(text));
    }), { numRuns: 400 });
  });

  it('splits entries as a loop over the lines does: the first text line must begin a key, each later line at column 0 that can begins one (property)', () => {
    const TOP_KEY = /^(?![\s#\-?:,[\]{}&*!|>%@`]|\.\.\.)/;
    const PIN_LIKE = /BUILD_COMMIT(?:["']?[ \t]*(?:\r?\n[ \t]*)?:|=)|name["']?[ \t]*:[ \t]*(?:![^ \t]*[ \t]+)?["']?BUILD_COMMIT["']?[ \t]*(?:[\r\n,}\]#]|$)|\\[xuU]/;
    // the reference: src/core/bump-parts.ts pinParts as it was, line by line (conflict markers aside)
    const byLines = (text: string): Array<[number, number]> | undefined => {
      if (!text.includes('BUILD_COMMIT')) return [];
      const starts: number[] = [];
      for (let at = 0; at < text.length;) {
        const next = text.indexOf('\n', at);
        const end = next < 0 ? text.length : next + 1;
        const line = text.slice(at, end);
        if (line.trim() !== '' && !line.startsWith('#')) {
          if (TOP_KEY.test(line) || (at === 0 && line.charCodeAt(0) === 0xfeff && TOP_KEY.test(line.slice(1)))) starts.push(at);
          else if (starts.length === 0) return undefined;
        }
        at = end;
      }
      return starts.flatMap((start, i): Array<[number, number]> => (PIN_LIKE.test(text.slice(start, starts[i + 1] ?? text.length)) ? [[start, starts[i + 1] ?? text.length]] : []));
    };
    const line = fc.constantFrom('env:', 'jobs:', '  BUILD_COMMIT: v1', 'BUILD_COMMIT: v2', '- BUILD_COMMIT=v3', '# c', '', '  ', '\t', '\ufeffenv:', '\ufeff', '...', '---', '... x', '.x: 1', 'a: "\\x41"', '  name: BUILD_COMMIT', '\u00a0x:', 'x:\r', '\r', '%YAML 1.2', '? k', 'a: [', '  b]', '"q": 1', '@x');
    fc.assert(fc.property(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, eol, last) => {
      const text = lines.join(eol) + (last ? eol : '');
      assert.deepEqual(pinParts(text), byLines(text), JSON.stringify(text));
    }), { numRuns: 3000 });
  });

  it('keeps findPins\' lines and offsets in later entries', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\nenv:\r\n  BUILD_COMMIT: v1 # c\r\n';
    assert.deepEqual(findPins(text).pins.map((p) => [p.line, text.slice(p.start, p.end)]), [[5, 'v1']]);
  });
});
