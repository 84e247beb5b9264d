// .yo-rc.json, the stored answers, manifest and gitlinks of a generated repository: the only module
// that reads or writes it. What it reads is untrusted (a pull request can change it): the JSON is
// checked for shape here, migrated to this version's schema, and every manifest and gitlink path is
// checked against what the repository's layout can generate before anything uses it.
import { UserError } from '../core/errors.js';
import { manifestEntryKeys, recoverBase, SCHEMA_VERSION, type StoredManifestEntry, type StoredState } from '../core/manifest.js';
import { migrateAnswers } from '../core/migrations.js';
import { pathProblem, type RepoFiles } from '../io/repo-files.js';

export const STORE_FILE = '.yo-rc.json';
/** The key of this generator's entry in .yo-rc.json (Yeoman's convention: one key per generator). */
export const STORE_KEY = 'create-wheels-repo';

export interface Store {
  /** the whole file, other generators' entries included (kept on rewrite) */
  rc: Record<string, unknown>;
  text: string;
  /** the stored answers, migrated to this version's schema, not yet validated */
  answers: Record<string, unknown>;
  /** descriptions of the migrations applied */
  migrations: string[];
  /** as stored: the text itself, or (schemas 1-3) its gzip and hash; manifestBases gives the texts */
  manifest: StoredManifestEntry[];
  gitlinks: Record<string, string> | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(what: string): never {
  throw new UserError(`${STORE_FILE} ${what}.`, `Restore it from git (git checkout ${STORE_FILE}); nothing was changed.`);
}

function entryOf(rc: Record<string, unknown>): Record<string, unknown> | undefined {
  const entry = rc[STORE_KEY];
  return isObject(entry) ? entry : undefined;
}

function parse(text: string): Record<string, unknown> {
  let rc: unknown;
  try {
    rc = JSON.parse(text);
  } catch (e) {
    invalid(`is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(rc)) invalid('is not a JSON object');
  return rc;
}

/** Whether `files` holds a repository this tool generated (a .yo-rc.json with our entry). */
export function isGenerated(files: RepoFiles): boolean {
  try {
    const text = files.read(STORE_FILE);
    // the same test as readStore: our entry with its answers (an entry without them is not ours to upgrade)
    const entry = text === undefined ? undefined : entryOf(JSON.parse(text) as Record<string, unknown>);
    return entry !== undefined && isObject(entry.answers);
  } catch {
    return false;
  }
}

/** The store of `files`, or undefined when it has no .yo-rc.json with our entry (a hand-made repository). */
export function readStore(files: RepoFiles): Store | undefined {
  const text = files.read(STORE_FILE);
  if (text === undefined) return undefined;
  const rc = parse(text);
  const entry = entryOf(rc);
  if (!entry || !isObject(entry.answers)) return undefined;
  const { answers, applied } = migrateAnswers(entry.schemaVersion, entry.answers, STORE_FILE);
  const manifest = entry.manifest ?? [];
  const keys = manifestEntryKeys(entry.schemaVersion);
  if (!Array.isArray(manifest) || !manifest.every((m) => isObject(m) && keys.every((k) => typeof m[k] === 'string'))) {
    invalid(`has a manifest that is not a list of {${keys.join(', ')}}`);
  }
  const gitlinks = entry.gitlinks;
  if (gitlinks !== undefined && !(isObject(gitlinks) && Object.values(gitlinks).every((c) => typeof c === 'string' && /^[0-9a-f]{40}$/.test(c)))) {
    invalid('has gitlinks that are not path → 40-hex commit');
  }
  return { rc, text, answers, migrations: applied, manifest: manifest as StoredManifestEntry[], gitlinks: gitlinks as Record<string, string> | undefined };
}

const outputPatterns = new Map<string, RegExp>();

/** A layout's output pattern as a regular expression (`*` stays within one directory), made once. */
function outputPattern(o: string): RegExp {
  let re = outputPatterns.get(o);
  if (re === undefined) outputPatterns.set(o, (re = new RegExp(`^${o.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)));
  return re;
}

/** Whether `path` matches one of a layout's output patterns. */
function inOutputs(path: string, outputs: readonly string[]): boolean {
  return outputs.some((o) => outputPattern(o).test(path));
}

/**
 * Refuses a manifest or gitlink path that is not one the layout can generate: absolute, with "..",
 * inside .git, the store itself, or outside the layout's output patterns.
 */
type LayoutPaths = { id: string; outputs: readonly string[]; gitlinkPaths: readonly string[] };

export function checkStoredPaths(store: Store, layouts: LayoutPaths | readonly LayoutPaths[]): void {
  const all = Array.isArray(layouts) ? layouts as readonly LayoutPaths[] : [layouts as LayoutPaths];
  const names = all.map((l) => l.id).join(' or ');
  const noun = all.length === 1 ? 'layout' : 'layouts';
  for (const { path } of store.manifest) {
    const why = pathProblem(path) ?? (path === STORE_FILE || !all.some((l) => inOutputs(path, l.outputs)) ? `is not a file the ${names} ${noun} generate${all.length === 1 ? 's' : ''}` : null);
    if (why) invalid(`lists ${JSON.stringify(path)} among the generated files, which ${why}`);
  }
  for (const path of Object.keys(store.gitlinks ?? {})) {
    if (!all.some((l) => l.gitlinkPaths.includes(path))) invalid(`pins a submodule at ${JSON.stringify(path)}, which is not one the ${names} ${noun} use${all.length === 1 ? 's' : ''}`);
  }
}

/** The manifest as path → the exact text generated last time (the base of a three-way merge). */
export function manifestBases(store: Store): Map<string, string> {
  return new Map(store.manifest.map((e) => {
    try {
      return [e.path, recoverBase(e)];
    } catch (err) {
      return invalid(`has a corrupt manifest entry: ${(err as Error).message}`);
    }
  }));
}

/** The whole file with our entry set to `entry`, other keys kept. */
export function storeText(rc: Record<string, unknown>, entry: StoredState): string {
  return `${JSON.stringify({ ...rc, [STORE_KEY]: entry }, null, 2)}\n`;
}

/** A new store entry for a generation by this version. */
export function storeEntry(entry: Omit<StoredState, 'schemaVersion'>): StoredState {
  return { schemaVersion: SCHEMA_VERSION, ...entry };
}

/**
 * .yo-rc.json with answers.buildCommit set to `ref`, changing only that value's text (so a bump
 * keeps the upgrade's base), with the old value and its line; undefined when nothing is stored.
 * `rc`: the text as JSON, when the caller has it already (a Store's rc).
 */
export function withBuildCommit(text: string, ref: string, rc: Record<string, unknown> = parse(text)): { text: string; old: string; line: number } | undefined {
  const answers = entryOf(rc)?.answers;
  if (!isObject(answers) || typeof answers.buildCommit !== 'string') return undefined;
  const m = /("buildCommit"\s*:\s*)"(?:[^"\\]|\\.)*"/.exec(text);
  if (!m) invalid('has no "buildCommit" answer to update');
  const old = answers.buildCommit;
  const line = text.slice(0, m.index).split('\n').length;
  if (old === ref) return { text, old, line };
  // In JSON the match can only be a key and its string value, so the edit changed exactly one value
  // and no other byte: it was our answer when our answer now reads `ref` (a first duplicate key, or
  // another entry's "buildCommit", leaves ours as it was). No re-serialization of the whole file:
  // with the manifest's texts in it (schema 4) that cost a bump ~1.4 ms, half of it GC (issue #15).
  const out = text.slice(0, m.index) + m[1] + JSON.stringify(ref) + text.slice(m.index + m[0].length);
  const now = entryOf(parse(out))?.answers;
  if (!isObject(now) || now.buildCommit !== ref) invalid('holds more than one "buildCommit"; edit it by hand');
  return { text: out, old, line };
}
