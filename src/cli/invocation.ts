// How this run was started, and so how a command printed in a hint must be spelled to work for the
// person who started it. Every hint that names wheels-repo or create-wheels-repo, or a path, goes
// through here.
//
//  - through npm (`npm init wheels-repo`, `npx create-wheels-repo`, `npm exec`, an npm script): npm
//    sets npm_command / npm_lifecycle_event / npm_execpath, and npx runs bins from its cache (`_npx`);
//    `wheels-repo` is on PATH only while npm runs us, so the hint is `npx -p create-wheels-repo
//    wheels-repo ...`;
//  - through an installed bin (`create-wheels-repo` from a global or local install): the
//    `wheels-repo` link sits beside ours, so `wheels-repo ...` when that directory is on PATH, its
//    path otherwise (./node_modules/.bin/wheels-repo is not found from another directory);
//  - `node .../dist/src/bin/create-wheels-repo.js` (a checkout): `node .../dist/src/bin/wheels-repo.js`.
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellPath } from '../core/quote.js';

export interface Invocation {
  /** the day-2 command, ready to take a subcommand: `wheels-repo`, `npx -p create-wheels-repo wheels-repo`, ... */
  wheelsRepo: string;
  /** the generator, ready to take flags: `create-wheels-repo`, `npm init wheels-repo --`, ... */
  create: string;
}

const NPX = 'npx -p create-wheels-repo wheels-repo';
const OWN_BIN = (name: string) => fileURLToPath(new URL(`../bin/${name}.js`, import.meta.url));

/** How to spell the two commands for whoever started this process (`script` is process.argv[1]). */
export function invocation(env: NodeJS.ProcessEnv = process.env, script: string = process.argv[1] ?? ''): Invocation {
  const viaNpm = ['npm_command', 'npm_lifecycle_event', 'npm_execpath'].some((k) => (env[k] ?? '') !== '') || /[\\/]_npx[\\/]/.test(script);
  if (viaNpm) return { wheelsRepo: NPX, create: env.npm_command === 'init' ? 'npm init wheels-repo --' : 'npx create-wheels-repo' };
  const name = basename(script);
  if (name === 'create-wheels-repo' || name === 'wheels-repo') {
    // an installed bin (a link: process.argv[1] is the link, not the file it points to)
    const dir = dirname(script);
    const onPath = (env.PATH ?? '').split(delimiter).some((p) => p !== '' && resolve(p) === resolve(dir));
    return onPath
      ? { wheelsRepo: 'wheels-repo', create: 'create-wheels-repo' }
      : { wheelsRepo: shellPath(join(dir, 'wheels-repo')), create: shellPath(join(dir, 'create-wheels-repo')) };
  }
  return { wheelsRepo: `node ${shellPath(OWN_BIN('wheels-repo'))}`, create: `node ${shellPath(OWN_BIN('create-wheels-repo'))}` };
}

/** `cd DIR && COMMAND`, or COMMAND alone when DIR is where the user is (`.`). */
export function inDir(shown: string, command: string): string {
  return shown === '.' || shown === '' ? command : `cd ${shellPath(shown)} && ${command}`;
}
