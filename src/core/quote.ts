// Quoting for the two languages user values are written into. Free text (commands, requirements)
// goes only into shell files, where these make it reach bash verbatim; YAML gets validated values only.

/** A YAML 1.2 double-quoted scalar (JSON strings are valid ones). */
export function yamlQuote(value: string): string {
  // GitHub evaluates ${{ }} anywhere in a workflow, quoted or not: such text must never get here.
  if (value.includes('${{')) throw new Error(`refusing to write an expression into YAML: ${JSON.stringify(value)}`);
  return JSON.stringify(value);
}

/** A YAML double-quoted scalar for CI systems without an expression engine (Travis, AppVeyor). */
export function yamlQuoteAny(value: string): string {
  return JSON.stringify(value);
}

/** A bash word that expands to exactly `value`, nothing evaluated. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `value` as one shell word: as it is when no shell reads anything special in it, quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}

/** A path as one shell word that no command takes for an option (`-x` becomes `./-x`). */
export function shellPath(path: string): string {
  return shellWord(path.startsWith('-') ? `./${path}` : path);
}

/**
 * A function body holding `text` as commands. One line is indented for reading; several lines are
 * written verbatim, since indenting would change heredocs and multi-line strings.
 */
export function shellBody(text: string): string {
  return text.includes('\n') ? text : `    ${text}`;
}
