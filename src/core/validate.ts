// Validation of answers against an option table and the rules of the chosen layout, both passed in
// (src/answers/schema.ts binds the registered ones). It reports every problem at once, each naming
// the flag and what is accepted.
import type { Answers, AnswerKey, OptionSpec } from './options.js';

export interface Problem {
  flag: string;
  message: string;
}

export type RawAnswers = Partial<Record<AnswerKey, unknown>>;

export function formatProblem(p: Problem): string {
  return `--${p.flag} ${p.message}`;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** Turns a raw value into the option's shape, or a problem sentence. */
export function coerce(spec: OptionSpec, raw: unknown): { value: string | string[] } | { error: string } {
  if (spec.kind === 'list') {
    const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
    if (!items || items.some((i) => typeof i !== 'string')) return { error: 'must be a comma-separated list' };
    const list = (items as string[]).map((s) => s.trim()).filter((s) => s !== '');
    return { value: list };
  }
  if (typeof raw !== 'string') return { error: `must be text, got ${show(raw)}` };
  return { value: spec.kind === 'multiline' ? raw.replace(/\s+$/, '') : raw.trim() };
}

/** Problems with one value of one option (no cross-field rules). */
export function checkOption(spec: OptionSpec, value: string | string[]): string | null {
  if (Array.isArray(value)) {
    const allowed = spec.listItems ?? [];
    if (value.length === 0) return `needs at least one of: ${allowed.join(', ')}`;
    const unknown = value.filter((v) => !allowed.includes(v));
    if (unknown.length > 0) return `does not accept ${unknown.map((u) => show(u)).join(', ')}; choose from: ${allowed.join(', ')}`;
    const dupes = value.filter((v, i) => value.indexOf(v) !== i);
    if (dupes.length > 0) return `lists ${show(dupes[0])} twice`;
    return null;
  }
  if (spec.choices) {
    const choice = spec.choices.find((c) => c.value === value);
    if (!choice) return `does not accept ${show(value)}; choose one of: ${spec.choices.filter((c) => !c.unavailable).map((c) => c.value).join(', ')}`;
    if (choice.unavailable) return `${value} ${choice.unavailable}`;
    return null;
  }
  const error = spec.check?.(value) ?? null;
  return error === null ? null : `${error}; got ${show(value)}`;
}

export type Resolution = { ok: true; answers: Answers } | { ok: false; problems: Problem[] };

export interface Schema {
  options: readonly OptionSpec[];
  /** the rules of a layout: combinations of answers it cannot honour */
  refuse(a: Answers): Problem[];
}

/**
 * Fills defaults in table order (later defaults may depend on earlier answers), then checks every value
 * and the rules between values.
 */
export function resolveWith(schema: Schema, given: RawAnswers): Resolution {
  const { options } = schema;
  const problems: Problem[] = [];
  const out: Partial<Record<AnswerKey, string | string[]>> = {};
  for (const spec of options) {
    const raw = given[spec.key];
    const applies = spec.when ? spec.when(out as Partial<Answers>) : true;
    if (raw === undefined || raw === null) {
      if (!applies) continue;
      const fallback = spec.fallback?.(out as Partial<Answers>);
      if (fallback === undefined) {
        if (spec.required || spec.when) problems.push({ flag: spec.flag, message: requiredMessage(spec) });
        continue;
      }
      out[spec.key] = fallback;
      continue;
    }
    const coerced = coerce(spec, raw);
    if ('error' in coerced) {
      problems.push({ flag: spec.flag, message: coerced.error });
      continue;
    }
    if (!applies) {
      if (raw === '') continue; // stored empty in .yo-rc.json: the answer does not apply
      problems.push({ flag: spec.flag, message: `is only used with ${whenText(spec)}; drop it or change that answer` });
      continue;
    }
    const error = checkOption(spec, coerced.value);
    if (error) problems.push({ flag: spec.flag, message: error });
    else out[spec.key] = coerced.value;
  }
  const unknownKeys = Object.keys(given).filter((k) => !options.some((o) => o.key === k));
  for (const k of unknownKeys) problems.push({ flag: k, message: 'is not an answer this generator knows' });
  if (problems.length > 0) return { ok: false, problems };
  // Rules between answers: what the chosen layout cannot honour, each with its alternative.
  problems.push(...schema.refuse(out as unknown as Answers));
  if (problems.length > 0) return { ok: false, problems };
  // Table order, so .yo-rc.json reads like the help text; an answer that does not apply is stored empty.
  const answers = Object.fromEntries(options.map((o) => [o.key, out[o.key] ?? ''])) as unknown as Answers;
  return { ok: true, answers };
}

function whenText(spec: OptionSpec): string {
  if (spec.key === 'anacondaOrg') return '--staging anaconda';
  if (spec.key === 's3Bucket') return '--staging s3';
  if (spec.key === 'nightlyRef') return 'a --nightly schedule';
  if (spec.key === 'nightlyOrg') return 'a --nightly schedule on a layout that uploads nightly wheels (github-actions)';
  return 'another answer';
}

function requiredMessage(spec: OptionSpec): string {
  const examples: Partial<Record<AnswerKey, string>> = {
    name: '--name scikit-image',
    repoUrl: '--repo-url https://github.com/scikit-image/scikit-image',
    anacondaOrg: '--anaconda-org multibuild-wheels-staging',
    s3Bucket: '--s3-bucket my-wheels-staging',
  };
  const reason = spec.when ? `is required with ${whenText(spec)}` : 'is required';
  return `${reason}: ${spec.describe}${examples[spec.key] ? `, e.g. ${examples[spec.key]}` : ''}`;
}
