// Which files of a wheels repository are CI configuration that may pin BUILD_COMMIT (read through
// the repository guard: links are not followed).
import type { RepoFiles } from './repo-files.js';

const ROOT_FILES = ['.travis.yml', '.travis.yaml', 'appveyor.yml', '.appveyor.yml', 'azure-pipelines.yml', 'azure-pipelines.yaml'];
const DIRS = ['.github/workflows', 'azure', '.azure-pipelines', 'ci/azure'];
const YAML = /\.ya?ml$/;
const DISABLED = /\.ya?ml\.(back|bak|disabled|orig)$/;

export interface CiFiles {
  live: string[];
  /** disabled copies, e.g. .travis.yml.back */
  skipped: string[];
}

export function findCiFiles(files: RepoFiles): CiFiles {
  const rootNames = files.rootEntries();
  const live = ROOT_FILES.filter((f) => rootNames.includes(f));
  const skipped = rootNames.filter((f) => ROOT_FILES.some((r) => f.startsWith(`${r}.`)) && DISABLED.test(f));
  for (const dir of DIRS) {
    // a directory whose first segment is not in the root is not there: no look-up
    if (!rootNames.includes(dir.split('/')[0] as string)) continue;
    for (const path of files.list(dir)) {
      if (YAML.test(path)) live.push(path);
      else if (DISABLED.test(path)) skipped.push(path);
    }
  }
  return { live: live.sort(), skipped: skipped.sort() };
}
