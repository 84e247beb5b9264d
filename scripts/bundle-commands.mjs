// Build step after tsc: the two bins, and each wheels-repo command with all it runs, one script
// bundle per command under dist/commands.
//
// Why: Node's ES module loader costs about 2 M instructions per module file (resolve, read, link),
// and `wheels-repo bump` loaded 38 of them; bundled it loads none (callgrind, issue #15). Compiling a
// bundle is the next cost, and Node 20 caches compiled code only for scripts: hence script bundles
// (scripts/script-bundle.mjs), which src/io/scripts.ts runs with V8's code cache. An ES module entry
// costs ~25 M instructions more than a CommonJS one on Node 20 (an empty .mjs 110 M, an empty .cjs
// 87 M, without NODE_EXTRA_CA_CERTS): hence CommonJS bins.
//
//  - dist/commands/<name>.cjs: `main` (src/bin/command-main.ts around the command's run function),
//    and the exports of src/cli/<name>.ts (src/cli/wheels-repo.ts loads them in-process, as the
//    tests do). Everything it imports is inside, a copy per bundle: nothing is shared with the bin
//    (errors are told apart by name, core/errors.ts; a module's import.meta.dirname is its own file's).
//    A package a command imports statically (#yaml, #ejs, ...) is bundled from its source; one
//    imported with import() (#octokit, #libsodium, #ci-schemas) stays a file of dist/vendor, loaded
//    only when that code runs (vendorFromSource, scripts/vendor-table.mjs).
//  - dist/commands/index.cjs: `main` around runWheelsRepo: the help, the version, "did you mean".
//  - dist/src/bin/wheels-repo.cjs and create-wheels-repo.cjs (package.json "bin"): the bins,
//    CommonJS, from src/bin/wheels-repo.ts and create-wheels-repo.ts.
// dist/commands/meta.json (not shipped) records each bundle's inputs, for test/build/commands.test.ts.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScript, ownModuleUrls } from './script-bundle.mjs';
import { vendorFromSource } from './vendor-table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/commands');

/** The commands and their run functions, from the table in src/cli/wheels-repo.ts. */
const table = readFileSync(join(root, 'src/cli/wheels-repo.ts'), 'utf8');
const COMMANDS = [...table.matchAll(/command<typeof import\('\.\/([a-z-]+)\.js'\)>\('\1', env\)\)\.(\w+)/g)].map((m) => ({ name: m[1], run: m[2] }));
if (COMMANDS.length === 0) throw new Error("no command<typeof import('./<name>.js')>('<name>', env)).<run> found in src/cli/wheels-repo.ts");

const packages = vendorFromSource(root);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const meta = { commands: {}, index: [] };
const bundle = async (name, contents) => {
  const metafile = await buildScript({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: `${name}-entry.js` },
    outfile: join(outDir, `${name}.cjs`),
    plugins: [packages],
  });
  return Object.keys(metafile.inputs).filter((f) => !f.endsWith('-entry.js')).sort();
};
const MAIN = "import { commandMain } from './dist/src/bin/command-main.js';";
for (const { name, run } of COMMANDS) {
  const cli = `./dist/src/cli/${name}.js`;
  meta.commands[name] = await bundle(name, `${MAIN}\nimport { ${run} } from '${cli}';\nexport * from '${cli}';\nexport const main = (argv) => commandMain(argv, ${run});\n`);
}
meta.index = await bundle('index', `${MAIN}\nimport { runWheelsRepo } from './dist/src/cli/wheels-repo.js';\nexport const main = (argv) => commandMain(argv, runWheelsRepo);\n`);
writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);

// The bins: CommonJS, our modules inside; import.meta.dirname and import.meta.url of each are its own file's.
for (const bin of ['wheels-repo', 'create-wheels-repo']) {
  const outfile = join(root, 'dist/src/bin', `${bin}.cjs`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'dist/src/bin', `${bin}.js`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.17',
    minifyWhitespace: true,
    plugins: [ownModuleUrls(root, outfile, { bin: true })],
    external: ['#*'],
    logLevel: 'warning',
    metafile: true,
  });
  const packagesIn = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('dist/src/'));
  if (packagesIn.length > 0) throw new Error(`${relative(root, outfile)} bundles ${packagesIn.join(', ')}: a bin holds only our modules`);
}
