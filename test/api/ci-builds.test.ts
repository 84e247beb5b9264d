// The Travis CI + AppVeyor trigger of `wheels-repo build` (issue #12) against the service double, in this
// process: the request bodies each service receives (Travis: branch, env.global entries, the merge mode
// that keeps .travis.yml; AppVeyor: account, project, branch, variables), one watcher following the
// Travis build of a request and the AppVeyor build to their end with the jobs of both and their log
// URLs, failures and cancellations, watchRun following that watcher, HTTP errors as UserErrors that
// name the service and the endpoint, and one retry of a failed GET (never of a POST).
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { appveyorState, CiBuildWatcher, travisEnvEntries, travisState, triggerAppVeyor, triggerTravis } from '../../src/api/ci-builds.js';
import type { Job, Run } from '../../src/api/actions.js';
import { watchRun } from '../../src/cli/watch.js';
import { isUserError, type UserError } from '../../src/core/errors.js';
import { ServiceDouble } from '../support/service-double.js';

const SLUG = 'explosion/demo-wheels';
const VARS = { BUILD_COMMIT: 'v1.0', BUILD_ID: 'demo-v1.0-wheels' };
let double: ServiceDouble;
let env: Record<string, string>;
let travisScript: ServiceDouble['ciBuilds']['travisScript'];
let appveyorScript: ServiceDouble['ciBuilds']['appveyorScript'];

before(async () => {
  double = await new ServiceDouble().start();
  env = double.env();
  travisScript = double.ciBuilds.travisScript;
  appveyorScript = double.ciBuilds.appveyorScript;
});
after(() => double.stop());
beforeEach(() => {
  double.seen.length = 0;
});
afterEach(() => {
  assert.deepEqual(double.invalid.splice(0), [], 'requests the services would refuse, or the client must not send');
  assert.deepEqual(double.faults.filter((f) => (f.times ?? 1) > 0), [], 'every injected fault was hit');
  double.faults.length = 0;
  double.ciBuilds.travisScript = travisScript;
  double.ciBuilds.appveyorScript = appveyorScript;
});

/** A UserError whose message matches `re` and whose hint matches `hint`; neither holds a token. */
const userError = (re: RegExp, hint?: RegExp) => (e: unknown) => {
  assert.ok(isUserError(e), String(e));
  const err = e as UserError;
  assert.match(err.message, re);
  if (hint) assert.match(err.hint ?? '', hint);
  for (const t of [double.travisToken, double.appveyorToken]) assert.ok(!`${err.message} ${err.hint}`.includes(t), 'a token in the message');
  return true;
};
const seen = (method: string, re: RegExp) => double.seen.filter((s) => s.method === method && re.test(s.path));

/** Starts both builds and returns a watcher of them. */
async function start(): Promise<CiBuildWatcher> {
  const { requestId } = await triggerTravis(env, SLUG, 'main', VARS, 'Build demo-v1.0-wheels');
  const { version } = await triggerAppVeyor(env, 'explosion', 'demo-wheels', 'main', VARS);
  return new CiBuildWatcher(env, { slug: SLUG, travisRequestId: requestId, appveyor: { account: 'explosion', slug: 'demo-wheels', version } });
}

/** Polls until the run completes (at most 30 polls), returning every answer. */
async function follow(w: CiBuildWatcher): Promise<Array<{ run: Run; jobs: Job[]; changed: boolean }>> {
  const polls = [];
  for (let i = 0; i < 30; i++) {
    const p = await w.poll();
    polls.push(p);
    if (p.run.status === 'completed') return polls;
  }
  assert.fail(`not completed after 30 polls: ${JSON.stringify(polls.at(-1))}`);
}

describe('triggering', () => {
  it('Travis: POST /repo/owner%2Fname/requests with the branch, the message, deep_merge_append and the variables as env.global entries', async () => {
    const { requestId } = await triggerTravis(env, SLUG, 'main', VARS, 'Build demo-v1.0-wheels');
    const post = seen('POST', /^\/travis\//);
    assert.deepEqual(post.map((s) => s.path), ['/travis/repo/explosion%2Fdemo-wheels/requests']);
    assert.deepEqual(JSON.parse(post[0]?.body ?? '{}'), {
      request: { branch: 'main', message: 'Build demo-v1.0-wheels', config: { merge_mode: 'deep_merge_append', env: { global: ["BUILD_COMMIT='v1.0'", "BUILD_ID='demo-v1.0-wheels'"] } } },
    });
    assert.equal(post[0]?.headers['travis-api-version'], '3');
    const got = double.ciBuilds.travisRequests.at(-1);
    assert.equal(requestId, got?.id);
    assert.deepEqual(got?.env, ["BUILD_COMMIT='v1.0'", "BUILD_ID='demo-v1.0-wheels'"]);
    assert.equal(got?.mergeMode, 'deep_merge_append');
  });

  it('Travis: a value Travis cannot carry (a quote) or a bad name is refused before anything is sent', async () => {
    await assert.rejects(triggerTravis(env, SLUG, 'main', { BUILD_COMMIT: "it's" }, 'm'), userError(/^The value of BUILD_COMMIT holds a quote/));
    await assert.rejects(triggerTravis(env, SLUG, 'main', { 'BUILD-ID': 'x' }, 'm'), userError(/^"BUILD-ID" is not an environment variable name/));
    assert.deepEqual(travisEnvEntries({ A: 'x y $HOME' }), ["A='x y $HOME'"]);
    assert.deepEqual(seen('POST', /./), []);
  });

  it('AppVeyor: POST /builds under /account/{account}/ with accountName, projectSlug, branch and environmentVariables', async () => {
    const got = await triggerAppVeyor(env, 'explosion', 'demo-wheels', 'main', VARS);
    const post = seen('POST', /^\/appveyor\//);
    assert.deepEqual(post.map((s) => s.path), ['/appveyor/account/explosion/builds']);
    assert.deepEqual(JSON.parse(post[0]?.body ?? '{}'), { accountName: 'explosion', projectSlug: 'demo-wheels', branch: 'main', environmentVariables: VARS });
    const b = double.ciBuilds.appveyorBuilds.at(-1);
    assert.deepEqual(b?.env, VARS);
    assert.equal(b?.pathAccount, 'explosion');
    assert.deepEqual(got, { version: b?.version, url: `${double.base}/appveyor/project/explosion/demo-wheels/builds/${b?.buildId}` });
  });
});

describe('following both builds', () => {
  it('queued while Travis has no build, in progress until both ended, then success; jobs of both services with their log URLs', async () => {
    // AppVeyor ends well after Travis: the run must wait for it
    double.ciBuilds.appveyorScript = () => ({ statuses: ['queued', ...Array(8).fill('running'), 'success'], jobs: [{ name: 'Environment: PYTHON=3.12', statuses: ['queued', ...Array(8).fill('running'), 'success'] }] });
    const polls = await follow(await start());
    const req = double.ciBuilds.travisRequests.at(-1);
    const build = req?.build ?? assert.fail('Travis made no build');
    const av = double.ciBuilds.appveyorBuilds.at(-1) ?? assert.fail();

    // the request shows its build on the third GET (hiddenFor 2): two polls queued, no Travis job yet
    assert.deepEqual(polls.slice(0, 2).map((p) => [p.run.status, p.run.id, p.run.htmlUrl]), Array(2).fill(['queued', 0, `${double.base}/travis/explosion/demo-wheels/requests`]));
    assert.deepEqual(polls[0]?.jobs.map((j) => j.name), ['AppVeyor Environment: PYTHON=3.12']);
    assert.equal(polls[0]?.changed, true);
    // Travis passed while AppVeyor was still running: the run was still in progress
    const travisDone = polls.find((p) => p.jobs.filter((j) => j.name.startsWith('Travis')).every((j) => j.conclusion === 'success') && p.jobs.length === 3);
    assert.equal(travisDone?.run.status, 'in_progress');
    assert.equal(travisDone?.jobs.find((j) => j.name.startsWith('AppVeyor'))?.status, 'in_progress');

    const last = polls.at(-1) ?? assert.fail();
    assert.deepEqual([last.run.status, last.run.conclusion, last.run.id, last.run.htmlUrl], ['completed', 'success', build.id, `${double.base}/travis/explosion/demo-wheels/builds/${build.id}`]);
    assert.equal(last.run.displayTitle, 'Build demo-v1.0-wheels');
    assert.deepEqual(last.jobs, [
      // in id order, though Travis lists a build's jobs newest first
      { id: build.jobs[0]?.id, name: 'Travis linux-x86_64-3.12', status: 'completed', conclusion: 'success', htmlUrl: `${double.base}/travis/explosion/demo-wheels/jobs/${build.jobs[0]?.id}` },
      { id: build.jobs[1]?.id, name: 'Travis macos-arm64-3.12', status: 'completed', conclusion: 'success', htmlUrl: `${double.base}/travis/explosion/demo-wheels/jobs/${build.jobs[1]?.id}` },
      { id: -1, name: 'AppVeyor Environment: PYTHON=3.12', status: 'completed', conclusion: 'success', htmlUrl: `${double.base}/appveyor/project/explosion/demo-wheels/build/job/${av.jobs[0]?.jobId}` },
    ]);
    assert.ok(polls.some((p) => p.run.status === 'in_progress' && p.jobs.some((j) => j.status === 'queued')), 'jobs were seen queued');
    // AppVeyor's build by version, under the account; the request is no longer asked for once it named its build
    assert.equal(seen('GET', new RegExp(`^/appveyor/account/explosion/projects/explosion/demo-wheels/build/${av.version.replace(/\./g, '\\.')}$`)).length, polls.length);
    assert.equal(seen('GET', /^\/travis\/repo\/explosion%2Fdemo-wheels\/request\/\d+$/).length, 3);
  });

  it('a poll after the end changes nothing', async () => {
    const w = await start();
    await follow(w);
    assert.equal((await w.poll()).changed, false);
  });

  it('a failed Travis job: the run fails, that job failed, the others as they ended', async () => {
    double.ciBuilds.travisScript = () => ({ hiddenFor: 0, build: ['started', 'failed'], jobs: [{ name: 'linux', states: ['started', 'passed'] }, { name: 'macos', states: ['started', 'failed'] }] });
    const last = (await follow(await start())).at(-1) ?? assert.fail();
    assert.deepEqual([last.run.status, last.run.conclusion], ['completed', 'failure']);
    assert.deepEqual(last.jobs.map((j) => [j.name, j.conclusion]), [['Travis linux', 'success'], ['Travis macos', 'failure'], ['AppVeyor Environment: PYTHON=C:\\Python312-x64', 'success']]);
  });

  it('AppVeyor cancelled: the run is cancelled, its job too', async () => {
    double.ciBuilds.appveyorScript = () => ({ statuses: ['running', 'cancelling', 'cancelled'], jobs: [{ name: '', statuses: ['running', 'cancelled'] }] });
    const last = (await follow(await start())).at(-1) ?? assert.fail();
    assert.deepEqual([last.run.status, last.run.conclusion], ['completed', 'cancelled']);
    assert.deepEqual(last.jobs.filter((j) => j.name.startsWith('AppVeyor')).map((j) => [j.name, j.status, j.conclusion]), [['AppVeyor job 1', 'completed', 'cancelled']]);
  });

  it('without an AppVeyor build: Travis alone decides', async () => {
    const { requestId } = await triggerTravis(env, SLUG, 'main', VARS, 'm');
    const last = (await follow(new CiBuildWatcher(env, { slug: SLUG, travisRequestId: requestId }))).at(-1) ?? assert.fail();
    assert.deepEqual([last.run.conclusion, last.jobs.length], ['success', 2]);
    assert.deepEqual(seen('GET', /^\/appveyor\//), []);
  });

  it('a request Travis rejected: a UserError pointing at the requests page', async () => {
    double.ciBuilds.travisScript = () => ({ ...travisScript(), hiddenFor: 0, rejected: true });
    const { requestId } = await triggerTravis(env, SLUG, 'main', VARS, 'm');
    await assert.rejects(new CiBuildWatcher(env, { slug: SLUG, travisRequestId: requestId }).poll(),
      userError(new RegExp(`^Travis CI rejected build request ${requestId} of explosion/demo-wheels\\.`), new RegExp(`${double.base}/travis/explosion/demo-wheels/requests`)));
  });

  it('watchRun follows it as it follows a GitHub run: a line per finished job with its log URL', async () => {
    const out: string[] = [];
    const got = await watchRun(await start(), { out: (t: string) => out.push(t), terminal: false }, { signal: new AbortController().signal, minDelay: 1, maxDelay: 2 });
    assert.equal(got.run.conclusion, 'success');
    const lines = out.join('').trim().split('\n');
    assert.deepEqual(lines.map((l) => l.replace(/\s+/g, ' ').replace(/\/\d+$|\/av\w+$/, '/ID')), [
      `success AppVeyor Environment: PYTHON=C:\\Python312-x64 ${double.base}/appveyor/project/explosion/demo-wheels/build/job/ID`,
      `success Travis linux-x86_64-3.12 ${double.base}/travis/explosion/demo-wheels/jobs/ID`,
      `success Travis macos-arm64-3.12 ${double.base}/travis/explosion/demo-wheels/jobs/ID`,
    ]);
  });
});

describe('states', () => {
  it('every Travis job state and AppVeyor status in the vocabulary watchRun reads', () => {
    const travis = ['created', 'queued', 'received', 'started', 'passed', 'failed', 'errored', 'canceled', 'configured'];
    assert.deepEqual(travis.map((s) => Object.values(travisState(s)).join(' ')), [
      'queued ', 'queued ', 'queued ', 'in_progress ', 'completed success', 'completed failure', 'completed failure', 'completed cancelled', 'queued ',
    ]);
    const appveyor = ['queued', 'starting', 'running', 'success', 'failed', 'cancelling', 'cancelled'];
    assert.deepEqual(appveyor.map((s) => Object.values(appveyorState(s)).join(' ')), [
      'queued ', 'queued ', 'in_progress ', 'completed success', 'completed failure', 'in_progress ', 'completed cancelled',
    ]);
  });
});

describe('errors', () => {
  it('AppVeyor refuses the key (401): a UserError naming AppVeyor and the endpoint', async () => {
    await assert.rejects(triggerAppVeyor({ ...env, APPVEYOR_TOKEN: 'v2.wrong' }, 'explosion', 'demo-wheels', 'main', VARS),
      userError(/^POST \/account\/explosion\/builds \(starting the AppVeyor build of main\) failed \(HTTP 401\): Unauthorized\.$/, /AppVeyor refused APPVEYOR_TOKEN/));
  });

  it('Travis answers a poll 401: a UserError naming Travis CI and the endpoint; a wrong token gets 403 login_required, as travis-api answers', async () => {
    const { requestId } = await triggerTravis(env, SLUG, 'main', VARS, 'm');
    double.faults.push({ method: 'GET', path: /^\/travis\/repo\//, status: 401, body: { '@type': 'error', error_type: 'login_required', error_message: 'login required' } });
    await assert.rejects(new CiBuildWatcher(env, { slug: SLUG, travisRequestId: requestId }).poll(),
      userError(new RegExp(`^GET /repo/explosion%2Fdemo-wheels/request/${requestId} \\(the build request, Travis CI\\) failed \\(HTTP 401\\): login required\\.$`), /Travis CI refused TRAVIS_TOKEN/));
    await assert.rejects(triggerTravis({ ...env, TRAVIS_TOKEN: 'wrong' }, SLUG, 'main', VARS, 'm'),
      userError(/^POST \/repo\/explosion%2Fdemo-wheels\/requests \(starting a Travis CI build of main\) failed \(HTTP 403\)/, /Travis CI refused TRAVIS_TOKEN for this repository/));
  });

  it('a 502 on a poll is retried once and the poll goes on; a broken connection too; a second 502 in a row is a UserError', async () => {
    const w = await start();
    double.faults.push({ method: 'GET', path: /^\/travis\/repo\/[^/]+\/request\/\d+$/, status: 502, body: { message: 'Bad gateway' } });
    double.faults.push({ method: 'GET', path: /^\/appveyor\/account\/explosion\/projects\//, reset: true });
    const before = double.seen.length;
    assert.equal((await w.poll()).run.status, 'queued');
    assert.equal(double.seen.length - before, 4, 'the 502 and its retry, the reset and its retry');
    double.faults.push({ method: 'GET', path: /^\/appveyor\/account\/explosion\/projects\//, status: 502, times: 2 });
    await assert.rejects(w.poll(), userError(/^GET \/account\/explosion\/projects\/explosion\/demo-wheels\/build\/[\d.]+ \(the AppVeyor build\) failed \(HTTP 502\)/, /The service failed/));
  });

  it('a 502 on a trigger is not retried (the build may have started): one POST, a UserError saying where to look', async () => {
    double.faults.push({ method: 'POST', path: /^\/travis\/repo\/[^/]+\/requests$/, status: 502 });
    const count = double.ciBuilds.travisRequests.length;
    await assert.rejects(triggerTravis(env, SLUG, 'main', VARS, 'm'),
      userError(/^POST \/repo\/explosion%2Fdemo-wheels\/requests \(starting a Travis CI build of main\) failed \(HTTP 502\)/, new RegExp(`It may have started anyway: look at ${double.base}/travis/explosion/demo-wheels/requests`)));
    assert.equal(seen('POST', /^\/travis\//).length, 1);
    assert.equal(double.ciBuilds.travisRequests.length, count);
  });
});
