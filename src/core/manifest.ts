// What was generated, kept with the answers (src/repo/store.ts) so a later upgrade can recover the exact base of a
// three-way merge: every file's path, mode, hash and its content (gzip, base64).
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Answers } from './options.js';
import type { RenderedFile } from './render.js';

export const SCHEMA_VERSION = 3;

export interface ManifestEntry {
  path: string;
  mode: string;
  sha256: string;
  base: string;
}

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
  return files.map((f) => ({
    path: f.path,
    mode: f.mode.toString(8),
    sha256: sha256(f.content),
    base: gzipSync(Buffer.from(f.content, 'utf8')).toString('base64'),
  }));
}

/** The exact text generated for an entry; throws if the stored copy does not match its hash. */
export function recoverBase(entry: ManifestEntry): string {
  const text = gunzipSync(Buffer.from(entry.base, 'base64')).toString('utf8');
  if (sha256(text) !== entry.sha256) throw new Error(`manifest entry ${entry.path} is corrupt (hash mismatch)`);
  return text;
}
