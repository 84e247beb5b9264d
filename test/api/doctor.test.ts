// wheels-repo doctor (issue #13) against the local GitHub double: a repository set up by
// create-wheels-repo --github passes; then each fault, one at a time, fails exactly its check, with a
// fix that, run as printed (or as the steps it names), makes doctor pass again. --json is validated
// against the committed schema; a hand-made scipy-wheels-style repository gets the file checks.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { securePlaceholder } from '../../src/core/render.js';
import { done, type DoubleRun } from '../support/actions-double.js';
import { ROOT } from '../support/checks.js';
import { ServiceDouble } from '../support/service-double.js';
import { REMOTE_CONCURRENCY } from '../../src/cli/doctor-remote.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const ANACONDA = 'anaconda-token-for-doctor';
let double: ServiceDouble;
let dir = '';
let home = '';

interface Report { ok: boolean; remote: string; checks: Array<{ id: string; status: string; section: string; fix?: string; detail?: string }> }

function env(): NodeJS.ProcessEnv {
  // git talks to the double's git server with the token, as a credential helper would give it
  const auth = `Authorization: Basic ${Buffer.from(`x-access-token:${double.token}`).toString('base64')}`;
  return {
    ...double.env({ ANACONDA_TOKEN: ANACONDA }), PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: auth,
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid',
  };
}

function exec(cmd: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const bin = (args: string[], cwd = dir) => exec(process.execPath, [WHEELS_REPO, ...args], cwd);
/** A fix as the user would type it, in bash (`wheels-repo` is the built bin). */
const runFix = (fix: string) => exec('bash', ['--norc', '-c', `wheels-repo() { "${process.execPath}" "${WHEELS_REPO}" "$@"; }; ${fix}`], dir);

async function doctor(args: string[] = []): Promise<{ status: number | null; report: Report }> {
  const r = await bin(['doctor', '--json', ...args]);
  assert.ok(r.stdout.startsWith('{'), r.stdout + r.stderr);
  return { status: r.status, report: JSON.parse(r.stdout) as Report };
}

const failing = (r: Report) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: env() as NodeJS.ProcessEnv });

before(async () => {
  double = await new ServiceDouble().start();
  home = mkdtempSync(join(tmpdir(), 'cwr-doctor-home-'));
  double.pypiProjects.set('demo', '1.0');
  double.pypiProvenance.set('demo-1.0.tar.gz', { kind: 'GitHub', repository: 'explosion/demo-wheels', workflow: 'build-wheels.yml' });
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-doctor-'));
  const made = await exec(process.execPath, [CREATE, '--yes', '--github', '--name', 'demo', '--repo-url', 'https://github.com/explosion/demo', '--staging', 'anaconda', '--anaconda-org', 'explosion', 'repo'], cwd);
  assert.equal(made.status, 0, made.stdout + made.stderr);
  dir = join(cwd, 'repo');
  double.actions.addRun('explosion', 'demo-wheels', { title: 'Build wheels (BUILD_COMMIT, push on main)', steps: [done()] });
});
after(() => double.stop());
afterEach(() => assert.deepEqual(double.invalid.splice(0), [], 'request bodies GitHub would refuse'));

describe('wheels-repo doctor', () => {
  it('passes on a repository set up by create-wheels-repo --github; --json matches its schema', async () => {
    const { status, report } = await doctor();
    assert.equal(status, 0, JSON.stringify(report, null, 1));
    assert.equal(report.remote, 'checked');
    assert.deepEqual(failing(report), []);
    for (const id of ['answers', 'ci-files', 'config-sh', 'pins', 'gitlink', 'action-pins', 'generated-files', 'repository', 'workflow', 'secrets', 'variables', 'pypi-environment', 'last-run', 'pypi']) {
      assert.ok(report.checks.some((c) => c.id === id && c.status === 'pass'), `${id} passes`);
    }
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/doctor-report.schema.json'), 'utf8')) as object;
    const validate = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } })({ strict: true }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.match(report.checks.find((c) => c.id === 'pypi')?.detail ?? '', /^latest release 1\.0, published by explosion\/demo-wheels's build-wheels\.yml$/);
    const human = await bin(['doctor']);
    assert.match(human.stdout, /^ok {4}BUILD_COMMIT pins agree: 1 pin at main$/m);
    assert.match(human.stdout, /No problem found\.\n$/);
    // grouped under headings, in this order, each check under its own; the same name in --json
    const headings = human.stdout.split('\n').filter((l) => /^[A-Z]/.test(l) && !/^(FAIL|No problem|Remote checks)/.test(l));
    assert.deepEqual(headings, ['Files', 'GitHub', 'PyPI']);
    assert.match(human.stdout, /^GitHub\nok {4}GitHub repository and origin: /m);
    assert.match(human.stdout, /^PyPI\nok {4}demo on PyPI: /m);
    assert.match(human.stdout, /\n\nRemote checks done\.\nNo problem found\.\n$/);
    assert.doesNotMatch(human.stdout, /remote checks checked/i);
    const sections = new Map(report.checks.map((c) => [c.id, c.section]));
    assert.equal(sections.get('pins'), 'Files');
    assert.equal(sections.get('secrets'), 'GitHub');
    assert.equal(sections.get('pypi'), 'PyPI');
  });

  const faults: Array<{ what: string; id: string; fault: () => void | Promise<void>; fix?: (printed: string) => Promise<void> }> = [
    { what: 'a secret deleted', id: 'secrets', fault: () => void double.repos.get('explosion/demo-wheels')?.secrets.delete('ANACONDA_TOKEN') },
    { what: 'the environment deleted', id: 'pypi-environment', fault: () => void double.repos.get('explosion/demo-wheels')?.environments.delete('pypi') },
    { what: 'the environment unprotected', id: 'pypi-environment', fault: () => void double.repos.get('explosion/demo-wheels')?.environments.set('pypi', { custom: false, policies: [] }) },
    { what: 'a variable deleted', id: 'variables', fault: () => void double.repos.get('explosion/demo-wheels')?.variables.delete('ANACONDA_ORG') },
    { what: 'origin pointing elsewhere', id: 'repository', fault: () => void git('remote', 'set-url', 'origin', 'https://github.com/someone/else-wheels.git') },
    { what: 'a YAML file broken by hand', id: 'ci-files', fault: () => writeFileSync(join(dir, '.github/workflows/build-wheels.yml'), `${readFileSync(join(dir, '.github/workflows/build-wheels.yml'), 'utf8')}\n  bad: [unclosed\n`) },
    {
      what: 'an action pin downgraded', id: 'action-pins',
      fault: () => {
        const path = join(dir, '.github/workflows/build-wheels.yml');
        writeFileSync(path, readFileSync(path, 'utf8').replace(/actions\/checkout@[0-9a-f]{40}/g, `actions/checkout@${'2'.repeat(40)}`));
      },
    },
    { what: 'a generated file deleted', id: 'generated-files', fault: () => rmSync(join(dir, 'README.md')) },
    {
      what: 'the last run failed', id: 'last-run',
      fault: () => void double.actions.addRun('explosion', 'demo-wheels', { title: 'Build wheels (BUILD_COMMIT, push on main)', steps: [done('failure')] }),
      // the fix: read the log, then build again: a new run that passes
      fix: async () => void double.actions.addRun('explosion', 'demo-wheels', { title: 'Build wheels (BUILD_COMMIT, push on main)', steps: [done()] }),
    },
    {
      what: 'the workflow file deleted on the default branch', id: 'workflow',
      fault: async () => {
        // someone else's clone removes it and pushes; this clone still has it
        const other = mkdtempSync(join(tmpdir(), 'cwr-doctor-other-'));
        for (const args of [['clone', '-q', git('remote', 'get-url', 'origin').stdout.trim(), 'c'], ['-C', 'c', 'rm', '-q', '.github/workflows/build-wheels.yml'], ['-C', 'c', 'commit', '-qm', 'Remove the workflow'], ['-C', 'c', 'push', '-q', 'origin', 'HEAD:main']]) {
          const r = await exec('git', args, other);
          assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
        }
      },
    },
    {
      what: 'Actions disabled', id: 'workflow',
      fault: () => void ((double.repos.get('explosion/demo-wheels') as { actionsEnabled?: boolean }).actionsEnabled = false),
      // the fix is a switch in GitHub's settings
      fix: async () => void ((double.repos.get('explosion/demo-wheels') as { actionsEnabled?: boolean }).actionsEnabled = true),
    },
  ];

  for (const f of faults) {
    it(`${f.what}: fails the ${f.id} check alone, and its fix makes doctor pass again`, async () => {
      const snapshot = join(mkdtempSync(join(tmpdir(), 'cwr-doctor-keep-')), 'repo');
      cpSync(dir, snapshot, { recursive: true });
      try {
      await f.fault();
      const broken = await doctor();
      assert.equal(broken.status, 1, JSON.stringify(broken.report.checks));
      assert.deepEqual(failing(broken.report), [f.id]);
      const check = broken.report.checks.find((c) => c.id === f.id);
      assert.ok(check?.fix, `${f.id} names a fix`);
      if (f.fix) await f.fix(check.fix);
      else {
        const fixed = await runFix(check.fix);
        assert.equal(fixed.status, 0, `${check.fix}\n${fixed.stdout}${fixed.stderr}`);
      }
      const again = await doctor();
      assert.deepEqual(failing(again.report), [], `after: ${check.fix}\n${JSON.stringify(again.report.checks.filter((c) => c.status === 'fail'))}`);
      assert.equal(again.status, 0);
      } finally {
        // whatever happened, the next fault starts from the repository as it was
        rmSync(dir, { recursive: true, force: true });
        cpSync(snapshot, dir, { recursive: true });
        rmSync(snapshot, { recursive: true, force: true });
      }
    });
  }

  /** Runs `body` and puts the repository back as it was, whatever happened. */
  async function keeping(body: () => Promise<void>): Promise<void> {
    const snapshot = join(mkdtempSync(join(tmpdir(), 'cwr-doctor-keep-')), 'repo');
    cpSync(dir, snapshot, { recursive: true });
    try {
      await body();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      cpSync(snapshot, dir, { recursive: true });
      rmSync(snapshot, { recursive: true, force: true });
    }
  }

  it('the gitlink moved (as Dependabot moves it): a warning, not a failure; its fix stages the pin again', () => keeping(async () => {
    git('update-index', '--cacheinfo', `160000,${'1'.repeat(40)},multibuild`);
    const moved = await doctor();
    assert.equal(moved.status, 0, JSON.stringify(moved.report.checks));
    assert.deepEqual(failing(moved.report), []);
    const link = moved.report.checks.find((c) => c.id === 'gitlink');
    assert.equal(link?.status, 'warn');
    assert.match(link?.detail ?? '', /^at 111111111111, which differs from the pinned [0-9a-f]{12} and cannot be verified as newer/);
    const fixed = await runFix(link?.fix ?? 'false');
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal((await doctor()).report.checks.find((c) => c.id === 'gitlink')?.status, 'pass');
  }));

  it('an action pin Dependabot moved to a newer tag passes, and nothing asks to undo it', () => keeping(async () => {
    const path = join(dir, '.github/workflows/build-wheels.yml');
    const text = readFileSync(path, 'utf8');
    const updated = text.replace(/actions\/checkout@[0-9a-f]{40} # v[0-9.]+/g, `actions/checkout@${'3'.repeat(40)} # v99.1.0`);
    assert.notEqual(updated, text);
    writeFileSync(path, updated);
    const { status, report } = await doctor();
    assert.equal(status, 0, JSON.stringify(report.checks));
    const pins = report.checks.find((c) => c.id === 'action-pins');
    assert.equal(pins?.status, 'pass');
    assert.match(pins?.detail ?? '', /newer tag \(kept\): actions\/checkout v99\.1\.0 \(\.github\/workflows\/build-wheels\.yml\)$/);
  }));

  const needRepo = ['workflow', 'secrets', 'variables', 'pypi-environment', 'last-run'];

  it('the remote checks run concurrently, a few at a time (REMOTE_CONCURRENCY, plus PyPI)', async () => {
    // every repository request after the first answers slowly, so the checks overlap if they can
    double.faults.push({ method: 'GET', path: /^\/github\/repos\/explosion\/demo-wheels\/./, delayMs: 300, times: 1000 });
    double.maxInFlight = 0;
    try {
      const { status } = await doctor();
      assert.equal(status, 0);
      assert.ok(double.maxInFlight > 1, `the checks ran one at a time (${double.maxInFlight})`);
      assert.ok(double.maxInFlight <= REMOTE_CONCURRENCY + 1, `${double.maxInFlight} requests at once`);
    } finally {
      double.faults.splice(0);
    }
  });

  it('GitHub answering 502 for the repository: that check fails with the error, not "does not exist"; the checks that need it are skipped', async () => {
    // the first request and the three retries
    double.faults.push({ method: 'GET', path: /^\/github\/repos\/explosion\/demo-wheels$/, status: 502, body: { message: 'Bad gateway' }, times: 4 });
    try {
      const { status, report } = await doctor();
      assert.equal(status, 1);
      assert.deepEqual(failing(report), ['repository']);
      const repository = report.checks.find((c) => c.id === 'repository');
      assert.match(repository?.detail ?? '', /HTTP 502.*Bad gateway/);
      assert.doesNotMatch(repository?.detail ?? '', /does not exist/);
      for (const id of needRepo) {
        const c = report.checks.find((x) => x.id === id);
        assert.equal(c?.status, 'skip', `${id}: ${JSON.stringify(c)}`);
        assert.equal(c?.detail, 'not checked: explosion/demo-wheels could not be read from GitHub');
      }
      assert.equal(report.checks.find((c) => c.id === 'pypi')?.status, 'pass', 'PyPI does not need GitHub');
    } finally {
      double.faults.splice(0);
    }
  });

  it('a repository GitHub does not know (404): "does not exist", and the checks that need it are skipped, not dropped', async () => {
    double.faults.push({ method: 'GET', path: /^\/github\/repos\/explosion\/demo-wheels$/, status: 404, body: { message: 'Not Found' } });
    try {
      const { status, report } = await doctor();
      assert.equal(status, 1);
      assert.deepEqual(failing(report), ['repository']);
      assert.equal(report.checks.find((c) => c.id === 'repository')?.detail, 'explosion/demo-wheels does not exist, or the token cannot see it');
      for (const id of needRepo) assert.equal(report.checks.find((c) => c.id === id)?.detail, 'not checked: explosion/demo-wheels does not exist, or the token cannot see it', id);
    } finally {
      double.faults.splice(0);
    }
  });

  it('a token in the origin URL is never printed, in text or --json', () => keeping(async () => {
    const secret = 'ghs_originTOKEN0123456789';
    const url = new URL(git('remote', 'get-url', 'origin').stdout.trim());
    url.username = 'x-access-token';
    url.password = secret;
    assert.equal(git('remote', 'set-url', 'origin', url.toString()).status, 0);
    const { status, report } = await doctor();
    assert.equal(status, 0, JSON.stringify(report.checks));
    assert.match(report.checks.find((c) => c.id === 'repository')?.detail ?? '', /origin http:\/\/\*\*\*@127\.0\.0\.1:\d+\/git\/explosion\/demo-wheels\.git$/);
    assert.ok(!JSON.stringify(report).includes(secret));
    const human = await bin(['doctor']);
    assert.ok(!(human.stdout + human.stderr).includes(secret));
    // and when origin points elsewhere, the failure names it without the token
    url.pathname = '/git/someone/else-wheels.git';
    assert.equal(git('remote', 'set-url', 'origin', url.toString()).status, 0);
    const elsewhere = await bin(['doctor']);
    assert.equal(elsewhere.status, 1);
    assert.match(elsewhere.stdout, /but origin is http:\/\/\*\*\*@127\.0\.0\.1:\d+\/git\/someone\/else-wheels\.git/);
    assert.ok(!(elsewhere.stdout + elsewhere.stderr).includes(secret));
  }));

  it('offline, and on a hand-made scipy-wheels-style repository: the file checks that apply, no crash', async () => {
    const offline = await doctor(['--offline']);
    assert.equal(offline.report.remote, 'skipped: --offline');
    assert.ok(offline.report.checks.every((c) => c.id !== 'secrets'));
    const scipy = mkdtempSync(join(tmpdir(), 'cwr-doctor-scipy-'));
    cpSync(join(ROOT, 'test/fixtures/bump/scipy-wheels/before'), scipy, { recursive: true });
    const r = await bin(['doctor', '--json', '--dir', scipy]);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.checks.find((c) => c.id === 'answers')?.status, 'skip');
    assert.ok(report.checks.some((c) => c.id === 'pins'), 'the pins are checked');
    assert.match(report.remote, /not a repository generated by create-wheels-repo/);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});

describe('doctor\'s pins check is bump --check\'s', () => {
  for (const [fixture, status, detail] of [
    ['check-comment-override', 'pass', /^1 pin at v3\.1; intentional override kept: appveyor\.yml environment\.global v3\.0$/],
    ['cython-wheels-overrides', 'pass', /intentional overrides kept: \.travis\.yml jobs\.include\[0\] 0\.29\.21/],
    ['check-disagree', 'fail', /vs/],
  ] as const) {
    it(`${fixture}: ${status}`, async () => {
      const repo = mkdtempSync(join(tmpdir(), 'cwr-doctor-pins-'));
      cpSync(join(ROOT, 'test/fixtures/bump', fixture, 'before'), repo, { recursive: true });
      const r = await bin(['doctor', '--offline', '--json', '--dir', repo]);
      const pins = (JSON.parse(r.stdout) as Report).checks.find((c) => c.id === 'pins');
      assert.equal(pins?.status, status, JSON.stringify(pins));
      assert.match(pins?.detail ?? '', detail);
    });
  }
});

describe('wheels-repo doctor, Travis CI + AppVeyor', () => {
  it("passes once remote --appveyor set everything up; AppVeyor's hook back on pull requests fails that check alone, and wheels-repo webhooks fixes it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-doctor-travis-'));
    const made = await exec(process.execPath, [CREATE, '--yes', '--ci', 'travis-appveyor', '--name', 'tdoc', '--repo-url', 'https://github.com/explosion/tdoc', 'repo'], cwd);
    assert.equal(made.status, 0, made.stderr);
    const tdir = join(cwd, 'repo');
    const secretsEnv = ['WHEELS_REPO_SECRET_GITHUB_TOKEN=release-token', 'TWINE_PASSWORD=pypi-token'];
    const set = await exec('env', [...secretsEnv, process.execPath, WHEELS_REPO, 'remote', '--appveyor'], tdir);
    assert.equal(set.status, 0, set.stdout + set.stderr);
    double.pypiProjects.set('tdoc', '0.1');
    const doctorIn = async () => JSON.parse((await bin(['doctor', '--json'], tdir)).stdout) as Report;
    const first = await doctorIn();
    assert.deepEqual(failing(first), [], JSON.stringify(first.checks.filter((c) => c.status === 'fail')));
    assert.ok(first.checks.some((c) => c.id === 'appveyor-webhook' && c.status === 'pass' && c.section === 'CI services'));
    assert.ok(first.checks.some((c) => c.id === 'secure-values' && c.status === 'pass' && c.section === 'CI services'));

    const hook = double.repos.get('explosion/tdoc-wheels')?.hooks[0];
    assert.ok(hook);
    hook.events.push('pull_request');
    const broken = await doctorIn();
    assert.deepEqual(failing(broken), ['appveyor-webhook']);
    const check = broken.checks.find((c) => c.id === 'appveyor-webhook');
    assert.equal(check?.fix, 'wheels-repo webhooks');
    const fixed = await bin(['webhooks'], tdir);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.deepEqual(failing(await doctorIn()), []);

    // a secure value back to its placeholder: that check fails, `secrets sync` encrypts it again
    const travisYml = join(tdir, '.travis.yml');
    const text = readFileSync(travisYml, 'utf8');
    const placeholder = securePlaceholder('TWINE_PASSWORD');
    writeFileSync(travisYml, text.replace(/(# TWINE_PASSWORD: [^\n]*\n(?:\s*#[^\n]*\n)?\s*- secure: ")[^"]+"/, `$1${placeholder}"`));
    const unset = await doctorIn();
    assert.deepEqual(failing(unset), ['secure-TWINE_PASSWORD-.travis.yml']);
    // a file check: --offline finds it too
    const offline = await bin(['doctor', '--offline'], tdir);
    assert.equal(offline.status, 1, offline.stdout);
    assert.match(offline.stdout, /^CI services\nFAIL {2}TWINE_PASSWORD encrypted in \.travis\.yml: still the placeholder\n {8}fix: wheels-repo secrets sync$/m);
    assert.doesNotMatch(offline.stdout, /No problem found/);
    const sync = await exec('env', [...secretsEnv, process.execPath, WHEELS_REPO, 'secrets', 'sync'], tdir);
    assert.equal(sync.status, 0, sync.stdout + sync.stderr);
    assert.deepEqual(failing(await doctorIn()), []);
  });
});

export type { DoubleRun };
