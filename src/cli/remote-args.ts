// The command line of `wheels-repo remote` (and what create-wheels-repo --github passes it).
import { resolve } from 'node:path';
import type { Answers } from '../core/options.js';
import type { Layout } from '../providers/types.js';
import { STORE_FILE } from '../repo/store.js';
import { parseStrict } from './args.js';

export const REMOTE_HELP = `Usage: wheels-repo remote [--dir PATH] [--owner OWNER] [--private] [--appveyor] [--appveyor-account NAME] [--dry-run]

Sets up the remote side of a generated wheels repository. Each step first reads
what is there and changes only what is missing, so running it again after a
failure finishes the rest without repeating anything:

  1. creates OWNER/NAME-wheels on GitHub (your account or an organisation), or
     uses it if it exists and is empty
  2. pushes main, the multibuild submodule link included, and checks that
     GitHub's main is the local commit
  3. --publish trusted: creates the "pypi" environment and prints the values to
     register as a trusted publisher on PyPI
  4. sets the GitHub secrets and variables the layout declares, from the
     environment (WHEELS_REPO_SECRET_<NAME>, or <NAME> itself; your GITHUB_TOKEN
     is never reused as a CI secret) or a masked prompt, never from the command
     line
  5. travis-appveyor: encrypts the secure values into .travis.yml and
     appveyor.yml (TRAVIS_TOKEN, APPVEYOR_TOKEN), commits and pushes them;
     --appveyor adds the AppVeyor project; AppVeyor's webhook stops firing on
     pull requests (only its events change: its config and secret are kept)

  --dir PATH               the wheels repository (default: the current
                           directory)
  --owner OWNER            the owner stored in ${STORE_FILE}, stated: needed
                           when the origin remote points at another repository
                           (a fork)
  --private                create the GitHub repository private
  --appveyor               add the repository to AppVeyor (travis-appveyor)
  --appveyor-account NAME  AppVeyor account, for user-level (v2) API keys
  --dry-run                print one line per API call that would change
                           something, and change nothing
Token: GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`, else a masked prompt.
API bases: GITHUB_API_URL, TRAVIS_API_URL, APPVEYOR_API_URL.
`;

export interface RemoteOptions {
  dir: string;
  private: boolean;
  appveyor: boolean;
  appveyorAccount?: string;
  dryRun: boolean;
  /** the owner the user stated (--owner) */
  owner?: string;
  /** how the user runs this again (the resume hint) */
  command?: string;
}

export function parseRemoteArgs(argv: readonly string[], cwd: string): RemoteOptions | 'help' {
  const parsed = parseStrict({
      args: [...argv],
      options: {
        dir: { type: 'string' }, owner: { type: 'string' }, private: { type: 'boolean' }, appveyor: { type: 'boolean' },
        'appveyor-account': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }, 'Run `wheels-repo remote --help`. Tokens and secret values are never taken from the command line.');
  const v = parsed.values;
  if (v.help) return 'help';
  return {
    dir: resolve(cwd, v.dir ?? '.'), private: v.private === true, appveyor: v.appveyor === true,
    appveyorAccount: v['appveyor-account'], dryRun: v['dry-run'] === true, owner: v.owner,
  };
}

/** Why --appveyor cannot apply to these answers, or undefined when it can. */
export function appveyorRefusal(layout: Layout, a: Answers): string | undefined {
  if (layout.services(a).includes('appveyor')) return undefined;
  return layout.remoteSteps(a, { appveyor: true }).includes('appveyor-project')
    ? '--appveyor adds the AppVeyor project that builds Windows wheels, and no Windows platform is built here.'
    : `--appveyor is for --ci travis-appveyor; this repository uses ${a.ci}.`;
}
