// The one generation pipeline: render once, then plan and write. create, its dry run, the Yeoman
// generator and the upgrade all take their files from generate().
import { buildManifest, type StoredState } from '../core/manifest.js';
import type { Answers } from '../core/options.js';
import { render, type RenderedFile } from '../core/render.js';
import { layoutFor } from '../providers/registry.js';
import { loadPins, loadTemplates, packageVersion } from '../io/package-files.js';
import { RepoFiles } from '../io/repo-files.js';
import { STORE_FILE, storeEntry, storeText } from './store.js';

export interface Generated {
  files: RenderedFile[];
  stored: StoredState;
}

/** The files these answers generate and the state stored beside them: one render. */
export function generateFiles(answers: Answers): Generated {
  const version = packageVersion();
  const pins = loadPins();
  const layout = layoutFor(answers.ci);
  const files = render(answers, layout, { version, templates: loadTemplates(), pins });
  return { files, stored: storeEntry({ generatorVersion: version, answers, manifest: buildManifest(files), gitlinks: layout.gitlinks(answers, pins) }) };
}

/** Writes a generation into `dir` (a fresh staging directory), all or nothing, through the guard. */
export function writeGenerated(dir: string, generated: Generated): void {
  const outputs = new Map<string, string>(generated.files.map((f) => [f.path, f.content]));
  outputs.set(STORE_FILE, storeText({}, generated.stored));
  new RepoFiles(dir).writeAll(outputs, { modes: new Map(generated.files.map((f) => [f.path, f.mode])) });
}

/** What the generator and create share during one run. */
export interface RunState {
  dryRun: boolean;
  /** set by the generator once the answers are valid: the one render of this run */
  generated?: Generated;
  /** creates the staging directory for these answers and returns its path */
  prepareStaging: (answers: Answers) => string;
}
