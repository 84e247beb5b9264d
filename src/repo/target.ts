// What a destination directory holds, for create-wheels-repo: nothing, something else, or a
// repository this tool generated (which a rerun upgrades).
import { RepoFiles } from '../io/repo-files.js';
import { targetKind } from '../io/target.js';
import { isGenerated } from './store.js';

export type TargetState = 'missing' | 'empty' | 'generated' | 'other' | 'file';

export function inspectTarget(dir: string): TargetState {
  const kind = targetKind(dir);
  if (kind !== 'full') return kind;
  return isGenerated(new RepoFiles(dir)) ? 'generated' : 'other';
}
