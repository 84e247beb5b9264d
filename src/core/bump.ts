// Finding and changing BUILD_COMMIT pins in CI files, as text: only the value changes, every other
// byte (indentation, quoting, comments, CRLF, key order) stays. Pure: text in, text out.
// #yaml is the yaml package bundled into one file at build time (scripts/bundle.mjs): bump starts faster.
import { isPair, isScalar, isSeq, parseDocument, visit, type Scalar } from '#yaml';
import { assignmentScope, keyName, keyPath, mappingScope, placeName } from './bump-places.js';
import { readFlatMapping, type FlatEntry } from './flat-yaml.js';

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

/**
 * Where a pin sits in its file, for telling the main pin from a deliberate per-job override.
 *
 * The main pin of a file is the one every job of the file inherits, by format:
 * - GitHub Actions workflow: the workflow-level `env:` (a job's `jobs.<id>.env` is per job);
 * - Travis CI (.travis.yml): `env.global` (or a top-level `env:` string); an item of a top-level
 *   `env:` list, of `env.jobs` / `env.matrix`, and the `env` of a `jobs.include` / `matrix.include`
 *   entry is per job (Travis makes one job of each);
 * - AppVeyor (appveyor.yml): `environment.global`, or a flat `environment:` mapping; an item of
 *   `environment.matrix` is per job;
 * - Azure Pipelines: the top-level `variables:` (mapping or name/value list); variables of a stage,
 *   job or template job are per job.
 * A file with no main pin (every job sets its own, as in numpy-wheels' workflow) has its per-job
 * pins as its main pins: nothing there says which of them is the exception.
 */
export interface PinPlace {
  scope: 'main' | 'job';
  /** the YAML path of the global env or of the job / matrix entry: env.global, jobs.include[3], environment.matrix[0], jobs.build */
  where: string;
  /** a comment of the user's follows the pin on its line (a --resolve note alone is not one) */
  comment: boolean;
}

/** The source range of the YAML node a pin was read from (its scalar, or an Azure {name, value} item), for checking an edit without a reparse. */
export interface PinNode {
  start: number;
  end: number;
}

/** findPins' scan with the place of each pin: places[i] and nodes[i] describe pins[i]. */
export interface LocatedScan extends PinScan {
  places: PinPlace[];
  nodes: PinNode[];
}

export const KEY = 'BUILD_COMMIT';
/** A value that refers to something else is a use, not a pin. */
const NOT_LITERAL = /[$%{}`]/;

/** The 1-based line of `offset`, by indexOf (a loop over every character costs ~3 ms cold in a 17 KB file). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * The BUILD_COMMIT pins of `text` read as a flat mapping (core/flat-yaml.ts, with a header line when
 * `header`), each with its entry, without the yaml package; undefined for any other text, and for one
 * that names BUILD_COMMIT anywhere but as a key (an assignment, an Azure name), which the yaml
 * package's visit decides. locateFlatPins and bump-verify.ts's fragments read them.
 */
export function flatPins(text: string, header: boolean): { header?: string; pins: Array<{ pin: Pin; entry: FlatEntry }> } | undefined {
  const flat = readFlatMapping(text, header);
  if (!flat || flat.entries.some((e) => e.text.includes(KEY))) return undefined;
  const pins: Array<{ pin: Pin; entry: FlatEntry }> = [];
  for (const entry of flat.entries) {
    const pin = entry.key === KEY ? mappingPin(text, entry.type, entry.start, entry.end, lineOf(text, entry.start), entry.text, []) : undefined;
    if (pin) pins.push({ pin, entry });
  }
  return { header: flat.header, pins };
}

/** locatePinsWhole(text, true) for a top-level entry that is a flat mapping (flatPins), or undefined. */
export function locateFlatPins(text: string): LocatedScan | undefined {
  const flat = flatPins(text, true);
  if (!flat) return undefined;
  const scope = mappingScope([flat.header ?? '']);
  const scan: LocatedScan = { pins: [], places: [], nodes: [], unsupported: [] };
  if (!scope) return scan;
  for (const { pin, entry } of flat.pins) {
    scan.pins.push(pin);
    scan.places.push({ scope, where: flat.header ?? '', comment: ownComment(text, pin, entry.comment) });
    scan.nodes.push({ start: entry.start, end: entry.end });
  }
  return scan;
}

/**
 * The pins of the whole text from one parse of it: locatePins' reference. A text that never spells
 * BUILD_COMMIT out is parsed for its errors only (`namesKey`: the file it is part of does).
 */
export function locatePinsWhole(text: string, namesKey = text.includes(KEY)): LocatedScan {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { pins: [], places: [], nodes: [], unsupported: [], error: doc.errors[0]?.message ?? 'not YAML' };
  if (!namesKey) return { pins: [], places: [], nodes: [], unsupported: [] };
  const found: Array<{ pin: Pin; place: PinPlace; node: PinNode }> = [];
  const unsupported: PinScan['unsupported'] = [];
  const add = (node: Scalar, pin: Pin | undefined, scope: PinPlace['scope'], path: readonly unknown[], leaf: unknown, span: { range?: unknown } = node) => {
    if (!pin) return;
    const [start = 0, end = 0] = (span.range ?? []) as number[];
    found.push({ pin, place: { scope, where: placeName(path, leaf, scope), comment: hasOwnComment(text, node, pin) }, node: { start, end } });
  };

  visit(doc, {
    Pair(_k, pair, path) {
      // Mapping form: BUILD_COMMIT: value, in an env-like mapping.
      if (keyName(pair) !== KEY || !isScalar(pair.value)) return;
      const scope = mappingScope(keyPath(path));
      if (!scope) return;
      add(pair.value, addMappingPin(text, pair.value, unsupported), scope, path, pair);
    },
    Map(_k, map, path) {
      // Azure's list form: variables: [{name: BUILD_COMMIT, value: x}]
      const name = map.get('name');
      const value = map.get('value', true);
      if (name !== KEY || !isScalar(value)) return;
      const keys = keyPath(path);
      if (keys[keys.length - 1] !== '#') return;
      const scope = mappingScope(keys.slice(0, -1));
      if (!scope) return;
      add(value, addMappingPin(text, value, unsupported), scope, path, map, map);
    },
    Scalar(_k, scalar, path) {
      // Assignment form: "BUILD_COMMIT=value" as a list item under env/global, or a job's env string.
      if (typeof scalar.value !== 'string' || !/(^|\s)BUILD_COMMIT=/.test(scalar.value)) return;
      const parent = path[path.length - 1];
      const direct = isPair(parent) && parent.value === scalar;
      if (!direct && !isSeq(parent)) return;
      const scope = assignmentScope(keyPath(path));
      if (!scope) return;
      add(scalar, addAssignmentPin(text, scalar, unsupported), scope, path, scalar);
    },
  });
  found.sort((a, b) => a.pin.start - b.pin.start);
  return { pins: found.map((f) => f.pin), places: found.map((f) => f.place), nodes: found.map((f) => f.node), unsupported };
}

/** A --resolve note after a SHA pin: `# v1.0`, or `# v1.0 | the user's own comment`. */
export const RESOLVE_NOTE = /^(\s*)#\s*([A-Za-z0-9._/+-]+)(\s*\|\s*(.*))?$/;

/** A comment after the pin on its line, other than a bare --resolve note (`<sha>  # v1.0`). */
function hasOwnComment(text: string, node: Scalar, pin: Pin): boolean {
  const [, valueEnd = 0, nodeEnd = 0] = node.range ?? [];
  return ownComment(text, pin, node.comment !== undefined || text.slice(valueEnd, nodeEnd).includes('#'));
}

/** hasOwnComment, given whether the pin's scalar has a comment at all. */
function ownComment(text: string, pin: Pin, commented: boolean): boolean {
  if (!commented) return false;
  if (!/^[0-9a-f]{40}$/.test(pin.value)) return true;
  let lineEnd = text.indexOf('\n', pin.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const m = RESOLVE_NOTE.exec(text.slice(pin.end, lineEnd));
  return !(m && m[3] === undefined);
}

export function addMappingPin(text: string, node: Scalar, unsupported: PinScan['unsupported']): Pin | undefined {
  const [start, end] = node.range ?? [0, 0];
  const line = lineOf(text, start);
  // A plain 1.10 is the float 1.1 to YAML but the ref "1.10" to the person who wrote it: read the source.
  const value = node.type === 'PLAIN' ? text.slice(start, end) : String(node.value ?? '');
  return mappingPin(text, node.type, start, end, line, value, unsupported);
}

function mappingPin(text: string, type: Scalar['type'], start: number, end: number, line: number, value: string, unsupported: PinScan['unsupported']): Pin | undefined {
  if (NOT_LITERAL.test(value)) return undefined;
  const style = type === 'QUOTE_DOUBLE' ? 'double' : type === 'QUOTE_SINGLE' ? 'single' : type === 'PLAIN' ? 'plain' : null;
  if (!style) {
    unsupported.push({ line, why: 'BUILD_COMMIT is a block scalar; write it on one line' });
    return undefined;
  }
  if (style === 'double' && text.slice(start, end).includes('\\')) {
    unsupported.push({ line, why: 'BUILD_COMMIT uses escapes in a double-quoted string' });
    return undefined;
  }
  return { line, value, start, end, style, form: 'mapping' };
}

export function addAssignmentPin(text: string, node: Scalar, unsupported: PinScan['unsupported']): Pin | undefined {
  const [start, end] = node.range ?? [0, 0];
  const raw = text.slice(start, end);
  const line = lineOf(text, start);
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || (node.type === 'QUOTE_DOUBLE' && raw.includes('\\'))) {
    unsupported.push({ line, why: 'BUILD_COMMIT=… is inside a block or escaped string' });
    return undefined;
  }
  const m = /(^|[\s"'])BUILD_COMMIT=("([^"\\$`]*)"|'([^']*)'|([^\s"'$`]*))/.exec(raw);
  if (!m || m.index === undefined) return undefined;
  const tokenStart = start + m.index + (m[1] ?? '').length + KEY.length + 1;
  const token = m[2] ?? '';
  const value = m[3] ?? m[4] ?? m[5] ?? '';
  if (NOT_LITERAL.test(value) || value === '') return undefined;
  // A whole-item quote that closes right after a bare value: `- "BUILD_COMMIT=v1"`.
  const style = token.startsWith('"') ? 'double' : token.startsWith("'") ? 'single' : 'plain';
  return { line, value, start: tokenStart, end: tokenStart + token.length, style, form: 'assignment' };
}
