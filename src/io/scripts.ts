// Runs a script bundle (dist/commands/<name>.cjs, dist/yeoman/lib/create.cjs; scripts/script-bundle.mjs
// builds them) with V8's code cache, so that a run after the first does not compile it again.
//
// Why scripts: Node 20 caches compiled code only for scripts (vm.Script's cachedData, in the Node 20
// docs of node:vm), not for ES modules; `module.enableCompileCache()`, which covers ES modules, is
// Node >= 22.1. Compiling is cold work: from a cache a bump takes 40 → 31 ms and a generation 69 →
// 52 ms (`node -e 0`: 19.5 ms; issue #15, bench/generate.mjs, Node 20). A bundle is esbuild's CommonJS
// output of our ES modules with all they import statically, wrapped here in a function; its first
// line, written by the build, is //cwr-script {"sha256":"<of the rest>"}. Its require() gives Node's
// built-in modules and nothing else, some of them loaded on first use (io/builtin-require.ts). A
// dynamic import() in a bundle is rewritten by the build to __cwrImport(), which imports from here, a
// relative specifier from the bundle's own URL (a vm.Script can only import() through an
// experimental option that prints a warning).
//
// The cache: $XDG_CACHE_HOME/create-wheels-repo (default ~/.cache/create-wheels-repo), one file per
// script, named by the script, Node's and V8's versions and the script's sha256 (V8 itself refuses
// data made by another version or other flags; the sha256 is ours because V8 checks only the
// source's length). Only a directory we own and nobody else may write to is read: cached code runs as
// our code. Writing it is best effort, after the run (so the functions the run compiled are in it),
// and never fails a command. A run that shows only part of a script (--help, a failure) writes a
// cache marked partial, which the next complete run (exit status 0) writes again.
// NODE_DISABLE_COMPILE_CACHE=1, Node's own switch for its compile cache, turns it off.
//
// A script is not an ES module, so module hooks do not see it load: before one runs, the function
// stored on globalThis under Symbol.for(SCRIPT_HOOK), if any, is called with { file }, which is how the
// tests watch what a command loads (test/e2e/prompts.test.ts). Not node:diagnostics_channel: loading
// it costs every start ~0.13 ms (Node 20, measured in a fresh process), for the tests alone.
import type * as Vm from 'node:vm';
import { builtinRequire, getBuiltin } from './builtin-require.js';

let compileCacheOn = false;
/**
 * Node >= 22.1 keeps the compiled code of the ES modules loaded after this call (in the OS temporary
 * directory). Called before the first import() of an ES module, not at start: turning it on costs
 * ~0.3 ms (Node 24.21), which a run of script bundles alone (a bump, a --yes generation) never pays.
 * Node 20 has no compile cache, and does not even load node:module here (it brings the ES module
 * loader with it).
 */
export function enableCompileCache(): void {
  if (compileCacheOn) return;
  compileCacheOn = true;
  if (Number(process.versions.node.split('.')[0]) >= 22) (getBuiltin<{ enableCompileCache?: () => unknown }>('node:module')).enableCompileCache?.();
}

interface Header { sha256: string }


/** The cache directory when it may be used: ours, not writable by group or others; else undefined. */
function cacheDir(env: NodeJS.ProcessEnv, create: boolean): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const fs = getBuiltin<typeof import('node:fs')>('node:fs');
  const path = getBuiltin<typeof import('node:path')>('node:path');
  const home = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : env.HOME ? path.join(env.HOME, '.cache') : undefined;
  if (!home) return undefined;
  const dir = path.join(home, 'create-wheels-repo');
  try {
    if (create) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** What a script needs: its header (first line), or an error naming the file (a build problem). */
function headerOf(text: string, file: string): Header {
  const end = text.indexOf('\n');
  const m = /^\/\/cwr-script (\{.*\})$/.exec(end < 0 ? text : text.slice(0, end));
  const h = m?.[1] ? (JSON.parse(m[1]) as Partial<Header>) : undefined;
  if (!h || typeof h.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(h.sha256)) {
    throw new Error(`${file} has no //cwr-script header: rebuild with npm run build`);
  }
  return h as Header;
}

/**
 * What is compiled: the script in a function taking what CommonJS code expects (its directory as
 * __dirname: scripts/script-bundle.mjs makes our modules' import.meta.dirname of it), and what the
 * build rewrote it to use: __cwrImport for import(), and __cwrMeta.url, the script's URL, for
 * import.meta.url.
 */
export function scriptSource(text: string): string {
  return `(function (exports, require, module, __cwrImport, __cwrMeta, __dirname) {${text}\n})`;
}

/**
 * The scripts run in this process, by absolute path. On globalThis because this module has copies:
 * the bins and some bundles hold one each, and a bundle that loads itself again (create.cjs, through
 * src/cli/yeoman.ts) must get the exports it already has, not a second run.
 */
const loaded: Map<string, ScriptModule> = ((globalThis as Record<symbol, unknown>)[Symbol.for('create-wheels-repo/scripts')] ??= new Map()) as Map<string, ScriptModule>;

/** A script's `module`: its exports are module.exports once it has run. */
interface ScriptModule {
  exports: Record<string, unknown>;
}

/** The key (Symbol.for) of the globalThis function called with `{ file }` before each script runs. */
export const SCRIPT_HOOK = 'create-wheels-repo/script-run';

export interface ScriptRun {
  /**
   * This run shows only part of the script (--help): a cache it writes is marked partial, and the
   * next complete run writes it again (below).
   */
  partial?: boolean;
}

/** What the name of a cache file written by a partial run ends with. */
const PARTIAL = '.partial';

/**
 * The exports of the script at `file` (an absolute path), run once per process (registered before it
 * runs, as CommonJS does: a script reaching itself while it runs gets what it has exported so far).
 * `env` decides where the code cache is (tests give each run its own HOME).
 */
export function loadScriptSync<T>(file: string, env: NodeJS.ProcessEnv = process.env, options: ScriptRun = {}): T {
  const key = getBuiltin<typeof import('node:path')>('node:path').resolve(file);
  let module = loaded.get(key);
  if (!module) {
    loaded.set(key, (module = { exports: {} }));
    try {
      run(key, env, options, module);
    } catch (e) {
      loaded.delete(key);
      throw e;
    }
  }
  return module.exports as T;
}

/** loadScriptSync, as a promise (a failure rejects it). */
export function loadScript<T>(file: string, env: NodeJS.ProcessEnv = process.env, options: ScriptRun = {}): Promise<T> {
  try {
    return Promise.resolve(loadScriptSync<T>(file, env, options));
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

const readOrUndefined = (file: string): Buffer | undefined => {
  try {
    return getBuiltin<typeof import('node:fs')>('node:fs').readFileSync(file);
  } catch {
    return undefined;
  }
};

function run(file: string, env: NodeJS.ProcessEnv, options: ScriptRun, module: ScriptModule): void {
  const fs = getBuiltin<typeof import('node:fs')>('node:fs');
  const path = getBuiltin<typeof import('node:path')>('node:path');
  const vm = getBuiltin<typeof Vm>('node:vm');
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for(SCRIPT_HOOK)];
  if (typeof hook === 'function') hook({ file });
  // esbuild writes ASCII (its default charset), and Node makes a string of ASCII bytes faster as
  // latin1 than through its UTF-8 decoder (~0.3 ms for create.cjs's 0.46 MB)
  const bytes = fs.readFileSync(file);
  const text = getBuiltin<typeof import('node:buffer')>('node:buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const header = headerOf(text, file);
  // The script's URL is made when first read (import.meta.url, or a relative import()):
  // pathToFileURL costs ~0.2 ms cold, and a bump needs no URL.
  let url: string | undefined;
  const meta = { get url(): string { return (url ??= getBuiltin<typeof import('node:url')>('node:url').pathToFileURL(file).href); } };
  const importFromScript = (specifier: string): Promise<unknown> => {
    enableCompileCache();
    return import(specifier.startsWith('.') ? new URL(specifier, meta.url).href : specifier);
  };
  const require = builtinRequire(file);

  const dir = cacheDir(env, false);
  // <directory>-<file>-<Node version>-<V8 version>-<arch>-<sha256, 16 digits>: two Node releases can
  // share a V8 version and differ in how they built it
  const stem = `${path.basename(path.dirname(file))}-${path.basename(file)}-${process.version}-${process.versions.v8}-${process.arch}-`;
  const name = `${stem}${header.sha256.slice(0, 16)}`;
  let cachedData = dir ? readOrUndefined(path.join(dir, name)) : undefined;
  let partialCache = false;
  if (dir && !cachedData) {
    cachedData = readOrUndefined(path.join(dir, `${name}${PARTIAL}`));
    partialCache = cachedData !== undefined;
  }
  const script = new vm.Script(scriptSource(text), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // Written when there is none V8 takes, and over a partial one by a complete run: V8's cache holds
  // the functions compiled when it is made, and a cache made by `bump --help` or a failed run lacks
  // most of what a bump runs (+26 M instructions, ~6 ms, for every bump after it; issue #15).
  if (!cachedData || script.cachedDataRejected || partialCache) {
    process.once('exit', (code) => {
      const complete = options.partial !== true && code === 0;
      if (!cachedData || script.cachedDataRejected || complete) saveCache(script, stem, complete ? name : `${name}${PARTIAL}`, env);
    });
  }
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, importFromScript, meta, path.dirname(file));
}

/** Writes the code cache of `script` (best effort: a cache that cannot be written is not an error). */
function saveCache(script: Vm.Script, stem: string, name: string, env: NodeJS.ProcessEnv): void {
  const fs = getBuiltin<typeof import('node:fs')>('node:fs');
  const path = getBuiltin<typeof import('node:path')>('node:path');
  const dir = cacheDir(env, true);
  if (!dir) return;
  const target = path.join(dir, name);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData(), { flag: 'wx', mode: 0o600 });
    fs.renameSync(temp, target);
    // the caches of other builds of this script on this Node (an older version), and a partial one
    // this replaces, are of no more use
    for (const f of fs.readdirSync(dir)) if (f.startsWith(stem) && f !== name && !f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
