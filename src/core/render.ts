// render(answers) → the whole generated tree, in memory. Generation, dry runs and (later) upgrades all
// use this one function. Pure: the caller loads the template texts and writes the result.
import ejs from 'ejs';
import type { Answers } from './options.js';
import { cpTag, platformById, type Platform } from './platforms.js';
import { shellBody, shellQuote, yamlQuote, yamlQuoteAny } from './quote.js';
import { layoutFor } from '../providers/index.js';

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
}

export interface RenderedFile {
  path: string;
  content: string;
  mode: 0o644 | 0o755;
}

export interface RenderContext {
  version: string;
  templates: readonly TemplateFile[];
  pins: Pins;
}

/** Template layers used for a set of answers, in order: later layers may override earlier files. */
export function layersFor(a: Answers): string[] {
  return ['common', a.engine, a.ci, `${a.ci}+${a.engine}`];
}

/** `<%- include('gha-release-jobs.yml') %>` reads templates/partials/, from memory. */
function includerFor(templates: readonly TemplateFile[]) {
  return (name: string) => {
    const t = templates.find((x) => x.path === `partials/${name}.ejs` || x.path === `partials/${name}`);
    if (!t) throw new Error(`templates/partials/${name}.ejs does not exist`);
    return { template: t.text };
  };
}

/** "_github/workflows/x.yml.ejs" → ".github/workflows/x.yml": leading "_" stands for "." so npm keeps the files. */
export function outputPath(templatePath: string): string {
  return templatePath
    .replace(/\.ejs$/, '')
    .split('/')
    .map((seg) => (seg.startsWith('_') ? `.${seg.slice(1)}` : seg))
    .join('/');
}

interface MatrixEntry extends Platform {
  python: string;
}

function matrix(a: Answers, family: Platform['family']): MatrixEntry[] {
  const out: MatrixEntry[] = [];
  for (const id of a.platforms) {
    const platform = platformById(id);
    if (platform.family !== family) continue;
    for (const python of a.python) out.push({ ...platform, id: `${cpTag(python)}-${platform.id}`, python });
  }
  return out;
}

/** One cibuildwheel job per platform, building every Python version there. */
function cibwJobs(a: Answers) {
  return a.platforms.map((id) => {
    const p = platformById(id);
    const archs = p.family === 'windows' ? (p.plat === 'win32' ? 'x86' : 'AMD64') : p.plat;
    return { id: p.id, runner: p.runner, archs, build: a.python.map((v) => `${cpTag(v)}-${p.cibwTag}`).join(' ') };
  });
}

/**
 * The stand-in for a secure value until `wheels-repo secrets sync` encrypts the real one: base64 that
 * says what it is, padded so it ends in "=" as real ciphertexts do (Travis's schema expects one).
 */
function securePlaceholder(name: string): string {
  let text = `PLACEHOLDER ${name}: run wheels-repo secrets sync`;
  if (text.length % 3 === 0) text += '.';
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A TOML basic string (the JSON escapes are TOML's too). */
function tomlQuote(value: string): string {
  return JSON.stringify(value);
}

export function render(a: Answers, ctx: RenderContext): RenderedFile[] {
  const posix = matrix(a, 'posix');
  const windows = matrix(a, 'windows');
  const cibw = cibwJobs(a);
  const buildJobs = a.engine === 'cibuildwheel' ? ['build_wheels'] : [...(posix.length ? ['build_posix'] : []), ...(windows.length ? ['build_windows'] : [])];
  const needs = [...buildJobs, 'sdist'];
  const layout = layoutFor(a.ci);
  const newestPython = [...a.python].sort((x, y) => Number(x.split('.')[1]) - Number(y.split('.')[1])).at(-1) ?? '3';
  const pin = (key: string): string => {
    const p = ctx.pins.actions[key];
    if (!p) throw new Error(`templates/pins.json has no action "${key}"`);
    return p.tag ? `${p.repo}@${p.ref} # ${p.tag}` : `${p.repo}@${p.ref}`;
  };
  const view = {
    a,
    version: ctx.version,
    pins: ctx.pins,
    posix,
    windows,
    cibw,
    needs,
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
  };
  const layers = layersFor(a);
  const includer = includerFor(ctx.templates);
  const files = new Map<string, RenderedFile>();
  for (const layer of layers) {
    for (const t of ctx.templates) {
      if (!t.path.startsWith(`${layer}/`)) continue;
      const rel = t.path.slice(layer.length + 1);
      const path = outputPath(rel);
      const content = t.path.endsWith('.ejs') ? ejs.render(t.text, view, { filename: t.path, includer }) : t.text;
      // A template that renders to nothing is a file these answers do not need.
      if (content.trim() === '') files.delete(path);
      else files.set(path, { path, content, mode: path.endsWith('.sh') && content.startsWith('#!') ? 0o755 : 0o644 });
    }
  }
  return [...files.values()].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
