// The GitHub steps of the remote set-up: the repository, main, the pypi environment, the Actions
// secrets and variables. Each reads first and writes only what is missing.
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import { requireSecureUrl } from '../api/base-url.js';
import { addRemote, headCommitIfAny, isAncestorOfHead, pushWithToken, remoteUrl } from '../io/git.js';
import { from, valueFor, type Ctx } from './remote-run.js';

/** HEAD's commit; a repository without one (generated with --no-git) cannot be pushed. */
export function localHead(dir: string): string {
  const head = headCommitIfAny(dir);
  if (head === undefined) {
    throw new UserError(`${dir} is not a git repository with a commit (generated with --no-git?).`, 'Run `git init -b main`, add the files (and the multibuild submodule, see README.md), commit, then run `wheels-repo remote` again.');
  }
  return head;
}

export async function ensureRepository(c: Ctx): Promise<void> {
  const { creationPath, createRepo, getRepo } = await import('../api/github-repo.js');
  const slug = `${c.ref.owner}/${c.ref.repo}`;
  if (c.gh) {
    const existing = await getRepo(c.gh, c.ref);
    if (existing) {
      c.info = existing;
      c.run.record('already', `repository ${slug} exists (${existing.htmlUrl})`);
      if (c.opts.private && !existing.private) c.run.record('left', `${slug} exists and is public: --private does not change an existing repository (make it private under Settings → General → Danger Zone)`);
      return;
    }
  }
  const where = c.gh ? await creationPath(c.gh, c.ref.owner) : undefined;
  const path = where === 'org' ? `/orgs/${c.ref.owner}/repos` : where === 'user' ? '/user/repos' : `/user/repos or /orgs/${c.ref.owner}/repos`;
  await c.run.change(`POST ${path}: create ${slug} (${c.opts.private ? 'private' : 'public'})`, async () => {
    c.info = await createRepo(c.gh as Octokit, c.ref, where ?? 'user', { private: c.opts.private, description: `Wheels for ${c.repo.answers.name}, built by ${c.repo.answers.ci === 'travis-appveyor' ? 'Travis CI and AppVeyor' : 'GitHub Actions'}` });
    return c.info.htmlUrl;
  });
  c.fresh = c.run.dryRun;
}

export async function pushMain(c: Ctx): Promise<void> {
  const { isAncestorOnGitHub, mainCommit } = await import('../api/github-repo.js');
  const local = localHead(c.repo.dir);
  const short = local.slice(0, 12);
  const remote = c.gh && !c.fresh ? await mainCommit(c.gh, c.ref) : 'empty';
  if (remote === local) return c.run.record('already', `GitHub's main is ${short}, as here`);
  if (remote !== undefined && remote !== 'empty' && c.gh && (await isAncestorOnGitHub(c.gh, c.ref, local, remote))) {
    return c.run.record('already', `GitHub's main (${remote.slice(0, 12)}) already contains ${short}, with later commits: \`git pull\` to get them`);
  }
  if (remote === undefined) {
    throw new UserError(`${c.ref.owner}/${c.ref.repo} has commits but no main branch: it is not an empty repository.`, 'Use an empty repository (delete or rename this one), or push by hand.');
  }
  if (remote !== 'empty' && !isAncestorOfHead(c.repo.dir, remote)) {
    throw new UserError(`GitHub's main (${remote.slice(0, 12)}) has commits this repository does not have: pushing would overwrite them.`, `Fetch and merge them first (git pull ${c.info?.cloneUrl ?? 'origin'} main), or use an empty repository.`);
  }
  const url = c.info?.cloneUrl ?? `https://github.com/${c.ref.owner}/${c.ref.repo}.git`;
  const origin = remoteUrl(c.repo.dir, 'origin');
  // The token works over HTTPS only: an origin with another URL (SSH, say) is left alone and not used.
  const target = origin === undefined || origin === url ? 'origin' : url;
  // The token goes wherever the push goes: never over plain http to another machine.
  requireSecureUrl(url, 'git push');
  await c.run.change(`git push ${url} HEAD:refs/heads/main (${short}${c.repo.answers.engine === 'multibuild' ? ', with the multibuild submodule link' : ''})`, async () => {
    if (origin === undefined) addRemote(c.repo.dir, 'origin', url);
    pushWithToken(c.repo.dir, target, c.token as string, target === 'origin');
    const after = await mainCommit(c.gh as Octokit, c.ref);
    if (after !== local) throw new UserError(`After the push GitHub's main is ${String(after).slice(0, 12)}, not ${short}.`, 'Something else pushed meanwhile: look at the repository on GitHub.');
    return `GitHub's main is now ${short}`;
  });
}

/**
 * The release gate's environment: the publish job deploys to `pypi`, which admits only v* tags, so a
 * run from any branch (or a manual run) cannot publish even if the workflow were changed.
 */
export async function ensurePypiEnvironment(c: Ctx): Promise<void> {
  const { addTagPolicy, environmentState, limitEnvironment } = await import('../api/github-repo.js');
  const env = `/repos/${c.ref.owner}/${c.ref.repo}/environments/pypi`;
  const state = c.gh && !c.fresh ? await environmentState(c.gh, c.ref, 'pypi') : undefined;
  if (state?.customPolicies) c.run.record('already', 'environment pypi exists and admits selected branches and tags only');
  else {
    const what = state ? 'limit deployments to selected branches and tags' : 'create the environment the publish job runs in, for selected branches and tags only';
    await c.run.change(`PUT ${env}: ${what}`, () => limitEnvironment(c.gh as Octokit, c.ref, 'pypi'));
  }
  if (state?.policies.some((p) => p.name === 'v*' && p.type === 'tag')) return c.run.record('already', 'environment pypi admits v* tags');
  await c.run.change(`POST ${env}/deployment-branch-policies: admit v* tags (and nothing else)`, () => addTagPolicy(c.gh as Octokit, c.ref, 'pypi', 'v*'));
}

export function printTrustedPublisher(c: Ctx): void {
  const api = c.run.io.env.GITHUB_API_URL;
  const ghes = api !== undefined && api !== '' && !/^https:\/\/api\.github\.com\/?$/.test(api);
  c.run.io.out([
    '',
    `Register the trusted publisher on PyPI (https://pypi.org/manage/project/${c.repo.answers.name}/settings/publishing/,`,
    'or https://pypi.org/manage/account/publishing/ for a project not on PyPI yet), kind "GitHub":',
    `  PyPI project name:  ${c.repo.answers.name}`,
    `  Owner:              ${c.ref.owner}`,
    `  Repository name:    ${c.ref.repo}`,
    '  Workflow name:      build-wheels.yml',
    '  Environment name:   pypi',
    ...(ghes ? ['  (PyPI trusts only github.com: from GitHub Enterprise Server, publish with --publish none and upload by hand)'] : []),
    '',
    'The pypi environment admits only v* tags. To have a person approve each release as well, add',
    `required reviewers: https://github.com/${c.ref.owner}/${c.ref.repo}/settings/environments (pypi →`,
    '"Required reviewers").',
    '',
  ].join('\n'));
}

export async function setGitHubSecrets(c: Ctx): Promise<void> {
  const specs = c.repo.layout.secrets(c.repo.answers).filter((s) => s.where === 'github-secret');
  if (specs.length === 0) return;
  const { listSecretNames, secretWriter } = await import('../api/github.js');
  const existing = c.gh && !c.fresh ? await listSecretNames(c.gh, c.ref) : new Set<string>();
  let write: ((name: string, value: string) => Promise<'created' | 'updated'>) | undefined;
  for (const s of specs) {
    if (existing.has(s.name)) {
      c.run.record('already', `secret ${s.name} is set`);
      continue;
    }
    if (c.run.dryRun) {
      c.run.record('planned', `PUT /repos/${c.ref.owner}/${c.ref.repo}/actions/secrets/${s.name}: ${s.purpose} (sealed; value from $${s.name} or asked)`);
      continue;
    }
    const value = await valueFor(c, s);
    if (!value) {
      c.run.record('left', `secret ${s.name}: no value (export WHEELS_REPO_SECRET_${s.name}, or later: wheels-repo secrets set ${s.name})`);
      continue;
    }
    write ??= await secretWriter(c.gh as Octokit, c.ref);
    const how = await write(s.name, value);
    c.run.record('done', `secret ${s.name} ${how}${from(c, s.name)}`);
  }
}

export async function setGitHubVariables(c: Ctx): Promise<void> {
  const wanted = c.repo.layout.variables(c.repo.answers);
  if (wanted.length === 0) return;
  const { listVariables, setVariable } = await import('../api/github-repo.js');
  const existing = c.gh && !c.fresh ? await listVariables(c.gh, c.ref) : new Map<string, string>();
  for (const v of wanted) {
    const now = existing.get(v.name);
    if (now === v.value) {
      c.run.record('already', `variable ${v.name} is ${v.value}`);
      continue;
    }
    const how = now === undefined ? `POST /repos/${c.ref.owner}/${c.ref.repo}/actions/variables` : `PATCH /repos/${c.ref.owner}/${c.ref.repo}/actions/variables/${v.name}`;
    await c.run.change(`${how}: ${v.name}=${v.value} (${v.purpose})`, () => setVariable(c.gh as Octokit, c.ref, v.name, v.value, now !== undefined));
  }
}

