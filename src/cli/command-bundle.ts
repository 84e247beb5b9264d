// A wheels-repo command's script bundle (dist/commands/<name>.cjs, scripts/bundle-commands.mjs),
// loaded into this process: its exports are those of src/cli/<name>.ts, and it runs with V8's code
// cache (io/scripts.ts). wheels-repo runs its commands this way, and create-wheels-repo its upgrade
// (when run inside a generated repository) and --github set-up, so that the generation's own bundle
// does not carry them.
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/package-files.js';
import { loadScript, type ScriptRun } from '../io/scripts.js';

/** The bundle of the command `name`; `env` says where the code cache is. */
export const commandBundle = <T>(name: string, env: NodeJS.ProcessEnv, run?: ScriptRun): Promise<T> => loadScript<T>(join(PACKAGE_ROOT, 'dist', 'commands', `${name}.cjs`), env, run);
