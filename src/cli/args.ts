// One strict command-line parser for every command: node:util parseArgs, plus what it does not do.
// An unknown flag gets "did you mean" (edit distance over the command's own flags), a single-value
// flag given twice is refused (parseArgs silently keeps the last), and parseArgs' long advice about
// positionals starting with '-' is dropped.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors.js';
import { closest } from './did-you-mean.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

type Token =
  | { kind: 'positional'; index: number; value: string }
  | { kind: 'option'; name: string; rawName: string; index: number; value: string | undefined; inlineValue: boolean | undefined };

/**
 * What parseArgs({ ...config, strict: true, tokens: true }) returns, for a command line of the
 * commonest shape, without parseArgs; undefined for any other, which parseArgs then parses (and
 * refuses, with its own message). The shape: positionals that do not start with '-' (when allowed),
 * `--name` of a boolean option, and `--name value` (the value not starting with '-') or
 * `--name=value` of a string option, all of them options the config declares (not `__proto__`),
 * none with a default, in the `args` given.
 * Why: parseArgs is loaded and run cold at every start, ~1.3 ms of a 27 ms bump (alternating runs,
 * issue #15). test/cli/args.test.ts compares the two on generated command lines.
 */
export function parseCommonShape(config: ParseArgsConfig & { options: Options }): { values: Record<string, string | boolean | Array<string | boolean>>; positionals: string[]; tokens: Token[] } | undefined {
  const { args, options, allowPositionals = false } = config;
  // without args parseArgs reads process.argv; a default fills values
  if (args === undefined || Object.values(options).some((o) => o.default !== undefined)) return undefined;
  const values: Record<string, string | boolean | Array<string | boolean>> = Object.create(null);
  const positionals: string[] = [];
  const tokens: Token[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith('-')) {
      if (!allowPositionals) return undefined;
      positionals.push(arg);
      tokens.push({ kind: 'positional', index, value: arg });
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    // parseArgs drops an option named __proto__, and reads a bare -- as the end of the options
    if (!arg.startsWith('--') || option === undefined || name === '__proto__' || name === '') return undefined;
    let value: string | undefined;
    if (option.type === 'boolean') {
      if (eq >= 0) return undefined;
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      value = args[index + 1];
      if (value === undefined || value.startsWith('-')) return undefined;
    }
    tokens.push({ kind: 'option', name, rawName: `--${name}`, index, value, inlineValue: option.type === 'boolean' ? undefined : eq >= 0 });
    if (option.type === 'string' && eq < 0) index++;
    const stored = value ?? true;
    if (option.multiple === true) ((values[name] ??= []) as Array<string | boolean>).push(stored);
    else values[name] = stored;
  }
  return { values, positionals, tokens };
}

/**
 * Parses `config.args` strictly. Errors are UserErrors with `hint` and `exitCode` (2 for the
 * wheels-repo commands, whose bad command lines are usage errors; 1 where a command always used 1).
 */
export function parseStrict<T extends ParseArgsConfig & { options: Options }>(config: T, hint: string, exitCode: 1 | 2 = 2): Parsed<T> {
  let parsed;
  try {
    parsed = parseCommonShape(config) ?? parseArgs({ ...config, strict: true, tokens: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined && unknown.startsWith('--')) {
      const near = closest(unknown.slice(2).replace(/=.*$/, ''), Object.keys(config.options));
      if (near !== undefined) throw new UserError(`Unknown option '${unknown}' (did you mean --${near}?)`, hint, exitCode);
    }
    throw new UserError(message, hint, exitCode);
  }
  const seen = new Map<string, string[]>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = config.options[t.name];
    if (o === undefined || o.type !== 'string' || o.multiple === true) continue;
    seen.set(t.name, [...(seen.get(t.name) ?? []), t.value ?? '']);
  }
  for (const [name, values] of seen) {
    if (values.length > 1) {
      throw new UserError(`--${name} was given ${values.length} times (${values.map((v) => JSON.stringify(v)).join(', ')}); it takes one value.`, `Pass --${name} once. ${hint}`, exitCode);
    }
  }
  return parsed as unknown as Parsed<T>;
}
