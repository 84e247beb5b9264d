// The Yeoman bundle holds what a generation runs and nothing it never calls (issue #15): its size is
// checked here, and the packages scripts/bundle.mjs leaves out are replaced by modules that throw
// when called, so a future use fails loudly instead of silently.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/checks.js';

const BUNDLE = join(ROOT, 'dist/yeoman/lib/bundle.js');

describe('the Yeoman bundle', () => {
  it('stays under 1.6 MB (2.6 MB with the packages a generation never calls)', () => {
    const size = statSync(BUNDLE).size;
    assert.ok(size < 1.6 * 1024 * 1024, `${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('holds no code of the packages left out, only their throwing stand-ins', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const name of ['iconv-lite', 'chardet', 'execa', 'simple-git', 'globby']) {
      assert.ok(text.includes(`${name} was left out of the bundle by scripts/bundle.mjs, but it was called`), `${name}: no stand-in`);
    }
    // strings of their own code, present in the bundle before they were left out
    for (const [name, own] of [['execa', 'Command failed with'], ['iconv-lite', 'UTF-16LE']]) {
      assert.ok(!text.includes(own as string), `${name}'s code is bundled (${own})`);
    }
  });
});
