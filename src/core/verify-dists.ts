// The verification of downloaded wheels and the sdist before `wheels-repo build/download` hands them on
// (issue #12): every file whole and consistent, one version throughout, every platform × Python of the
// build covered. Pure: the files arrive as bytes; each problem is a sentence that names its file, and
// every problem is reported, not just the first. Facts from the PyPA specifications cited in
// dist-names.ts and dist-archives.ts.
import { createHash } from 'node:crypto';
import { eq, valid } from '#pep440';
import { metadataProblems, parseHeaders, readTarGzFile, readZip, recordProblems, utf8 } from './dist-archives.js';
import { covers, describeMissing, expandTags, normalizeName, parseSdistName, parseWheelName, type WheelName } from './dist-names.js';

export interface DistFile {
  name: string;
  bytes: Uint8Array;
}

export interface Expected {
  name: string;
  matrix: ReadonlyArray<{ platform: string; python: string }>;
  version?: string;
}

export interface FileReport {
  name: string;
  size: number;
  kind: 'wheel' | 'sdist';
  /** the version in the file name ('' when the name does not parse) */
  version: string;
  /** the wheel's expanded tags (python-abi-platform); none for an sdist */
  tags: string[];
}

export interface Verification {
  ok: boolean;
  files: FileReport[];
  problems: string[];
  /** the one version every file has, when they agree */
  version?: string;
}

const sameVersion = (a: string, b: string): boolean => valid(a) !== null && valid(b) !== null && eq(a, b);

/**
 * The wheel's `{distribution}-{version}.dist-info` directory ("Binary distribution format", File
 * contents). The name is the file name's, or (archives from before the escaping rules) one that
 * normalizes to it with a PEP 440-equal version; when there is none, the name it should have.
 */
function distInfoDir(files: ReadonlyMap<string, Uint8Array>, w: WheelName): string {
  const exact = `${w.distribution}-${w.version}.dist-info`;
  const dirs = new Set([...files.keys()].map((p) => p.split('/')[0] as string).filter((d) => d.endsWith('.dist-info')));
  if (dirs.has(exact)) return exact;
  for (const d of dirs) {
    const m = /^(.+)-([^-]+)\.dist-info$/.exec(d);
    if (m && normalizeName(m[1] as string) === normalizeName(w.distribution) && sameVersion(m[2] as string, w.version)) return d;
  }
  return exact;
}

const WHEEL_NAME = '{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl';

function checkWheel(f: DistFile, expected: Expected): { report: FileReport; wheel?: WheelName; problems: string[] } {
  const w = parseWheelName(f.name);
  const report: FileReport = { name: f.name, size: f.bytes.length, kind: 'wheel', version: w?.version ?? '', tags: w ? expandTags(w) : [] };
  const problems: string[] = [];
  if (!w) problems.push(`${f.name}: the name is not ${WHEEL_NAME}`);
  else if (normalizeName(w.distribution) !== normalizeName(expected.name)) problems.push(`${f.name}: a wheel of ${w.distribution}, not of ${expected.name}`);
  // A wheel of ours counts for the matrix by its name; what is wrong inside it is its own problem.
  const ours = w !== null && normalizeName(w.distribution) === normalizeName(expected.name) ? { wheel: w } : {};
  const files = readZip(f.bytes);
  if (!files) problems.push(`${f.name}: not a valid zip archive`);
  if (!w || !files) return { report, problems, ...ours };
  const di = distInfoDir(files, w);
  const wheelFile = files.get(`${di}/WHEEL`);
  if (!wheelFile) problems.push(`${f.name}: no ${di}/WHEEL`);
  else {
    // WHEEL: "Tag is the wheel's expanded compatibility tags" (Binary distribution format).
    const listed = [...new Set(parseHeaders(utf8(wheelFile)).get('tag') ?? [])].sort();
    const named = [...report.tags].sort();
    if (listed.length === 0) problems.push(`${f.name}: ${di}/WHEEL has no Tag`);
    else if (listed.join(' ') !== named.join(' ')) problems.push(`${f.name}: WHEEL Tag lines say ${listed.join(', ')}, the file name says ${named.join(', ')}`);
  }
  const metadata = files.get(`${di}/METADATA`);
  if (!metadata) problems.push(`${f.name}: no ${di}/METADATA`);
  else problems.push(...metadataProblems(f.name, 'METADATA', utf8(metadata), w.distribution, w.version));
  problems.push(...recordProblems(f.name, di, files));
  return { report, problems, ...ours };
}

async function checkSdist(f: DistFile, expected: Expected): Promise<{ report: FileReport; problems: string[] }> {
  const s = parseSdistName(f.name);
  const report: FileReport = { name: f.name, size: f.bytes.length, kind: 'sdist', version: s?.version ?? '', tags: [] };
  const problems: string[] = [];
  if (!s) problems.push(`${f.name}: the name is not {name}-{version}.tar.gz`);
  else if (normalizeName(s.name) !== normalizeName(expected.name)) problems.push(`${f.name}: an sdist of ${s.name}, not of ${expected.name}`);
  // "A .tar.gz source distribution (sdist) contains a single top-level directory called
  // {name}-{version} ... and a PKG-INFO file" (Source distribution format).
  const top = f.name.slice(0, -'.tar.gz'.length);
  const pkgInfo = await readTarGzFile(f.bytes, `${top}/PKG-INFO`);
  if (pkgInfo === 'invalid') problems.push(`${f.name}: not a valid gzip-compressed tar archive`);
  else if (pkgInfo === null) problems.push(`${f.name}: no ${top}/PKG-INFO`);
  else if (s) problems.push(...metadataProblems(f.name, 'PKG-INFO', utf8(pkgInfo), s.name, s.version));
  return { report, problems };
}

/** One version throughout: each file against expected.version, or else against the version most files have. */
function versionProblems(reports: readonly FileReport[], expectedVersion: string | undefined): { problems: string[]; version?: string } {
  const named = reports.filter((r) => r.version !== '');
  if (expectedVersion !== undefined && valid(expectedVersion) === null) {
    return { problems: [`the expected version ${expectedVersion} is not a PEP 440 version`] };
  }
  let reference = expectedVersion;
  if (reference === undefined) {
    let best = 0;
    for (const r of named) {
      const n = named.filter((o) => sameVersion(o.version, r.version)).length;
      if (n > best) (best = n), (reference = r.version);
    }
  }
  if (reference === undefined) return { problems: [] };
  const problems = named
    .filter((r) => !sameVersion(r.version, reference))
    .map((r) => (expectedVersion !== undefined ? `${r.name}: version ${r.version}, expected ${expectedVersion}` : `${r.name}: version ${r.version}, the other files have ${reference}`));
  return problems.length === 0 && named.length > 0 ? { problems, version: named[0]?.version } : { problems };
}

export async function verifyDists(files: readonly DistFile[], expected: Expected): Promise<Verification> {
  const problems: string[] = [];
  const reports: FileReport[] = [];
  const wheels: WheelName[] = [];
  if (files.length === 0) problems.push('no wheel or sdist');
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) {
      problems.push(`${f.name}: given twice`);
      continue;
    }
    seen.add(f.name);
    if (f.name.endsWith('.whl')) {
      const r = checkWheel(f, expected);
      reports.push(r.report);
      problems.push(...r.problems);
      if (r.wheel) wheels.push(r.wheel);
    } else if (f.name.endsWith('.tar.gz')) {
      const r = await checkSdist(f, expected);
      reports.push(r.report);
      problems.push(...r.problems);
    } else problems.push(`${f.name}: neither a wheel (.whl) nor an sdist (.tar.gz)`);
  }
  const versions = versionProblems(reports, expected.version);
  problems.push(...versions.problems);
  for (const { platform, python } of expected.matrix) {
    if (!wheels.some((w) => covers(w, platform, python))) problems.push(describeMissing(platform, python));
  }
  return { ok: problems.length === 0, files: reports, problems, ...(versions.version !== undefined ? { version: versions.version } : {}) };
}

/**
 * The lines `sha256sum -c` reads: "<hex>  <name>", sorted by name (code units). GNU coreutils writes a
 * name holding "\\", "\n" or "\r" escaped, with a "\\" before the line; so does this.
 */
export function sha256sums(files: readonly DistFile[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted
    .map((f) => {
      const hex = createHash('sha256').update(f.bytes).digest('hex');
      if (!/[\\\n\r]/.test(f.name)) return `${hex}  ${f.name}\n`;
      const escaped = f.name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
      return `\\${hex}  ${escaped}\n`;
    })
    .join('');
}

/** 834 B, 12.5 KiB, 3.1 MiB */
export function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) (n /= 1024), u++;
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

/** A "file  size  tags" table, one row per file, columns padded; an sdist's tags column says "(sdist)". */
export function formatTable(v: Verification): string {
  const rows = [['file', 'size', 'tags'], ...v.files.map((f) => [f.name, humanSize(f.size), f.kind === 'sdist' ? '(sdist)' : f.tags.join(' ')])];
  const width = [0, 1].map((c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  return rows.map((r) => `${(r[0] as string).padEnd(width[0] as number)}  ${(r[1] as string).padStart(width[1] as number)}  ${r[2]}`.trimEnd()).join('\n') + '\n';
}
