// A wheels repository is input that others can change (a pull request, a clone). Each case of issue
// #10 played end to end with the built bins: whatever the repository holds, nothing outside it is read,
// written or deleted, no request goes to an account the origin remote contradicts, no hook breaks out of
// its function, and no token travels over plain http.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CREATE_BIN, CYMEM, generatedRepo, git, GIT_ENV, WHEELS_REPO_BIN } from '../support/wheels-repos.js';

const SECRET = 'OUTSIDE-SECRET-4f1c9b';

/** A generated repository (committed) and, beside it, an outside directory with a file to protect. */
function setup(flags: readonly string[] = []) {
  const repo = generatedRepo(flags);
  const outside = join(dirname(repo), 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'victim.txt'), `${SECRET}\n`);
  return { repo, outside, victim: join(outside, 'victim.txt') };
}

function bin(path: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [path, ...args], { cwd, encoding: 'utf8', input: '', env: { PATH: process.env.PATH, HOME: GIT_ENV.HOME, ...GIT_ENV, ...env } });
}

function editStore(repo: string, edit: (entry: Record<string, any>) => void): void {
  const path = join(repo, '.yo-rc.json');
  const rc = JSON.parse(readFileSync(path, 'utf8'));
  edit(rc['create-wheels-repo']);
  writeFileSync(path, `${JSON.stringify(rc, null, 2)}\n`);
  git(repo, 'commit', '-qam', 'hostile change');
}

const unchanged = (outside: string, victim: string) => {
  assert.equal(readFileSync(victim, 'utf8'), `${SECRET}\n`, 'the outside file is unchanged');
  assert.deepEqual(readdirSync(outside), ['victim.txt'], 'nothing else was written outside');
};

describe('an untrusted .yo-rc.json manifest', () => {
  it('an entry ../victim.txt cannot make a rerun of the generator delete a file outside the repository', () => {
    const { repo, outside, victim } = setup();
    editStore(repo, (e) => {
      const [first] = e.manifest;
      e.manifest.push({ ...first, path: '../outside/victim.txt' });
    });
    for (const [cmd, args] of [[CREATE_BIN, ['--yes']], [WHEELS_REPO_BIN, ['upgrade']]] as const) {
      const r = bin(cmd, args, repo);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /\.yo-rc\.json lists "\.\.\/outside\/victim\.txt" among the generated files, which leads out of the repository/);
      assert.doesNotMatch(r.stdout, /removed/);
      unchanged(outside, victim);
    }
  });

  it('an entry inside .git or outside the layout\'s files is refused too', () => {
    for (const path of ['.git/config', 'src/setup.py', '/etc/passwd']) {
      const { repo } = setup();
      editStore(repo, (e) => e.manifest.push({ ...e.manifest[0], path }));
      const r = bin(WHEELS_REPO_BIN, ['upgrade'], repo);
      assert.equal(r.status, 1, `${path}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`lists ${JSON.stringify(path).replace(/[.]/g, '\\.')}`));
      assert.ok(existsSync(join(repo, '.git/config')));
    }
  });

  it('a gitlink path that the layout does not pin is refused', () => {
    const { repo } = setup();
    editStore(repo, (e) => (e.gitlinks = { '../outside': 'a'.repeat(40) }));
    const r = bin(WHEELS_REPO_BIN, ['upgrade', '--dry-run'], repo);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pins a submodule at "\.\.\/outside", which is not one the github-actions layout uses/);
  });
});

describe('symbolic links committed into the repository', () => {
  it('ci -> ../outside: the upgrade writes nothing outside (and nothing at all)', () => {
    const { repo, outside, victim } = setup();
    rmSync(join(repo, 'ci'), { recursive: true });
    symlinkSync('../outside', join(repo, 'ci'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'ci is a link');
    const before = readFileSync(join(repo, 'config.sh'), 'utf8');
    const r = bin(WHEELS_REPO_BIN, ['upgrade'], repo);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /Refusing "ci\/[a-z-]+\.(sh|py)" .*goes through the symbolic link ci; nothing was changed/);
    unchanged(outside, victim);
    assert.equal(readFileSync(join(repo, 'config.sh'), 'utf8'), before);
  });

  it('config.sh -> an outside file: upgrade --dry-run neither prints nor copies its content', () => {
    const { repo, outside, victim } = setup();
    rmSync(join(repo, 'config.sh'));
    symlinkSync(victim, join(repo, 'config.sh'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'config.sh is a link');
    for (const args of [['upgrade', '--dry-run'], ['upgrade', '--allow-dirty']]) {
      const r = bin(WHEELS_REPO_BIN, args, repo);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /Refusing "config\.sh" .*symbolic link config\.sh/);
      assert.ok(!(r.stdout + r.stderr).includes(SECRET), 'the outside content is never printed');
    }
    unchanged(outside, victim);
    assert.ok(!readFileSync(join(repo, '.yo-rc.json'), 'utf8').includes(Buffer.from(SECRET).toString('base64').slice(0, 12)));
  });

  it('.github -> ../outside: bump reads and writes nothing there', () => {
    const { repo, outside, victim } = setup();
    mkdirSync(join(outside, 'workflows'));
    writeFileSync(join(outside, 'workflows/build.yml'), 'env:\n  BUILD_COMMIT: v1\n');
    rmSync(join(repo, '.github'), { recursive: true });
    symlinkSync('../outside', join(repo, '.github'));
    const r = bin(WHEELS_REPO_BIN, ['bump', 'v2'], repo);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /symbolic link \.github; nothing was changed/);
    assert.equal(readFileSync(join(outside, 'workflows/build.yml'), 'utf8'), 'env:\n  BUILD_COMMIT: v1\n');
    assert.equal(readFileSync(victim, 'utf8'), `${SECRET}\n`);
  });
});

describe('an owner that the origin remote contradicts', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const env = () => ({ GITHUB_TOKEN: 'ghp_test', TRAVIS_TOKEN: 'travis_test', GITHUB_API_URL: `${base}/github`, TRAVIS_API_URL: `${base}/travis`, APPVEYOR_API_URL: `${base}/appveyor` });

  it('secrets set TWINE_PASSWORD refuses, names both, and sends nothing to the stored owner', () => {
    const { repo } = setup(['--ci', 'travis-appveyor']);
    git(repo, 'remote', 'add', 'origin', 'https://github.com/explosion/cymem-wheels.git');
    editStore(repo, (e) => (e.answers.owner = 'attacker'));
    requests.length = 0;
    const r = spawnSync(process.execPath, [WHEELS_REPO_BIN, 'secrets', 'set', 'TWINE_PASSWORD'], { cwd: repo, encoding: 'utf8', input: 'pypi-token', env: { PATH: process.env.PATH, ...GIT_ENV, ...env() } });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /\.yo-rc\.json names attacker\/cymem-wheels, but the origin remote is explosion\/cymem-wheels/);
    assert.match(r.stderr, /pass --owner attacker; if the origin is, run `wheels-repo upgrade --set owner=explosion`/);
    assert.deepEqual(requests, []);
    assert.ok(!readFileSync(join(repo, '.travis.yml'), 'utf8').includes('pypi-token'));
  });

  it('remote and webhooks refuse the same way; --owner for another owner than the stored one is refused', () => {
    const { repo } = setup();
    git(repo, 'remote', 'add', 'origin', 'git@github.com:explosion/cymem-wheels.git');
    editStore(repo, (e) => (e.answers.owner = 'attacker'));
    requests.length = 0;
    for (const args of [['remote', '--dry-run'], ['webhooks', '--check'], ['secrets', 'list']]) {
      const r = bin(WHEELS_REPO_BIN, args, repo, env());
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /names attacker\/cymem-wheels, but the origin remote is explosion\/cymem-wheels/);
    }
    const stated = bin(WHEELS_REPO_BIN, ['remote', '--dry-run', '--owner', 'explosion'], repo, env());
    assert.equal(stated.status, 1);
    assert.match(stated.stderr, /--owner explosion is not the owner stored in \.yo-rc\.json \(attacker\)/);
    assert.deepEqual(requests, []);
  });

  it('--owner with the stored owner states the intent: a fork as origin is accepted', () => {
    const { repo } = setup();
    git(repo, 'remote', 'add', 'origin', 'https://github.com/someone/cymem-wheels.git');
    const refused = bin(WHEELS_REPO_BIN, ['remote', '--dry-run'], repo, { GITHUB_API_URL: `${base}/github` });
    assert.equal(refused.status, 1);
    const r = bin(WHEELS_REPO_BIN, ['remote', '--dry-run', '--owner', 'explosion'], repo, { GITHUB_API_URL: `${base}/github` });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Plan for explosion\/cymem-wheels/);
  });

  it('an owner of ".." is refused as an answer before any request', () => {
    const { repo } = setup();
    editStore(repo, (e) => (e.answers.owner = '..'));
    requests.length = 0;
    const r = bin(WHEELS_REPO_BIN, ['secrets', 'list'], repo, env());
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--owner must be a GitHub user or organisation name/);
    assert.deepEqual(requests, []);
  });
});

describe('hooks that stay hooks', () => {
  const breakout = 'true\n}\necho RAN\nfunction _x {\n:';

  it('a --test-command that closes run_tests is refused, naming the flag, and nothing is written', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-hook-'));
    const r = bin(CREATE_BIN, ['--yes', ...CYMEM, '--test-command', breakout], cwd);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /--test-command closes the function and adds top-level commands \(echo RAN\); it must be only the body of run_tests in config\.sh/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('the same text stored in .yo-rc.json is refused by every command that reads the answers', () => {
    const { repo } = setup();
    editStore(repo, (e) => (e.answers.preBuild = 'make\n}\ntouch PWNED\nfunction _y {\n:'));
    for (const args of [['upgrade'], ['bump', 'v9'], ['secrets', 'list']]) {
      const r = bin(WHEELS_REPO_BIN, args, repo, { GITHUB_API_URL: 'http://127.0.0.1:9/github', GITHUB_TOKEN: 'x' });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /--pre-build closes the function and adds top-level commands \(touch PWNED\)/);
    }
    assert.equal(existsSync(join(repo, 'PWNED')), false);
  });
});

describe('https only', () => {
  it('refuses an http:// API base on another host before sending the token', () => {
    const gha = setup(['--staging', 'anaconda', '--anaconda-org', 'my-org']).repo;
    const travis = setup(['--ci', 'travis-appveyor']).repo;
    const cases = [
      [gha, 'GITHUB_API_URL', ['secrets', 'list']], [gha, 'GITHUB_API_URL', ['webhooks', '--check']], [gha, 'GITHUB_API_URL', ['remote']],
      [travis, 'TRAVIS_API_URL', ['secrets', 'sync']], [travis, 'APPVEYOR_API_URL', ['secrets', 'sync']],
    ] as const;
    for (const [repo, variable, args] of cases) {
      const env = { GITHUB_TOKEN: 'ghp_x', TRAVIS_TOKEN: 't', APPVEYOR_TOKEN: 'a', WHEELS_REPO_SECRET_GITHUB_TOKEN: 'v', TWINE_PASSWORD: 'v', [variable]: 'http://api.example.invalid' };
      const r = bin(WHEELS_REPO_BIN, args, repo, env);
      assert.equal(r.status, 1, `${variable} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${variable}=http://api\\.example\\.invalid uses http://, which would send the token in clear; use https://`), `${variable} ${args.join(' ')}`);
    }
  });

  it('refuses to push with the token to an http:// remote on another host', async () => {
    const { pushWithToken } = await import('../../src/io/git.js');
    const { repo } = setup();
    git(repo, 'remote', 'add', 'origin', 'http://git.example.invalid/explosion/cymem-wheels.git');
    assert.throws(() => pushWithToken(repo, 'origin', 'ghp_secret', true), /Not pushing to http:\/\/git\.example\.invalid\/explosion\/cymem-wheels\.git: it uses http:\/\//);
    assert.throws(() => pushWithToken(repo, 'ftp://x.example/r.git', 'ghp_secret', false), /uses ftp:, not https/);
  });
});
