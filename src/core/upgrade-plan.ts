// Upgrade planning: for every file, what was generated last time (base, from the manifest), what is
// there now (ours) and what the templates give today (theirs) decide its fate. Pure: the three-way
// merge is passed in, and nothing is written here.

export type Fate =
  | 'unchanged' // nothing to do
  | 'updated' // untouched by the user: replaced by the new render
  | 'merged' // edited by the user and changed by the templates: merged cleanly
  | 'conflict' // both changed the same lines: written with conflict markers
  | 'added' // new in the templates
  | 'removed' // dropped from the templates and never edited: deleted
  | 'kept' // dropped from the templates but edited by the user: left alone
  | 'deleted-by-you'; // the user deleted it: stays deleted

export interface FileFate {
  path: string;
  fate: Fate;
  /** the text on disk now (undefined when absent) */
  before: string | undefined;
  /** the text after the upgrade (undefined when absent) */
  after: string | undefined;
  mode: 0o644 | 0o755;
  conflicts?: number;
  /** the mode to set: the templates changed it and the user did not (whatever happens to the text) */
  chmod?: 0o644 | 0o755;
}

export interface MergeResult {
  text: string;
  conflicts: number;
}

export type Merge3 = (base: string, ours: string, theirs: string, path: string) => MergeResult;

export interface PlanInput {
  /** path → text generated last time */
  base: ReadonlyMap<string, string>;
  /** path → text on disk now, for every path of base or theirs that exists */
  ours: ReadonlyMap<string, string>;
  /** path → the new render */
  theirs: ReadonlyMap<string, { content: string; mode: 0o644 | 0o755 }>;
  merge: Merge3;
  /** path → mode generated last time, and mode on disk now (644 or 755, by the owner's x bit) */
  baseModes?: ReadonlyMap<string, 0o644 | 0o755>;
  oursModes?: ReadonlyMap<string, 0o644 | 0o755>;
}

function fateOf(path: string, input: PlanInput): FileFate {
  const base = input.base.get(path);
  const ours = input.ours.get(path);
  const t = input.theirs.get(path);
  const theirs = t?.content;
  const mode = t?.mode ?? 0o644;
  const same = (fate: Fate): FileFate => ({ path, fate, before: ours, after: ours, mode });

  if (theirs === undefined) {
    // Dropped from the templates.
    if (ours === undefined) return same('unchanged');
    if (base !== undefined && ours === base) return { path, fate: 'removed', before: ours, after: undefined, mode };
    return same('kept');
  }
  if (base === undefined) {
    // New in the templates (or not in an old manifest).
    if (ours === undefined) return { path, fate: 'added', before: undefined, after: theirs, mode };
    if (ours === theirs) return same('unchanged');
    const merged = input.merge('', ours, theirs, path);
    return { path, fate: merged.conflicts > 0 ? 'conflict' : 'merged', before: ours, after: merged.text, mode, conflicts: merged.conflicts };
  }
  if (ours === undefined) return { path, fate: 'deleted-by-you', before: undefined, after: undefined, mode };
  if (ours === theirs) return same('unchanged');
  if (ours === base) return { path, fate: 'updated', before: ours, after: theirs, mode };
  if (theirs === base) return same('unchanged'); // only the user changed it
  const merged = input.merge(base, ours, theirs, path);
  if (merged.conflicts === 0 && merged.text === ours) return same('unchanged');
  return { path, fate: merged.conflicts > 0 ? 'conflict' : 'merged', before: ours, after: merged.text, mode, conflicts: merged.conflicts };
}

/** The mode, merged three-way like the text: a mode the user never changed follows the templates. */
function withMode(f: FileFate, input: PlanInput): FileFate {
  if (f.before === undefined || f.after === undefined) return f;
  const base = input.baseModes?.get(f.path);
  const ours = input.oursModes?.get(f.path);
  const theirs = input.theirs.get(f.path)?.mode;
  if (theirs === undefined || base === undefined || ours !== base || theirs === base) return f;
  return { ...f, chmod: theirs };
}

export function planUpgrade(input: PlanInput): FileFate[] {
  const paths = new Set([...input.base.keys(), ...input.theirs.keys()]);
  return [...paths].sort().map((p) => withMode(fateOf(p, input), input));
}

/** Fates that change the disk. */
export function isChange(f: FileFate): boolean {
  return f.before !== f.after || f.chmod !== undefined;
}
