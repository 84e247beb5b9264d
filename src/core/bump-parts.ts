// Finding the pins of a CI file, parsing only the top-level entries that could hold one (issue #15:
// the parse of a whole workflow was most of a bump's instructions). Pure: text in, pins out.
import { KEY, lineOf, locateFlatPins, locatePinsWhole, type LocatedScan, type PinScan } from './bump.js';

export function findPins(text: string): PinScan {
  const { places: _places, nodes: _nodes, ...scan } = locatePins(text);
  return scan;
}

/**
 * findPins, with where each pin sits (main or per-job, the YAML path, a comment on its line).
 *
 * Only the top-level entries that could hold a pin are parsed (pinParts): a 17 KB workflow whose
 * one pin sits in its 8-line `env:` costs a parse of those 8 lines, not of its `jobs:` (issue #15:
 * the parse was most of a bump's instructions), and a file that never names BUILD_COMMIT is not
 * parsed at all, so a broken part without a pin does not stop a bump (doctor checks whole files).
 * An entry that is a flat mapping (a generated workflow's `env:`) is read without the yaml package
 * (core/flat-yaml.ts), as it reads it.
 * The result equals locatePinsWhole's wherever the file is YAML (a test runs both on the corpus);
 * an entry that does not parse on its own sends the whole file to locatePinsWhole, for its error.
 */
export function locatePins(text: string): LocatedScan {
  const parts = pinParts(text);
  if (parts === undefined) return locatePinsWhole(text);
  const scan: LocatedScan = { pins: [], places: [], nodes: [], unsupported: [] };
  for (const [start, end] of parts) {
    const slice = text.slice(start, end);
    const part = locateFlatPins(slice) ?? locatePinsWhole(slice, true);
    if (part.error) return locatePinsWhole(text);
    const lines = lineOf(text, start) - 1;
    scan.pins.push(...part.pins.map((p) => ({ ...p, line: p.line + lines, start: p.start + start, end: p.end + start })));
    scan.places.push(...part.places);
    scan.nodes.push(...part.nodes.map((n) => ({ start: n.start + start, end: n.end + start })));
    scan.unsupported.push(...part.unsupported.map((u) => ({ ...u, line: u.line + lines })));
  }
  return scan;
}

/**
 * Where BUILD_COMMIT could be a pin in a piece of text: a key (`BUILD_COMMIT:`, quoted, or an
 * explicit `? BUILD_COMMIT` with its `:` on the next line), an assignment (`BUILD_COMMIT=`), or the
 * value of an Azure `name:`. Also any double-quoted escape that could spell those letters (`\x`,
 * `\u`, `\U`) in a file that spells BUILD_COMMIT out elsewhere. (A key split by an escaped line
 * break, `"BUILD_\` + newline + `COMMIT"`, is not found: a shell line continuation would make
 * every script a candidate.) Uses (`$BUILD_COMMIT`, `env.BUILD_COMMIT`, a
 * step named "at BUILD_COMMIT") are none of these.
 */
const PIN_LIKE = /BUILD_COMMIT(?:["']?[ \t]*(?:\r?\n[ \t]*)?:|=)|name["']?[ \t]*:[ \t]*(?:![^ \t]*[ \t]+)?["']?BUILD_COMMIT["']?[ \t]*(?:[\r\n,}\]#]|$)|\\[xuU]/;
/** A line at column 0 that can only begin a top-level key: not blank, a comment, an item, a flow or explicit-key indicator, an anchor, tag, alias or block scalar, a directive, a reserved character, or a document end. */
const TOP_KEY = /^(?![\s#\-?:,[\]{}&*!|>%@`]|\.\.\.)/;
const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |\r?$)/m;
/** The line break before a line that TOP_KEY accepts and that is not blank: its first character begins a top-level key. */
const NEXT_KEY = /\n(?=[^\s#\-?:,[\]{}&*!|>%@`])(?!\.\.\.)/g;

/**
 * The byte ranges [start, end) of the top-level entries of `text` that could hold a pin (PIN_LIKE),
 * or undefined when the file must be parsed whole: it does not start with a top-level key (after
 * comments and blank lines), or it holds merge-conflict markers.
 *
 * Why a line at column 0 that TOP_KEY accepts starts an entry of its own: the root is then a block
 * mapping at indentation 0, and no node inside one of its entries can continue on such a line. Block
 * scalars, plain and quoted multi-line scalars and flow collections under a top-level key must be
 * indented at least one space (YAML 1.2.2, s-l+flow-in-block(n) is at n+1, block scalars at n+m with
 * m ≥ 1), and the yaml package refuses them otherwise (BAD_INDENT, MISSING_CHAR: in the tests). A
 * compact sequence (`- item` at column 0) and every line TOP_KEY refuses stay with the entry above:
 * joining entries is always safe, splitting one is what must never happen.
 */
export function pinParts(text: string): Array<[number, number]> | undefined {
  if (!text.includes(KEY)) return [];
  // the marker's seven characters first: a native search, where the regexp costs ~0.07 ms cold on 17 KB
  if (['<<<<<<<', '=======', '>>>>>>>'].some((m) => text.includes(m)) && CONFLICT_MARKER.test(text)) return undefined;
  // The first line that is not blank or a comment must begin a top-level key.
  let first = 0;
  for (;;) {
    const next = text.indexOf('\n', first);
    const line = text.slice(first, next < 0 ? text.length : next + 1);
    if (line.trim() !== '' && !line.startsWith('#')) break;
    if (next < 0) return [];
    first = next + 1;
  }
  const head = text.slice(first, text.indexOf('\n', first) + 1 || text.length);
  if (!TOP_KEY.test(head) && !(first === 0 && head.charCodeAt(0) === 0xfeff && TOP_KEY.test(head.slice(1)))) return undefined;
  // After it, a line begins a top-level key when its first character does (NEXT_KEY): a line starting
  // with a non-space character is never blank, and the rest of TOP_KEY is in NEXT_KEY. One regexp
  // scan, not a loop over the lines (~0.3 ms cold for a 17 KB workflow, issue #15).
  const starts = [first];
  NEXT_KEY.lastIndex = first;
  for (let m = NEXT_KEY.exec(text); m !== null; m = NEXT_KEY.exec(text)) starts.push(m.index + 1);
  const parts: Array<[number, number]> = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    // every PIN_LIKE spelling holds BUILD_COMMIT or a backslash: an entry without either is not scanned
    const key = text.indexOf(KEY, start);
    const slash = text.indexOf('\\', start);
    if (((key >= 0 && key < end) || (slash >= 0 && slash < end)) && PIN_LIKE.test(text.slice(start, end))) parts.push([start, end]);
  });
  return parts;
}
