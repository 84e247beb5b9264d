// GitHub releases and AppVeyor's build history, played on 127.0.0.1 for the generated staging scripts
// (ci/stage-upload.sh, ci/travis-deploy.sh). As GitHub: GET /releases/tags/{tag} is 404 when absent,
// creating a release whose tag exists and uploading an asset whose name exists are 422
// already_exists, DELETE /releases/assets/{id} is 204, assets carry `digest: "sha256:<hex>"` (newer
// GitHub; `digests = false` plays an older server) and upload_url is a URI template. Every API
// request is checked against GitHub's OpenAPI description; problems go to `invalid`.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestProblems } from '../support/openapi.js';

export interface Asset { id: number; name: string; bytes: Buffer }
export interface Release { id: number; tag: string; target: string; prerelease: boolean; assets: Asset[] }

export class ReleaseDouble {
  readonly token = 'ghs_staging_test_token';
  readonly releases: Release[] = [];
  readonly seen: Array<{ method: string; path: string }> = [];
  readonly invalid: string[] = [];
  /** AppVeyor history: commit → status */
  readonly appveyor = new Map<string, string>();
  digests = true;
  /** Runs once before the next upload of that name is stored (plays another job racing). */
  beforeUpload = new Map<string, () => void>();
  /** The next N reads of a release answer 404, as if another job created it meanwhile. */
  hideRelease = 0;
  base = '';
  private server!: Server;
  private nextId = 1;

  constructor(readonly repo: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks));
        } catch (e) {
          this.invalid.push(`double failed on ${req.method} ${req.url}: ${(e as Error).stack}`);
          if (!res.headersSent) res.writeHead(500).end();
        }
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  reset(): void {
    this.releases.length = 0;
    this.seen.length = 0;
    this.appveyor.clear();
    this.beforeUpload.clear();
    this.digests = true;
    this.hideRelease = 0;
  }

  /** What the double holds: release tag → asset name → sha256 of its bytes. */
  holdings(): Record<string, Record<string, string>> {
    return Object.fromEntries(this.releases.map((r) => [r.tag, Object.fromEntries(r.assets.map((a) => [a.name, sha256(a.bytes)]).sort())]));
  }

  mutations(): string[] {
    return this.seen.filter((s) => s.method !== 'GET').map((s) => `${s.method} ${s.path.replace(/\?.*/, '')}`);
  }

  /** A new asset of that name (as if another job uploaded it). */
  addAsset(release: Release, name: string, bytes: Buffer): void {
    release.assets.push({ id: this.nextId++, name, bytes });
  }

  private releaseJson(r: Release) {
    return {
      id: r.id, tag_name: r.tag, target_commitish: r.target, name: r.tag, draft: false, prerelease: r.prerelease,
      upload_url: `${this.base}/uploads/repos/${this.repo}/releases/${r.id}/assets{?name,label}`,
      assets: r.assets.map((a) => ({
        id: a.id, name: a.name, size: a.bytes.length, state: 'uploaded', url: `${this.base}/github/repos/${this.repo}/releases/assets/${a.id}`,
        ...(this.digests ? { digest: `sha256:${sha256(a.bytes)}` } : {}),
      })),
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.base);
    this.seen.push({ method, path: `${url.pathname}${url.search}` });
    const json = (status: number, data?: unknown): void => {
      if (data === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    };
    if (url.pathname.startsWith('/appveyor/')) {
      if (req.headers.authorization !== 'Bearer appveyor-key') return json(401, { message: 'Unauthorized' });
      return json(200, { builds: [...this.appveyor].map(([commitId, status]) => ({ commitId, status })) });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return json(401, { message: 'Bad credentials' });
    const prefix = `/repos/${this.repo}`;
    const upload = new RegExp(`^/uploads${prefix}/releases/(\\d+)/assets$`).exec(url.pathname);
    if (upload && method === 'POST') {
      const release = this.releases.find((r) => r.id === Number(upload[1]));
      const name = url.searchParams.get('name') ?? '';
      if (!release || !name || req.headers['content-type'] !== 'application/octet-stream') return json(400, { message: 'bad upload' });
      this.beforeUpload.get(name)?.();
      this.beforeUpload.delete(name);
      if (release.assets.some((a) => a.name === name)) {
        return json(422, { message: 'Validation Failed', errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] });
      }
      this.addAsset(release, name, body);
      return json(201, { id: this.nextId - 1, name, size: body.length });
    }
    if (!url.pathname.startsWith(`/github${prefix}/`)) return json(404, { message: 'Not Found' });
    const path = url.pathname.slice('/github'.length);
    this.invalid.push(...requestProblems(method, path, method === 'GET' ? '' : body.toString('utf8')));
    const rest = decodeURIComponent(path.slice(prefix.length));
    const tag = /^\/releases\/tags\/(.+)$/.exec(rest);
    if (tag && method === 'GET') {
      if (this.hideRelease > 0 && this.hideRelease--) return json(404, { message: 'Not Found' });
      const release = this.releases.find((r) => r.tag === tag[1]);
      return release ? json(200, this.releaseJson(release)) : json(404, { message: 'Not Found' });
    }
    if (rest === '/releases' && method === 'POST') {
      const d = JSON.parse(body.toString('utf8')) as { tag_name: string; target_commitish: string; prerelease?: boolean };
      if (this.releases.some((r) => r.tag === d.tag_name)) {
        return json(422, { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] });
      }
      const release = { id: this.nextId++, tag: d.tag_name, target: d.target_commitish, prerelease: d.prerelease === true, assets: [] };
      this.releases.push(release);
      return json(201, this.releaseJson(release));
    }
    const asset = /^\/releases\/assets\/(\d+)$/.exec(rest);
    if (asset) {
      const owner = this.releases.find((r) => r.assets.some((a) => a.id === Number(asset[1])));
      const found = owner?.assets.find((a) => a.id === Number(asset[1]));
      if (!owner || !found) return json(404, { message: 'Not Found' });
      if (method === 'DELETE') {
        owner.assets.splice(owner.assets.indexOf(found), 1);
        return json(204);
      }
      if (method === 'GET' && req.headers.accept === 'application/octet-stream') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(found.bytes);
    }
    return json(404, { message: 'Not Found' });
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
