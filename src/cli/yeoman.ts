// The only module that loads Yeoman, and only when a generator really runs (imported lazily).
import { fileURLToPath } from 'node:url';
import type { RawAnswers } from '../core/validate.js';
import type { RunState } from './generate.js';

export interface GeneratorRun {
  cwd: string;
  given: RawAnswers;
  interactive: boolean;
  state: RunState;
  /** a Yeoman adapter; tests pass @yeoman/adapter's TestAdapter to answer prompts */
  adapter?: unknown;
}

const GENERATOR_PATH = fileURLToPath(new URL('../../generators/app/index.js', import.meta.url));

export async function runGenerator(run: GeneratorRun): Promise<void> {
  const { default: Environment } = await import('yeoman-environment');
  const env = new Environment({
    cwd: run.cwd,
    skipInstall: true,
    ...(run.adapter ? { adapter: run.adapter as never } : {}),
  });
  env.register(GENERATOR_PATH, { namespace: 'wheels-repo:app' });
  await env.run(['wheels-repo:app'], {
    given: run.given,
    interactive: run.interactive,
    state: run.state,
    skipInstall: true,
    force: true,
  } as never);
}
