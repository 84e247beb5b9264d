// The shape issue #11 asks of every generated workflow: a timeout on every job, a run name that
// carries the build id, the release gate's conditions, the test image and exact macOS installer of
// every multibuild job, and Dependabot for the action pins and the submodule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { loadPins } from '../../src/io/package-files.js';
import { generateFiles } from '../../src/repo/generation.js';

interface Job { 'timeout-minutes'?: number; if?: string; needs?: string[]; strategy?: { matrix: { include: Array<Record<string, string>> } }; steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }
interface Workflow { 'run-name': string; concurrency: { group: string; 'cancel-in-progress': string }; on: { workflow_dispatch: { inputs: Record<string, unknown> } }; jobs: Record<string, Job> }

function files(given: RawAnswers): Map<string, string> {
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return new Map(generateFiles(r.answers).files.map((f) => [f.path, f.content]));
}
const workflow = (given: RawAnswers) => parse(files(given).get('.github/workflows/build-wheels.yml') as string) as Workflow;

const SETS: RawAnswers[] = [{}, { engine: 'cibuildwheel', nightly: '0 3 * * *' }, { staging: 'anaconda', anacondaOrg: 'o', nightly: '0 3 * * *', publish: 'none' }];

describe('every generated workflow', () => {
  for (const given of SETS) {
    it(`${JSON.stringify(given)}: a timeout on every job, the build id in the run name`, () => {
      const wf = workflow(given);
      for (const [id, job] of Object.entries(wf.jobs)) assert.ok((job['timeout-minutes'] ?? 0) > 0 && (job['timeout-minutes'] ?? 0) <= 360, id);
      assert.match(wf['run-name'], /inputs\.build_id/);
      // a pending run is cancelled by the next one in its group: every build id gets its own group
      assert.match(wf.concurrency.group, /\$\{\{ inputs\.build_id \}\}$/);
      assert.equal(wf.concurrency['cancel-in-progress'], "${{ github.event_name == 'pull_request' }}");
      assert.deepEqual(Object.keys(wf.on.workflow_dispatch.inputs), ['build_commit', 'build_id']);
    });
  }

  it('publishes only for a v* tag pushed to this repository, after the version check, with no manual way in', () => {
    const wf = workflow({});
    const pub = wf.jobs.publish as Job;
    assert.equal(pub.if, "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v') && github.repository == 'explosion/cymem-wheels'");
    const steps = pub.steps.map((s) => s.uses?.split('@')[0] ?? s.run ?? '');
    assert.ok(steps.findIndex((s) => s.includes('ci/check-version.py')) < steps.indexOf('pypa/gh-action-pypi-publish'), steps.join(' | '));
    assert.equal(JSON.stringify(wf).includes('inputs.publish'), false);
  });

  it('nightly builds go to the nightly area only; the staging area and PyPI never see them', () => {
    const wf = workflow({ nightly: '0 3 * * *', nightlyOrg: 'my-nightlies' });
    assert.equal(wf.jobs.nightly?.if, "github.event_name == 'schedule'");
    const upload = wf.jobs.nightly?.steps.find((s) => s.uses?.startsWith('scientific-python/upload-nightly-action@'));
    assert.equal(upload?.uses, `scientific-python/upload-nightly-action@${loadPins().actions.uploadNightly?.ref}`);
    assert.equal(upload?.with?.anaconda_nightly_upload_organization, 'my-nightlies');
    assert.match(wf.jobs.stage?.if ?? '', /github\.event_name != 'schedule'/);
    assert.doesNotMatch(wf.jobs.publish?.if ?? '', /schedule/);
  });

  it('multibuild jobs test Linux wheels in the manylinux/musllinux image and install the exact macOS build', () => {
    const pins = loadPins();
    const wf = workflow({ python: '3.14,3.15' });
    for (const m of wf.jobs.build_posix?.strategy?.matrix.include ?? []) {
      if (m.os_name === 'linux') {
        assert.equal(m.test_image, pins.testImages[`${m.ml_libc}${m.ml_ver}_${m.plat}`], m.id);
        assert.match(m.test_image ?? '', /^quay\.io\/pypa\/(manylinux_2_28|musllinux_1_2)_(x86_64|aarch64)$/);
      } else {
        assert.equal(m.mb_python, pins.macpython[m.python as string], m.id);
        assert.match(m.mb_python ?? '', /^\d+\.\d+\.\d+(rc\d+)?$/);
      }
    }
  });

  it('Dependabot watches the action pins, and the multibuild submodule where there is one', () => {
    const eco = (given: RawAnswers) => (parse(files(given).get('.github/dependabot.yml') as string) as { version: number; updates: Array<{ 'package-ecosystem': string; directory: string }> });
    assert.deepEqual(eco({}).updates.map((u) => [u['package-ecosystem'], u.directory]), [['github-actions', '/'], ['gitsubmodule', '/']]);
    assert.deepEqual(eco({ engine: 'cibuildwheel' }).updates.map((u) => u['package-ecosystem']), ['github-actions']);
    assert.equal(eco({}).version, 2);
  });

  it('refuses free-threaded CPython and windows-arm64 with multibuild, naming cibuildwheel', () => {
    for (const [given, flag] of [[{ python: '3.14t' }, 'python'], [{ platforms: 'windows-arm64' }, 'platforms']] as const) {
      for (const ci of ['github-actions', 'travis-appveyor']) {
        const r = resolveAnswers({ name: 'x', repoUrl: 'https://github.com/o/x', ci, ...given });
        assert.ok(!r.ok);
        const p = r.problems.find((x) => x.flag === flag);
        assert.match(p?.message ?? '', /needs (--ci github-actions )?--engine cibuildwheel/, `${ci} ${flag}`);
      }
    }
  });
});
