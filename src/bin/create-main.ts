// create-wheels-repo past its bin (src/bin/create-wheels-repo.ts, which answers --version and calls
// `main`, turning Node's compile cache on first for --help): `--help` alone reads package.json and the option table
// and nothing else; create.ts, which imports the generation, the prompts and git, is imported only for
// a real run. The bin imports this module for --help, and runs it from dist/yeoman/lib/create.cjs,
// the script bundle of the whole generation, for anything else (scripts/bundle.mjs).
import { boundary } from './boundary.js';
import { isTerminal, terminalOutput, writeStdout } from './stdout.js';

/** Runs create-wheels-repo with `argv` (the arguments after the bin) and sets process.exitCode. */
export function main(argv: readonly string[]): Promise<void> {
  // As in command-main.ts: a pipe or a file gets write(2), not process.stdout (setting that stream
  // up, and process.stdin's, loads net and the stream modules: issue #15); a terminal gets the
  // stream, which the prompts share. Only a terminal on both ends is asked anything.
  const stdoutIsTerminal = terminalOutput();
  return boundary(async () => {
    const only = argv.length === 1 ? argv[0] : undefined;
    if (only === '--help' || only === '-h') {
      const [{ packageVersion }, { createHelp }, { wrapHelp }] = await Promise.all([import('../io/package-files.js'), import('../cli/create-args.js'), import('../cli/help-wrap.js')]);
      return writeStdout(wrapHelp(createHelp(packageVersion()))), 0;
    }
    const { runCreate } = await import('../cli/create.js');
    return runCreate(argv, {
      cwd: process.cwd(),
      out: writeStdout,
      env: process.env,
      terminal: stdoutIsTerminal && isTerminal(0),
    });
  });
}
