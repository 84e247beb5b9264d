// Command line of create-wheels-repo: every answer has a flag named as in the option table.
import { UserError } from '../core/errors.js';
import { OPTIONS } from '../answers/schema.js';
import type { RawAnswers } from '../core/validate.js';
import { parseStrict } from './args.js';
import { invocation, type Invocation } from './invocation.js';

export interface CreateArgs {
  given: RawAnswers;
  dir: string | undefined;
  yes: boolean;
  git: boolean;
  dryRun: boolean;
  help: boolean;
  version: boolean;
  /** set up the remote side: true (--github), false (--no-github), undefined (ask, or no with --yes) */
  github: boolean | undefined;
  private: boolean;
  appveyor: boolean;
  appveyorAccount: string | undefined;
}

/** `run`: how the user started us, for the commands the hints name (src/cli/invocation.ts). */
export function parseCreateArgs(argv: readonly string[], run: Invocation = invocation()): CreateArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    yes: { type: 'boolean', short: 'y' },
    'no-git': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    github: { type: 'boolean' },
    'no-github': { type: 'boolean' },
    private: { type: 'boolean' },
    appveyor: { type: 'boolean' },
    'appveyor-account': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  };
  for (const o of OPTIONS) options[o.flag] = { type: 'string' };
  const parsed = parseStrict({ args: [...argv], options, allowPositionals: true }, `Run \`${run.create} --help\` for the flags it accepts.`, 1);
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UserError(`Expected at most one directory, got ${positionals.length}: ${positionals.join(' ')}`, 'Quote values that contain spaces, e.g. --test-command "pytest -x".');
  }
  if (values.github === true && values['no-github'] === true) throw new UserError('--github and --no-github contradict each other.', 'Pass one of them.');
  if (values.github === true && values['no-git'] === true) {
    throw new UserError('--github needs the git repository that --no-git skips.', `Drop --no-git, or set up the remote later with \`${run.wheelsRepo} remote\` in the new repository.`);
  }
  const remoteOnly = ['private', 'appveyor', 'appveyor-account'].filter((f) => values[f] !== undefined);
  if (remoteOnly.length > 0 && values.github !== true) {
    throw new UserError(`${remoteOnly.map((f) => `--${f}`).join(', ')} only mean${remoteOnly.length === 1 ? 's' : ''} something with --github.`, `Add --github, or drop them (\`${run.wheelsRepo} remote\` takes them later).`);
  }
  const given: RawAnswers = {};
  for (const o of OPTIONS) {
    const v = values[o.flag];
    if (typeof v === 'string') given[o.key] = v;
  }
  return {
    given,
    dir: positionals[0],
    yes: values.yes === true,
    git: values['no-git'] !== true,
    dryRun: values['dry-run'] === true,
    help: values.help === true,
    version: values.version === true,
    github: values.github === true ? true : values['no-github'] === true ? false : undefined,
    private: values.private === true,
    appveyor: values.appveyor === true,
    appveyorAccount: typeof values['appveyor-account'] === 'string' ? values['appveyor-account'] : undefined,
  };
}

export function createHelp(version: string): string {
  const rows = OPTIONS.map((o) => {
    const left = `  --${o.flag} ${o.placeholder}`;
    const choices = o.choices ? ` (${o.choices.filter((c) => !c.unavailable).map((c) => c.value).join(' | ')})` : '';
    const dflt = o.required ? ' [required]' : o.defaultText ? ` [default: ${o.defaultText}]` : '';
    return `${left.padEnd(30)}${o.describe}${choices}${dflt}`;
  });
  return `create-wheels-repo ${version}
Generate a <name>-wheels repository that builds, repairs, tests and publishes
wheels of a Python project with C extensions (GitHub Actions + multibuild).

Usage: npm init wheels-repo -- [DIR] [options]
       create-wheels-repo [DIR] [options]

DIR defaults to <name>-wheels. Answers not given as flags are asked for; with
--yes, or when stdin is not a terminal, defaults fill the rest and a missing
required answer is an error.

Answers:
${rows.join('\n')}

Options:
  -y, --yes                   never prompt; use defaults for what is not given
  --no-git                    skip git init, the multibuild submodule and the
                              first commit
  --dry-run                   print the files that would be written, write
                              nothing
  --github / --no-github      after writing, set up GitHub: create the
                              repository, push, secrets, environment (asked;
                              --yes means no);
                              the same as \`wheels-repo remote\` later
  --private                   with --github: create the repository private
  --appveyor                  with --github (travis-appveyor): add the AppVeyor
                              project
  --appveyor-account NAME     AppVeyor account, for user-level (v2) API keys
  -h, --help                  show this help
  -v, --version               print the version

Example:
  npm init wheels-repo -- --yes --name cymem \\
    --repo-url https://github.com/explosion/cymem
`;
}
