// The package's own files: version, templates and pins, read from the install location.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Pins, TemplateFile } from '../core/render.js';

/** dist/src/io/ → the package root (a path, not a URL: a bin then does no URL work, scripts/script-bundle.mjs). */
export const PACKAGE_ROOT = join(import.meta.dirname, '..', '..', '..');

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Where the templates are: the package's own, or CREATE_WHEELS_REPO_TEMPLATES (a copy with changes,
 * which is how tests play a newer version of the templates against an existing repository).
 */
export function templatesRoot(): string {
  return process.env.CREATE_WHEELS_REPO_TEMPLATES || join(PACKAGE_ROOT, 'templates');
}

export function loadTemplates(root = templatesRoot()): TemplateFile[] {
  return walk(root)
    .map((full) => ({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') }))
    .filter((t) => t.path.includes('/'));
}

export function loadPins(root = templatesRoot()): Pins {
  return JSON.parse(readFileSync(join(root, 'pins.json'), 'utf8')) as Pins;
}
