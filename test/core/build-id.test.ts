import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { baseBuildId, buildIdOfTitle, buildRefOfTitle, nextBuildId, parseBuildRef, titlePrefix } from '../../src/core/build-id.js';
import { checkRef } from '../../src/core/rules.js';
import { ROOT } from '../support/checks.js';

/** Refs checkRef accepts, with every character it allows outside [A-Za-z0-9._-]. */
const REFS = ['v1.0+post', 'v1.0+local.7', 'maintenance/0.25.x', 'a+b/c+d', 'feature/x+y/z', '3f2c1ab', 'v2.0.0rc1', 'main', 'a_b-c.d'];

describe('build ids', () => {
  it('are <name>-<ref>-wheels, a "/" in the ref becoming "-"', () => {
    assert.equal(baseBuildId('cymem', 'v2.0.9'), 'cymem-v2.0.9-wheels');
    assert.equal(baseBuildId('scikit-image', 'maintenance/0.25.x'), 'scikit-image-maintenance-0.25.x-wheels');
  });

  it('every character of the ref outside [A-Za-z0-9._-] becomes "-" ("+" too, which checkRef allows)', () => {
    assert.equal(baseBuildId('x', 'v1.0+post'), 'x-v1.0-post-wheels');
    assert.equal(baseBuildId('x', 'a+b/c'), 'x-a-b-c-wheels');
  });

  it('round trip: the id build prints (and its -2, -3) is one download takes back', () => {
    for (const ref of REFS) {
      assert.equal(checkRef(ref), null, ref);
      const base = baseBuildId('scikit-image', ref);
      for (const id of [base, nextBuildId(base, new Set([base]))]) {
        assert.deepEqual(parseBuildRef(id), { buildId: id }, ref);
        assert.equal(buildIdOfTitle(`${id} (${ref}, workflow_dispatch on main)`), id, ref);
      }
    }
  });

  it('agrees with ci/stage-upload.sh (Travis CI + AppVeyor), which names the release from BUILD_ID: bash changes no id', () => {
    // the very line of the template, run by bash: the release it stages into is the build id
    const line = readFileSync(join(ROOT, 'templates/travis-appveyor/ci/stage-upload.sh.ejs'), 'utf8').split('\n').find((l) => l.includes('release="${BUILD_ID//'));
    assert.ok(line, 'stage-upload.sh names the release from BUILD_ID');
    for (const ref of REFS) {
      const id = baseBuildId('cymem', ref);
      const raw = `cymem-${ref}-wheels`;
      for (const given of [id, raw]) {
        const script = `set -eu\n${line}\nprintf %s "$release"`;
        const staged: SpawnSyncReturns<string> = spawnSync('bash', ['-c', script], { env: { BUILD_ID: given, LC_ALL: 'C' }, encoding: 'utf8' });
        assert.equal(staged.status, 0, staged.stderr);
        assert.equal(staged.stdout, id, `${given}: stage-upload.sh stages into ${staged.stdout}, build looks for ${id}`);
      }
    }
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

  it('titlePrefix names one build, not its resubmission; buildRefOfTitle reads the ref a dispatch built', () => {
    const title = 'cymem-v1-wheels-2 (v1, workflow_dispatch on main)';
    assert.ok(!title.startsWith(titlePrefix('cymem-v1-wheels')));
    assert.ok(title.startsWith(titlePrefix('cymem-v1-wheels-2')));
    assert.equal(buildRefOfTitle(title), 'v1');
    assert.equal(buildRefOfTitle('cymem-v1-wheels (maintenance/1.x, workflow_dispatch on main)'), 'maintenance/1.x');
    for (const t of ['Build wheels (BUILD_COMMIT, push on main)', 'cymem-main-wheels (BUILD_COMMIT, push on main)', 'cymem-x-wheels (nightly, schedule on main)']) assert.equal(buildRefOfTitle(t), undefined, t);
  });

  it('download takes a run URL, a run id or a build id, and refuses anything else', () => {
    assert.deepEqual(parseBuildRef('https://github.com/explosion/cymem-wheels/actions/runs/123456'), { runId: 123456 });
    assert.deepEqual(parseBuildRef('https://ghe.example/o/r/actions/runs/7/job/9'), { runId: 7 });
    assert.deepEqual(parseBuildRef('987'), { runId: 987 });
    assert.deepEqual(parseBuildRef('cymem-v2.0.9-wheels-3'), { buildId: 'cymem-v2.0.9-wheels-3' });
    for (const bad of ['../x-wheels', 'cymem', 'a b-wheels', 'https://github.com/o/r/pull/1']) assert.ok('error' in parseBuildRef(bad), bad);
  });
});
