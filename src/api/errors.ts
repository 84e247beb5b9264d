// Every HTTP failure becomes a message that says what was being done, the status, and the likely fix.
import { UserError } from '../core/errors.js';
import { hostOf, networkFailure, networkHint } from './network.js';

export type Service = 'github' | 'travis' | 'appveyor';

const HINTS: Record<Service, Record<number, string>> = {
  github: {
    401: 'GitHub refused the token: check GITHUB_TOKEN / GH_TOKEN (or `gh auth status`).',
    403: 'The token lacks a permission: classic tokens need `repo` (and `workflow` to push workflows, `admin:repo_hook` for webhooks, `admin:org` rights to create organisation repositories); fine-grained tokens need "Administration", "Contents", "Secrets", "Variables", "Environments" and "Webhooks" write on the repository.',
    404: 'Not found, or the token cannot see it: check the owner and repository name, and that the token has access to the repository.',
    409: 'GitHub reports a conflicting state for this request: look at the repository on GitHub, then run again.',
    422: 'GitHub refused the request as invalid.',
    429: 'GitHub\'s rate limit: wait a few minutes and run again (it resumes where it stopped).',
  },
  travis: {
    401: 'Travis CI refused TRAVIS_TOKEN: copy a fresh one from https://app.travis-ci.com/account/preferences.',
    403: 'Travis CI refused TRAVIS_TOKEN for this repository: is it your token, and is the repository activated on travis-ci.com?',
    404: 'Travis CI does not know the repository yet: sign in to travis-ci.com, sync your repositories and activate it.',
  },
  appveyor: {
    401: 'AppVeyor refused APPVEYOR_TOKEN: copy the API key from https://ci.appveyor.com/api-keys (user-level "v2" keys also need --appveyor-account).',
    403: 'AppVeyor refused the request: the API key lacks the role for it, or the account is wrong (--appveyor-account).',
    404: 'AppVeyor does not know it: check --appveyor-account and APPVEYOR_API_URL.',
  },
};

export function apiError(what: string, status: number | undefined, detail?: string, service: Service = 'github'): UserError {
  const code = status ?? 0;
  const hint = HINTS[service][code] ?? (code >= 500 ? 'The service failed; run the command again (it resumes where it stopped).' : 'Run the command again; if it persists, check the API URL.');
  return new UserError(`${what} failed${code ? ` (HTTP ${code})` : ''}${detail ? `: ${detail}` : ''}.`, hint);
}

interface OctokitLikeError {
  status?: number;
  message?: string;
  request?: { url?: string };
  response?: { data?: { message?: string }; headers?: Record<string, string | undefined> };
}

/** Octokit's RequestError, or a network failure, as a UserError. */
export function fromOctokit(what: string, e: unknown): UserError {
  const err = e as OctokitLikeError;
  // no HTTP answer at all: say what failed below HTTP, with no made-up status
  const net = err.response === undefined ? networkFailure(e) : undefined;
  if (net) return new UserError(`${what} failed: could not reach ${hostOf(err.request?.url ?? '')}: ${net.what} (${net.code}).`, networkHint(net, 'GITHUB_API_URL'));
  const detail = err.response?.data?.message ?? err.message;
  const headers = err.response?.headers ?? {};
  if ((err.status === 403 || err.status === 429) && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(detail ?? ''))) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? `until ${new Date(reset * 1000).toLocaleTimeString()}` : 'a few minutes';
    return new UserError(`${what} failed (HTTP ${err.status}): ${detail}.`, `GitHub's rate limit: wait ${when}, then run again (it resumes where it stopped).`);
  }
  return apiError(what, err.status, detail);
}
