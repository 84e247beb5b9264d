// Reading the commonest home of a pin without the yaml parser: a flat block mapping of one-line
// scalars, such as a generated workflow's `env:`
//
//   env:
//     # a comment
//     BUILD_COMMIT: "v1.2.3"
//     REPO_DIR: project
//
// Why: bump's one YAML parse of such an 8-line entry costs more than all the rest of its planning,
// because the yaml package's lexer, parser and composer run cold in every process (issue #15). This
// reader accepts only a narrow form, line by line, and answers undefined for anything else: the
// caller then parses with the yaml package, so every other form, and every error, is the yaml
// package's. What it accepts it reads as the yaml package does (same keys, values, source ranges
// and comments): test/core/flat-yaml.test.ts compares the two on generated text. Pure.
//
// The form (YAML 1.2.2 block mapping, chapter 8.2.2, of implicit keys and flow scalars, 7.3):
// - optionally a header line `key:` at column 0 (then the entries are its value), with nothing
//   after the colon but blanks and a comment;
// - entry lines `key: value`, all at the same indentation (at least one space under a header): the
//   key an identifier of at most 128 characters that YAML reads as a string (not true, Null, ...);
//   the value a plain scalar of [A-Za-z0-9_./+~=@-] not starting with an indicator, or a one-line
//   double-quoted string without escapes, or a one-line single-quoted string without ''; then
//   blanks and a comment;
// - blank lines (spaces only), and comment lines indented no deeper than the entries (a deeper
//   one after a value belongs to that value in the yaml package, so it is left to it);
// - lines ending in LF or CRLF, or at the text's end (a CR there is content to the yaml package).
// No tabs before content, no BOM, no tags, anchors, aliases, flow collections, block scalars,
// multi-line scalars or document markers: each makes a line that matches none of the above.

export interface FlatEntry {
  key: string;
  /** where the value's source starts and ends, quotes included: the yaml package's Scalar range[0] and range[1] */
  start: number;
  end: number;
  type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  /** the value's source without its quotes: a quoted value's string, a plain value as written */
  text: string;
  /** a comment follows the value on its line */
  comment: boolean;
}

export interface FlatMapping {
  /** the key of the header line, when there is one */
  header?: string;
  entries: FlatEntry[];
}

/** Characters none of these lines may hold anywhere: control characters (tab aside), C1, line and paragraph separators, BOM. */
const BANNED = '\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff';
const COMMENT = `(?:[ \\t]+#[^${BANNED}]*)?[ \\t]*\\r?$`;
const KEY = '[A-Za-z_][A-Za-z0-9_]{0,127}';
const HEADER = new RegExp(`^(${KEY}):${COMMENT}`);
const ENTRY = new RegExp(
  `^( *)(${KEY}):( +)(?:([A-Za-z0-9_./+~][A-Za-z0-9_./+~=@-]*)|"([^"\\\\${BANNED}]*)"|'([^'${BANNED}]*)')(${COMMENT})`,
);
const BLANK = /^ *\r?$/;
/** Keys the yaml package reads as a boolean or null (YAML 1.2 core schema), not as the text written. */
const NOT_A_STRING = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;
const COMMENT_LINE = new RegExp(`^( *)#[^${BANNED}]*\\r?$`);

/** `text` read as a flat mapping (with a header line when `header`), or undefined when it is not one. */
export function readFlatMapping(text: string, header: boolean): FlatMapping | undefined {
  const out: FlatMapping = { entries: [] };
  let depth = -1;
  const comments: number[] = [];
  for (let at = 0, first = true; at < text.length; first = false) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next;
    const line = text.slice(at, end);
    // a CR that no LF follows is content to the yaml package, not a line end
    if (next < 0 && line.endsWith('\r')) return undefined;
    if (first && header) {
      const h = HEADER.exec(line);
      if (!h || NOT_A_STRING.test(h[1] ?? '')) return undefined;
      out.header = h[1];
    } else if (!BLANK.test(line)) {
      const c = COMMENT_LINE.exec(line);
      if (c) comments.push(c[1]?.length ?? 0);
      else {
        const m = ENTRY.exec(line);
        if (!m) return undefined;
        const indent = m[1]?.length ?? 0;
        if (depth < 0) depth = indent;
        if (indent !== depth || (header && indent === 0)) return undefined;
        const [, , key = '', gap = '', plain, double, single, rest = ''] = m;
        if (NOT_A_STRING.test(key)) return undefined;
        const start = at + indent + key.length + 1 + gap.length;
        const source = plain ?? double ?? single ?? '';
        out.entries.push({
          key,
          start,
          end: start + source.length + (plain === undefined ? 2 : 0),
          type: plain !== undefined ? 'PLAIN' : double !== undefined ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE',
          text: source,
          comment: rest.includes('#'),
        });
      }
    }
    at = next < 0 ? text.length : next + 1;
  }
  if (out.entries.length === 0 || comments.some((c) => c > depth)) return undefined;
  return out;
}
