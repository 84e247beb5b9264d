// One read of the GitHub REST API: the commit a ref points at (annotated tags peeled by GitHub).
import { UserError } from '../core/errors.js';
import { apiBase } from './base-url.js';

export interface GitHubTarget {
  /** GITHUB_API_URL */
  env: NodeJS.ProcessEnv;
  token: string | undefined;
}

export async function getCommitSha(target: GitHubTarget, owner: string, repo: string, ref: string): Promise<string> {
  const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/commits/${encodeURIComponent(ref)}`;
  const url = `${apiBase(target.env, 'GITHUB_API_URL')}${path}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github.sha',
    'user-agent': 'create-wheels-repo',
    'x-github-api-version': '2022-11-28',
  };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new UserError(`GET ${path} failed: ${(e as Error).message}.`, 'Check the network and GITHUB_API_URL.');
  }
  const body = (await response.text()).trim();
  if (response.ok && /^[0-9a-f]{40}$/.test(body)) return body;
  const where = `GET ${path} answered ${response.status}`;
  if (response.status === 404 || response.status === 422) {
    throw new UserError(`${where}: ${owner}/${repo} has no branch, tag or commit named ${ref}.`, 'Check the ref (git ls-remote the project), or that the token can read the repository.');
  }
  if (response.status === 401) throw new UserError(`${where}: the token was refused.`, 'Set a valid GITHUB_TOKEN or GH_TOKEN.');
  if (response.status === 403 || response.status === 429) {
    throw new UserError(`${where}: ${response.headers.get('x-ratelimit-remaining') === '0' ? 'rate limit reached' : 'forbidden'}.`, 'Set GITHUB_TOKEN (or GH_TOKEN) with read access, or wait for the rate limit to reset.');
  }
  throw new UserError(`${where}: unexpected answer.`, 'Try again; if it persists, check GITHUB_API_URL.');
}
