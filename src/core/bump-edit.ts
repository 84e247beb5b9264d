// Writing a ref into the pins bump.ts found, as text: the value and its quoting change, and the
// trailing `# ref` note of a --resolve is set, replaced or dropped; every other byte stays. Pure.
import { parse } from '#yaml';
import { RESOLVE_NOTE, type Pin } from './bump.js';

/**
 * A plain scalar that no implicit type of the yaml package's YAML 1.1 and 1.2 schemas reads as
 * anything but a string, told by its first character: every other resolver's pattern (yaml 2.9,
 * dist/schema/core and yaml-1.1: bool, null, int, float, timestamp, merge) starts with a digit, a
 * sign, `.`, `~`, `<`, or one of y Y n N t T f F o O (yes/no/true/false/on/off/null) or e E (its
 * YAML 1.1 float takes `e5`). A bump to v1.2.3 then needs no yaml parse; test/core/bump.test.ts
 * checks it against the yaml package.
 */
const SURELY_STRING = /^[A-DG-MP-SU-XZa-dg-mp-su-xz_/]/;

/** True when `value` written plain in YAML 1.1 and 1.2 reads back as the same string. */
export function plainIsSafe(value: string): boolean {
  if (!/^[A-Za-z0-9._/+-]+$/.test(value) || /^[-.]/.test(value)) return false;
  if (SURELY_STRING.test(value)) return true;
  try {
    return parse(value, { version: '1.1' }) === value && parse(value) === value;
  } catch {
    return false;
  }
}

export function formatPin(pin: Pin, ref: string): string {
  if (pin.style === 'double') return `"${ref}"`;
  if (pin.style === 'single') return `'${ref}'`;
  // Plain mapping values that YAML would read as a number or boolean (1.10, 2e5, on) get quoted.
  if (pin.form === 'mapping' && !plainIsSafe(ref)) return `"${ref}"`;
  return ref;
}

/**
 * Writes `ref` into every pin. With `note` (the human name of a resolved SHA) the pin's line gets a
 * trailing `# note`; a bump without one drops such a note left by an earlier --resolve.
 */
export function applyPins(text: string, pins: readonly Pin[], ref: string, note?: string): string {
  let out = text;
  for (const pin of [...pins].sort((a, b) => b.start - a.start)) {
    let lineEnd = out.indexOf('\n', pin.end);
    if (lineEnd < 0) lineEnd = out.length;
    if (out[lineEnd - 1] === '\r') lineEnd--;
    const rest = out.slice(pin.end, lineEnd);
    // An empty mapping value (`BUILD_COMMIT:` and nothing) needs the space YAML wants after the colon.
    const lead = pin.form === 'mapping' && out[pin.start - 1] === ':' ? ' ' : '';
    out = out.slice(0, pin.start) + lead + formatPin(pin, ref) + annotate(rest, pin, note) + out.slice(lineEnd);
  }
  return out;
}

/** The ref named by a --resolve note on a SHA pin's line (`BUILD_COMMIT: "<sha>"  # v1.0`), if any. */
export function resolveNoteOf(text: string, pin: Pin): string | undefined {
  if (!/^[0-9a-f]{40}$/.test(pin.value)) return undefined;
  let lineEnd = text.indexOf('\n', pin.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const rest = text.slice(pin.end, lineEnd);
  const hash = rest.indexOf('#');
  if (!(hash > 0 && /^\s+$/.test(rest.slice(0, hash)))) return undefined;
  return RESOLVE_NOTE.exec(rest)?.[2];
}

/** The rest of a pin's line, with the --resolve note set, replaced or removed. */
function annotate(rest: string, pin: Pin, note: string | undefined): string {
  const hash = rest.indexOf('#');
  // Only a comment that is the last thing on the line is ours to touch (not `"a" BUILD_COMMIT=x # c`).
  const isComment = hash > 0 && /^\s+$/.test(rest.slice(0, hash));
  const m = isComment ? RESOLVE_NOTE.exec(rest) : null;
  if (note === undefined) {
    // A note from an earlier --resolve names the ref the SHA came from: stale once the SHA changes.
    if (m && /^[0-9a-f]{40}$/.test(pin.value) && m[3] === undefined) return '';
    if (m && /^[0-9a-f]{40}$/.test(pin.value) && m[4] !== undefined) return `${m[1]}# ${m[4]}`;
    return rest;
  }
  if (!isComment) return `${rest.replace(/\s+$/, '')}  # ${note}`;
  if (m) return `${m[1]}# ${note}${m[4] !== undefined ? ` | ${m[4]}` : ''}`;
  return `${rest.slice(0, hash)}# ${note} | ${rest.slice(hash + 1).trim()}`;
}
