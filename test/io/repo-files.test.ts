import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.js';
import { pathProblem, RepoFiles } from '../../src/io/repo-files.js';

/** A repository directory and, beside it, an outside directory holding a file that must never change. */
function fixture() {
  const top = mkdtempSync(join(tmpdir(), 'cwr-guard-'));
  const repo = join(top, 'repo');
  const outside = join(top, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(join(outside, 'victim.txt'), 'SECRET-CONTENT\n');
  writeFileSync(join(repo, 'config.sh'), 'run_tests() { :; }\n');
  return { top, repo, outside, victim: join(outside, 'victim.txt') };
}

function refused(fn: () => unknown, path: RegExp): void {
  assert.throws(fn, (e: unknown) => isUserError(e) && path.test(e.message) && /nothing was changed/.test(e.message));
}

describe('pathProblem', () => {
  it('accepts plain relative paths', () => {
    for (const p of ['config.sh', '.github/workflows/build-wheels.yml', 'ci/a.sh', '.gitignore', '.gitmodules']) assert.equal(pathProblem(p), null, p);
  });

  it('refuses absolute paths, "..", ".", empty segments, .git, backslashes and control characters', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['/etc/passwd', /absolute/], ['C:/x', /absolute/], ['../victim.txt', /\.\./], ['ci/../../x', /\.\./],
      ['./config.sh', /normal form/], ['ci//a.sh', /normal form/], ['ci/', /normal form/], ['.git/config', /\.git/],
      ['a\\b', /backslash/], ['a\nb', /control/], ['', /not a path/], [42, /not a path/],
    ];
    for (const [p, why] of cases) assert.match(String(pathProblem(p)), why, String(p));
  });
});

describe('RepoFiles', () => {
  it('reads and writes plain files, all at once, keeping modes', () => {
    const { repo } = fixture();
    const files = new RepoFiles(repo);
    files.writeAll(new Map([['ci/new.sh', '#!/bin/sh\n'], ['config.sh', 'changed\n']]), { modes: new Map([['ci/new.sh', 0o755]]) });
    assert.equal(files.read('config.sh'), 'changed\n');
    assert.equal(files.read('missing.txt'), undefined);
    assert.equal(files.mode('ci/new.sh'), 0o755);
    assert.equal(statSync(join(repo, 'config.sh')).mode & 0o777, 0o644);
    files.writeAll(new Map([['ci/new.sh', null]]));
    assert.equal(existsSync(join(repo, 'ci/new.sh')), false);
    assert.deepEqual(files.list('ci'), []);
  });

  it('refuses to write through a symlinked directory, and writes nothing else of the batch', () => {
    const { repo, outside } = fixture();
    symlinkSync('../outside', join(repo, 'ci'));
    const files = new RepoFiles(repo);
    refused(() => files.writeAll(new Map([['config.sh', 'new\n'], ['ci/victim.txt', 'pwned\n']])), /ci\/victim\.txt.*symbolic link ci/);
    assert.equal(readFileSync(join(outside, 'victim.txt'), 'utf8'), 'SECRET-CONTENT\n');
    assert.equal(readFileSync(join(repo, 'config.sh'), 'utf8'), 'run_tests() { :; }\n');
    assert.equal(existsSync(join(outside, 'new.sh')), false);
  });

  it('refuses to read, write or delete a file that is a symlink', () => {
    const { repo, victim } = fixture();
    symlinkSync(victim, join(repo, 'README.md'));
    const files = new RepoFiles(repo);
    refused(() => files.read('README.md'), /README\.md.*symbolic link/);
    refused(() => files.writeAll(new Map([['README.md', 'x']])), /README\.md/);
    refused(() => files.writeAll(new Map([['README.md', null]])), /README\.md/);
    refused(() => files.mode('README.md'), /README\.md/);
    assert.equal(readFileSync(victim, 'utf8'), 'SECRET-CONTENT\n');
  });

  it('refuses ".." and absolute paths before touching anything', () => {
    const { repo, victim } = fixture();
    const files = new RepoFiles(repo);
    refused(() => files.writeAll(new Map([['../outside/victim.txt', null]])), /\.\.\/outside\/victim\.txt.*leads out/);
    refused(() => files.writeAll(new Map([[victim, 'x']])), /absolute/);
    refused(() => files.read('../outside/victim.txt'), /leads out/);
    assert.equal(readFileSync(victim, 'utf8'), 'SECRET-CONTENT\n');
  });

  it('does not follow a dangling link planted where a temporary file might go', () => {
    const { repo, outside } = fixture();
    const files = new RepoFiles(repo);
    // A link at the target itself is refused (links at temporary names: the next test).
    symlinkSync(join(outside, 'planted.txt'), join(repo, 'new.txt'));
    refused(() => files.writeAll(new Map([['new.txt', 'x']])), /new\.txt/);
    assert.equal(existsSync(join(outside, 'planted.txt')), false);
  });

  it('skips a temporary name someone planted a link at, and writes through none of them', (t) => {
    const { repo, outside, victim } = fixture();
    const files = new RepoFiles(repo);
    // The temporary names are the pid, the time and a counter: plant links at the first 300 of this moment.
    t.mock.method(Date, 'now', () => 1_700_000_000_000);
    const stamp = (1_700_000_000_000).toString(36);
    for (let n = 0; n < 300; n++) symlinkSync(victim, join(repo, `.new.txt.wheels-repo-${process.pid}-${stamp}-${n}.tmp`));
    files.writeAll(new Map([['new.txt', 'x\n']]));
    assert.equal(readFileSync(join(repo, 'new.txt'), 'utf8'), 'x\n');
    assert.equal(readFileSync(victim, 'utf8'), 'SECRET-CONTENT\n');
    assert.equal(existsSync(join(outside, 'planted.txt')), false);
  });

  it('accepts a root reached through a link (the user\'s own path), but nothing below it', () => {
    const { top, repo } = fixture();
    symlinkSync(repo, join(top, 'link-to-repo'));
    const files = new RepoFiles(join(top, 'link-to-repo'));
    assert.equal(files.read('config.sh'), 'run_tests() { :; }\n');
    assert.equal(files.root, repo);
  });

  it('lists regular files only, leaving links out', () => {
    const { repo, victim } = fixture();
    mkdirSync(join(repo, 'ci'));
    writeFileSync(join(repo, 'ci/a.sh'), '');
    symlinkSync(victim, join(repo, 'ci/b.sh'));
    assert.deepEqual(new RepoFiles(repo).list('ci'), ['ci/a.sh']);
  });
});
