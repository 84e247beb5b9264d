// --resolve: the full commit SHA of a ref of the project, from the GitHub API (loaded only when asked).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../core/bump-plan.js';
import { UserError } from '../core/errors.js';
import { STORE_KEY } from '../core/manifest.js';
import { parseRepoUrl } from '../core/rules.js';
import { getCommitSha } from '../api/github-commits.js';

/** owner/repo of the project: the stored answer, else PROJECT_URL in a CI file, else a submodule. */
export function projectRepo(dir: string, files: readonly SourceFile[], yoRc: SourceFile | undefined): { owner: string; repo: string } | undefined {
  const urls: string[] = [];
  if (yoRc) {
    try {
      const url = (JSON.parse(yoRc.text) as Record<string, { answers?: { repoUrl?: string } }>)[STORE_KEY]?.answers?.repoUrl;
      if (url) urls.push(url);
    } catch {
      // not ours
    }
  }
  for (const f of files) for (const m of f.text.matchAll(/PROJECT_URL["']?\s*[:=]\s*["']?([^\s"'#]+)/g)) if (m[1]) urls.push(m[1]);
  const gitmodules = join(dir, '.gitmodules');
  if (existsSync(gitmodules)) {
    for (const m of readFileSync(gitmodules, 'utf8').matchAll(/url\s*=\s*(\S+)/g)) {
      if (m[1] && !/multibuild/.test(m[1])) urls.push(m[1]);
    }
  }
  for (const url of urls) {
    const parsed = parseRepoUrl(url);
    if (parsed) return { owner: parsed.owner, repo: parsed.repo };
  }
  return undefined;
}

export async function resolveRef(dir: string, ref: string, files: readonly SourceFile[], yoRc: SourceFile | undefined, env: NodeJS.ProcessEnv) {
  const project = projectRepo(dir, files, yoRc);
  if (!project) {
    throw new UserError('--resolve could not tell which GitHub repository the project is.', 'Generated repositories store it in .yo-rc.json; elsewhere set PROJECT_URL in a CI file or add the project as a submodule.');
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  const sha = await getCommitSha({ baseUrl: env.GITHUB_API_URL || 'https://api.github.com', token }, project.owner, project.repo, ref);
  return { sha, repo: `${project.owner}/${project.repo}` };
}
