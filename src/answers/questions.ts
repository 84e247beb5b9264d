// Prompts for the answers that no flag gave, built from the option table.
import type { Answers, OptionSpec } from '../core/options.js';
import { checkOption, coerce, type RawAnswers } from '../core/validate.js';
import { shellHookError } from '../io/shell-hooks.js';
import { OPTIONS, resolveAnswers } from './schema.js';

export interface Question {
  type: 'input' | 'select' | 'checkbox';
  name: string;
  message: string;
  default?: unknown;
  choices?: (answers: Record<string, unknown>) => Array<{ name: string; value: string; checked?: boolean }>;
  when?: (answers: Record<string, unknown>) => boolean;
  validate?: (input: unknown) => true | string;
}

function validator(spec: OptionSpec) {
  return (input: unknown): true | string => {
    // inquirer's checkbox validates the selected choice objects, not their values
    const raw = Array.isArray(input) ? input.map((i: unknown) => (i && typeof i === 'object' && 'value' in i ? (i as { value: unknown }).value : i)) : input;
    const c = coerce(spec, raw);
    if ('error' in c) return c.error;
    const error = checkOption(spec, c.value) ?? (spec.kind === 'multiline' && typeof c.value === 'string' ? shellHookError(c.value, spec.key === 'preBuild' ? 'pre_build' : 'run_tests') : null);
    return error === null ? true : `--${spec.flag} ${error}`;
  };
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

/**
 * Whether `value` for `spec` would pass the one validation given everything answered so far: the
 * choices a layout cannot honour (s3 on GitHub Actions, macos-arm64 on Travis) are not offered.
 */
function acceptable(spec: OptionSpec, value: string | string[], given: RawAnswers, answers: Record<string, unknown>): boolean {
  const r = resolveAnswers({ ...given, ...answers, [spec.key]: value });
  return r.ok || !r.problems.some((p) => p.flag === spec.flag);
}

export function questionsFor(given: RawAnswers): Question[] {
  const questions: Question[] = [];
  for (const spec of OPTIONS) {
    if (given[spec.key] !== undefined) continue;
    const when = (answers: Record<string, unknown>) => (spec.when ? spec.when(defaultsFrom(given, answers)) : true);
    if (spec.kind === 'list') {
      questions.push({
        type: 'checkbox', name: spec.key, message: spec.message, when, validate: validator(spec),
        choices: (answers) => {
          const checked = (defaultsFrom(given, answers)[spec.key] ?? []) as string[];
          return (spec.listItems ?? [])
            .filter((v) => acceptable(spec, [v], given, answers))
            .map((v) => ({ name: v, value: v, checked: checked.includes(v) }));
        },
      });
    } else if (spec.choices) {
      const offered = spec.choices.filter((c) => !c.unavailable);
      if (offered.length < 2) continue; // one possible answer: nothing to ask
      questions.push({
        type: 'select', name: spec.key, message: spec.message, when,
        default: (answers: Record<string, unknown>) => defaultsFrom(given, answers)[spec.key],
        choices: (answers) => offered
          .filter((c) => acceptable(spec, c.value, given, answers))
          .map((c) => ({ name: `${c.value}: ${c.describe}`, value: c.value })),
      });
    } else {
      questions.push({
        type: 'input', name: spec.key, message: spec.message, when, validate: validator(spec),
        default: (answers: Record<string, unknown>) => defaultsFrom(given, answers)[spec.key],
      });
    }
  }
  return questions;
}
