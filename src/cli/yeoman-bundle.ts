// Yeoman's part of dist/yeoman/lib/create.cjs (scripts/bundle.mjs), evaluated when a generation
// reaches it: Yeoman's environment with our generator registered as a class, so nothing is looked up
// or imported from node_modules at run time.
import Environment from 'yeoman-environment';
import WheelsRepoGenerator from '../../generators/app/index.js';
import { descriptorStream } from '../io/descriptor-stream.js';
import type { RawAnswers } from '../core/validate.js';
import type { RunState } from '../repo/generation.js';

export interface GeneratorRun {
  cwd: string;
  given: RawAnswers;
  interactive: boolean;
  state: RunState;
  /** a Yeoman adapter; tests pass @yeoman/adapter's TestAdapter to answer prompts (the generator asks through it) */
  adapter?: unknown;
}

/**
 * process.stdin, set up only if something uses it: the adapter keeps it for its prompt module, which
 * the bundle leaves out (scripts/yeoman-parts.mjs); the generator asks through src/io/prompt.ts.
 */
const lazyStdin = new Proxy({} as NodeJS.ReadStream, {
  get(_t, key) {
    const value = Reflect.get(process.stdin, key) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(process.stdin) : value;
  },
  set: (_t, key, value) => Reflect.set(process.stdin, key, value),
  has: (_t, key) => key in process.stdin,
});

/**
 * What Yeoman's adapter reads and writes: without questions, the descriptors themselves, so that
 * neither process.stdout nor process.stderr is set up for it (src/io/descriptor-stream.ts); with
 * questions (a terminal, where a person waits anyway), the process's streams as Yeoman would take.
 */
const adapterIO = (run: GeneratorRun) => (run.adapter ? { adapter: run.adapter as never } : run.interactive ? {} : { stdin: lazyStdin, stdout: descriptorStream(1), stderr: descriptorStream(2) });

/**
 * `packagePath`, the directory of our package.json, is where Yeoman reads the generator's name and
 * version from (it would otherwise look the file up with read-package-up, which the bundle leaves out).
 */
export async function runBundled(run: GeneratorRun, generatorPath: string, packagePath: string): Promise<void> {
  const env = new Environment({
    cwd: run.cwd,
    skipInstall: true,
    ...adapterIO(run),
  });
  env.register(WheelsRepoGenerator, { namespace: 'wheels-repo:app', resolved: generatorPath, packagePath });
  await env.run(['wheels-repo:app'], {
    given: run.given,
    interactive: run.interactive,
    state: run.state,
    promptAdapter: run.adapter,
    skipInstall: true,
    force: true,
  } as never);
}
