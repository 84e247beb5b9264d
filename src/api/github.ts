// The GitHub REST client: Octokit with the retry and throttling plugins, base URL from GITHUB_API_URL
// (GitHub Enterprise Server and tests), loaded only by the commands that talk to GitHub.
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import { sealForGitHub } from '../core/seal.js';
import { fromOctokit } from './errors.js';

export interface GitHubOptions {
  token: string;
  baseUrl?: string;
  log: (line: string) => void;
  /** how long to wait at most for a rate limit before failing, in seconds */
  maxWait?: number;
}

export async function createGitHub(opts: GitHubOptions): Promise<Octokit> {
  const [{ Octokit: Base }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/rest'), import('@octokit/plugin-retry'), import('@octokit/plugin-throttling'),
  ]);
  const Client = Base.plugin(retry, throttling);
  const onLimit = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
    if (retryCount >= 2 || retryAfter > (opts.maxWait ?? 900)) return false;
    opts.log(`${kind} on ${options.method} ${options.url}: waiting ${retryAfter} s, then retrying`);
    return true;
  };
  return new Client({
    auth: opts.token,
    baseUrl: (opts.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'create-wheels-repo',
    retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 409, 422] },
    throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
  }) as unknown as Octokit;
}

export function tokenFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export async function listSecretNames(gh: Octokit, r: RepoRef): Promise<Set<string>> {
  try {
    const names = await gh.paginate(gh.rest.actions.listRepoSecrets, { ...r, per_page: 100 });
    return new Set(names.map((s) => s.name));
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/actions/secrets (listing secrets)`, e);
  }
}

/** One public-key request per repository, then one PUT per secret. */
export async function secretWriter(gh: Octokit, r: RepoRef): Promise<(name: string, value: string) => Promise<'created' | 'updated'>> {
  let key: { key_id: string; key: string };
  try {
    key = (await gh.rest.actions.getRepoPublicKey({ owner: r.owner, repo: r.repo })).data;
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/actions/secrets/public-key`, e);
  }
  return async (name, value) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.toUpperCase().startsWith('GITHUB_')) {
      throw new UserError(`${name} is not a valid GitHub secret name.`, 'Use letters, digits and _, not starting with a digit or GITHUB_.');
    }
    const encrypted_value = await sealForGitHub(key.key, value);
    try {
      const res = await gh.rest.actions.createOrUpdateRepoSecret({ ...r, secret_name: name, encrypted_value, key_id: key.key_id });
      return res.status === 201 ? 'created' : 'updated';
    } catch (e) {
      throw fromOctokit(`PUT /repos/${r.owner}/${r.repo}/actions/secrets/${name}`, e);
    }
  };
}

export interface Hook {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: { url?: string };
}

export async function listHooks(gh: Octokit, r: RepoRef): Promise<Hook[]> {
  try {
    return (await gh.paginate(gh.rest.repos.listWebhooks, { owner: r.owner, repo: r.repo, per_page: 100 })) as Hook[];
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/hooks (listing webhooks; needs admin rights on the repository)`, e);
  }
}

/** Stops a hook firing on pull requests. Sends only remove_events: sending `config` would erase the hook's secret. */
export async function removePullRequestEvent(gh: Octokit, r: RepoRef, id: number): Promise<void> {
  try {
    await gh.rest.repos.updateWebhook({ owner: r.owner, repo: r.repo, hook_id: id, remove_events: ['pull_request'] });
  } catch (e) {
    throw fromOctokit(`PATCH /repos/${r.owner}/${r.repo}/hooks/${id}`, e);
  }
}
