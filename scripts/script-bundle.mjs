// One script bundle for src/io/scripts.ts, which runs it with V8's code cache (the reasons are there):
// esbuild's CommonJS output of ES modules and all they import statically, with a first line
//   //cwr-script {"sha256":"<of the rest>"}
// and each import() (of a module left outside, or computed) rewritten to __cwrImport(), which the
// loader passes in and which resolves a relative specifier from the bundle, as import() would in an
// ES module bundle. import.meta.dirname and import.meta.url are, in our own modules (under dist/), the
// module's own file's, so a path computed from them (package-files.ts: the package root) is the same
// bundled or not; import.meta.url in a package's code is the bundle's own URL, as in an ES module bundle. The build
// fails on anything the loader could not run: a warning, a require() of a package, an import() left as is.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/**
 * In our own modules (dist/, not node_modules), import.meta.dirname and import.meta.url become their
 * own file's directory and URL, computed from the output's `__dirname` (the CommonJS one in a bin;
 * the loader passes a script bundle its directory under that name) when they are evaluated. A bin
 * starts with no URL work at all (pathToFileURL and new URL cost ~0.4 ms cold, issue #15): our modules
 * locate files with import.meta.dirname and path.join, and import.meta.url is left to code that
 * imports by URL (create-wheels-repo --help). In a script bundle import.meta.url is made from
 * __cwrMeta.url, the bundle's own URL, which the loader makes when it is first read.
 */
export function ownModuleUrls(root, outfile, { bin = false } = {}) {
  const own = join(root, 'dist', '');
  return {
    name: 'own-module-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(own) || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url') && !text.includes('import.meta.dirname')) return undefined;
        const rel = relative(dirname(outfile), args.path).split(sep).join('/');
        const relDir = relative(dirname(outfile), dirname(args.path)).split(sep).join('/') || '.';
        const url = bin ? `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(rel)})).href` : `new URL(${JSON.stringify(rel)}, __cwrMeta.url).href`;
        const contents = text.replaceAll('import.meta.dirname', `require("node:path").join(__dirname, ${JSON.stringify(relDir)})`).replaceAll('import.meta.url', url);
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * Each `import ... from 'node:fs'` of an ES module becomes `__toESM(require("node:fs"), 1)` in
 * esbuild's CommonJS output: a fresh object with a getter for every property of the module, built
 * once per importing module (55 times in create.cjs, `node:process` 14 of them: 3.5 ms of a
 * generation's CPU profile in __copyProps). The object only forwards reads, so one per module object
 * serves every importer: esbuild's helper is wrapped in a cache. A built-in that the loader gives as
 * a stand-in loading it on first use (src/io/builtin-require.ts) is taken as it is: copying its
 * properties would load it. Any other built-in's namespace is made without reading its property
 * descriptors, as esbuild's helper does: on Node 24 that materializes lazy exports (util's load
 * assert's diff, which sets up process.stderr: net and the stream modules). The build fails if the helper is not
 * there to wrap while the code calls it.
 */
function oneNamespaceEach(code, out) {
  const helper = /var __toESM\s*=\s*\(mod,\s*isNodeMode,\s*target\)\s*=>\s*\(/g;
  if (!code.includes('__toESM(')) return code;
  if (code.match(helper)?.length !== 1) throw new Error(`${out}: esbuild's __toESM helper is not the one scripts/script-bundle.mjs wraps; update oneNamespaceEach`);
  return code.replace(helper, [
    'var __cwrNamespaces=new WeakMap,',
    '__toESM=(mod,isNodeMode)=>{if(isNodeMode!==1||mod===null||typeof mod!=="object"&&typeof mod!=="function")return __cwrToESM(mod,isNodeMode);',
    // a built-in the loader gives as a stand-in (src/io/builtin-require.ts) is its own namespace
    'if(mod[Symbol.for("create-wheels-repo/lazy-builtin")]===true)return mod;',
    'let ns=__cwrNamespaces.get(mod);if(ns===void 0)__cwrNamespaces.set(mod,ns=globalThis[Symbol.for("create-wheels-repo/builtins")]?.has(mod)?__cwrBuiltinNamespace(mod):__cwrToESM(mod,1));return ns},',
    // a built-in module: its own names, each read on use, without reading a property descriptor
    '__cwrBuiltinNamespace=(mod)=>{const ns=Object.create(Object.getPrototypeOf(mod));Object.defineProperty(ns,"default",{value:mod,enumerable:true});for(const k of Object.getOwnPropertyNames(mod))if(k!=="default")Object.defineProperty(ns,k,{get:()=>mod[k],enumerable:true});return ns},',
    '__cwrToESM=(mod,isNodeMode,target)=>(',
  ].join(''));
}

/**
 * esbuild `options` (absWorkingDir, entryPoints or stdin, outfile, plugins, ...); returns the metafile.
 * `absent` names packages that the bundled code requires inside a try/catch and does without when they
 * are not installed (debug's supports-color): the loader's require throws for them, as Node's would.
 */
export async function buildScript({ absent = [], ...options }) {
  const result = await build({
    bundle: true,
    platform: 'node',
    target: 'node20.17',
    // CWR_BUNDLE_READABLE=1 keeps one statement per line, so that a CPU profile names lines
    minifyWhitespace: !process.env.CWR_BUNDLE_READABLE,
    logLevel: 'silent',
    ...options,
    plugins: [ownModuleUrls(options.absWorkingDir, options.outfile), ...(options.plugins ?? [])],
    format: 'cjs',
    write: false,
    metafile: true,
    define: { ...options.define, 'import.meta.url': '__cwrMeta.url' },
  });
  const out = relative(options.absWorkingDir, options.outfile);
  if (result.warnings.length > 0) throw new Error(`${out}: ${result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n')}`);
  const imports = result.metafile.outputs[out].imports.filter((i) => i.external);
  const required = [...new Set(imports.filter((i) => i.kind !== 'dynamic-import' && !isBuiltin(i.path)).map((i) => i.path))].sort();
  const bad = required.filter((p) => !absent.includes(p));
  if (bad.length > 0) throw new Error(`${out} requires modules, which the loader does not provide (it gives Node's built-ins): ${bad.join(', ')} (bundle them)`);

  const dynamic = new Set(imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
  const code = oneNamespaceEach(result.outputFiles[0].text, out).replace(/(?<![\w$.])import\(/g, '__cwrImport(');
  for (const p of dynamic) {
    if (!code.includes(`__cwrImport(${JSON.stringify(p)})`)) throw new Error(`${out}: the import() of ${p} was not rewritten`);
  }
  if (/(?<![\w$.])import\s*\(/.test(code)) throw new Error(`${out}: an import() is left that the loader cannot run`);
  writeScript(options.outfile, code);
  return result.metafile;
}

/** Writes `code` as a script src/io/scripts.ts runs: with its first line, the header naming the sha256 of the rest. */
export function writeScript(outfile, code) {
  const sha256 = createHash('sha256').update(code).digest('hex');
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, `//cwr-script ${JSON.stringify({ sha256 })}\n${code}`);
}
