// Operating-system errors on the user's paths (issue #14): each becomes exit 1 with the path, what
// the system said and the fix; no "internal error", no stack, no Yeoman banner, nothing left behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { osError } from '../../src/core/os-errors.js';
import { CREATE_BIN, CYMEM } from '../support/wheels-repos.js';

const sysError = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, errno: -1 });

describe('osError: every error class, with its message and fix', () => {
  const table: Array<[string, string, RegExp, RegExp]> = [
    ['EACCES', 'mkdir', /^Cannot create '\/r o\/x': permission denied \(EACCES\)\.$/, /directory you can write to/],
    ['EPERM', 'open', /^Cannot write '\/r o\/x': operation not permitted \(EPERM\)\.$/, /directory you can write to/],
    ['EROFS', 'open', /^Cannot write '\/r o\/x': read-only file system \(EROFS\)\.$/, /writable file system/],
    ['ENOSPC', 'write', /^Cannot write '\/r o\/x': no space left on the device \(ENOSPC\)\.$/, /Free some space/],
    ['EDQUOT', 'write', /^Cannot write '\/r o\/x': disk quota exceeded \(EDQUOT\)\.$/, /Free some space/],
    ['ENAMETOOLONG', 'mkdtemp', /^Cannot create '\/r o\/x': file name too long \(ENAMETOOLONG\)\.$/, /shorter --name/],
    ['EEXIST', 'rename', /^Cannot move into place '\/r o\/x': it already exists \(EEXIST\)\.$/, /Move it away/],
    ['EEXIST', 'mkdir', /^Cannot create a directory at '\/r o\/x': a file is in the way \(EEXIST\)\.$/, /Move the file away/],
    ['ENOTDIR', 'scandir', /^Cannot read '\/r o\/x': a part of the path is a file, not a directory \(ENOTDIR\)\.$/, /directories/],
    ['EMFILE', 'open', /^Cannot write '\/r o\/x': too many open files \(EMFILE\)\.$/, /ulimit -n/],
  ];
  for (const [code, syscall, message, hint] of table) {
    it(`${code} (${syscall})`, () => {
      const u = osError(sysError(code, syscall, '/r o/x'));
      assert.ok(u);
      assert.match(u.message, message);
      assert.match(u.hint ?? '', hint);
      assert.equal(u.exitCode, 1);
    });
  }

  it('is undefined for errors that are not about a path: those stay bugs', () => {
    assert.equal(osError(new Error('x')), undefined);
    assert.equal(osError(Object.assign(new Error('x'), { code: 'EACCES' })), undefined);
    assert.equal(osError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING', path: '/x' })), undefined);
    assert.equal(osError('EACCES'), undefined);
  });
});

describe('create-wheels-repo on paths the system refuses, for real', () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'cwr-os-'));
    chmodSync(d, 0o755);
    return d;
  };
  const expectRefusal = (r: ReturnType<typeof spawnSync>, code: string) => {
    const err = String(r.stderr);
    assert.equal(r.status, 1, `${String(r.stdout)}${err}`);
    assert.match(err, new RegExp(`^error: Cannot .*\\(${code}\\)\\.\\nhint: `, 'm'));
    assert.doesNotMatch(err, /internal error|at .*\.js:\d+|✖|An error occured|\x1b\[/);
  };

  it('ENAMETOOLONG: a 300-character directory name; the parents it made are gone again', () => {
    const cwd = dir();
    const r = spawnSync(process.execPath, [CREATE_BIN, '--yes', '--no-git', ...CYMEM, join('deep', 'a'.repeat(300))], { cwd, encoding: 'utf8', input: '' });
    expectRefusal(r, 'ENAMETOOLONG');
    assert.match(r.stderr, /'deep\/a{300}'|\/deep\/a{300}'/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('EEXIST: a file where a parent directory has to be', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'afile'), 'x');
    const r = spawnSync(process.execPath, [CREATE_BIN, '--yes', '--no-git', ...CYMEM, 'afile/sub'], { cwd, encoding: 'utf8', input: '' });
    expectRefusal(r, 'EEXIST');
    assert.match(r.stderr, /a file is in the way/);
    assert.deepEqual(readdirSync(cwd), ['afile']);
  });

  it('EACCES: a directory without write permission (as an unprivileged user when run as root)', () => {
    const cwd = dir();
    const ro = join(cwd, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    chmodSync(ro, 0o555);
    const root = process.getuid?.() === 0;
    // root writes anywhere: the command runs as nobody (65534), with a node that user can execute
    let node = process.execPath;
    if (root) {
      const canRun = (p: string) => spawnSync(p, ['-e', '0'], { uid: 65534, gid: 65534 }).status === 0;
      node = [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find((p) => { try { accessSync(p, constants.X_OK); return canRun(p); } catch { return false; } }) ?? '';
      assert.ok(node, 'no node binary that the unprivileged user can run');
    }
    const r = spawnSync(node, [CREATE_BIN, '--yes', '--no-git', ...CYMEM], { cwd: ro, encoding: 'utf8', input: '', ...(root ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: ro } } : {}) });
    expectRefusal(r, 'EACCES');
    assert.match(r.stderr, /permission denied/);
    assert.deepEqual(readdirSync(ro), []);
  });
});
