// wheels-repo bump REF: set BUILD_COMMIT everywhere it is pinned. parse → plan (pure) → report → write.
import { resolve } from 'node:path';
import { pinnedValues, type BumpPlan } from '../core/bump-plan.js';
import { usageError, UserError } from '../core/errors.js';
import { checkRef } from '../core/rules.js';
import type { CommandIO } from '../io/command-io.js';
import { commitFiles, pushCurrentBranch } from '../io/git.js';
import { directoryExists } from '../io/target.js';
import { openForBump, planRepoBump, projectName, writeBump } from '../repo/bump.js';
import { STORE_FILE } from '../repo/store.js';
import { parseStrict } from './args.js';

export const BUMP_HELP = `Usage: wheels-repo bump REF [--dir PATH] [--dry-run] [--check] [--commit] [--push] [--resolve]

Sets BUILD_COMMIT to REF in every CI file of a wheels repository (.travis.yml,
appveyor.yml, azure-pipelines.yml, azure/*.yml, .github/workflows/*.yml), editing
only the value, and the stored answer in ${STORE_FILE}. Disabled copies (*.back)
are skipped.

  REF              branch, tag or commit SHA of the project
  --dir PATH       the wheels repository (default: the current directory)
  --dry-run        print the changes, write nothing
  --check          write nothing; exit 1 when the pins disagree with each other
                   (REF is optional with --check)
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
  commit: boolean;
  push: boolean;
  resolve: boolean;
}

function parseBumpArgs(argv: readonly string[], cwd: string): BumpArgs | 'help' {
  const parsed = parseStrict({
      args: [...argv],
      allowPositionals: true,
      options: {
        dir: { type: 'string' }, 'dry-run': { type: 'boolean' }, check: { type: 'boolean' }, commit: { type: 'boolean' },
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
  return {
    ref, dir: resolve(cwd, v.dir ?? '.'), dryRun: v['dry-run'] === true, check: v.check === true,
    commit: v.commit === true || v.push === true, push: v.push === true, resolve: v.resolve === true,
  };
}

export async function runBump(argv: readonly string[], io: BumpIO): Promise<number> {
  const args = parseBumpArgs(argv, io.cwd);
  if (args === 'help') return io.out(BUMP_HELP), 0;
  if (!directoryExists(args.dir)) throw new UserError(`${args.dir} does not exist.`, 'Pass the wheels repository with --dir PATH.');
  const target = openForBump(args.dir);
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
  const plan = planRepoBump(target, args.check ? undefined : ref, note);
  for (const s of ci.skipped) io.out(`skipped (disabled copy): ${s}\n`);
  if (plan.pins.length === 0 && plan.problems.length === 0) {
    const searched = ci.live.length ? ci.live.join(', ') : 'no CI files found';
    throw new UserError(`No BUILD_COMMIT pin found in ${args.dir} (searched: ${searched}).`, 'Is this a wheels repository? Pass it with --dir PATH.');
  }
  if (plan.problems.length > 0) {
    throw new UserError(`Cannot bump, nothing was written:\n${plan.problems.map((p) => `  ${p}`).join('\n')}`, 'Fix the files named above and run the command again.');
  }
  if (args.check) return check(plan, args.ref, io);

  for (const c of plan.changes) io.out(`${c.path}:${c.line} ${c.old} → ${c.new}\n`);
  const changedFiles = [...plan.outputs.keys()];
  const pinFiles = new Set(plan.pins.map((p) => p.path)).size;
  if (plan.changes.length === 0) {
    io.out(`BUILD_COMMIT is already ${ref} in every pin (${plural(plan.pins.length, 'pin')} in ${plural(pinFiles, 'file')}); nothing to change.\n`);
    return 0;
  }
  const count = `${plural(plan.changes.filter((c) => c.path !== STORE_FILE).length, 'pin')} in ${plural(changedFiles.filter((f) => f !== STORE_FILE).length, 'file')}`;
  if (args.dryRun) {
    io.out(`Dry run: would set BUILD_COMMIT to ${ref} (${count}); nothing written.\n`);
    return 0;
  }
  writeBump(target, plan);
  io.out(`Set BUILD_COMMIT to ${ref}: ${count}${plan.outputs.has(STORE_FILE) ? `, and the stored answer in ${STORE_FILE}` : ''}.\n`);
  if (args.commit) {
    const message = `Build ${projectName(target)} ${args.ref ?? ref}`;
    const sha = commitFiles(args.dir, changedFiles, message);
    io.out(`Committed ${sha.slice(0, 12)} "${message}".\n`);
    if (args.push) io.out(`${pushCurrentBranch(args.dir)}\n`);
  }
  return 0;
}

function check(plan: BumpPlan, ref: string | undefined, io: BumpIO): number {
  const values = pinnedValues(plan);
  for (const [value, where] of values) io.out(`${value}: ${where.join(', ')}\n`);
  if (values.size > 1) {
    io.out(`BUILD_COMMIT pins disagree: ${[...values.keys()].join(' vs ')}. Run \`wheels-repo bump REF\` to align them.\n`);
    return 1;
  }
  const [only] = values.keys();
  io.out(`${plan.pins.length === 1 ? 'The one BUILD_COMMIT pin is' : `All ${plan.pins.length} BUILD_COMMIT pins agree on`} ${only}${ref !== undefined && ref !== only ? ` (not ${ref})` : ''}.\n`);
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
