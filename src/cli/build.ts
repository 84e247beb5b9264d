// wheels-repo build [REF]: the magic build. Names the build, starts the workflow for REF (an input,
// nothing is pushed), follows it job by job, and downloads the verified wheels only when every job
// passed. Exit 0 success, 1 failed build or verification, 2 usage, 130 interrupted.
import { baseBuildId, buildIdOfTitle, nextBuildId } from '../core/build-id.js';
import { usageError, UserError } from '../core/errors.js';
import { checkRef } from '../core/rules.js';
import { dispatchWorkflow, findDispatchedRun, releaseAssets, runsWithTitle } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import { collectRelease, downloadDists, writeVerified } from './collect.js';
import { nextStepFor, openSession, parseSessionArgs, reportEnd, waitFor, type Session } from './build-session.js';

export const BUILD_HELP = `Usage: wheels-repo build [REF] [--dir PATH] [--out DIR] [--no-wait] [--partial] [--owner OWNER]

Builds the wheels of REF (default: BUILD_COMMIT) on every platform: starts the
workflow with REF as its input (nothing is pushed; on Travis CI + AppVeyor, a
build request of main with BUILD_COMMIT and BUILD_ID, the wheels collected from
the staging release of that name), prints the log of each job as it finishes, and when every job passed downloads the wheels and the sdist,
verifies them (zip, METADATA, RECORD hashes, one version, every platform ×
Python of the layout) and writes them with SHA256SUMS into <build-id>/.

The build id is <name>-<ref>-wheels, then -2, -3, ... for a ref built before.

  --out DIR       where the files go (default: ./<build-id>)
  --no-wait       start the build and stop; \`wheels-repo download <build-id>\` later
  --partial       when the build fails, keep what it produced in <out>-partial/
  --owner OWNER   the stored owner, when the origin remote points elsewhere
Ctrl-C stops waiting (the build goes on) and prints the download command.
Token: GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`, else a masked prompt.
`;

const WORKFLOW = 'build-wheels.yml';

async function freeBuildId(s: Session, base: string, runs = true): Promise<string> {
  const titled = runs ? await runsWithTitle(s.gh, s.repo.slug, WORKFLOW, base) : [];
  const taken = new Set(titled.map((r) => buildIdOfTitle(r.displayTitle)).filter((x): x is string => x !== undefined));
  for (;;) {
    const id = nextBuildId(base, taken);
    if ((await releaseAssets(s.gh, s.repo.slug, id)) === undefined) return id;
    taken.add(id);
  }
}

export async function runBuild(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseSessionArgs(argv, io.cwd, 'build');
  if (args.help) return io.out(BUILD_HELP), 0;
  if (args.positional !== undefined && checkRef(args.positional)) throw usageError(`REF ${checkRef(args.positional)}; got ${JSON.stringify(args.positional)}.`, 'Nothing was started.');
  const s = await openSession(args, io);
  const ref = args.positional ?? s.repo.answers.buildCommit;
  if (s.repo.layout.id === 'travis-appveyor') return buildOnTravis(s, ref, args.out, args.partial, args.wait);
  const id = await freeBuildId(s, baseBuildId(s.repo.answers.name, ref));
  io.out(`Build ${id}: ${s.repo.answers.name} at ${ref}, ${s.repo.answers.platforms.length} platforms × ${s.repo.answers.python.length} Pythons\n`);
  // a little before now: the server's clock may differ from ours (the title, with its build id, decides)
  const since = new Date(Date.now() - 10 * 60_000);
  const started = await dispatchWorkflow(s.gh, s.repo.slug, WORKFLOW, 'main', { build_commit: ref, build_id: id });
  let runId = started.runId;
  for (let i = 0; runId === undefined && i < 30; i++) {
    // A server that does not return the run (GitHub Enterprise Server) lists it a few seconds later.
    await new Promise((r) => setTimeout(r, Number(io.env.WHEELS_REPO_POLL_MS) || 2000));
    runId = (await findDispatchedRun(s.gh, s.repo.slug, WORKFLOW, since, id))?.id;
  }
  if (runId === undefined) throw new UserError(`The workflow was started, but no run named ${id} appeared within a minute.`, `Look at the Actions page of ${s.repo.slug.owner}/${s.repo.slug.repo}; \`wheels-repo download ${id}\` fetches it once it shows.`);
  io.out(`Run: ${started.htmlUrl ?? `run ${runId}`}\n`);
  if (!args.wait) {
    io.out(`Not waiting (--no-wait). Fetch the wheels when it is done with:\n  wheels-repo download ${id}\n`);
    return 0;
  }
  const end = await waitFor(s, runId, id);
  if (end === 130) return 130;
  const status = reportEnd(s, end.run, end.jobs);
  if (status !== 0 && !args.partial) {
    io.out('Nothing was downloaded (--partial keeps what the build produced).\n');
    return 1;
  }
  const files = await downloadDists(s.gh, s.repo, end.run, io);
  const written = await writeVerified(files, s.repo, { out: args.out ?? `${io.cwd}/${id}`, partial: args.partial }, io, nextStepFor(s));
  return status || written;
}

/**
 * The Travis CI + AppVeyor layout, as magic-build-repo did it: a Travis build request and an AppVeyor
 * build of main with BUILD_COMMIT and BUILD_ID, followed as one build; every job stages into the
 * release named BUILD_ID (ci/stage-upload.sh), where the files are collected.
 */
async function buildOnTravis(s: Session, ref: string, out: string | undefined, partial: boolean, wait: boolean): Promise<number> {
  const { CiBuildWatcher, triggerAppVeyor, triggerTravis } = await import('../api/ci-builds.js');
  const { answers } = s.repo;
  const slug = `${s.repo.slug.owner}/${s.repo.slug.repo}`;
  const id = await freeBuildId(s, baseBuildId(answers.name, ref), false);
  const windows = s.repo.layout.services(answers).includes('appveyor');
  s.io.out(`Build ${id}: ${answers.name} at ${ref} on Travis CI${windows ? ' and AppVeyor' : ''}, ${answers.platforms.length} platforms × ${answers.python.length} Pythons\n`);
  const vars = { BUILD_COMMIT: ref, BUILD_ID: id };
  const { requestId } = await triggerTravis(s.io.env, slug, 'main', vars, `Build ${answers.name} ${ref} (${id})`);
  // appveyor.yml's APPVEYOR_ACCOUNT and APPVEYOR_SLUG name the project the same way
  const appveyor = windows ? { account: answers.owner, slug: `${answers.name.toLowerCase()}-wheels` } : undefined;
  const started = appveyor ? await triggerAppVeyor(s.io.env, appveyor.account, appveyor.slug, 'main', vars) : undefined;
  if (started) s.io.out(`AppVeyor: ${started.url}\n`);
  if (!wait) {
    s.io.out(`Not waiting (--no-wait). Fetch the wheels when it is done with:\n  wheels-repo download ${id} --from release\n`);
    return 0;
  }
  const watcher = new CiBuildWatcher(s.io.env, { slug, travisRequestId: requestId, ...(appveyor && started ? { appveyor: { ...appveyor, version: started.version } } : {}) });
  const end = await waitFor(s, watcher, id, ' --from release');
  if (end === 130) return 130;
  const status = reportEnd(s, end.run, end.jobs);
  if (status !== 0 && !partial) {
    s.io.out('Nothing was downloaded (--partial keeps what the build produced).\n');
    return 1;
  }
  const written = await collectRelease(s.gh, s.repo, id, { out: out ?? `${s.io.cwd}/${id}`, partial }, s.io, nextStepFor(s));
  return status || written;
}
