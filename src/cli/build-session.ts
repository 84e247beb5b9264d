// What `wheels-repo build` and `download` share: the command line, the repository and its GitHub
// client, waiting for a run (Ctrl-C stops the wait, not the build; a failed poll says how to fetch the
// build later instead of starting another), reporting how it ended, and keeping its files.
import { resolve } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { isUserError, usageError, UserError } from '../core/errors.js';
import { shellWord } from '../core/quote.js';
import { getRun, RunWatcher, type Job, type Run } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { downloadDists, writeVerified, type CollectOptions } from './collect.js';
import { Interrupted, jobFailed, pollDelays, watchRun } from './watch.js';
import { parseStrict } from './args.js';

/** The workflow of the github-actions layout that builds the wheels (build dispatches it, download reads its runs). */
export const WORKFLOW = 'build-wheels.yml';

export interface SessionArgs {
  positional: string | undefined;
  dir: string;
  /** --dir as given (undefined without it) */
  dirGiven: boolean;
  out: string | undefined;
  wait: boolean;
  partial: boolean;
  dryRun: boolean;
  owner: string | undefined;
  /** download only; undefined when not given (the layout decides) */
  from: 'run' | 'release' | undefined;
  /** build only: the AppVeyor account (else APPVEYOR_ACCOUNT, else the owner) */
  appveyorAccount: string | undefined;
  help: boolean;
}

export function parseSessionArgs(argv: readonly string[], cwd: string, command: 'build' | 'download'): SessionArgs {
  const help = `Run \`wheels-repo ${command} --help\`.`;
  const parsed = parseStrict({
      args: [...argv], allowPositionals: true,
      options: {
        dir: { type: 'string' }, out: { type: 'string' }, 'no-wait': { type: 'boolean' }, partial: { type: 'boolean' },
        'dry-run': { type: 'boolean' }, owner: { type: 'string' }, from: { type: 'string' }, 'appveyor-account': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }, help);
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw usageError(`${command} takes one ${command === 'build' ? 'REF' : 'BUILD'}, got ${parsed.positionals.length}.`, help);
  if (v.from !== undefined && command === 'build') throw usageError(`--from ${v.from}: --from is an option of \`wheels-repo download\` (where it takes the files from), not of build.`, help);
  if (v.from !== undefined && !['run', 'release'].includes(v.from)) throw usageError(`--from ${v.from}: expected --from run or --from release.`, help);
  if (v['appveyor-account'] !== undefined && command === 'download') throw usageError('--appveyor-account is an option of `wheels-repo build` (the AppVeyor build it starts), not of download.', help);
  return {
    positional: parsed.positionals[0], dir: resolve(cwd, v.dir ?? '.'), dirGiven: v.dir !== undefined, out: v.out === undefined ? undefined : resolve(cwd, v.out),
    wait: v['no-wait'] !== true, partial: v.partial === true, dryRun: v['dry-run'] === true, owner: v.owner,
    from: v.from as 'run' | 'release' | undefined, appveyorAccount: v['appveyor-account'], help: v.help === true,
  };
}

export interface Session {
  repo: WheelsRepo;
  gh: Octokit;
  io: CommandIO;
  args: SessionArgs;
}

/** The repository of --dir (its owner checked against origin, or --owner). */
export const openRepo = (args: SessionArgs): WheelsRepo => WheelsRepo.open(args.dir, { origin: { owner: args.owner } });

/** Opens the repository, runs `check` on it (a refusal comes before any token is asked for), and connects to GitHub. */
export async function openSession(args: SessionArgs, io: CommandIO, check: (repo: WheelsRepo) => void = () => {}): Promise<Session> {
  const repo = openRepo(args);
  check(repo);
  const { requireGithubToken } = await import('../api/token.js');
  const token = await requireGithubToken(io, 'read access to Actions (and, for build, "Actions: write" / the workflow scope)');
  const { createGitHub } = await import('../api/github.js');
  return { repo, gh: await createGitHub({ token, env: io.env, log: (l) => io.out(`  ${l}\n`) }), io, args };
}


/**
 * The `wheels-repo download` command that fetches build `ref` (a build id, or a run id when the run
 * names none) later, with the --dir, --owner, --out and --partial this command was given.
 */
export function downloadCommand(s: Pick<Session, 'repo' | 'io' | 'args'>, ref: string, fromRelease = false): string {
  const a = s.args;
  return ['wheels-repo download', shellWord(ref), ...(fromRelease ? ['--from release'] : []),
    ...(a.dirGiven && s.repo.dir !== s.io.cwd ? [`--dir ${shellWord(s.repo.dir)}`] : []), ...(a.owner !== undefined ? [`--owner ${shellWord(a.owner)}`] : []),
    ...(a.out !== undefined ? [`--out ${shellWord(a.out)}`] : []), ...(a.partial ? ['--partial'] : [])].join(' ');
}

/**
 * `work` runs once the build was started: a UserError out of it (a server fault while finding or
 * following the run) is thrown again with a hint that the build goes on, and the command that
 * fetches it, so nobody starts a second build to get the first. The hint replaces the error's own,
 * which for a server fault says to run the command again: that would start a second build.
 */
export async function afterStart<T>(command: string, work: () => Promise<T>, where = ''): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUserError(e)) throw e;
    throw new UserError(e.message, `The build was started and may still be running${where}: do not build again; fetch it when it is done with \`${command}\`.`, e.exitCode);
  }
}

/**
 * Waits for a build to end, printing each job as it finishes; on Ctrl-C says how to come back (the
 * `command`) and returns 130. `watched` is a GitHub Actions run (a run id) or anything with its poll()
 * (Travis + AppVeyor). `buildId` names the build, when it has one.
 */
export async function waitFor(s: Session, watched: number | Pick<RunWatcher, 'poll'>, buildId: string | undefined, command: string): Promise<{ run: Run; jobs: Job[] } | 130> {
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  const watcher = typeof watched === 'number' ? new RunWatcher(s.gh, s.repo.slug, watched) : watched;
  try {
    return await afterStart(command, () => watchRun(watcher, s.io, { signal: ac.signal, ...pollDelays(s.io.env) }), typeof watched === 'number' ? ` (run ${watched})` : '');
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    const run = typeof watched === 'number' ? await getRun(s.gh, s.repo.slug, watched).catch(() => undefined) : undefined;
    const lines = [...(buildId !== undefined ? [`  build: ${buildId}`] : []), ...(typeof watched === 'number' ? [`  run:   ${run?.htmlUrl ?? watched}`] : [])];
    s.io.out(`\nStopped waiting; the build goes on.\n${lines.map((l) => `${l}\n`).join('')}Download it when it is done with:\n  ${command}\n`);
    return 130;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/** 0 when the run succeeded; otherwise every failed job with its log, and 1. */
export function reportEnd(s: Session, run: Run, jobs: Job[]): number {
  if (run.conclusion === 'success') return 0;
  s.io.out(`\nThe run ended ${run.conclusion ?? run.status}: ${run.htmlUrl}\n`);
  for (const j of jobs.filter(jobFailed)) s.io.out(`  ${j.conclusion}: ${j.name}  ${j.htmlUrl}\n`);
  return 1;
}

/**
 * What to do with verified files. On GitHub Actions the tag builds BUILD_COMMIT again, so when the
 * build was of another `ref` that ref is pinned (and pushed) before the tag.
 */
export function nextStepFor(s: Pick<Session, 'repo'>, ref?: string): (version: string, dir: string) => string {
  const { slug, answers } = s.repo;
  const pin = ref !== undefined && ref !== answers.buildCommit;
  return s.repo.layout.id === 'github-actions'
    ? (version) => `tag v${version} in ${slug.owner}/${slug.repo} to publish it through the release gate${pin ? `; the tag builds BUILD_COMMIT (${answers.buildCommit}), so pin ${ref} first` : ''} (${pin ? `wheels-repo bump ${shellWord(ref)} --commit --push && ` : ''}git tag v${version} && git push origin v${version}).`
    : (_version, dir) => `twine upload ${dir}/*`;
}

/**
 * The end of a build that ended with `status` (0: success): when it failed and --partial was not
 * given, nothing; else its files, taken by `collect`, verified and written into `out` (or
 * `out`-partial/). 0 only when the build succeeded and a complete, verified set was written.
 */
export async function keepFiles(s: Session, status: number, out: string, collect: (opts: CollectOptions) => Promise<number>): Promise<number> {
  if (status !== 0 && !s.args.partial) {
    s.io.out('Nothing was downloaded (--partial keeps what the build produced).\n');
    return 1;
  }
  const written = await collect({ out, partial: s.args.partial, runFailed: status !== 0 });
  return status || written;
}

/** `collect` for keepFiles: the wheels-* artifacts of a GitHub Actions run of `ref`. */
export const runArtifacts = (s: Session, run: Run, ref?: string) => async (opts: CollectOptions): Promise<number> =>
  writeVerified(await downloadDists(s.gh, s.repo, run, s.io), s.repo, opts, s.io, nextStepFor(s, ref));
