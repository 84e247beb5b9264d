// Where downloaded wheels go: a hidden sibling directory first, renamed into place only when every
// file is verified; an existing directory is never overwritten with other bytes. The file names
// come from a remote service, so each is checked to be a plain name before it is written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';

export interface DownloadDir {
  /** where the files are written first */
  tmp: string;
  /** where they end up */
  final: string;
}

function plainName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (name === '' || name === '.' || name === '..' || /[/\\\u0000-\u001f]/.test(name)) {
    throw new UserError(`Refusing to write a downloaded file named ${JSON.stringify(name)}: it is not a plain file name.`, 'The build produced a file name that cannot be a wheel or an sdist; nothing was written.');
  }
  return name;
}

export function prepareDownload(final: string): DownloadDir {
  mkdirSync(dirname(final), { recursive: true });
  return { tmp: mkdtempSync(join(dirname(final), `.${basename(final)}.partial-`)), final };
}

export function writeFiles(d: DownloadDir, files: ReadonlyArray<{ name: string; bytes: Uint8Array | string }>): void {
  for (const f of files) writeFileSync(join(d.tmp, plainName(f.name)), f.bytes);
}

/**
 * Moves the files into place. When the directory exists already (a download run twice), files
 * identical to the new ones are fine; a different one stops everything: nothing is overwritten.
 */
export function finishDownload(d: DownloadDir, final = d.final): 'created' | 'completed' {
  if (!existsSync(final)) {
    renameSync(d.tmp, final);
    return 'created';
  }
  const names = readdirSync(d.tmp);
  const different = names.filter((n) => existsSync(join(final, n)) && !readFileSync(join(final, n)).equals(readFileSync(join(d.tmp, n))));
  if (different.length > 0) {
    discardDownload(d);
    throw new UserError(`${final} exists and holds other versions of ${different.join(', ')}: nothing was overwritten.`, 'Move it away, or pass --out DIR.');
  }
  for (const n of names) if (!existsSync(join(final, n))) renameSync(join(d.tmp, n), join(final, n));
  discardDownload(d);
  return 'completed';
}

export function discardDownload(d: DownloadDir): void {
  rmSync(d.tmp, { recursive: true, force: true });
}
