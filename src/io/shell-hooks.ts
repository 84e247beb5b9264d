// Free text for --test-command and --pre-build becomes the body of a bash function in config.sh,
// which every CI job `source`s. Parsing is not enough: `true\n}\necho RAN\nfunction _x {\n:`
// parses, yet closes the function and runs `echo RAN` at source time. So the text is also sourced,
// wrapped as config.sh wraps it, in a bash where no command can run, and the result is inspected.
//
// What bash 5 showed when this was written (see test/io/shell-hooks.test.ts):
// - With extdebug, a DEBUG trap that fails skips the command. It fires before every simple command
//   (assignments and redirection-only ones too), `[[`, `((`, `case`, `select`, each `for` turn and
//   arithmetic-for step; pipelines, `$(...)`, `<(...)`, `( )` and coproc inherit it. Defining a
//   function fires nothing, so the function is defined and never called.
// - It fires after the redirections of compound commands (`{ :; } >f`, `if ...; fi >f`) are opened
//   and after a `for` word list is expanded. Restricted mode (-r) refuses those output redirections;
//   input ones still open (a FIFO blocks until the timeout, and a `( )` blocked on one outlives
//   it; /dev/tcp is refused as well: bash 5.2 -r says "restricted: cannot redirect output" and
//   connects nowhere), and a for list can assign variables (`${x:=1}`) in the check shell.
//   None of this writes anything, and such text is refused anyway: whatever sits outside the
//   function fails the sentinel test below.
// - A skipped `while` condition counts as true, so the trap ends the shell at the first top-level
//   command instead of collecting them all.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { shellBody } from '../core/quote.js';
import type { Problem } from '../core/validate.js';

type Hook = 'run_tests' | 'pre_build';

const FIELDS = [
  { key: 'testCommand', flag: 'test-command', fn: 'run_tests' },
  { key: 'preBuild', flag: 'pre-build', fn: 'pre_build' },
] as const;

// No BASH_ENV, no exported functions (BASH_FUNC_*) and untranslated messages.
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
const TIMEOUT_MS = 5000;

function bash(flags: string[], input: string) {
  return spawnSync('bash', ['--noprofile', '--norc', ...flags], {
    input, encoding: 'utf8', env: ENV, timeout: TIMEOUT_MS, killSignal: 'SIGKILL',
  });
}

// Run apart from the sourcing check because that one adds sentinel lines, which would make a body
// of only comments, or one ending in a backslash, parse when config.sh itself would not.
function syntaxError(text: string, fn: Hook): string | null | undefined {
  const r = bash(['-n'], `function ${fn} {\n${shellBody(text)}\n}\n`);
  if (r.error) return undefined; // no bash here
  if (r.status === 0) return null;
  const said = r.stderr.split('\n').map((l) => l.replace(/^bash: (line \d+: )?/, '').trim()).filter(Boolean).join('; ');
  return `is not a valid bash command list (${said || 'syntax error'}); it becomes the body of ${fn} in config.sh`;
}

// Everything the text could use to talk back (printf, declare, builtin, trap, exit) can be
// redefined by the text itself. Assigning POSIXLY_CORRECT cannot be; in POSIX mode `unset`, `trap`
// and `exit` are special builtins that win over functions, and `unset -f builtin` restores the rest.
function sourceScript(text: string, fn: Hook, tag: string): string {
  const mark = `@@${tag}`;
  const real = 'POSIXLY_CORRECT=y; unset -f builtin;';
  const handler = [
    `if [[ $BASH_COMMAND == "__cwr_stop_${tag}=1" ]]; then ${real} trap - DEBUG;`,
    `builtin printf "%s\\n" "${mark} after"; builtin declare -F;`,
    `builtin printf "%s\\n" "${mark} fn"; builtin declare -f ${fn}; exit 0; fi;`,
    `${real} builtin printf "%s\\n%s\\n" "${mark} cmd" "$BASH_COMMAND"; exit 3`,
  ].join(' ');
  return [
    `printf "%s\\n" "${mark} before"; declare -F`,
    'shopt -s extdebug',
    `trap '${handler}' DEBUG`,
    `function ${fn} {`,
    `: __cwr_begin_${tag}`,
    shellBody(text),
    `: __cwr_end_${tag}`,
    '}',
    `__cwr_stop_${tag}=1`,
    '',
  ].join('\n');
}

function names(declared: string | undefined): string[] {
  return (declared ?? '').split('\n').flatMap((l) => /^declare -f\S* (\S+)$/.exec(l)?.slice(1) ?? []);
}

function shown(command: string): string {
  const line = command.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** Why `text` cannot be the body of bash function `fn`, or null when it can. */
export function shellHookError(text: string, fn: Hook): string | null {
  if (text.trim() === '') return null;
  const syntax = syntaxError(text, fn);
  // No bash here: CI will tell; the generated file is still written verbatim.
  if (syntax === undefined) return null;
  if (syntax !== null) return syntax;

  const tag = randomBytes(12).toString('hex');
  const r = bash(['-r'], sourceScript(text, fn, tag));
  const only = `it must be only the body of ${fn} in config.sh`;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) return null;
  if (timedOut) return `does not stay inside ${fn}: sourcing config.sh would not finish defining it; ${only}`;

  const parts = r.stdout.split(new RegExp(`^@@${tag} (\\w+)\\n`, 'm'));
  const cmds: string[] = [];
  const section = new Map<string, string>();
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const body = parts[i + 1] ?? '';
    if (name === 'cmd') cmds.push(shown(body));
    else section.set(name, body);
  }
  if (cmds.length > 0) return `closes the function and adds top-level commands (${[...new Set(cmds)].join(', ')}); ${only}`;
  if (!section.has('after')) return `does not end where ${fn} ends (it swallows the rest of config.sh); ${only}`;
  const before = new Set(names(section.get('before')));
  const extra = names(section.get('after')).filter((n) => n !== fn && !before.has(n));
  if (extra.length > 0) return `defines other functions (${extra.join(', ')}); ${only}`;
  // The begin sentinel sits right after `function fn {`, the end one right before the closing `}`:
  // the final definition holds both only if the whole text stayed inside the first one.
  const def = section.get('fn') ?? '';
  if (!def.includes(`: __cwr_begin_${tag}`)) return `closes ${fn} and defines it again; ${only}`;
  if (!def.includes(`: __cwr_end_${tag}`)) return `closes ${fn} before its end; ${only}`;
  return null;
}

/** bash's complaint about a whole script (`bash -n`, nothing run), or null when it parses or bash is absent. */
export function bashSyntaxError(script: string): string | null {
  const r = bash(['-n'], script);
  if (r.error || r.status === 0) return null;
  return r.stderr.split('\n').map((l) => l.replace(/^bash: /, '').trim()).filter(Boolean).join('; ') || 'syntax error';
}

// One check per text and function in a process: create validates before Yeoman loads and the
// generator validates again, each check being two bash processes.
const checked = new Map<string, string | null>();

/** Problems for both hook answers; absent or non-string values, and those `skip` names, are skipped. */
export function shellHookProblems(a: { testCommand?: unknown; preBuild?: unknown }, skip: (key: 'testCommand' | 'preBuild') => boolean = () => false): Problem[] {
  const problems: Problem[] = [];
  for (const f of FIELDS) {
    const text = a[f.key];
    if (typeof text !== 'string' || skip(f.key)) continue;
    const key = `${f.fn}\n${text}`;
    const error = checked.has(key) ? (checked.get(key) ?? null) : shellHookError(text, f.fn);
    checked.set(key, error);
    if (error) problems.push({ flag: f.flag, message: error });
  }
  return problems;
}
