// Travis CI and AppVeyor builds for `wheels-repo build` in the travis-appveyor layout (issue #12): start
// a Travis build with extra env.global entries and an AppVeyor build with extra environment variables,
// and follow both as one Run with the jobs of both, in RunWatcher's shape (src/cli/watch.ts follows it).
// Tokens go in headers only, never into a message. Sources: travis-ci/travis-api d1cbb6d, travis-ci/
// travis-yml 8d6f36f, travis-ci/travis-build (lib/travis/build/env/), appveyor/website
// src/docs/api/projects-builds.md, kevinoid/appveyor-swagger 2e45264 swagger.yaml (unofficial).
import { UserError } from '../core/errors.js';
import type { Job, Run } from './actions-runs.js';
import { apiBase } from './base-url.js';
import { travisToken } from './ci-services.js';
import { apiError, type Service } from './errors.js';

const UA = 'create-wheels-repo';
/** The pause before the one retry of a GET that failed with 5xx, 429 or no answer. */
const RETRY_DELAY_MS = 1000;

/**
 * How Travis merges the API config with .travis.yml. travis-yml lib/travis/yml/support/merge.rb:
 * `replace` drops .travis.yml altogether (configs/config/api.rb:37 does not even load it); `merge`
 * (merge.rb:25-30) is shallow, so our `env` would replace the file's whole `env` and its secure values;
 * `deep_merge` (merge.rb:32-45) merges hashes but keeps the API's array where both have one, so our
 * env.global would replace the file's; `deep_merge_append` (merge.rb:47-59, 81-83) merges hashes and
 * concatenates arrays as file entries, then API entries. It is also the default (merge.rb:18,
 * configs/config/file.rb:56); we send it so the result does not depend on that default. travis-build
 * exports env.global in list order (lib/travis/build/env/config.rb:17-20 at 1a388d8), so our BUILD_COMMIT, exported
 * after the file's, is the value the jobs see. The mode may be given inside `config`: travis-yml
 * configs/config/api.rb:29 takes `merge_mode` out of the API config when the request has none.
 */
export const TRAVIS_MERGE_MODE = 'deep_merge_append';

const travisHeaders = (env: NodeJS.ProcessEnv) => ({
  'Travis-API-Version': '3', Authorization: `token ${travisToken(env)}`, 'User-Agent': UA, 'Content-Type': 'application/json', Accept: 'application/json',
});

function appveyorHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const token = env.APPVEYOR_TOKEN;
  if (!token) throw new UserError('APPVEYOR_TOKEN is not set.', 'Copy the API key from https://ci.appveyor.com/api-keys and export APPVEYOR_TOKEN.');
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': UA };
}

/** The web UI of a Travis API base: api.travis-ci.com → app.travis-ci.com, Enterprise https://HOST/api → https://HOST. */
export function travisWeb(env: NodeJS.ProcessEnv): string {
  const api = apiBase(env, 'TRAVIS_API_URL');
  const u = new URL(api);
  return u.hostname.startsWith('api.') ? `${u.protocol}//app.${u.host.slice(4)}` : api.replace(/\/api$/, '');
}

/** The web UI of an AppVeyor API base: https://ci.appveyor.com/api → https://ci.appveyor.com. */
const appveyorWeb = (env: NodeJS.ProcessEnv) => apiBase(env, 'APPVEYOR_API_URL').replace(/\/api$/, '');
/** User-level ("v2") keys need the account in the path (see ci-services.ts); the account is known here. */
const appveyorApi = (env: NodeJS.ProcessEnv, account: string) => `${apiBase(env, 'APPVEYOR_API_URL')}/account/${encodeURIComponent(account)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One request, its JSON answer parsed. A GET is retried once after a 5xx, a 429 or a broken
 * connection (a poll should outlive one bad gateway). A POST never is: the service may have started
 * the build before its gateway failed, and a second POST would start a second build, so `again` says
 * where to look before running again.
 */
async function call<T>(service: Service, what: string, url: string, init: RequestInit, again?: string): Promise<T> {
  const retry = (init.method ?? 'GET') === 'GET';
  for (let attempt = 1; ; attempt++) {
    let r: Response | undefined;
    let cause = '';
    try {
      r = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
    } catch (e) {
      cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    }
    if (r?.ok) return (await r.json()) as T;
    const transient = !r || r.status >= 500 || r.status === 429;
    if (retry && transient && attempt === 1) {
      await r?.body?.cancel();
      await sleep(RETRY_DELAY_MS);
      continue;
    }
    const e = r ? apiError(what, r.status, await detail(r), service) : new UserError(`${what} failed: ${cause}.`, 'Check the network and the API URL, then run again.');
    throw transient && again ? new UserError(e.message, `It may have started anyway: look at ${again} before running again.`) : e;
  }
}

/** What the service says went wrong: Travis `{error_message}`, AppVeyor `{message}`. */
async function detail(r: Response): Promise<string | undefined> {
  const text = await r.text().catch(() => '');
  try {
    const d = JSON.parse(text) as { error_message?: unknown; message?: unknown };
    const m = d.error_message ?? d.message;
    return typeof m === 'string' && m ? m.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * env.global entries `NAME='value'`. travis-build parses each entry with Env::Var::PATTERN
 * (lib/travis/build/env/var.rb): a single-quoted value may hold spaces and `$`, but an escaped quote
 * ('\'') ends the match early, so a value with a quote (or a line break) is refused here.
 */
export function travisEnvEntries(vars: Record<string, string>): string[] {
  return Object.entries(vars).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UserError(`${JSON.stringify(name)} is not an environment variable name.`);
    if (/['\n\r\0]/.test(value)) throw new UserError(`The value of ${name} holds a quote or a line break, which Travis CI cannot take in env.global.`);
    return `${name}='${value}'`;
  });
}

/**
 * Asks Travis to build `branch` of `slug` with .travis.yml plus `vars` in env.global (POST
 * /repo/{slug}/requests, travis-api lib/travis/api/v3/routes.rb:252-256; the slug's "/" must be %2F,
 * routes.rb:204). Travis answers 202 `{request: {id, …}}` (spec/v3/services/requests/create_spec.rb:110-
 * 125, 203); the build comes later, from that request.
 */
export async function triggerTravis(env: NodeJS.ProcessEnv, slug: string, branch: string, vars: Record<string, string>, message: string): Promise<{ requestId: number }> {
  const path = `/repo/${encodeURIComponent(slug)}/requests`;
  const request = { branch, message, config: { merge_mode: TRAVIS_MERGE_MODE, env: { global: travisEnvEntries(vars) } } };
  const d = await call<{ request?: { id?: unknown } }>('travis', `POST ${path} (starting a Travis CI build of ${branch})`, `${apiBase(env, 'TRAVIS_API_URL')}${path}`,
    { method: 'POST', headers: travisHeaders(env), body: JSON.stringify({ request }) }, `${travisWeb(env)}/${slug}/requests`);
  const id = d.request?.id;
  if (typeof id !== 'number') throw new UserError(`POST ${path} (Travis CI) answered without a request id.`, `Look at ${travisWeb(env)}/${slug}/requests before running again.`);
  return { requestId: id };
}

interface AppVeyorBuildJson {
  buildId: number;
  version: string;
  status: string;
  jobs?: Array<{ jobId: string; name?: string; status: string }>;
}

/**
 * Starts the AppVeyor build of the newest commit of `branch` with `vars` as environment variables
 * (POST /api/builds `{accountName, projectSlug, branch, environmentVariables}`, answered with the
 * queued build: buildId, version, status; projects-builds.md "Start build of branch most recent
 * commit"). Whether these variables override a variable of the same name in appveyor.yml's
 * `environment` is not said in AppVeyor's docs (not found).
 */
export async function triggerAppVeyor(env: NodeJS.ProcessEnv, account: string, slug: string, branch: string, vars: Record<string, string>): Promise<{ version: string; url: string }> {
  const web = `${appveyorWeb(env)}/project/${encodeURIComponent(account)}/${encodeURIComponent(slug)}`;
  const body = { accountName: account, projectSlug: slug, branch, environmentVariables: vars };
  const d = await call<AppVeyorBuildJson>('appveyor', `POST /account/${account}/builds (starting the AppVeyor build of ${branch})`, `${appveyorApi(env, account)}/builds`,
    { method: 'POST', headers: appveyorHeaders(env), body: JSON.stringify(body) }, `${web}/history`);
  if (typeof d.version !== 'string' || typeof d.buildId !== 'number') throw new UserError('POST /builds (AppVeyor) answered without a build version.', `Look at ${web}/history before running again.`);
  // The build page: /project/{account}/{slug}/builds/{buildId}, the form CI tools build from APPVEYOR_URL
  // (AppVeyor's API docs do not give web URLs).
  return { version: d.version, url: `${web}/builds/${d.buildId}` };
}

type State = Pick<Job, 'status' | 'conclusion'>;
const QUEUED: State = { status: 'queued', conclusion: null };
const RUNNING: State = { status: 'in_progress', conclusion: null };
const ended = (conclusion: string): State => ({ status: 'completed', conclusion });

/**
 * Travis job states: created, queued, received, started, passed, failed, errored, canceled
 * (travis-api lib/travis/model/job/test.rb:21, finished ones :12); builds have the same without
 * `queued` (model/build/states.rb:25). Anything else counts as not started yet.
 */
const TRAVIS: Record<string, State> = { started: RUNNING, passed: ended('success'), failed: ended('failure'), errored: ended('failure'), canceled: ended('cancelled') };
export const travisState = (s: string): State => TRAVIS[s] ?? QUEUED;

/** AppVeyor statuses: queued, starting, running, success, failed, cancelling, cancelled (swagger.yaml:904-913). */
const APPVEYOR: Record<string, State> = { running: RUNNING, cancelling: RUNNING, success: ended('success'), failed: ended('failure'), cancelled: ended('cancelled') };
export const appveyorState = (s: string): State => APPVEYOR[s] ?? QUEUED;

interface TravisRequestJson { id: number; state?: string; result?: string | null; message?: string | null; created_at?: string; branch_name?: string | null; builds?: Array<{ id: number }> }
interface TravisBuildJson { id: number; state: string }
interface TravisJobJson { id: number; number?: string; state: string; config?: { name?: string } }

/**
 * Follows the Travis build a request made and the AppVeyor build, as one Run: `queued` until Travis has
 * made its build (id 0 until then), `in_progress`, then `completed` once both builds ended, `success`
 * only when both passed, `cancelled` when either was cancelled, else `failure`. AppVeyor job ids are
 * strings; each gets a negative number here, so no job id clashes with Travis's.
 */
export class CiBuildWatcher {
  private request?: TravisRequestJson;
  private readonly appveyorIds = new Map<string, number>();
  private last?: string;

  constructor(private readonly env: NodeJS.ProcessEnv, private readonly opts: { slug: string; travisRequestId: number; appveyor?: { account: string; slug: string; version: string } }) {
    travisHeaders(env);
    if (opts.appveyor) appveyorHeaders(env);
  }

  async poll(): Promise<{ run: Run; jobs: Job[]; changed: boolean }> {
    const { slug } = this.opts;
    const web = travisWeb(this.env);
    const travis = await this.travis();
    const appveyor = this.opts.appveyor ? await this.appveyor(this.opts.appveyor) : undefined;
    const t = travis && travisState(travis.build.state);
    const a = appveyor && appveyorState(appveyor.status);
    const over = t?.status === 'completed' && (!a || a.status === 'completed');
    const both = [t, a].filter((x): x is State => x !== undefined);
    const conclusion = !over ? null : both.some((x) => x.conclusion === 'cancelled') ? 'cancelled' : both.every((x) => x.conclusion === 'success') ? 'success' : 'failure';
    const req = this.request;
    const run: Run = {
      id: travis?.build.id ?? 0, status: !travis ? 'queued' : over ? 'completed' : 'in_progress', conclusion,
      htmlUrl: travis ? `${web}/${slug}/builds/${travis.build.id}` : `${web}/${slug}/requests`,
      displayTitle: req?.message ?? '', createdAt: req?.created_at ?? '', headBranch: req?.branch_name ?? null, event: 'api',
    };
    const jobs: Job[] = [
      ...(travis?.jobs ?? []).map((j) => ({ id: j.id, name: `Travis ${j.config?.name ?? `job ${j.number ?? j.id}`}`, ...travisState(j.state), htmlUrl: `${web}/${slug}/jobs/${j.id}` })),
      ...(appveyor?.jobs ?? []).map((j, i) => ({
        id: this.appveyorId(j.jobId), name: `AppVeyor ${j.name || `job ${i + 1}`}`, ...appveyorState(j.status),
        // AppVeyor's own job URL form: appveyor/ci scripts/enable-ssh.sh:62
        htmlUrl: `${appveyorWeb(this.env)}/project/${encodeURIComponent(this.opts.appveyor?.account ?? '')}/${encodeURIComponent(this.opts.appveyor?.slug ?? '')}/build/job/${encodeURIComponent(j.jobId)}`,
      })),
    ];
    const now = JSON.stringify([run, jobs]);
    const changed = now !== this.last;
    this.last = now;
    return { run, jobs, changed };
  }

  /**
   * The request until it names its build (GET /repo/{slug}/request/{id}, routes.rb:258-260: the standard
   * representation lists `builds`, renderer/request.rb:4), then the build (GET /build/{id}, routes.rb:18-21)
   * and its jobs with their config, for the job's name (GET /build/{id}/jobs?include=job.config,
   * routes.rb:27-30, spec/v3/services/jobs/find_spec.rb:30; not paginated, services/jobs/find.rb).
   */
  private async travis(): Promise<{ build: TravisBuildJson; jobs: TravisJobJson[] } | undefined> {
    const { slug, travisRequestId: id } = this.opts;
    const base = apiBase(this.env, 'TRAVIS_API_URL');
    const get = <T>(path: string, why: string) => call<T>('travis', `GET ${path} (${why}, Travis CI)`, `${base}${path}`, { headers: travisHeaders(this.env) });
    if (!this.request?.builds?.length) {
      const path = `/repo/${encodeURIComponent(slug)}/request/${id}`;
      this.request = await get<TravisRequestJson>(path, 'the build request');
      // a request Travis turned down never gets a build (result "rejected": spec/v3/services/requests/find_spec.rb:111)
      if (this.request.result === 'rejected') throw new UserError(`Travis CI rejected build request ${id} of ${slug}.`, `Its reason is on ${travisWeb(this.env)}/${slug}/requests (an invalid .travis.yml, or a branch it does not build).`);
    }
    const buildId = this.request.builds?.map((b) => b.id).sort((x, y) => x - y)[0];
    if (buildId === undefined) return undefined;
    const build = await get<TravisBuildJson>(`/build/${buildId}`, 'the build');
    const { jobs } = await get<{ jobs: TravisJobJson[] }>(`/build/${buildId}/jobs?include=job.config`, 'its jobs');
    return { build, jobs: [...jobs].sort((x, y) => x.id - y.id) };
  }

  /** GET /api/projects/{account}/{slug}/build/{version} → {project, build: {status, jobs: [{jobId, name, status}]}} (projects-builds.md). */
  private async appveyor(o: { account: string; slug: string; version: string }): Promise<AppVeyorBuildJson> {
    const path = `/projects/${encodeURIComponent(o.account)}/${encodeURIComponent(o.slug)}/build/${encodeURIComponent(o.version)}`;
    const d = await call<{ build: AppVeyorBuildJson }>('appveyor', `GET /account/${o.account}${path} (the AppVeyor build)`, `${appveyorApi(this.env, o.account)}${path}`, { headers: appveyorHeaders(this.env) });
    return d.build;
  }

  private appveyorId(jobId: string): number {
    if (!this.appveyorIds.has(jobId)) this.appveyorIds.set(jobId, -(this.appveyorIds.size + 1));
    return this.appveyorIds.get(jobId) as number;
  }
}
