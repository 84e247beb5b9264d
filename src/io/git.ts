// Every git call of the generator and the day-2 commands, through tryGit (stdin closed, output
// captured). Errors say what to install or fix.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { insecureUrlProblem } from '../core/rules.js';

const FALLBACK_IDENTITY = ['-c', 'user.name=create-wheels-repo', '-c', 'user.email=create-wheels-repo@users.noreply.github.com'];

interface GitOptions {
  /** extra environment (an alternate index, say) */
  env?: NodeJS.ProcessEnv;
  /** the hint of a failure, when the generator's does not fit */
  hint?: string;
}

/** git in `cwd`, as it ran (the caller decides what a failure means; see git). */
function tryGit(cwd: string, args: string[], opts: GitOptions = {}) {
  return spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) });
}

/** The error of a git run that failed while doing `what`. */
function gitFailure(r: ReturnType<typeof tryGit>, what: string, opts: GitOptions = {}): UserError {
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new UserError('git was not found on PATH.', 'Install git (e.g. `apt-get install git` or https://git-scm.com), or pass --no-git to skip the repository set-up.');
  }
  return new UserError(`git failed while ${what}: ${(r.stderr || r.stdout || '').trim()}`, opts.hint ?? 'Fix the problem git names, or pass --no-git and set up the repository yourself.');
}

function git(cwd: string, args: string[], what: string, opts: GitOptions = {}): string {
  const r = tryGit(cwd, args, opts);
  if (r.error || r.status !== 0) throw gitFailure(r, what, opts);
  return r.stdout;
}

/** Whether git config sets a non-empty user.name and user.email (the last value of each wins): one git process. */
export function hasIdentity(cwd: string): boolean {
  const r = tryGit(cwd, ['config', '--get-regexp', '^user\\.(name|email)$']);
  if (r.status !== 0) return false;
  const values = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^user\.(name|email)(?: (.*))?$/.exec(line);
    if (m?.[1]) values.set(m[1], (m[2] ?? '').trim());
  }
  return Boolean(values.get('name') && values.get('email'));
}

/**
 * git init on branch main, then the files written (`paths`, relative to cwd) and the submodule
 * gitlinks (without cloning) in one `git update-index`, and one commit: three git processes. The
 * commit takes git's own identity (its config, or GIT_AUTHOR_* and GIT_COMMITTER_*) and never one
 * git would guess from the host (user.useConfigOnly); only when it fails and git config has no
 * identity is it made again as create-wheels-repo, so the look-up costs a process only then.
 */
export function initRepository(cwd: string, paths: readonly string[], gitlinks: ReadonlyArray<{ path: string; commit: string }>, message: string): { usedFallbackIdentity: boolean } {
  git(cwd, ['init', '-q', '-b', 'main'], 'creating the repository');
  git(cwd, ['update-index', '--add', ...gitlinks.flatMap((l) => gitlinkEntry(cwd, l.path, l.commit)), '--', ...paths], 'adding the files and the submodule links');
  // No `git maintenance run --auto` after the first commit of a new repository: there is nothing to pack.
  const commit = ['-c', 'user.useConfigOnly=true', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', 'commit', '-q', '--no-verify', '-m', message];
  const first = tryGit(cwd, commit);
  if (first.status === 0) return { usedFallbackIdentity: false };
  if (hasIdentity(cwd)) throw gitFailure(first, 'making the first commit');
  git(cwd, [...FALLBACK_IDENTITY, ...commit], 'making the first commit');
  return { usedFallbackIdentity: true };
}

/** HEAD's commit, or undefined outside a repository or before the first commit. */
export function headCommitIfAny(cwd: string): string | undefined {
  const r = tryGit(cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function headCommit(cwd: string): string {
  return git(cwd, ['rev-parse', 'HEAD'], 'reading the commit just made').trim();
}

/** Commits exactly `paths` (relative to cwd), whatever else is staged; returns the new commit. */
export function commitFiles(cwd: string, paths: readonly string[], message: string): string {
  git(cwd, ['add', '--', ...paths], 'staging the changed files');
  const fallback = !hasIdentity(cwd);
  const r = tryGit(cwd, [...(fallback ? FALLBACK_IDENTITY : []), 'commit', '-q', '-m', message, '--', ...paths]);
  if (r.status !== 0) {
    throw new UserError(`git commit of ${paths.join(', ')} failed: ${(r.stderr || r.stdout || '').trim()}`, 'The files are written and staged; fix what git names (a commit hook?), then run the command again: it commits what is left.');
  }
  return headCommit(cwd);
}

export function pushCurrentBranch(cwd: string): string {
  git(cwd, ['push', '--quiet'], 'pushing (is an upstream branch set? `git push -u origin main` once)');
  return 'Pushed.';
}

/** Commits `paths` as they are now (added, changed or deleted). */
export function commitAll(cwd: string, paths: readonly string[], message: string): string {
  git(cwd, ['add', '--all', '--', ...paths], 'staging the upgrade');
  const fallback = !hasIdentity(cwd);
  git(cwd, [...(fallback ? FALLBACK_IDENTITY : []), 'commit', '-q', '-m', message, '--', ...paths], 'committing the upgrade');
  return headCommit(cwd);
}

/** The URL of remote `name`, or undefined. */
export function remoteUrl(cwd: string, name: string): string | undefined {
  const r = tryGit(cwd, ['remote', 'get-url', name]);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function addRemote(cwd: string, name: string, url: string): void {
  git(cwd, ['remote', 'add', name, url], `adding the remote ${name}`);
}

/** Whether `commit` is known here and an ancestor of (or equal to) HEAD. */
export function isAncestorOfHead(cwd: string, commit: string): boolean {
  return tryGit(cwd, ['merge-base', '--is-ancestor', commit, 'HEAD']).status === 0;
}

/**
 * Pushes HEAD to refs/heads/main of `url` over HTTPS with a token. The token reaches git through an
 * askpass helper that reads it from the child's environment: it is never in argv, in the remote URL,
 * in a file, or in a credential store (credential helpers are switched off for this push).
 */
export function pushWithToken(cwd: string, remote: string, token: string, setUpstream: boolean): void {
  // Whatever the caller checked: the token leaves this machine over https only.
  const url = /^[a-z][a-z0-9+.-]*:/i.test(remote) ? remote : remoteUrl(cwd, remote) ?? remote;
  const insecure = insecureUrlProblem(url);
  if (insecure) throw new UserError(`Not pushing to ${url}: it ${insecure}.`, 'Point the remote at the repository\'s https:// URL; the token was not sent.');
  const dir = mkdtempSync(join(tmpdir(), 'wheels-repo-askpass-'));
  const askpass = join(dir, 'askpass.sh');
  writeFileSync(askpass, '#!/bin/sh\ncase "$1" in\n  Username*) printf \'%s\\n\' x-access-token ;;\n  *) printf \'%s\\n\' "$WHEELS_REPO_PUSH_TOKEN" ;;\nesac\n', { mode: 0o700 });
  try {
    const r = tryGit(cwd, ['-c', 'credential.helper=', 'push', '--quiet', ...(setUpstream ? ['-u'] : []), remote, 'HEAD:refs/heads/main'], {
      env: { GIT_ASKPASS: askpass, WHEELS_REPO_PUSH_TOKEN: token, GIT_TERMINAL_PROMPT: '0' },
    });
    if (r.error) throw new UserError(`git push could not start: ${r.error.message}`, 'Install git.');
    if (r.status !== 0) {
      const said = (r.stderr || r.stdout || '').split(token).join('***').trim();
      const hint = /workflow/i.test(said)
        ? 'The token lacks the `workflow` scope, which pushing .github/workflows/ needs: add it (classic token) or grant "Workflows: write" (fine-grained), then run again.'
        : /auth|403|denied|401/i.test(said)
          ? 'The token may not push to this repository: classic tokens need `repo`, fine-grained ones "Contents: write".'
          : 'Fix what git names, then run again: the set-up resumes where it stopped.';
      throw new UserError(`git push to ${remote} failed: ${said}`, hint);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `path` differs from HEAD (staged or not). */
export function uncommitted(cwd: string, path: string): boolean {
  return tryGit(cwd, ['diff', '--quiet', 'HEAD', '--', path]).status === 1;
}

/** Whether the submodule at `path` (one the layout pins) is checked out in the work tree. */
export function submoduleCheckedOut(cwd: string, path: string): boolean {
  return existsSync(join(cwd, path, '.git'));
}

/** `git status --porcelain` lines for `paths`; undefined outside a git repository. */
export function statusOf(cwd: string, paths: readonly string[]): string[] | undefined {
  if (!isGitRepository(cwd)) return undefined;
  const r = tryGit(cwd, ['status', '--porcelain', '--', ...paths]);
  return r.stdout.split('\n').filter(Boolean);
}

export function isGitRepository(cwd: string): boolean {
  return tryGit(cwd, ['rev-parse', '--is-inside-work-tree']).status === 0;
}

/** The commit of the gitlink at `path` in the index, or undefined. */
export function gitlinkAt(cwd: string, path: string): string | undefined {
  const r = tryGit(cwd, ['ls-files', '-s', '--', path]);
  const m = /^160000 ([0-9a-f]{40}) 0\t/.exec(r.stdout);
  return m ? m[1] : undefined;
}

/**
 * Points the gitlink at `path` to `commit` in the index (creating the empty directory a submodule that
 * is not checked out has), or removes it; the work tree is left alone. `opts` can aim at another index.
 */
export function setGitlink(cwd: string, path: string, commit: string | undefined, opts: GitOptions = {}): void {
  if (commit === undefined) {
    git(cwd, ['update-index', '--force-remove', '--', path], `removing the ${path} submodule link`, opts);
    return;
  }
  git(cwd, ['update-index', '--add', ...gitlinkEntry(cwd, path, commit)], `pointing the ${path} submodule at ${commit.slice(0, 12)}`, opts);
}

/** update-index arguments for a submodule link at `path`, after making the empty directory a submodule that is not checked out has. */
function gitlinkEntry(cwd: string, path: string, commit: string): string[] {
  mkdirSync(join(cwd, path), { recursive: true });
  return ['--cacheinfo', `160000,${commit},${path}`];
}

/**
 * Commits `paths` as they are in the work tree plus gitlink changes, and nothing else the user has
 * staged: the commit is built in a temporary index from HEAD (a submodule that is not checked out
 * cannot go through `git commit -- path`).
 */
export function commitWithGitlinks(cwd: string, paths: readonly string[], links: ReadonlyArray<{ path: string; commit: string | undefined }>, message: string): string {
  if (links.length === 0) return commitAll(cwd, paths, message);
  const dir = mkdtempSync(join(tmpdir(), 'wheels-repo-index-'));
  const opts = { env: { GIT_INDEX_FILE: join(dir, 'index') }, hint: 'Commit by hand: the upgrade itself is written.' };
  const run = (args: string[], what: string) => git(cwd, args, what, opts).trim();
  try {
    const head = run(['rev-parse', '--verify', 'HEAD'], 'reading HEAD');
    run(['read-tree', head], 'preparing the commit');
    if (paths.length > 0) run(['add', '--all', '--', ...paths], 'staging the upgrade');
    for (const l of links) setGitlink(cwd, l.path, l.commit, opts);
    const tree = run(['write-tree'], 'writing the tree');
    const fallback = !hasIdentity(cwd);
    const commit = run([...(fallback ? FALLBACK_IDENTITY : []), 'commit-tree', tree, '-p', head, '-m', message], 'committing the upgrade');
    run(['update-ref', '-m', `commit: ${message}`, 'HEAD', commit, head], 'moving the branch');
    // the real index: the committed files as committed (the gitlinks are set there already)
    if (paths.length > 0) git(cwd, ['add', '--all', '--', ...paths], 'staging the upgrade');
    return commit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
