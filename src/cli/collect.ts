// The end of a build: the run's artifacts downloaded (digests checked), the wheels and the sdist
// taken out, verified against the layout's platform × Python matrix, and written, with SHA256SUMS,
// into <build-id>/ only when everything holds (a partial download goes to <build-id>-partial/).
import { createHash } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { distsInArtifact, type NamedBytes } from '../core/artifacts.js';
import { formatTable, humanSize as size, sha256sums, verifyDists } from '../core/verify-dists.js';
import { downloadArtifact, downloadReleaseAsset, listArtifacts, releaseAssets, type Run } from '../api/actions.js';
import { UserError } from '../core/errors.js';
import type { CommandIO } from '../io/command-io.js';
import { discardDownload, finishDownload, prepareDownload, writeFiles } from '../io/download-dir.js';
import type { WheelsRepo } from '../repo/wheels-repo.js';

export interface CollectOptions {
  /** the directory the files end up in */
  out: string;
  /** take what a failed run produced, marked as partial */
  partial: boolean;
  /** the run failed (a job other than a wheel's may have): whatever is verified, it is no release */
  runFailed?: boolean;
}

/** Downloads every `wheels-*` artifact of the run; the distributions in them. */
export async function downloadDists(gh: Octokit, repo: WheelsRepo, run: Run, io: Pick<CommandIO, 'out'>): Promise<NamedBytes[]> {
  const artifacts = (await listArtifacts(gh, repo.slug, run.id)).filter((a) => a.name.startsWith('wheels-'));
  const expired = artifacts.filter((a) => a.expired);
  if (expired.length > 0) io.out(`expired (not downloadable): ${expired.map((a) => a.name).join(', ')}\n`);
  const files: NamedBytes[] = [];
  for (const a of artifacts.filter((x) => !x.expired)) {
    const zip = await downloadArtifact(gh, repo.slug, a);
    io.out(`downloaded ${a.name} (${size(zip.byteLength)}${a.digest ? ', digest checked' : ''})\n`);
    files.push(...distsInArtifact(a.name, zip));
  }
  return files;
}

/** Verifies and writes `files`; 0 when a complete, verified set was written, 1 otherwise. */
export async function writeVerified(files: NamedBytes[], repo: WheelsRepo, opts: CollectOptions, io: Pick<CommandIO, 'out'>, nextStep: (version: string, dir: string) => string): Promise<number> {
  const { answers } = repo;
  const matrix = answers.platforms.flatMap((platform) => answers.python.map((python) => ({ platform, python })));
  const v = await verifyDists(files, { name: answers.name, matrix });
  if (v.files.length > 0) io.out(`\n${formatTable(v).replace(/\n*$/, '\n')}`);
  if (!v.ok) io.out(`\n${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}:\n${v.problems.map((p) => `  ${p}`).join('\n')}\n`);
  if (!v.ok && !opts.partial) {
    io.out('Nothing was written: a download is kept only when every file is verified (--partial keeps what there is).\n');
    return 1;
  }
  if (files.length === 0) return 1;
  const complete = v.ok && !opts.runFailed;
  // reached with !v.ok only under --partial; a failed run's files are never a verified build
  const final = complete ? opts.out : `${opts.out}-partial`;
  const d = prepareDownload(final);
  try {
    const extra = [{ name: 'SHA256SUMS', bytes: sha256sums(files) }];
    const problems = [...(opts.runFailed ? ['the run failed: these are the files of a failed build'] : []), ...v.problems];
    if (final !== opts.out) extra.push({ name: 'PARTIAL', bytes: `A partial download: ${problems.length} problem(s).\n${problems.join('\n')}\n` });
    writeFiles(d, [...files, ...extra]);
    finishDownload(d);
  } catch (e) {
    discardDownload(d);
    throw e;
  }
  const total = files.reduce((n, f) => n + f.bytes.byteLength, 0);
  io.out(`${final}/: ${files.length} files, ${size(total)}${final === opts.out ? ', verified' : ', PARTIAL'}; checksums in SHA256SUMS.\n`);
  if (complete && v.version) io.out(`Next: ${nextStep(v.version, final)}\n`);
  return complete ? 0 : 1;
}

/** The files of the staging release named `buildId` (Travis CI + AppVeyor stage there), verified and written. */
export async function collectRelease(gh: Octokit, repo: WheelsRepo, buildId: string, opts: CollectOptions, io: Pick<CommandIO, 'out'>, nextStep: (version: string, dir: string) => string): Promise<number> {
  const assets = await releaseAssets(gh, repo.slug, buildId);
  if (!assets) throw new UserError(`${repo.slug.owner}/${repo.slug.repo} has no release ${buildId}.`, 'Check the build id (the staging release is named after it).');
  const files: NamedBytes[] = [];
  for (const a of assets.filter((x) => /\.(whl|tar\.gz)$/.test(x.name))) {
    const bytes = await downloadReleaseAsset(gh, repo.slug, a.id);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (a.digest && a.digest !== actual) throw new UserError(`The release asset ${a.name} does not match its digest (${a.digest}, got ${actual}).`, 'Download it again; if it persists, the asset was replaced: build again.');
    files.push({ name: a.name, bytes });
    io.out(`downloaded ${a.name}${a.digest ? ' (digest checked)' : ''}\n`);
  }
  return writeVerified(files, repo, opts, io, nextStep);
}
