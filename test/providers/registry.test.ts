import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPTIONS } from '../../src/answers/schema.js';
import { LAYOUTS, layoutFor } from '../../src/providers/registry.js';

describe('the layout registry', () => {
  it('--ci offers exactly the registered layouts, the first as the default', () => {
    const ci = OPTIONS.find((o) => o.key === 'ci');
    assert.deepEqual(ci?.choices?.map((c) => c.value), LAYOUTS.map((l) => l.id));
    assert.equal(ci?.fallback?.({}), LAYOUTS[0]?.id);
  });

  it('the layout-dependent defaults come from the layout', () => {
    const platforms = OPTIONS.find((o) => o.key === 'platforms');
    const publish = OPTIONS.find((o) => o.key === 'publish');
    for (const l of LAYOUTS) {
      assert.deepEqual(platforms?.fallback?.({ ci: l.id }), l.defaultPlatforms());
      assert.equal(publish?.fallback?.({ ci: l.id }), l.defaultPublish);
    }
  });

  it('looks layouts up by id and refuses an unknown one', () => {
    assert.equal(layoutFor('travis-appveyor').id, 'travis-appveyor');
    assert.throws(() => layoutFor('jenkins'), /no layout jenkins/);
  });
});
