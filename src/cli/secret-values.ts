// Where secret values come from (the environment or a masked prompt, never argv) and how a secure
// value is encrypted for its service: shared by `wheels-repo secrets` and `wheels-repo remote`.
import { encryptForTravis } from '../core/seal.js';
import type { SecretSpec } from '../providers/types.js';
import { apiBase } from '../api/base-url.js';
import { appveyor, travisKey, type AppVeyor } from '../api/ci-services.js';
import type { CommandIO } from '../io/command-io.js';
import { askSecret } from '../io/prompt.js';

/**
 * A secret's value from the environment: WHEELS_REPO_SECRET_<NAME>, else <NAME>, except that the
 * API token in GITHUB_TOKEN / GH_TOKEN is never reused as a CI secret (it has more rights than CI needs).
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const explicit = env[`WHEELS_REPO_SECRET_${name}`];
  if (explicit) return explicit;
  if (name === 'GITHUB_TOKEN' || name === 'GH_TOKEN') return undefined;
  return env[name] || undefined;
}

/** Where secretFromEnv found NAME's value, for the report. */
export function secretSource(env: NodeJS.ProcessEnv, name: string): string {
  return env[`WHEELS_REPO_SECRET_${name}`] ? `$WHEELS_REPO_SECRET_${name}` : `$${name}`;
}

/** A value typed without echo, when there is a terminal to type it in. */
export async function promptValue(name: string, io: Pick<CommandIO, 'terminal' | 'adapter'>): Promise<string | undefined> {
  return io.terminal ? askSecret(name, io.adapter) : undefined;
}

/**
 * Encrypts a secure value the way its service decrypts it: Travis with the repository's key (one key
 * request per run), AppVeyor through its encrypt endpoint.
 */
export function secureValueEncrypter(env: NodeJS.ProcessEnv, slug: string, account?: string): (spec: SecretSpec, value: string) => Promise<string> {
  // Both bases are checked before the first request, so a bad one sends nothing to the other service.
  apiBase(env, 'TRAVIS_API_URL');
  apiBase(env, 'APPVEYOR_API_URL');
  let pem: string | undefined;
  let api: AppVeyor | undefined;
  return async (spec, value) => spec.where === 'travis-secure'
    ? encryptForTravis((pem ??= await travisKey(env, slug)), spec.name, value)
    : (api ??= appveyor(env, account)).encrypt(value);
}
