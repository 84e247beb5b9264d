// wheels-repo download BUILD: the files of a build (a build id, a run id or a run URL), verified as
// `build` verifies them: waits for a run still going; --partial takes what a failed run produced;
// --from release (the default on Travis CI + AppVeyor) takes the assets of the staging release named
// by the build id instead.
import { buildIdOfTitle, buildRefOfTitle, parseBuildRef } from '../core/build-id.js';
import { usageError, UserError } from '../core/errors.js';
import { getRun, runsWithTitle } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import type { WheelsRepo } from '../repo/wheels-repo.js';
import { collectRelease } from './collect.js';
import { downloadCommand, keepFiles, nextStepFor, openRepo, openSession, parseSessionArgs, reportEnd, runArtifacts, waitFor, WORKFLOW } from './build-session.js';
import { wrapHelp } from './help-wrap.js';

export const DOWNLOAD_HELP = `Usage: wheels-repo download BUILD [--dir PATH] [--out DIR] [--partial] [--from run|release] [--dry-run] [--owner OWNER]

Downloads, verifies and writes the wheels and the sdist of BUILD (a build id
such as cymem-v2.0.9-wheels, a run id, or a run URL) into <build-id>/, with
SHA256SUMS, exactly as \`wheels-repo build\` does; waits first if the run is
still going.

  --out DIR         where the files go (default: ./<build-id>)
  --partial         take what a failed run produced, into <out>-partial/ with a
                    PARTIAL file saying what is missing
  --from release    the assets of the staging release named by the build id
                    instead of the run (the default, and the only way, on the
                    Travis CI + AppVeyor layout, which stages there)
  --dry-run         print what would be looked up and where the files would go;
                    download nothing, write nothing
  --owner OWNER     the stored owner, when the origin remote points elsewhere
`;

const HELP = 'Run `wheels-repo download --help`.';

export async function runDownload(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseSessionArgs(argv, io.cwd, 'download');
  if (args.help) return io.out(wrapHelp(DOWNLOAD_HELP)), 0;
  if (args.positional === undefined) throw usageError('download needs the BUILD: a build id, a run id or a run URL.', HELP);
  const target = parseBuildRef(args.positional);
  if ('error' in target) throw usageError(`${target.error}.`, HELP);
  if (args.dryRun) {
    // no request, so no token either
    const repo = openRepo(args);
    return dryRun(io, args.out, sourceOf(repo, args.from, target), target, `${repo.slug.owner}/${repo.slug.repo}`, repo.answers.name);
  }
  // decided (and refused when it cannot be) before a token is asked for
  let from = 'run' as 'run' | 'release';
  const s = await openSession(args, io, (repo) => {
    from = sourceOf(repo, args.from, target);
  });
  const { slug } = s.repo;
  if (from === 'release' && 'buildId' in target) {
    return collectRelease(s.gh, s.repo, target.buildId, { out: args.out ?? `${io.cwd}/${target.buildId}`, partial: args.partial }, io, nextStepFor(s));
  }
  let run;
  if ('runId' in target) run = await getRun(s.gh, slug, target.runId);
  else {
    const runs = (await runsWithTitle(s.gh, slug, WORKFLOW, target.buildId)).filter((r) => buildIdOfTitle(r.displayTitle) === target.buildId);
    run = runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!run) throw new UserError(`No run of ${WORKFLOW} is named ${target.buildId}.`, 'Check the build id, or pass the run id or URL.');
  }
  const buildId = buildIdOfTitle(run.displayTitle);
  const id = buildId ?? `${s.repo.answers.name}-run-${run.id}-wheels`;
  io.out(`${buildId !== undefined ? `Build ${buildId}` : `Run ${run.id}`}: ${run.htmlUrl}\n`);
  let status = 0;
  if (run.status !== 'completed') {
    // a run whose title names no build is fetched again by its id
    const end = await waitFor(s, run.id, buildId, downloadCommand(s, buildId ?? String(run.id)));
    if (end === 130) return 130;
    run = end.run;
    status = reportEnd(s, end.run, end.jobs);
  } else if (run.conclusion !== 'success') {
    io.out(`The run ended ${run.conclusion}: ${run.htmlUrl}\n`);
    status = 1;
  }
  return keepFiles(s, status, args.out ?? `${io.cwd}/${id}`, runArtifacts(s, run, buildRefOfTitle(run.displayTitle)));
}

/** Where the files come from: --from, else the layout's way (Travis CI + AppVeyor has no build-wheels.yml: its builds are in their staging releases). */
function sourceOf(repo: WheelsRepo, given: 'run' | 'release' | undefined, target: { runId: number } | { buildId: string }): 'run' | 'release' {
  const staged = repo.layout.id === 'travis-appveyor';
  if (staged && given === 'run') throw usageError(`--from run: this repository (${repo.layout.id}) has no ${WORKFLOW} runs; its builds stage into the release named by the build id.`, `Leave --from out (it is release here): wheels-repo download ${'buildId' in target ? target.buildId : '<build-id>'}`);
  const from = given ?? (staged ? 'release' : 'run');
  if (from === 'release' && !('buildId' in target)) throw usageError('--from release needs a build id (the release is named after it), not a run.', 'e.g. wheels-repo download cymem-v2.0.9-wheels --from release');
  return from;
}

/** --dry-run: what would be looked up (no request is made) and where the files would go. */
function dryRun(io: CommandIO, out: string | undefined, from: 'run' | 'release', target: { runId: number } | { buildId: string }, repo: string, name: string): number {
  const [owner, wheels] = repo.split('/') as [string, string];
  const look = 'buildId' in target
    ? from === 'release'
      ? `the release ${target.buildId} of ${repo} (GET /repos/${owner}/${wheels}/releases/tags/${target.buildId}), its .whl and .tar.gz assets`
      : `the newest run of ${WORKFLOW} titled ${target.buildId} (GET /repos/${owner}/${wheels}/actions/workflows/${WORKFLOW}/runs), waited for if still going, its wheels-* artifacts`
    : `run ${target.runId} of ${repo} (GET /repos/${owner}/${wheels}/actions/runs/${target.runId}), waited for if still going, its wheels-* artifacts`;
  const dir = out ?? `${io.cwd}/${'buildId' in target ? target.buildId : `<the build id in its title, else ${name}-run-${target.runId}-wheels>`}`;
  io.out(`Dry run: nothing was looked up, downloaded or written.\nWould look up: ${look}.\nWould write: the verified files with SHA256SUMS into ${dir}/ (with --partial, what is not a complete verified build into ${dir}-partial/).\n`);
  return 0;
}
