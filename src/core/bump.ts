// Finding and changing BUILD_COMMIT pins in CI files, as text: only the value changes, every other
// byte (indentation, quoting, comments, CRLF, key order) stays. Pure: text in, text out.
// #yaml is the yaml package bundled into one file at build time (scripts/bundle.mjs): bump starts faster.
import { isPair, isScalar, isSeq, parseDocument, parse, visit, type Scalar } from '#yaml';

export interface Pin {
  /** 1-based line of the value */
  line: number;
  /** the pinned ref as CI reads it */
  value: string;
  /** byte offsets in the text of what an edit replaces */
  start: number;
  end: number;
  /** how the replacement is written */
  style: 'plain' | 'double' | 'single';
  form: 'mapping' | 'assignment';
}

export interface PinScan {
  pins: Pin[];
  /** set when the file is not YAML */
  error?: string;
  /** places that look like pins but cannot be edited safely (block scalars, escapes) */
  unsupported: Array<{ line: number; why: string }>;
}

const KEY = 'BUILD_COMMIT';
/** A value that refers to something else is a use, not a pin. */
const NOT_LITERAL = /[$%{}`]/;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function keyName(node: unknown): string | undefined {
  return isPair(node) && isScalar(node.key) ? String(node.key.value) : undefined;
}

/** The keys leading to a node, innermost last ("#" for sequence items). */
function keyPath(path: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const p of path) {
    const k = keyName(p);
    if (k !== undefined) keys.push(k);
    else if (isSeq(p)) keys.push('#');
  }
  return keys;
}

const SCOPES_NEVER = new Set(['steps', 'container', 'services']);

/**
 * Where a `BUILD_COMMIT: value` mapping is a live pin, by the keys leading to its mapping ("#" for a
 * list item): GitHub Actions workflow and job env, Travis env.global, AppVeyor environment (global,
 * matrix items), Azure variables. Step, container and service env are never the pin.
 */
function isPinMapping(keys: readonly string[]): boolean {
  if (keys.some((k) => SCOPES_NEVER.has(k))) return false;
  const p = keys.join('/');
  if (['env', 'env/global', 'environment', 'environment/global', 'environment/matrix/#'].includes(p)) return true;
  if (keys.length === 3 && keys[0] === 'jobs' && keys[1] !== '#' && keys[2] === 'env') return true;
  return keys[keys.length - 1] === 'variables';
}

/** Where a `BUILD_COMMIT=value` string is a live pin: Travis env lists and a job's env. */
function isPinAssignment(keys: readonly string[]): boolean {
  if (keys.some((k) => SCOPES_NEVER.has(k))) return false;
  const k = keys[keys.length - 1] === '#' ? keys.slice(0, -1) : [...keys];
  const p = k.join('/');
  if (['env', 'env/global', 'env/jobs', 'env/matrix'].includes(p)) return true;
  return k.length >= 3 && (k[0] === 'jobs' || k[0] === 'matrix') && k[1] === 'include' && k[k.length - 1] === 'env';
}

export function findPins(text: string): PinScan {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { pins: [], unsupported: [], error: doc.errors[0]?.message ?? 'not YAML' };
  const pins: Pin[] = [];
  const unsupported: PinScan['unsupported'] = [];

  visit(doc, {
    Pair(_k, pair, path) {
      // Mapping form: BUILD_COMMIT: value, in an env-like mapping.
      if (keyName(pair) !== KEY || !isScalar(pair.value)) return;
      if (!isPinMapping(keyPath(path))) return;
      addMappingPin(text, pair.value, pins, unsupported);
    },
    Map(_k, map, path) {
      // Azure's list form: variables: [{name: BUILD_COMMIT, value: x}]
      const name = map.get('name');
      const value = map.get('value', true);
      if (name !== KEY || !isScalar(value)) return;
      const keys = keyPath(path);
      if (keys[keys.length - 1] !== '#' || !isPinMapping(keys.slice(0, -1))) return;
      addMappingPin(text, value, pins, unsupported);
    },
    Scalar(_k, scalar, path) {
      // Assignment form: "BUILD_COMMIT=value" as a list item under env/global, or a job's env string.
      if (typeof scalar.value !== 'string' || !/(^|\s)BUILD_COMMIT=/.test(scalar.value)) return;
      const parent = path[path.length - 1];
      const direct = isPair(parent) && parent.value === scalar;
      if (!direct && !isSeq(parent)) return;
      if (!isPinAssignment(keyPath(path))) return;
      addAssignmentPin(text, scalar, pins, unsupported);
    },
  });
  pins.sort((a, b) => a.start - b.start);
  return { pins, unsupported };
}

function addMappingPin(text: string, node: Scalar, pins: Pin[], unsupported: PinScan['unsupported']): void {
  const [start, end] = node.range ?? [0, 0];
  const line = lineOf(text, start);
  // A plain 1.10 is the float 1.1 to YAML but the ref "1.10" to the person who wrote it: read the source.
  const value = node.type === 'PLAIN' ? text.slice(start, end) : String(node.value ?? '');
  if (NOT_LITERAL.test(value)) return;
  const style = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'PLAIN' ? 'plain' : null;
  if (!style) {
    unsupported.push({ line, why: 'BUILD_COMMIT is a block scalar; write it on one line' });
    return;
  }
  if (style === 'double' && text.slice(start, end).includes('\\')) {
    unsupported.push({ line, why: 'BUILD_COMMIT uses escapes in a double-quoted string' });
    return;
  }
  pins.push({ line, value, start, end, style, form: 'mapping' });
}

function addAssignmentPin(text: string, node: Scalar, pins: Pin[], unsupported: PinScan['unsupported']): void {
  const [start, end] = node.range ?? [0, 0];
  const raw = text.slice(start, end);
  const line = lineOf(text, start);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || (node.type === 'QUOTE_DOUBLE' && raw.includes('\\'))) {
    unsupported.push({ line, why: 'BUILD_COMMIT=… is inside a block or escaped string' });
    return;
  }
  const m = /(^|[\s"'])BUILD_COMMIT=("([^"\\$`]*)"|'([^']*)'|([^\s"'$`]*))/.exec(raw);
  if (!m || m.index === undefined) return;
  const tokenStart = start + m.index + (m[1] ?? '').length + KEY.length + 1;
  const token = m[2] ?? '';
  const value = m[3] ?? m[4] ?? m[5] ?? '';
  if (NOT_LITERAL.test(value) || value === '') return;
  // A whole-item quote that closes right after a bare value: `- "BUILD_COMMIT=v1"`.
  const style = token.startsWith('"') ? 'double' : token.startsWith("'") ? 'single' : 'plain';
  pins.push({ line, value, start: tokenStart, end: tokenStart + token.length, style, form: 'assignment' });
}

/** True when `value` written plain in YAML 1.1 and 1.2 reads back as the same string. */
export function plainIsSafe(value: string): boolean {
  if (!/^[A-Za-z0-9._/+-]+$/.test(value) || /^[-.]/.test(value)) return false;
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

const RESOLVE_NOTE = /^(\s*)#\s*([A-Za-z0-9._/+-]+)(\s*\|\s*(.*))?$/;

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
