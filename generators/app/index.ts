// The Yeoman generator: each lifecycle method only delegates. Answers come from flags, then prompts
// for what is missing, then one validation; files are rendered in memory and written into a staging
// directory that src/cli/create.ts renames into place when everything has worked.
import Generator from 'yeoman-generator';
import type { BaseOptions } from 'yeoman-generator';
import { UserError } from '../../src/core/errors.js';
import { STORE_KEY } from '../../src/core/manifest.js';
import type { Answers } from '../../src/core/options.js';
import { formatProblem, resolveAnswers, type RawAnswers } from '../../src/core/validate.js';
import { questionsFor } from '../../src/cli/questions.js';
import { shellSyntaxProblems } from '../../src/io/shell-syntax.js';
import { generateFiles, type RunState } from '../../src/cli/generate.js';

export type WheelsRepoOptions = BaseOptions & {
  given: RawAnswers;
  interactive: boolean;
  state: RunState;
};

export default class WheelsRepoGenerator extends Generator {
  private answers: Answers | undefined;

  /** the options src/cli/yeoman.ts passes */
  private get opts(): WheelsRepoOptions {
    return this.options as unknown as WheelsRepoOptions;
  }

  constructor(args: string[], options: Record<string, unknown>) {
    // No package.json is generated: no package-manager install step and no message about one.
    super(args, options as never, { customInstallTask: true });
  }

  async prompting(): Promise<void> {
    const { given, interactive } = this.opts;
    if (!interactive) return;
    const prompted = await this.prompt(questionsFor(given) as never);
    this.opts.given = { ...given, ...(prompted as RawAnswers) };
  }

  configuring(): void {
    const resolution = resolveAnswers(this.opts.given);
    const problems = resolution.ok ? shellSyntaxProblems(resolution.answers) : resolution.problems;
    if (!resolution.ok || problems.length > 0) {
      throw new UserError(
        `Invalid answers:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
        'Fix the flags named above; `create-wheels-repo --help` lists what each accepts.',
      );
    }
    this.answers = resolution.answers;
    this.opts.state.answers = resolution.answers;
  }

  writing(): void {
    if (!this.answers) return;
    const { files, stored } = generateFiles(this.answers);
    if (this.opts.state.dryRun) return;
    const staging = this.opts.state.prepareStaging(this.answers);
    this.destinationRoot(staging);
    // Yeoman logs each file relative to its start directory; the files are bound for the target, so log
    // them relative to the staging directory that becomes it.
    const env = this.env as unknown as { conflicterOptions?: { cwd?: string } };
    if (env.conflicterOptions) env.conflicterOptions.cwd = staging;
    for (const f of files) {
      this.fs.write(this.destinationPath(f.path), f.content, { stat: { mode: f.mode } as never });
    }
    this.fs.writeJSON(this.destinationPath('.yo-rc.json'), { [STORE_KEY]: stored });
  }
}
