// wheels-repo remote and the pypi environment (issue #11): it must admit only v* tags. An environment
// made earlier without a policy (by an older version, or by hand) is limited on the next run, and a
// run that finds the policy in place changes nothing. Against the local GitHub double, every request
// body checked against GitHub's OpenAPI description.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { ROOT } from '../support/checks.js';
import { ServiceDouble } from '../support/service-double.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
let double: ServiceDouble;

before(async () => {
  double = await new ServiceDouble().start();
});
after(() => double.stop());
afterEach(() => assert.deepEqual(double.invalid.splice(0), [], 'request bodies GitHub would refuse'));

/** The bin in a child process; asynchronous, so the double in this process can answer it. */
function run(bin: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'cwr-gate-home-'));
  const env = {
    ...double.env(), PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid',
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the pypi environment of the release gate', () => {
  it('an existing environment without a policy is limited to v* tags; a rerun changes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-gate-'));
    const made = await run(CREATE, ['--yes', '--name', 'gate', '--repo-url', 'https://github.com/explosion/gate', 'repo'], cwd);
    assert.equal(made.status, 0, made.stderr);
    const repo = double.addRepo('explosion', 'gate-wheels');
    repo.environments.set('pypi', { custom: false, policies: [] }); // as an older version, or a person, made it

    const first = await run(WHEELS_REPO, ['remote'], join(cwd, 'repo'));
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /^done +PUT \/repos\/explosion\/gate-wheels\/environments\/pypi: limit deployments to selected branches and tags$/m);
    assert.match(first.stdout, /^done +POST \/repos\/explosion\/gate-wheels\/environments\/pypi\/deployment-branch-policies: admit v\* tags/m);
    assert.deepEqual(repo.environments.get('pypi'), { custom: true, policies: [{ id: 1, name: 'v*', type: 'tag' }] });

    const before = double.mutations().length;
    const again = await run(WHEELS_REPO, ['remote'], join(cwd, 'repo'));
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^already +environment pypi exists and admits selected branches and tags only$/m);
    assert.match(again.stdout, /^already +environment pypi admits v\* tags$/m);
    assert.equal(double.mutations().length, before, 'a rerun sends no change');
  });
});
