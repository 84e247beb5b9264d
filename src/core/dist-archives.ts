// Reading what is inside a wheel or an sdist, for verify-dists.ts. Pure: bytes in, contents and problem
// sentences out. Facts from the PyPA specifications (packaging.python.org/en/latest/specifications/):
// "Binary distribution format", "Recording installed projects", "Core metadata", "Source distribution
// format".
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { eq, valid } from '#pep440';
import { unzipSync } from '#fflate';
import { Parser } from '#tar-parse';
import { normalizeName } from './dist-names.js';

/** A wheel's files by path ("A wheel is a ZIP-format archive"), directories left out; null when it is no zip. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> | null {
  try {
    const entries = unzipSync(bytes);
    return new Map(Object.entries(entries).filter(([path]) => !path.endsWith('/')));
  } catch {
    return null;
  }
}

/**
 * "Core metadata": "The standard file format for metadata ... is based on the format of email
 * headers"; WHEEL is "in the same basic key: value format". Field names are case-insensitive (as in
 * email); a line starting with a space or tab continues the field before it; the headers end at the
 * first empty line (the body may hold the description). Values of repeated fields (Tag) in order.
 */
export function parseHeaders(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (last && last.length > 0) last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim().toLowerCase();
    last = out.get(key) ?? [];
    last.push(line.slice(i + 1).trim());
    out.set(key, last);
  }
  return out;
}

export const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/**
 * Name and Version of a METADATA or PKG-INFO file against a file name: "For comparison purposes, the
 * names should be normalized before comparing" (Core metadata, Name); versions compare as PEP 440
 * versions (Version "must be in the format specified in the Version specifier specification"); the
 * sdist's "name and version components of the filename MUST match the values stored in the metadata".
 */
export function metadataProblems(file: string, label: string, text: string, name: string, version: string): string[] {
  const headers = parseHeaders(text);
  const problems: string[] = [];
  const metaName = headers.get('name')?.[0];
  const metaVersion = headers.get('version')?.[0];
  if (!metaName) problems.push(`${file}: ${label} has no Name`);
  else if (normalizeName(metaName) !== normalizeName(name)) problems.push(`${file}: ${label} Name is ${metaName}, the file name says ${name}`);
  if (!metaVersion) problems.push(`${file}: ${label} has no Version`);
  else if (valid(metaVersion) === null) problems.push(`${file}: ${label} Version ${metaVersion} is not a PEP 440 version`);
  else if (!eq(metaVersion, version)) problems.push(`${file}: ${label} Version is ${metaVersion}, the file name says ${version}`);
  return problems;
}

/**
 * RECORD is CSV that "must be readable with the default reader of Python's csv module": "," between
 * fields, '"' quotes (a doubled quote inside quotes is one quote), lines end in "\r\n" or "\n"
 * ("Recording installed projects", The RECORD file).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** "sha256 or better; specifically, md5 and sha1 are not permitted" (Binary distribution format). */
const HASHES: Readonly<Record<string, string>> = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

/**
 * A wheel's RECORD against its files ("Binary distribution format", The .dist-info directory): "every
 * file except RECORD, which cannot contain a hash of itself, must include its hash"; RECORD.jws and
 * RECORD.p7s are "not mentioned in RECORD"; "installation will fail if any file in the archive is not
 * both mentioned and correctly hashed in RECORD". A hash is `name=urlsafe_b64encode(digest)` "with
 * trailing = removed", the size "the file's size in bytes, as a base 10 integer", either may be empty
 * in general ("Recording installed projects"), but a wheel's files must have their hash. One sentence
 * per file that is unlisted, listed but absent, unhashed, or of the wrong hash or size.
 */
export function recordProblems(file: string, distInfo: string, files: ReadonlyMap<string, Uint8Array>): string[] {
  const recordPath = `${distInfo}/RECORD`;
  const record = files.get(recordPath);
  if (!record) return [`${file}: no ${recordPath}`];
  const unlisted = new Set([recordPath, `${recordPath}.jws`, `${recordPath}.p7s`]);
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const [path = '', hash = '', size = ''] of parseCsv(utf8(record))) {
    if (unlisted.has(path) || listed.has(path)) continue;
    listed.add(path);
    const bytes = files.get(path);
    if (!bytes) {
      problems.push(`${file}: RECORD lists ${path}, which is not in the archive`);
      continue;
    }
    const i = hash.indexOf('=');
    const algorithm = i < 0 ? hash : hash.slice(0, i);
    const digest = HASHES[algorithm];
    if (hash === '') problems.push(`${file}: ${path} has no hash in RECORD`);
    else if (digest === undefined || i < 0) problems.push(`${file}: ${path} is hashed with ${algorithm} in RECORD, not sha256 or better`);
    else if (createHash(digest).update(bytes).digest('base64url') !== hash.slice(i + 1).replace(/=+$/, '')) {
      problems.push(`${file}: ${path} does not match its ${algorithm} hash in RECORD`);
    }
    if (size !== '' && size !== String(bytes.length)) problems.push(`${file}: ${path} has ${bytes.length} bytes, RECORD says ${size}`);
  }
  for (const path of files.keys()) {
    if (!listed.has(path) && !unlisted.has(path)) problems.push(`${file}: ${path} is not listed in RECORD`);
  }
  return problems;
}

/**
 * The file at `path` inside a .tar.gz ("source distribution files must be readable using the standard
 * library tarfile module with the open flag 'r:gz'"): gunzipped here, read with node-tar's parser.
 * 'invalid' when the bytes are no gzip or no tar, null when the archive has no such file.
 */
export async function readTarGzFile(bytes: Uint8Array, path: string): Promise<Uint8Array | null | 'invalid'> {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    return 'invalid';
  }
  return new Promise((resolve) => {
    let found: Uint8Array | null = null;
    const parser = new Parser({ strict: true });
    parser.on('entry', (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (entry.path.replace(/^\.\//, '') === path && /File$/.test(entry.type)) found = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => resolve('invalid'));
    parser.on('end', () => resolve(found));
    parser.end(tar);
  });
}
