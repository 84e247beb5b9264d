// The GitHub token of every command that talks to GitHub: GITHUB_TOKEN, GH_TOKEN, the GitHub CLI's
// (`gh auth token` for the host of GITHUB_API_URL), or a masked prompt. Never from argv, never printed.
import { spawnSync } from 'node:child_process';
import { UserError } from '../core/errors.js';
import type { CommandIO } from '../io/command-io.js';
import { askSecret } from '../io/prompt.js';
import { apiBase } from './base-url.js';

export type TokenIO = Pick<CommandIO, 'env' | 'terminal'>;

/** GITHUB_TOKEN, GH_TOKEN, `gh auth token` (for the host of GITHUB_API_URL), or a masked prompt. */
export async function githubToken(io: TokenIO): Promise<string | undefined> {
  const fromEnv = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (fromEnv) return fromEnv;
  const api = apiBase(io.env, 'GITHUB_API_URL');
  const host = api === 'https://api.github.com' ? 'github.com' : new URL(api).host;
  const gh = spawnSync('gh', ['auth', 'token', '--hostname', host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: io.env });
  if (gh.status === 0 && gh.stdout.trim()) return gh.stdout.trim();
  if (!io.terminal) return undefined;
  return askSecret(`GitHub token for ${host} (repo and workflow scopes)`);
}

/** The token, or a UserError that says where it was looked for and what it needs (`need`). */
export async function requireGithubToken(io: TokenIO, need: string): Promise<string> {
  const token = await githubToken(io);
  if (token) return token;
  throw new UserError(
    `No GitHub token: GITHUB_TOKEN and GH_TOKEN are not set, \`gh auth token\` gave none${io.terminal ? '' : ', and there is no terminal to ask in'}.`,
    `Export GITHUB_TOKEN with ${need}, or run \`gh auth login\`.`,
  );
}
