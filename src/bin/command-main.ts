// What runs a wheels-repo command in the bin's process: the terminal, stdin and stdout as the
// command's IO, every command printed spelled the way this run was started, inside the one error
// boundary. Each script bundle under dist/commands exports `main` built on it
// (scripts/bundle-commands.mjs), so a command's bundle holds all it runs.
import { invocation, respell } from '../cli/invocation.js';
import type { CommandIO } from '../io/command-io.js';
import { boundary } from './boundary.js';
import { isTerminal, terminalOutput, writeStdout } from './stdout.js';

export type Command = (argv: readonly string[], io: CommandIO) => Promise<number>;

/** Runs `command` with `argv` (what follows the command's name) and sets process.exitCode. */
export function commandMain(argv: readonly string[], command: Command): Promise<void> {
  // Every command printed (hints, Next: lines, errors) is spelled the way this run was started.
  const run = invocation();
  const spell = (text: string) => respell(text, run);
  // not process.stdin/stdout.isTTY: reading those sets up the streams (src/bin/stdout.ts); stdin is
  // looked at only when it matters (a terminal on stdout, or a command that asks), since a character
  // device other than /dev/null is told from a terminal only by node:tty
  const stdoutIsTerminal = terminalOutput();
  let stdin: boolean | undefined;
  const stdinIsTerminal = () => (stdin ??= isTerminal(0));
  return boundary(
    () =>
      command(argv, {
        cwd: process.cwd(),
        out: (text) => writeStdout(spell(text)),
        env: process.env,
        terminal: stdoutIsTerminal && stdinIsTerminal(),
        get stdinIsTerminal() {
          return stdinIsTerminal();
        },
        readStdin: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      }),
    spell,
  );
}
