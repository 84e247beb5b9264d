#!/usr/bin/env node
// The create-wheels-repo bin (npm init wheels-repo). scripts/bundle-commands.mjs makes it
// dist/src/bin/create-wheels-repo.cjs, a CommonJS file (package.json "bin"): Node 20 starts an ES
// module entry ~25 M instructions dearer (callgrind, issue #15). `--version` alone is answered here;
// `--help` alone imports create-main.js, which loads the option table and not the generation;
// anything else runs create-main's `main` from dist/yeoman/lib/create.cjs, the script bundle of the
// whole generation (Yeoman included), with V8's code cache (io/scripts.ts).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from '../io/package-files.js';
import { loadScript } from '../io/scripts.js';
import { writeStdout } from './stdout.js';

// Node >= 22.1 keeps the compiled code of the ES modules loaded later (the OS temporary directory).
// Node 20 has no compile cache, and does not even load node:module here (it brings the ES module loader).
if (Number(process.versions.node.split('.')[0]) >= 22) (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

type Main = (argv: readonly string[]) => Promise<void>;
/** dist/src/bin/ → the package root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-v') writeStdout(`${packageVersion()}\n`);
else {
  const main: Promise<Main> = only === '--help' || only === '-h'
    ? import(new URL('create-main.js', import.meta.url).href).then((m: { main: Main }) => m.main)
    : loadScript<{ main: Main }>(join(ROOT, 'dist', 'yeoman', 'lib', 'create.cjs')).then((bundle) => bundle.main);
  main.then((run) => run(argv)).catch((e: unknown) => {
    // a missing or broken module or bundle (the boundary in create-main handles everything else): a bug
    process.stderr.write(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  });
}
