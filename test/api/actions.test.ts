// The GitHub Actions client of `wheels-repo build` / `download` (issue #12) against the service double,
// in this process: dispatch with and without run details, finding the dispatched run by its title,
// watching a run with conditional requests (304), artifacts and release assets downloaded through a
// redirect to storage that refuses the token, digests, broken transfers, 404s and 5xx retries. Every
// request body is checked against GitHub's OpenAPI description.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Octokit } from '@octokit/rest';
import {
  dispatchWorkflow, downloadArtifact, downloadReleaseAsset, findDispatchedRun, getRun, listArtifacts, releaseAssets, RunWatcher, runsWithTitle,
} from '../../src/api/actions.js';
import { createGitHub } from '../../src/api/github.js';
import { isUserError } from '../../src/core/errors.js';
import { done, IN_PROGRESS, QUEUED } from '../support/actions-double.js';
import { ServiceDouble } from '../support/service-double.js';

const r = { owner: 'explosion', repo: 'cymem-wheels' };
const WF = 'build-wheels.yml';
const RUNS = '/github/repos/explosion/cymem-wheels/actions/runs';
let double: ServiceDouble;
let gh: Octokit;
const logs: string[] = [];

before(async () => {
  double = await new ServiceDouble().start();
  double.addRepo(r.owner, r.repo);
  gh = await createGitHub({ token: double.token, log: (l) => logs.push(l), env: double.env() });
});
after(() => double.stop());
beforeEach(() => {
  double.seen.length = 0;
  double.actions.runDetails = true;
});
afterEach(() => {
  assert.deepEqual(double.invalid.splice(0), [], 'requests GitHub would refuse');
  assert.deepEqual(double.faults.filter((f) => (f.times ?? 1) > 0), [], 'every injected fault was hit');
  double.faults.length = 0;
});

/** A UserError whose message matches `re`. */
const userError = (re: RegExp) => (e: unknown) => isUserError(e) && re.test(e.message);
const requests = (prefix: string) => double.seen.filter((s) => s.path.startsWith(prefix));

describe('dispatch and the dispatched run', () => {
  it('with run details: GitHub answers 200 and the run id and page come back; the title carries the build id', async () => {
    const got = await dispatchWorkflow(gh, r, WF, 'main', { build_id: 'b-100', build_commit: 'v1.2.3' });
    const run = double.actions.runs.at(-1);
    assert.ok(run);
    assert.deepEqual(got, { runId: run.id, htmlUrl: `https://github.example/explosion/cymem-wheels/actions/runs/${run.id}` });
    assert.equal(run.title, 'b-100 (v1.2.3, workflow_dispatch on main)');
    const post = double.mutations().find((s) => s.path === `/github/repos/explosion/cymem-wheels/actions/workflows/${WF}/dispatches`);
    assert.deepEqual(JSON.parse(post?.body ?? '{}'), { ref: 'main', inputs: { build_id: 'b-100', build_commit: 'v1.2.3' }, return_run_details: true });
  });

  it('without run details (older servers: 204): {}, and findDispatchedRun finds the run by its title among others, once it is listed', async () => {
    double.actions.runDetails = false;
    double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: 'b-200 (v0.9, workflow_dispatch on main)', createdAt: '2026-01-01T00:00:00Z' }); // same id, before `since`
    double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: 'b-199 (v1.0, workflow_dispatch on main)' });
    double.actions.addRun(r.owner, r.repo, { event: 'push', title: 'b-200 mentioned in a commit message' });
    double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', workflow: 'other.yml', title: 'b-200 (v1.0, workflow_dispatch on main)' });
    const got = await dispatchWorkflow(gh, r, WF, 'main', { build_id: 'b-200', build_commit: 'v1.0' });
    assert.deepEqual(got, {});
    const dispatched = double.actions.runs.at(-1);
    assert.ok(dispatched);
    dispatched.hiddenFor = 1; // a new run takes a moment to appear in lists
    double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: 'b-201 (v1.0, workflow_dispatch on main)' }); // a newer one

    const since = new Date('2026-11-01T00:00:00.250Z');
    assert.equal(await findDispatchedRun(gh, r, WF, since, 'b-200 ('), undefined, 'not listed yet');
    const found = await findDispatchedRun(gh, r, WF, since, 'b-200 (');
    assert.deepEqual(found, {
      id: dispatched.id, status: 'queued', conclusion: null, htmlUrl: `https://github.example/explosion/cymem-wheels/actions/runs/${dispatched.id}`,
      displayTitle: 'b-200 (v1.0, workflow_dispatch on main)', createdAt: dispatched.createdAt, headBranch: 'main', event: 'workflow_dispatch',
    });
    const list = requests(`/github/repos/explosion/cymem-wheels/actions/workflows/${WF}/runs?`).at(-1);
    const query = new URLSearchParams(list?.path.split('?')[1]);
    assert.equal(query.get('event'), 'workflow_dispatch');
    assert.equal(query.get('created'), '>=2026-11-01T00:00:00Z');
  });

  it('runsWithTitle pages through recent dispatch runs (a build id in use is found on page 2 too)', async () => {
    const old = double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: 'dup-1 (v1, workflow_dispatch on main)' });
    for (let i = 0; i < 120; i++) double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: `filler-${i} (v1, workflow_dispatch on main)` });
    const recent = double.actions.addRun(r.owner, r.repo, { event: 'workflow_dispatch', title: 'dup-1 (v2, workflow_dispatch on main)' });
    const runs = await runsWithTitle(gh, r, WF, 'dup-1 (');
    assert.deepEqual(runs.map((x) => x.id), [recent.id, old.id]);
    assert.ok(requests(`/github/repos/explosion/cymem-wheels/actions/workflows/${WF}/runs?`).some((s) => /[?&]page=2\b/.test(s.path)), 'page 2 was read');
    assert.deepEqual(await runsWithTitle(gh, r, WF, 'dup-2'), []);
  });

  it('a dispatch with an input the workflow does not declare: a UserError naming the endpoint', async () => {
    await assert.rejects(dispatchWorkflow(gh, r, WF, 'main', { build_idd: 'x' }), userError(/^POST \/repos\/explosion\/cymem-wheels\/actions\/workflows\/build-wheels\.yml\/dispatches .*failed \(HTTP 422\): Unexpected inputs/));
  });
});

describe('RunWatcher', () => {
  it('sees queued → in_progress → completed, jobs with their own progression; a poll with nothing new is answered 304', async () => {
    const run = double.actions.addRun(r.owner, r.repo, {
      steps: [QUEUED, IN_PROGRESS, IN_PROGRESS, done('failure')],
      jobs: [{ name: 'linux', steps: [QUEUED, IN_PROGRESS, done()] }, { name: 'macos', steps: [QUEUED, QUEUED, IN_PROGRESS, done('failure')] }],
    });
    const [linux, macos] = run.jobs;
    const watcher = new RunWatcher(gh, r, run.id);
    const seen: string[] = [];
    const changes: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await watcher.poll();
      seen.push(`${p.run.status}/${p.run.conclusion} ${p.jobs.map((j) => `${j.name}:${j.status}/${j.conclusion}`).join(' ')}`);
      changes.push(p.changed);
      if (i === 4) {
        assert.deepEqual(p.jobs, [
          { id: linux?.id, name: 'linux', status: 'completed', conclusion: 'success', htmlUrl: `https://github.example/explosion/cymem-wheels/actions/runs/${run.id}/job/${linux?.id}` },
          { id: macos?.id, name: 'macos', status: 'completed', conclusion: 'failure', htmlUrl: `https://github.example/explosion/cymem-wheels/actions/runs/${run.id}/job/${macos?.id}` },
        ]);
      }
    }
    assert.deepEqual(seen, [
      'queued/null linux:queued/null macos:queued/null',
      'in_progress/null linux:in_progress/null macos:queued/null',
      'in_progress/null linux:completed/success macos:in_progress/null',
      'completed/failure linux:completed/success macos:completed/failure',
      'completed/failure linux:completed/success macos:completed/failure',
    ]);
    assert.deepEqual(changes, [true, true, true, true, false]);
    // polls 2-5 are conditional; the run's third state repeats its second, and poll 5 changes nothing
    const conditional = double.actions.conditional.filter((c) => c.path.startsWith(`/repos/explosion/cymem-wheels/actions/runs/${run.id}`));
    assert.deepEqual(conditional.map((c) => `${c.path.includes('/jobs') ? 'jobs' : 'run'} ${c.status}`), [
      'run 200', 'jobs 200', 'run 304', 'jobs 200', 'run 200', 'jobs 200', 'run 304', 'jobs 304',
    ]);
    assert.equal(requests(`${RUNS}/${run.id}`).length, 10, 'two requests a poll');
  });
});

describe('artifacts', () => {
  const zip = randomBytes(64 * 1024);
  const hex = createHash('sha256').update(zip).digest('hex');

  it('are listed with their digest (or null)', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    const a = double.actions.addArtifact(run, 'wheels-linux', zip);
    const b = double.actions.addArtifact(run, 'wheels-old', Buffer.from('old'), null);
    assert.deepEqual(await listArtifacts(gh, r, run.id), [
      { id: a.id, name: 'wheels-linux', sizeInBytes: zip.length, expired: false, digest: `sha256:${hex}` },
      { id: b.id, name: 'wheels-old', sizeInBytes: 3, expired: false, digest: null },
    ]);
  });

  it('download through the redirect; the storage sees no token (and would refuse one)', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    const a = double.actions.addArtifact(run, 'wheels-linux', zip);
    const [artifact] = await listArtifacts(gh, r, run.id);
    assert.ok(artifact);
    assert.deepEqual(Buffer.from(await downloadArtifact(gh, r, artifact)), zip);
    const api = requests(`/github/repos/explosion/cymem-wheels/actions/artifacts/${a.id}/zip`);
    assert.equal(api.length, 1);
    assert.equal(api[0]?.headers.authorization, `token ${double.token}`);
    const blob = requests(`/blob/artifact/${a.id}?`);
    assert.equal(blob.length, 1);
    assert.equal(blob[0]?.headers.authorization, undefined, 'no token at the storage URL');
    // the storage would have refused the token: the check above guards a real failure
    const withToken = await fetch(`${double.base}${blob[0]?.path}`, { headers: { authorization: `token ${double.token}` } });
    assert.equal(withToken.status, 403);
  });

  it('a digest mismatch: a UserError naming the artifact', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    double.actions.addArtifact(run, 'wheels-macos', zip, `sha256:${'0'.repeat(64)}`);
    const [artifact] = await listArtifacts(gh, r, run.id);
    assert.ok(artifact);
    await assert.rejects(downloadArtifact(gh, r, artifact), userError(new RegExp(`^Artifact wheels-macos \\(id ${artifact.id}\\) does not match its digest: .*sha256:${hex}`)));
  });

  it('an expired artifact: a UserError naming it, and no download is asked for', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    double.actions.addArtifact(run, 'wheels-2025', zip).expired = true;
    const [artifact] = await listArtifacts(gh, r, run.id);
    assert.equal(artifact?.expired, true);
    await assert.rejects(downloadArtifact(gh, r, artifact ?? assert.fail()), userError(/^Artifact wheels-2025 has expired/));
    assert.deepEqual(requests('/github/repos/explosion/cymem-wheels/actions/artifacts/'), []);
  });

  it('a transfer cut short is tried again (with a fresh storage URL), then succeeds; cut every time, it fails naming the artifact', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    const a = double.actions.addArtifact(run, 'wheels-windows', zip);
    const [artifact] = await listArtifacts(gh, r, run.id);
    assert.ok(artifact);
    double.faults.push({ method: 'GET', path: /^\/blob\/artifact\//, truncate: true });
    assert.deepEqual(Buffer.from(await downloadArtifact(gh, r, artifact)), zip);
    const blob = requests(`/blob/artifact/${a.id}?`);
    assert.equal(blob.length, 2);
    assert.notEqual(blob[0]?.path, blob[1]?.path, 'each attempt asks the API for a new URL');
    assert.equal(requests(`/github/repos/explosion/cymem-wheels/actions/artifacts/${a.id}/zip`).length, 2);

    double.faults.push({ method: 'GET', path: /^\/blob\/artifact\//, truncate: true, times: 2 });
    await assert.rejects(downloadArtifact(gh, r, artifact, { attempts: 2 }), userError(/^Downloading artifact wheels-windows \(GET \/repos\/explosion\/cymem-wheels\/actions\/artifacts\/\d+\/zip\) failed after 2 attempts: the transfer broke/));
  });

  it('a short transfer (fewer bytes than content-length, no error) is tried again', async () => {
    const run = double.actions.addRun(r.owner, r.repo);
    double.actions.addArtifact(run, 'wheels-short', zip);
    const [artifact] = await listArtifacts(gh, r, run.id);
    assert.ok(artifact);
    let calls = 0;
    const shortOnce: typeof fetch = async (input, init) => {
      calls++;
      return calls === 1 ? new Response(zip.subarray(0, 1000), { headers: { 'content-length': String(zip.length) } }) : fetch(input, init);
    };
    assert.deepEqual(Buffer.from(await downloadArtifact(gh, r, artifact, { fetchImpl: shortOnce })), zip);
    assert.equal(calls, 2);
  });
});

describe('releases', () => {
  it('assets are listed with their digest and downloaded as octet-stream through the redirect, without the token at storage', async () => {
    const wheel = randomBytes(5000);
    const sdist = randomBytes(3000);
    const rel = double.actions.addRelease(r.owner, r.repo, 'v1.2.3', [{ name: 'cymem-1.2.3-cp312-manylinux.whl', bytes: wheel }, { name: 'cymem-1.2.3.tar.gz', bytes: sdist }]);
    const assets = await releaseAssets(gh, r, 'v1.2.3');
    assert.deepEqual(assets, rel.assets.map((a) => ({ id: a.id, name: a.name, size: a.bytes.length, digest: `sha256:${createHash('sha256').update(a.bytes).digest('hex')}` })));
    assert.deepEqual(Buffer.from(await downloadReleaseAsset(gh, r, rel.assets[0]?.id ?? 0)), wheel);
    assert.deepEqual(Buffer.from(await downloadReleaseAsset(gh, r, rel.assets[1]?.id ?? 0)), sdist);
    const api = requests('/github/repos/explosion/cymem-wheels/releases/assets/');
    assert.deepEqual(api.map((s) => s.headers.accept), ['application/octet-stream', 'application/octet-stream']);
    const blob = requests('/blob/asset/');
    assert.equal(blob.length, 2);
    assert.deepEqual(blob.map((s) => s.headers.authorization), [undefined, undefined]);
  });

  it('no such release: undefined; another failure: a UserError naming the endpoint', async () => {
    assert.equal(await releaseAssets(gh, r, 'v9.9.9'), undefined);
    assert.ok(requests('/github/repos/explosion/cymem-wheels/releases/tags/v9.9.9').length === 1, 'the tag was asked for');
    double.faults.push({ method: 'GET', path: /\/releases\/tags\/v9\.9\.9$/, status: 403, body: { message: 'Resource not accessible by integration' } });
    await assert.rejects(releaseAssets(gh, r, 'v9.9.9'), userError(/^GET \/repos\/explosion\/cymem-wheels\/releases\/tags\/v9\.9\.9 failed \(HTTP 403\)/));
  });
});

describe('failures', () => {
  it('a 502 on GET run is retried', async () => {
    const run = double.actions.addRun(r.owner, r.repo, { steps: [IN_PROGRESS] });
    double.faults.push({ method: 'GET', path: new RegExp(`/actions/runs/${run.id}$`), status: 502, body: { message: 'Bad gateway' } });
    const got = await getRun(gh, r, run.id);
    assert.equal(got.id, run.id);
    assert.equal(got.status, 'in_progress');
    assert.equal(requests(`${RUNS}/${run.id}`).length, 2, 'the 502, then the answer');
  });

  it('an unknown run: a UserError naming the endpoint', async () => {
    await assert.rejects(getRun(gh, r, 1), userError(/^GET \/repos\/explosion\/cymem-wheels\/actions\/runs\/1 failed \(HTTP 404\)/));
  });
});
