// The first commit of a generated repository (src/io/git.ts initRepository): three git processes,
// git's own identity when it has one (config or environment), create-wheels-repo's when it has
// none, never one guessed from the host; the files and the submodule gitlinks in the tree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { initRepository } from '../../src/io/git.js';

const IDENTITY_VARS = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_CONFIG_GLOBAL'];
const LINK = '0123456789abcdef0123456789abcdef01234567';

/** A directory with two files and a fresh HOME (no ~/.gitconfig), system config off. */
function workTree(): string {
  const home = mkdtempSync(join(tmpdir(), 'cwr-git-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  const dir = join(home, 'repo');
  mkdirSync(join(dir, 'ci'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# x\n');
  writeFileSync(join(dir, 'ci', 'run.sh'), '#!/bin/sh\n');
  return dir;
}

const log = (dir: string) => execFileSync('git', ['log', '--format=%an <%ae> / %cn <%ce>'], { cwd: dir, encoding: 'utf8' }).trim();

describe('initRepository', () => {
  beforeEach(() => {
    for (const v of IDENTITY_VARS) delete process.env[v];
  });

  it('commits the files and the gitlinks on main, as git config\'s user', () => {
    const dir = workTree();
    writeFileSync(join(process.env.HOME as string, '.gitconfig'), '[user]\n\tname = Ada\n\temail = ada@example.org\n');
    assert.deepEqual(initRepository(dir, ['README.md', 'ci/run.sh'], [{ path: 'multibuild', commit: LINK }], 'first'), { usedFallbackIdentity: false });
    assert.equal(log(dir), 'Ada <ada@example.org> / Ada <ada@example.org>');
    assert.equal(execFileSync('git', ['branch', '--show-current'], { cwd: dir, encoding: 'utf8' }).trim(), 'main');
    const tree = execFileSync('git', ['ls-tree', '-r', 'HEAD'], { cwd: dir, encoding: 'utf8' });
    assert.match(tree, /^160000 commit 0123456789abcdef0123456789abcdef01234567\tmultibuild$/m);
    assert.match(tree, /\tREADME\.md$/m);
    assert.match(tree, /\tci\/run\.sh$/m);
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }), '', 'the index matches the work tree');
  });

  it('takes the identity from GIT_AUTHOR_* and GIT_COMMITTER_* when git config has none', () => {
    const dir = workTree();
    Object.assign(process.env, { GIT_AUTHOR_NAME: 'Env A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'Env C', GIT_COMMITTER_EMAIL: 'c@example.org' });
    assert.deepEqual(initRepository(dir, ['README.md'], [], 'first'), { usedFallbackIdentity: false });
    assert.equal(log(dir), 'Env A <a@example.org> / Env C <c@example.org>');
  });

  it('commits as create-wheels-repo when git has no identity, and never as one guessed from the host', () => {
    const dir = workTree();
    assert.deepEqual(initRepository(dir, ['README.md'], [], 'first'), { usedFallbackIdentity: true });
    assert.equal(log(dir), 'create-wheels-repo <create-wheels-repo@users.noreply.github.com> / create-wheels-repo <create-wheels-repo@users.noreply.github.com>');
  });
});
