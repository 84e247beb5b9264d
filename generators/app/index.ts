// The Yeoman generator: each lifecycle method only delegates. Answers come from flags, then prompts
// for what is missing, then the one validation; files are rendered once in memory and written
// through the repository guard into a staging directory that src/cli/create.ts renames into place
// when everything has worked.
import Generator from 'yeoman-generator';
import type { BaseOptions } from 'yeoman-generator';
import { UserError } from '../../src/core/errors.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { describeProblems, validateAnswers } from '../../src/answers/schema.js';
import { questionsFor } from '../../src/answers/questions.js';
import { askQuestions } from '../../src/io/prompt.js';
import { generateFiles, writeGenerated, type RunState } from '../../src/repo/generation.js';

export type WheelsRepoOptions = BaseOptions & {
  given: RawAnswers;
  interactive: boolean;
  state: RunState;
  /** the adapter a test answers prompts with; none in a real run (src/io/prompt.ts's inquirer asks) */
  promptAdapter?: unknown;
};

export default class WheelsRepoGenerator extends Generator {
  /** the options src/cli/yeoman.ts passes */
  private get opts(): WheelsRepoOptions {
    return this.options as unknown as WheelsRepoOptions;
  }

  constructor(args: string[], options: Record<string, unknown>) {
    // No package.json is generated: no package-manager install step and no message about one.
    // `unique`: the environment then keys the generator by its namespace, not by an id of
    // crypto.randomBytes, which loaded node:crypto into every generation (issue #15).
    super(args, options as never, { customInstallTask: true, customCommitTask: true, unique: 'namespace' });
    // Yeoman logs "✖ An error occured while running ..." (in colour, even into a file) before the
    // error reaches our boundary, which reports it properly: its error line is silenced.
    const log = this.log;
    (this as { log: typeof log }).log = new Proxy(log, { get: (t, p, r) => (p === 'error' ? () => log : Reflect.get(t, p, r)) });
  }

  /**
   * Yeoman's check, when a generator is made, that the running yeoman-environment is new enough for
   * yeoman-generator: this generator runs only with the yeoman-environment bundled beside it, chosen
   * at build time, so the check is made by test/build/bundle.test.ts instead of at every run, where
   * it cost semver's start-up (~40 regexps built: ~0.5 ms of a generation, issue #15).
   */
  override checkEnvironmentVersion(): boolean {
    return true;
  }

  async prompting(): Promise<void> {
    const { given, interactive, promptAdapter } = this.opts;
    if (!interactive) return;
    // Through the one prompt module (inquirer, loaded only now), not Yeoman's adapter: the bundle then
    // carries no prompt code at all (scripts/yeoman-parts.mjs, issue #15).
    const prompted = await askQuestions(questionsFor(given), promptAdapter);
    this.opts.given = { ...given, ...(prompted as RawAnswers) };
  }

  configuring(): void {
    // The prompts offer only what this accepts (src/answers/questions.ts): this is the net under them.
    const resolution = validateAnswers(this.opts.given);
    if (!resolution.ok) {
      throw new UserError(`Invalid answers:\n${describeProblems(resolution.problems)}`, 'Fix the answers named above; --help lists what each flag accepts.');
    }
    this.opts.state.generated = generateFiles(resolution.answers);
  }

  writing(): void {
    const { state } = this.opts;
    if (!state.generated || state.dryRun) return;
    writeGenerated(state.prepareStaging(state.generated.stored.answers), state.generated);
  }
}
