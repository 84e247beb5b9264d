// wheels-repo secrets against a real local HTTP server playing GitHub, Travis and AppVeyor. The
// captured ciphertexts are opened by independent tools: PyNaCl for GitHub, openssl for Travis.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sodium from 'libsodium-wrappers';
import { parse } from 'yaml';
import { ROOT } from '../support/checks.js';
import { assertNoSecrets, opensslOpen as opensslOpenWith, pynaclOpen as pynaclOpenWith } from '../support/decrypt.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const GH_TOKEN = 'ghp_fake_token_for_tests_0000000000000';
const SECRET = `s3cr3t-'value' with "quotes" $(and) ünïcode`;

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server;
let base = '';
const seen: Captured[] = [];
const githubSecrets = new Map<string, { encrypted_value: string; key_id: string }>();
let keyPair: { publicKey: Uint8Array; privateKey: Uint8Array };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const appveyorPlain: string[] = [];

before(async () => {
  await sodium.ready;
  keyPair = sodium.crypto_box_keypair();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const json = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
      const url = req.url ?? '';
      if (url.startsWith('/github/')) {
        if (req.headers.authorization !== `token ${GH_TOKEN}`) return json(401, { message: 'Bad credentials' });
        const path = url.slice('/github'.length);
        if (path === '/repos/explosion/cymem-wheels/actions/secrets/public-key') {
          return json(200, { key_id: '3380204578043523366', key: sodium.to_base64(keyPair.publicKey, sodium.base64_variants.ORIGINAL) });
        }
        if (path.startsWith('/repos/explosion/cymem-wheels/actions/secrets?')) {
          return json(200, { total_count: githubSecrets.size, secrets: [...githubSecrets.keys()].map((name) => ({ name, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })) });
        }
        const put = /^\/repos\/explosion\/cymem-wheels\/actions\/secrets\/([A-Z_]+)$/.exec(path);
        if (put && req.method === 'PUT') {
          const existed = githubSecrets.has(put[1] as string);
          githubSecrets.set(put[1] as string, JSON.parse(body) as { encrypted_value: string; key_id: string });
          return res.writeHead(existed ? 204 : 201).end();
        }
        return json(404, { message: 'Not Found' });
      }
      if (url === '/travis/repo/explosion%2Fcymem-wheels/key_pair/generated') {
        if (req.headers['travis-api-version'] !== '3' || !req.headers['user-agent']) return json(403, { error_type: 'login_required' });
        // Travis labels an SPKI key as PKCS#1: the client must not trust the label.
        const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY');
        return json(200, { public_key: spki, fingerprint: 'aa:bb' });
      }
      if (url === '/appveyor/account/encrypt' && req.method === 'POST') {
        appveyorPlain.push((JSON.parse(body) as { plainValue: string }).plainValue);
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(`APPVEYOR${appveyorPlain.length}=\n`);
      }
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function generated(flags: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-secrets-'));
  const r = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo', ...flags], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return join(dir, 'repo');
}

/** Asynchronous: the server answers from this process's event loop. */
function secrets(dir: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [WHEELS_REPO, 'secrets', ...args, '--dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, GITHUB_API_URL: `${base}/github`, TRAVIS_API_URL: `${base}/travis`, APPVEYOR_API_URL: `${base}/appveyor`, GITHUB_TOKEN: GH_TOKEN, GH_TOKEN: '', ...env },
    }, (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(input ?? '');
  });
}

function pynaclOpen(cipherB64: string): string {
  return pynaclOpenWith(sodium.to_base64(keyPair.privateKey, sodium.base64_variants.ORIGINAL), cipherB64);
}

function opensslOpen(cipherB64: string): string {
  return opensslOpenWith(rsa.privateKey, cipherB64);
}

function noPlaintextAnywhere(dir: string, outputs: string[]): void {
  assertNoSecrets([SECRET, GH_TOKEN], outputs, [dir]);
}

describe('wheels-repo secrets, GitHub Actions layout', () => {
  it('set reads stdin, seals to the repository key, and PyNaCl opens it to the plaintext', async () => {
    const dir = generated(['--staging', 'anaconda', '--anaconda-org', 'org']);
    const r = await secrets(dir, ['set', 'ANACONDA_TOKEN'], {}, `${SECRET}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ANACONDA_TOKEN: created as a GitHub Actions secret/);
    const stored = githubSecrets.get('ANACONDA_TOKEN');
    assert.ok(stored);
    assert.equal(stored.key_id, '3380204578043523366');
    assert.equal(Buffer.from(stored.encrypted_value, 'base64').length, 48 + Buffer.byteLength(SECRET));
    assert.equal(pynaclOpen(stored.encrypted_value), SECRET);
    noPlaintextAnywhere(dir, [r.stdout, r.stderr]);
    const keyRequests = seen.filter((s) => s.url.endsWith('/public-key')).length;
    assert.equal(keyRequests, 1, 'one public-key request per repository');
  });

  it('list shows names and state only; sync skips what is set', async () => {
    const dir = generated(['--staging', 'anaconda', '--anaconda-org', 'org']);
    const list = await secrets(dir, ['list']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^ANACONDA_TOKEN\s+set\s+github-secret/m);
    const sync = await secrets(dir, ['sync']);
    assert.equal(sync.status, 0, sync.stderr);
    assert.match(sync.stdout, /ANACONDA_TOKEN \(github-secret\): already set/);
  });

  it('refuses a value on the command line, and a bad token is a clear error', async () => {
    const dir = generated(['--staging', 'anaconda', '--anaconda-org', 'org']);
    const argv = await secrets(dir, ['set', `ANACONDA_TOKEN=${SECRET}`]);
    assert.equal(argv.status, 1);
    assert.match(argv.stderr, /on the command line .* refused/);
    assert.ok(!argv.stderr.includes(SECRET));
    const bad = await secrets(dir, ['list'], { GITHUB_TOKEN: 'nope' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /HTTP 401/);
    assert.match(bad.stderr, /GitHub refused the token/);
  });
});

describe('wheels-repo secrets, Travis CI + AppVeyor layout', () => {
  it('sync encrypts from the environment into .travis.yml and appveyor.yml; openssl opens the Travis value', async () => {
    const dir = generated(['--ci', 'travis-appveyor', '--platforms', 'linux-x86_64,windows-amd64']);
    const before = await secrets(dir, ['list']);
    assert.equal(before.status, 1, 'placeholders are not set');
    assert.match(before.stdout, /TWINE_PASSWORD\s+placeholder/);
    const env = { TRAVIS_TOKEN: 'travis-token', APPVEYOR_TOKEN: 'appveyor-token', TWINE_PASSWORD: SECRET, WHEELS_REPO_SECRET_GITHUB_TOKEN: 'release-token-for-staging' };
    const r = await secrets(dir, ['sync'], env);
    assert.equal(r.status, 0, r.stderr);
    const travis = parse(readFileSync(join(dir, '.travis.yml'), 'utf8'), { version: '1.1' }) as { env: { global: Array<string | { secure: string }> }; jobs: { include: Array<{ env?: Array<string | { secure: string }> }> } };
    // Issue #11: TWINE_PASSWORD and APPVEYOR_TOKEN are in the deploy job's env, GITHUB_TOKEN global.
    const secure = [...travis.env.global, ...travis.jobs.include.flatMap((j) => j.env ?? [])].filter((e): e is { secure: string } => typeof e === 'object').map((e) => e.secure);
    const opened = secure.map(opensslOpen).sort();
    assert.deepEqual(opened, [
      "APPVEYOR_TOKEN='appveyor-token'",
      "GITHUB_TOKEN='release-token-for-staging'",
      `TWINE_PASSWORD='${SECRET.replace(/'/g, "'\\''")}'`,
    ].sort());
    const av = parse(readFileSync(join(dir, 'appveyor.yml'), 'utf8'), { version: '1.1' }) as { environment: { global: Record<string, { secure?: string }> } };
    assert.match(av.environment.global.GITHUB_TOKEN?.secure ?? '', /^APPVEYOR\d+=$/);
    assert.ok(appveyorPlain.includes('release-token-for-staging'));
    const after = await secrets(dir, ['list']);
    assert.equal(after.status, 0, after.stdout);
    noPlaintextAnywhere(dir, [r.stdout, r.stderr, after.stdout]);
  });

  it('sync without values names the missing ones and changes nothing', async () => {
    const dir = generated(['--ci', 'travis-appveyor', '--platforms', 'linux-x86_64']);
    const text = readFileSync(join(dir, '.travis.yml'), 'utf8');
    const r = await secrets(dir, ['sync'], { GITHUB_TOKEN: '', TWINE_PASSWORD: '' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No value for GITHUB_TOKEN, TWINE_PASSWORD; nothing was set/);
    assert.equal(readFileSync(join(dir, '.travis.yml'), 'utf8'), text);
  });
});
