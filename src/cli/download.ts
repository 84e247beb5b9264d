// wheels-repo download BUILD: the files of a build (a build id, a run id or a run URL), verified as
// `build` verifies them: waits for a run still going; --partial takes what a failed run produced;
// --from release takes the assets of the staging release named by the build id instead.
import { buildIdOfTitle, parseBuildRef } from '../core/build-id.js';
import { usageError, UserError } from '../core/errors.js';
import { getRun, runsWithTitle } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';
import { collectRelease, downloadDists, writeVerified } from './collect.js';
import { nextStepFor, openSession, parseSessionArgs, reportEnd, waitFor } from './build-session.js';

export const DOWNLOAD_HELP = `Usage: wheels-repo download BUILD [--dir PATH] [--out DIR] [--partial] [--from run|release] [--owner OWNER]

Downloads, verifies and writes the wheels and the sdist of BUILD (a build id such
as cymem-v2.0.9-wheels, a run id, or a run URL) into <build-id>/, with SHA256SUMS,
exactly as \`wheels-repo build\` does; waits first if the run is still going.

  --out DIR         where the files go (default: ./<build-id>)
  --partial         take what a failed run produced, into <out>-partial/ with a
                    PARTIAL file saying what is missing
  --from release    the assets of the staging release named by the build id (the
                    Travis CI + AppVeyor layout stages there) instead of the run
  --owner OWNER     the stored owner, when the origin remote points elsewhere
`;

const WORKFLOW = 'build-wheels.yml';

export async function runDownload(argv: readonly string[], io: CommandIO): Promise<number> {
  const args = parseSessionArgs(argv, io.cwd, 'download');
  if (args.help) return io.out(DOWNLOAD_HELP), 0;
  if (args.positional === undefined) throw usageError('download needs the BUILD: a build id, a run id or a run URL.', 'Run `wheels-repo download --help`.');
  const target = parseBuildRef(args.positional);
  if ('error' in target) throw usageError(`${target.error}.`, 'Run `wheels-repo download --help`.');
  const s = await openSession(args, io);
  if (args.from === 'release') {
    if (!('buildId' in target)) throw usageError('--from release needs a build id (the release is named after it), not a run.', 'e.g. wheels-repo download cymem-v2.0.9-wheels --from release');
    return collectRelease(s.gh, s.repo, target.buildId, { out: args.out ?? `${io.cwd}/${target.buildId}`, partial: args.partial }, io, nextStepFor(s));
  }
  let run;
  if ('runId' in target) run = await getRun(s.gh, s.repo.slug, target.runId);
  else {
    const runs = (await runsWithTitle(s.gh, s.repo.slug, WORKFLOW, target.buildId)).filter((r) => buildIdOfTitle(r.displayTitle) === target.buildId);
    run = runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!run) throw new UserError(`No run of ${WORKFLOW} is named ${target.buildId}.`, 'Check the build id, or pass the run id or URL.');
  }
  const id = buildIdOfTitle(run.displayTitle) ?? `${s.repo.answers.name}-run-${run.id}-wheels`;
  io.out(`Build ${id}: ${run.htmlUrl}\n`);
  let status = 0;
  if (run.status !== 'completed') {
    const end = await waitFor(s, run.id, id);
    if (end === 130) return 130;
    run = end.run;
    status = reportEnd(s, end.run, end.jobs);
  } else if (run.conclusion !== 'success') {
    io.out(`The run ended ${run.conclusion}: ${run.htmlUrl}\n`);
    status = 1;
  }
  if (status !== 0 && !args.partial) {
    io.out('Nothing was downloaded (--partial keeps what the build produced).\n');
    return 1;
  }
  const files = await downloadDists(s.gh, s.repo, run, io);
  const written = await writeVerified(files, s.repo, { out: args.out ?? `${io.cwd}/${id}`, partial: args.partial }, io, nextStepFor(s));
  return status || written;
}
