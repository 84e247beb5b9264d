// An upgrade of a generated repository: the new render (with the stored answers, changes applied)
// against what was generated last time and what is on disk now, file by file (src/core/upgrade-plan.ts),
// and the submodule links; then the write, all through the repository guard.
import { findPins } from '../core/bump-parts.js';
import { applyPins, resolveNoteOf } from '../core/bump-edit.js';
import { buildManifest } from '../core/manifest.js';
import type { RenderedFile } from '../core/render.js';
import { isChange, planUpgrade, type FileFate } from '../core/upgrade-plan.js';
import { commitWithGitlinks, setGitlink, statusOf } from '../io/git.js';
import { mergeWithGit } from '../io/merge.js';
import type { Mode } from '../io/repo-files.js';
import { generateFiles } from './generation.js';
import { planGitlinks, type GitlinkFate } from './gitlinks.js';
import { manifestBases, STORE_FILE, storeText } from './store.js';
import type { WheelsRepo } from './wheels-repo.js';

export interface UpgradePlan {
  repo: WheelsRepo;
  /** every file's fate, unchanged ones included */
  fates: FileFate[];
  /** the fates that change the disk */
  changes: FileFate[];
  links: GitlinkFate[];
  /** the new .yo-rc.json, and whether it differs from the current one */
  rcText: string;
  rcChanges: boolean;
  /** every path the upgrade may touch (for the uncommitted-changes check) */
  managed: string[];
}

/** Every line ends with CRLF (and there is at least one line end). */
function isCrlf(text: string): boolean {
  const lf = text.split('\n').length - 1;
  return lf > 0 && text.split('\r\n').length - 1 === lf;
}

/**
 * `wheels-repo bump --resolve` pins a SHA with the ref's name in a trailing comment; the templates
 * know only the SHA. Where a pin of the current file carries such a note for the stored ref, the new
 * render gets the same note, so the upgrade neither drops it nor conflicts over it.
 */
function keepResolveNotes(files: RenderedFile[], ours: ReadonlyMap<string, string>, pinFiles: readonly string[], ref: string): RenderedFile[] {
  return files.map((f) => {
    const current = ours.get(f.path);
    if (current === undefined || !pinFiles.includes(f.path)) return f;
    const note = findPins(current).pins.filter((p) => p.value === ref).map((p) => resolveNoteOf(current, p)).find((n) => n !== undefined);
    if (note === undefined) return f;
    const pinsNow = findPins(f.content).pins;
    return pinsNow.length ? { ...f, content: applyPins(f.content, pinsNow, ref, note) } : f;
  });
}

export function planRepoUpgrade(repo: WheelsRepo): UpgradePlan {
  const { answers, files, layout, store } = repo;
  const base = manifestBases(store);
  const fresh = generateFiles(answers);
  const ours = new Map<string, string>();
  const crlf = new Map<string, string>();
  const oursModes = new Map<string, Mode>();
  for (const path of new Set([...base.keys(), ...fresh.files.map((f) => f.path)])) {
    const text = files.read(path);
    if (text === undefined) continue;
    // A work tree with CRLF line ends (core.autocrlf on Windows) is compared and merged as LF, and
    // written back with CRLF: line ends alone are not an edit.
    if (isCrlf(text) && !(base.get(path) ?? '').includes('\r')) {
      crlf.set(path, text);
      ours.set(path, text.replace(/\r\n/g, '\n'));
    } else {
      ours.set(path, text);
    }
    oursModes.set(path, files.mode(path) as Mode);
  }
  const pinFiles = layout.pinFiles(answers);
  const rendered = keepResolveNotes(fresh.files, ours, pinFiles, answers.buildCommit);
  const stored = { ...fresh.stored, manifest: buildManifest(rendered) };
  const theirs = new Map(rendered.map((f) => [f.path, { content: f.content, mode: f.mode }]));
  const baseModes = new Map(store.manifest.map((e) => [e.path, e.mode === '755' ? (0o755 as const) : (0o644 as const)]));
  const fates = planUpgrade({ base, ours, theirs, merge: mergeWithGit, baseModes, oursModes }).map((f) => {
    const original = crlf.get(f.path);
    return original === undefined ? f : { ...f, before: original, after: f.after?.replace(/\n/g, '\r\n') };
  });
  const rcText = storeText(store.rc, stored);
  return {
    repo, fates, changes: fates.filter(isChange),
    links: planGitlinks(repo.dir, store.gitlinks, stored.gitlinks ?? {}),
    rcText, rcChanges: rcText !== store.text,
    managed: [...new Set([...base.keys(), ...theirs.keys(), STORE_FILE])],
  };
}

export function isUpToDate(plan: UpgradePlan): boolean {
  return plan.changes.length === 0 && !plan.rcChanges && plan.links.every((l) => l.fate === 'kept');
}

/** Uncommitted changes to the files the upgrade manages; undefined outside git. */
export function dirtyFiles(plan: UpgradePlan): string[] | undefined {
  return statusOf(plan.repo.dir, plan.managed);
}

/** Writes the plan: every changed file and .yo-rc.json at once, then modes and submodule links. */
export function applyUpgrade(plan: UpgradePlan): string[] {
  const outputs = new Map<string, string | null>();
  for (const f of plan.changes) outputs.set(f.path, f.after ?? null);
  outputs.set(STORE_FILE, plan.rcText);
  const chmod = new Map(plan.changes.filter((f) => f.chmod !== undefined).map((f) => [f.path, f.chmod as Mode]));
  plan.repo.files.writeAll(outputs, { modes: new Map(plan.changes.map((f) => [f.path, f.mode])), chmod });
  for (const l of plan.links) if (l.fate !== 'kept') setGitlink(plan.repo.dir, l.path, l.to);
  return [...outputs.keys()];
}

export function commitUpgrade(plan: UpgradePlan, paths: readonly string[], message: string): string {
  const links = plan.links.filter((l) => l.fate !== 'kept').map((l) => ({ path: l.path, commit: l.to }));
  return commitWithGitlinks(plan.repo.dir, paths, links, message);
}
