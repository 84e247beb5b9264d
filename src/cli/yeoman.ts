// The only module that loads Yeoman, and only when a generator really runs (imported lazily).
import { fileURLToPath } from 'node:url';
import { loadScript } from '../io/scripts.js';
import type { GeneratorRun } from './yeoman-bundle.js';

export type { GeneratorRun };

const GENERATOR_PATH = fileURLToPath(new URL('../../generators/app/index.js', import.meta.url));
/** the package's root (its package.json), from dist/src/cli */
const PACKAGE_PATH = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Runs the generator from dist/yeoman/lib/create.cjs, which `npm run build` makes: the script
 * bundle of the whole generation, Yeoman included, run with V8's code cache by io/scripts.ts (`env`
 * says where that cache is). The bin runs create-wheels-repo from that bundle, so there this load
 * hands back the bundle already running; in-process (the tests) it loads it.
 */
export async function runGenerator(run: GeneratorRun, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const bundle = fileURLToPath(new URL('../../yeoman/lib/create.cjs', import.meta.url));
  const { runBundled } = await loadScript<typeof import('./yeoman-bundle.js')>(bundle, env);
  await runBundled(run, GENERATOR_PATH, PACKAGE_PATH);
}
