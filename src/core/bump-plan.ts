// A whole-repository bump as a plan: which pins change, the new text of every changed file, and
// every problem that forbids writing. Pure: the caller reads the files and writes the plan.
import { STORE_KEY } from './manifest.js';
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
export function planBump(files: readonly SourceFile[], ref: string | undefined, yoRc?: SourceFile, note?: string): BumpPlan {
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
  if (ref !== undefined && yoRc && plan.pins.length > 0) {
    const edited = bumpYoRc(yoRc.text, ref);
    if (typeof edited === 'object') plan.problems.push(`${yoRc.path}: ${edited.error}`);
    else if (edited !== yoRc.text) {
      plan.outputs.set(yoRc.path, edited);
      const old = (JSON.parse(yoRc.text) as Record<string, { answers: { buildCommit: string } }>)[STORE_KEY]?.answers.buildCommit ?? '';
      plan.changes.push({ path: yoRc.path, line: lineOfKey(yoRc.text), old, new: ref });
    }
  }
  return plan;
}

function lineOfKey(text: string): number {
  const i = text.search(/"buildCommit"\s*:/);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}

/** Sets answers.buildCommit in .yo-rc.json, changing only that value's text. Unchanged text when not ours. */
export function bumpYoRc(text: string, ref: string): string | { error: string } {
  let data: Record<string, { answers?: { buildCommit?: unknown } }>;
  try {
    data = JSON.parse(text) as typeof data;
  } catch (e) {
    return { error: `is not valid JSON (${(e as Error).message})` };
  }
  const answers = data[STORE_KEY]?.answers;
  if (!answers || typeof answers.buildCommit !== 'string') return text;
  const m = /("buildCommit"\s*:\s*)"(?:[^"\\]|\\.)*"/.exec(text);
  if (!m) return { error: 'has no "buildCommit" answer to update' };
  const out = text.slice(0, m.index) + m[1] + JSON.stringify(ref) + text.slice(m.index + m[0].length);
  const check = JSON.parse(out) as typeof data;
  answers.buildCommit = ref;
  if (JSON.stringify(check) !== JSON.stringify(data)) return { error: 'holds more than one "buildCommit"; edit it by hand' };
  return out;
}

/** Distinct pinned values, for --check. */
export function pinnedValues(plan: BumpPlan): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const { path, pin } of plan.pins) by.set(pin.value, [...(by.get(pin.value) ?? []), `${path}:${pin.line}`]);
  return by;
}

