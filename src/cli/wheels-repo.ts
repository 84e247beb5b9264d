// wheels-repo: the day-2 commands. Starts without loading Yeoman; each command is loaded when run,
// from its bundle (dist/commands/<name>.cjs: src/cli/<name>.ts and the modules only it uses, one
// script built by scripts/bundle-commands.mjs and run with V8's code cache by io/scripts.ts; the types
// are the source's).
import { usageError } from '../core/errors.js';
import type { CommandIO } from '../io/command-io.js';
import { packageVersion } from '../io/package-files.js';
import { commandBundle as command } from './command-bundle.js';
import { closest } from './did-you-mean.js';
import { wrapHelp } from './help-wrap.js';

export { closest };

const COMMANDS: ReadonlyArray<{ name: string; summary: string; run: (env: NodeJS.ProcessEnv) => Promise<(argv: readonly string[], io: CommandIO) => Promise<number>> }> = [
  { name: 'bump', summary: 'set BUILD_COMMIT to a new ref in every CI file', run: async (env) => (await command<typeof import('./bump.js')>('bump', env)).runBump },
  { name: 'remote', summary: 'create the GitHub repository, push, set secrets (resumable)', run: async (env) => (await command<typeof import('./remote.js')>('remote', env)).runRemoteCommand },
  { name: 'secrets', summary: 'list, set or sync the secrets the layout needs (never printed)', run: async (env) => (await command<typeof import('./secrets.js')>('secrets', env)).runSecrets },
  { name: 'webhooks', summary: 'stop AppVeyor building pull requests (--check only reports)', run: async (env) => (await command<typeof import('./webhooks.js')>('webhooks', env)).runWebhooks },
  { name: 'upgrade', summary: 'merge the current templates in, keeping your edits', run: async (env) => (await command<typeof import('./upgrade.js')>('upgrade', env)).runUpgradeCommand },
  { name: 'build', summary: 'build REF on every platform, wait, download verified wheels', run: async (env) => (await command<typeof import('./build.js')>('build', env)).runBuild },
  { name: 'doctor', summary: 'check that the repository will build and publish; print the fixes', run: async (env) => (await command<typeof import('./doctor.js')>('doctor', env)).runDoctor },
  { name: 'download', summary: 'download and verify the wheels of a build (waits if it is running)', run: async (env) => (await command<typeof import('./download.js')>('download', env)).runDownload },
];

export function wheelsRepoHelp(version: string): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(12)}${c.summary}`);
  return `wheels-repo ${version}
Day-2 commands for a <name>-wheels repository made by create-wheels-repo.

Usage: wheels-repo <command> [options]

Commands:
${rows.length ? rows.join('\n') : '  (none)'}

Options:
  -h, --help      show this help
  -v, -V, --version   print the version

Create a repository with: npm init wheels-repo
`;
}

export async function runWheelsRepo(argv: readonly string[], io: CommandIO): Promise<number> {
  const out = io.out;
  const [first, ...rest] = argv;
  // No command is a usage error: the help goes to the output, the status says nothing ran.
  if (first === undefined) return out(wrapHelp(wheelsRepoHelp(packageVersion()))), 2;
  if (first === '-h' || first === '--help' || first === 'help') return out(wrapHelp(wheelsRepoHelp(packageVersion()))), 0;
  if (first === '-v' || first === '-V' || first === '--version') return out(`${packageVersion()}\n`), 0;
  const found = COMMANDS.find((c) => c.name === first);
  if (found) return (await found.run(io.env))(rest, io);
  const near = closest(first, COMMANDS.map((c) => c.name));
  throw usageError(`Unknown command or option: ${first}${near ? ` (did you mean ${near}?)` : ''}`, 'Run `wheels-repo --help` for the commands of this version.');
}
