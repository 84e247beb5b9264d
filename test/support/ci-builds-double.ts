// The Travis CI and AppVeyor build part of the service double (issue #12): Travis API v3 build requests
// (POST /repo/{slug}/requests, GET /repo/{slug}/request/{id}), builds and their jobs (GET /build/{id},
// GET /build/{id}/jobs), and AppVeyor's POST /builds and GET /projects/{account}/{slug}/build/{version}
// (also under /account/{account}/, as user-level keys need). Each build and each job goes one step
// through its scripted states per GET; a request shows its build after `hiddenFor` GETs. Request
// bodies are checked for the shape the client must send; problems go to the double's `invalid`.
// Answers follow travis-api's renderers (renderer/request.rb, build.rb, job.rb) and AppVeyor's
// projects-builds.md, reduced to the fields a client reads.

type Answer = (status: number, data?: unknown) => void;

export interface TravisScript {
  /** GETs of the request that do not show its build yet */
  hiddenFor: number;
  /** the request is turned down: no build ever appears */
  rejected?: boolean;
  /** the build's states, one a GET of the build; it stays in the last */
  build: string[];
  jobs: Array<{ name: string; states: string[] }>;
}

export interface AppVeyorScript {
  statuses: string[];
  jobs: Array<{ name: string; statuses: string[] }>;
}

interface Stepper<T> { steps: T[]; polls: number }
const now = <T>(x: Stepper<T>) => x.steps[Math.min(x.polls, x.steps.length - 1)] as T;

export interface TravisRequest {
  id: number;
  slug: string;
  branch: string;
  message: string;
  mergeMode: unknown;
  /** the env.global entries the request carried */
  env: string[];
  polls: number;
  script: TravisScript;
  build?: Stepper<string> & { id: number; number: number; jobs: Array<Stepper<string> & { id: number; name: string }> };
}

export interface AppVeyorBuild extends Stepper<string> {
  buildId: number;
  version: string;
  account: string;
  /** the /account/{name} prefix of the POST, if any */
  pathAccount?: string;
  slug: string;
  branch: string;
  /** the environmentVariables the POST carried */
  env: Record<string, string>;
  jobs: Array<Stepper<string> & { jobId: string; name: string }>;
}

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((e) => typeof e === 'string');

export class CiBuildsDouble {
  readonly travisRequests: TravisRequest[] = [];
  readonly appveyorBuilds: AppVeyorBuild[] = [];
  travisScript: () => TravisScript = () => ({
    hiddenFor: 2, build: ['created', 'started', 'started', 'passed'],
    jobs: [{ name: 'linux-x86_64-3.12', states: ['queued', 'started', 'passed'] }, { name: 'macos-arm64-3.12', states: ['created', 'received', 'started', 'passed'] }],
  });
  appveyorScript: () => AppVeyorScript = () => ({ statuses: ['queued', 'running', 'success'], jobs: [{ name: 'Environment: PYTHON=C:\\Python312-x64', statuses: ['queued', 'running', 'success'] }] });
  /** called with each Travis request as it is made (a test stages the build's files here) */
  onTravisRequest: (req: TravisRequest) => void = () => {};
  private nextId = 7000;

  constructor(private readonly invalid: string[]) {}

  /** A Travis API request (path after /travis); false when it is not one of these. */
  travis(method: string, url: string, body: string, contentType: string | undefined, json: Answer): boolean {
    const [path, query = ''] = url.split('?') as [string, string?];
    let m = /^\/repo\/([^/]+)\/requests$/.exec(path);
    if (m && method === 'POST') {
      const problems = this.travisBodyProblems(body, contentType);
      if (problems.length) return this.invalid.push(...problems.map((p) => `POST ${url}: ${p}`)), json(400, { '@type': 'error', error_type: 'wrong_params', error_message: problems.join('; ') }), true;
      const r = (JSON.parse(body) as { request: { branch: string; message: string; config: { merge_mode: unknown; env: { global: string[] } } } }).request;
      const req: TravisRequest = {
        id: this.nextId++, slug: decodeURIComponent(m[1] as string), branch: r.branch, message: r.message, mergeMode: r.config.merge_mode, env: r.config.env.global, polls: 0, script: this.travisScript(),
      };
      this.travisRequests.push(req);
      this.onTravisRequest(req);
      // 202, as travis-api spec/v3/services/requests/create_spec.rb:110-125, 203
      return json(202, { '@type': 'pending', remaining_requests: 9, request: { id: req.id, message: req.message, branch: req.branch, config: r.config }, resource_type: 'request' }), true;
    }
    if (method !== 'GET') return false;
    m = /^\/repo\/([^/]+)\/request\/(\d+)$/.exec(path);
    if (m) {
      const req = this.travisRequests.find((r) => r.id === Number(m?.[2]) && r.slug === decodeURIComponent(m?.[1] as string));
      if (!req) return json(404, { '@type': 'error', error_type: 'not_found', error_message: 'request not found' }), true;
      const shown = req.polls++ >= req.script.hiddenFor;
      if (shown && !req.script.rejected && !req.build) {
        const s = req.script;
        req.build = { id: this.nextId++, number: req.id, steps: s.build, polls: 0, jobs: s.jobs.map((j) => ({ id: this.nextId++, name: j.name, steps: j.states, polls: 0 })) };
      }
      const finished = shown ? { state: 'finished', result: req.script.rejected ? 'rejected' : 'approved' } : { state: 'pending', result: null };
      return json(200, {
        '@type': 'request', id: req.id, ...finished, message: req.message, branch_name: req.branch, event_type: 'api', created_at: '2026-12-01T10:00:00Z',
        builds: req.build ? [{ '@type': 'build', '@representation': 'minimal', id: req.build.id, number: String(req.build.number), state: now(req.build) }] : [],
      }), true;
    }
    m = /^\/build\/(\d+)(\/jobs)?$/.exec(path);
    const build = m ? this.travisRequests.find((r) => r.build?.id === Number(m?.[1]))?.build : undefined;
    if (m && !build) return json(404, { '@type': 'error', error_type: 'not_found', error_message: 'build not found' }), true;
    if (m && build && !m[2]) {
      json(200, { '@type': 'build', id: build.id, number: String(build.number), state: now(build), event_type: 'api', jobs: build.jobs.map((j) => ({ '@type': 'job', '@representation': 'minimal', id: j.id })) });
      build.polls++;
      return true;
    }
    if (m && build) {
      const withConfig = new URLSearchParams(query).get('include')?.split(',').includes('job.config');
      // newest first, as travis-api's jobs query sorts by default (queries/jobs.rb:5)
      json(200, {
        '@type': 'jobs', jobs: [...build.jobs].reverse().map((j, i) => ({
          '@type': 'job', id: j.id, number: `${build.number}.${build.jobs.length - i}`, state: now(j), allow_failure: false, ...(withConfig ? { config: { name: j.name, os: 'linux' } } : {}),
        })),
      });
      for (const j of build.jobs) j.polls++;
      return true;
    }
    return false;
  }

  /** An AppVeyor API request (path after /appveyor); false when it is not one of these. */
  appveyor(method: string, url: string, body: string, json: Answer): boolean {
    const m = /^(?:\/account\/([^/]+))?(\/.*)$/.exec(url) as RegExpExecArray;
    const [pathAccount, path] = [m[1] && decodeURIComponent(m[1]), m[2] as string];
    if (path === '/builds' && method === 'POST') {
      const d = JSON.parse(body) as { accountName?: unknown; projectSlug?: unknown; branch?: unknown; environmentVariables?: unknown };
      const problems = [
        ...(['accountName', 'projectSlug', 'branch'] as const).filter((k) => typeof d[k] !== 'string' || !d[k]).map((k) => `${k} must be a non-empty string`),
        ...(typeof d.environmentVariables !== 'object' || d.environmentVariables === null || Object.values(d.environmentVariables).some((v) => typeof v !== 'string') ? ['environmentVariables must map names to strings'] : []),
        ...(pathAccount && pathAccount !== d.accountName ? [`the path names account ${pathAccount}, the body ${String(d.accountName)}`] : []),
      ];
      if (problems.length) return this.invalid.push(...problems.map((p) => `POST /appveyor${url}: ${p}`)), json(400, { message: problems.join('; ') }), true;
      const s = this.appveyorScript();
      const b: AppVeyorBuild = {
        buildId: this.nextId++, version: `1.0.${this.appveyorBuilds.length + 1}`, account: d.accountName as string, ...(pathAccount ? { pathAccount } : {}), slug: d.projectSlug as string,
        branch: d.branch as string, env: d.environmentVariables as Record<string, string>, steps: s.statuses, polls: 0,
        jobs: s.jobs.map((j) => ({ jobId: `av${(this.nextId++).toString(36)}`, name: j.name, steps: j.statuses, polls: 0 })),
      };
      this.appveyorBuilds.push(b);
      return json(200, this.buildJson(b, false)), true;
    }
    const p = /^\/projects\/([^/]+)\/([^/]+)\/build\/([^/]+)$/.exec(path);
    if (!p || method !== 'GET') return false;
    const b = this.appveyorBuilds.find((x) => x.account === decodeURIComponent(p[1] as string) && x.slug === decodeURIComponent(p[2] as string) && x.version === decodeURIComponent(p[3] as string));
    if (!b) return json(404, { message: 'Build not found' }), true;
    json(200, { project: { accountName: b.account, slug: b.slug, repositoryType: 'gitHub' }, build: this.buildJson(b, true) });
    b.polls++;
    for (const j of b.jobs) j.polls++;
    return true;
  }

  private buildJson(b: AppVeyorBuild, withJobs: boolean) {
    return {
      buildId: b.buildId, version: b.version, branch: b.branch, status: now(b), message: 'api build', created: '2026-12-01T10:00:00+00:00',
      jobs: withJobs ? b.jobs.map((j) => ({ jobId: j.jobId, name: j.name, allowFailure: false, status: now(j) })) : [],
    };
  }

  /** What Travis would refuse, or the client must not send: the shape triggerTravis promises. */
  private travisBodyProblems(body: string, contentType: string | undefined): string[] {
    if (!contentType?.startsWith('application/json')) return [`Content-Type ${String(contentType)}, not application/json`];
    let d: { request?: { branch?: unknown; message?: unknown; config?: { merge_mode?: unknown; env?: { global?: unknown } } } };
    try {
      d = JSON.parse(body) as typeof d;
    } catch {
      return ['the body is not JSON'];
    }
    const r = d.request;
    const global = r?.config?.env?.global;
    return [
      ...(typeof r?.branch === 'string' && r.branch ? [] : ['request.branch must be a non-empty string']),
      ...(typeof r?.message === 'string' ? [] : ['request.message must be a string']),
      // travis-yml's merge modes (lib/travis/yml/support/merge.rb:7-15); the client must keep .travis.yml
      ...(r?.config?.merge_mode === 'deep_merge_append' ? [] : [`config.merge_mode ${JSON.stringify(r?.config?.merge_mode)} would drop or replace parts of .travis.yml`]),
      ...(isStrings(global) && global.every((e) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) ? [] : ['config.env.global must be a list of NAME=value strings']),
    ];
  }
}
