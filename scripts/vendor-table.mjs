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
