// wheels-repo webhooks against a local GitHub double: AppVeyor's hook loses pull_request and nothing
// else (its config and secret are never sent), other hooks are untouched, the URL id is never printed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { join } from 'node:path';
import { ROOT } from '../support/checks.js';

const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const HOOK_ID_SECRET = 'zq8secretAppveyorId';
const TOKEN = 'ghp_fake_webhooks_token_000000000000';

interface Hook { id: number; name: string; active: boolean; events: string[]; config: Record<string, string> }
let hooks: Hook[] = [];
const patches: Array<{ id: number; body: Record<string, unknown> }> = [];
let server: Server;
let base = '';

beforeEach(() => {
  patches.length = 0;
  hooks = [
    { id: 11, name: 'web', active: true, events: ['pull_request', 'push'], config: { url: `https://ci.appveyor.com/api/github/webhook?id=${HOOK_ID_SECRET}`, content_type: 'json', secret: '********' } },
    { id: 12, name: 'web', active: true, events: ['pull_request', 'push'], config: { url: 'https://example.org/hook', content_type: 'json' } },
  ];
});

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const json = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
      if (req.headers.authorization !== `token ${TOKEN}`) return json(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && req.url?.startsWith('/repos/explosion/cymem-wheels/hooks')) return json(200, hooks);
      const m = /^\/repos\/explosion\/cymem-wheels\/hooks\/(\d+)$/.exec(req.url ?? '');
      if (m && req.method === 'PATCH') {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        patches.push({ id: Number(m[1]), body: parsed });
        const hook = hooks.find((h) => h.id === Number(m[1]));
        if (!hook) return json(404, { message: 'Not Found' });
        const remove = (parsed.remove_events as string[] | undefined) ?? [];
        hook.events = hook.events.filter((e) => !remove.includes(e));
        return json(200, hook);
      }
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function webhooks(args: string[], token = TOKEN, extraEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [WHEELS_REPO, 'webhooks', '--repo', 'explosion/cymem-wheels', ...args], {
      encoding: 'utf8', env: { ...process.env, GITHUB_API_URL: base, GITHUB_TOKEN: token, GH_TOKEN: '', ...extraEnv },
    }, (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('wheels-repo webhooks', () => {
  it('--check reports the AppVeyor hook that fires on pull requests, changing nothing', async () => {
    const r = await webhooks(['--check']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /AppVeyor .*id=\*\*\*/);
    assert.match(r.stdout, /1 AppVeyor hook still fires on pull requests/);
    assert.equal(patches.length, 0);
    assert.ok(!r.stdout.includes(HOOK_ID_SECRET) && !r.stderr.includes(HOOK_ID_SECRET));
  });

  it('removes pull_request from the AppVeyor hook only, sending neither config nor events', async () => {
    const r = await webhooks([]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(patches, [{ id: 11, body: { remove_events: ['pull_request'] } }]);
    assert.deepEqual(hooks.find((h) => h.id === 11)?.events, ['push']);
    assert.deepEqual(hooks.find((h) => h.id === 12)?.events, ['pull_request', 'push'], 'another hook was touched');
    assert.ok(!r.stdout.includes(HOOK_ID_SECRET));
    const again = await webhooks(['--check']);
    assert.equal(again.status, 0, again.stdout);
  });

  it('--dry-run prints the PATCH and sends nothing', async () => {
    const r = await webhooks(['--dry-run']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /would PATCH \/repos\/explosion\/cymem-wheels\/hooks\/11 \{"remove_events": \["pull_request"\]\}/);
    assert.equal(patches.length, 0);
  });

  it('an AppVeyor hook on every event ("*") is reported, not PATCHed, and the command exits 1', async () => {
    const first = hooks[0];
    assert.ok(first);
    first.events = ['*'];
    const r = await webhooks([]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /subscribes to every event \("\*"\): on GitHub, edit it to send push events only/);
    assert.match(r.stdout, /1 AppVeyor hook still fires on pull requests \(see above\)/);
    assert.equal(patches.length, 0);
  });

  it('AppVeyor Server: the hook on the host of APPVEYOR_API_URL counts as AppVeyor\'s', async () => {
    hooks.push({ id: 13, name: 'web', active: true, events: ['pull_request', 'push'], config: { url: 'https://appveyor.corp.example/api/github/webhook?id=serverSecretId', content_type: 'json' } });
    const plain = await webhooks(['--check']);
    assert.match(plain.stdout, /^13 +https:\/\/appveyor\.corp\.example/m, 'not AppVeyor without APPVEYOR_API_URL');
    const r = await webhooks([], TOKEN, { APPVEYOR_API_URL: 'https://appveyor.corp.example/api' });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(patches.map((p) => p.id).sort(), [11, 13]);
    assert.ok(!r.stdout.includes('serverSecretId'), 'the id is masked');
  });

  it('a refused token is a clear error naming the request and the status', async () => {
    const r = await webhooks(['--check'], 'wrong');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /GET \/repos\/explosion\/cymem-wheels\/hooks .* failed \(HTTP 401\)/);
  });
});
