// wheels-repo bump REF: set BUILD_COMMIT everywhere it is pinned. parse → plan (pure) → report → write.
import { resolve } from 'node:path';
import { pinnedValues, type BumpPlan, type Override } from '../core/bump-plan.js';
import { shellWord } from '../core/quote.js';
import { usageError, UserError } from '../core/errors.js';
import { checkRef } from '../core/rules.js';
import type { CommandIO } from '../io/command-io.js';
import { commitFiles, pushCurrentBranch } from '../io/git.js';
import { directoryExists } from '../io/target.js';
import { openForBump, planRepoBump, projectName, writeBump } from '../repo/bump.js';
import { STORE_FILE } from '../repo/store.js';
import { parseStrict } from './args.js';
import { wrapHelp } from './help-wrap.js';

export const BUMP_HELP = `Usage: wheels-repo bump REF [--dir PATH] [--dry-run] [--check] [--all] [--commit] [--push] [--resolve]

Sets BUILD_COMMIT to REF in every CI file of a wheels repository (.travis.yml,
appveyor.yml, azure-pipelines.yml, azure/*.yml, .github/workflows/*.yml),
editing only the value, and the stored answer in ${STORE_FILE}. Disabled copies
(*.back) are skipped.

The main pin is a file's global one (a workflow's env, Travis env.global,
AppVeyor environment.global, Azure's top-level variables). A pin that differs
from it on purpose is an override and is kept, with a line saying so: a per-job
pin (a Travis jobs.include entry, an AppVeyor matrix item, a workflow job's env)
or a pin with a comment on its line, e.g. \`- BUILD_COMMIT=master  # nightly\`.

  REF              branch, tag or commit SHA of the project
  --dir PATH       the wheels repository (default: the current directory)
  --dry-run        print the changes, write nothing
  --check          write nothing; exit 1 when the main pins disagree with each
                   other, 0 with a note for each override (REF is optional)
  --all            rewrite the overrides too
  --commit         commit exactly the changed files: "Build <name> <REF>"
  --push           push that commit (implies --commit)
  --resolve        write the full commit SHA of REF from the GitHub API
                   (GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL), REF in a comment
  -h, --help       show this help
`;

type BumpIO = Pick<CommandIO, 'cwd' | 'out' | 'env'>;

interface BumpArgs {
  ref: string | undefined;
  dir: string;
  dryRun: boolean;
  check: boolean;
  all: boolean;
  /** \` --dir PATH\` for the commands printed in hints, empty when the repository is the current directory */
  dirArg: string;
  commit: boolean;
  push: boolean;
  resolve: boolean;
}

function parseBumpArgs(argv: readonly string[], cwd: string): BumpArgs | 'help' {
  const parsed = parseStrict({
      args: [...argv],
      allowPositionals: true,
      options: {
        dir: { type: 'string' }, 'dry-run': { type: 'boolean' }, check: { type: 'boolean' }, all: { type: 'boolean' }, commit: { type: 'boolean' },
        push: { type: 'boolean' }, resolve: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }, 'Run `wheels-repo bump --help`.');
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length > 1) throw usageError(`bump takes one REF, got ${positionals.length}: ${positionals.join(' ')}`, 'Run `wheels-repo bump --help`.');
  const ref = positionals[0];
  if (ref === undefined && !v.check) throw usageError('bump needs the REF to build, e.g. `wheels-repo bump v1.2.3`.', 'Run `wheels-repo bump --help`.');
  if (ref !== undefined) {
    const error = checkRef(ref);
    if (error) throw new UserError(`REF ${error}; got ${JSON.stringify(ref)}.`, 'Nothing was written.');
  }
  const dir = resolve(cwd, v.dir ?? '.');
  return {
    ref, dir, dryRun: v['dry-run'] === true, check: v.check === true, all: v.all === true,
    dirArg: dir === resolve(cwd) ? '' : ` --dir ${shellWord(dir)}`,
    commit: v.commit === true || v.push === true, push: v.push === true, resolve: v.resolve === true,
  };
}

export async function runBump(argv: readonly string[], io: BumpIO): Promise<number> {
  const args = parseBumpArgs(argv, io.cwd);
  if (args === 'help') return io.out(wrapHelp(BUMP_HELP)), 0;
  if (!directoryExists(args.dir)) throw new UserError(`${shellWord(args.dir)} does not exist.`, 'Pass the wheels repository with --dir PATH.');
  const target = openForBump(args.dir, args.dirArg);
  const ci = target.ci;

  let ref = args.ref ?? '';
  let note: string | undefined;
  if (args.resolve && args.ref !== undefined) {
    const { resolveRef } = await import('./bump-resolve.js');
    const resolved = await resolveRef(target, args.ref, io.env);
    ref = resolved.sha;
    note = args.ref;
    io.out(`${resolved.repo}: ${args.ref} is ${resolved.sha}\n`);
  }
  const plan = planRepoBump(target, args.check ? undefined : ref, note, { all: args.all });
  for (const s of ci.skipped) io.out(`skipped (disabled copy): ${shellWord(s)}\n`);
  if (plan.pins.length === 0 && plan.problems.length === 0) {
    const searched = ci.live.length ? ci.live.map(shellWord).join(', ') : 'no CI files found';
    throw new UserError(`No BUILD_COMMIT pin found in ${shellWord(args.dir)} (searched: ${searched}).`, 'Is this a wheels repository? Pass it with --dir PATH.');
  }
  if (plan.problems.length > 0) {
    throw new UserError(`Cannot bump, nothing was written:\n${plan.problems.map((p) => `  ${p}`).join('\n')}`, 'Fix the files named above and run the command again.');
  }
  if (args.check) return check(plan, args, io);

  for (const c of plan.changes) io.out(`${shellWord(c.path)}:${c.line} ${c.old} → ${c.new}\n`);
  // An override already at REF agrees with the new main pin: nothing to say about it.
  const overrides = plan.overrides.filter((o) => o.value !== ref);
  for (const o of overrides) {
    io.out(args.all ? `rewritten (--all): ${place(o)} (differed from ${mainPin(plan)})\n` : `kept: ${place(o)} (differs from ${mainPin(plan)})\n`);
  }
  const keeping = args.all || overrides.length === 0 ? '' : `, keeping ${plural(overrides.length, 'override')} (\`--all\` rewrites ${overrides.length === 1 ? 'it' : 'them'})`;
  const changedFiles = [...plan.outputs.keys()];
  const pinFiles = new Set(plan.pins.map((p) => p.path)).size;
  if (plan.changes.length === 0) {
    const pins = plural(plan.pins.length - overrides.length, `${keeping ? 'main ' : ''}pin`);
    io.out(`BUILD_COMMIT is already ${ref} in every ${keeping ? 'main ' : ''}pin (${pins} in ${plural(pinFiles, 'file')})${keeping}; nothing to change.\n`);
    return 0;
  }
  const count = `${plural(plan.changes.filter((c) => c.path !== STORE_FILE).length, 'pin')} in ${plural(changedFiles.filter((f) => f !== STORE_FILE).length, 'file')}`;
  if (args.dryRun) {
    // A bump edits values in place and merges nothing, so a dry run has no conflict to predict: what
    // would stop the real run (a file that is not YAML, a pin it cannot edit) stops this one, exit 1.
    io.out(`Dry run: would set BUILD_COMMIT to ${ref} (${count})${keeping}; nothing written.\n`);
    return 0;
  }
  writeBump(target, plan);
  io.out(`Set BUILD_COMMIT to ${ref}: ${count}${plan.outputs.has(STORE_FILE) ? `, and the stored answer in ${STORE_FILE}` : ''}${keeping}.\n`);
  if (args.commit) {
    const message = `Build ${projectName(target)} ${args.ref ?? ref}`;
    const sha = commitFiles(args.dir, changedFiles, message);
    io.out(`Committed ${sha.slice(0, 12)} "${message}".\n`);
    if (args.push) io.out(`${pushCurrentBranch(args.dir)}\n`);
  }
  return 0;
}

/** `.travis.yml jobs.include[3] BUILD_COMMIT=master` */
function place(o: Override): string {
  return `${shellWord(o.path)} ${o.where} BUILD_COMMIT=${o.value}`;
}

function mainPin(plan: BumpPlan): string {
  return plan.mainValues.length === 1 ? `the main pin ${plan.mainValues[0]}` : `the main pins ${plan.mainValues.join(', ')}`;
}

/**
 * --check: exit 1 when the main pins disagree (a real inconsistency); the overrides (a per-job pin
 * that differs from its file's global pin, or a pin with a comment on its line) are intentional,
 * noted, exit 0.
 */
function check(plan: BumpPlan, args: BumpArgs, io: BumpIO): number {
  for (const [value, where] of pinnedValues(plan)) io.out(`${value}: ${where.join(', ')}\n`);
  for (const o of plan.overrides) {
    const why = o.why === 'job' ? 'a per-job pin' : 'a pin with a comment on its line';
    io.out(`note: ${place(o)} is an intentional override (${why}; differs from ${mainPin(plan)})\n`);
  }
  if (plan.mainValues.length > 1) {
    io.out(`BUILD_COMMIT pins disagree: ${plan.mainValues.join(' vs ')}. Run \`wheels-repo bump REF${args.dirArg}\` to align them.\n`);
    return 1;
  }
  const [only] = plan.mainValues;
  const ref = args.ref;
  const notRef = ref !== undefined && ref !== only ? ` (not ${ref})` : '';
  if (plan.overrides.length === 0) {
    io.out(`${plan.pins.length === 1 ? 'The one BUILD_COMMIT pin is' : `All ${plan.pins.length} BUILD_COMMIT pins agree on`} ${only}${notRef}.\n`);
  } else {
    const others = plan.pins.length - plan.overrides.length;
    const them = plan.overrides.length === 1 ? 'it' : 'them';
    io.out(`${others === 1 ? 'The other BUILD_COMMIT pin is' : `The other ${others} BUILD_COMMIT pins agree on`} ${only}${notRef}; ${plural(plan.overrides.length, 'intentional override')} (\`bump\` keeps ${them}, \`bump --all\` rewrites ${them}).\n`);
  }
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
