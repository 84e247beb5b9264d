// Prompts for the answers that no flag gave, built from the option table. A choice is offered only
// when the one validation (the table's checks and the chosen layout's rules, src/answers/schema.ts)
// can still accept it given the answers before it, and a combination it refuses is refused at the
// question that makes it, with the validation's own message: never after the last question.
import type { Answers, OptionSpec } from '../core/options.js';
import { checkOption, coerce, formatProblem, resolveWith, type Problem, type RawAnswers, type Schema } from '../core/validate.js';
import { shellHookError, shellHookProblems } from '../io/shell-hooks.js';
import { layoutFor } from '../providers/registry.js';
import { OPTIONS } from './schema.js';

export interface Question {
  type: 'input' | 'select' | 'checkbox';
  name: string;
  message: string;
  default?: unknown;
  choices?: (answers: Record<string, unknown>) => Array<{ name: string; value: string; checked?: boolean }>;
  when?: (answers: Record<string, unknown>) => boolean;
  /** inquirer passes the answers given so far as the second argument */
  validate?: (input: unknown, answers?: Record<string, unknown>) => true | string;
}

/** inquirer's checkbox validates the selected choice objects, not their values */
function plain(input: unknown): unknown {
  return Array.isArray(input) ? input.map((i: unknown) => (i && typeof i === 'object' && 'value' in i ? (i as { value: unknown }).value : i)) : input;
}

/** The problem with one value on its own (no other answer involved), or null. */
function ownProblem(spec: OptionSpec, input: unknown): string | null {
  const c = coerce(spec, plain(input));
  if ('error' in c) return `--${spec.flag} ${c.error}`;
  const error = checkOption(spec, c.value) ?? (spec.kind === 'multiline' && typeof c.value === 'string' ? shellHookError(c.value, spec.key === 'preBuild' ? 'pre_build' : 'run_tests') : null);
  return error === null ? null : `--${spec.flag} ${error}`;
}

/** What the defaults would be given `so far` (flags plus earlier prompts). */
function defaultsFrom(given: RawAnswers, soFar: Record<string, unknown>): Partial<Answers> {
  const merged: RawAnswers = { ...given, ...soFar };
  const out: Partial<Record<keyof Answers, unknown>> = {};
  for (const spec of OPTIONS) {
    const raw = merged[spec.key];
    const value = raw ?? spec.fallback?.(out as Partial<Answers>);
    if (value !== undefined) out[spec.key] = value;
  }
  return out as Partial<Answers>;
}

const offered = (spec: OptionSpec) => (spec.choices ?? []).filter((c) => !c.unavailable);

/** The select questions that are asked (one with a single possible answer is not). */
const SELECTS = OPTIONS.filter((o) => o.kind === 'choice' && offered(o).length >= 2);

/**
 * The schema of the one validation (the option table, and the rules of the layout chosen, as
 * resolveAnswers binds them), with the answers not given yet optional: a required answer that comes
 * later (the S3 bucket after --staging s3) must not hide the layout's rules from the answers so far.
 */
function schemaSoFar(so: RawAnswers): Schema {
  return {
    options: OPTIONS.map((o) => (so[o.key] !== undefined ? o : { ...o, required: false, fallback: (a: Partial<Answers>) => o.fallback?.(a) ?? (o.kind === 'list' ? [] : '') })),
    refuse: (a) => layoutFor(a.ci).refuse(a),
  };
}

/** The validation's problems with the answers in `so` (and with none of the answers still to come). */
function problemsOf(so: RawAnswers): Problem[] {
  const r = resolveWith(schemaSoFar(so), so);
  if (r.ok) return [];
  const held = new Set(OPTIONS.filter((o) => so[o.key] !== undefined).map((o) => o.flag));
  return r.problems.filter((p) => held.has(p.flag) || !OPTIONS.some((o) => o.flag === p.flag));
}

/** Every way to answer `specs` (select questions still to come), each value offered. */
function* completions(specs: readonly OptionSpec[], so: RawAnswers = {}): Generator<RawAnswers> {
  const [first, ...rest] = specs;
  if (!first) return yield so;
  for (const c of offered(first)) yield* completions(rest, { ...so, [first.key]: c.value });
}

/**
 * The problems the answers in `so` cannot get out of: none when some answers to the select questions
 * still to come (their other choices are offered only when valid) make the validation accept them;
 * otherwise the validation's problems with the later answers at their defaults, which is what the
 * final validation would say.
 */
export function unavoidableProblems(so: RawAnswers): Problem[] {
  const atDefaults = problemsOf(so);
  if (atDefaults.length === 0) return [];
  const later = SELECTS.filter((o) => so[o.key] === undefined);
  for (const c of completions(later)) if (problemsOf({ ...so, ...c }).length === 0) return [];
  return atDefaults;
}

/**
 * Problems with the flags given, before the first prompt: a combination a question still to come can
 * fix (`--publish twine` before the CI layout is chosen) is left to that question, which offers only
 * the layouts that accept it; one no later answer can fix (`--ci github-actions --publish twine`) is
 * refused now, before any question is asked.
 */
export function problemsBeforeQuestions(given: RawAnswers): Problem[] {
  const problems = unavoidableProblems(given);
  const flagged = new Set(problems.map((p) => p.flag));
  return [...problems, ...shellHookProblems(given).filter((p) => !flagged.has(p.flag))];
}

/** Whether `value` for `spec` can still pass the one validation after the answers so far. */
function acceptable(spec: OptionSpec, value: string | string[], given: RawAnswers, answers: Record<string, unknown>): boolean {
  return unavoidableProblems({ ...given, ...answers, [spec.key]: value }).length === 0;
}

function validator(spec: OptionSpec, given: RawAnswers) {
  return (input: unknown, answers: Record<string, unknown> = {}): true | string => {
    const own = ownProblem(spec, input);
    if (own !== null) return own;
    const problems = unavoidableProblems({ ...given, ...answers, [spec.key]: plain(input) });
    return problems.length === 0 ? true : problems.map(formatProblem).join('\n');
  };
}

export function questionsFor(given: RawAnswers): Question[] {
  const questions: Question[] = [];
  for (const spec of OPTIONS) {
    if (given[spec.key] !== undefined) continue;
    const when = (answers: Record<string, unknown>) => (spec.when ? spec.when(defaultsFrom(given, answers)) : true);
    const validate = validator(spec, given);
    if (spec.kind === 'list') {
      questions.push({
        type: 'checkbox', name: spec.key, message: spec.message, when, validate,
        choices: (answers) => {
          const checked = (defaultsFrom(given, answers)[spec.key] ?? []) as string[];
          return (spec.listItems ?? [])
            .filter((v) => acceptable(spec, [v], given, answers))
            .map((v) => ({ name: v, value: v, checked: checked.includes(v) }));
        },
      });
    } else if (spec.choices) {
      if (!SELECTS.includes(spec)) continue; // one possible answer: nothing to ask
      const values = (answers: Record<string, unknown>) => offered(spec).filter((c) => acceptable(spec, c.value, given, answers));
      questions.push({
        type: 'select', name: spec.key, message: spec.message, when, validate,
        // the default when it is still offered, else the first choice that is
        default: (answers: Record<string, unknown>) => {
          const fallback = defaultsFrom(given, answers)[spec.key];
          const ok = values(answers);
          return ok.find((c) => c.value === fallback)?.value ?? ok[0]?.value;
        },
        choices: (answers) => values(answers).map((c) => ({ name: `${c.value}: ${c.describe}`, value: c.value })),
      });
    } else {
      questions.push({
        type: 'input', name: spec.key, message: spec.message, when, validate,
        default: (answers: Record<string, unknown>) => defaultsFrom(given, answers)[spec.key],
      });
    }
  }
  return questions;
}
