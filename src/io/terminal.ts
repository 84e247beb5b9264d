// Whether a file descriptor could be a terminal, told without node:tty: loading node:tty loads net and
// the stream modules (~2 ms on Node 20; issue #15), and most runs write to a pipe, a file or /dev/null.
import { fstatSync, statSync } from 'node:fs';

let devNull: { dev: number; ino: number } | null | undefined;

/**
 * False when `fd` is certainly no terminal: not open, not a character device (only a terminal is
 * one of those), or /dev/null itself (what `> /dev/null` and `stdio: 'ignore'` give). True means
 * "ask node:tty".
 */
export function maybeTerminal(fd: number): boolean {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice()) return false;
  if (devNull === undefined) {
    const n = statSync('/dev/null', { throwIfNoEntry: false });
    devNull = n ? { dev: n.dev, ino: n.ino } : null;
  }
  return !(devNull && st.dev === devNull.dev && st.ino === devNull.ino);
}
