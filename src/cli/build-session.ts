// What `wheels-repo build` and `download` share: the command line, the repository and its GitHub
// client, waiting for a run (Ctrl-C stops the wait, not the build) and reporting how it ended.
import { resolve } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { usageError } from '../core/errors.js';
import { getRun, RunWatcher, type Job, type Run } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { Interrupted, jobFailed, pollDelays, watchRun } from './watch.js';
import { parseStrict } from './args.js';

export interface SessionArgs {
  positional: string | undefined;
  dir: string;
  out: string | undefined;
  wait: boolean;
  partial: boolean;
  dryRun: boolean;
  owner: string | undefined;
  from: 'run' | 'release';
  help: boolean;
}

export function parseSessionArgs(argv: readonly string[], cwd: string, command: 'build' | 'download'): SessionArgs {
  const parsed = parseStrict({
      args: [...argv], allowPositionals: true,
      options: {
        dir: { type: 'string' }, out: { type: 'string' }, 'no-wait': { type: 'boolean' }, partial: { type: 'boolean' },
        'dry-run': { type: 'boolean' }, owner: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }, `Run \`wheels-repo ${command} --help\`.`);
  const v = parsed.values;
  if (parsed.positionals.length > 1) throw usageError(`${command} takes one ${command === 'build' ? 'REF' : 'BUILD'}, got ${parsed.positionals.length}.`, `Run \`wheels-repo ${command} --help\`.`);
  if (v.from !== undefined && (command === 'build' || !['run', 'release'].includes(v.from))) throw usageError(`--from ${v.from}: expected --from run or --from release (download only).`, `Run \`wheels-repo ${command} --help\`.`);
  return {
    positional: parsed.positionals[0], dir: resolve(cwd, v.dir ?? '.'), out: v.out === undefined ? undefined : resolve(cwd, v.out),
    wait: v['no-wait'] !== true, partial: v.partial === true, dryRun: v['dry-run'] === true, owner: v.owner,
    from: (v.from as 'run' | 'release' | undefined) ?? 'run', help: v.help === true,
  };
}

export interface Session {
  repo: WheelsRepo;
  gh: Octokit;
  io: CommandIO;
}

export async function openSession(args: SessionArgs, io: CommandIO): Promise<Session> {
  const repo = WheelsRepo.open(args.dir, { origin: { owner: args.owner } });
  const { requireGithubToken } = await import('../api/token.js');
  const token = await requireGithubToken(io, 'read access to Actions (and, for build, "Actions: write" / the workflow scope)');
  const { createGitHub } = await import('../api/github.js');
  return { repo, gh: await createGitHub({ token, env: io.env, log: (l) => io.out(`  ${l}\n`) }), io };
}

/**
 * Waits for a build to end, printing each job as it finishes; on Ctrl-C says how to come back and
 * returns 130. `watcher` is a GitHub Actions run (a run id) or anything with its poll() (Travis + AppVeyor).
 */
export async function waitFor(s: Session, watched: number | Pick<RunWatcher, 'poll'>, buildRef: string, from = ''): Promise<{ run: Run; jobs: Job[] } | 130> {
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  const watcher = typeof watched === 'number' ? new RunWatcher(s.gh, s.repo.slug, watched) : watched;
  try {
    return await watchRun(watcher, s.io, { signal: ac.signal, ...pollDelays(s.io.env) });
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    const run = typeof watched === 'number' ? await getRun(s.gh, s.repo.slug, watched).catch(() => undefined) : undefined;
    const where = typeof watched === 'number' ? `\n  run:   ${run?.htmlUrl ?? watched}` : '';
    s.io.out(`\nStopped waiting; the build goes on.\n  build: ${buildRef}${where}\nDownload it when it is done with:\n  wheels-repo download ${buildRef}${from}${s.repo.dir === process.cwd() ? '' : ` --dir ${s.repo.dir}`}\n`);
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

export function nextStepFor(s: Session): (version: string, dir: string) => string {
  return s.repo.layout.id === 'github-actions'
    ? (version) => `tag v${version} in ${s.repo.slug.owner}/${s.repo.slug.repo} to publish it through the release gate (git tag v${version} && git push origin v${version}).`
    : (_version, dir) => `twine upload ${dir}/*`;
}
