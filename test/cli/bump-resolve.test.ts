// wheels-repo bump --resolve against a real local HTTP server playing GitHub's commits endpoint.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const create = join(root, 'dist/src/bin/create-wheels-repo.cjs');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');

const COMMIT_MAIN = 'a'.repeat(40);
const COMMIT_V1 = '1111111111111111111111111111111111111111';
const COMMIT_V2 = '2222222222222222222222222222222222222222';
const TAG_OBJECT_V2 = '9999999999999999999999999999999999999999';
const TOKEN = 'ghp_test_token_never_printed_0123456789';

// What GitHub's GET /repos/{o}/{r}/commits/{ref} does: branches and lightweight tags point at commits;
// an annotated tag points at a tag object, which the endpoint peels to its commit.
const refs: Record<string, { type: 'commit' | 'tag'; sha: string; peeled?: string }> = {
  main: { type: 'commit', sha: COMMIT_MAIN },
  'v1.0': { type: 'commit', sha: COMMIT_V1 },
  'v2.0': { type: 'tag', sha: TAG_OBJECT_V2, peeled: COMMIT_V2 },
};

let server: Server;
let base = '';
const seen: IncomingMessage[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const m = /^\/repos\/explosion\/cymem\/commits\/([^/]+)$/.exec(req.url ?? '');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      return;
    }
    const ref = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const target = ref ? refs[ref] : undefined;
    if (!target) {
      res.writeHead(422, { 'content-type': 'application/json' }).end(`{"message":"No commit found for SHA: ${ref}"}`);
      return;
    }
    const sha = target.type === 'tag' ? (target.peeled as string) : target.sha;
    if (req.headers.accept === 'application/vnd.github.sha') res.writeHead(200, { 'content-type': 'text/plain' }).end(sha);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sha }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function freshRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-resolve-'));
  const r = spawnSync(process.execPath, [create, '--yes', '--no-git', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return join(dir, 'repo');
}

/** Asynchronous on purpose: the server answers from this process's event loop. */
function bump(dir: string, args: string[], token = TOKEN): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [wheelsRepo, 'bump', ...args, '--resolve'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_API_URL: base, GITHUB_TOKEN: token, GH_TOKEN: '' },
    }, (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

const workflow = (dir: string) => readFileSync(join(dir, '.github/workflows/build-wheels.yml'), 'utf8');
const pinLine = (dir: string) => workflow(dir).split('\n').find((l) => l.includes('BUILD_COMMIT:'));

describe('bump --resolve', () => {
  it('writes the commit of a branch, keeping the name in a comment', async () => {
    const dir = freshRepo();
    const r = await bump(dir, ['main']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(pinLine(dir), `  BUILD_COMMIT: "${COMMIT_MAIN}"  # main`);
    assert.match(r.stdout, new RegExp(`explosion/cymem: main is ${COMMIT_MAIN}`));
    const answers = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['create-wheels-repo'].answers;
    assert.equal(answers.buildCommit, COMMIT_MAIN);
  });

  it('writes the commit of a lightweight tag, then replaces its own note on the next resolve', async () => {
    const dir = freshRepo();
    assert.equal((await bump(dir, ['v1.0'])).status, 0);
    assert.equal(pinLine(dir), `  BUILD_COMMIT: "${COMMIT_V1}"  # v1.0`);
    assert.equal((await bump(dir, ['v2.0'])).status, 0);
    assert.equal(pinLine(dir), `  BUILD_COMMIT: "${COMMIT_V2}"  # v2.0`);
  });

  it('peels an annotated tag to its commit, never the tag object', async () => {
    const dir = freshRepo();
    const r = await bump(dir, ['v2.0']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(workflow(dir).includes(COMMIT_V2));
    assert.ok(!workflow(dir).includes(TAG_OBJECT_V2));
  });

  it('refuses an unknown ref with a clear error and writes nothing', async () => {
    const dir = freshRepo();
    const before = workflow(dir);
    const r = await bump(dir, ['v9.9']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /explosion\/cymem has no branch, tag or commit named v9\.9/);
    assert.match(r.stderr, /422/);
    assert.equal(workflow(dir), before);
  });

  it('says the token was refused on 401, and never prints the token', async () => {
    const dir = freshRepo();
    const r = await bump(dir, ['main'], 'wrong-token');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /401: the token was refused/);
    for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(TOKEN) && !text.includes('wrong-token'));
  });

  it('a plain bump afterwards drops the stale note', async () => {
    const dir = freshRepo();
    assert.equal((await bump(dir, ['v1.0'])).status, 0);
    const r = spawnSync(process.execPath, [wheelsRepo, 'bump', 'v3.0'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(pinLine(dir), '  BUILD_COMMIT: "v3.0"');
  });

  it('asked the commits endpoint with the token and the sha media type', () => {
    const req = seen.find((s) => s.url === '/repos/explosion/cymem/commits/main');
    assert.ok(req);
    assert.equal(req.headers.accept, 'application/vnd.github.sha');
    assert.equal(req.method, 'GET');
  });
});
