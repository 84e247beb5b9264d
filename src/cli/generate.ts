// What one generation produces, shared by the generator, --dry-run and the tests.
import { buildManifest, pinnedGitlinks, SCHEMA_VERSION, type StoredState } from '../core/manifest.js';
import type { Answers } from '../core/options.js';
import { render, type RenderedFile } from '../core/render.js';
import { loadPins, loadTemplates, packageVersion } from '../io/package-files.js';

export interface RunState {
  dryRun: boolean;
  answers?: Answers;
  /** creates the staging directory for these answers and returns its path */
  prepareStaging: (answers: Answers) => string;
}

export interface Generated {
  files: RenderedFile[];
  stored: StoredState;
}

export function generateFiles(answers: Answers): Generated {
  const version = packageVersion();
  const pins = loadPins();
  const files = render(answers, { version, templates: loadTemplates(), pins });
  return {
    files,
    stored: { schemaVersion: SCHEMA_VERSION, generatorVersion: version, answers, manifest: buildManifest(files), gitlinks: pinnedGitlinks(answers, pins) },
  };
}
