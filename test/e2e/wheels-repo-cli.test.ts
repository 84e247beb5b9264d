import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { closest } from '../../src/cli/wheels-repo.js';
import { ROOT } from '../support/checks.js';

const BIN = join(ROOT, 'dist/src/bin/wheels-repo.js');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('wheels-repo, the command line itself', () => {
  it('without a command prints the usage and exits 2 (nothing ran)', () => {
    const r = run([]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^Usage: wheels-repo <command> \[options\]$/m);
    for (const c of ['bump', 'build', 'download', 'doctor', 'remote', 'secrets', 'webhooks', 'upgrade']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  });

  it('a mistyped command gets "did you mean", exit 2; -V prints the version', () => {
    const r = run(['dcotor']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown command or option: dcotor \(did you mean doctor\?\)/);
    assert.doesNotMatch(run(['frobnicate']).stderr, /did you mean/);
    assert.match(run(['-V']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('closest: within a third of the word, else nothing', () => {
    assert.equal(closest('bmup', ['bump', 'build']), 'bump');
    assert.equal(closest('--buidl', ['bump', 'build']), 'build');
    assert.equal(closest('xyz', ['bump', 'build']), undefined);
  });
});
