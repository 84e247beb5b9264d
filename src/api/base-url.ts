// The API bases of the services: the public ones by default, else the variable's value (GitHub
// Enterprise Server, AppVeyor Server, local test servers), which must be https:// (http:// only on
// this machine): every request carries a token.
import { UserError } from '../core/errors.js';
import { insecureUrlProblem } from '../core/rules.js';

const DEFAULTS = {
  GITHUB_API_URL: 'https://api.github.com',
  TRAVIS_API_URL: 'https://api.travis-ci.com',
  APPVEYOR_API_URL: 'https://ci.appveyor.com/api',
} as const;

export type ApiVariable = keyof typeof DEFAULTS;

/** The base URL from `variable` in `env` (or the public service's), without a trailing slash. */
export function apiBase(env: NodeJS.ProcessEnv, variable: ApiVariable): string {
  const value = env[variable] || DEFAULTS[variable];
  const problem = insecureUrlProblem(value);
  if (problem) throw new UserError(`${variable}=${value} ${problem}.`, `Set ${variable} to the service's https:// address (or unset it for ${DEFAULTS[variable]}); nothing was sent.`);
  return value.replace(/\/+$/, '');
}

/** Refuses to send a token to `url` unless it is https:// (or http:// on this machine). */
export function requireSecureUrl(url: string, what: string): void {
  const problem = insecureUrlProblem(url);
  if (problem) throw new UserError(`${what}: ${url} ${problem}.`, 'Use the https:// address of the repository; the token was not sent.');
}
