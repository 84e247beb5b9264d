// render(answers, layout) → the whole generated tree, in memory. Generation, dry runs and upgrades all
// use this one function. Pure: the caller loads the template texts and writes the result; the layout
// says which templates become which files and adds its own view.
import ejs from '#ejs';
import { templates as translations } from '#templates';
import type { Answers } from './options.js';
import { minorOf } from './platforms.js';
import { shellBody, shellQuote, yamlQuote, yamlQuoteAny } from './quote.js';
import type { FileSpec } from './template-files.js';

// The providers take their file lists from template-files.ts, which does not load ejs: only a real
// render does (`--help` and the day-2 commands that read the layouts start without it).
export { outputPath, templateFiles, type FileSpec } from './template-files.js';

export interface TemplateFile {
  /** path under templates/, e.g. "multibuild/config.sh.ejs" */
  path: string;
  text: string;
}

export interface Pin {
  repo: string;
  ref: string;
  tag: string;
}

export interface Pins {
  actions: Record<string, Pin>;
  multibuild: { url: string; branch: string; commit: string; date: string };
  /** CPython minor version → the python.org macOS installer version multibuild installs */
  macpython: Record<string, string>;
  /** manylinux/musllinux image name → where multibuild tests Linux wheels */
  testImages: Record<string, string>;
}

export interface RenderedFile {
  path: string;
  content: string;
  mode: 0o644 | 0o755;
}

/** What render needs of a CI layout (src/providers/types.ts has the whole of it). */
export interface RenderLayout {
  files(a: Answers, templates: readonly string[]): FileSpec[];
  view(a: Answers): Record<string, unknown>;
  secrets(a: Answers): unknown[];
  variables(a: Answers): unknown[];
}

export interface RenderContext {
  version: string;
  templates: readonly TemplateFile[];
  pins: Pins;
  /** false: render every template through ejs, not from its translation made at build time (the tests compare both) */
  precompiled?: boolean;
}

/** `<%- include('gha-release-jobs.yml') %>` reads templates/partials/, from memory. */
function partial(templates: readonly TemplateFile[], name: string): TemplateFile {
  const t = templates.find((x) => x.path === `partials/${name}.ejs` || x.path === `partials/${name}`);
  if (!t) throw new Error(`templates/partials/${name}.ejs does not exist`);
  return t;
}

/** What ejs's compiled code calls when a template throws: the template's name and line, then the error. */
function rethrow(error: Error, _text: string, filename: string, line: number): never {
  error.message = `${filename}:${line}\n\n${error.message}`;
  throw error;
}

/**
 * The function ejs would compile `template` to, translated at build time (#templates), while its text
 * is the one translated (compared whole: a hash would load node:crypto into every generation).
 */
function translated(template: TemplateFile) {
  const t = translations().TEMPLATES[template.path];
  return t && t[0] === template.text ? t[1] : undefined;
}

/**
 * `template` rendered with `data` as ejs.render does: through the function ejs translated it to at
 * build time (#templates, scripts/compile-templates.mjs) while the text is the one translated, else
 * through ejs. Its includes (partials) are rendered the same way, each with the data and what the
 * include adds, as ejs's own include does.
 */
function renderTemplate(template: TemplateFile, data: object, templates: readonly TemplateFile[], precompiled: boolean): string {
  const fn = precompiled ? translated(template) : undefined;
  if (!fn) return ejs.render(template.text, data, { filename: template.path, includer: (name: string) => ({ template: partial(templates, name).text }) });
  const include = (name: string, more?: object) => renderTemplate(partial(templates, name), Object.assign(Object.create(null) as object, data, more), templates, precompiled);
  return fn(Object.assign(Object.create(null) as object, data), ejs.escapeXML, include, rethrow);
}

/**
 * The stand-in for a secure value until `wheels-repo secrets sync` encrypts the real one: base64 that
 * says what it is, padded so it ends in "=" as real ciphertexts do (Travis's schema expects one).
 */
export function securePlaceholder(name: string): string {
  let text = `PLACEHOLDER ${name}: run wheels-repo secrets sync`;
  if (text.length % 3 === 0) text += '.';
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A TOML basic string (the JSON escapes are TOML's too). */
function tomlQuote(value: string): string {
  return JSON.stringify(value);
}

export function render(a: Answers, layout: RenderLayout, ctx: RenderContext): RenderedFile[] {
  const newestPython = [...a.python].map(minorOf).sort((x, y) => parseInt(x.split('.')[1] ?? '0', 10) - parseInt(y.split('.')[1] ?? '0', 10)).at(-1) ?? '3';
  const pin = (key: string): string => {
    const p = ctx.pins.actions[key];
    if (!p) throw new Error(`templates/pins.json has no action "${key}"`);
    return p.tag ? `${p.repo}@${p.ref} # ${p.tag}` : `${p.repo}@${p.ref}`;
  };
  const view = {
    a,
    version: ctx.version,
    pins: ctx.pins,
    secrets: layout.secrets(a),
    variables: layout.variables(a),
    tq: tomlQuote,
    yqAny: yamlQuoteAny,
    placeholder: securePlaceholder,
    newestPython,
    publishing: a.publish === 'trusted',
    pin,
    yq: yamlQuote,
    sq: shellQuote,
    body: shellBody,
    ...layout.view(a),
  };
  const byPath = new Map(ctx.templates.map((t) => [t.path, t]));
  return layout.files(a, [...byPath.keys()]).map(({ template, path }) => {
    const file = byPath.get(template) as TemplateFile;
    const content = template.endsWith('.ejs') ? renderTemplate(file, view, ctx.templates, ctx.precompiled !== false) : file.text;
    return { path, content, mode: path.endsWith('.sh') && content.startsWith('#!') ? 0o755 : 0o644 };
  });
}
