// Checking a bump's edit without parsing the whole file a second time. The lines of each changed
// pin's YAML scalar (and the more-indented lines after them, which could continue it) are parsed on
// their own before and after the edit: they must read the same pins, with the changed ones as REF.
// Where those lines do not parse on their own (inside a multi-line flow collection, say), where the
// pin is not found in them, or where they do not read back (a failure, rare), the whole edited file
// is parsed as before, so every refusal and its message are the full parse's. Lines of a flat
// mapping (a generated workflow's `env:`) are read without the yaml package (core/flat-yaml.ts). Pure.
import { isScalar, parseDocument, visit } from '#yaml';
import { addAssignmentPin, addMappingPin, flatPins, type Pin, type PinNode, type PinScan } from './bump.js';
import { locatePins } from './bump-parts.js';
import { applyPins } from './bump-edit.js';

export interface EditCheck {
  ok: boolean;
  /** the full parse's error, when the edited file is not YAML */
  error?: string;
}

/** The pins a fragment holds, read without its context: offset and value, in order. */
function fragmentPins(text: string): Array<{ at: number; value: string }> | undefined {
  return flatFragmentPins(text) ?? parsedFragmentPins(text);
}

/** fragmentPins for lines of a flat mapping (the edited line of a generated workflow's `env:`), without the yaml package: bump.ts flatPins. */
function flatFragmentPins(text: string): Array<{ at: number; value: string }> | undefined {
  return flatPins(text, false)?.pins.map(({ pin }) => ({ at: pin.start, value: pin.value }));
}

function parsedFragmentPins(text: string): Array<{ at: number; value: string }> | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const found: Array<{ at: number; value: string }> = [];
  const unsupported: PinScan['unsupported'] = [];
  const add = (pin: Pin | undefined) => void (pin && found.push({ at: pin.start, value: pin.value }));
  visit(doc, {
    Pair(_k, pair) {
      if (isScalar(pair.key) && String(pair.key.value) === 'BUILD_COMMIT' && isScalar(pair.value)) add(addMappingPin(text, pair.value, unsupported));
    },
    Map(_k, map) {
      const value = map.get('value', true);
      if (map.get('name') === 'BUILD_COMMIT' && isScalar(value)) add(addMappingPin(text, value, unsupported));
    },
    Scalar(_k, scalar) {
      if (typeof scalar.value === 'string' && /(^|\s)BUILD_COMMIT=/.test(scalar.value)) add(addAssignmentPin(text, scalar, unsupported));
    },
  });
  return unsupported.length > 0 ? undefined : found.sort((a, b) => a.at - b.at);
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

const indent = (line: string): number => line.length - line.trimStart().length;

/** Whole lines around a scalar: its own, then any more indented (or blank) ones that follow. */
function region(text: string, node: PinNode): [number, number] {
  const start = text.lastIndexOf('\n', node.start - 1) + 1;
  const depth = indent(text.slice(start, lineEnd(text, start)));
  let end = lineEnd(text, Math.max(node.start, node.end - 1));
  while (end < text.length) {
    const next = lineEnd(text, end + 1);
    const line = text.slice(end + 1, next);
    if (line.trim() !== '' && indent(line) <= depth) break;
    end = next;
  }
  // with its line break: a CRLF file's last `\r` is not part of the value
  return [start, Math.min(end + 1, text.length)];
}

/** The lines of `changing` (with their scalars) as fragments, overlapping ones merged. */
function fragments(text: string, pins: readonly Pin[], nodes: readonly PinNode[], changing: readonly Pin[]): Array<{ start: number; end: number; pins: Pin[] }> | undefined {
  const out: Array<{ start: number; end: number; pins: Pin[] }> = [];
  for (const pin of [...changing].sort((a, b) => a.start - b.start)) {
    const node = nodes[pins.indexOf(pin)];
    if (!node) return undefined;
    const [start, end] = region(text, node);
    const last = out[out.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.pins.push(pin);
    } else out.push({ start, end, pins: [pin] });
  }
  return out;
}

/** The edit of one fragment reads back: the same pins, the changed ones as `ref`; undefined: cannot tell. */
function fragmentReadsBack(before: string, f: { start: number; end: number; pins: Pin[] }, ref: string, note: string | undefined): boolean | undefined {
  const old = before.slice(f.start, f.end);
  const shifted = f.pins.map((p) => ({ ...p, start: p.start - f.start, end: p.end - f.start }));
  const was = fragmentPins(old);
  if (!was || shifted.some((p) => !was.some((w) => w.at === p.start && w.value === p.value))) return undefined;
  const now = fragmentPins(applyPins(old, shifted, ref, note));
  if (!now) return undefined;
  const expected = was.map((w) => (shifted.some((p) => p.start === w.at) ? ref : w.value));
  return now.length === expected.length && now.every((n, i) => n.value === expected[i]);
}

/** Whether the fragments of the changed pins alone show a clean read-back (false: a full parse decides). */
export function readsBackLocally(before: string, pins: readonly Pin[], nodes: readonly PinNode[], changing: readonly Pin[], ref: string, note?: string): boolean {
  const parts = /[\r\n]/.test(ref + (note ?? '')) ? undefined : fragments(before, pins, nodes, changing);
  return parts !== undefined && parts.every((f) => fragmentReadsBack(before, f, ref, note) === true);
}

/**
 * Whether `after` (= applyPins(before, changing, ref, note)) reads back as it must: every changed pin
 * as `ref`, every other pin as it was. `pins` and `nodes` are locatePins(before)'s.
 */
export function checkEdit(before: string, after: string, pins: readonly Pin[], nodes: readonly PinNode[], changing: readonly Pin[], ref: string, note?: string): EditCheck {
  // Only a clean read-back is decided here: every doubt, and every failure, goes to the full parse.
  if (readsBackLocally(before, pins, nodes, changing, ref, note)) return { ok: true };
  const full = locatePins(after);
  if (full.error) return { ok: false, error: full.error };
  const expected = pins.map((p) => (changing.includes(p) ? ref : p.value));
  return full.pins.length === pins.length && full.pins.every((p, i) => p.value === expected[i]) ? { ok: true } : { ok: false };
}
