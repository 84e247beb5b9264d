import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseBuildId, buildIdOfTitle, nextBuildId, parseBuildRef } from '../../src/core/build-id.js';

describe('build ids', () => {
  it('are <name>-<ref>-wheels, a "/" in the ref becoming "-"', () => {
    assert.equal(baseBuildId('cymem', 'v2.0.9'), 'cymem-v2.0.9-wheels');
    assert.equal(baseBuildId('scikit-image', 'maintenance/0.25.x'), 'scikit-image-maintenance-0.25.x-wheels');
  });

  it('a resubmission gets -2, then -3, skipping what is taken', () => {
    const base = 'cymem-v1-wheels';
    assert.equal(nextBuildId(base, new Set()), base);
    assert.equal(nextBuildId(base, new Set([base])), `${base}-2`);
    assert.equal(nextBuildId(base, new Set([base, `${base}-2`, `${base}-4`])), `${base}-3`);
  });

  it('reads the build id back from a run title the workflow\'s run-name made', () => {
    assert.equal(buildIdOfTitle('cymem-v1-wheels-2 (v1, workflow_dispatch on main)'), 'cymem-v1-wheels-2');
    assert.equal(buildIdOfTitle('Build wheels (BUILD_COMMIT, push on main)'), undefined);
  });

  it('download takes a run URL, a run id or a build id, and refuses anything else', () => {
    assert.deepEqual(parseBuildRef('https://github.com/explosion/cymem-wheels/actions/runs/123456'), { runId: 123456 });
    assert.deepEqual(parseBuildRef('https://ghe.example/o/r/actions/runs/7/job/9'), { runId: 7 });
    assert.deepEqual(parseBuildRef('987'), { runId: 987 });
    assert.deepEqual(parseBuildRef('cymem-v2.0.9-wheels-3'), { buildId: 'cymem-v2.0.9-wheels-3' });
    for (const bad of ['../x-wheels', 'cymem', 'a b-wheels', 'https://github.com/o/r/pull/1']) assert.ok('error' in parseBuildRef(bad), bad);
  });
});
