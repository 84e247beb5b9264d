// wheels-repo upgrade (and create-wheels-repo run inside a generated repository): re-render with the
// stored answers and merge into the user's files; never lose a byte the user wrote. The planning and
// the writing are src/repo/upgrade.ts; this is the command: flags, new questions, report, commit.
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import type { FileFate } from '../core/upgrade-plan.js';
import type { RawAnswers } from '../core/validate.js';
import { OPTIONS, optionByFlag } from '../answers/schema.js';
import type { CommandIO } from '../io/command-io.js';
import { unifiedDiff } from '../io/merge.js';
import { packageVersion } from '../io/package-files.js';
import { applyUpgrade, commitUpgrade, dirtyFiles, isUpToDate, planRepoUpgrade } from '../repo/upgrade.js';
import { STORE_FILE } from '../repo/store.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { parseStrict } from './args.js';
import { shellWord } from '../core/quote.js';
import { wrapHelp } from './help-wrap.js';

export const UPGRADE_HELP = `Usage: wheels-repo upgrade [--dir PATH] [--set KEY=VALUE]... [--dry-run] [--allow-dirty] [--commit] [--yes]

Re-renders the templates of this version with the answers stored in ${STORE_FILE}
and merges them into the repository: files you never edited are replaced,
files you edited are merged three-way (git merge-file), conflicts get standard
markers.

  --dir PATH         the wheels repository (default: the current directory)
  --set KEY=VALUE    change an answer, with the generator's flag names,
                     e.g. --set python=3.12,3.13,3.14 (repeatable)
  --dry-run          print each file's fate and the diff, write nothing
                     (exit 1 when a file would conflict)
  --allow-dirty      run even with uncommitted changes to generated files
  --commit           commit the result when there is no conflict (the
                     message names the answers --set changed)
  -y, --yes          never prompt: new answers get their defaults
  -h, --help         show this help
`;

type UpgradeIO = Pick<CommandIO, 'cwd' | 'out' | 'env' | 'terminal' | 'adapter'>;

export interface UpgradeArgs {
  dir: string;
  set: RawAnswers;
  dryRun: boolean;
  allowDirty: boolean;
  commit: boolean;
  yes: boolean;
}

export function parseSet(items: readonly string[]): RawAnswers {
  const out: RawAnswers = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const flag = eq > 0 ? item.slice(0, eq).replace(/^--/, '') : '';
    const spec = optionByFlag(flag);
    if (!spec) {
      throw new UserError(`--set ${JSON.stringify(item)}: expected KEY=VALUE with KEY one of ${OPTIONS.map((o) => o.flag).join(', ')}.`, 'e.g. --set python=3.12,3.13');
    }
    out[spec.key] = item.slice(eq + 1);
  }
  return out;
}

function parseUpgradeArgs(argv: readonly string[], cwd: string): UpgradeArgs | 'help' {
  const parsed = parseStrict({
      args: [...argv], allowPositionals: false,
      options: {
        dir: { type: 'string' }, set: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' },
        'allow-dirty': { type: 'boolean' }, commit: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' },
      },
    }, 'Run `wheels-repo upgrade --help`.');
  const v = parsed.values;
  if (v.help) return 'help';
  return {
    dir: resolve(cwd, v.dir ?? '.'), set: parseSet(v.set ?? []), dryRun: v['dry-run'] === true,
    allowDirty: v['allow-dirty'] === true, commit: v.commit === true, yes: v.yes === true,
  };
}

export async function runUpgradeCommand(argv: readonly string[], io: UpgradeIO): Promise<number> {
  const args = parseUpgradeArgs(argv, io.cwd);
  if (args === 'help') return io.out(wrapHelp(UPGRADE_HELP)), 0;
  return upgrade(args, io);
}

async function askNew(given: RawAnswers, missing: readonly string[], io: UpgradeIO): Promise<RawAnswers> {
  const { questionsFor } = await import('../answers/questions.js');
  const questions = questionsFor(given).filter((q) => missing.includes(q.name));
  if (questions.length === 0) return {};
  io.out(`This version asks ${questions.length} new question${questions.length === 1 ? '' : 's'}:\n`);
  const { askQuestions } = await import('../io/prompt.js');
  return (await askQuestions(questions, io.adapter)) as RawAnswers;
}

export async function upgrade(args: UpgradeArgs, io: UpgradeIO): Promise<number> {
  const stored = WheelsRepo.readGenerated(args.dir);
  for (const m of stored.store.migrations) io.out(`migrated answers: ${m}\n`);
  const given: RawAnswers = { ...(stored.store.answers as RawAnswers), ...args.set };
  const missing = OPTIONS.filter((o) => given[o.key] === undefined).map((o) => o.key as string);
  const asked = missing.length > 0 && !args.yes && io.terminal ? await askNew(given, missing, io) : {};
  const repo = WheelsRepo.validate(stored, { set: { ...args.set, ...asked } });
  const plan = planRepoUpgrade(repo);
  const version = packageVersion();
  if (isUpToDate(plan)) {
    io.out(`Up to date: ${plan.fates.length} files checked against create-wheels-repo ${version}; nothing changed.\n`);
    return 0;
  }
  const dirty = dirtyFiles(plan);
  if (dirty && dirty.length > 0 && !args.allowDirty && !args.dryRun) {
    throw new UserError(`Uncommitted changes to generated files:\n${dirty.map((d) => `  ${d}`).join('\n')}`, 'Commit or stash them first (the upgrade must not mix with them), or run `wheels-repo upgrade --allow-dirty`.');
  }
  // Checked before writing: an upgrade that cannot be committed must not be half done.
  if (args.commit && !args.dryRun && dirty === undefined) {
    throw new UserError(`--commit needs a git repository, and ${args.dir} is not in one.`, 'Run without --commit, or `git init` it first; nothing was written.');
  }

  report(plan.fates, io);
  for (const l of plan.links) io.out(`  ${l.path} (submodule): ${l.note}\n`);
  const conflicts = plan.fates.filter((f) => f.fate === 'conflict');
  if (args.dryRun) {
    for (const f of plan.changes) io.out(unifiedDiff(f.path, f.before, f.after));
    io.out(`Dry run: ${plan.changes.length} file${plan.changes.length === 1 ? '' : 's'} would change${plan.rcChanges ? `, and ${STORE_FILE}` : ''}; nothing written.\n`);
    if (conflicts.length === 0) return 0;
    // the upgrade itself would stop at these: the dry run says so in its exit status too
    io.out(`${conflicts.length} file${conflicts.length === 1 ? ' would conflict' : 's would conflict'}: ${conflicts.map((f) => f.path).join(', ')}; the upgrade would leave conflict markers there to resolve.\n`);
    return 1;
  }
  const written = applyUpgrade(plan);
  if (conflicts.length > 0) {
    io.out(`\n${conflicts.length} file${conflicts.length === 1 ? ' has' : 's have'} conflicts, marked with <<<<<<< / >>>>>>>:\n${conflicts.map((f) => `  ${f.path}`).join('\n')}\nResolve them, then commit.\n`);
    return 1;
  }
  io.out(`Upgraded to create-wheels-repo ${version}.\n`);
  if (args.commit) {
    const sha = commitUpgrade(plan, written, commitMessage(changedAnswers(stored.store.answers, repo.answers, args.set), version));
    io.out(`Committed ${sha.slice(0, 12)}.\n`);
  }
  return 0;
}

/** The --set answers that differ from the stored ones, as `flag=value` (what a reader of the log needs). */
export function changedAnswers(before: object, after: object, set: RawAnswers): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const text = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v ?? ''));
  return OPTIONS.filter((o) => set[o.key] !== undefined && text(b[o.key]) !== text(a[o.key])).map((o) => `${o.flag}=${text(a[o.key])}`);
}

/** The upgrade commit's message: what changed first, the tool's version second. */
export function commitMessage(changed: readonly string[], version: string): string {
  if (changed.length === 0) return `Upgrade to create-wheels-repo ${version}`;
  return `Change answers: ${changed.join(' ')}\n\nwheels-repo upgrade ${changed.map((c) => `--set ${shellWord(c)}`).join(' ')}, rendered by create-wheels-repo ${version}.`;
}

function report(fates: readonly FileFate[], io: Pick<CommandIO, 'out'>): void {
  for (const f of fates) {
    if (f.fate === 'unchanged' && f.chmod === undefined) continue;
    const mode = f.chmod === undefined ? '' : f.chmod === 0o755 ? 'now executable' : 'no longer executable';
    const note = {
      updated: 'updated', merged: 'merged (your edits kept)', conflict: `CONFLICT (${f.conflicts ?? 1})`, added: 'added',
      removed: 'removed (no longer generated, never edited)', kept: 'kept (no longer generated, but you edited it)',
      'deleted-by-you': 'stays deleted (you deleted it)', unchanged: '',
    }[f.fate];
    io.out(`  ${f.path}: ${[note, mode].filter(Boolean).join(', ')}\n`);
  }
}
