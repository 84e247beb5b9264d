// The read-back check of a bump decides a clean edit from the edited lines alone, and leaves every
// doubt and every failure to a full parse of the edited file (src/core/bump-verify.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { locatePins } from '../../src/core/bump-parts.js';
import { applyPins } from '../../src/core/bump-edit.js';
import { checkEdit, readsBackLocally } from '../../src/core/bump-verify.js';

const corpus = fileURLToPath(new URL('../../../test/fixtures/bump', import.meta.url));
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

function check(text: string, ref: string, note?: string) {
  const scan = locatePins(text);
  const after = applyPins(text, scan.pins, ref, note);
  return { local: readsBackLocally(text, scan.pins, scan.nodes, scan.pins, ref, note), full: checkEdit(text, after, scan.pins, scan.nodes, scan.pins, ref, note) };
}

describe('checkEdit', () => {
  it('decides the pins of every corpus file from their own lines, without a second parse', () => {
    let files = 0;
    for (const path of walk(corpus).filter((p) => /\/before\/.*\.ya?ml$/.test(p))) {
      const text = readFileSync(path, 'utf8');
      const scan = locatePins(text);
      if (scan.error || scan.pins.length === 0 || scan.unsupported.length > 0) continue;
      files++;
      for (const [ref, note] of [['v9.9.9', undefined], ['1.10', undefined], ['0123456789abcdef0123456789abcdef01234567', 'v1.0']] as const) {
        const r = check(text, ref, note);
        assert.equal(r.local, true, `${path} ${ref}`);
        assert.deepEqual(r.full, { ok: true }, `${path} ${ref}`);
      }
    }
    assert.ok(files > 20, `only ${files} corpus files with pins`);
  });

  it('leaves an edit that does not read back as REF to the full parse, which refuses it', () => {
    const r = check('env:\n  - BUILD_COMMIT=v1\n', 'a b');
    assert.equal(r.local, false);
    assert.deepEqual(r.full, { ok: false });
    assert.equal(check('env:\n  - "BUILD_COMMIT=v1"\n', 'a"b').full.ok, false);
    assert.equal(check('env:\n  - BUILD_COMMIT=v1\n', 'x: y').full.ok, false);
    assert.equal(check('env:\n  - BUILD_COMMIT=v1\n', 'x #y').full.ok, false);
  });

  it('reports the full parse\'s error when the edit breaks the file', () => {
    const r = check("env:\n  - 'BUILD_COMMIT=v1'\n", "a'\n  b: [");
    assert.equal(r.local, false);
    assert.equal(r.full.ok, false);
    assert.ok(r.full.error);
  });

  it('checks a pin inside a flow collection split over lines with the full parse', () => {
    const text = 'env:\n  global: [OTHER=1,\n    BUILD_COMMIT=v1]\n';
    const r = check(text, 'v2');
    assert.equal(r.local, false);
    assert.deepEqual(r.full, { ok: true });
  });

  it('never accepts from the edited lines what the full parse of the edited file refuses (any REF, corpus files)', () => {
    const texts = walk(corpus).filter((p) => /\/before\/.*\.ya?ml$/.test(p)).map((p) => readFileSync(p, 'utf8'))
      .filter((t) => { const s = locatePins(t); return !s.error && s.pins.length > 0 && s.unsupported.length === 0; });
    const chars = fc.constantFrom(...'ab1._/-+ :#"\'{}[],&*!|>%@`$='.split(''));
    const ref = fc.array(chars, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(fc.property(fc.nat(texts.length - 1), ref, fc.option(ref), (i, r, note) => {
      const text = texts[i] as string;
      const scan = locatePins(text);
      const local = readsBackLocally(text, scan.pins, scan.nodes, scan.pins, r, note ?? undefined);
      const full = locatePins(applyPins(text, scan.pins, r, note ?? undefined));
      const readsBack = !full.error && full.pins.length === scan.pins.length && full.pins.every((p) => p.value === r);
      return !local || readsBack;
    }), { numRuns: 300 });
  });
});
