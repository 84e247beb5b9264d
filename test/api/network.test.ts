// Failures below HTTP (issue #14): named as what they are, never as "HTTP 500", and not retried when
// waiting cannot help. The GitHub client is driven through a fetch that fails as undici does; the
// command line runs against a closed port and a TLS server whose certificate does not verify.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttps, type Server } from 'node:https';
import { createServer as createTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromOctokit } from '../../src/api/errors.js';
import { createGitHub } from '../../src/api/github.js';
import { networkFailure } from '../../src/api/network.js';
import { travisKey } from '../../src/api/ci-services.js';
import { GIT_ENV, generatedRepo, run, WHEELS_REPO_BIN } from '../support/wheels-repos.js';

/** The command line without blocking this process, whose TLS server must answer meanwhile. */
function runAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [WHEELS_REPO_BIN, ...args], { cwd, env: { ...process.env, ...GIT_ENV, ...env }, encoding: 'utf8' }, (_e, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }));
    child.stdin?.end();
  });
}

/** What undici's fetch throws: TypeError('fetch failed') with the system error as its cause. */
const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });

/** A layout with a secret, so `secrets list` asks GitHub. */
const ANACONDA = ['--staging', 'anaconda', '--anaconda-org', 'o'];

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createTcp();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('networkFailure', () => {
  it('finds the code in the cause chain and knows which failures waiting can fix', () => {
    const table: Array<[unknown, string | undefined, boolean | undefined]> = [
      [fetchFailed('ECONNREFUSED'), 'ECONNREFUSED', false],
      [fetchFailed('ENOTFOUND'), 'ENOTFOUND', false],
      [fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT'), 'DEPTH_ZERO_SELF_SIGNED_CERT', false],
      [fetchFailed('CERT_HAS_EXPIRED'), 'CERT_HAS_EXPIRED', false],
      [fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'), 'ERR_TLS_CERT_ALTNAME_INVALID', false],
      [fetchFailed('ECONNRESET'), 'ECONNRESET', true],
      [fetchFailed('UND_ERR_SOCKET'), 'UND_ERR_SOCKET', true],
      [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'TIMEOUT', true],
      [{ cause: { cause: fetchFailed('ECONNREFUSED') } }, 'ECONNREFUSED', false],
      [new Error('plain'), undefined, undefined],
      [Object.assign(new Error('HTTP'), { status: 502 }), undefined, undefined],
    ];
    for (const [e, code, retryable] of table) {
      const f = networkFailure(e);
      assert.equal(f?.code, code, String(e));
      assert.equal(f?.retryable, retryable, String(e));
    }
  });
});

describe('the GitHub client', () => {
  const client = (fail: () => never, calls: { n: number }) => createGitHub({
    token: 't', log: () => {}, env: { GITHUB_API_URL: 'http://127.0.0.1:1', WHEELS_REPO_RETRY_BASE_MS: '1' },
    fetchImpl: async () => { calls.n++; return fail(); },
  });

  it('does not retry a refused connection, and names it without an HTTP status', async () => {
    const calls = { n: 0 };
    const gh = await client(() => { throw fetchFailed('ECONNREFUSED'); }, calls);
    const e = await gh.rest.repos.get({ owner: 'o', repo: 'r' }).then(() => undefined, (err: unknown) => fromOctokit('GET /repos/o/r', err));
    assert.equal(calls.n, 1);
    assert.ok(e);
    assert.equal(e.message, 'GET /repos/o/r failed: could not reach 127.0.0.1:1: connection refused (ECONNREFUSED).');
    assert.doesNotMatch(`${e.message} ${e.hint}`, /HTTP|500|run the command again/);
    assert.match(e.hint ?? '', /GITHUB_API_URL; this cannot succeed by waiting, so it was not retried/);
  });

  it('does retry a reset connection (3 retries), then names it', async () => {
    const calls = { n: 0 };
    const gh = await client(() => { throw fetchFailed('ECONNRESET'); }, calls);
    const e = await gh.rest.repos.get({ owner: 'o', repo: 'r' }).then(() => undefined, (err: unknown) => fromOctokit('GET /repos/o/r', err));
    assert.equal(calls.n, 4);
    assert.match(e?.message ?? '', /connection reset \(ECONNRESET\)\.$/);
    assert.match(e?.hint ?? '', /tried again/);
  });
});

describe('the command line, against a closed port and an untrusted certificate', () => {
  let tls: Server;
  let tlsPort = 0;
  let ca = '';
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwr-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    ca = join(dir, 'c.pem');
    tls = createHttps({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(ca) }, (_q, r) => { r.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}'); });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    tlsPort = (tls.address() as AddressInfo).port;
  });
  after(() => tls.close());

  it('ECONNREFUSED: exit 1, "connection refused", no HTTP status, no stack', async () => {
    const port = await closedPort();
    const r = run(process.execPath, [WHEELS_REPO_BIN, 'secrets', 'list'], generatedRepo(ANACONDA), { GITHUB_TOKEN: 'ghp_x', GITHUB_API_URL: `http://127.0.0.1:${port}`, WHEELS_REPO_RETRY_BASE_MS: '1' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`could not reach 127\\.0\\.0\\.1:${port}: connection refused \\(ECONNREFUSED\\)`));
    assert.doesNotMatch(r.stderr, /HTTP \d|internal error|at .*\.js:\d+/);
  });

  it('a self-signed certificate: exit 1, named, with NODE_EXTRA_CA_CERTS as the fix; trusted through it, the same server answers', async () => {
    const env = { GITHUB_TOKEN: 'ghp_x', GITHUB_API_URL: `https://127.0.0.1:${tlsPort}`, WHEELS_REPO_RETRY_BASE_MS: '1' };
    const r = await runAsync(['secrets', 'list'], generatedRepo(ANACONDA), env);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /TLS certificate not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    assert.match(r.stderr, /NODE_EXTRA_CA_CERTS/);
    // with the CA trusted the request goes through and the server's 404 is reported as an HTTP status
    const trusted = await runAsync(['secrets', 'list'], generatedRepo(ANACONDA), { ...env, NODE_EXTRA_CA_CERTS: ca });
    assert.equal(trusted.status, 1);
    assert.match(trusted.stderr, /HTTP 404/);
    assert.doesNotMatch(trusted.stderr, /certificate/);
  });

  it('Travis and AppVeyor calls name a refused connection the same way', async () => {
    const port = await closedPort();
    await assert.rejects(travisKey({ TRAVIS_TOKEN: 't', TRAVIS_API_URL: `http://127.0.0.1:${port}` }, 'o/r'), (e: Error & { hint?: string }) =>
      e.message === `GET /repo/o%2Fr/key_pair/generated (Travis public key) failed: could not reach 127.0.0.1:${port}: connection refused (ECONNREFUSED).`
      && /TRAVIS_API_URL; this cannot succeed by waiting/.test(e.hint ?? ''));
  });
});
