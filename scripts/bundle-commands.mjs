// Build step after tsc: each wheels-repo command with the modules only it uses, one script bundle per
// command under dist/commands (<name>.cjs; src/cli/wheels-repo.ts runs it through src/io/scripts.ts,
// which keeps V8's compiled code of it between runs).
//
// Why: Node's ES module loader costs about 2 M instructions per module file (resolve, read, link),
// and `wheels-repo bump` loaded 38 of them; bundled it loads 13 (callgrind, issue #15: bump --check
// 723 M → 667 M instructions, node -e 0 being 505 M). Compiling the bundle was the next cost, and
// Node 20 caches compiled code only for scripts: hence script bundles (scripts/script-bundle.mjs),
// 211 → 163 ms for a bump. The modules the bin loads before it picks a command
// (src/bin/wheels-repo.ts and what it imports statically: the error boundary, core/errors, the help)
// stay shared files, required by the bundle from what the bin loaded, so there is one UserError class
// and one copy of every module both sides use. A package a command imports statically (#yaml, #ejs,
// ...) is inside its bundle, so it is cached too; one imported with import() (#octokit, #libsodium,
// #ci-schemas) stays a file of dist/vendor, loaded only when that code runs.
// dist/commands/meta.json (not shipped) records each bundle's inputs, for test/build/commands.test.ts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScript } from './script-bundle.mjs';
import { staysOutside } from './stays-outside.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/commands');
const bin = join(root, 'dist/src/bin/wheels-repo.js');

/** The command names, from the table in src/cli/wheels-repo.ts (`command<typeof import('./<name>.js')>('<name>', env)`). */
const table = readFileSync(join(root, 'src/cli/wheels-repo.ts'), 'utf8');
const COMMANDS = [...table.matchAll(/command<typeof import\('\.\/([a-z-]+)\.js'\)>\('\1'/g)].map((m) => m[1]);
if (COMMANDS.length === 0) throw new Error("no command<typeof import('./<name>.js')>('<name>', env) found in src/cli/wheels-repo.ts");

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

/** A package imported with import() stays outside (dist/vendor, loaded when that code runs); one imported statically is bundled. */
const lazyPackagesStayOutside = {
  name: 'lazy-packages-stay-outside',
  setup(b) {
    b.onResolve({ filter: /^#/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const meta = { shared: [...shared].map((f) => relative(root, f)).sort(), commands: {} };
for (const name of COMMANDS) {
  const entry = join(root, 'dist/src/cli', `${name}.js`);
  const metafile = await buildScript({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join(outDir, `${name}.cjs`),
    plugins: [lazyPackagesStayOutside, keepShared],
  });
  meta.commands[name] = Object.keys(metafile.inputs).sort();
}
writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
