// What the bins print on standard output. A pipe or a file gets each text in write(2) calls, without
// process.stdout: setting that stream up loads net and the stream modules (~12 M instructions on
// Node 20, a tenth of `node -e 0`; issue #15). A terminal gets process.stdout as before, since
// prompts write there too and the order must hold. Either way `wheels-repo ... | head` closing the
// pipe early is the reader's choice, not an error: through write(2) the rest of the output is dropped
// and the command finishes (what it writes to disk is never cut short) with its own status; through
// the stream the process ends with the status it has.
import { writeFully } from '../io/descriptor-stream.js';
import { maybeTerminal } from '../io/terminal.js';

let viaStream = false;
/** the reader of the pipe went away (EPIPE): nothing more is written */
let closed = false;

/** Writes `text` to standard output (see above). */
export function writeStdout(text: string): void {
  if (viaStream) {
    process.stdout.write(text);
    return;
  }
  if (closed) return;
  const left = writeFully(1, text);
  if (left === 'closed') closed = true;
  else if (left) {
    // a non-blocking pipe that is full: the stream waits for it, and takes everything from now on
    useStream();
    process.stdout.write(left);
  }
}

/**
 * Whether `fd` is a terminal, without loading node:tty for a pipe, a file or /dev/null
 * (io/terminal.ts): node:tty loads net and the stream modules, all that write(2) saves.
 */
export function isTerminal(fd: number): boolean {
  return maybeTerminal(fd) && process.getBuiltinModule('node:tty').isatty(fd);
}

/**
 * Whether standard output is a terminal; if it is, output goes through process.stdout from now on
 * (prompts share it). What both bins decide first.
 */
export function terminalOutput(): boolean {
  const terminal = isTerminal(1);
  if (terminal) useStream();
  return terminal;
}

/** From now on, standard output goes through process.stdout (a terminal: prompts share it). */
export function useStream(): void {
  if (viaStream) return;
  viaStream = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
