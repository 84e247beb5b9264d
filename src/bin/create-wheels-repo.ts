#!/usr/bin/env node
// The create-wheels-repo bin (npm init wheels-repo). scripts/bundle-commands.mjs makes it
// dist/src/bin/create-wheels-repo.cjs, a CommonJS file (package.json "bin"): Node 20 starts an ES
// module entry ~25 M instructions dearer (callgrind, issue #15). `--version` alone is answered here;
// `--help` alone imports create-main.js, which loads the option table and not the generation;
// anything else runs create-main's `main` from dist/yeoman/lib/create.cjs, the script bundle of the
// whole generation (Yeoman included), with V8's code cache (io/scripts.ts).
import { generationBundle } from '../cli/yeoman.js';
import { packageVersion } from '../io/package-files.js';
import { enableCompileCache } from '../io/scripts.js';
import { endWhenIdle, helpOnly, reportInternalError } from './start.js';
import { writeStdout } from './stdout.js';

type Main = (argv: readonly string[]) => Promise<void>;
const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-v') writeStdout(`${packageVersion()}\n`);
else {
  const main: Promise<Main> = only === '--help' || only === '-h'
    ? (enableCompileCache(), import(new URL('create-main.js', import.meta.url).href).then((m: { main: Main }) => m.main))
    : generationBundle(process.env, { partial: helpOnly(argv) }).then((bundle) => bundle.main);
  // a missing or broken module or bundle is a bug: the boundary in create-main handles everything else
  main.then((run) => run(argv)).catch(reportInternalError).finally(endWhenIdle);
}
