// A whole-repository bump as a plan: which pins change, the new text of every changed CI file, and
// every problem that forbids writing. Pure: the caller reads the files, adds the stored answer's
// change (src/repo/store.ts) and writes the plan.
import { applyPins, findPins, formatPin, plainIsSafe, type Pin } from './bump.js';

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
}

/** With `ref` undefined only the pins are read (for --check). */
export function planBump(files: readonly SourceFile[], ref: string | undefined, note?: string): BumpPlan {
  const plan: BumpPlan = { changes: [], pins: [], outputs: new Map(), problems: [], warnings: [] };
  for (const file of files) {
    const scan = findPins(file.text);
    if (scan.error) {
      plan.problems.push(`${file.path} is not valid YAML (${scan.error.split('\n')[0]}); fix it first`);
      continue;
    }
    for (const u of scan.unsupported) plan.problems.push(`${file.path}:${u.line}: ${u.why}`);
    for (const pin of scan.pins) plan.pins.push({ path: file.path, pin });
    if (ref === undefined) continue;
    // A pin already at REF still changes when YAML would misread it (a plain 1.10 is the float 1.1).
    const misread = (p: Pin) => p.form === 'mapping' && p.style === 'plain' && !plainIsSafe(ref);
    const changing = scan.pins.filter((p) => p.value !== ref || note !== undefined || misread(p));
    if (changing.length === 0) continue;
    const text = applyPins(file.text, changing, ref, note);
    const after = findPins(text);
    if (after.error) {
      plan.problems.push(`${file.path} would not be valid YAML after the edit (${after.error.split('\n')[0]}); nothing was written`);
      continue;
    }
    if (after.pins.length !== scan.pins.length || after.pins.some((p) => p.value !== ref)) {
      plan.problems.push(`${file.path}: the edit did not read back as ${ref} everywhere; nothing was written`);
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

/** Distinct pinned values, for --check. */
export function pinnedValues(plan: BumpPlan): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const { path, pin } of plan.pins) by.set(pin.value, [...(by.get(pin.value) ?? []), `${path}:${pin.line}`]);
  return by;
}

