// The require() a script bundle gets (src/io/scripts.ts): Node's built-in modules, and nothing else.
//
// Some built-ins are costly to load (10-20 M instructions each on Node 20) and imported by modules
// that seldom call them: a generation imports node:assert, node:fs/promises, node:tty, node:crypto and
// node:os through Yeoman and its dependencies when the bundle loads, which cost ~3 ms on Node 20
// (fs/promises brings readline and fs watchers with it; tty brings net and the stream modules; assert
// sets up process.stderr, which does the same; issue #15); and bump imports child_process, crypto
// and zlib through git.ts and the manifest, and never spawns, hashes or compresses. Our modules
// import them as usual: this is the one place that makes them load late. Those come as a stand-in that loads the
// real module on first use: a Proxy forwarding every operation to it. Three calls are answered without
// loading it, with what the real module would answer:
//  - assert(value, ...) and assert.ok(value, ...) with a truthy value return undefined (the real
//    assert is called for any other value, so its error is the real one);
//  - tty.isatty(fd) is false when fd is no character device, or /dev/null (io/terminal.ts);
//    chalk's supports-color asks for fds 1 and 2 when it loads;
//  - os.homedir() is $HOME when it is set, on POSIX, as Node's docs say the real one is; Yeoman's
//    generator asks when it is made, for a global config it reads only if asked (~0.2 ms).
// node:module is one of them too: it loads Node's ES module loader (yeoman-environment makes its
// require() on first use: scripts/yeoman-parts.mjs).
// esbuild's __toESM takes a stand-in as its own namespace (scripts/script-bundle.mjs): reading
// `default` from it gives the stand-in (no built-in has an export of that name), and any other name
// the real module's export.

import { maybeTerminal } from './terminal.js';

/** Read by the __toESM of script bundles (scripts/script-bundle.mjs): true on a stand-in. */
export const LAZY_BUILTIN = Symbol.for('create-wheels-repo/lazy-builtin');

/**
 * The built-in modules given to bundles, which their __toESM (scripts/script-bundle.mjs) makes a
 * namespace of without reading property descriptors: on Node 24, reading one materializes a lazy
 * export (util's descriptors load parse_args, the stream modules, assert's diff and its colours,
 * which set up process.stderr, and worker_threads). On globalThis: the bundles look it up there.
 */
const BUILTINS = ((globalThis as Record<symbol, unknown>)[Symbol.for('create-wheels-repo/builtins')] ??= new WeakSet()) as WeakSet<object>;

/** Built-ins given as stand-ins, by name without `node:`. */
export const LAZY_BUILTINS: ReadonlySet<string> = new Set([
  'assert', 'assert/strict', 'child_process', 'crypto', 'dns', 'fs/promises', 'http', 'http2', 'https', 'module', 'net', 'os',
  'perf_hooks', 'readline', 'readline/promises', 'stream', 'stream/promises', 'tls', 'tty', 'worker_threads', 'zlib',
]);

/** A built-in module by name (process.getBuiltinModule, Node >= 20.16; not yet in @types/node 20). */
export const getBuiltin = <T = unknown>(id: string): T => (process as unknown as { getBuiltinModule(id: string): T }).getBuiltinModule(id);

type Real = Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);

function standIn(name: string): unknown {
  let loaded: Real | undefined;
  const real = (): Real => (loaded ??= getBuiltin(`node:${name}`) as Real);
  const isAssert = name === 'assert' || name === 'assert/strict';
  const ok = (value: unknown, ...rest: unknown[]): unknown => (value ? undefined : real()(value, ...rest));
  const isatty = (fd: unknown): boolean => maybeTerminal(fd as number) && (real().isatty as (fd: unknown) => boolean)(fd);
  // Node's docs of os.homedir(): "On POSIX, it uses the $HOME environment variable if defined"
  const homedir = (): string => (process.platform !== 'win32' && process.env.HOME !== undefined ? process.env.HOME : (real().homedir as () => string)());
  // an arrow function: callable (assert is a function), and no own property the real module must match
  const target = (() => undefined) as unknown as Real;
  const proxy: unknown = new Proxy(target, {
    get(_t, key) {
      if (key === LAZY_BUILTIN) return true;
      if (key === 'default') return proxy;
      if (isAssert && key === 'ok') return ok;
      if (name === 'tty' && key === 'isatty') return isatty;
      if (name === 'os' && key === 'homedir') return homedir;
      return Reflect.get(real(), key);
    },
    apply: (_t, thisArg, args: unknown[]) => (isAssert ? ok(args[0], ...args.slice(1)) : Reflect.apply(real(), thisArg, args)),
    has: (_t, key) => key in real(),
    set: (_t, key, value) => Reflect.set(real(), key, value),
    deleteProperty: (_t, key) => Reflect.deleteProperty(real(), key),
    defineProperty: (_t, key, d) => Reflect.defineProperty(real(), key, d),
    ownKeys: () => Reflect.ownKeys(real()),
    // reported configurable: a Proxy may not call a property non-configurable that its target lacks
    getOwnPropertyDescriptor(_t, key) {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}

const standIns = new Map<string, unknown>();

/** The require() for the script bundle `file`: a built-in by name, a stand-in for LAZY_BUILTINS, else an error naming the file. */
export function builtinRequire(file: string): (id: string) => unknown {
  return (id) => {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    if (LAZY_BUILTINS.has(name)) {
      let s = standIns.get(name);
      if (s === undefined) standIns.set(name, (s = standIn(name)));
      return s;
    }
    const builtin = getBuiltin(id);
    if ((typeof builtin === 'object' && builtin !== null) || typeof builtin === 'function') BUILTINS.add(builtin);
    if (builtin !== undefined) return builtin;
    throw new Error(`${file} requires ${id}, which is not a Node built-in: rebuild with npm run build`);
  };
}
