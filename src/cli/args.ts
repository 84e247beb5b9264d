// One strict command-line parser for every command: node:util parseArgs, plus what it does not do.
// An unknown flag gets "did you mean" (edit distance over the command's own flags), a single-value
// flag given twice is refused (parseArgs silently keeps the last), and parseArgs' long advice about
// positionals starting with '-' is dropped.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors.js';
import { closest } from './did-you-mean.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * Parses `config.args` strictly. Errors are UserErrors with `hint` and `exitCode` (2 for the
 * wheels-repo commands, whose bad command lines are usage errors; 1 where a command always used 1).
 */
export function parseStrict<T extends ParseArgsConfig & { options: Options }>(config: T, hint: string, exitCode: 1 | 2 = 2): Parsed<T> {
  let parsed;
  try {
    parsed = parseArgs({ ...config, strict: true, tokens: true });
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
