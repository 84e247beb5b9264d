// The only module that loads Yeoman, and only when a generator really runs (imported lazily).
import { fileURLToPath } from 'node:url';
import type { GeneratorRun } from './yeoman-bundle.js';

export type { GeneratorRun };

const GENERATOR_PATH = fileURLToPath(new URL('../../generators/app/index.js', import.meta.url));
/** the package's root (its package.json), from dist/src/cli */
const PACKAGE_PATH = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs the generator from dist/yeoman/lib/bundle.js, which `npm run build` makes (Yeoman in one file). */
export async function runGenerator(run: GeneratorRun): Promise<void> {
  const bundle = new URL('../../yeoman/lib/bundle.js', import.meta.url);
  const { runBundled } = (await import(bundle.href)) as typeof import('./yeoman-bundle.js');
  await runBundled(run, GENERATOR_PATH, PACKAGE_PATH);
}
