// The one error boundary: user errors, and operating-system errors on a path (EACCES, ENOSPC, ...),
// print a message and a hint (exit 1, or 2 for a usage error; no stack); anything else is a bug and
// prints its stack (exit 70).
import { isUserError } from '../core/errors.js';
import { osError } from '../core/os-errors.js';

export async function boundary(main: () => Promise<number>): Promise<void> {
  // `wheels-repo ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    process.exitCode = await main();
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) {
      // Ctrl-C at a prompt: nothing has been written yet (files are written after the last prompt).
      process.stderr.write('Cancelled; nothing was written.\n');
      process.exitCode = 130;
    } else if (isUserError(e) || osError(e)) {
      const u = isUserError(e) ? e : osError(e);
      process.stderr.write(`error: ${u?.message}\n${u?.hint ? `hint: ${u.hint}\n` : ''}`);
      process.exitCode = u?.exitCode ?? 1;
    } else {
      process.stderr.write(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    }
  }
}
