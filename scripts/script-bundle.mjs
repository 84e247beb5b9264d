// One script bundle for src/io/scripts.ts, which runs it with V8's code cache (the reasons are there):
// esbuild's CommonJS output of ES modules, with a first line saying what it needs from outside,
//   //cwr-script {"sha256":"<of the rest>","shared":[<our ES modules it requires>]}
// and each import() (of a module left outside, or computed) rewritten to __cwrImport(), which the
// loader passes in and which resolves a relative specifier from the bundle, as import() would in an
// ES module bundle. import.meta.url is the bundle's own URL, as it is in an ES module bundle. The build fails
// on anything the loader could not run: a warning, a require() of a package, an import() left as is.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative } from 'node:path';

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
    minifyWhitespace: true,
    logLevel: 'silent',
    ...options,
    format: 'cjs',
    write: false,
    metafile: true,
    define: { ...options.define, 'import.meta.url': '__cwrUrl' },
  });
  const out = relative(options.absWorkingDir, options.outfile);
  if (result.warnings.length > 0) throw new Error(`${out}: ${result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n')}`);
  const imports = result.metafile.outputs[out].imports.filter((i) => i.external);
  const required = [...new Set(imports.filter((i) => i.kind !== 'dynamic-import' && !isBuiltin(i.path)).map((i) => i.path))].sort();
  const bad = required.filter((p) => !p.startsWith('.') && !absent.includes(p));
  if (bad.length > 0) throw new Error(`${out} requires packages, which the loader does not provide: ${bad.join(', ')} (bundle them)`);

  const shared = required.filter((p) => p.startsWith('.'));
  const dynamic = new Set(imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
  const code = result.outputFiles[0].text.replace(/(?<![\w$.])import\(/g, '__cwrImport(');
  for (const p of dynamic) {
    if (!code.includes(`__cwrImport(${JSON.stringify(p)})`)) throw new Error(`${out}: the import() of ${p} was not rewritten`);
  }
  if (/(?<![\w$.])import\s*\(/.test(code)) throw new Error(`${out}: an import() is left that the loader cannot run`);
  const sha256 = createHash('sha256').update(code).digest('hex');
  mkdirSync(dirname(options.outfile), { recursive: true });
  writeFileSync(options.outfile, `//cwr-script ${JSON.stringify({ sha256, shared })}\n${code}`);
  return result.metafile;
}
