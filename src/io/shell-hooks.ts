// Commands given as free text become function bodies in config.sh. A body that bash cannot parse
// (an unclosed quote, a trailing backslash, only a comment) would break every CI job at `source
// config.sh`, so it is refused here, with bash's own words, before anything is written.
import { spawnSync } from 'node:child_process';
import { shellBody } from '../core/quote.js';
import type { Problem } from '../core/validate.js';

const FIELDS = [
  { key: 'testCommand', flag: 'test-command', fn: 'run_tests' },
  { key: 'preBuild', flag: 'pre-build', fn: 'pre_build' },
] as const;

/** bash's complaint about `text` as the body of a function, or null when it parses (or bash is absent). */
export function shellHookError(text: string, fn: 'run_tests' | 'pre_build'): string | null {
  if (text.trim() === '') return null;
  const r = spawnSync('bash', ['-n'], { input: `function ${fn} {\n${shellBody(text)}\n}\n`, encoding: 'utf8' });
  if (r.error) return null; // no bash here: CI will tell; the generated file is still written verbatim
  if (r.status === 0) return null;
  const said = r.stderr.split('\n').map((l) => l.replace(/^bash: (line \d+: )?/, '').trim()).filter(Boolean).join('; ');
  return `is not a valid bash command list (${said || 'syntax error'}); it becomes the body of ${fn} in config.sh`;
}

export function shellHookProblems(a: { testCommand?: unknown; preBuild?: unknown }): Problem[] {
  const problems: Problem[] = [];
  for (const f of FIELDS) {
    const text = a[f.key];
    if (typeof text !== 'string') continue;
    const error = shellHookError(text, f.fn);
    if (error) problems.push({ flag: f.flag, message: error });
  }
  return problems;
}
