// What the bins print on standard output. A pipe or a file gets each text in write(2) calls, without
// process.stdout: setting that stream up loads net and the stream modules (~12 M instructions on
// Node 20, a tenth of `node -e 0`; issue #15). A terminal gets process.stdout as before, since
// prompts write there too and the order must hold. Either way `wheels-repo ... | head` closing the
// pipe early is the reader's choice, not an error: through write(2) the rest of the output is dropped
// and the command finishes (what it writes to disk is never cut short) with its own status; through
// the stream the process ends with the status it has.
import { writeSync } from 'node:fs';
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
  let rest = Buffer.from(text, 'utf8');
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(1, rest));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      closed = true;
      return;
    }
    // a non-blocking pipe that is full: the stream waits for it, and takes everything from now on
    if (code !== 'EAGAIN') throw e;
    useStream();
    process.stdout.write(rest);
  }
}

/**
 * Whether `fd` is a terminal, without loading node:tty for a pipe, a file or /dev/null
 * (io/terminal.ts): node:tty loads net and the stream modules, all that write(2) saves.
 */
export function isTerminal(fd: number): boolean {
  return maybeTerminal(fd) && process.getBuiltinModule('node:tty').isatty(fd);
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
