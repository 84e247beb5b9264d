// The answers of the registered layouts: the option table and the one validation, bound to
// src/providers/registry.ts. Flags, prompts, .yo-rc.json and defaults all pass through here.
import { optionTable, type Answers, type OptionSpec } from '../core/options.js';
import { formatProblem, resolveWith, type Problem, type RawAnswers, type Resolution } from '../core/validate.js';
import { shellHookProblems } from '../io/shell-hooks.js';
import { LAYOUTS, layoutFor } from '../providers/registry.js';

export const OPTIONS: readonly OptionSpec[] = optionTable(LAYOUTS);

/** Defaults filled in table order, every value checked, then the chosen layout's rules. */
export function resolveAnswers(given: RawAnswers): Resolution {
  return resolveWith({ options: OPTIONS, refuse: (a) => layoutFor(a.ci).refuse(a) }, given);
}

export function optionByFlag(flag: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.flag === flag);
}

/**
 * The one validation of a whole set of answers: the schema and the layout's rules, then the shell
 * hooks (the test and pre-build commands must be nothing but their functions' bodies).
 */
export function validateAnswers(given: RawAnswers): Resolution {
  const resolution = resolveAnswers(given);
  const problems = withHooks(resolution.ok ? [] : resolution.problems, resolution.ok ? resolution.answers : given);
  return problems.length > 0 ? { ok: false, problems } : resolution;
}

/**
 * `problems` plus the shell-hook problems of flags not named already. bash checks only text the user
 * gave: the default (`pytest --pyargs <import name>`, a checked identifier) is a single simple
 * command by construction, which test/answers/schema-hooks.test.ts checks with bash.
 */
function withHooks(problems: Problem[], a: { testCommand?: unknown; preBuild?: unknown }): Problem[] {
  const flagged = new Set(problems.map((p) => p.flag));
  const ours = (key: 'testCommand' | 'preBuild') => a[key] === OPTIONS.find((o) => o.key === key)?.fallback?.(a as Partial<Answers>);
  return [...problems, ...shellHookProblems(a, ours).filter((p) => !flagged.has(p.flag))];
}

/** The answers' problems as one message, each line naming its flag. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${formatProblem(p)}`).join('\n');
}
