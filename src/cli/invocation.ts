// How this run was started, and so how a command printed in a hint must be spelled to work for the
// person who started it. Every hint that names wheels-repo or create-wheels-repo, or a path, goes
// through here.
//
//  - `npm init wheels-repo` or `npx create-wheels-repo` / `npm exec` (npm sets npm_command to init or
//    exec, and npx runs bins from its cache, `_npx`): `wheels-repo` is on PATH only while npm runs
//    us, so the hint is `npx -p create-wheels-repo wheels-repo ...`;
//  - an installed bin (`create-wheels-repo` from a global or local install): the `wheels-repo` link
//    sits beside ours, so `wheels-repo ...` when that directory is on PATH, its path otherwise
//    (./node_modules/.bin/wheels-repo is not found from another directory);
//  - anything else (`node .../dist/src/bin/wheels-repo.cjs` in a checkout, an npm script): the plain
//    names, which the README's first command (`npm install -g .`) puts on the PATH.
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { shellPath } from '../core/quote.js';

export interface Invocation {
  /** the day-2 command, ready to take a subcommand: `wheels-repo`, `npx -p create-wheels-repo wheels-repo`, ... */
  wheelsRepo: string;
  /** the generator, ready to take flags: `create-wheels-repo`, `npm init wheels-repo --`, ... */
  create: string;
}

const NPX = 'npx -p create-wheels-repo wheels-repo';
const PLAIN: Invocation = { wheelsRepo: 'wheels-repo', create: 'create-wheels-repo' };

/** How to spell the two commands for whoever started this process (`script` is process.argv[1]). */
export function invocation(env: NodeJS.ProcessEnv = process.env, script: string = process.argv[1] ?? ''): Invocation {
  const viaNpx = env.npm_command === 'init' || env.npm_command === 'exec' || /[\\/]_npx[\\/]/.test(script);
  if (viaNpx) return { wheelsRepo: NPX, create: env.npm_command === 'init' ? 'npm init wheels-repo --' : 'npx create-wheels-repo' };
  const name = basename(script);
  if (name !== 'create-wheels-repo' && name !== 'wheels-repo') return PLAIN;
  // an installed bin (a link: process.argv[1] is the link, not the file it points to)
  const dir = dirname(script);
  const onPath = (env.PATH ?? '').split(delimiter).some((p) => p !== '' && resolve(p) === resolve(dir));
  return onPath ? PLAIN : { wheelsRepo: shellPath(join(dir, 'wheels-repo')), create: shellPath(join(dir, 'create-wheels-repo')) };
}

/** `cd DIR && COMMAND`, or COMMAND alone when DIR is where the user is (`.`). */
export function inDir(shown: string, command: string): string {
  return shown === '.' || shown === '' ? command : `cd ${shellPath(shown)} && ${command}`;
}

/**
 * `text` with each day-2 command it names (`wheels-repo bump ...`, in a hint, a Next: line, a usage
 * line) spelled as `run` says: the commands write `wheels-repo`, and the wheels-repo bin passes all it
 * prints through here, so a user who started it with npx, or from a checkout, is told a command that
 * works for them. `create-wheels-repo` and an already spelled `npx -p create-wheels-repo wheels-repo`
 * are left alone, as is `wheels-repo 1.2.3` (the version line).
 */
export function respell(text: string, run: Invocation): string {
  if (run.wheelsRepo === 'wheels-repo') return text;
  return text.replace(/(?<![\w./-])(?<!-p create-wheels-repo )wheels-repo(?= [a-z-])/g, run.wheelsRepo);
}
