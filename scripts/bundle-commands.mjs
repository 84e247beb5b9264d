// Build step after tsc: each wheels-repo command with the modules only it uses, one file per command
// under dist/commands (#command/<name> in package.json; src/cli/wheels-repo.ts imports them).
//
// Why: Node's ES module loader costs about 2 M instructions per module file (resolve, read, link),
// and `wheels-repo bump` loaded 38 of them; bundled it loads 13 (callgrind, issue #15: bump --check
// 723 M → 667 M instructions, node -e 0 being 505 M). The modules the bin loads before it picks a
// command (src/bin/wheels-repo.ts and what it imports statically: the error boundary, core/errors,
// the help) stay shared files, imported from the bundle, so there is one UserError class and one
// copy of every module both sides use. A dynamic import inside a command stays lazy: esbuild
// evaluates that part of the bundle when the import runs.
// dist/commands/meta.json (not shipped) records each bundle's inputs, for test/build/commands.test.ts.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staysOutside } from './stays-outside.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/commands');
const bin = join(root, 'dist/src/bin/wheels-repo.js');

/** The command names, from the table in src/cli/wheels-repo.ts (`#command/<name>`). */
const table = readFileSync(join(root, 'src/cli/wheels-repo.ts'), 'utf8');
const COMMANDS = [...table.matchAll(/import\('#command\/([a-z-]+)'\)/g)].map((m) => m[1]);
if (COMMANDS.length === 0) throw new Error('no #command/<name> import found in src/cli/wheels-repo.ts');

/** Relative imports of a built module: static ones, and with `dynamic` the import() calls too. */
function importsOf(file, dynamic) {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.\.?\/[^']+)'/gms)].map((m) => m[1]);
  if (dynamic) found.push(...[...text.matchAll(/\bimport\('(\.\.?\/[^']+)'\)/g)].map((m) => m[1]));
  return found.map((p) => resolve(dirname(file), p));
}

/** What the bin has loaded before any command: the bin's imports (dynamic too) and their static closure. */
const shared = new Set();
const queue = [bin, ...importsOf(bin, true)];
while (queue.length > 0) {
  const file = queue.pop();
  if (shared.has(file)) continue;
  shared.add(file);
  queue.push(...importsOf(file, false));
}

const keepShared = staysOutside('keep-shared', outDir, (target) => shared.has(target));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const meta = { shared: [...shared].map((f) => relative(root, f)).sort(), commands: {} };
for (const name of COMMANDS) {
  const entry = join(root, 'dist/src/cli', `${name}.js`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join(outDir, `${name}.js`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.17',
    minifyWhitespace: true,
    external: ['#*'],
    plugins: [keepShared],
    metafile: true,
    logLevel: 'warning',
  });
  meta.commands[name] = Object.keys(result.metafile.inputs).sort();
}
writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
