#!/usr/bin/env node
// Only node:module loads before V8's compile cache is on; then `--version` or `--help` alone reads
// package.json (and the option table, for the help) and nothing else: create.ts, which imports the
// generation, the prompts and git, is imported only for a real run.
import module from 'node:module';

// Node >= 22.1 keeps the compiled code of our modules (default directory: the OS temporary one, so a
// global install works); Node 20 has no such function and starts as before.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
const { boundary } = await import('./boundary.js');
await boundary(async () => {
  const only = argv.length === 1 ? argv[0] : undefined;
  if (only === '--version' || only === '-v') {
    const { packageVersion } = await import('../io/package-files.js');
    return process.stdout.write(`${packageVersion()}\n`), 0;
  }
  if (only === '--help' || only === '-h') {
    const [{ packageVersion }, { createHelp }, { wrapHelp }] = await Promise.all([import('../io/package-files.js'), import('../cli/create-args.js'), import('../cli/help-wrap.js')]);
    return process.stdout.write(wrapHelp(createHelp(packageVersion()))), 0;
  }
  const { runCreate } = await import('../cli/create.js');
  return runCreate(argv, {
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(text),
    env: process.env,
    terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  });
});
