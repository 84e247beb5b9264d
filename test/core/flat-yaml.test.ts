// The flat-mapping reader (src/core/flat-yaml.ts) must read what it accepts exactly as the yaml
// package does, and leave everything else to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMap, isPair, isScalar, parseDocument, type Scalar } from 'yaml';
import { readFlatMapping, type FlatMapping } from '../../src/core/flat-yaml.js';
import { locateFlatPins, locatePinsWhole } from '../../src/core/bump.js';

/** What the yaml package reads in `text`, in readFlatMapping's terms; undefined when it is not a flat mapping of scalars to it. */
function byYaml(text: string, header: boolean): FlatMapping | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  let map = doc.contents;
  const out: FlatMapping = { entries: [] };
  if (header) {
    const pair = map.items[0];
    if (map.items.length !== 1 || !isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) return undefined;
    out.header = String(pair.key.value);
    map = pair.value;
  }
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value)) return undefined;
    const value = pair.value as Scalar;
    const [start = 0, end = 0, nodeEnd = 0] = value.range ?? [];
    out.entries.push({
      key: String(pair.key.value),
      start,
      end,
      type: value.type as 'PLAIN',
      text: value.type === 'PLAIN' ? text.slice(start, end) : String(value.value),
      comment: value.comment !== undefined || text.slice(end, nodeEnd).includes('#'),
    });
  }
  return out;
}

const KEYS = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/) },
  { weight: 1, arbitrary: fc.constantFrom('BUILD_COMMIT', 'true', 'null', 'True', 'NULL', 'False', 'y', 'on', '1', 'a-b', 'k'.repeat(128), 'k'.repeat(129), '"A"', '? A') },
);
const VALUES = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_./+~=@-]{1,8}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^[ -~\t]{0,8}$/).map((v) => `"${v}"`) },
  { weight: 2, arbitrary: fc.stringMatching(/^[ -~\t]{0,8}$/).map((v) => `'${v}'`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_./+~=@:#!&*,?%|>'"[\]{}-]{1,6}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '|', '>-', '[a]', '{a: 1}', '&a x', '*a', '!!str x', '"a\\"b"', "'a''b'", '- x', '? x', 'a b', 'a #b', '"é ü"', '"\u0085"', '"\u2028"', '"x\ufeff"', '-1', '~', '.5', '"${{ x }}"', 'v1.2.3', 'e5', '"\x01"'),
  },
);
const GAPS = fc.oneof({ weight: 6, arbitrary: fc.constant(' ') }, { weight: 1, arbitrary: fc.constantFrom('  ', '\t', ' \t', '') });
const TAILS = fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.constantFrom(' ', '\t', ' # c', '\t# c', '#c', ' #', ' # a "b" #', '  # v1.0', ' # \u0085', ' # \u2028') });
/** The indentation of a line: the text's own (null), or another. */
const INDENTS = fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '   ', '    ', '\t', ' \t') });
type Line = (indent: string) => string;
const LINE = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(INDENTS, KEYS, GAPS, VALUES, TAILS).map(([i, k, g, v, t]): Line => (own) => `${i ?? own}${k}:${g}${v}${t}`) },
  { weight: 1, arbitrary: fc.tuple(INDENTS, fc.constantFrom('# c', '#', '# x: y', '#\t')).map(([i, c]): Line => (own) => `${i ?? own}${c}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', '\t', '    x', '---', '...', '\ufeff  A: b', '  A:').map((l): Line => () => l) },
);
const HEADERS = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('env:', 'env: # c', 'environment:', 'variables:') }, { weight: 1, arbitrary: fc.constantFrom('env:\t', 'jobs:', 'env: x', 'env: |', '"env":', 'env', ' env:', 'env:#c', 'env: &a', 'True:', 'null:') });

/** Flat mappings and near misses, with LF or CRLF, with and without a last line break (or a last CR alone). */
const TEXTS = fc.tuple(fc.boolean(), HEADERS, fc.constantFrom('  ', ' ', '    ', ''), fc.array(LINE, { minLength: 0, maxLength: 6 }), fc.boolean(), fc.oneof({ weight: 3, arbitrary: fc.constantFrom('', 'eol') }, { weight: 1, arbitrary: fc.constant('\r') })).map(([header, h, own, lines, crlf, last]) => {
  const eol = crlf ? '\r\n' : '\n';
  const body = lines.map((l) => l(own));
  return { header, text: (header ? [h, ...body] : body).join(eol) + (last === 'eol' ? eol : last) };
});

describe('readFlatMapping', () => {
  it('reads what it accepts as the yaml package does: keys, values, source ranges, comments (property)', () => {
    let accepted = 0;
    fc.assert(fc.property(TEXTS, ({ header, text }) => {
      const flat = readFlatMapping(text, header);
      if (flat === undefined) return;
      accepted++;
      assert.deepEqual(flat, byYaml(text, header), JSON.stringify(text));
    }), { numRuns: 10000 });
    // the comparison has to happen often enough to mean something (~550 of 10000 are accepted)
    assert.ok(accepted > 300, `only ${accepted} texts accepted`);
  });

  it('reads a generated workflow\'s env: and the edited line of a bump', () => {
    const env = 'env:\n  # The ref of cymem that every job builds: change it with `wheels-repo bump REF`.\n  BUILD_COMMIT: "v9.40"\n  PROJECT_URL: "https://github.com/explosion/cymem"\n  REPO_DIR: project\n\n';
    assert.deepEqual(readFlatMapping(env, true), byYaml(env, true));
    assert.deepEqual(readFlatMapping(env, true)?.entries.map((e) => [e.key, e.text]), [['BUILD_COMMIT', 'v9.40'], ['PROJECT_URL', 'https://github.com/explosion/cymem'], ['REPO_DIR', 'project']]);
    assert.deepEqual(readFlatMapping('  BUILD_COMMIT: v1  # v1.0 | why\r\n', false), { entries: [{ key: 'BUILD_COMMIT', start: 16, end: 18, type: 'PLAIN', text: 'v1', comment: true }] });
  });

  it('leaves every other form to the yaml package', () => {
    for (const [text, header] of [
      ['env:\n  BUILD_COMMIT: v1\n    # belongs to v1 in the yaml package\n', true],
      ['env:\n\tBUILD_COMMIT: v1\n', true], ['env:\n  A: |\n    x\n', true], ['env:\n  A: x\n   y\n', true], ['env:\n  A: "a\\tb"\n', true],
      ['env:\n  A: 1\n   B: 2\n', true], ['env:\nA: 1\n', true], ['env:\n  A: &x 1\n', true], ['env:\n  A: [1]\n', true], ['env:\n  A:\n', true],
      ['env: {A: 1}\n', true], ['env:\n  - A=1\n', true], ['env:\n  A: 1\n---\n', true], ['\ufeffenv:\n  A: 1\n', true], ['env:\n  # only a comment\n', true],
      [`env:\n  ${'K'.repeat(129)}: 1\n`, true], ['env:\n  "A": 1\n', true], ['env:\n  A: 1 # \u2028\n', true],
      ['A: b\r', false], ['env:\n  BUILD_COMMIT: v1\n\r', true], ['True: x\n', false], ['NULL:\n  A: 1\n', true],
    ] as const) {
      assert.equal(readFlatMapping(text, header), undefined, JSON.stringify(text));
    }
  });
});

describe('locateFlatPins', () => {
  it('gives locatePinsWhole\'s scan wherever it reads the entry (property)', () => {
    const SHA = '0123456789abcdef0123456789abcdef01234567';
    const pinLine = fc.tuple(fc.constantFrom(`"v1"`, 'v2', `'1.10'`, SHA, `"${SHA}"`, '"${{ x }}"', '$X', '"BUILD_COMMIT=x"', 'a'), fc.constantFrom('', ' # why', `  # v1.0`, '  # v1.0 | why', ' #')).map(([v, t]) => `  BUILD_COMMIT: ${v}${t}`);
    const other = fc.constantFrom('  A: 1', '  # c', '', '  name: BUILD_COMMIT', '  B: "x # y"', '  C: b # c', '  global: x');
    let read = 0;
    fc.assert(fc.property(fc.constantFrom('env:', 'environment:', 'variables:', 'jobs:', 'global:'), fc.array(fc.oneof(pinLine, other), { minLength: 1, maxLength: 6 }), fc.boolean(), (h, lines, crlf) => {
      const text = [h, ...lines].join(crlf ? '\r\n' : '\n') + '\n';
      const flat = locateFlatPins(text);
      if (flat === undefined) return;
      read++;
      assert.deepEqual(flat, locatePinsWhole(text, true), JSON.stringify(text));
    }), { numRuns: 2000 });
    assert.ok(read > 500, `only ${read} entries read`);
  });
});
