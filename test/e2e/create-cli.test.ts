// End-to-end runs of the built create-wheels-repo bin: what a maintainer sees, and what is on disk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { recoverBase, type StoredManifestEntry } from '../../src/core/manifest.js';
import { STORE_KEY } from '../../src/repo/store.js';
import { OPTIONS } from '../../src/answers/schema.js';
import { resolveAnswers } from '../../src/answers/schema.js';
import { ROOT } from '../support/checks.js';

const BIN = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PINS = JSON.parse(readFileSync(join(ROOT, 'templates/pins.json'), 'utf8')) as { multibuild: { commit: string } };
const BASE = ['--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem'];

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env, HOME: mkdtempSync(join(tmpdir(), 'cwr-home-')), GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid', ...extra,
  };
}

function create(args: string[], cwd = mkdtempSync(join(tmpdir(), 'cwr-e2e-')), extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: env(extraEnv), encoding: 'utf8', input: '' });
  return { ...r, cwd };
}

function git(cwd: string, ...args: string[]): string {
  return spawnSync('git', args, { cwd, encoding: 'utf8', env: env() }).stdout.trim();
}

describe('create-wheels-repo', () => {
  it('generates a committed repository with the multibuild gitlink and a recoverable manifest', () => {
    const r = create(['--yes', ...BASE]);
    assert.equal(r.status, 0, r.stderr);
    const repo = join(r.cwd, 'cymem-wheels');
    assert.deepEqual(readdirSync(r.cwd), ['cymem-wheels'], 'no staging directory is left');
    assert.equal(git(repo, 'log', '--format=%s').split('\n').length, 1);
    assert.equal(git(repo, 'status', '--porcelain'), '');
    assert.equal(git(repo, 'ls-files', '-s', 'multibuild'), `160000 ${PINS.multibuild.commit} 0\tmultibuild`);
    assert.ok(statSync(join(repo, 'ci/checkout-project.sh')).mode & 0o100);
    const stored = JSON.parse(readFileSync(join(repo, '.yo-rc.json'), 'utf8'))[STORE_KEY] as { answers: unknown; generatorVersion: string; manifest: StoredManifestEntry[] };
    const expected = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem' });
    assert.ok(expected.ok);
    assert.deepEqual(stored.answers, expected.answers);
    assert.equal(stored.generatorVersion, VERSION);
    const tracked = git(repo, 'ls-files').split('\n').filter((p) => p !== '.yo-rc.json' && p !== 'multibuild').sort();
    assert.deepEqual(stored.manifest.map((e) => e.path).sort(), tracked);
    for (const e of stored.manifest) assert.equal(recoverBase(e), readFileSync(join(repo, e.path), 'utf8'), e.path);
    assert.match(r.stdout, /Created cymem-wheels\/: 6 platforms × 5 Python versions/);
  });

  it('takes DIR, and --no-git writes the files without a repository', () => {
    const r = create(['--yes', '--no-git', ...BASE, 'out/here']);
    assert.equal(r.status, 0, r.stderr);
    const repo = join(r.cwd, 'out/here');
    assert.ok(existsSync(join(repo, '.github/workflows/build-wheels.yml')));
    assert.ok(!existsSync(join(repo, '.git')));
    assert.match(r.stdout, /git submodule add https:\/\/github\.com\/multi-build\/multibuild\.git multibuild/);
  });

  it('--dry-run lists the files and writes nothing', () => {
    const r = create(['--yes', '--dry-run', ...BASE]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(r.cwd), []);
    assert.match(r.stdout, /Would create cymem-wheels\/ \(dry run, nothing written\)/);
    assert.match(r.stdout, /config\.sh \(\d+ bytes\)/);
  });

  it('never prompts without a terminal: missing answers are errors naming the flags', () => {
    const r = create([]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--name is required/);
    assert.match(r.stderr, /--repo-url is required/);
    assert.doesNotMatch(r.stdout + r.stderr, /\?/);
    assert.deepEqual(readdirSync(r.cwd), []);
  });

  it('reports every invalid flag at once, without a stack, and writes nothing', () => {
    const r = create(['--yes', '--name', 'bad name', '--repo-url', 'ftp://x', '--python', '2.7', '--build-commit', 'a..b', '--nightly', 'daily']);
    assert.equal(r.status, 1);
    for (const flag of ['--name', '--repo-url', '--python', '--build-commit', '--nightly']) assert.match(r.stderr, new RegExp(`^  ${flag} `, 'm'));
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    assert.match(r.stderr, /^hint: /m);
    assert.deepEqual(readdirSync(r.cwd), []);
  });

  it('refuses an unknown flag with a hint', () => {
    const r = create(['--yes', ...BASE, '--colour', 'red']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Unknown option '--colour'/);
    assert.match(r.stderr, /create-wheels-repo --help/);
  });

  it('refuses a non-empty directory that it did not generate, touching nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-e2e-'));
    mkdirSync(join(cwd, 'cymem-wheels'));
    writeFileSync(join(cwd, 'cymem-wheels', 'mine.txt'), 'keep me');
    const r = create(['--yes', ...BASE], cwd);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exists and is not empty, and it is not a wheels repository generated by create-wheels-repo/);
    assert.deepEqual(readdirSync(join(cwd, 'cymem-wheels')), ['mine.txt']);
    assert.deepEqual(readdirSync(cwd), ['cymem-wheels']);
  });

  it('fills an existing empty directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-e2e-'));
    mkdirSync(join(cwd, 'cymem-wheels'));
    const r = create(['--yes', ...BASE], cwd);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(cwd, 'cymem-wheels/config.sh')));
  });

  it('leaves nothing behind when git is missing, and says what to do', () => {
    const bin = mkdtempSync(join(tmpdir(), 'cwr-nogit-'));
    for (const tool of ['bash', 'sh']) symlinkSync(`/bin/${tool}`, join(bin, tool));
    const r = create(['--yes', ...BASE], undefined, { PATH: bin });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /git was not found on PATH/);
    assert.match(r.stderr, /--no-git/);
    assert.deepEqual(readdirSync(r.cwd), [], 'neither the target nor a staging directory remains');
  });

  it('--help lists every answer flag; --version prints the version', () => {
    const help = create(['--help']);
    assert.equal(help.status, 0);
    for (const o of OPTIONS) assert.match(help.stdout, new RegExp(`--${o.flag} `));
    const v = create(['--version']);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.trim(), VERSION);
  });
});
