// GitHub Actions runs for `wheels-repo build` (issue #12): dispatch the build workflow, find the run a
// dispatch made, and watch it with conditional requests. Operation ids are those of GitHub's OpenAPI
// description (@octokit/openapi); every HTTP failure becomes a UserError naming the endpoint.
import type { Octokit } from '@octokit/rest';
import { fromOctokit } from './errors.js';
import type { RepoRef } from './github.js';

export interface Run {
  id: number;
  /** queued, in_progress, completed, waiting, requested, pending ('unknown' when GitHub gives none) */
  status: string;
  /** success, failure, cancelled, …; null until the run completes */
  conclusion: string | null;
  htmlUrl: string;
  /** rendered from the workflow's `run-name:`: "<build_id> (<build_commit>, <event> on <ref>)" */
  displayTitle: string;
  createdAt: string;
  headBranch: string | null;
  event: string;
}

export interface Job {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
}

interface RunJson {
  id: number;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  display_title: string;
  created_at: string;
  head_branch: string | null;
  event: string;
}

interface JobJson {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
}

const statusOf = (e: unknown) => (e as { status?: number }).status;
const base = (r: RepoRef) => `/repos/${r.owner}/${r.repo}/actions`;

function toRun(d: RunJson): Run {
  return {
    id: d.id, status: d.status ?? 'unknown', conclusion: d.conclusion ?? null, htmlUrl: d.html_url, displayTitle: d.display_title,
    createdAt: d.created_at, headBranch: d.head_branch ?? null, event: d.event,
  };
}

function toJob(d: JobJson): Job {
  return { id: d.id, name: d.name, status: d.status, conclusion: d.conclusion ?? null, htmlUrl: d.html_url ?? '' };
}

/**
 * Starts `workflow` (file name or id) on `ref` (actions/create-workflow-dispatch). Asks for the run's
 * details: GitHub answers 200 with `workflow_run_id` and `html_url`; servers that do not know
 * `return_run_details` (GitHub Enterprise Server) answer 204, and then this returns {} and the caller
 * looks for the run with findDispatchedRun. Inputs the workflow on `ref` does not declare are refused (422).
 */
export async function dispatchWorkflow(gh: Octokit, r: RepoRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<{ runId?: number; htmlUrl?: string }> {
  try {
    const res = await gh.rest.actions.createWorkflowDispatch({ owner: r.owner, repo: r.repo, workflow_id: workflow, ref, inputs, return_run_details: true });
    // typed as 204 only by @octokit/rest 22; the description (23.x) has 200 with the run's details
    if ((res.status as number) !== 200 || !res.data) return {};
    const d = res.data as { workflow_run_id?: number; html_url?: string };
    return { ...(typeof d.workflow_run_id === 'number' ? { runId: d.workflow_run_id } : {}), ...(d.html_url ? { htmlUrl: d.html_url } : {}) };
  } catch (e) {
    throw fromOctokit(`POST ${base(r)}/workflows/${workflow}/dispatches (starting ${workflow} on ${ref})`, e);
  }
}

/** A time as GitHub's search syntax takes it: seconds precision, UTC. */
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The workflow_dispatch run of `workflow` created at or after `since` whose title starts with
 * `titleStart`, newest first (actions/list-workflow-runs with `created=>=…`). For the run of a build,
 * pass titlePrefix(id) (core/build-id.ts): "<id> (" names that build exactly, where a title that merely
 * contains the id would also be that of its resubmission "<id>-2 (". Undefined when there is none
 * yet: a new run can take a few seconds to appear in lists, so callers ask again, and pass a `since`
 * a little before the dispatch (the clocks may differ).
 */
export async function findDispatchedRun(gh: Octokit, r: RepoRef, workflow: string, since: Date, titleStart: string): Promise<Run | undefined> {
  try {
    const pages = gh.paginate.iterator(gh.rest.actions.listWorkflowRuns, {
      owner: r.owner, repo: r.repo, workflow_id: workflow, event: 'workflow_dispatch', created: `>=${isoSeconds(since)}`, per_page: 100,
    });
    for await (const page of pages) {
      const hit = (page.data as unknown as RunJson[]).find((run) => run.display_title.startsWith(titleStart));
      if (hit) return toRun(hit);
    }
    return undefined;
  } catch (e) {
    throw fromOctokit(`GET ${base(r)}/workflows/${workflow}/runs (looking for the run titled "${titleStart}…")`, e);
  }
}

/**
 * The workflow_dispatch runs of `workflow` whose title contains `text`, among the `limit` most recent
 * (actions/list-workflow-runs, paginated): a build id already in use shows here.
 */
export async function runsWithTitle(gh: Octokit, r: RepoRef, workflow: string, text: string, limit = 1000): Promise<Run[]> {
  const found: Run[] = [];
  let seen = 0;
  try {
    const pages = gh.paginate.iterator(gh.rest.actions.listWorkflowRuns, { owner: r.owner, repo: r.repo, workflow_id: workflow, event: 'workflow_dispatch', per_page: 100 });
    for await (const page of pages) {
      for (const run of page.data as unknown as RunJson[]) if (run.display_title.includes(text)) found.push(toRun(run));
      seen += page.data.length;
      if (seen >= limit) break;
    }
    return found;
  } catch (e) {
    throw fromOctokit(`GET ${base(r)}/workflows/${workflow}/runs (runs titled "${text}")`, e);
  }
}

/** One run (actions/get-workflow-run). */
export async function getRun(gh: Octokit, r: RepoRef, runId: number): Promise<Run> {
  try {
    return toRun((await gh.rest.actions.getWorkflowRun({ owner: r.owner, repo: r.repo, run_id: runId })).data as unknown as RunJson);
  } catch (e) {
    throw fromOctokit(`GET ${base(r)}/runs/${runId}`, e);
  }
}

interface Cached<T> {
  etag?: string;
  value: T;
}

/**
 * Polls a run and its jobs with conditional requests: each answer's ETag goes back as If-None-Match,
 * and a 304 ("not modified", which costs no primary rate limit) reuses what was read before.
 * `changed` says whether the run or a job differs from the previous poll (always true on the first).
 */
export class RunWatcher {
  private run?: Cached<Run>;
  /** the jobs by page (100 a page), each with its own ETag */
  private readonly pages = new Map<number, Cached<{ jobs: Job[]; total: number }>>();
  private last?: string;

  constructor(private readonly gh: Octokit, private readonly r: RepoRef, private readonly runId: number) {}

  async poll(): Promise<{ run: Run; jobs: Job[]; changed: boolean }> {
    this.run = await this.conditional(this.run, `GET ${base(this.r)}/runs/${this.runId}`, (headers) =>
      // actions/get-workflow-run
      this.gh.rest.actions.getWorkflowRun({ owner: this.r.owner, repo: this.r.repo, run_id: this.runId, headers }), (d) => toRun(d as RunJson));
    const jobs: Job[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const got = await this.conditional(this.pages.get(page), `GET ${base(this.r)}/runs/${this.runId}/jobs?page=${page}`, (headers) =>
        // actions/list-jobs-for-workflow-run
        this.gh.rest.actions.listJobsForWorkflowRun({ owner: this.r.owner, repo: this.r.repo, run_id: this.runId, per_page: 100, page, headers }),
      (d) => { const x = d as { total_count: number; jobs: JobJson[] }; return { total: x.total_count, jobs: x.jobs.map(toJob) }; });
      this.pages.set(page, got);
      jobs.push(...got.value.jobs);
      pages = Math.ceil(got.value.total / 100);
    }
    const now = JSON.stringify([this.run.value, jobs]);
    const changed = now !== this.last;
    this.last = now;
    return { run: this.run.value, jobs, changed };
  }

  /** One GET with If-None-Match when an ETag is known; a 304 answers with the cached value. */
  private async conditional<T>(cached: Cached<T> | undefined, what: string, get: (headers: Record<string, string>) => Promise<{ data: unknown; headers: { etag?: string } }>, map: (data: unknown) => T): Promise<Cached<T>> {
    try {
      const res = await get(cached?.etag ? { 'if-none-match': cached.etag } : {});
      return { ...(res.headers.etag ? { etag: res.headers.etag } : {}), value: map(res.data) };
    } catch (e) {
      if (statusOf(e) === 304 && cached) return cached;
      throw fromOctokit(what, e);
    }
  }
}
