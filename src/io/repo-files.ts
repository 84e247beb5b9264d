// Every read and write of a wheels repository's files goes through here. A repository is input that
// others can change (a pull request, a clone), so a path is used only when it is relative, has no
// "." or ".." segment, and no component of it is a symbolic link (checked with lstat): nothing can
// lead a read or a write outside the repository. Writes are all-or-nothing: every new text goes to a
// temporary file beside its target, and only when all are written are they renamed into place.
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';


export type Mode = 0o644 | 0o755;

export interface WriteOptions {
  /** the mode of a file that does not exist yet (an existing file keeps its own) */
  modes?: ReadonlyMap<string, number>;
  /** modes to set after writing, on files written or not */
  chmod?: ReadonlyMap<string, Mode>;
}

/** Why `rel` is not a plain relative path inside a repository, or null when it is one. */
export function pathProblem(rel: unknown): string | null {
  if (typeof rel !== 'string' || rel === '') return 'is not a path';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(rel)) return 'holds a backslash or a control character';
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) return 'is absolute';
  const parts = rel.split('/');
  if (parts.some((p) => p === '..')) return 'leads out of the repository ("..")';
  if (parts.some((p) => p === '' || p === '.')) return 'is not in normal form (empty or "." segment)';
  if (parts.some((p) => p === '.git')) return 'is inside .git';
  return null;
}

let staging = 0;

/**
 * Writes `text` to a new file beside `base` and returns its path. O_EXCL ("wx"): never through a
 * file or link someone left there; a name that exists is skipped for the next one. The name only
 * has to be new, not secret, so it is the pid, the time and a counter (node:crypto costs ~15 M
 * instructions to load, a tenth of a bump's own work).
 */
function writeFresh(dir: string, base: string, text: string, mode: number): string {
  for (;;) {
    const tmp = join(dir, `.${base}.wheels-repo-${process.pid}-${Date.now().toString(36)}-${staging++}.tmp`);
    try {
      writeFileSync(tmp, text, { mode, flag: 'wx' });
      return tmp;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || staging > 10_000) throw e;
    }
  }
}

function lstat(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

export class RepoFiles {
  /** the repository's real path: the root itself may be reached through a link, nothing below it */
  readonly root: string;

  constructor(root: string) {
    let real = root;
    try {
      real = realpathSync(root);
    } catch {
      // not there yet: the caller creates it (or reads nothing)
    }
    this.root = real;
  }

  private refuse(rel: string, why: string): never {
    throw new UserError(`Refusing ${JSON.stringify(rel)} in ${this.root}: it ${why}; nothing was changed.`, 'A wheels repository may not lead a read or a write outside itself: replace the link or the path with a plain file, or restore the file from git.');
  }

  /** The full path of `rel` after the checks; every existing component must be a real directory or file. */
  resolve(rel: string): string {
    return this.inspect(rel).full;
  }

  /**
   * resolve, with what lstat says of the path itself (undefined: it, or a directory above it, is
   * absent), so that no caller lstat-s it twice. `checked`: directories found real earlier in the same
   * operation, not looked at again (a generation writes eleven files in four directories).
   */
  private inspect(rel: string, checked?: Set<string>): { full: string; st: Stats | undefined } {
    const problem = pathProblem(rel);
    if (problem) this.refuse(rel, problem);
    const parts = rel.split('/');
    let full = this.root;
    let st: Stats | undefined;
    for (const [i, part] of parts.entries()) {
      full = join(full, part);
      const directory = i < parts.length - 1;
      if (directory && checked?.has(full)) continue;
      st = lstat(full);
      if (!st) return { full: join(this.root, rel), st: undefined };
      if (st.isSymbolicLink()) this.refuse(rel, `goes through the symbolic link ${parts.slice(0, i + 1).join('/')}`);
      if (directory) {
        if (!st.isDirectory()) this.refuse(rel, `needs ${parts.slice(0, i + 1).join('/')} to be a directory`);
        checked?.add(full);
      }
    }
    return { full, st };
  }

  /** The text of `rel`, or undefined when there is no such file. */
  read(rel: string): string | undefined {
    const { full, st } = this.inspect(rel);
    if (!st) return undefined;
    if (!st.isFile()) this.refuse(rel, 'is not a regular file');
    return readFileSync(full, 'utf8');
  }

  exists(rel: string): boolean {
    return this.inspect(rel).st !== undefined;
  }

  /** 0o755 when the owner may execute `rel`, 0o644 otherwise; undefined when absent. */
  mode(rel: string): Mode | undefined {
    const { st } = this.inspect(rel);
    return st ? (st.mode & 0o100 ? 0o755 : 0o644) : undefined;
  }

  /** The regular files directly in directory `rel` ('' for the root), as repository paths; links are left out. */
  list(rel: string): string[] {
    const { full, st } = rel === '' ? { full: this.root, st: lstat(this.root) } : this.inspect(rel);
    if (!st?.isDirectory()) return [];
    return readdirSync(full, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => (rel === '' ? e.name : `${rel}/${e.name}`));
  }

  /** Names of every entry directly in the root, links included (for "is it empty?"). */
  rootEntries(): string[] {
    return lstat(this.root)?.isDirectory() ? readdirSync(this.root) : [];
  }

  /**
   * Writes every text (null deletes the file) or nothing: all paths are checked first, then written to
   * temporary files, then renamed over their targets; deletions and mode changes come last.
   */
  writeAll(outputs: ReadonlyMap<string, string | null>, opts: WriteOptions = {}): void {
    const checked = new Set<string>();
    const before = new Map<string, Stats | undefined>();
    for (const rel of [...outputs.keys(), ...(opts.chmod?.keys() ?? [])]) {
      const { st } = this.inspect(rel, checked);
      if (st && !st.isFile()) this.refuse(rel, 'is not a regular file');
      before.set(rel, st);
    }
    const staged: Array<{ tmp: string; target: string }> = [];
    const deletions: string[] = [];
    try {
      for (const [rel, text] of outputs) {
        const target = join(this.root, rel);
        if (text === null) {
          deletions.push(target);
          continue;
        }
        const st = before.get(rel);
        if (!st) {
          mkdirSync(dirname(target), { recursive: true });
          this.inspect(rel, checked); // the directories just made are real ones
        }
        const mode = st?.mode ?? opts.modes?.get(rel) ?? 0o644;
        staged.push({ tmp: writeFresh(dirname(target), basename(target), text, mode & 0o777), target });
      }
    } catch (e) {
      for (const s of staged) rmSync(s.tmp, { force: true });
      throw e;
    }
    for (const s of staged) renameSync(s.tmp, s.target);
    for (const d of deletions) rmSync(d, { force: true });
    for (const [rel, mode] of opts.chmod ?? []) if (outputs.get(rel) !== null) chmodSync(this.resolve(rel), mode);
  }
}
