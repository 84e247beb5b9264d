// The files `wheels-repo download` fetches (issue #12): a run's artifacts and a release's assets. Both
// downloads answer 302 to a short-lived storage URL, which is fetched here WITHOUT the token (it must
// never leave for the storage host); a transfer cut short is retried, and an artifact's sha256 digest
// is checked. Operation ids are those of GitHub's OpenAPI description (@octokit/openapi).
import { createHash } from 'node:crypto';
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import { fromOctokit } from './errors.js';
import type { RepoRef } from './github.js';

export interface Artifact {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  /** `sha256:<hex>` for artifacts of upload-artifact v4 and later, else null */
  digest: string | null;
}

export interface ReleaseAsset {
  id: number;
  name: string;
  size: number;
  digest: string | null;
}

export interface DownloadOptions {
  /** fetches the storage URL (tests); default the global fetch */
  fetchImpl?: typeof fetch;
  /** how many times to try a transfer before giving up (default 3) */
  attempts?: number;
}

const statusOf = (e: unknown) => (e as { status?: number }).status;
/** How long one transfer from storage may take (artifacts can be hundreds of MB). */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The artifacts of a run (actions/list-workflow-run-artifacts, paginated). */
export async function listArtifacts(gh: Octokit, r: RepoRef, runId: number): Promise<Artifact[]> {
  try {
    const all = await gh.paginate(gh.rest.actions.listWorkflowRunArtifacts, { owner: r.owner, repo: r.repo, run_id: runId, per_page: 100 });
    return all.map((a) => ({ id: a.id, name: a.name, sizeInBytes: a.size_in_bytes, expired: a.expired, digest: (a as { digest?: string | null }).digest ?? null }));
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/actions/runs/${runId}/artifacts`, e);
  }
}

/** What an API request that may redirect to storage gave: the storage URL, or the bytes themselves. */
type Located = { url: string } | { bytes: Uint8Array };

/** Asks the API for the download with redirects not followed, so that the token stays with the API. */
async function locate(what: string, request: () => Promise<{ status: number; url: string; headers: { location?: string }; data: unknown }>): Promise<Located> {
  let res;
  try {
    res = await request();
  } catch (e) {
    throw fromOctokit(what, e);
  }
  if (res.status >= 300 && res.status < 400 && res.headers.location) return { url: new URL(res.headers.location, res.url).href };
  if (res.status === 200 && res.data instanceof ArrayBuffer) return { bytes: new Uint8Array(res.data) };
  throw new UserError(`${what} answered ${res.status} without a download location.`, 'Run the command again; if it persists, check GITHUB_API_URL.');
}

/** One transfer from storage, with no Authorization header: the bytes, or why it broke or came short. */
async function transfer(url: string, fetchImpl: typeof fetch): Promise<Uint8Array | string> {
  try {
    const res = await fetchImpl(url, { redirect: 'follow', signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
    if (!res.ok) return `storage answered ${res.status}`;
    const bytes = new Uint8Array(await res.arrayBuffer());
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) !== bytes.length) return `got ${bytes.length} of ${length} bytes`;
    return bytes;
  } catch (e) {
    return `the transfer broke: ${(e as Error).message}`;
  }
}

/**
 * Asks the API where the file is (a fresh URL each attempt: storage URLs live about a minute), then
 * fetches it; a broken or short transfer is tried again, `attempts` times in all.
 */
async function download(what: string, name: string, get: () => Promise<Located>, opts: DownloadOptions): Promise<Uint8Array> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(250 * attempt);
    const where = await get();
    if ('bytes' in where) return where.bytes;
    const got = await transfer(where.url, opts.fetchImpl ?? fetch);
    if (typeof got !== 'string') return got;
    problem = got;
  }
  throw new UserError(`Downloading ${name} (${what}) failed after ${attempts} attempts: ${problem}.`, 'Run the command again; if it persists, check the network.');
}

/**
 * An artifact's zip (actions/download-artifact with archive_format zip, which answers 302 to storage),
 * its sha256 digest checked when GitHub gives one.
 */
export async function downloadArtifact(gh: Octokit, r: RepoRef, a: Artifact, opts: DownloadOptions = {}): Promise<Uint8Array> {
  const what = `GET /repos/${r.owner}/${r.repo}/actions/artifacts/${a.id}/zip`;
  if (a.expired) throw new UserError(`Artifact ${a.name} has expired: GitHub no longer keeps its files.`, 'Build again (artifacts are kept 90 days unless the repository says otherwise).');
  const bytes = await download(what, `artifact ${a.name}`, () => locate(what, () => gh.rest.actions.downloadArtifact({
    owner: r.owner, repo: r.repo, artifact_id: a.id, archive_format: 'zip', request: { redirect: 'manual' },
  })), opts);
  const m = /^sha256:([0-9a-f]{64})$/i.exec(a.digest ?? '');
  if (m) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== (m[1] as string).toLowerCase()) {
      throw new UserError(`Artifact ${a.name} (id ${a.id}) does not match its digest: GitHub says sha256:${(m[1] as string).toLowerCase()}, the download has sha256:${actual}.`, 'Run the command again; if it persists, the artifact is damaged: build again.');
    }
  }
  return bytes;
}

/** The assets of the release tagged `tag` (repos/get-release-by-tag, then repos/list-release-assets); undefined when there is no such release. */
export async function releaseAssets(gh: Octokit, r: RepoRef, tag: string): Promise<ReleaseAsset[] | undefined> {
  let id: number;
  try {
    id = (await gh.rest.repos.getReleaseByTag({ owner: r.owner, repo: r.repo, tag })).data.id;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/releases/tags/${tag}`, e);
  }
  try {
    const assets = await gh.paginate(gh.rest.repos.listReleaseAssets, { owner: r.owner, repo: r.repo, release_id: id, per_page: 100 });
    return assets.map((x) => ({ id: x.id, name: x.name, size: x.size, digest: x.digest ?? null }));
  } catch (e) {
    throw fromOctokit(`GET /repos/${r.owner}/${r.repo}/releases/${id}/assets (the assets of ${tag})`, e);
  }
}

/**
 * A release asset's bytes (repos/get-release-asset with Accept: application/octet-stream, which
 * answers 302 to storage, or 200 with the bytes).
 */
export async function downloadReleaseAsset(gh: Octokit, r: RepoRef, assetId: number, opts: DownloadOptions = {}): Promise<Uint8Array> {
  const what = `GET /repos/${r.owner}/${r.repo}/releases/assets/${assetId}`;
  return download(what, `release asset ${assetId}`, () => locate(what, () => gh.rest.repos.getReleaseAsset({
    owner: r.owner, repo: r.repo, asset_id: assetId, headers: { accept: 'application/octet-stream' }, request: { redirect: 'manual' },
  }) as Promise<{ status: number; url: string; headers: { location?: string }; data: unknown }>), opts);
}
