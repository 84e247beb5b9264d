// The one error boundary: user errors, and operating-system errors on a path (EACCES, ENOSPC, ...),
// print a message and a hint (exit 1, or 2 for a usage error; no stack); anything else is a bug and
// prints its stack (exit 70). Ctrl-C at a prompt exits 130 with what the command says exists.
import { isUserError } from '../core/errors.js';
import { osError } from '../core/os-errors.js';
import { isCancelled, isPromptCancel } from '../io/prompt.js';
import { reportInternalError } from './start.js';

/** `spell` rewrites what is printed (the wheels-repo bin spells commands as it was started). */
export async function boundary(main: () => Promise<number>, spell: (text: string) => string = (t) => t): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (e) {
    if (isCancelled(e)) {
      // the command said what exists now (create-wheels-repo: nothing, or the repository it wrote)
      process.stderr.write(spell(`${e.message}\n`));
      process.exitCode = 130;
    } else if (isPromptCancel(e)) {
      // Ctrl-C at a prompt of a command that did not say what exists: only the command knows whether
      // something was written before its prompt, so nothing is claimed here.
      process.stderr.write('Cancelled.\n');
      process.exitCode = 130;
    } else if (isUserError(e) || osError(e)) {
      const u = isUserError(e) ? e : osError(e);
      process.stderr.write(spell(`error: ${u?.message}\n${u?.hint ? `hint: ${u.hint}\n` : ''}`));
      process.exitCode = u?.exitCode ?? 1;
    } else {
      reportInternalError(e);
    }
  }
}
