// The remote set-up (create-wheels-repo --github, wheels-repo remote) against a real local server that
// plays GitHub (API and git push), Travis and AppVeyor. Every GitHub request body is checked against
// GitHub's OpenAPI description; secrets are opened by independent tools and grepped for afterwards.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import sodium from 'libsodium-wrappers';
import { parse } from 'yaml';
import { ROOT, schemaErrors } from '../support/checks.js';
import { assertNoSecrets, opensslOpen, pynaclOpen } from '../support/decrypt.js';
import { ServiceDouble } from '../support/service-double.js';
import { tmux, waitFor } from '../support/terminal.js';
import { withFlags } from '../support/flags.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const ANACONDA = `an-'anaconda' "token" $(x) ünï`;
const TWINE = 'pypi-AgEIcHlwaS5vcmc secret twine value';
const RELEASE = 'github_pat_release_only_token_for_ci';

let double: ServiceDouble;
const outputs: string[] = [];
const dirs: string[] = [];

before(async () => {
  double = await new ServiceDouble().start();
});
after(() => double.stop());
afterEach(() => {
  // After every test: GitHub accepted every body, and no secret is in any output or file written.
  assert.deepEqual(double.invalid.splice(0), [], 'request bodies GitHub would refuse');
  assertNoSecrets([double.token, double.travisToken, double.appveyorToken, ANACONDA, TWINE, RELEASE], outputs.splice(0), dirs.splice(0));
});

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'cwr-remote-home-'));
  // A credential store that would keep any password git is given: the token must never land in it
  // (every HOME is grepped after each test).
  writeFileSync(join(home, '.gitconfig'), '[credential]\n\thelper = store\n');
  dirs.push(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid',
  };
  return env;
}

function exec(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

async function create(extra: string[], env: Record<string, string> = {}): Promise<{ dir: string; r: Result }> {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-remote-'));
  dirs.push(cwd);
  const r = await exec([CREATE, ...withFlags(['--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo'], extra)], cwd, { ...baseEnv(), ...env });
  return { dir: join(cwd, 'repo'), r };
}

function remote(dir: string, extra: string[] = [], env: Record<string, string> = double.env()): Promise<Result> {
  return exec([WHEELS_REPO, 'remote', ...extra], dir, { ...baseEnv(), ...env });
}

function git(dir: string, ...args: string[]): string {
  return spawnSyncText('git', ['-C', dir, ...args]);
}

function spawnSyncText(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function privateKeyB64(): string {
  return sodium.to_base64(double.keyPair.privateKey, sodium.base64_variants.ORIGINAL);
}

describe('create-wheels-repo --github (GitHub Actions)', () => {
  it('creates the org repository, pushes main with the gitlink, creates pypi, seals the secret; a rerun changes nothing', async () => {
    const { dir, r } = await create(['--github', '--staging', 'anaconda', '--anaconda-org', 'explosion'], double.env({ ANACONDA_TOKEN: ANACONDA }));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const repo = double.repos.get('explosion/cymem-wheels');
    assert.ok(repo, 'the repository was created');
    assert.equal(repo.private, false);
    assert.ok(double.seen.some((s) => s.method === 'POST' && s.path === '/github/orgs/explosion/repos'), 'created in the organisation');

    // local and remote main are the same commit, and the multibuild gitlink arrived intact
    const head = git(dir, 'rev-parse', 'HEAD');
    assert.equal(double.mainOf(repo), head);
    assert.match(git(repo.bare, 'ls-tree', 'main', 'multibuild'), /^160000 commit [0-9a-f]{40}\tmultibuild$/);
    assert.equal(git(dir, 'remote', 'get-url', 'origin'), `${double.base}/git/explosion/cymem-wheels.git`);
    assert.equal(git(dir, 'rev-parse', '--abbrev-ref', 'main@{upstream}'), 'origin/main');

    assert.ok(repo.environments.has('pypi'));
    // the release gate: deployments from v* tags only (issue #11)
    assert.deepEqual(repo.environments.get('pypi'), { custom: true, policies: [{ id: 1, name: 'v*', type: 'tag' }] });
    assert.match(r.stdout, /admits only v\* tags\. To have a person approve each release as well, add\nrequired reviewers/);
    const sealed = repo.secrets.get('ANACONDA_TOKEN');
    assert.ok(sealed, 'ANACONDA_TOKEN was set');
    assert.equal(pynaclOpen(privateKeyB64(), sealed.encrypted_value), ANACONDA);

    assert.deepEqual([...repo.variables], [['ANACONDA_ORG', 'explosion']]);
    assert.match(r.stdout, /^done +secret ANACONDA_TOKEN created \(value from \$ANACONDA_TOKEN\)$/m, 'the report says where each value came from');
    assert.match(r.stdout, /PyPI project name: +cymem\n +Owner: +explosion\n +Repository name: +cymem-wheels\n +Workflow name: +build-wheels\.yml\n +Environment name: +pypi/);
    assert.match(r.stdout, /Report: \d+ done, 0 already so, 0 left to you, 0 failed/);
    // one public-key request for the repository, then one request per secret
    assert.equal(double.seen.filter((s) => s.path.endsWith('/actions/secrets/public-key')).length, 1);

    const before = double.mutations().length;
    const again = await remote(dir);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(double.mutations().length, before, 'the rerun changed nothing on GitHub');
    assert.match(again.stdout, /Report: 0 done, \d+ already so, 0 left to you, 0 failed/);

    // a variable changed on GitHub is put back with one PATCH
    repo.variables.set('ANACONDA_ORG', 'someone-else');
    const third = await remote(dir);
    assert.equal(third.status, 0, third.stderr);
    assert.deepEqual(double.mutations().slice(before).map((m) => `${m.method} ${m.path}`), ['PATCH /github/repos/explosion/cymem-wheels/actions/variables/ANACONDA_ORG']);
    assert.equal(repo.variables.get('ANACONDA_ORG'), 'explosion');
  });

  it('creates a private repository under the token\'s own account', async () => {
    const { dir, r } = await create(['--owner', 'me', '--publish', 'none', '--staging', 'github-release']);
    assert.equal(r.status, 0, r.stderr);
    const rr = await remote(dir, ['--private']);
    assert.equal(rr.status, 0, rr.stderr + rr.stdout);
    const repo = double.repos.get('me/cymem-wheels');
    assert.ok(repo);
    assert.equal(repo.private, true);
    assert.ok(double.seen.some((s) => s.method === 'POST' && s.path === '/github/user/repos' && JSON.parse(s.body).private === true));
    assert.equal(double.mainOf(repo), git(dir, 'rev-parse', 'HEAD'));
    assert.ok(!repo.environments.has('pypi'), 'no pypi environment without trusted publishing');
  });

  it('refuses another user\'s account and a remote main with commits it does not have', async () => {
    const { dir } = await create(['--owner', 'someone-else']);
    const r = await remote(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /someone-else/);
    assert.match(r.stderr, /hint: .*--owner me/);

    const { dir: d2 } = await create(['--owner', 'explosion', '--name', 'other']);
    const existing = double.addRepo('explosion', 'other-wheels');
    const seed = mkdtempSync(join(tmpdir(), 'cwr-seed-'));
    spawnSyncText('git', ['-C', seed, 'init', '-q', '-b', 'main']);
    spawnSyncText('git', ['-C', seed, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'someone else']);
    spawnSyncText('git', ['-C', seed, 'push', '-q', existing.bare, 'main']);
    const theirs = double.mainOf(existing);
    const r2 = await remote(d2);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /has commits this repository does not have/);
    assert.equal(double.mainOf(existing), theirs, 'nothing was overwritten');
  });

  it('without GITHUB_TOKEN/GH_TOKEN the token comes from `gh auth token` for the API host', async () => {
    const { dir } = await create(['--name', 'viagh', '--publish', 'none', '--staging', 'github-release']);
    const bin = mkdtempSync(join(tmpdir(), 'cwr-fake-gh-'));
    dirs.push(bin);
    const host = new URL(double.base).host;
    // a stand-in for the GitHub CLI: answers only `gh auth token --hostname <the API host>`
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\n[ "$1 $2 $3 $4" = "auth token --hostname ${host}" ] || exit 1\nprintf '%s\\n' "$FAKE_GH_TOKEN"\n`, { mode: 0o755 });
    const env = { ...double.env(), PATH: `${bin}:/usr/bin:/bin`, FAKE_GH_TOKEN: double.token };
    delete (env as Record<string, string | undefined>).GITHUB_TOKEN;
    const r = await remote(dir, [], env);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(double.mainOf(double.repos.get('explosion/viagh-wheels') as NonNullable<ReturnType<typeof double.repos.get>>), git(dir, 'rev-parse', 'HEAD'));
  });

  it('--dry-run prints one line per change and changes nothing; without a token it plans from scratch', async () => {
    const { dir } = await create(['--staging', 'anaconda', '--anaconda-org', 'explosion', '--name', 'dry']);
    const before = double.mutations().length;
    const r = await remote(dir, ['--dry-run'], double.env({ ANACONDA_TOKEN: ANACONDA }));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(double.mutations().length, before, 'a dry run sends no mutating request');
    assert.ok(!double.repos.has('explosion/dry-wheels'));
    for (const line of [
      /^would +POST \/orgs\/explosion\/repos: create explosion\/dry-wheels \(public\)$/m,
      /^would +git push \S+ HEAD:refs\/heads\/main \([0-9a-f]{12}, with the multibuild submodule link\)$/m,
      /^would +PUT \/repos\/explosion\/dry-wheels\/environments\/pypi: /m,
      /^would +PUT \/repos\/explosion\/dry-wheels\/actions\/secrets\/ANACONDA_TOKEN: /m,
    ]) assert.match(r.stdout, line);
    assert.match(r.stdout, /^would +POST \/repos\/explosion\/dry-wheels\/actions\/variables: ANACONDA_ORG=explosion /m);
    // issue #11: the pypi environment also gets its v* tag policy, one more planned change
    assert.match(r.stdout, /^would +POST \/repos\/explosion\/dry-wheels\/environments\/pypi\/deployment-branch-policies: admit v\* tags/m);
    assert.match(r.stdout, /Dry run: 6 changes planned, 0 already so; nothing was changed\./);

    const env = double.env();
    delete (env as Record<string, string | undefined>).GITHUB_TOKEN;
    const noToken = await remote(dir, ['--dry-run'], { ...env, PATH: '/usr/bin:/bin' });
    assert.equal(noToken.status, 0, noToken.stderr);
    assert.match(noToken.stdout, /no token: assuming nothing exists yet/);
    assert.match(noToken.stdout, /would +POST \/user\/repos or \/orgs\/explosion\/repos: create explosion\/dry-wheels/);

    const fail = await remote(dir, [], { ...env, PATH: '/usr/bin:/bin' });
    assert.equal(fail.status, 1);
    assert.match(fail.stderr, /No GitHub token/);
  });
});

describe('in a real terminal (tmux)', () => {
  it('create-wheels-repo asks whether to set up GitHub, then for the token without echoing it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-tty-gh-'));
    dirs.push(cwd);
    const socket = `cwr-gh-${process.pid}-${Date.now()}`;
    const vars = {
      PATH: '/usr/bin:/bin', HOME: cwd, TERM: 'xterm-256color', GIT_CONFIG_NOSYSTEM: '1', GITHUB_API_URL: `${double.base}/github`, WHEELS_REPO_WRITE_INTERVAL_MS: '0',
      GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    const envArgs = Object.entries(vars).map(([k, v]) => `${k}='${v}'`).join(' ');
    const command = `cd ${cwd} && env -i ${envArgs} ${process.execPath} ${CREATE} --name ttygh --repo-url https://github.com/explosion/ttygh --publish none --staging github-release; echo "EXIT=$?"; sleep 60`;
    assert.equal(tmux(socket, 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', command).status, 0);
    try {
      // Enter through the questions (defaults) up to the last one; the GitHub question comes after the files.
      for (let i = 0; i < 30; i++) {
        const screen = tmux(socket, 'capture-pane', '-p', '-t', 'main').stdout;
        tmux(socket, 'send-keys', '-t', 'main', 'Enter');
        if (/^\? Nightly build schedule/m.test(screen)) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      await waitFor(socket, /Create explosion\/ttygh-wheels on GitHub now and push \(needs a token\)\?/);
      tmux(socket, 'send-keys', '-t', 'main', 'y', 'Enter');
      await waitFor(socket, /GitHub token for 127\.0\.0\.1:\d+/);
      tmux(socket, 'send-keys', '-t', 'main', '-l', double.token);
      const typed = await waitFor(socket, new RegExp(`\\*{${double.token.length}}`));
      tmux(socket, 'send-keys', '-t', 'main', 'Enter');
      const screen = await waitFor(socket, /EXIT=\d+/, 60_000);
      outputs.push(typed, screen);
      assert.match(screen, /EXIT=0/, screen);
      assert.match(screen, /Report: \d+ done, 0 already so, 0 left to you, 0 failed/);
    } finally {
      tmux(socket, 'kill-server');
    }
    const repo = double.repos.get('explosion/ttygh-wheels');
    assert.ok(repo, 'the repository was created');
    assert.equal(double.mainOf(repo), git(join(cwd, 'ttygh-wheels'), 'rev-parse', 'HEAD'));
  });
});

describe('create-wheels-repo: remote flags that cannot work are refused before anything is written', () => {
  for (const [args, message] of [
    [['--github', '--no-git'], /--github needs the git repository that --no-git skips/],
    [['--github', '--no-github'], /--github and --no-github contradict each other/],
    [['--private'], /--private only means something with --github/],
    [['--appveyor', '--appveyor-account', 'me'], /--appveyor, --appveyor-account only mean something with --github/],
    [['--github', '--appveyor'], /--appveyor is for --ci travis-appveyor; this repository uses github-actions/],
    [['--github', '--ci', 'travis-appveyor', '--publish', 'twine', '--platforms', 'linux-x86_64', '--appveyor'], /no Windows platform is built here/],
  ] as Array<[string[], RegExp]>) {
    it(args.join(' '), async () => {
      const { dir, r } = await create(args, double.env());
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(dir), 'nothing was written');
    });
  }
  it('--github --yes without any token', async () => {
    const env = { ...double.env(), PATH: '/usr/bin:/bin' };
    delete (env as Record<string, string | undefined>).GITHUB_TOKEN;
    const { dir, r } = await create(['--github'], env);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /--github needs a GitHub token/);
    assert.ok(!existsSync(dir), 'nothing was written');
  });
});

describe('create-wheels-repo --dry-run --github', () => {
  it('says what would happen on GitHub and sends nothing, token or not', async () => {
    const before = double.seen.length;
    const env = { ...double.env(), PATH: '/usr/bin:/bin' };
    delete (env as Record<string, string | undefined>).GITHUB_TOKEN;
    const { dir, r } = await create(['--dry-run', '--github', '--private', '--name', 'dryrun'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Then, on GitHub: create explosion\/dryrun-wheels \(private\), push main, create the pypi environment, set the secrets\.$/m);
    assert.equal(double.seen.length, before, 'no request at all');
    assert.ok(!existsSync(dir));
  });
});

describe('wheels-repo remote (Travis CI + AppVeyor)', () => {
  it('adds the AppVeyor project, encrypts every secure value, commits and pushes, and stops PR builds', async () => {
    const { dir, r } = await create(['--ci', 'travis-appveyor', '--publish', 'twine', '--name', 'tapkg'], double.env());
    assert.equal(r.status, 0, r.stderr);
    const env = double.env({ TWINE_PASSWORD: TWINE, WHEELS_REPO_SECRET_GITHUB_TOKEN: RELEASE });
    const rr = await remote(dir, ['--appveyor'], env);
    assert.equal(rr.status, 0, rr.stderr + rr.stdout);
    const repo = double.repos.get('explosion/tapkg-wheels');
    assert.ok(repo);
    assert.deepEqual(double.appveyorProjects, ['explosion/tapkg-wheels']);

    // the secure values are in the files, opened by openssl (Travis) and the double (AppVeyor)
    const travis = parse(readFileSync(join(dir, '.travis.yml'), 'utf8')) as { env: { global: Array<string | { secure: string }> }; jobs: { include: Array<{ env?: Array<string | { secure: string }> }> } };
    const opened = [...travis.env.global, ...travis.jobs.include.flatMap((j) => j.env ?? [])].filter((e): e is { secure: string } => typeof e === 'object').map((e) => opensslOpen(double.rsa.privateKey, e.secure));
    assert.ok(opened.includes(`TWINE_PASSWORD='${TWINE}'`), opened.join('\n'));
    assert.ok(opened.some((o) => o.startsWith('GITHUB_TOKEN=')), opened.join('\n'));
    assert.ok(opened.some((o) => o.startsWith('APPVEYOR_TOKEN=')), opened.join('\n'));
    const appveyor = parse(readFileSync(join(dir, 'appveyor.yml'), 'utf8')) as { environment: { global: Record<string, { secure?: string }> } };
    const cipher = appveyor.environment.global.GITHUB_TOKEN?.secure as string;
    assert.equal(double.appveyorPlain.get(cipher), RELEASE, 'the release token, never the API token');
    assert.ok(opened.includes(`GITHUB_TOKEN='${RELEASE}'`), opened.join('\n'));
    assert.deepEqual(schemaErrors('travis', readFileSync(join(dir, '.travis.yml'), 'utf8')), []);
    assert.deepEqual(schemaErrors('appveyor', readFileSync(join(dir, 'appveyor.yml'), 'utf8')), []);

    // committed and pushed: local and remote main agree, the tree is clean
    assert.equal(git(dir, 'log', '-1', '--format=%s'), 'Encrypt the secure values for Travis CI and AppVeyor');
    assert.equal(double.mainOf(repo), git(dir, 'rev-parse', 'HEAD'));
    assert.equal(git(dir, 'status', '--porcelain'), '');

    // AppVeyor's hook: only remove_events was sent, its config and secret are intact
    const hook = repo.hooks[0];
    assert.ok(hook);
    assert.deepEqual(hook.events, ['push']);
    assert.equal(hook.config.secret, 'appveyor-hook-secret');
    const patches = double.seen.filter((s) => s.method === 'PATCH' && s.path.includes('/hooks/'));
    assert.deepEqual(patches.map((p) => JSON.parse(p.body)), [{ remove_events: ['pull_request'] }]);

    const before = double.mutations().length;
    const again = await remote(dir, ['--appveyor'], env);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(double.mutations().length, before);
    assert.deepEqual(double.appveyorProjects, ['explosion/tapkg-wheels'], 'the project is not added twice');
    assert.match(again.stdout, /Report: 0 done/);
  });

  it('without TRAVIS_TOKEN the secure values are left to the user and listed', async () => {
    const { dir } = await create(['--ci', 'travis-appveyor', '--publish', 'twine', '--name', 'notravis']);
    const env = double.env({ TWINE_PASSWORD: TWINE });
    delete (env as Record<string, string | undefined>).TRAVIS_TOKEN;
    const r = await remote(dir, [], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^  left: TWINE_PASSWORD in \.travis\.yml: TRAVIS_TOKEN is not set; later: wheels-repo secrets set TWINE_PASSWORD$/m);
    assert.match(r.stdout, /^  left: GITHUB_TOKEN in appveyor\.yml: no value \(export WHEELS_REPO_SECRET_GITHUB_TOKEN\)/m, 'the API token is not reused as a CI secret');
    assert.match(r.stdout, /^  left: no AppVeyor webhook yet/m);
  });
});

describe('wheels-repo remote: what a rerun must finish, and what it must not hide', () => {
  it('values encrypted but not committed (a commit hook failed) are committed and pushed by the rerun', async () => {
    const { dir } = await create(['--ci', 'travis-appveyor', '--publish', 'twine', '--name', 'hooked']);
    const env = double.env({ TWINE_PASSWORD: TWINE, WHEELS_REPO_SECRET_GITHUB_TOKEN: RELEASE });
    writeFileSync(join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho "lint says no" >&2\nexit 1\n', { mode: 0o755 });
    const first = await remote(dir, [], env);
    assert.equal(first.status, 1, first.stdout);
    assert.match(first.stderr, /git commit of \.travis\.yml, appveyor\.yml failed: lint says no/);
    assert.match(first.stderr, /hint: The files are written and staged; fix what git names \(a commit hook\?\)/);
    spawnSyncText('rm', [join(dir, '.git/hooks/pre-commit')]);
    const rerun = await remote(dir, [], env);
    assert.equal(rerun.status, 0, rerun.stderr + rerun.stdout);
    assert.match(rerun.stdout, /committed \.travis\.yml and appveyor\.yml as [0-9a-f]{12}/);
    const repo = double.repos.get('explosion/hooked-wheels');
    assert.ok(repo);
    assert.equal(double.mainOf(repo), git(dir, 'rev-parse', 'HEAD'));
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.doesNotMatch(git(repo.bare, 'show', 'main:.travis.yml'), /secure: "UExBQ0VIT0xERVIg/, 'GitHub has no placeholder left');
  });

  it('travis-appveyor without Windows: no appveyor.yml, no AppVeyor call, no AppVeyor step', async () => {
    const { dir } = await create(['--ci', 'travis-appveyor', '--platforms', 'linux-x86_64,macos-x86_64', '--publish', 'twine', '--name', 'nowin']);
    assert.ok(!existsSync(join(dir, 'appveyor.yml')));
    const before = double.seen.filter((x) => x.path.startsWith('/appveyor/')).length;
    const r = await remote(dir, [], double.env({ TWINE_PASSWORD: TWINE, WHEELS_REPO_SECRET_GITHUB_TOKEN: RELEASE }));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(double.seen.filter((x) => x.path.startsWith('/appveyor/')).length, before, 'AppVeyor was not called');
    assert.doesNotMatch(r.stdout, /AppVeyor/);
    assert.match(r.stdout, /Report: \d+ done, 0 already so, 0 left to you, 0 failed/);
    const refused = await remote(dir, ['--appveyor']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /no Windows platform is built here/);
  });

  it('--private on an existing public repository is reported, not silently ignored', async () => {
    const { dir } = await create(['--name', 'pub', '--publish', 'none', '--staging', 'github-release']);
    double.addRepo('explosion', 'pub-wheels');
    const r = await remote(dir, ['--private']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}left: explosion\/pub-wheels exists and is public: --private does not change an existing repository/m);
  });

  it('a secret too long for Travis\'s key fails with the reason and a report, not a crash', async () => {
    const { dir } = await create(['--ci', 'travis-appveyor', '--publish', 'twine', '--name', 'toolong']);
    const long = 'x'.repeat(300);
    const r = await remote(dir, [], double.env({ TWINE_PASSWORD: long, WHEELS_REPO_SECRET_GITHUB_TOKEN: RELEASE }));
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /TWINE_PASSWORD is too long for Travis's 2048-bit key/);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stdout, /failed +encrypt the secure values: TWINE_PASSWORD is too long/);
    assert.doesNotMatch(r.stdout, /done +encrypted/, 'nothing is reported done that was not written');
    assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing was written');
    outputs.push(long);
  });

  it('GitHub\'s main ahead of the local copy (a commit made on GitHub) does not block the rest', async () => {
    const { dir } = await create(['--name', 'ahead', '--publish', 'none', '--staging', 'github-release']);
    assert.equal((await remote(dir)).status, 0);
    const repo = double.repos.get('explosion/ahead-wheels');
    assert.ok(repo);
    const clone = mkdtempSync(join(tmpdir(), 'cwr-clone-'));
    dirs.push(clone);
    spawnSyncText('git', ['clone', '-q', repo.bare, join(clone, 'c')]);
    spawnSyncText('git', ['-C', join(clone, 'c'), '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'edited on GitHub']);
    spawnSyncText('git', ['-C', join(clone, 'c'), 'push', '-q', 'origin', 'main']);
    const r = await remote(dir);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /already +GitHub's main \([0-9a-f]{12}\) already contains [0-9a-f]{12}, with later commits/);
  });
});

describe('faults: each ends in a retry that succeeds or a clear error, and a rerun completes the job', () => {
  const cases: Array<{ name: string; fault: Parameters<ServiceDouble['faults']['push']>[0]; env?: Record<string, string>; expect: 'retried' | RegExp }> = [
    { name: '401 bad token', fault: { path: /^\/github\/repos\/explosion\/f401-wheels$/, status: 401, body: { message: 'Bad credentials' } }, expect: /HTTP 401[\s\S]*hint: GitHub refused the token/ },
    { name: '403 missing scope', fault: { method: 'PUT', path: /\/actions\/secrets\/ANACONDA_TOKEN$/, status: 403, body: { message: 'Resource not accessible by personal access token' } }, expect: /HTTP 403[\s\S]*hint: The token lacks a permission: classic tokens need `repo`.*"Secrets"/ },
    { name: '403 rate limit (x-ratelimit-remaining: 0)', fault: { path: /^\/github\/repos\/explosion\/f403rl-wheels$/, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded' } }, expect: 'retried' },
    { name: 'secondary rate limit with retry-after', fault: { method: 'PUT', path: /\/environments\/pypi$/, status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } }, expect: 'retried' },
    { name: '404 no access', fault: { path: /^\/github\/users\/explosion$/, status: 404, body: { message: 'Not Found' } }, expect: /HTTP 404[\s\S]*hint: Not found, or the token cannot see it/ },
    { name: '409 conflict', fault: { method: 'PUT', path: /\/environments\/pypi$/, status: 409, body: { message: 'Conflict' } }, expect: /HTTP 409[\s\S]*hint: GitHub reports a conflicting state/ },
    { name: '403 rate limit too far away: a clear error', fault: { path: /^\/github\/repos\/explosion\/f403far-wheels$/, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'FAR' }, body: { message: 'API rate limit exceeded' } }, expect: /HTTP 403[\s\S]*hint: GitHub's rate limit: wait until/ },
    { name: 'slow POST that created the repository: the retry finds it', fault: { method: 'POST', path: /^\/github\/orgs\/explosion\/repos$/, delayMs: 1500 }, env: { WHEELS_REPO_HTTP_TIMEOUT: '1' }, expect: 'retried' },
    { name: '422 name taken', fault: { method: 'POST', path: /^\/github\/orgs\/explosion\/repos$/, status: 422, body: { message: 'Repository creation failed.', errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }] } }, expect: /HTTP 422[\s\S]*hint: The name is taken/ },
    { name: '502 bad gateway', fault: { method: 'PUT', path: /\/actions\/secrets\/ANACONDA_TOKEN$/, status: 502, body: { message: 'Server Error' } }, expect: 'retried' },
    { name: 'reset connection', fault: { path: /\/actions\/secrets\/public-key$/, reset: true }, expect: 'retried' },
    { name: 'slow response', fault: { path: /^\/github\/user$/, delayMs: 2500 }, env: { WHEELS_REPO_HTTP_TIMEOUT: '1' }, expect: 'retried' },
  ];
  for (const [i, c] of cases.entries()) {
    it(c.name, async () => {
      const name = ['f401', 'f403', 'f403rl', 'fsec', 'f404', 'f409', 'f403far', 'fslowpost', 'f422', 'f502', 'freset', 'fslow'][i] as string;
      const { dir } = await create(['--name', name, '--staging', 'anaconda', '--anaconda-org', 'explosion']);
      const env = double.env({ ANACONDA_TOKEN: ANACONDA, ...c.env });
      // reset times are set now: the limit lifts in 2 s, or (FAR) in an hour
      const headers = c.fault.headers && 'x-ratelimit-reset' in c.fault.headers
        ? { ...c.fault.headers, 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (c.fault.headers['x-ratelimit-reset'] === 'FAR' ? 3600 : 2)) }
        : c.fault.headers;
      double.faults.push({ ...c.fault, headers });
      const first = await remote(dir, [], env);
      double.faults.length = 0;
      if (c.expect === 'retried') {
        assert.equal(first.status, 0, `${first.stderr}\n${first.stdout}`);
        if (/rate limit/.test(c.name)) assert.match(first.stdout, /rate limit on \w+ \S+: waiting [1-9]\d* s/);
      } else {
        assert.equal(first.status, 1, first.stdout);
        assert.match(first.stderr, c.expect);
        assert.match(first.stderr, /run `wheels-repo remote` again: it finishes the rest and repeats nothing/);
        assert.doesNotMatch(first.stderr, /internal error|at .*\.js:\d+/);
        const rerun = await remote(dir, [], env);
        assert.equal(rerun.status, 0, `${rerun.stderr}\n${rerun.stdout}`);
      }
      const repo = double.repos.get(`explosion/${name}-wheels`);
      assert.ok(repo, 'the repository exists');
      assert.equal(double.mainOf(repo), git(dir, 'rev-parse', 'HEAD'));
      assert.ok(repo.environments.has('pypi'));
      assert.equal(pynaclOpen(privateKeyB64(), repo.secrets.get('ANACONDA_TOKEN')?.encrypted_value as string), ANACONDA);
      assert.equal(double.seen.filter((s) => s.method === 'POST' && s.path === '/github/orgs/explosion/repos' && JSON.parse(s.body).name === `${name}-wheels`).length, c.name.startsWith('422') || c.name.startsWith('slow POST') ? 2 : 1, 'created once');
    });
  }
});
