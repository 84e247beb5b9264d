// The GitHub REST client: Octokit with the retry and throttling plugins, base URL from GITHUB_API_URL
// (GitHub Enterprise Server and tests), loaded only by the commands that talk to GitHub.
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import { sealForGitHub } from '../core/seal.js';
import { apiBase } from './base-url.js';
import { fromOctokit } from './errors.js';
import { networkFailure } from './network.js';

export interface GitHubOptions {
  token: string;
  log: (line: string) => void;
  /** how long to wait at most for a rate limit before failing, in seconds */
  maxWait?: number;
  /** WHEELS_REPO_* tuning and the API base (GITHUB_API_URL) */
  env: NodeJS.ProcessEnv;
  /** the fetch under the timeout (tests); default the global fetch */
  fetchImpl?: typeof fetch;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits out a rate limit with a visible countdown: a line now, then one every 10 s. */
async function countdown(seconds: number, what: string, log: (line: string) => void): Promise<void> {
  log(`${what}: waiting ${seconds} s (until ${new Date(Date.now() + seconds * 1000).toLocaleTimeString()}), then retrying`);
  for (let left = seconds; left > 0; left -= 10) {
    if (left < seconds) log(`  ${left} s left`);
    await sleep(Math.min(left, 10) * 1000);
  }
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

export async function createGitHub(opts: GitHubOptions): Promise<Octokit> {
  const { Octokit: Base, retry, throttling, Bottleneck } = await import('#octokit');
  const env = opts.env;
  const baseUrl = apiBase(env, 'GITHUB_API_URL');
  // A request that hangs is abandoned after WHEELS_REPO_HTTP_TIMEOUT seconds (default 60) and retried.
  const timeoutMs = positive(env.WHEELS_REPO_HTTP_TIMEOUT, 60) * 1000;
  // GitHub asks for mutating requests at least a second apart (WHEELS_REPO_WRITE_INTERVAL_MS tunes it).
  const writeInterval = positive(env.WHEELS_REPO_WRITE_INTERVAL_MS, 1000);
  // Registered before the retry plugin, so its error hook runs first: a failure that waiting cannot
  // fix (connection refused, no DNS name, a certificate) gets no retries, instead of 14 s of them
  // ending in a made-up "HTTP 500" (@octokit/request reports every fetch failure as status 500).
  const failFast = (octokit: { hook: { error: (name: 'request', fn: (error: unknown, options: { request?: { retries?: number } }) => never) => void } }) => {
    octokit.hook.error('request', (error, options) => {
      const net = networkFailure(error);
      if (net && !net.retryable) options.request = { ...options.request, retries: 0 };
      throw error;
    });
  };
  const Client = Base.plugin(failFast as never, retry, throttling);
  const onLimit = (kind: string) => async (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
    const max = opts.maxWait ?? positive(env.WHEELS_REPO_MAX_WAIT, 900);
    if (retryCount >= 2 || retryAfter > max) {
      opts.log(`${kind} on ${options.method} ${options.url}: the wait (${retryAfter} s) is too long or the limit persists; giving up`);
      return false;
    }
    await countdown(retryAfter, `${kind} on ${options.method} ${options.url}`, opts.log);
    return true;
  };
  const timedFetch: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return (opts.fetchImpl ?? fetch)(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
  return new Client({
    auth: opts.token,
    baseUrl,
    userAgent: 'create-wheels-repo',
    // Failures become UserErrors with a hint; Octokit's own request log would only repeat them.
    log: { debug: () => {}, info: () => {}, warn: (m: string) => opts.log(`warning: ${m}`), error: () => {} },
    request: { fetch: timedFetch },
    // 5xx, resets and timeouts are retried (1 s, 4 s, 9 s apart); rate limits belong to the throttling plugin.
    // WHEELS_REPO_RETRY_BASE_MS scales the pauses (tests make them short).
    retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451], retryAfterBaseValue: positive(env.WHEELS_REPO_RETRY_BASE_MS, 1000) },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      // the countdown above did the waiting
      retryAfterBaseValue: 0,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeInterval }),
    },
  }) as unknown as Octokit;
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
