// GitHub webhooks, and AppVeyor's among them: AppVeyor's hook must not fire on pull requests (a PR
// build from a fork would run with the repository's AppVeyor settings).
import type { Octokit } from '@octokit/rest';
import { fromOctokit } from './errors.js';
import type { RepoRef } from './github.js';

/** AppVeyor's GitHub webhook: on ci.appveyor.com, or on the AppVeyor Server host of APPVEYOR_API_URL. */
export function isAppVeyorHook(url: string | undefined, env: NodeJS.ProcessEnv = {}): boolean {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return false;
  }
  const hosts = new Set(['ci.appveyor.com']);
  try {
    if (env.APPVEYOR_API_URL) hosts.add(new URL(env.APPVEYOR_API_URL).host);
  } catch {
    // not a URL: only the public service counts
  }
  return hosts.has(u.host) && u.pathname.endsWith('/api/github/webhook') && u.searchParams.has('id');
}

export function maskHookUrl(url: string | undefined): string {
  if (!url) return '(no url)';
  return url.replace(/([?&]id=)[^&]+/, '$1***');
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
