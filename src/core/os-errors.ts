// Operating-system errors on the user's own paths (a read-only directory, a full disk, a name too
// long) are not bugs: they become a UserError naming the path, what the system said and the fix.

import { shellQuote } from './quote.js';
import { UserError } from './errors.js';

const KNOWN: Record<string, { what: string; fix: string }> = {
  EACCES: { what: 'permission denied', fix: 'Choose a directory you can write to (or fix its permissions), then run again.' },
  EPERM: { what: 'operation not permitted', fix: 'Choose a directory you can write to (or fix its permissions), then run again.' },
  EROFS: { what: 'read-only file system', fix: 'Choose a directory on a writable file system, then run again.' },
  ENOSPC: { what: 'no space left on the device', fix: 'Free some space or choose another directory, then run again.' },
  EDQUOT: { what: 'disk quota exceeded', fix: 'Free some space or choose another directory, then run again.' },
  ENAMETOOLONG: { what: 'file name too long', fix: 'Use a shorter --name or a shorter directory path.' },
  EEXIST: { what: 'it already exists', fix: 'Move it away or choose another directory, then run again.' },
  ENOTDIR: { what: 'a part of the path is a file, not a directory', fix: 'Choose a path made of directories.' },
  EISDIR: { what: 'it is a directory', fix: 'Choose a file path, not a directory.' },
  ENOENT: { what: 'no such file or directory', fix: 'Check the path, then run again.' },
  EMFILE: { what: 'too many open files', fix: 'Raise the open-file limit (ulimit -n) and run again.' },
};

const VERB: Record<string, string> = {
  mkdir: 'create', mkdtemp: 'create', open: 'write', write: 'write', copyfile: 'write', rename: 'move into place', symlink: 'create',
  chmod: 'change the mode of', unlink: 'remove', rmdir: 'remove', rm: 'remove', read: 'read', scandir: 'read', stat: 'read', lstat: 'read', access: 'use',
};

/** The UserError for an operating-system error on a path, or undefined for anything else. */
export function osError(e: unknown): UserError | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const known = err.code === undefined ? undefined : KNOWN[err.code];
  if (!known || typeof err.path !== 'string') return undefined;
  const verb = VERB[err.syscall ?? ''] ?? 'use';
  // mkdir -p over a file: EEXIST means a file is where a directory has to be
  if (err.code === 'EEXIST' && err.syscall === 'mkdir') {
    return new UserError(`Cannot create a directory at ${shellQuote(err.path)}: a file is in the way (EEXIST).`, 'Move the file away or choose another directory. Nothing was written.');
  }
  const dest = typeof err.dest === 'string' ? ` to ${shellQuote(err.dest)}` : '';
  return new UserError(`Cannot ${verb} ${shellQuote(err.path)}${dest}: ${known.what} (${err.code}).`, `${known.fix} Nothing was left half-written.`);
}
