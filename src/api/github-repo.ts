// The GitHub calls of the remote set-up: the repository, its main branch, the pypi environment (with
// its deployment policy) and
// Actions variables. Each read tells whether its write is needed, so a rerun repeats nothing.
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import { fromOctokit } from './errors.js';
import type { RepoRef } from './github.js';

const statusOf = (e: unknown) => (e as { status?: number }).status;

export interface RepoInfo {
  cloneUrl: string;
  htmlUrl: string;
  private: boolean;
  defaultBranch?: string;
}

/** The repository, or undefined when it does not exist (or the token cannot see it). */
export async function getRepo(gh: Octokit, r: RepoRef): Promise<RepoInfo | undefined> {
  try {
    const { data } = await gh.rest.repos.get({ owner: r.owner, repo: r.repo });
    return { cloneUrl: data.clone_url, htmlUrl: data.html_url, private: data.private, defaultBranch: data.default_branch };
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo} (does the repository exist?)`, e);
  }
}

/** Where a new repository goes: the token's own account, or an organisation. */
export async function creationPath(gh: Octokit, owner: string): Promise<'user' | 'org'> {
  let login: string;
  try {
    login = (await gh.rest.users.getAuthenticated()).data.login;
  } catch (e) {
    throw fromOctokit('GET /user (whose token is this?)', e);
  }
  if (login.toLowerCase() === owner.toLowerCase()) return 'user';
  let type: string;
  try {
    type = (await gh.rest.users.getByUsername({ username: owner })).data.type;
  } catch (e) {
    throw fromOctokit(`GET /users/${owner} (is the owner a user or an organisation?)`, e);
  }
  if (type !== 'Organization') {
    throw new UserError(`${owner} is another user's account (the token belongs to ${login}): the repository cannot be created there.`, `Create ${owner}'s repository with ${owner}'s token, or generate with --owner ${login} (or an organisation you belong to).`);
  }
  return 'org';
}

export async function createRepo(gh: Octokit, r: RepoRef, where: 'user' | 'org', opts: { private: boolean; description: string }): Promise<RepoInfo> {
  const body = { name: r.repo, description: opts.description, private: opts.private, auto_init: false, has_wiki: false };
  try {
    const { data } = where === 'org'
      ? await gh.rest.repos.createInOrg({ org: r.owner, ...body })
      : await gh.rest.repos.createForAuthenticatedUser(body);
    return { cloneUrl: data.clone_url, htmlUrl: data.html_url, private: data.private };
  } catch (e) {
    const what = `POST ${where === 'org' ? `/orgs/${r.owner}/repos` : '/user/repos'} (creating ${r.owner}/${r.repo})`;
    if (statusOf(e) === 422) {
      // A retried POST (after a timeout or a 5xx) meets the repository its first attempt created.
      const now = await getRepo(gh, r);
      if (now) return now;
      const reasons = ((e as { response?: { data?: { errors?: Array<{ message?: string; field?: string }> } } }).response?.data?.errors ?? []).map((x) => x.message ?? x.field).filter(Boolean);
      const taken = reasons.some((m) => /already exists/i.test(String(m)));
      throw new UserError(`${what} failed (HTTP 422): ${reasons.join('; ') || (e as { message?: string }).message || 'refused'}.`, taken
        ? `The name is taken by a repository the token cannot see: grant the token access to ${r.owner}/${r.repo}, or pick another --owner.`
        : 'GitHub refused the request: an organisation policy (e.g. no public repositories: try --private) or an invalid name.');
    }
    throw fromOctokit(what, e);
  }
}

/** The commit of refs/heads/main: 'empty' for a repository without commits, undefined without that branch. */
export async function mainCommit(gh: Octokit, r: RepoRef): Promise<string | 'empty' | undefined> {
  try {
    return (await gh.rest.git.getRef({ owner: r.owner, repo: r.repo, ref: 'heads/main' })).data.object.sha;
  } catch (e) {
    if (statusOf(e) === 409) return 'empty';
    if (statusOf(e) === 404) return undefined;
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/git/ref/heads/main`, e);
  }
}

/** Whether commit `a` is an ancestor of (or equal to) `b` on GitHub; undefined when GitHub cannot compare them. */
export async function isAncestorOnGitHub(gh: Octokit, r: RepoRef, a: string, b: string): Promise<boolean | undefined> {
  try {
    const { data } = await gh.rest.repos.compareCommits({ owner: r.owner, repo: r.repo, base: a, head: b, per_page: 1 });
    return data.status === 'ahead' || data.status === 'identical';
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/compare/${a.slice(0, 12)}...${b.slice(0, 12)}`, e);
  }
}

export interface EnvironmentState {
  /** deployments are limited to selected branches and tags (custom policies) */
  customPolicies: boolean;
  /** the name patterns deployments must match, and whether each is for tags or branches */
  policies: Array<{ name: string; type: string }>;
}

/** The environment and its deployment policies, or undefined when it does not exist. */
export async function environmentState(gh: Octokit, r: RepoRef, name: string): Promise<EnvironmentState | undefined> {
  let custom: boolean;
  try {
    const { data } = await gh.rest.repos.getEnvironment({ owner: r.owner, repo: r.repo, environment_name: name });
    custom = data.deployment_branch_policy?.custom_branch_policies === true;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/environments/${name}`, e);
  }
  if (!custom) return { customPolicies: false, policies: [] };
  try {
    const { data } = await gh.rest.repos.listDeploymentBranchPolicies({ owner: r.owner, repo: r.repo, environment_name: name, per_page: 100 });
    return { customPolicies: true, policies: data.branch_policies.map((p) => ({ name: p.name ?? '', type: p.type ?? 'branch' })) };
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/environments/${name}/deployment-branch-policies`, e);
  }
}

/** Creates the environment, or limits an existing one, to deployments from selected branches and tags. */
export async function limitEnvironment(gh: Octokit, r: RepoRef, name: string): Promise<void> {
  try {
    await gh.rest.repos.createOrUpdateEnvironment({
      owner: r.owner, repo: r.repo, environment_name: name,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
  } catch (e) {
    throw fromOctokit(`PUT /repos/${r.owner}/${r.repo}/environments/${name}`, e);
  }
}

/** Admits deployments from tags matching `pattern` (the environment must have custom policies). */
export async function addTagPolicy(gh: Octokit, r: RepoRef, env: string, pattern: string): Promise<void> {
  try {
    await gh.rest.repos.createDeploymentBranchPolicy({ owner: r.owner, repo: r.repo, environment_name: env, name: pattern, type: 'tag' });
  } catch (e) {
    throw fromOctokit(`POST /repos/${r.owner}/${r.repo}/environments/${env}/deployment-branch-policies`, e);
  }
}

/** The repository's Actions variables, name → value. */
export async function listVariables(gh: Octokit, r: RepoRef): Promise<Map<string, string>> {
  try {
    const vars = await gh.paginate(gh.rest.actions.listRepoVariables, { owner: r.owner, repo: r.repo, per_page: 30 });
    return new Map(vars.map((v) => [v.name, v.value]));
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/actions/variables`, e);
  }
}

export async function setVariable(gh: Octokit, r: RepoRef, name: string, value: string, exists: boolean): Promise<void> {
  try {
    if (exists) await gh.rest.actions.updateRepoVariable({ owner: r.owner, repo: r.repo, name, value });
    else await gh.rest.actions.createRepoVariable({ owner: r.owner, repo: r.repo, name, value });
  } catch (e) {
    // A retried POST meets the variable its first attempt created: set it with PATCH instead.
    if (!exists && statusOf(e) === 409) return setVariable(gh, r, name, value, true);
    throw fromOctokit(`${exists ? 'PATCH' : 'POST'} /repos/${r.owner}/${r.repo}/actions/variables${exists ? `/${name}` : ''}`, e);
  }
}
