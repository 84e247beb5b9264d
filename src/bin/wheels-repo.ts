#!/usr/bin/env node
// The wheels-repo bin. scripts/bundle-commands.mjs makes it dist/src/bin/wheels-repo.cjs, a
// CommonJS file (package.json "bin"): Node 20 starts an ES module entry ~25 M instructions dearer
// (callgrind, issue #15). It picks the script bundle of the command named first (dist/commands/
// <name>.cjs; dist/commands/index.cjs for --help, --version and anything else) and runs its `main`:
// the bundle holds the command, the error boundary and all they import, and runs with V8's code
// cache (io/scripts.ts). Nothing here can fail on the user's input.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_NAMES } from '../cli/command-names.js';
import { loadScript } from '../io/scripts.js';

// Node >= 22.1 keeps the compiled code of the ES modules loaded later (the OS temporary directory).
// Node 20 has no compile cache, and does not even load node:module here (it brings the ES module loader).
if (Number(process.versions.node.split('.')[0]) >= 22) (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** dist/src/bin/ → the package root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const argv = process.argv.slice(2);
const name = argv[0] !== undefined && COMMAND_NAMES.includes(argv[0]) ? argv[0] : 'index';
loadScript<{ main: (argv: readonly string[]) => Promise<void> }>(join(ROOT, 'dist', 'commands', `${name}.cjs`))
  .then((bundle) => bundle.main(name === 'index' ? argv : argv.slice(1)))
  .catch((e: unknown) => {
    // a missing or broken bundle (the boundary inside it handles everything else): a bug
    process.stderr.write(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  });
