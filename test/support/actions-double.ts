// The GitHub Actions and releases part of the service double (issue #12): workflow dispatch, runs and
// jobs that advance one step per poll, ETags honoured with 304, artifacts and release assets whose
// downloads answer 302 to storage on the same server (/blob/…), which refuses any request carrying an
// Authorization header, as a storage URL that must never receive the token. The ServiceDouble
// delegates to it; its faults (and `truncate`, via cutShort) apply here too.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface State {
  status: string;
  conclusion: string | null;
}

export const QUEUED: State = { status: 'queued', conclusion: null };
export const IN_PROGRESS: State = { status: 'in_progress', conclusion: null };
export const done = (conclusion = 'success'): State => ({ status: 'completed', conclusion });

export interface DoubleJob {
  id: number;
  name: string;
  /** the states it goes through, one a GET of its run's jobs; it stays in the last */
  steps: State[];
  polls: number;
}

export interface DoubleArtifact {
  id: number;
  name: string;
  bytes: Buffer;
  /** what GitHub reports: `sha256:<hex>` of the bytes by default, null as for upload-artifact < v4 */
  digest: string | null;
  expired: boolean;
}

export interface DoubleRun {
  id: number;
  owner: string;
  name: string;
  workflow: string;
  event: string;
  branch: string;
  title: string;
  createdAt: string;
  inputs: Record<string, string>;
  /** the states it goes through, one a GET of the run; it stays in the last */
  steps: State[];
  polls: number;
  jobs: DoubleJob[];
  artifacts: DoubleArtifact[];
  /** how many list requests do not show it yet (a new run takes a few seconds to appear in lists) */
  hiddenFor: number;
}

export interface DoubleRelease {
  id: number;
  owner: string;
  name: string;
  tag: string;
  assets: Array<{ id: number; name: string; bytes: Buffer; digest: string | null }>;
}

type Answer = (status: number, data?: unknown, headers?: Record<string, string>) => void;

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Makes the answer to this request stop after half its body (the headers promise all of it). */
export function cutShort(req: IncomingMessage, res: ServerResponse): void {
  res.end = ((chunk?: unknown) => {
    const all = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? Buffer.from(chunk) : Buffer.alloc(0);
    res.write(all.subarray(0, Math.floor(all.length / 2)), () => req.socket.destroy());
    return res;
  }) as ServerResponse['end'];
}

export class ActionsDouble {
  /** whether a dispatch asking for return_run_details gets them (200, as GitHub) or not (204, as older servers) */
  runDetails = true;
  /** workflow file → the inputs its workflow_dispatch declares (as the generated build-wheels.yml) */
  readonly workflows = new Map<string, string[]>([['build-wheels.yml', ['build_commit', 'build_id']]]);
  readonly runs: DoubleRun[] = [];
  readonly releases: DoubleRelease[] = [];
  /** every request with If-None-Match, and whether it was answered 304 or 200 */
  readonly conditional: Array<{ path: string; status: number }> = [];
  /** the steps and jobs of a run a dispatch makes (artifacts are added with addArtifact) */
  script: () => { steps: State[]; jobs: Array<{ name: string; steps: State[] }> } = () => ({
    steps: [QUEUED, IN_PROGRESS, done()],
    jobs: [{ name: 'build (linux, 3.12)', steps: [QUEUED, IN_PROGRESS, done()] }, { name: 'build (macos, 3.12)', steps: [QUEUED, QUEUED, IN_PROGRESS, done()] }],
  });
  /** called with each run a dispatch makes, before it is answered (a test attaches its artifacts here) */
  onDispatch: (run: DoubleRun) => void = () => {};
  private nextId = 9000;
  private clock = Date.parse('2026-12-01T10:00:00Z');

  constructor(private readonly base: () => string, private readonly hasRepo: (owner: string, name: string) => boolean) {}

  /** A run (as if started earlier, or by a dispatch), created one minute after the previous one. */
  addRun(owner: string, name: string, fields: Partial<Omit<DoubleRun, 'jobs'>> & { jobs?: Array<{ name: string; steps: State[] }> } = {}): DoubleRun {
    this.clock += 60_000;
    const { jobs = [], ...rest } = fields;
    const run: DoubleRun = {
      id: this.nextId++, owner, name, workflow: 'build-wheels.yml', event: 'push', branch: 'main', title: 'Build wheels (BUILD_COMMIT, push on main)',
      createdAt: new Date(this.clock).toISOString().replace(/\.000Z$/, 'Z'), inputs: {}, steps: [QUEUED, IN_PROGRESS, done()], polls: 0, artifacts: [], hiddenFor: 0, jobs: [], ...rest,
    };
    run.jobs = jobs.map((j) => ({ id: this.nextId++, name: j.name, steps: j.steps, polls: 0 }));
    this.runs.push(run);
    return run;
  }

  addArtifact(run: DoubleRun, name: string, bytes: Buffer, digest: string | null = sha256(bytes)): DoubleArtifact {
    const a = { id: this.nextId++, name, bytes, digest, expired: false };
    run.artifacts.push(a);
    return a;
  }

  addRelease(owner: string, name: string, tag: string, assets: Array<{ name: string; bytes: Buffer }>): DoubleRelease {
    const release = { id: this.nextId++, owner, name, tag, assets: assets.map((a) => ({ ...a, id: this.nextId++, digest: sha256(a.bytes) })) };
    this.releases.push(release);
    return release;
  }

  /** Answers a GitHub API request (path after /github, with its query) about Actions or releases; false for any other. */
  handle(req: IncomingMessage, res: ServerResponse, method: string, url: string, body: string): boolean {
    const [path, q = ''] = url.split('?') as [string, string?];
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/(?:actions\/(?:workflows|runs|artifacts)|releases)(?:\/.*)?)$/.exec(path);
    if (!m) return false;
    const [owner, name, rest] = [m[1] as string, m[2] as string, decodeURIComponent(m[3] as string)];
    const query = new URLSearchParams(q);
    const answer: Answer = (status, data, headers = {}) => {
      if (data === undefined) return void res.writeHead(status, headers).end();
      const text = JSON.stringify(data);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
    };
    if (!this.hasRepo(owner, name)) return answer(404, { message: 'Not Found' }), true;
    const mine = <T extends { owner: string; name: string }>(x: T) => same(x.owner, owner) && same(x.name, name);
    const runUrl = (id: number) => `${this.base()}/github/repos/${owner}/${name}/actions/runs/${id}`;
    const html = (p: string) => `https://github.example/${owner}/${name}/${p}`;
    /** One page (per_page, page) of `items`, with GitHub's Link header for the next. */
    const page = <T>(items: T[]) => {
      const per = Number(query.get('per_page') ?? 30);
      const n = Number(query.get('page') ?? 1);
      const next = new URLSearchParams(query);
      next.set('page', String(n + 1));
      const link = n * per < items.length ? { link: `<${this.base()}/github${path}?${next}>; rel="next"` } : {};
      return { slice: items.slice((n - 1) * per, n * per), headers: link as Record<string, string> };
    };
    /** A 200 with an ETag, or 304 when the request's If-None-Match names it. */
    const withEtag = (data: unknown, headers: Record<string, string> = {}) => {
      const etag = `W/"${createHash('sha1').update(JSON.stringify(data)).digest('hex')}"`;
      const asked = req.headers['if-none-match'];
      const status = asked === etag ? 304 : 200;
      if (asked !== undefined) this.conditional.push({ path: url, status });
      return status === 304 ? answer(304, undefined, { etag }) : answer(200, data, { etag, ...headers });
    };
    const step = <T extends { steps: State[]; polls: number }>(x: T) => Math.min(x.polls, x.steps.length - 1);
    const runJson = (r: DoubleRun) => {
      const s = r.steps[step(r)] as State;
      // updated when the state changes: a state repeated in the script leaves the answer (and its ETag) as it was
      let i = step(r);
      while (i > 0 && JSON.stringify(r.steps[i - 1]) === JSON.stringify(s)) i--;
      return {
        id: r.id, name: 'Build wheels', node_id: `WFR_${r.id}`, check_suite_id: r.id, head_branch: r.branch, head_sha: 'a'.repeat(40), path: `.github/workflows/${r.workflow}`,
        run_number: r.id, run_attempt: 1, event: r.event, status: s.status, conclusion: s.conclusion, workflow_id: 1, display_title: r.title, url: runUrl(r.id),
        html_url: html(`actions/runs/${r.id}`), created_at: r.createdAt, updated_at: new Date(Date.parse(r.createdAt) + i * 1000).toISOString(), pull_requests: [],
        jobs_url: `${runUrl(r.id)}/jobs`, artifacts_url: `${runUrl(r.id)}/artifacts`,
      };
    };
    const runOf = (id: string) => this.runs.find((r) => r.id === Number(id) && mine(r));

    let p = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(rest);
    if (p && method === 'POST') {
      const workflow = p[1] as string;
      const declared = this.workflows.get(workflow);
      if (!declared) return answer(404, { message: 'Not Found' }), true;
      const d = JSON.parse(body) as { ref: string; inputs?: Record<string, string>; return_run_details?: boolean };
      const inputs = d.inputs ?? {};
      const unexpected = Object.keys(inputs).filter((k) => !declared.includes(k));
      if (unexpected.length) return answer(422, { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` }), true;
      // the run-name of the generated workflow: "<build_id> (<build_commit>, <event> on <ref name>)"
      const refName = d.ref.replace(/^refs\/(heads|tags)\//, '');
      const title = `${inputs.build_id || 'Build wheels'} (${inputs.build_commit || 'BUILD_COMMIT'}, workflow_dispatch on ${refName})`;
      // created now, as GitHub does: a client looks for it by its creation time
      const createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const run = this.addRun(owner, name, { workflow, event: 'workflow_dispatch', branch: refName, title, inputs, createdAt, ...this.script() });
      this.onDispatch(run);
      if (this.runDetails && d.return_run_details) return answer(200, { workflow_run_id: run.id, run_url: runUrl(run.id), html_url: html(`actions/runs/${run.id}`) }), true;
      return answer(204), true;
    }
    if (method !== 'GET') return answer(404, { message: 'Not Found' }), true;
    p = /^\/actions(?:\/workflows\/([^/]+))?\/runs$/.exec(rest);
    if (p) {
      const created = /^>=(.+)$/.exec(query.get('created') ?? '');
      const runs = this.runs.filter((r) => mine(r) && (!p?.[1] || r.workflow === p[1]) && (!query.get('event') || r.event === query.get('event'))
        && (!created || Date.parse(r.createdAt) >= Date.parse(created[1] as string)) && (r.hiddenFor <= 0 || (r.hiddenFor--, false))).reverse();
      const { slice, headers } = page(runs);
      return withEtag({ total_count: runs.length, workflow_runs: slice.map(runJson) }, headers), true;
    }
    p = /^\/actions\/runs\/(\d+)(\/jobs|\/artifacts)?$/.exec(rest);
    const run = p ? runOf(p[1] as string) : undefined;
    if (p && !run) return answer(404, { message: 'Not Found' }), true;
    if (p && run && !p[2]) {
      withEtag(runJson(run));
      run.polls++;
      return true;
    }
    if (p && run && p[2] === '/jobs') {
      const { slice, headers } = page(run.jobs);
      withEtag({
        total_count: run.jobs.length,
        jobs: slice.map((j) => ({ id: j.id, run_id: run.id, name: j.name, ...j.steps[step(j)], html_url: html(`actions/runs/${run.id}/job/${j.id}`), head_sha: 'a'.repeat(40), workflow_name: 'Build wheels', labels: [] })),
      }, headers);
      for (const j of slice) j.polls++;
      return true;
    }
    if (p && run) {
      const { slice, headers } = page(run.artifacts);
      return answer(200, {
        total_count: run.artifacts.length,
        artifacts: slice.map((a) => ({
          id: a.id, node_id: `A_${a.id}`, name: a.name, size_in_bytes: a.bytes.length, url: `${this.base()}/github/repos/${owner}/${name}/actions/artifacts/${a.id}`,
          archive_download_url: `${this.base()}/github/repos/${owner}/${name}/actions/artifacts/${a.id}/zip`, expired: a.expired, digest: a.digest,
          created_at: run.createdAt, updated_at: run.createdAt, expires_at: '2027-03-01T10:00:00Z', workflow_run: { id: run.id, head_branch: run.branch },
        })),
      }, headers), true;
    }
    p = /^\/actions\/artifacts\/(\d+)\/([^/]+)$/.exec(rest);
    if (p) {
      const a = this.runs.filter(mine).flatMap((r) => r.artifacts).find((x) => x.id === Number(p?.[1]));
      if (!a || p[2] !== 'zip') return answer(404, { message: 'Not Found' }), true;
      if (a.expired) return answer(410, { message: 'Artifact has expired' }), true;
      // a storage URL valid about a minute, on another host at GitHub (here: /blob on this server)
      return answer(302, undefined, { location: `${this.base()}/blob/artifact/${a.id}?sig=${randomBytes(8).toString('hex')}` }), true;
    }
    p = /^\/releases\/tags\/(.+)$/.exec(rest);
    if (p) {
      const r = this.releases.find((x) => mine(x) && x.tag === p?.[1]);
      if (!r) return answer(404, { message: 'Not Found' }), true;
      return answer(200, { id: r.id, tag_name: r.tag, name: r.tag, draft: false, prerelease: false, html_url: html(`releases/tag/${r.tag}`), assets: r.assets.map((a) => this.assetJson(a)) }), true;
    }
    p = /^\/releases\/(\d+)\/assets$/.exec(rest);
    if (p) {
      const r = this.releases.find((x) => mine(x) && x.id === Number(p?.[1]));
      if (!r) return answer(404, { message: 'Not Found' }), true;
      const { slice, headers } = page(r.assets);
      return answer(200, slice.map((a) => this.assetJson(a)), headers), true;
    }
    p = /^\/releases\/assets\/(\d+)$/.exec(rest);
    const asset = p ? this.releases.filter(mine).flatMap((r) => r.assets).find((a) => a.id === Number(p?.[1])) : undefined;
    if (p && !asset) return answer(404, { message: 'Not Found' }), true;
    if (p && asset) {
      if (req.headers.accept === 'application/octet-stream') return answer(302, undefined, { location: `${this.base()}/blob/asset/${asset.id}?sig=${randomBytes(8).toString('hex')}` }), true;
      return answer(200, this.assetJson(asset)), true;
    }
    return answer(404, { message: 'Not Found' }), true;
  }

  /** Storage (/blob/artifact/ID, /blob/asset/ID): the bytes, refused to any request that carries a token. */
  blob(req: IncomingMessage, res: ServerResponse, url: string): void {
    const m = /^\/blob\/(artifact|asset)\/(\d+)\?sig=[0-9a-f]+$/.exec(url);
    const id = Number(m?.[2]);
    const bytes = m?.[1] === 'artifact'
      ? this.runs.flatMap((r) => r.artifacts).find((a) => a.id === id)?.bytes
      : this.releases.flatMap((r) => r.assets).find((a) => a.id === id)?.bytes;
    if (req.headers.authorization !== undefined) return void res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AuthenticationFailed</Code></Error>');
    if (!bytes || req.method !== 'GET') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': m?.[1] === 'artifact' ? 'application/zip' : 'application/octet-stream', 'content-length': String(bytes.length) }).end(bytes);
  }

  private assetJson(a: DoubleRelease['assets'][number]) {
    return { id: a.id, node_id: `RA_${a.id}`, name: a.name, label: null, state: 'uploaded', content_type: 'application/octet-stream', size: a.bytes.length, digest: a.digest, download_count: 0 };
  }
}
