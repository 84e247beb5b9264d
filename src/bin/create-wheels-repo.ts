#!/usr/bin/env node
// The create-wheels-repo bin (npm init wheels-repo). scripts/bundle-commands.mjs makes it
// dist/src/bin/create-wheels-repo.cjs, a CommonJS file (package.json "bin"): Node 20 starts an ES
// module entry ~25 M instructions dearer (callgrind, issue #15). `--version` alone is answered here;
// anything else imports create-main.js (the help, or a generation).
import { writeSync } from 'node:fs';
import module from 'node:module';
import { packageVersion } from '../io/package-files.js';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** `text` on stdout in one system call, without setting up process.stdout (a stream: ~12 M instructions). */
function print(text: string): void {
  try {
    writeSync(1, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // the reader went away (`| head -0`): its choice, not an error; a non-blocking pipe that is full: the stream waits
    if (code === 'EAGAIN') process.stdout.write(text);
    else if (code !== 'EPIPE') throw e;
  }
}

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-v') print(`${packageVersion()}\n`);
else {
  import(new URL('create-main.js', import.meta.url).href).catch((e: unknown) => {
    process.stderr.write(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  });
}
