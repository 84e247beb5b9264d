// A real HTTP server on 127.0.0.1 that plays GitHub (REST API, Actions runs, artifacts and releases
// with their storage in actions-double.ts, git smart HTTP through `git http-backend` in git-http.ts),
// Travis CI and AppVeyor (their builds in ci-builds-double.ts), with fault injection. Every request to
// the GitHub API is checked against GitHub's OpenAPI description; problems are collected in `invalid`.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { ActionsDouble, cutShort } from './actions-double.js';
import { CiBuildsDouble } from './ci-builds-double.js';
import { gitHttp } from './git-http.js';
import { requestProblems } from './openapi.js';

export interface Fault {
  method?: string;
  path: RegExp;
  /** how many matching requests it hits (default 1) */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** destroy the connection without an answer */
  reset?: boolean;
  /** answer normally, but only after this long */
  delayMs?: number;
  /** answer normally, but cut the connection after half the body (the headers promise all of it) */
  truncate?: boolean;
}

export interface Seen {
  method: string;
  path: string;
  body: string;
  headers: IncomingMessage['headers'];
}

export interface RepoState {
  owner: string;
  name: string;
  private: boolean;
  bare: string;
  /** environment name → its deployment policy: custom (selected branches and tags) and the patterns */
  environments: Map<string, { custom: boolean; policies: Array<{ id: number; name: string; type: string }> }>;
  secrets: Map<string, { encrypted_value: string; key_id: string }>;
  variables: Map<string, string>;
  hooks: Array<{ id: number; name: string; active: boolean; events: string[]; config: Record<string, string> }>;
  /** GitHub Actions enabled for the repository (GET .../actions/permissions) */
  actionsEnabled?: boolean;
}

export class ServiceDouble {
  readonly token = `ghp_${randomBytes(18).toString('hex')}`;
  readonly travisToken = `travis_${randomBytes(12).toString('hex')}`;
  readonly appveyorToken = `v2.${randomBytes(12).toString('hex')}`;
  readonly login = 'me';
  readonly orgs = new Set(['explosion']);
  readonly users = new Set(['me', 'someone-else']);
  readonly repos = new Map<string, RepoState>();
  readonly seen: Seen[] = [];
  readonly invalid: string[] = [];
  readonly faults: Fault[] = [];
  /** Travis build requests, builds and jobs; AppVeyor builds (with the variables each trigger carried) */
  readonly ciBuilds = new CiBuildsDouble(this.invalid);
  /** AppVeyor ciphertext → plaintext */
  readonly appveyorPlain = new Map<string, string>();
  readonly appveyorProjects: string[] = [];
  /** projects the PyPI JSON API (/pypi/<name>/json, PYPI_URL=base) knows, with their latest version */
  readonly pypiProjects = new Map<string, string>();
  /** file name → the trusted publisher its PEP 740 provenance names (the Integrity API) */
  readonly pypiProvenance = new Map<string, { kind: string; repository: string; workflow: string }>();
  readonly rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** workflow runs, jobs, artifacts, releases, and the storage their downloads redirect to (/blob/) */
  readonly actions = new ActionsDouble(() => this.base, (owner, name) => this.repos.has(`${owner}/${name}`.toLowerCase()));
  keyPair!: { publicKey: Uint8Array; privateKey: Uint8Array };
  base = '';
  /** requests being answered now, and the most there were at once */
  inFlight = 0;
  maxInFlight = 0;
  private server!: Server;
  private readonly gitRoot = mkdtempSync(join(tmpdir(), 'double-git-'));
  private nextHook = 100;

  async start(): Promise<this> {
    await sodium.ready;
    this.keyPair = sodium.crypto_box_keypair();
    this.server = createServer((req, res) => {
      // how many requests wait for an answer at once (doctor's concurrency limit is checked on it)
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.once('close', () => void this.inFlight--);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks)).catch((e: Error) => {
        // a bug in the double must show, but never as an unhandled error after the client has gone
        this.invalid.push(`double failed on ${req.method} ${req.url}: ${e.stack}`);
        if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
      }));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  /** The environment a command needs to talk to this double. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      GITHUB_TOKEN: this.token, GITHUB_API_URL: `${this.base}/github`, TRAVIS_API_URL: `${this.base}/travis`, APPVEYOR_API_URL: `${this.base}/appveyor`, PYPI_URL: this.base,
      TRAVIS_TOKEN: this.travisToken, APPVEYOR_TOKEN: this.appveyorToken, WHEELS_REPO_WRITE_INTERVAL_MS: '0', ...extra,
    };
  }

  mutations(): Seen[] {
    return this.seen.filter((s) => s.method !== 'GET' && s.path.startsWith('/github/'));
  }

  /** An existing repository (as if made earlier), optionally with hooks. */
  addRepo(owner: string, name: string): RepoState {
    const bare = join(this.gitRoot, owner, `${name}.git`);
    mkdirSync(bare, { recursive: true });
    spawnSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    const state: RepoState = { owner, name, private: false, bare, environments: new Map(), secrets: new Map(), variables: new Map(), hooks: [] };
    this.repos.set(`${owner}/${name}`.toLowerCase(), state);
    return state;
  }

  mainOf(repo: RepoState): string | undefined {
    const r = spawnSync('git', ['-C', repo.bare, 'rev-parse', '--verify', '-q', 'refs/heads/main'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  }

  private repoJson(r: RepoState) {
    return {
      id: 1, node_id: 'R_1', name: r.name, full_name: `${r.owner}/${r.name}`, private: r.private, owner: { login: r.owner },
      html_url: `https://github.example/${r.owner}/${r.name}`, clone_url: `${this.base}/git/${r.owner}/${r.name}.git`, default_branch: 'main',
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const body = raw.toString('utf8');
    this.seen.push({ method, path: url, body, headers: req.headers });
    // every GitHub API request is checked, also those a fault then answers
    if (url.startsWith('/github/')) this.invalid.push(...requestProblems(method, url.slice('/github'.length), body));
    const fault = this.faults.find((f) => (f.method ?? method) === method && f.path.test(url) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.reset) return void req.socket.destroy();
      if (fault.truncate) cutShort(req, res);
      else if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      else return void res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers }).end(JSON.stringify(fault.body ?? { message: 'injected fault' }));
    }
    const json = (status: number, data?: unknown) => {
      if (data === undefined) return void res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    };
    if (url.startsWith('/blob/')) return this.actions.blob(req, res, url);
    if (url.startsWith('/git/')) return gitHttp(req, res, raw, url.slice('/git'.length), this.gitRoot, this.token);
    if (url.startsWith('/github/')) {
      const path = url.slice('/github'.length);
      if (req.headers.authorization !== `token ${this.token}`) return json(401, { message: 'Bad credentials' });
      if (this.actions.handle(req, res, method, path, body)) return;
      return this.github(method, path.split('?')[0] as string, body, json);
    }
    const pypi = /^\/pypi\/([^/]+)\/json$/.exec(url);
    if (pypi) {
      const name = decodeURIComponent(pypi[1] as string).toLowerCase();
      const version = this.pypiProjects.get(name);
      return version ? json(200, { info: { name, version }, urls: [{ filename: `${name}-${version}.tar.gz` }], releases: {} }) : json(404, { message: 'Not Found' });
    }
    const integrity = /^\/integrity\/[^/]+\/[^/]+\/([^/]+)\/provenance$/.exec(url);
    if (integrity) {
      const publisher = this.pypiProvenance.get(decodeURIComponent(integrity[1] as string));
      return publisher ? json(200, { version: 1, attestation_bundles: [{ publisher, attestations: [{}] }] }) : json(404, { message: 'Not Found' });
    }
    if (url.startsWith('/travis/')) {
      if (req.headers.authorization !== `token ${this.travisToken}` || req.headers['travis-api-version'] !== '3' || !req.headers['user-agent']) return json(403, { error_type: 'login_required' });
      if (this.ciBuilds.travis(method, url.slice('/travis'.length), body, req.headers['content-type'], json)) return;
      const m = /^\/travis\/repo\/([^/]+)\/key_pair\/generated$/.exec(url);
      if (m && this.repos.has(decodeURIComponent(m[1] as string).toLowerCase())) {
        // Travis labels an SPKI key as PKCS#1: the client must not trust the label.
        return json(200, { public_key: this.rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY'), fingerprint: 'aa:bb' });
      }
      return json(404, { error_type: 'not_found' });
    }
    if (url.startsWith('/appveyor/')) {
      if (req.headers.authorization !== `Bearer ${this.appveyorToken}`) return json(401, { message: 'Unauthorized' });
      if (this.ciBuilds.appveyor(method, url.slice('/appveyor'.length), body, json)) return;
      if (url === '/appveyor/account/encrypt' && method === 'POST') {
        const cipher = randomBytes(32).toString('base64');
        this.appveyorPlain.set(cipher, (JSON.parse(body) as { plainValue: string }).plainValue);
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${cipher}\n`);
      }
      if (url === '/appveyor/projects' && method === 'GET') return json(200, this.appveyorProjects.map((p) => ({ repositoryName: p, repositoryType: 'gitHub' })));
      if (url === '/appveyor/projects' && method === 'POST') {
        const { repositoryName } = JSON.parse(body) as { repositoryName: string };
        this.appveyorProjects.push(repositoryName);
        // Adding a project makes AppVeyor install its webhook on the GitHub repository.
        this.repos.get(repositoryName.toLowerCase())?.hooks.push({
          id: this.nextHook++, name: 'web', active: true, events: ['pull_request', 'push'],
          config: { url: `https://ci.appveyor.com/api/github/webhook?id=${randomBytes(6).toString('hex')}`, content_type: 'json', secret: 'appveyor-hook-secret', insecure_ssl: '0' },
        });
        return json(200, { projectId: 1, slug: repositoryName.split('/')[1] });
      }
      return json(404, { message: 'Not found' });
    }
    return json(404, { message: 'Not Found' });
  }

  private github(method: string, path: string, body: string, json: (s: number, d?: unknown) => void): void {
    const data = () => (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (method === 'GET' && path === '/user') return json(200, { login: this.login, type: 'User' });
    let m = /^\/users\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const who = m[1] as string;
      if (this.users.has(who)) return json(200, { login: who, type: 'User' });
      if (this.orgs.has(who)) return json(200, { login: who, type: 'Organization' });
      return json(404, { message: 'Not Found' });
    }
    m = /^\/(?:user|orgs\/([^/]+))\/repos$/.exec(path);
    if (m && method === 'POST') {
      const owner = m[1] ?? this.login;
      const d = data() as { name: string; private?: boolean };
      if (this.repos.has(`${owner}/${d.name}`.toLowerCase())) return json(422, { message: 'Repository creation failed.', errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }] });
      const r = this.addRepo(owner, d.name);
      r.private = d.private === true;
      return json(201, this.repoJson(r));
    }
    m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m ? this.repos.get(`${m[1]}/${m[2]}`.toLowerCase()) : undefined;
    if (!m || !repo) return json(404, { message: 'Not Found' });
    const rest = decodeURIComponent(m[3] ?? '');
    if (rest === '' && method === 'GET') return json(200, this.repoJson(repo));
    m = /^\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(rest);
    if (m && method === 'GET') {
      const known = (c: string) => spawnSync('git', ['-C', repo.bare, 'cat-file', '-e', `${c}^{commit}`]).status === 0;
      if (!known(m[1] as string) || !known(m[2] as string)) return json(404, { message: 'Not Found' });
      const isAncestor = (a: string, b: string) => spawnSync('git', ['-C', repo.bare, 'merge-base', '--is-ancestor', a, b]).status === 0;
      const status = m[1] === m[2] ? 'identical' : isAncestor(m[1] as string, m[2] as string) ? 'ahead' : isAncestor(m[2] as string, m[1] as string) ? 'behind' : 'diverged';
      return json(200, { status, ahead_by: 0, behind_by: 0, total_commits: 0, commits: [], files: [] });
    }
    if (rest === '/git/ref/heads/main' && method === 'GET') {
      const refs = spawnSync('git', ['-C', repo.bare, 'for-each-ref'], { encoding: 'utf8' }).stdout.trim();
      if (!refs) return json(409, { message: 'Git Repository is empty.' });
      const sha = this.mainOf(repo);
      return sha ? json(200, { ref: 'refs/heads/main', node_id: 'x', url: 'x', object: { sha, type: 'commit', url: 'x' } }) : json(404, { message: 'Not Found' });
    }
    m = /^\/environments\/([^/]+)$/.exec(rest);
    if (m) {
      const env = decodeURIComponent(m[1] as string);
      const policyOf = (e: { custom: boolean }) => (e.custom ? { protected_branches: false, custom_branch_policies: true } : null);
      const now = repo.environments.get(env);
      if (method === 'GET') return now ? json(200, { id: 1, name: env, deployment_branch_policy: policyOf(now) }) : json(404, { message: 'Not Found' });
      if (method === 'PUT') {
        const asked = body ? (JSON.parse(body) as { deployment_branch_policy?: { custom_branch_policies?: boolean } | null }).deployment_branch_policy : undefined;
        const next = { custom: asked === undefined ? now?.custom ?? false : asked?.custom_branch_policies === true, policies: now?.policies ?? [] };
        repo.environments.set(env, next);
        return json(200, { id: 1, name: env, deployment_branch_policy: policyOf(next) });
      }
    }
    m = /^\/environments\/([^/]+)\/deployment-branch-policies(?:\?.*)?$/.exec(rest);
    if (m) {
      const now = repo.environments.get(decodeURIComponent(m[1] as string));
      if (!now) return json(404, { message: 'Not Found' });
      if (method === 'GET') return json(200, { total_count: now.policies.length, branch_policies: now.policies.map((p) => ({ ...p, node_id: `P_${p.id}` })) });
      if (method === 'POST') {
        // GitHub accepts policies only for an environment limited to selected branches and tags.
        if (!now.custom) return json(404, { message: 'Not Found' });
        const asked = JSON.parse(body) as { name: string; type?: string };
        if (now.policies.some((p) => p.name === asked.name && p.type === (asked.type ?? 'branch'))) return json(303, { message: 'exists' });
        const policy = { id: now.policies.length + 1, name: asked.name, type: asked.type ?? 'branch' };
        now.policies.push(policy);
        return json(200, { ...policy, node_id: `P_${policy.id}` });
      }
    }
    if (rest === '/actions/permissions' && method === 'GET') return json(200, { enabled: repo.actionsEnabled !== false, allowed_actions: 'all' });
    m = /^\/contents\/([^?]+)(?:\?ref=([^&]+))?$/.exec(rest);
    if (m && method === 'GET') {
      // a file of the bare repository at a ref, as the contents API answers it
      const shown = spawnSync('git', ['-C', repo.bare, 'show', `${decodeURIComponent(m[2] ?? 'main')}:${decodeURIComponent(m[1] as string)}`]);
      if (shown.status !== 0) return json(404, { message: 'Not Found' });
      return json(200, { type: 'file', encoding: 'base64', name: (m[1] as string).split('/').pop(), path: m[1], size: shown.stdout.length, content: shown.stdout.toString('base64'), sha: 'x' });
    }
    if (rest === '/actions/secrets/public-key' && method === 'GET') {
      return json(200, { key_id: '3380204578043523366', key: sodium.to_base64(this.keyPair.publicKey, sodium.base64_variants.ORIGINAL) });
    }
    if (rest === '/actions/secrets' && method === 'GET') {
      return json(200, { total_count: repo.secrets.size, secrets: [...repo.secrets.keys()].map((name) => ({ name, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })) });
    }
    m = /^\/actions\/secrets\/([A-Za-z0-9_]+)$/.exec(rest);
    if (m && method === 'PUT') {
      const existed = repo.secrets.has(m[1] as string);
      repo.secrets.set(m[1] as string, data() as { encrypted_value: string; key_id: string });
      return json(existed ? 204 : 201, existed ? undefined : {});
    }
    if (rest === '/actions/variables' && method === 'GET') return json(200, { total_count: repo.variables.size, variables: [...repo.variables].map(([name, value]) => ({ name, value, created_at: 'x', updated_at: 'x' })) });
    if (rest === '/actions/variables' && method === 'POST') {
      const d = data() as { name: string; value: string };
      if (repo.variables.has(d.name)) return json(409, { message: 'Already exists' });
      return repo.variables.set(d.name, d.value), json(201, {});
    }
    m = /^\/actions\/variables\/([A-Za-z0-9_]+)$/.exec(rest);
    if (m && method === 'PATCH') {
      if (!repo.variables.has(m[1] as string)) return json(404, { message: 'Not Found' });
      return repo.variables.set(m[1] as string, (data() as { value: string }).value), json(204);
    }
    if (rest === '/hooks' && method === 'GET') return json(200, repo.hooks.map((h) => ({ ...h, config: { ...h.config, secret: h.config.secret ? '********' : undefined } })));
    m = /^\/hooks\/(\d+)$/.exec(rest);
    if (m && method === 'PATCH') {
      const hook = repo.hooks.find((h) => h.id === Number(m?.[1]));
      if (!hook) return json(404, { message: 'Not Found' });
      const d = data() as { events?: string[]; add_events?: string[]; remove_events?: string[]; config?: Record<string, string>; active?: boolean };
      if (d.config) hook.config = d.config; // as GitHub does: a config without the secret erases it
      if (d.events) hook.events = d.events;
      if (d.add_events) hook.events = [...new Set([...hook.events, ...d.add_events])];
      if (d.remove_events) hook.events = hook.events.filter((e) => !d.remove_events?.includes(e));
      if (d.active !== undefined) hook.active = d.active;
      return json(200, hook);
    }
    return json(404, { message: 'Not Found' });
  }
}
