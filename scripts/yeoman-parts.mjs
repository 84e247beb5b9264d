// What the Yeoman bundle (dist/yeoman/lib/create.cjs, scripts/bundle.mjs) leaves out or loads late, as
// esbuild plugins; test/build/bundle.test.ts builds with them too, to check that what is left out
// throws, naming itself, when called.
//
// Issue #15: loading the bundle was most of a generation's instructions, and a `--yes` generation
// calls little of it. Measured with an esbuild metafile (BUNDLE_METAFILE=dir), callgrind and
// `node --cpu-prof` (bench/generate.mjs for the wall times), on Node 20.20:
//   the bundle 2.63 MB → 1.46 MB (the first ten of NEVER_CALLED) → 0.35 MB (the rest below);
//   importing it 914 M → 225 M instructions above `node -e 0` (503 M); `create-wheels-repo --yes
//   --no-git` 1.58 G → 0.90 G instructions, peak RSS 71 → 58 MB.
// Tried and not kept: loading lodash's functions on first call (they are all called during a
// generation: no gain); node:assert on first use (yeoman-generator's Storage calls it when the
// generator is made); a V8 code cache for the bundle on Node 20 through vm.Script (-70 M
// instructions once warm, but +19 M when cold, a CommonJS build of the bundle with our modules
// injected, and a cache of trusted bytecode in a shared directory; Node >= 22.1 caches the bundle
// already: src/bin/create-wheels-repo.ts turns the compile cache on).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What a left-out piece says when it is called anyway (test/build/bundle.test.ts looks for it). */
export const leftOut = (what) => `${what} was left out of the bundle by scripts/bundle.mjs, but it was called`;

/**
 * Packages Yeoman imports for what this generator never does. Each is replaced by a module that
 * throws, naming itself, if anything ever calls it (a function, a class to construct or extend, or
 * any name imported from it), so a future use fails loudly in the tests. What they serve, and why it
 * never runs here:
 *  - execa, simple-git: yeoman-generator's spawnCommand / this.git helpers; git runs through src/io/git.ts;
 *  - globby: the environment's lookup of installed generators; ours is registered by path;
 *  - ky, @pnpm/npm-conf, @pnpm/network.ca-file, hosted-git-info, latest-version,
 *    which-package-manager: the environment's npm registry and package-install helpers; nothing is
 *    installed (no package.json is generated: the install task returns before it looks);
 *  - iconv-lite, chardet: text decoding (their only importers, mem-fs-editor's commit and inquirer
 *    13's editor prompt, are left out too, so not even a stand-in is bundled now);
 *  - @yeoman/conflicter, tinyglobby: the commit of Yeoman's in-memory store (conflict checks) and
 *    mem-fs-editor's copy/delete globs; the generator writes through RepoFiles and tells Yeoman so
 *    (customCommitTask), and never copies or deletes through this.fs;
 *  - cli-spinners: the adapter's progress spinner, never started;
 *  - commander: the environment's command-line parsing (env.execute); we call env.run. A class
 *    extends its Command when the module loads, which the stand-in allows;
 *  - read-package-up: yeoman-generator's look-up of the generator's package.json; src/cli/yeoman-bundle.ts
 *    registers the generator with its packagePath, so the environment reads that file itself;
 *  - @inquirer/core: the adapter's Separator, for prompts (below);
 *  - minimatch, multimatch: glob filters of mem-fs-editor's copy, delete and dump and of
 *    @yeoman/transform's pattern transforms, none of which a generation calls;
 *  - teex (and streamx under it): vinyl's clone of a file whose contents are a stream; Yeoman's
 *    store holds only .yo-rc.json, read as a buffer;
 *  - strip-bom-stream (and first-chunk-stream under it): vinyl-file's reading of a file as a stream;
 *    mem-fs reads .yo-rc.json with vinylFileSync as a buffer. Its module extends node:stream's Duplex
 *    as it loads, which brought the stream modules into every generation without git (~1.5 ms of a
 *    CPU profile);
 *  - ejs (mem-fs-editor's own copy): its copyTpl / appendTpl; our templates render through
 *    src/core/render.ts with #ejs, whose entry (the 'vendor' namespace of scripts/vendor-table.mjs)
 *    gets the real ejs: only the imports from anywhere else get a stand-in.
 */
export const NEVER_CALLED = ['iconv-lite', 'chardet', 'execa', 'simple-git', 'globby', 'ky', '@pnpm/npm-conf', '@pnpm/network.ca-file', 'cli-spinners', 'hosted-git-info',
  'latest-version', 'which-package-manager', '@yeoman/conflicter', 'tinyglobby', 'commander', 'read-package-up', '@inquirer/core',
  'minimatch', 'multimatch', 'teex', 'strip-bom-stream', 'ejs'];

/**
 * Single files of packages that stay, never called: replaced by modules exporting functions that
 * throw. yeoman-environment's commit task (its store written through the conflicter) does not run:
 * the generator declares customCommitTask.
 */
export const LEFT_OUT_FILES = {
  'yeoman-environment/dist/commit.js': ['commitSharedFsTask'],
};

/**
 * The lodash functions Yeoman's bundled code imports by name (yeoman-environment: environment-base,
 * environment-full, module-lookup, util/namespace; yeoman-generator: util/storage). lodash-es's index
 * evaluates all ~640 of its modules (0.31 MB of the bundle): `lodash-es` becomes a module of these
 * alone, from lodash-es's per-function files. A name missing here fails the build ("No matching
 * export"), not a run. yeoman-generator's `this._` (all of lodash, for generators that use it; ours
 * does not) becomes an object that throws, naming the function, when one is read.
 */
export const LODASH_USED = ['cloneDeep', 'compact', 'defaults', 'escapeRegExp', 'findLast', 'get', 'merge', 'pick', 'set', 'uniq'];
/**
 * The same for semver: yeoman-generator's version check calls lte when the generator is made (ours
 * skips it: generators/app/index.ts), and yeoman-environment imports valid; semver's index evaluates
 * all of its ~50 modules. Each is loaded on its first call: semver builds its ~40 regexps when its
 * first function loads, ~0.5 ms of a generation that calls none of them.
 */
export const SEMVER_USED = ['lte', 'valid'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const sep = '[/\\\\]';
const fileFilter = (files) => new RegExp(`node_modules${sep}(${files.map((f) => escape(f).replaceAll('\\/', sep)).join('|')})$`);

/** The esbuild plugins, for a build from `root` (the package's directory). */
export function yeomanParts(root) {
  const neverCalled = {
    name: 'never-called',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${NEVER_CALLED.map(escape).join('|')})(/.*)?$`) }, (args) =>
        (args.namespace === 'vendor' ? undefined : { path: args.path, namespace: 'never-called' }));
      b.onLoad({ filter: /.*/, namespace: 'never-called' }, (args) => ({
        loader: 'js',
        contents: `const fail = () => { throw new Error(${JSON.stringify(leftOut(args.path))}); };
// what esbuild makes of \`import { name } from\` this module inherits from its prototype, \`named\`
const get = (t, k) => (k === '__esModule' ? true : k === 'then' ? undefined : stub);
const stub = new Proxy(function () {}, { get, apply: fail, construct: fail, getPrototypeOf: () => named });
const named = new Proxy({}, { get });
module.exports = stub;`,
      }));
    },
  };

  const leftOutFiles = {
    name: 'left-out-files',
    setup(b) {
      b.onLoad({ filter: fileFilter(Object.keys(LEFT_OUT_FILES)) }, (args) => {
        const [file, names] = Object.entries(LEFT_OUT_FILES).find(([f]) => args.path.replaceAll('\\', '/').endsWith(`node_modules/${f}`));
        return { loader: 'js', contents: names.map((n) => `export const ${n} = () => { throw new Error(${JSON.stringify(leftOut(`${file}'s ${n}`))}); };`).join('\n') };
      });
    },
  };

  const lodash = {
    name: 'lodash-semver-used',
    setup(b) {
      b.onResolve({ filter: /^semver$/ }, () => ({ path: 'semver', namespace: 'semver-used' }));
      b.onLoad({ filter: /.*/, namespace: 'semver-used' }, () => ({
        loader: 'js',
        resolveDir: root,
        contents: SEMVER_USED.map((f) => `export const ${f} = (...a) => require('semver/functions/${f}.js')(...a);`).join('\n'),
      }));
      b.onResolve({ filter: /^lodash-es$/ }, () => ({ path: 'lodash-es', namespace: 'lodash-used' }));
      b.onLoad({ filter: /.*/, namespace: 'lodash-used' }, () => ({
        loader: 'js',
        resolveDir: root,
        contents: LODASH_USED.map((f) => `export { default as ${f} } from 'lodash-es/${f}.js';`).join('\n'),
      }));
      b.onLoad({ filter: fileFilter(['yeoman-generator/dist/generator.js']) }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const from = "import * as _ from 'lodash-es';";
        if (!text.includes(from)) throw new Error(`scripts/yeoman-parts.mjs: ${args.path} no longer has \`${from}\`: look again at what it uses`);
        const stub = `const _ = new Proxy({}, { get: (t, k) => { if (typeof k === 'symbol' || k === 'then' || k === 'toJSON') return undefined; throw new Error(\`lodash-es's \${String(k)} (yeoman-generator's this._) \${${JSON.stringify(leftOut('').trim())}}\`); } });`;
        return { loader: 'js', contents: text.replace(from, stub) };
      });
    },
  };

  // @yeoman/adapter's prompts: inquirer 13 with every @inquirer/* prompt, and rxjs (which only
  // inquirer's prompt UI imports), 0.6 MB. The generator asks its questions through
  // src/io/prompt.ts (inquirer, loaded only when prompting; in tests the adapter given), so the
  // adapter's prompt module is one that throws when asked. Its test adapter, exported beside it for
  // generator tests, is left out too: our tests import it from node_modules.
  const yeomanPrompts = {
    name: 'yeoman-prompts',
    setup(b) {
      b.onResolve({ filter: /^\.\/(inquirer|testing\/index)\.js$/ }, (args) => {
        if (!new RegExp(`node_modules${sep}@yeoman${sep}adapter${sep}dist$`).test(args.resolveDir)) return undefined;
        return args.path === './inquirer.js' ? { path: '@yeoman/adapter/inquirer', namespace: 'yeoman-prompts' } : { path: '@yeoman/adapter/testing', namespace: 'never-called' };
      });
      b.onLoad({ filter: /.*/, namespace: 'yeoman-prompts' }, () => ({
        loader: 'js',
        contents: `export const createAdapterPromptModule = () => () => { throw new Error(${JSON.stringify(`${leftOut("@yeoman/adapter's prompt module (inquirer 13)")}: prompts go through src/io/prompt.ts`)}); };`,
      }));
    },
  };

  // Packages evaluated on first use, by the package that imports them: a require() makes esbuild
  // evaluate a module then, not when the bundle loads (issue #15).
  //  - ora (the adapter's spinner), from @yeoman/adapter: the adapter makes one when it is made, and
  //    ora's defaults read process.stderr, which sets that stream up (net and the stream modules,
  //    ~1.3 ms of a generation). The stand-in makes the real spinner on first use; a spinner not
  //    made yet is not spinning, which is all the adapter asks before it starts one;
  //  - log-symbols, from @yeoman/adapter: its logger prints ✔ and ✖ from it. When it loads, its
  //    yoctocolors asks node:tty's WriteStream whether colours are on, and node:tty loads net and
  //    the stream modules;
  //  - string-width, from ora: ora measures text with it only when it draws, and string-width builds
  //    an Intl.Segmenter and Unicode-property regexps when it loads: half of what evaluating the
  //    bundle cost once the rest was gone (cpu profile, 1.05 G → 0.77 G instructions for the import);
  //  - cli-cursor, from ora: ora hides and shows the cursor only while it spins. When it loads, its
  //    restore-cursor reads process.stderr and process.stdout and installs signal-exit's handlers.
  const LAZY = {
    ora: {
      importer: ['@yeoman', 'adapter', 'dist'],
      contents: `export default function ora(options) {
  let spinner;
  const made = () => (spinner ??= real().default(options));
  return new Proxy({}, {
    get(_t, key) {
      if (key === 'isSpinning' && spinner === undefined) return false;
      const value = Reflect.get(made(), key);
      return typeof value === 'function' ? value.bind(spinner) : value;
    },
    set: (_t, key, value) => Reflect.set(made(), key, value),
    has: (_t, key) => key in made(),
  });
}`,
    },
    'log-symbols': { importer: ['@yeoman', 'adapter', 'dist'], contents: 'export default new Proxy({}, { get: (_t, key) => real().default[key], has: (_t, key) => key in real().default, ownKeys: () => Reflect.ownKeys(real().default), getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(real().default, key) });' },
    'string-width': { importer: ['ora'], contents: 'export default (...a) => real().default(...a);' },
    'cli-cursor': { importer: ['ora'], contents: 'export default { show: (...a) => real().default.show(...a), hide: (...a) => real().default.hide(...a), toggle: (...a) => real().default.toggle(...a) };' },
  };
  const lazyPackages = {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${Object.keys(LAZY).map(escape).join('|')})$`) }, (args) =>
        (args.pluginData !== 'real' && new RegExp(`node_modules${sep}${LAZY[args.path].importer.join(sep)}$`).test(args.resolveDir) ? { path: args.path, namespace: 'lazy', pluginData: args.resolveDir } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, async (args) => {
        const real = await b.resolve(args.path, { resolveDir: args.pluginData, kind: 'import-statement', pluginData: 'real' });
        if (real.errors.length > 0) throw new Error(`scripts/yeoman-parts.mjs: ${real.errors[0].text}`);
        return { loader: 'js', resolveDir: root, contents: `const real = () => require(${JSON.stringify(real.path)});\n${LAZY[args.path].contents}` };
      });
    },
  };

  // debug: Yeoman's modules each make a logger when they load, and debug's node part asks for each
  // whether process.stderr is a terminal, which sets that stream up (net and the stream modules:
  // ~1.3 ms of a generation; issue #15). A logger logs only when DEBUG names it, and the calls made
  // here are only createDebug(namespace) and logger(...). The stand-in's loggers do nothing while
  // debug is not loaded and DEBUG is empty, which is what debug's would do (it reads DEBUG when it
  // loads); with DEBUG set, or once anything calls debug's own functions, debug is loaded and each
  // logger is debug's.
  const lazyDebug = {
    name: 'lazy-debug',
    setup(b) {
      b.onResolve({ filter: /^debug$/ }, (args) => (args.pluginData !== 'real' && args.namespace !== 'lazy-debug' ? { path: 'debug', namespace: 'lazy-debug' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-debug' }, async () => {
        const real = await b.resolve('debug', { resolveDir: join(root, 'node_modules/yeoman-environment'), kind: 'import-statement', pluginData: 'real' });
        if (real.errors.length > 0) throw new Error(`scripts/yeoman-parts.mjs: ${real.errors[0].text}`);
        return {
          loader: 'js',
          resolveDir: root,
          contents: `let loaded;
const debug = () => (loaded ??= require(${JSON.stringify(real.path)}));
const on = () => loaded !== undefined || Boolean(process.env.DEBUG);
export default function createDebug(namespace) {
  let made;
  const real = () => (made ??= debug()(namespace));
  const logger = (...args) => { if (on()) real()(...args); };
  Object.defineProperty(logger, 'namespace', { value: namespace, enumerable: true });
  Object.defineProperty(logger, 'enabled', { get: () => on() && real().enabled, set: (v) => { real().enabled = v; }, enumerable: true });
  logger.extend = (sub, delimiter = ':') => createDebug(namespace + delimiter + sub);
  return logger;
}
for (const name of ['enable', 'disable', 'enabled', 'coerce', 'humanize']) createDebug[name] = (...a) => debug()[name](...a);
`,
        };
      });
    },
  };

  // yeoman-environment makes a require() with node:module's createRequire when its modules load
  // (node:module brings Node's ES module loader with it: ~0.3 ms of a generation, issue #15), to read
  // its own version from its package.json at once and, later, a generator registered by path, which
  // ours is not (src/cli/yeoman-bundle.ts registers the class). The version is read here, at build
  // time, from the package.json that scripts/bundle.mjs copies beside the bundle for the same
  // reason, and each require() is made on first use.
  const REQUIRES = {
    'yeoman-environment/dist/environment-base.js': (version) => [
      ['const require = createRequire(import.meta.url);', 'let made;\nconst require = (id) => (made ??= createRequire(import.meta.url))(id);'],
      ["const ENVIRONMENT_VERSION = require('../package.json').version;", `const ENVIRONMENT_VERSION = ${JSON.stringify(version)};`],
    ],
    'yeoman-environment/dist/store.js': () => [
      ['const require = createRequire(import.meta.url);', 'let made;\nconst require = (id) => (made ??= createRequire(import.meta.url))(id);'],
    ],
  };
  const lateRequires = {
    name: 'late-requires',
    setup(b) {
      // found as scripts/bundle.mjs finds the package.json it copies
      const { version } = JSON.parse(readFileSync(createRequire(join(root, 'package.json')).resolve('yeoman-environment/package.json'), 'utf8'));
      b.onLoad({ filter: fileFilter(Object.keys(REQUIRES)) }, (args) => {
        const [file, edits] = Object.entries(REQUIRES).find(([f]) => args.path.replaceAll('\\', '/').endsWith(`node_modules/${f}`));
        let text = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits(version)) {
          if (text.split(from).length !== 2) throw new Error(`scripts/yeoman-parts.mjs: ${file} no longer has \`${from}\` once: look again at its requires`);
          text = text.replace(from, to);
        }
        return { loader: 'js', contents: text };
      });
    },
  };

  return [lodash, leftOutFiles, yeomanPrompts, lazyPackages, lazyDebug, lateRequires, neverCalled];
}
