// Travis CI and AppVeyor REST calls, with plain fetch: the Travis repository key (to encrypt secure
// values), AppVeyor's encrypt endpoint and its projects. Bases from TRAVIS_API_URL / APPVEYOR_API_URL.
import { UserError } from '../core/errors.js';
import { apiBase } from './base-url.js';
import { apiError, type Service } from './errors.js';
import { hostOf, networkFailure, networkHint } from './network.js';

const UA = 'create-wheels-repo';

async function send(service: Service, what: string, url: string, init: RequestInit): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    const net = networkFailure(e);
    const envVar = service === 'travis' ? 'TRAVIS_API_URL' : 'APPVEYOR_API_URL';
    if (net) throw new UserError(`${what} failed: could not reach ${hostOf(url)}: ${net.what} (${net.code}).`, networkHint(net, envVar));
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    throw new UserError(`${what} failed: ${cause}.`, `Check the network and ${envVar}, then run again (it resumes where it stopped).`);
  }
  if (!r.ok) throw apiError(what, r.status, undefined, service);
  return r;
}

export function travisToken(env: NodeJS.ProcessEnv): string {
  const token = env.TRAVIS_TOKEN;
  if (!token) throw new UserError('TRAVIS_TOKEN is not set.', 'Create a token at https://app.travis-ci.com/account/preferences and export TRAVIS_TOKEN.');
  return token;
}

/** The PEM public key Travis encrypts this repository's secure values with. */
export async function travisKey(env: NodeJS.ProcessEnv, slug: string): Promise<string> {
  const token = travisToken(env);
  const base = apiBase(env, 'TRAVIS_API_URL');
  const path = `/repo/${encodeURIComponent(slug)}/key_pair/generated`;
  const r = await send('travis', `GET ${path} (Travis public key)`, `${base}${path}`, {
    headers: { 'Travis-API-Version': '3', Authorization: `token ${token}`, 'User-Agent': UA },
  });
  return ((await r.json()) as { public_key: string }).public_key;
}

export interface AppVeyor {
  encrypt(value: string): Promise<string>;
  hasProject(slug: string): Promise<boolean>;
  addProject(slug: string): Promise<void>;
}

/** AppVeyor's API; user-level ("v2") keys need the account name in every path. */
export function appveyor(env: NodeJS.ProcessEnv, account?: string): AppVeyor {
  const token = env.APPVEYOR_TOKEN;
  if (!token) throw new UserError('APPVEYOR_TOKEN is not set.', 'Copy the API key from https://ci.appveyor.com/api-keys and export APPVEYOR_TOKEN.');
  const acct = account || env.APPVEYOR_ACCOUNT;
  const base = `${apiBase(env, 'APPVEYOR_API_URL')}${acct ? `/account/${encodeURIComponent(acct)}` : ''}`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': UA };
  return {
    async encrypt(value) {
      const r = await send('appveyor', 'POST /account/encrypt (AppVeyor)', `${base}/account/encrypt`, { method: 'POST', headers, body: JSON.stringify({ plainValue: value }) });
      return (await r.text()).trim().replace(/^"|"$/g, '');
    },
    async hasProject(slug) {
      const r = await send('appveyor', 'GET /projects (AppVeyor)', `${base}/projects`, { headers });
      const projects = (await r.json()) as Array<{ repositoryName?: string }>;
      return projects.some((p) => p.repositoryName?.toLowerCase() === slug.toLowerCase());
    },
    async addProject(slug) {
      await send('appveyor', `POST /projects (adding ${slug} to AppVeyor)`, `${base}/projects`, { method: 'POST', headers, body: JSON.stringify({ repositoryProvider: 'gitHub', repositoryName: slug }) });
    },
  };
}
