// Which template becomes which file: the providers' file lists, apart from render.ts so that reading
// a layout does not load ejs. Pure.

/** A template under templates/ and the path it renders to. */
export interface FileSpec {
  template: string;
  path: string;
}

/** "_github/workflows/x.yml.ejs" → ".github/workflows/x.yml": leading "_" stands for "." so npm keeps the files. */
export function outputPath(templatePath: string): string {
  return templatePath
    .replace(/\.ejs$/, '')
    .split('/')
    .map((seg) => (seg.startsWith('_') ? `.${seg.slice(1)}` : seg))
    .join('/');
}

/**
 * Every template in `folders` (paths relative to templates/) and the file it renders to; a later
 * folder's template replaces an earlier one's for the same file. Sorted by output path.
 */
export function templateFiles(templates: readonly string[], folders: readonly string[]): FileSpec[] {
  const files = new Map<string, FileSpec>();
  for (const folder of folders) {
    for (const template of templates) {
      if (!template.startsWith(`${folder}/`)) continue;
      const path = outputPath(template.slice(folder.length + 1));
      files.set(path, { template, path });
    }
  }
  return [...files.values()].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}
