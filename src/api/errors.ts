// Every HTTP failure becomes a message that says what was being done, the status, and the likely fix.
import { UserError } from '../core/errors.js';

const HINTS: Record<number, string> = {
  401: 'The token was refused: check GITHUB_TOKEN / GH_TOKEN (or TRAVIS_TOKEN, APPVEYOR_TOKEN).',
  403: 'The token lacks a permission: classic tokens need the `repo` scope (and `workflow` to push workflows, `admin:repo_hook` for webhooks); fine-grained tokens need "Secrets: write" and "Administration: write" on the repository.',
  404: 'Not found, or the token cannot see it: check the owner and repository name, and that the token has access to the repository.',
  409: 'The repository is empty or in a conflicting state: push the first commit, then run again.',
  422: 'The request was refused as invalid (for a new repository: the name is already taken).',
};

export function apiError(what: string, status: number | undefined, detail?: string): UserError {
  const code = status ?? 0;
  const hint = HINTS[code] ?? (code >= 500 ? 'The service failed; run the command again (it resumes where it stopped).' : 'Run the command again; if it persists, check the API URL.');
  return new UserError(`${what} failed${code ? ` (HTTP ${code})` : ''}${detail ? `: ${detail}` : ''}.`, hint);
}

/** Octokit's RequestError, or a network failure, as a UserError. */
export function fromOctokit(what: string, e: unknown): UserError {
  const err = e as { status?: number; response?: { data?: { message?: string } }; message?: string };
  return apiError(what, err.status, err.response?.data?.message ?? err.message);
}
