// The remote checks of `wheels-repo doctor`: the GitHub repository and origin, Actions and the
// workflow on the default branch, the declared secrets and variables (names only), the pypi
// environment's tag policy, AppVeyor's webhook, the last run, and the project on PyPI. One request per
// thing checked; a failed request is reported as that check's failure, never a crash. When the
// repository itself cannot be read, the checks that need it are reported as skipped, with the reason.
import type { Octokit } from '@octokit/rest';
import { isUserError } from '../core/errors.js';
import type { RepoInfo } from '../api/github-repo.js';
import { checkIn, type Check, type CheckMaker } from '../repo/doctor-types.js';
import { displayUrl, remoteSlug, type WheelsRepo } from '../repo/wheels-repo.js';
import { remoteUrl } from '../io/git.js';

/** How many remote checks may wait on GitHub at once. */
export const REMOTE_CONCURRENCY = 4;

const check = checkIn('remote', 'GitHub');
const ciServiceCheck = checkIn('remote', 'CI services');
const pypiCheckIn = checkIn('remote', 'PyPI');

/** A remote check that asks GitHub about the repository, so it runs only when the repository was read. */
interface RepoTask {
  id: string;
  title: string;
  make: CheckMaker;
  run: (info: RepoInfo) => Promise<Check>;
}

/** Runs a task; an API error becomes this check's failure, with its message and hint. */
async function guarded(task: RepoTask, info: RepoInfo): Promise<Check> {
  try {
    return await task.run(info);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return task.make(task.id, task.title, 'fail', e.message, e.hint);
  }
}

export async function remoteChecks(repo: WheelsRepo, gh: Octokit, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { getRepo } = await import('../api/github-repo.js');
  const slug = repo.slug;
  const full = `${slug.owner}/${slug.repo}`;
  const tasks = repoTasks(repo, gh, env);
  const pypi = pypiCheck(repo, env);
  // getRepo answers undefined for a 404; any other failure (a refused connection, HTTP 502) says
  // nothing about whether the repository exists, and is reported as what it is.
  let info: RepoInfo | undefined;
  let unread: Check | undefined;
  try {
    info = await getRepo(gh, slug);
  } catch (e) {
    if (!isUserError(e)) throw e;
    unread = check('repository', 'GitHub repository', 'fail', e.message, e.hint);
  }
  if (!info) {
    const why = unread ? `${full} could not be read from GitHub` : `${full} does not exist, or the token cannot see it`;
    return [
      unread ?? check('repository', 'GitHub repository', 'fail', why, 'wheels-repo remote'),
      ...tasks.map((t) => t.make(t.id, t.title, 'skip', `not checked: ${why}`)),
      await pypi,
    ];
  }
  const found = info;
  const origin = remoteUrl(repo.dir, 'origin');
  const o = origin === undefined ? undefined : remoteSlug(origin);
  const repository = o && `${o.owner}/${o.repo}`.toLowerCase() === full.toLowerCase()
    ? check('repository', 'GitHub repository and origin', 'pass', `${full}; origin ${displayUrl(origin as string)}`)
    : check('repository', 'GitHub repository and origin', 'fail', `${full} exists, but origin is ${origin === undefined ? 'not set' : displayUrl(origin)}`, `git remote ${origin === undefined ? 'add' : 'set-url'} origin ${found.cloneUrl}`);
  // concurrently, but a few at a time: GitHub's guidance is to avoid bursts of parallel requests
  // (secondary rate limits), and the Bottleneck build Octokit's throttling uses is already loaded (the
  // GitHub client came from #octokit: this import() only hands back the module)
  const { Bottleneck } = await import('#octokit');
  const limit = new Bottleneck({ maxConcurrent: REMOTE_CONCURRENCY });
  return [repository, ...(await Promise.all(tasks.map((t) => limit.schedule(() => guarded(t, found))))), await pypi];
}

/** The checks that ask GitHub about the repository, in the order they are reported. */
function repoTasks(repo: WheelsRepo, gh: Octokit, env: NodeJS.ProcessEnv): RepoTask[] {
  const slug = repo.slug;
  const full = `${slug.owner}/${slug.repo}`;
  const tasks: RepoTask[] = [];
  if (repo.layout.id === 'github-actions') {
    const title = 'Actions and the workflow on the default branch';
    tasks.push({ id: 'workflow', title, make: check, run: async (info) => {
      const enabled = (await gh.rest.actions.getGithubActionsPermissionsRepository({ owner: slug.owner, repo: slug.repo })).data.enabled;
      if (!enabled) return check('workflow', title, 'fail', 'GitHub Actions is disabled for the repository', `open https://github.com/${full}/settings/actions (Allow actions)`);
      const branch = info.defaultBranch ?? 'main';
      const found = await gh.rest.repos.getContent({ owner: slug.owner, repo: slug.repo, path: '.github/workflows/build-wheels.yml', ref: branch }).then(() => true, (e: { status?: number }) => (e.status === 404 ? false : Promise.reject(e)));
      return found
        ? check('workflow', title, 'pass', `enabled; build-wheels.yml on ${branch}`)
        : check('workflow', title, 'fail', `.github/workflows/build-wheels.yml is not on ${branch} (a commit there removed it, or this one was never pushed); the fix takes GitHub's ${branch}, restores the file from your HEAD and pushes`,
          `git pull --no-edit origin ${branch} && git checkout ORIG_HEAD -- .github/workflows/build-wheels.yml && git commit -m "Restore the build workflow" && git push origin HEAD:${branch}`);
    } });
  }
  const secrets = repo.layout.secrets(repo.answers).filter((s) => s.where === 'github-secret');
  if (secrets.length > 0) {
    tasks.push({ id: 'secrets', title: 'GitHub secrets', make: check, run: async () => {
      const { listSecretNames } = await import('../api/github.js');
      const names = await listSecretNames(gh, slug);
      const missing = secrets.filter((s) => !names.has(s.name)).map((s) => s.name);
      return missing.length ? check('secrets', 'GitHub secrets', 'fail', `not set: ${missing.join(', ')}`, 'wheels-repo secrets sync') : check('secrets', 'GitHub secrets', 'pass', secrets.map((s) => s.name).join(', '));
    } });
  }
  const variables = repo.layout.variables(repo.answers);
  if (variables.length > 0) {
    tasks.push({ id: 'variables', title: 'GitHub variables', make: check, run: async () => {
      const { listVariables } = await import('../api/github-repo.js');
      const now = await listVariables(gh, slug);
      const missing = variables.filter((v) => !now.has(v.name)).map((v) => v.name);
      return missing.length ? check('variables', 'GitHub variables', 'fail', `not set: ${missing.join(', ')}`, 'wheels-repo remote') : check('variables', 'GitHub variables', 'pass', variables.map((v) => v.name).join(', '));
    } });
  }
  if (repo.layout.remoteSteps(repo.answers, { appveyor: false }).includes('pypi-environment')) {
    const title = 'the pypi environment admits v* tags only';
    tasks.push({ id: 'pypi-environment', title, make: check, run: async () => {
      const { environmentState } = await import('../api/github-repo.js');
      const state = await environmentState(gh, slug, 'pypi');
      if (!state) return check('pypi-environment', title, 'fail', 'there is no pypi environment: the publish job cannot run', 'wheels-repo remote');
      if (!state.customPolicies || !state.policies.some((p) => p.name === 'v*' && p.type === 'tag')) return check('pypi-environment', title, 'fail', 'the pypi environment admits any branch or tag', 'wheels-repo remote');
      return check('pypi-environment', title, 'pass');
    } });
  }
  if (repo.layout.services(repo.answers).includes('appveyor')) {
    const title = "AppVeyor's webhook ignores pull requests";
    tasks.push({ id: 'appveyor-webhook', title, make: ciServiceCheck, run: async () => {
      const { isAppVeyorHook, listHooks } = await import('../api/hooks.js');
      const hooks = (await listHooks(gh, slug)).filter((h) => isAppVeyorHook(h.config.url, env));
      if (hooks.length === 0) return ciServiceCheck('appveyor-webhook', title, 'warn', 'no AppVeyor webhook yet', 'wheels-repo remote --appveyor');
      const firing = hooks.filter((h) => h.events.includes('pull_request') || h.events.includes('*'));
      return firing.length ? ciServiceCheck('appveyor-webhook', title, 'fail', `hook ${firing.map((h) => h.id).join(', ')} fires on pull requests`, 'wheels-repo webhooks') : ciServiceCheck('appveyor-webhook', title, 'pass');
    } });
  }
  if (repo.layout.id === 'github-actions') {
    const title = 'the last build on the default branch';
    tasks.push({ id: 'last-run', title, make: check, run: async (info) => {
      const { data } = await gh.rest.actions.listWorkflowRuns({ owner: slug.owner, repo: slug.repo, workflow_id: 'build-wheels.yml', branch: info.defaultBranch ?? 'main', per_page: 1 });
      const last = data.workflow_runs[0];
      if (!last) return check('last-run', title, 'info', 'no run yet', 'wheels-repo build');
      const status = last.conclusion === 'success' ? 'pass' : last.status !== 'completed' ? 'info' : 'fail';
      return check('last-run', title, status, `${last.display_title}: ${last.conclusion ?? last.status} (${last.html_url})`, status === 'fail' ? 'wheels-repo build' : undefined);
    } });
  }
  return tasks;
}

/**
 * The project on PyPI, and whether its latest release came through this repository's workflow: the
 * Integrity API serves a file's PEP 740 provenance, whose bundles name their trusted publisher
 * (GET /integrity/<project>/<version>/<file>/provenance; 404 when the file has none).
 */
async function pypiCheck(repo: WheelsRepo, env: NodeJS.ProcessEnv): Promise<Check> {
  const check = pypiCheckIn;
  const title = `${repo.answers.name} on PyPI`;
  const base = (env.PYPI_URL || 'https://pypi.org').replace(/\/+$/, '');
  const get = (path: string, accept: string) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000), headers: { 'User-Agent': 'create-wheels-repo', Accept: accept } });
  try {
    const r = await get(`/pypi/${encodeURIComponent(repo.answers.name)}/json`, 'application/json');
    if (r.status === 404) return check('pypi', title, 'info', 'not on PyPI yet: register a pending trusted publisher first (README.md, "Releasing to PyPI")');
    if (!r.ok) return check('pypi', title, 'warn', `the PyPI JSON API answered HTTP ${r.status}`);
    const data = (await r.json()) as { info?: { version?: string }; urls?: Array<{ filename?: string }> };
    const version = data.info?.version ?? '?';
    const file = data.urls?.[0]?.filename;
    if (!file) return check('pypi', title, 'pass', `latest release ${version}`);
    const p = await get(`/integrity/${encodeURIComponent(repo.answers.name)}/${encodeURIComponent(version)}/${encodeURIComponent(file)}/provenance`, 'application/vnd.pypi.integrity.v1+json');
    if (p.status === 404) return check('pypi', title, 'info', `latest release ${version}; ${file} has no provenance (not uploaded by trusted publishing)`);
    if (!p.ok) return check('pypi', title, 'pass', `latest release ${version} (provenance: HTTP ${p.status})`);
    const bundles = ((await p.json()) as { attestation_bundles?: Array<{ publisher?: { kind?: string; repository?: string; workflow?: string } }> }).attestation_bundles ?? [];
    const ours = `${repo.slug.owner}/${repo.slug.repo}`.toLowerCase();
    const by = bundles.map((b) => b.publisher).find((x) => x?.kind === 'GitHub');
    return by?.repository?.toLowerCase() === ours && by.workflow === 'build-wheels.yml'
      ? check('pypi', title, 'pass', `latest release ${version}, published by ${by.repository}'s build-wheels.yml`)
      : check('pypi', title, 'info', `latest release ${version}, published ${by ? `by ${by.repository}'s ${by.workflow}` : 'by another kind of publisher'}, not through this repository`);
  } catch (e) {
    return check('pypi', title, 'warn', `PyPI could not be reached (${(e as Error).message})`);
  }
}
