import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { Pin } from '../../src/core/bump.js';
import { findPins } from '../../src/core/bump-parts.js';
import { applyPins, formatPin, plainIsSafe, resolveNoteOf } from '../../src/core/bump-edit.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA2 = 'fedcba9876543210fedcba9876543210fedcba98';

/** Bumps every pin found in `text`. */
function bump(text: string, ref: string, note?: string): string {
  return applyPins(text, findPins(text).pins, ref, note);
}

function pin(over: Partial<Pin>): Pin {
  return { line: 1, value: 'v1', start: 0, end: 2, style: 'plain', form: 'mapping', ...over };
}

describe('findPins', () => {
  it('finds workflow-level and job-level env pins in a GitHub Actions workflow, with exact offsets', () => {
    const text = 'env:\n  BUILD_COMMIT: v1.0\njobs:\n  build:\n    env:\n      BUILD_COMMIT: "abc"\n';
    const scan = findPins(text);
    assert.deepEqual(scan, {
      pins: [
        { line: 2, value: 'v1.0', start: 21, end: 25, style: 'plain', form: 'mapping' },
        { line: 6, value: 'abc', start: 70, end: 75, style: 'double', form: 'mapping' },
      ],
      unsupported: [],
    });
    assert.equal(text.slice(21, 25), 'v1.0');
    assert.equal(text.slice(70, 75), '"abc"');
  });

  it('ignores BUILD_COMMIT under steps, container and services, and outside env-like mappings', () => {
    for (const text of [
      'jobs:\n  build:\n    steps:\n      - run: x\n        env:\n          BUILD_COMMIT: v1\n',
      'container:\n  env:\n    BUILD_COMMIT: v1\n',
      'services:\n  db:\n    env:\n      BUILD_COMMIT: v1\n',
      'other:\n  BUILD_COMMIT: v1\n',
      'BUILD_COMMIT: v1\n',
      'jobs:\n  - env:\n      BUILD_COMMIT: v1\n',
    ]) {
      assert.deepEqual(findPins(text), { pins: [], unsupported: [] }, text);
    }
  });

  it('skips values that refer to something else (${{ }}, %VAR%, $VAR)', () => {
    assert.deepEqual(findPins('env:\n  BUILD_COMMIT: ${{ inputs.ref }}\n').pins, []);
    assert.deepEqual(findPins('environment:\n  BUILD_COMMIT: "%REF%"\n').pins, []);
    assert.deepEqual(findPins('env:\n  global:\n    - BUILD_COMMIT=$REF\n').pins, []);
  });

  it('finds Travis env.global assignments, reading the value inside inner quotes', () => {
    const text = "env:\n  global:\n    - REPO_DIR=x\n    - BUILD_COMMIT=v2.0\n    - 'BUILD_COMMIT=\"q\"'\n";
    assert.deepEqual(findPins(text).pins, [
      { line: 4, value: 'v2.0', start: 51, end: 55, style: 'plain', form: 'assignment' },
      { line: 5, value: 'q', start: 76, end: 79, style: 'double', form: 'assignment' },
    ]);
  });

  it('finds an assignment inside a whole-item double quote as a plain token', () => {
    const text = 'env:\n  global:\n    - "BUILD_COMMIT=v1"\n';
    assert.deepEqual(findPins(text).pins, [{ line: 3, value: 'v1', start: 35, end: 37, style: 'plain', form: 'assignment' }]);
  });

  it("finds a job's env string among other assignments in jobs/matrix include", () => {
    assert.deepEqual(findPins('jobs:\n  include:\n    - env: BUILD_COMMIT=v9 OTHER=1\n').pins, [
      { line: 3, value: 'v9', start: 41, end: 43, style: 'plain', form: 'assignment' },
    ]);
    assert.deepEqual(findPins('matrix:\n  include:\n    - env:\n        - BUILD_COMMIT=v1\n').pins.map((p) => p.value), ['v1']);
    assert.deepEqual(findPins("env:\n  - X=1 BUILD_COMMIT='v 1'\n").pins, [
      { line: 2, value: 'v 1', start: 26, end: 31, style: 'single', form: 'assignment' },
    ]);
  });

  it('does not take FOO_BUILD_COMMIT for BUILD_COMMIT', () => {
    assert.deepEqual(findPins('env:\n  - FOO_BUILD_COMMIT=v1\n').pins, []);
  });

  it('finds AppVeyor global and matrix-item pins, reading a plain 1.10 as the string "1.10"', () => {
    const text = "environment:\n  global:\n    BUILD_COMMIT: 'main'\n  matrix:\n    - PYTHON: 3.9\n      BUILD_COMMIT: 1.10\n";
    assert.deepEqual(findPins(text).pins, [
      { line: 3, value: 'main', start: 41, end: 47, style: 'single', form: 'mapping' },
      { line: 6, value: '1.10', start: 96, end: 100, style: 'plain', form: 'mapping' },
    ]);
  });

  it("finds Azure's variables in both the mapping and the name/value list form", () => {
    assert.deepEqual(findPins('variables:\n  - name: BUILD_COMMIT\n    value: v3\n').pins, [
      { line: 3, value: 'v3', start: 45, end: 47, style: 'plain', form: 'mapping' },
    ]);
    assert.deepEqual(findPins('stages:\n  - variables:\n      BUILD_COMMIT: v1\n').pins.map((p) => [p.line, p.value]), [[3, 'v1']]);
  });

  it('finds a pin in a flow mapping', () => {
    assert.deepEqual(findPins('env: {BUILD_COMMIT: v1, X: 2}\n').pins, [{ line: 1, value: 'v1', start: 20, end: 22, style: 'plain', form: 'mapping' }]);
  });

  it('reports block scalars and escaped double-quoted values as unsupported, with their line', () => {
    assert.deepEqual(findPins('env:\n  BUILD_COMMIT: |\n    v1\n'), {
      pins: [],
      unsupported: [{ line: 2, why: 'BUILD_COMMIT is a block scalar; write it on one line' }],
    });
    assert.deepEqual(findPins('env:\n  BUILD_COMMIT: "v\\x41"\n'), {
      pins: [],
      unsupported: [{ line: 2, why: 'BUILD_COMMIT uses escapes in a double-quoted string' }],
    });
    assert.deepEqual(findPins('env:\n  global:\n    - |\n      BUILD_COMMIT=v1\n'), {
      pins: [],
      unsupported: [{ line: 3, why: 'BUILD_COMMIT=… is inside a block or escaped string' }],
    });
  });

  it('returns an error and no pins for text that is not YAML, where it could hold a pin', () => {
    const scan = findPins('env: [\n  BUILD_COMMIT: v1\n');
    assert.deepEqual(scan.pins, []);
    assert.deepEqual(scan.unsupported, []);
    assert.match(scan.error ?? '', /Flow sequence/);
  });

  it('counts lines across CRLF line ends', () => {
    assert.deepEqual(findPins('a: 1\r\nenv:\r\n  BUILD_COMMIT: v1 # c\r\n').pins.map((p) => [p.line, p.value]), [[3, 'v1']]);
  });
});

describe('plainIsSafe', () => {
  it('accepts refs that read back as the same string in YAML 1.1 and 1.2', () => {
    for (const v of ['main', 'v1.0', 'feature/x', 'a+b', 'release-2', 'NaN']) assert.equal(plainIsSafe(v), true, v);
  });

  it('refuses refs YAML reads as numbers, booleans, null or dates', () => {
    for (const v of ['1.10', '1.0', '123', '2e5', '1e3', '1_000', '0x1f', '0o17', '017', 'on', 'yes', 'no', 'y', 'n', 'true', 'null', '~', '.nan', '2024-01-01']) {
      assert.equal(plainIsSafe(v), false, v);
    }
  });

  it('refuses empty text, leading "-" or ".", and characters outside ._/+-', () => {
    for (const v of ['', '-x', '.x', 'a b', 'v1:2', 'a#b', "a'b"]) assert.equal(plainIsSafe(v), false, v);
  });

  it('answers as the yaml package does in YAML 1.1 and 1.2, also where it decides by the first character (property)', () => {
    const byYaml = (v: string) => {
      try {
        return /^[A-Za-z0-9._/+-]+$/.test(v) && !/^[-.]/.test(v) && parse(v, { version: '1.1' }) === v && parse(v) === v;
      } catch {
        return false;
      }
    };
    // words and numbers of every implicit type, in each case, with and without a tail
    const words = ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', 'nan', 'inf', '0x1f', '0b101', '0o17', '1e5', '1_0', '2024-01-01', '12:30', '=', '<<'];
    const cased = words.flatMap((w) => [w, w.toUpperCase(), w[0]?.toUpperCase() + w.slice(1)]);
    for (const v of [...cased, ...cased.map((w) => `${w}x`), ...cased.map((w) => `.${w}`), ...cased.map((w) => `+${w}`)]) assert.equal(plainIsSafe(v), byYaml(v), v);
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9._/+=<:~-]{1,10}$/), (v) => plainIsSafe(v) === byYaml(v)), { numRuns: 3000 });
  });
});

describe('formatPin', () => {
  it('keeps the quoting style of the pin', () => {
    assert.equal(formatPin(pin({ style: 'double' }), 'v2'), '"v2"');
    assert.equal(formatPin(pin({ style: 'single' }), 'v2'), "'v2'");
    assert.equal(formatPin(pin({ style: 'plain' }), 'v2'), 'v2');
  });

  it('double-quotes a plain mapping value that YAML would misread', () => {
    assert.equal(formatPin(pin({ style: 'plain', form: 'mapping' }), '1.10'), '"1.10"');
    assert.equal(formatPin(pin({ style: 'plain', form: 'mapping' }), 'on'), '"on"');
  });

  it('writes an assignment value bare even when it looks like a number (it is part of a string)', () => {
    assert.equal(formatPin(pin({ style: 'plain', form: 'assignment' }), '1.10'), '1.10');
  });
});

describe('applyPins', () => {
  it('changes only the value, keeping every other byte', () => {
    assert.equal(bump('env:\n  BUILD_COMMIT: v1.0\n', 'v2'), 'env:\n  BUILD_COMMIT: v2\n');
    assert.equal(bump('env:\n  BUILD_COMMIT: v1.0 # keep\n', 'v2'), 'env:\n  BUILD_COMMIT: v2 # keep\n');
    assert.equal(bump("environment:\n  BUILD_COMMIT: 'main'\n  B: \"x\"\n  C: on\n", 'on'), "environment:\n  BUILD_COMMIT: 'on'\n  B: \"x\"\n  C: on\n");
    assert.equal(bump('env:\n  global:\n    - BUILD_COMMIT=v2.0\n', '1.10'), 'env:\n  global:\n    - BUILD_COMMIT=1.10\n');
  });

  it('quotes a plain mapping value that would read as a number', () => {
    const out = bump('env:\n  BUILD_COMMIT: v1.0\n', '1.10');
    assert.equal(out, 'env:\n  BUILD_COMMIT: "1.10"\n');
    assert.deepEqual(parse(out), { env: { BUILD_COMMIT: '1.10' } });
  });

  it('rewrites several pins of different lengths in one file', () => {
    const text = 'env:\n  BUILD_COMMIT: v1\njobs:\n  build:\n    env:\n      BUILD_COMMIT: "abc"\n';
    const out = bump(text, 'v1.2.3-long');
    assert.equal(out, 'env:\n  BUILD_COMMIT: v1.2.3-long\njobs:\n  build:\n    env:\n      BUILD_COMMIT: "v1.2.3-long"\n');
    assert.deepEqual(findPins(out).pins.map((p) => p.value), ['v1.2.3-long', 'v1.2.3-long']);
  });

  it('adds a --resolve note and keeps CRLF line ends', () => {
    assert.equal(bump('env:\r\n  BUILD_COMMIT: v1\r\nx: 1\r\n', SHA, 'v2'), `env:\r\n  BUILD_COMMIT: ${SHA}  # v2\r\nx: 1\r\n`);
  });

  it('replaces an earlier note when resolving again', () => {
    assert.equal(bump(`env:\n  BUILD_COMMIT: "${SHA}"  # v1.0\n`, SHA2, 'v2.0'), `env:\n  BUILD_COMMIT: "${SHA2}"  # v2.0\n`);
  });

  it('drops a stale note from a SHA pin when bumping without one', () => {
    assert.equal(bump(`env:\n  BUILD_COMMIT: "${SHA}"  # v1.0\n`, 'v3'), 'env:\n  BUILD_COMMIT: "v3"\n');
  });

  it('keeps the user comment after "|" when the note is dropped or replaced', () => {
    assert.equal(bump(`env:\n  BUILD_COMMIT: "${SHA}"  # v1.0 | keep me\n`, 'v3'), 'env:\n  BUILD_COMMIT: "v3"  # keep me\n');
    assert.equal(bump(`env:\n  BUILD_COMMIT: "${SHA}"  # v1.0 | keep me\n`, SHA2, 'v4'), `env:\n  BUILD_COMMIT: "${SHA2}"  # v4 | keep me\n`);
  });

  it('puts the note before a free-text comment, separated by "|"', () => {
    assert.equal(bump('env:\n  BUILD_COMMIT: v1  # free text here\n', SHA, 'v4'), `env:\n  BUILD_COMMIT: ${SHA}  # v4 | free text here\n`);
  });

  it('leaves a comment on a non-SHA pin alone when bumping without a note', () => {
    assert.equal(bump('env:\n  BUILD_COMMIT: v1  # tag\n', 'v5'), 'env:\n  BUILD_COMMIT: v5  # tag\n');
  });

  it('returns the text unchanged when there are no pins', () => {
    const text = 'env:\n  OTHER: 1\n';
    assert.equal(applyPins(text, [], 'v2', 'note'), text);
  });

  // BUG (src/core/bump.ts): an empty `BUILD_COMMIT:` (a null value) is reported as a pin with
  // start === end right after the colon, and applyPins then writes `BUILD_COMMIT:v9` with no space,
  // which YAML reads as the single string "BUILD_COMMIT:v9" (env becomes a string, the pin is gone).
  // Either the empty value must not be reported as a pin, or the edit must read back as the ref.
  it('an edited empty pin reads back as the new ref (or is not reported as a pin)', () => {
    const text = 'env:\n  BUILD_COMMIT:\n';
    const scan = findPins(text);
    const out = applyPins(text, scan.pins, 'v9');
    assert.deepEqual(findPins(out).pins.map((p) => p.value), scan.pins.map(() => 'v9'), `edited text: ${JSON.stringify(out)}`);
  });
});

describe('resolveNoteOf', () => {
  const first = (text: string): Pin => {
    const p = findPins(text).pins[0];
    assert.ok(p, `no pin in ${text}`);
    return p;
  };

  it('reads the ref named by a note on a SHA pin', () => {
    for (const text of [
      `env:\n  BUILD_COMMIT: "${SHA}"  # v1.0\n`,
      `env:\n  BUILD_COMMIT: "${SHA}"  # v1.0 | comment\n`,
      `env:\r\n  BUILD_COMMIT: "${SHA}"  # v1.0\r\n`,
      `env:\n  BUILD_COMMIT: ${SHA} #v1.0`,
    ]) {
      assert.equal(resolveNoteOf(text, first(text)), 'v1.0', text);
    }
  });

  it('returns undefined for non-SHA pins, SHA pins without a note, and free-text comments', () => {
    for (const text of [
      'env:\n  BUILD_COMMIT: v1.0  # v0\n',
      `env:\n  BUILD_COMMIT: "${SHA}"\n`,
      `env:\n  BUILD_COMMIT: "${SHA}" # has spaces\n`,
      `env:\n  BUILD_COMMIT: "${SHA.toUpperCase()}"  # v1.0\n`,
      `env:\n  BUILD_COMMIT: "${SHA.slice(0, 7)}"  # v1.0\n`,
    ]) {
      assert.equal(resolveNoteOf(text, first(text)), undefined, text);
    }
  });

  it('ignores a comment that is not the only thing after the pin', () => {
    const text = `env:\n  global:\n    - 'BUILD_COMMIT=${SHA} X=1'  # v1\n`;
    assert.equal(resolveNoteOf(text, first(text)), undefined);
  });

  it('reads back the note that applyPins wrote', () => {
    const out = bump('env:\n  BUILD_COMMIT: main\n', SHA, 'release/1.2');
    assert.equal(resolveNoteOf(out, first(out)), 'release/1.2');
  });
});
