// A whole-repository bump as a plan: which pins change, the new text of every changed CI file, and
// every problem that forbids writing. Pure: the caller reads the files, adds the stored answer's
// change (src/repo/store.ts) and writes the plan.
import { type Pin, type PinNode, type PinPlace } from './bump.js';
import { locatePins } from './bump-parts.js';
import { applyPins, formatPin, plainIsSafe } from './bump-edit.js';
import { checkEdit } from './bump-verify.js';
import { shellWord } from './quote.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Change {
  path: string;
  line: number;
  old: string;
  new: string;
}

/** A pin that differs from the main BUILD_COMMIT on purpose (see mainValues). */
export interface Override {
  path: string;
  line: number;
  /** the YAML path of its job or matrix entry, or of the global env (core/bump.ts PinPlace) */
  where: string;
  value: string;
  /** 'job': a per-job pin in a file whose global env pins another ref; 'comment': a comment on its line says why */
  why: 'job' | 'comment';
}

export interface BumpPlan {
  changes: Change[];
  /** every pin found, by file, before the bump */
  pins: Array<{ path: string; pin: Pin }>;
  /** new text of each file that changes */
  outputs: Map<string, string>;
  /** reasons nothing may be written */
  problems: string[];
  /** notes that do not stop the bump */
  warnings: string[];
  /** the distinct values of the main pins, before the bump: one when they agree, more when they disagree */
  mainValues: string[];
  /** the pins that differ from the main pins on purpose; a bump leaves them alone unless `all` */
  overrides: Override[];
}

export interface BumpOptions {
  /** rewrite the deliberate overrides too */
  all?: boolean;
}

/** A path as a shell word: as it is when it needs no quoting, else single-quoted. */
interface Located {
  path: string;
  pin: Pin;
  place: PinPlace;
}

/**
 * Which pins are the main BUILD_COMMIT and which differ from it on purpose. The main pins are the
 * global ones of each file (core/bump.ts PinPlace says which, per format), or all the pins of a file
 * that has no global one. Their value is the main BUILD_COMMIT; when some main pins carry a comment
 * and others do not, the plain ones decide it. An override is then a pin whose value is none of the
 * main values: a per-job pin in a file with a global pin, or a pin whose line carries a comment.
 * More than one main value means the pins disagree: a real inconsistency, not an override.
 */
function classify(located: readonly Located[]): { mainValues: string[]; overrides: Override[]; pins: Set<Pin> } {
  const withGlobal = new Set(located.filter((l) => l.place.scope === 'main').map((l) => l.path));
  const main = located.filter((l) => l.place.scope === 'main' || !withGlobal.has(l.path));
  const plain = main.filter((l) => !l.place.comment);
  const mainValues = [...new Set((plain.length > 0 ? plain : main).map((l) => l.pin.value))];
  const differing = located.filter((l) => !mainValues.includes(l.pin.value));
  const overrides = differing.map((l): Override => ({
    path: l.path, line: l.pin.line, where: l.place.where, value: l.pin.value,
    why: l.place.scope === 'job' && withGlobal.has(l.path) ? 'job' : 'comment',
  }));
  return { mainValues, overrides, pins: new Set(differing.map((l) => l.pin)) };
}

/**
 * With `ref` undefined only the pins are read (for --check). `note`: the human name of a resolved
 * SHA, written after each changed pin. The overrides keep their value unless `opts.all`.
 */
export function planBump(files: readonly SourceFile[], ref: string | undefined, note?: string, opts: BumpOptions = {}): BumpPlan {
  const plan: BumpPlan = { changes: [], pins: [], outputs: new Map(), problems: [], warnings: [], mainValues: [], overrides: [] };
  const scans: Array<{ file: SourceFile; pins: Pin[]; nodes: PinNode[] }> = [];
  const located: Located[] = [];
  for (const file of files) {
    const scan = locatePins(file.text);
    if (scan.error) {
      plan.problems.push(`${shellWord(file.path)} is not valid YAML (${scan.error.split('\n')[0]}); fix it first`);
      continue;
    }
    for (const u of scan.unsupported) plan.problems.push(`${shellWord(file.path)}:${u.line}: ${u.why}`);
    scan.pins.forEach((pin, i) => {
      plan.pins.push({ path: file.path, pin });
      located.push({ path: file.path, pin, place: scan.places[i] as PinPlace });
    });
    scans.push({ file, pins: scan.pins, nodes: scan.nodes });
  }
  const { mainValues, overrides, pins: overridden } = classify(located);
  plan.mainValues = mainValues;
  plan.overrides = overrides;
  if (ref === undefined) return plan;
  const kept = (p: Pin) => opts.all !== true && overridden.has(p);

  for (const { file, pins, nodes } of scans) {
    // A pin already at REF still changes when YAML would misread it (a plain 1.10 is the float 1.1).
    const misread = (p: Pin) => p.form === 'mapping' && p.style === 'plain' && !plainIsSafe(ref);
    const changing: Pin[] = pins.filter((p) => !kept(p) && (p.value !== ref || note !== undefined || misread(p)));
    if (changing.length === 0) continue;
    const text = applyPins(file.text, changing, ref, note);
    // Every changed pin reads back as REF, every other one as it was (core/bump-verify.ts).
    const after = checkEdit(file.text, text, pins, nodes, changing, ref, note);
    if (after.error) {
      plan.problems.push(`${shellWord(file.path)} would not be valid YAML after the edit (${after.error.split('\n')[0]}); nothing was written`);
      continue;
    }
    if (!after.ok) {
      plan.problems.push(`${shellWord(file.path)}: the edit did not read back as ${ref} everywhere; nothing was written`);
      continue;
    }
    plan.outputs.set(file.path, text);
    for (const p of changing) {
      if (p.value !== ref) plan.changes.push({ path: file.path, line: p.line, old: p.value, new: ref });
      else if (misread(p)) plan.changes.push({ path: file.path, line: p.line, old: p.value, new: formatPin(p, ref) });
    }
    if (text === file.text) plan.outputs.delete(file.path);
  }
  return plan;
}

/** Each distinct pinned value and where it is (`path:line`, the path as one shell word): bump --check and doctor. */
export function pinnedValues(plan: BumpPlan): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const { path, pin } of plan.pins) by.set(pin.value, [...(by.get(pin.value) ?? []), `${shellWord(path)}:${pin.line}`]);
  return by;
}
