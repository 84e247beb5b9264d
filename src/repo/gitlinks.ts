// The submodule links of an upgrade, decided like files: base is what the templates pinned last time
// (the store), ours the index, theirs the pin now. A link the user moved is kept; one they never
// touched follows the templates.
import { gitlinkAt, isGitRepository, submoduleCheckedOut } from '../io/git.js';

export interface GitlinkFate {
  path: string;
  fate: 'moved' | 'added' | 'removed' | 'kept';
  to: string | undefined;
  note: string;
}

export function planGitlinks(dir: string, stored: Record<string, string> | undefined, wanted: Record<string, string>): GitlinkFate[] {
  if (!isGitRepository(dir)) return [];
  const out: GitlinkFate[] = [];
  for (const path of new Set([...Object.keys(stored ?? {}), ...Object.keys(wanted)])) {
    const base = stored?.[path];
    const ours = gitlinkAt(dir, path);
    const theirs = wanted[path];
    if (ours === theirs) continue;
    const short = (c: string | undefined) => (c ? c.slice(0, 12) : 'none');
    // Without a stored base (a repository from an older version) only a missing link is added.
    const untouched = stored === undefined ? ours === undefined : ours === base;
    if (!untouched) {
      out.push({ path, fate: 'kept', to: ours, note: `kept at ${short(ours)} (you moved it; the templates pin ${short(theirs)})` });
    } else if (theirs === undefined) {
      out.push({ path, fate: 'removed', to: undefined, note: `link removed (no longer used)${submoduleCheckedOut(dir, path) ? `; delete the checkout in ${path}/` : ''}` });
    } else {
      out.push({ path, fate: ours === undefined ? 'added' : 'moved', to: theirs, note: ours === undefined ? `link added at ${short(theirs)} (git submodule update --init ${path})` : `moved ${short(ours)} → ${short(theirs)} (git submodule update ${path})` });
    }
  }
  return out;
}
