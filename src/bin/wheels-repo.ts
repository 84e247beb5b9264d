#!/usr/bin/env node
// The wheels-repo bin. scripts/bundle-commands.mjs makes it dist/src/bin/wheels-repo.cjs, a
// CommonJS file (package.json "bin"): Node 20 starts an ES module entry ~25 M instructions dearer
// (callgrind, issue #15). It picks the script bundle of the command named first (dist/commands/
// <name>.cjs; dist/commands/index.cjs for --help, --version and anything else) and runs its `main`:
// the bundle holds the command, the error boundary and all they import, and runs with V8's code
// cache (io/scripts.ts). Nothing here can fail on the user's input.
import { commandBundle } from '../cli/command-bundle.js';
import { COMMAND_NAMES } from '../cli/command-names.js';
import { endWhenIdle, helpOnly, reportInternalError } from './start.js';

const argv = process.argv.slice(2);
const name = argv[0] !== undefined && COMMAND_NAMES.includes(argv[0]) ? argv[0] : 'index';
// a missing or broken bundle is a bug: the boundary inside the bundle handles everything else
commandBundle<{ main: (argv: readonly string[]) => Promise<void> }>(name, process.env, { partial: helpOnly(argv) })
  .then((bundle) => bundle.main(name === 'index' ? argv : argv.slice(1)))
  .catch(reportInternalError)
  .finally(endWhenIdle);
