// Build step after tsc: the whole generation for create-wheels-repo, yaml for the day-2 commands, the
// CI schemas' validators for doctor, and every other package the bins load at run time (dist/vendor),
// so the published package has no dependencies; then the licences of what was bundled.
// The generation (src/bin/create-main.ts, create.ts and all they import) with Yeoman
// (yeoman-environment, yeoman-generator and what they import: ~3,400 ES modules) and the generator
// class go into one script bundle, dist/yeoman/lib/create.cjs, which the bin runs with V8's code
// cache (scripts/script-bundle.mjs, src/io/scripts.ts): one file instead of ~40 ES modules of ours,
// which Node 20 loads one by one and does not cache, and Yeoman's, which it would resolve one by one.
// Yeoman and the generator are evaluated only when a generation reaches them (`runBundled`). What a
// generation never calls is left out or loaded late: scripts/yeoman-parts.mjs lists it, and why.
//
// Layout: dist/yeoman/lib/create.cjs beside dist/yeoman/package.json, because yeoman-environment
// reads its name and version from the package.json one directory above its code. The inputs and
// their bytes go to dist/bundle-meta/create.json (not shipped) for test/build/bundle.test.ts.
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCompiledTemplates } from './compile-templates.mjs';
import { buildScript } from './script-bundle.mjs';
import { ENTRIES, ON_FIRST_CALL, VENDOR, YAML, vendorFromSource } from './vendor-table.mjs';
import { yeomanParts } from './yeoman-parts.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/yeoman/lib');

const require = createRequire(join(root, 'package.json'));
const environment = JSON.parse(readFileSync(require.resolve('yeoman-environment/package.json'), 'utf8'));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(root, 'dist/yeoman/package.json'), `${JSON.stringify({ name: environment.name, version: environment.version, private: true, type: 'module', description: 'yeoman-environment and yeoman-generator bundled by scripts/bundle.mjs' }, null, 2)}\n`);

/** The packages inside the bundles (their directories under node_modules), for the licence notices. */
const bundled = new Set();
async function build(options, builder = async (o) => (await esbuild(o)).metafile) {
  const metafile = await builder({ ...options, metafile: true });
  const result = { metafile };
  // BUNDLE_METAFILE=dir keeps each bundle's esbuild metafile (bytes per input) for measuring.
  if (process.env.BUNDLE_METAFILE) {
    mkdirSync(process.env.BUNDLE_METAFILE, { recursive: true });
    writeFileSync(join(process.env.BUNDLE_METAFILE, `${relative(root, options.outfile).replace(/[/\\]/g, '_')}.json`), JSON.stringify(result.metafile));
  }
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) bundled.add(join(root, m[1]));
  }
  return result;
}

/** What both bundles share: one ES module for Node 20.17, with a require for the CommonJS inside. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.17',
  minifyWhitespace: true,
  legalComments: 'eof',
  banner: { js: "import { createRequire as __cwrCreateRequire } from 'node:module'; const require = __cwrCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

// the templates, translated (#templates; scripts/compile-templates.mjs says why), before the bundles that load them
await writeCompiledTemplates(root, join(root, 'templates'), join(root, 'dist/vendor'));

{
  const { metafile } = await build({
    absWorkingDir: root,
    legalComments: 'eof',
    stdin: {
      contents: [
        "export { main } from './dist/src/bin/create-main.js';",
        '// Yeoman, evaluated when a generation reaches it: src/cli/yeoman.ts gets it from this bundle',
        "export const runBundled = async (...args) => (await import('./dist/src/cli/yeoman-bundle.js')).runBundled(...args);",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'create-entry.js',
    },
    outfile: join(outDir, 'create.cjs'),
    minifySyntax: true,
    alias: { 'fly-import': './scripts/fly-import-stub.js' },
    plugins: [...yeomanParts(root), vendorFromSource(root)],
    // debug tries supports-color and colours by the terminal's own rules without it
    absent: ['supports-color'],
  }, buildScript);
  const output = metafile.outputs[relative(root, join(outDir, 'create.cjs'))];
  mkdirSync(join(root, 'dist/bundle-meta'), { recursive: true });
  writeFileSync(join(root, 'dist/bundle-meta/create.json'), `${JSON.stringify({ bytes: output.bytes, inputs: Object.fromEntries(Object.entries(output.inputs).map(([k, v]) => [k, v.bytesInOutput])) }, null, 2)}\n`);
}

// The day-2 commands parse YAML with the yaml package, one file here (#yaml in package.json points at
// it). Only the names src/core/bump.ts imports. From the package's ES module build (browser/dist, the
// same source; its package.json gives it to every runtime but Node): esbuild hoists ES modules into
// one scope where the CommonJS build (dist/) needs a wrapper per file, and the bundle then loads in
// ~23 M fewer instructions, a bump ~20 M fewer (callgrind; `node -e 0` is 505 M). The one difference
// that reaches us: a YAML warning goes to console.warn instead of process.emitWarning (log.js).
await build({
  ...common,
  stdin: { contents: YAML, resolveDir: root, sourcefile: 'yaml-entry.js' },
  outfile: join(root, 'dist/vendor/yaml.js'),
});
// The same as a script bundle, dist/vendor/yaml.cjs, for the command bundles: they load it on the
// first call of one of its functions (scripts/vendor-table.mjs ON_FIRST_CALL says why).
for (const name of ON_FIRST_CALL) {
  await buildScript({
    absWorkingDir: root,
    stdin: { contents: ENTRIES[name], resolveDir: root, sourcefile: `${name}-entry.js` },
    outfile: join(root, 'dist/vendor', `${name}.cjs`),
  });
}

// Every other package the bins load at run time, one file each under dist/vendor (the #name imports
// in package.json; their types in src/types/vendor.d.ts). The published package then has no
// dependencies at all: an install fetches one tarball, and what a dependency's newer release
// requires (content-type 3 wants Node 22, pulled in by @octokit/request) never reaches a user on
// Node 20, because the versions bundled are the ones package-lock.json pins (overrides included).
// Only the names our code imports; Octokit, its plugins and the Bottleneck they share are one file,
// so @octokit/core is in it once (scripts/vendor-table.mjs).
for (const [name, contents] of Object.entries(VENDOR)) {
  await build({ ...common, minifySyntax: true, stdin: { contents, resolveDir: root, sourcefile: `${name}-entry.js` }, outfile: join(root, 'dist/vendor', `${name}.js`) });
}


// wheels-repo doctor checks CI files against the JSON Schemas in schemas/ci. Compiling the workflow
// schema takes Ajv ~0.6 s at every start; its standalone output, compiled here once, loads in a few
// ms. One module exports a validator per kind (#ci-schemas); the little of Ajv's runtime it calls
// (ajv/dist/runtime/*) stays a require of the ajv dependency.
{
  const { default: Ajv } = await import('ajv');
  const { default: AjvDraft04 } = await import('ajv-draft-04');
  const { default: addFormats } = await import('ajv-formats');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const parts = [];
  for (const [kind, AjvClass] of [['github-workflow', Ajv], ['travis', AjvDraft04], ['appveyor', Ajv]]) {
    const ajv = new AjvClass({ strict: false, allErrors: false, code: { source: true, esm: true } });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/ci', `${kind}.json`), 'utf8')));
    const file = join(root, 'dist/vendor', `.schema-${kind}.mjs`);
    mkdirSync(join(root, 'dist/vendor'), { recursive: true });
    writeFileSync(file, standaloneCode(ajv, validate));
    parts.push(`export { default as ${kind.replace(/-(.)/g, (_m, c) => c.toUpperCase())} } from ${JSON.stringify(`./${relative(root, file)}`)};`);
  }
  await build({ ...common, stdin: { contents: parts.join('\n'), resolveDir: root, sourcefile: 'ci-schemas-entry.js' }, outfile: join(root, 'dist/vendor/ci-schemas.js') });
  for (const kind of ['github-workflow', 'travis', 'appveyor']) rmSync(join(root, 'dist/vendor', `.schema-${kind}.mjs`));
}

// The code above ships other people's work: dist/vendor/THIRD-PARTY-LICENSES.txt carries each bundled
// package's licence text (MIT, ISC, BSD and Apache-2.0 ask for it to travel with copies).
{
  const notices = new Map();
  for (const dir of bundled) {
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const key = `${meta.name}@${meta.version}`;
    if (notices.has(key)) continue;
    const licence = typeof meta.license === 'string' ? meta.license : meta.license?.type ?? 'see the package';
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `(the package has no licence file; package.json says ${licence})`;
    notices.set(key, `== ${key} (${licence})\n\n${text}\n`);
  }
  const head = [
    'Third-party software bundled into dist/yeoman/lib/create.cjs and dist/vendor/*.js by scripts/bundle.mjs',
    '(dist/commands/*.cjs hold copies of some of dist/vendor, made by scripts/bundle-commands.mjs),',
    'with the licence of each package. dist/vendor/ci-schemas.js also holds validators compiled from the',
    "JSON Schemas of SchemaStore (https://github.com/SchemaStore/schemastore, Apache-2.0): github-workflow.json,",
    'travis.json and appveyor.json.',
    '',
  ].join('\n');
  const body = [...notices.keys()].sort().map((k) => notices.get(k)).join('\n');
  writeFileSync(join(root, 'dist/vendor/THIRD-PARTY-LICENSES.txt'), `${head}\n${body}`);
}
