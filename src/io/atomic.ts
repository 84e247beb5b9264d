// All-or-nothing file updates: every new text goes to a temporary file beside its target first;
// only when all of them are written are they renamed over the targets (keeping each file's mode),
// and files to delete (null) are deleted last.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeAllOrNothing(root: string, outputs: ReadonlyMap<string, string | null>, modes?: ReadonlyMap<string, number>): void {
  const staged: Array<{ tmp: string; target: string }> = [];
  const deletions: string[] = [];
  try {
    for (const [rel, text] of outputs) {
      const target = join(root, rel);
      if (text === null) {
        deletions.push(target);
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `.${basename(target)}.wheels-repo-${process.pid}.tmp`);
      const mode = statSync(target, { throwIfNoEntry: false })?.mode ?? modes?.get(rel) ?? 0o644;
      writeFileSync(tmp, text, { mode: mode & 0o777 });
      staged.push({ tmp, target });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.target);
  for (const d of deletions) rmSync(d, { force: true });
}
