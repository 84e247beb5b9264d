// What was generated, kept with the answers (src/repo/store.ts) so a later upgrade can recover the exact base of a
// three-way merge: every file's path, mode and text as generated.
//
// Schema 4 keeps the text as it is. Schemas 1-3 kept base64 of its gzip with its sha256, which are still
// read (an upgrade writes them anew as text): compressing and hashing made every generation load
// node:zlib, node:crypto and the stream modules, 3.5 ms of a 45.5 ms `--no-git` run (issue #15). The
// price: .yo-rc.json is 35 KB instead of 16 KB for cymem's ten files; git compresses it anyway.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Answers } from './options.js';
import type { RenderedFile } from './render.js';

export const SCHEMA_VERSION = 4;
/** The first schema whose manifest entries hold the text itself. */
export const TEXT_MANIFEST_SCHEMA = 4;

/** An entry as written since schema 4. */
export interface ManifestEntry {
  path: string;
  /** octal, "644" or "755" */
  mode: string;
  text: string;
}

/** An entry of a store written by schemas 1-3: the text as base64 of its gzip, and the text's sha256. */
export interface LegacyManifestEntry {
  path: string;
  mode: string;
  sha256: string;
  base: string;
}

export type StoredManifestEntry = ManifestEntry | LegacyManifestEntry;

export interface StoredState {
  schemaVersion: number;
  generatorVersion: string;
  answers: Answers;
  manifest: ManifestEntry[];
  /** submodule path → the commit the templates pinned it to (the base of the next upgrade's gitlink decision) */
  gitlinks?: Record<string, string>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function buildManifest(files: readonly RenderedFile[]): ManifestEntry[] {
  return files.map((f) => ({ path: f.path, mode: f.mode.toString(8), text: f.content }));
}

/** The string fields every manifest entry of a store of `schemaVersion` has (no version: schema 1). */
export function manifestEntryKeys(schemaVersion: unknown): readonly string[] {
  return typeof schemaVersion === 'number' && schemaVersion >= TEXT_MANIFEST_SCHEMA ? ['path', 'mode', 'text'] : ['path', 'mode', 'sha256', 'base'];
}

/** The exact text generated for an entry; throws if an older entry's stored copy does not match its hash. */
export function recoverBase(entry: StoredManifestEntry): string {
  if ('text' in entry) return entry.text;
  const text = gunzipSync(Buffer.from(entry.base, 'base64')).toString('utf8');
  if (sha256(text) !== entry.sha256) throw new Error(`manifest entry ${entry.path} is corrupt (hash mismatch)`);
  return text;
}
