// wheels-repo build [REF]: the magic build. Names the build, starts the workflow for REF (an input,
// nothing is pushed), follows it job by job, and downloads the verified wheels only when every job
// passed. Exit 0 success, 1 failed build or verification, 2 usage, 130 interrupted.
import { baseBuildId, buildIdOfTitle, nextBuildId, titlePrefix } from '../core/build-id.js';
import { isUserError, usageError, UserError } from '../core/errors.js';
import { checkRef } from '../core/rules.js';
import { dispatchWorkflow, findDispatchedRun, releaseAssets, runsWithTitle } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import type { WheelsRepo } from '../repo/wheels-repo.js';
import { collectRelease } from './collect.js';
import {
  afterStart, downloadCommand, keepFiles, nextStepFor, openSession, parseSessionArgs, reportEnd, runArtifacts, waitFor, WORKFLOW, type Session, type SessionArgs,
} from './build-session.js';
import { wrapHelp } from './help-wrap.js';

export const BUILD_HELP = `Usage: wheels-repo build [REF] [--dir PATH] [--out DIR] [--no-wait] [--partial] [--dry-run] [--owner OWNER] [--appveyor-account NAME]

Builds the wheels of REF (default: BUILD_COMMIT) on every platform: starts the
workflow with REF as its input (nothing is pushed; on Travis CI + AppVeyor, a
build request of main with BUILD_COMMIT and BUILD_ID, the wheels collected from
the staging release of that name), prints the log of each job as it finishes,
and when every job passed downloads the wheels and the sdist, verifies them
(zip, METADATA, RECORD hashes, one version, every platform × Python of the
layout) and writes them with SHA256SUMS into <build-id>/.

The build id is <name>-<ref>-wheels (a character of the ref other than a letter,
a digit or "._-" becomes "-"), then -2, -3, ... for a ref built before.

  --out DIR       where the files go (default: ./<build-id>)
  --no-wait       start the build and stop (\`wheels-repo download <build-id>\`
                  fetches it later)
  --partial       when the build fails, keep what it produced in <out>-partial/
  --dry-run       print the build id and the requests that would start the
                  build; start nothing, write nothing
  --owner OWNER   the stored owner, when the origin remote points elsewhere
  --appveyor-account NAME
                  Travis CI + AppVeyor: the AppVeyor account of the project
                  (default: APPVEYOR_ACCOUNT, else the owner)
Ctrl-C stops waiting (the build goes on) and prints the download command.
Token: GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`, else a masked prompt.
`;

async function freeBuildId(s: Session, base: string, runs = true): Promise<string> {
  const titled = runs ? await runsWithTitle(s.gh, s.repo.slug, WORKFLOW, base) : [];
  const taken = new Set(titled.map((r) => buildIdOfTitle(r.displayTitle)).filter((x): x is string => x !== undefined));
  for (;;) {
    const id = nextBuildId(base, taken);
    if ((await releaseAssets(s.gh, s.repo.slug, id)) === undefined) return id;
    taken.add(id);
  }
}

/** What this layout cannot build as asked: refused before anything is started (or a token asked for). */
function refuse(repo: WheelsRepo, args: SessionArgs): void {
  if (repo.layout.id !== 'travis-appveyor') {
    if (args.appveyorAccount !== undefined) throw usageError(`--appveyor-account: this repository (${repo.layout.id}) starts no AppVeyor build.`, 'Run `wheels-repo build --help`.');
    return;
  }
  const { staging } = repo.answers;
  if (staging !== 'github-release') {
    throw new UserError(
      `--staging ${staging}: \`wheels-repo build\` collects a build from the GitHub release named after its build id, and ci/stage-upload.sh stages there only with --staging github-release, so this build could never be collected. Nothing was started.`,
      'Stage into GitHub releases: `wheels-repo upgrade --set staging=github-release`, commit and push the result, and set its GITHUB_TOKEN secure value (`wheels-repo secrets sync`).');
  }
}

export async function runBuild(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseSessionArgs(argv, io.cwd, 'build');
  if (args.help) return io.out(wrapHelp(BUILD_HELP)), 0;
  if (args.positional !== undefined && checkRef(args.positional)) throw usageError(`REF ${checkRef(args.positional)}; got ${JSON.stringify(args.positional)}.`, 'Nothing was started.');
  const s = await openSession(args, io, (repo) => refuse(repo, args));
  const ref = args.positional ?? s.repo.answers.buildCommit;
  if (s.repo.layout.id === 'travis-appveyor') return buildOnTravis(s, ref);
  const { slug } = s.repo;
  const id = await freeBuildId(s, baseBuildId(s.repo.answers.name, ref));
  io.out(`Build ${id}: ${s.repo.answers.name} at ${ref}, ${s.repo.answers.platforms.length} platforms × ${s.repo.answers.python.length} Pythons\n`);
  const out = args.out ?? `${io.cwd}/${id}`;
  const inputs = { build_commit: ref, build_id: id };
  if (args.dryRun) {
    io.out(`Dry run: nothing was started. The build would be:\n  POST /repos/${slug.owner}/${slug.repo}/actions/workflows/${WORKFLOW}/dispatches\n    ref: main\n    inputs: ${JSON.stringify(inputs)}\n`
      + `then ${args.wait ? `its run followed and, when every job passed, its wheels downloaded, verified and written into ${out}/` : 'no waiting (--no-wait)'}.\n`);
    return 0;
  }
  // a little before now: the server's clock may differ from ours (the title, with its build id, decides)
  const since = new Date(Date.now() - 10 * 60_000);
  const started = await dispatchWorkflow(s.gh, slug, WORKFLOW, 'main', inputs);
  const command = downloadCommand(s, id);
  const runId = started.runId ?? await afterStart(command, async () => {
    for (let i = 0; i < 30; i++) {
      // A server that does not return the run (GitHub Enterprise Server) lists it a few seconds later.
      await new Promise((r) => setTimeout(r, Number(io.env.WHEELS_REPO_POLL_MS) || 2000));
      const found = await findDispatchedRun(s.gh, slug, WORKFLOW, since, titlePrefix(id));
      if (found) return found.id;
    }
    return undefined;
  });
  if (runId === undefined) throw new UserError(`The workflow was started, but no run named ${id} appeared within a minute.`, `Look at the Actions page of ${slug.owner}/${slug.repo}; \`${command}\` fetches it once it shows.`);
  io.out(`Run: ${started.htmlUrl ?? `run ${runId}`}\n`);
  if (!args.wait) {
    io.out(`Not waiting (--no-wait). Fetch the wheels when it is done with:\n  ${command}\n`);
    return 0;
  }
  const end = await waitFor(s, runId, id, command);
  if (end === 130) return 130;
  return keepFiles(s, reportEnd(s, end.run, end.jobs), out, runArtifacts(s, end.run, ref));
}

/**
 * The Travis CI + AppVeyor layout, as magic-build-repo did it: an AppVeyor build and a Travis build
 * request of main with BUILD_COMMIT and BUILD_ID, followed as one build; every job stages into the
 * release named BUILD_ID (ci/stage-upload.sh), where the files are collected.
 */
async function buildOnTravis(s: Session, ref: string): Promise<number> {
  const { CiBuildWatcher, TRAVIS_MERGE_MODE, travisEnvEntries, triggerAppVeyor, triggerTravis } = await import('../api/ci-builds.js');
  const { appveyor: appveyorApi, travisToken } = await import('../api/ci-services.js');
  const { answers } = s.repo;
  const { args, io } = s;
  const slug = `${s.repo.slug.owner}/${s.repo.slug.repo}`;
  const id = await freeBuildId(s, baseBuildId(answers.name, ref), false);
  const windows = s.repo.layout.services(answers).includes('appveyor');
  io.out(`Build ${id}: ${answers.name} at ${ref} on Travis CI${windows ? ' and AppVeyor' : ''}, ${answers.platforms.length} platforms × ${answers.python.length} Pythons\n`);
  const vars = { BUILD_COMMIT: ref, BUILD_ID: id };
  const message = `Build ${answers.name} ${ref} (${id})`;
  // appveyor.yml's APPVEYOR_SLUG names the project the same way; the account as `wheels-repo remote` takes it
  const appveyor = windows ? { account: args.appveyorAccount || io.env.APPVEYOR_ACCOUNT || answers.owner, slug: `${answers.name.toLowerCase()}-wheels` } : undefined;
  const out = args.out ?? `${io.cwd}/${id}`;
  if (args.dryRun) {
    const entries = travisEnvEntries(vars);
    io.out('Dry run: nothing was started. The build would be:\n'
      + (appveyor ? `  POST /account/${appveyor.account}/builds (AppVeyor)\n    project: ${appveyor.account}/${appveyor.slug}, branch main\n    environmentVariables: ${JSON.stringify(vars)}\n` : '')
      + `  POST /repo/${encodeURIComponent(slug)}/requests (Travis CI)\n    branch: main, merge_mode: ${TRAVIS_MERGE_MODE}, message: ${JSON.stringify(message)}\n    env.global: ${entries.join(' ')}\n`
      + `then ${args.wait ? `both followed and, when every job passed, the release ${id} of ${slug} downloaded, verified and written into ${out}/` : 'no waiting (--no-wait)'}.\n`);
    return 0;
  }
  // AppVeyor first: a wrong account fails there before anything runs; a Travis failure then names it
  // both tokens before either build: a missing one must not come up after AppVeyor has started
  travisToken(io.env);
  if (appveyor) appveyorApi(io.env, appveyor.account);
  const started = appveyor ? await triggerAppVeyor(io.env, appveyor.account, appveyor.slug, 'main', vars) : undefined;
  if (started) io.out(`AppVeyor: ${started.url}\n`);
  let requestId: number;
  try {
    ({ requestId } = await triggerTravis(io.env, slug, 'main', vars, message));
  } catch (e) {
    if (!started || !isUserError(e)) throw e;
    throw new UserError(e.message, `${e.hint ? `${e.hint} ` : ''}The AppVeyor build ${started.url} was already started (build ${id}); cancel it there, or let it finish.`, e.exitCode);
  }
  const command = downloadCommand(s, id, true);
  if (!args.wait) {
    io.out(`Not waiting (--no-wait). Fetch the wheels when it is done with:\n  ${command}\n`);
    return 0;
  }
  const watcher = new CiBuildWatcher(io.env, { slug, travisRequestId: requestId, ...(appveyor && started ? { appveyor: { ...appveyor, version: started.version } } : {}) });
  const end = await waitFor(s, watcher, id, command);
  if (end === 130) return 130;
  return keepFiles(s, reportEnd(s, end.run, end.jobs), out, (opts) => collectRelease(s.gh, s.repo, id, opts, io, nextStepFor(s)));
}
