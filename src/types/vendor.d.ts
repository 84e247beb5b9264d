// The packages the bins load at run time, bundled into dist/vendor by scripts/bundle.mjs (the #name
// imports in package.json): each module's types are the package's own.
declare module '#ejs' {
  import ejs from 'ejs';
  export default ejs;
}
declare module '#templates' {
  /** ejs's function for a template: the data (locals), escapeFn, include, rethrow */
  type TemplateFunction = (locals: object, escapeFn: (text: unknown) => string, include: (name: string, data?: object) => string, rethrow: (error: Error, text: string, filename: string, line: number) => never) => string;
  /** scripts/compile-templates.mjs: per template path, the text translated and ejs's function for it (loaded on first call) */
  export function templates(): { TEMPLATES: Record<string, [text: string, fn: TemplateFunction]> };
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
