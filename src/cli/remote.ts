// wheels-repo remote (and create-wheels-repo --github): the remote side of a generated repository.
// Every step reads first and writes only what is missing, so a rerun after a failure finishes the rest
// and repeats nothing; the report says what was done, what was already so, and what failed. The
// layout says which steps apply (src/providers); the steps are in remote-github.ts and remote-ci.ts.
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import type { RemoteStep } from '../providers/types.js';
import { githubToken, requireGithubToken } from '../api/token.js';
import type { CommandIO } from '../io/command-io.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { appveyorRefusal, parseRemoteArgs, REMOTE_HELP, type RemoteOptions } from './remote-args.js';
import { disableAppVeyorPullRequests, encryptSecureValues, ensureAppVeyorProject } from './remote-ci.js';
import { ensurePypiEnvironment, ensureRepository, localHead, printTrustedPublisher, pushMain, setGitHubSecrets, setGitHubVariables } from './remote-github.js';
import { Run, type Ctx, type Outcome } from './remote-run.js';
import { wrapHelp } from './help-wrap.js';

export { REMOTE_HELP };

const STEPS: Record<RemoteStep, [string, (c: Ctx) => Promise<void>]> = {
  repository: ['create the GitHub repository', ensureRepository],
  push: ['push main', pushMain],
  'pypi-environment': ['create the pypi environment', ensurePypiEnvironment],
  'github-secrets': ['set the GitHub secrets', setGitHubSecrets],
  'github-variables': ['set the GitHub variables', setGitHubVariables],
  'appveyor-project': ['add the AppVeyor project', ensureAppVeyorProject],
  'secure-values': ['encrypt the secure values', encryptSecureValues],
  'appveyor-webhook': ['stop AppVeyor building pull requests', disableAppVeyorPullRequests],
};

export async function runRemoteCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  const opts = parseRemoteArgs(argv, io.cwd);
  if (opts === 'help') return io.out(wrapHelp(REMOTE_HELP)), 0;
  return setUpRemote(opts, io);
}

export async function setUpRemote(opts: RemoteOptions, io: CommandIO): Promise<number> {
  const repo = WheelsRepo.open(opts.dir, { origin: { owner: opts.owner } });
  const a = repo.answers;
  const ref = repo.slug;
  const refusal = opts.appveyor ? appveyorRefusal(repo.layout, a) : undefined;
  if (refusal) throw new UserError(refusal, 'Drop --appveyor.');
  localHead(opts.dir);
  // A dry run plans without a token too (assuming nothing exists yet).
  const token = opts.dryRun ? await githubToken(io) : await requireGithubToken(io, 'the scopes repo and workflow (admin:repo_hook for AppVeyor\'s webhook)');
  const run = new Run(io, opts.dryRun);
  io.out(`${opts.dryRun ? 'Plan for' : 'Setting up'} ${ref.owner}/${ref.repo}${io.env.GITHUB_API_URL ? ` on ${io.env.GITHUB_API_URL}` : ''}${opts.dryRun && !token ? ' (no token: assuming nothing exists yet)' : ''}:\n`);
  let gh: Octokit | undefined;
  if (token) {
    const { createGitHub } = await import('../api/github.js');
    gh = await createGitHub({ token, log: (l) => io.out(`  ${l}\n`), env: io.env });
  }
  const ctx: Ctx = { run, repo, ref, opts, gh, token, fresh: !token, secretValues: new Map(), sources: new Map() };
  let failure: UserError | undefined;
  for (const id of repo.layout.remoteSteps(a, { appveyor: opts.appveyor })) {
    const [title, step] = STEPS[id];
    if (failure) {
      run.lines.push({ outcome: 'not run', text: title });
      continue;
    }
    try {
      await step(ctx);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      failure = e;
      run.record('failed', `${title}: ${e.message}`);
    }
  }
  if (a.publish === 'trusted' && !failure) printTrustedPublisher(ctx);
  return report(ctx, failure);
}

function report(ctx: Ctx, failure: UserError | undefined): number {
  const { run, io } = { run: ctx.run, io: ctx.run.io };
  const count = (o: Outcome) => run.lines.filter((l) => l.outcome === o).length;
  if (ctx.opts.dryRun) {
    io.out(`Dry run: ${count('planned')} change${count('planned') === 1 ? '' : 's'} planned, ${count('already')} already so; nothing was changed.\n`);
    if (failure) throw new UserError(`The plan is incomplete: ${failure.message}`, failure.hint);
    return 0;
  }
  io.out(`\nReport: ${count('done')} done, ${count('already')} already so, ${count('left')} left to you, ${count('failed')} failed${count('not run') ? `, ${count('not run')} not run` : ''}.\n`);
  for (const l of run.lines.filter((x) => x.outcome === 'left' || x.outcome === 'not run')) io.out(`  ${l.outcome}: ${l.text}\n`);
  if (failure) {
    throw new UserError(failure.message, `${failure.hint ? `${failure.hint} ` : ''}Then run \`${ctx.opts.command ?? 'wheels-repo remote'}${ctx.opts.dir === io.cwd ? '' : ` --dir ${ctx.opts.dir}`}\` again: it finishes the rest and repeats nothing.`);
  }
  return 0;
}
