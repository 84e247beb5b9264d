// The destination directory: what is there now, and an all-or-nothing way to fill it. Files are
// written into a hidden sibling directory first and renamed into place only when everything worked.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What is at `dir` now (src/repo/target.ts tells a generated repository from other content). */
export function targetKind(dir: string): 'missing' | 'empty' | 'file' | 'full' {
  if (!existsSync(dir)) return 'missing';
  if (!statSync(dir).isDirectory()) return 'file';
  return readdirSync(dir).length === 0 ? 'empty' : 'full';
}

/** Parent directories created for a staging directory, removed again if it is discarded. */
const createdParents = new Map<string, string>();

export function createStaging(target: string): string {
  const top = mkdirSync(dirname(target), { recursive: true });
  let dir: string;
  try {
    dir = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
  } catch (e) {
    // the parents made just now go again: a refused run leaves nothing behind
    if (top) rmSync(top, { recursive: true, force: true });
    // the hidden staging name means nothing to the user: the error names the directory asked for
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).path === 'string') (e as NodeJS.ErrnoException).path = target;
    throw e;
  }
  if (top) createdParents.set(dir, top);
  // mkdtemp makes it private (0700); the repository should get the usual permissions.
  chmodSync(dir, 0o777 & ~process.umask());
  return dir;
}

/** Moves the finished staging directory to the target (missing or empty). */
export function promote(staging: string, target: string): void {
  if (existsSync(target)) rmdirSync(target);
  renameSync(staging, target);
}

export function discard(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
  const top = createdParents.get(staging);
  if (top) rmSync(top, { recursive: true, force: true });
  createdParents.delete(staging);
}

export function directoryExists(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
}
