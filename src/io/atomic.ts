// All-or-nothing file updates: every new text goes to a temporary file beside its target first;
// only when all of them are written are they renamed over the targets (keeping each file's mode).
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeAllOrNothing(root: string, outputs: ReadonlyMap<string, string>): void {
  const staged: Array<{ tmp: string; target: string }> = [];
  try {
    for (const [rel, text] of outputs) {
      const target = join(root, rel);
      const tmp = join(dirname(target), `.${basename(target)}.wheels-repo-${process.pid}.tmp`);
      const mode = statSync(target, { throwIfNoEntry: false })?.mode ?? 0o644;
      writeFileSync(tmp, text, { mode: mode & 0o777 });
      staged.push({ tmp, target });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.target);
}
