// What each #name import of package.json holds: the entry scripts/bundle.mjs bundles into
// dist/vendor/<name>.js, and scripts/bundle-commands.mjs into a command's script bundle when the
// command imports it statically. Only the names our code imports.

/** #yaml: from the yaml package's ES module build (scripts/bundle.mjs says why). */
export const YAML = "export { isPair, isScalar, isSeq, parseDocument, parse, visit } from './node_modules/yaml/browser/dist/index.js';";

/** The other packages; Octokit, its plugins and the Bottleneck they share are one file, so @octokit/core is in it once. */
export const VENDOR = {
  ejs: "export { default } from 'ejs';",
  pep440: "export { eq, valid } from '@renovatebot/pep440';",
  fflate: "export { unzipSync } from 'fflate';",
  'tar-parse': "export { Parser } from 'tar/parse';",
  octokit: ["export { Octokit } from '@octokit/rest';", "export { retry } from '@octokit/plugin-retry';",
    "export { throttling } from '@octokit/plugin-throttling';", "export { default as Bottleneck } from 'bottleneck/light.js';"].join('\n'),
  libsodium: "export { default } from 'libsodium-wrappers';",
  inquirer: "export { default } from 'inquirer';",
};

/** Every #name's entry: #yaml and the VENDOR table. */
export const ENTRIES = { yaml: YAML, ...VENDOR };

/**
 * The #names that a script bundle holds as functions loading the package on their first call, from
 * a script bundle of its own, dist/vendor/<name>.cjs (scripts/bundle.mjs builds it; src/io/scripts.ts
 * runs it with its own code cache). #yaml: bump reads a generated workflow's pins without it
 * (src/core/flat-yaml.ts), and bundling the yaml package into every bump cost it the reading and
 * decoding of 136 KB, the top-level code of ~70 modules and a bigger code cache (issue #15). Each
 * export of the table's entry must be a function.
 */
export const ON_FIRST_CALL = ['yaml'];

/** A module that exports the functions of #name's entry, each loading dist/vendor/<name>.cjs on its first call. */
function onFirstCall(name, entry) {
  const names = [...entry.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));
  if (names.length === 0 || names.some((n) => !/^\w+$/.test(n))) throw new Error(`#${name}: only named exports can load on first call`);
  return [
    "import { join } from 'node:path';",
    "import { PACKAGE_ROOT } from './dist/src/io/package-files.js';",
    "import { loadScriptSync } from './dist/src/io/scripts.js';",
    'let loaded;',
    `const real = () => (loaded ??= loadScriptSync(join(PACKAGE_ROOT, 'dist', 'vendor', ${JSON.stringify(`${name}.cjs`)})));`,
    ...names.map((n) => `export function ${n}(...args) { return real().${n}(...args); }`),
  ].join('\n');
}

/**
 * An esbuild plugin for script bundles: a #name imported with import() stays outside (dist/vendor,
 * loaded when that code runs); one imported statically is bundled from the package's source, so it
 * is in the code cache too and needs no require of its own (dist/vendor's files make one with
 * node:module), and one of ON_FIRST_CALL is loaded from its own script when first called. A #name not in the table
 * (#ci-schemas, compiled at build time) is its dist/vendor file.
 */
export function vendorFromSource(root) {
  const entries = { ...ENTRIES };
  for (const name of ON_FIRST_CALL) entries[name] = onFirstCall(name, entries[name]);
  return {
    name: 'vendor-from-source',
    setup(b) {
      b.onResolve({ filter: /^#/ }, (args) => {
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        const name = args.path.slice(1);
        return name in entries ? { path: name, namespace: 'vendor' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({ contents: entries[args.path], resolveDir: root, loader: 'js' }));
    },
  };
}
