// The packages the bins load at run time, bundled into dist/vendor by scripts/bundle.mjs (the #name
// imports in package.json): each module's types are the package's own.
declare module '#ejs' {
  import ejs from 'ejs';
  export default ejs;
}
declare module '#templates' {
  /** scripts/compile-templates.mjs: per template path, the sha256 of its text and the source of ejs's function for it */
  export const TEMPLATES: Record<string, [sha256: string, source: string]>;
  /** that function's parameters: the data (locals), escapeFn, include, rethrow */
  export const PARAMETERS: string;
}
declare module '#pep440' {
  export { eq, valid } from '@renovatebot/pep440';
}
declare module '#fflate' {
  export { unzipSync } from 'fflate';
}
declare module '#tar-parse' {
  export { Parser } from 'tar/parse';
}
declare module '#octokit' {
  export { Octokit } from '@octokit/rest';
  export { retry } from '@octokit/plugin-retry';
  export { throttling } from '@octokit/plugin-throttling';
  // bottleneck/light.js is the build @octokit/plugin-throttling itself uses; its types are the package's.
  export { default as Bottleneck } from 'bottleneck';
}
declare module '#libsodium' {
  import sodium from 'libsodium-wrappers';
  export default sodium;
}
declare module '#inquirer' {
  import inquirer from 'inquirer';
  export default inquirer;
}
