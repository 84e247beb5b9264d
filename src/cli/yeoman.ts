// The only module that loads Yeoman, and only when a generator really runs (imported lazily).
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/package-files.js';
import { loadScript, type ScriptRun } from '../io/scripts.js';
import type { GeneratorRun } from './yeoman-bundle.js';

export type { GeneratorRun };

const GENERATOR_PATH = join(PACKAGE_ROOT, 'dist', 'generators', 'app', 'index.js');

/** What dist/yeoman/lib/create.cjs exports (scripts/bundle.mjs). */
interface GenerationBundle {
  /** create-wheels-repo past its bin (src/bin/create-main.ts) */
  main: (argv: readonly string[]) => Promise<void>;
  runBundled: typeof import('./yeoman-bundle.js').runBundled;
}

/**
 * dist/yeoman/lib/create.cjs, which `npm run build` makes: the script bundle of the whole
 * generation, Yeoman included, run with V8's code cache by io/scripts.ts (`env` says where that
 * cache is). The bin runs create-wheels-repo from it.
 */
export function generationBundle(env: NodeJS.ProcessEnv, run?: ScriptRun): Promise<GenerationBundle> {
  return loadScript<GenerationBundle>(join(PACKAGE_ROOT, 'dist', 'yeoman', 'lib', 'create.cjs'), env, run);
}

/**
 * Runs the generator from the generation bundle: in the bin's process this hands back the bundle
 * already running; in-process (the tests) it loads it.
 */
export async function runGenerator(run: GeneratorRun, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { runBundled } = await generationBundle(env);
  await runBundled(run, GENERATOR_PATH, PACKAGE_ROOT);
}
