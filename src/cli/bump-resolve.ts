// --resolve: the full commit SHA of a ref of the project, from the GitHub API (loaded only when asked).
import { UserError } from '../core/errors.js';
import { getCommitSha } from '../api/github-commits.js';
import { projectRepo, type BumpTarget } from '../repo/bump.js';
import { STORE_FILE } from '../repo/store.js';

export async function resolveRef(target: BumpTarget, ref: string, env: NodeJS.ProcessEnv) {
  const project = projectRepo(target);
  if (!project) {
    throw new UserError('--resolve could not tell which GitHub repository the project is.', `Generated repositories store it in ${STORE_FILE}; elsewhere set PROJECT_URL in a CI file or add the project as a submodule.`);
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  const sha = await getCommitSha({ env, token }, project.owner, project.repo, ref);
  return { sha, repo: `${project.owner}/${project.repo}` };
}
