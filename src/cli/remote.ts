// wheels-repo remote (and create-wheels-repo --github): the remote side of a generated repository.
// Every step reads first and writes only what is missing, so a rerun after a failure finishes the rest
// and repeats nothing; the report says what was done, what was already so, and what failed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Octokit } from '@octokit/rest';
import { UserError } from '../core/errors.js';
import type { Answers } from '../core/options.js';
import { layoutFor } from '../providers/index.js';
import { usesAppVeyor } from '../providers/travis-appveyor.js';
import type { SecretSpec } from '../providers/types.js';
import type { RepoInfo } from '../api/github-repo.js';
import { githubToken, requireGithubToken } from '../api/token.js';
import { headCommitIfAny } from '../io/git.js';
import { fileOf, promptValue, readAnswers, secretFromEnv, secureValueEncrypter, secureValueState, writeSecureValue } from './secrets.js';

export const REMOTE_HELP = `Usage: wheels-repo remote [--dir PATH] [--private] [--appveyor] [--appveyor-account NAME] [--dry-run]

Sets up the remote side of a generated wheels repository. Each step first reads
what is there and changes only what is missing, so running it again after a
failure finishes the rest without repeating anything:

  1. creates OWNER/NAME-wheels on GitHub (your account or an organisation), or
     uses it if it exists and is empty
  2. pushes main, the multibuild submodule link included, and checks that
     GitHub's main is the local commit
  3. --publish trusted: creates the "pypi" environment and prints the values to
     register as a trusted publisher on PyPI
  4. sets the GitHub secrets and variables the layout declares, from the environment
     (WHEELS_REPO_SECRET_<NAME>, or <NAME> itself; your GITHUB_TOKEN is never
     reused as a CI secret) or a masked prompt, never from the command line
  5. travis-appveyor: encrypts the secure values into .travis.yml and
     appveyor.yml (TRAVIS_TOKEN, APPVEYOR_TOKEN), commits and pushes them;
     --appveyor adds the AppVeyor project; AppVeyor's webhook stops firing on
     pull requests (only its events change: its config and secret are kept)

  --dir PATH               the wheels repository (default: the current directory)
  --private                create the GitHub repository private
  --appveyor               add the repository to AppVeyor (travis-appveyor)
  --appveyor-account NAME  AppVeyor account, for user-level (v2) API keys
  --dry-run                print one line per API call that would change
                           something, and change nothing
Token: GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`, else a masked prompt.
API bases: GITHUB_API_URL, TRAVIS_API_URL, APPVEYOR_API_URL.
`;

export interface RemoteIO {
  cwd: string;
  out: (text: string) => void;
  env: NodeJS.ProcessEnv;
  terminal?: boolean;
}

export interface RemoteOptions {
  dir: string;
  private: boolean;
  appveyor: boolean;
  appveyorAccount?: string;
  dryRun: boolean;
  /** how the user runs this again (the resume hint) */
  command?: string;
}

type Outcome = 'done' | 'already' | 'planned' | 'left' | 'failed' | 'not run';
interface Line {
  outcome: Outcome;
  text: string;
}

export function parseRemoteArgs(argv: readonly string[], cwd: string): RemoteOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], strict: true,
      options: { dir: { type: 'string' }, private: { type: 'boolean' }, appveyor: { type: 'boolean' }, 'appveyor-account': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UserError((e as Error).message, 'Run `wheels-repo remote --help`. Tokens and secret values are never taken from the command line.');
  }
  const v = parsed.values;
  if (v.help) return 'help';
  return { dir: resolve(cwd, v.dir ?? '.'), private: v.private === true, appveyor: v.appveyor === true, appveyorAccount: v['appveyor-account'], dryRun: v['dry-run'] === true };
}

export async function runRemoteCommand(argv: readonly string[], io: RemoteIO): Promise<number> {
  const opts = parseRemoteArgs(argv, io.cwd);
  if (opts === 'help') return io.out(REMOTE_HELP), 0;
  return setUpRemote(opts, io);
}

function localHead(dir: string): string {
  const head = headCommitIfAny(dir);
  if (head === undefined) {
    throw new UserError(`${dir} is not a git repository with a commit (generated with --no-git?).`, 'Run `git init -b main`, add the files (and the multibuild submodule, see README.md), commit, then run `wheels-repo remote` again.');
  }
  return head;
}


class Run {
  readonly lines: Line[] = [];
  constructor(readonly io: RemoteIO, readonly dryRun: boolean) {}
  record(outcome: Outcome, text: string): void {
    this.lines.push({ outcome, text });
    this.io.out(`${outcome === 'planned' ? 'would' : outcome.padEnd(7)}  ${text}\n`);
  }
  /** Runs a change, or in a dry run only records what it would do. */
  async change(text: string, fn: () => Promise<string | void>): Promise<void> {
    if (this.dryRun) return this.record('planned', text);
    const detail = await fn();
    this.record('done', detail ? `${text}: ${detail}` : text);
  }
}

interface Ctx {
  run: Run;
  dir: string;
  a: Answers;
  ref: { owner: string; repo: string };
  opts: RemoteOptions;
  /** undefined only in a dry run without a token */
  gh: Octokit | undefined;
  token: string | undefined;
  /** the repository does not exist yet (dry run): later reads would only say "not found" */
  fresh: boolean;
  info?: RepoInfo;
  secretValues: Map<string, string>;
  /** secret name → where its value came from */
  sources: Map<string, string>;
}

/** Why --appveyor cannot apply to these answers. */
export function appveyorRefusal(a: Pick<Answers, 'ci' | 'platforms'>): string {
  return a.ci !== 'travis-appveyor'
    ? `--appveyor is for --ci travis-appveyor; this repository uses ${a.ci}.`
    : '--appveyor adds the AppVeyor project that builds Windows wheels, and no Windows platform is built here.';
}

export async function setUpRemote(opts: RemoteOptions, io: RemoteIO): Promise<number> {
  const a = readAnswers(opts.dir);
  const ref = { owner: a.owner, repo: `${a.name}-wheels` };
  if (opts.appveyor && !usesAppVeyor(a)) throw new UserError(appveyorRefusal(a), 'Drop --appveyor.');
  localHead(opts.dir);
  // A dry run plans without a token too (assuming nothing exists yet).
  const token = opts.dryRun ? await githubToken(io) : await requireGithubToken(io, 'the scopes repo and workflow (admin:repo_hook for AppVeyor\'s webhook)');
  const run = new Run(io, opts.dryRun);
  io.out(`${opts.dryRun ? 'Plan for' : 'Setting up'} ${ref.owner}/${ref.repo}${io.env.GITHUB_API_URL ? ` on ${io.env.GITHUB_API_URL}` : ''}${opts.dryRun && !token ? ' (no token: assuming nothing exists yet)' : ''}:\n`);
  let gh: Octokit | undefined;
  if (token) {
    const { createGitHub } = await import('../api/github.js');
    gh = await createGitHub({ token, baseUrl: io.env.GITHUB_API_URL, log: (l) => io.out(`  ${l}\n`), env: io.env });
  }
  const ctx: Ctx = { run, dir: opts.dir, a, ref, opts, gh, token, fresh: !token, secretValues: new Map(), sources: new Map() };
  const steps: Array<[string, (c: Ctx) => Promise<void>]> = [
    ['create the GitHub repository', ensureRepository],
    ['push main', pushMain],
    ...(a.publish === 'trusted' ? [['create the pypi environment', ensurePypiEnvironment] as [string, (c: Ctx) => Promise<void>]] : []),
    ['set the GitHub secrets', setGitHubSecrets],
    ['set the GitHub variables', setGitHubVariables],
    ...(a.ci === 'travis-appveyor'
      ? ([
          ...(opts.appveyor ? [['add the AppVeyor project', ensureAppVeyorProject]] : []),
          ['encrypt the secure values', encryptSecureValues],
          ...(usesAppVeyor(a) ? [['stop AppVeyor building pull requests', disableAppVeyorPullRequests]] : []),
        ] as Array<[string, (c: Ctx) => Promise<void>]>)
      : []),
  ];
  let failure: UserError | undefined;
  for (const [title, step] of steps) {
    if (failure) {
      run.lines.push({ outcome: 'not run', text: title });
      continue;
    }
    try {
      await step(ctx);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      failure = e;
      run.record('failed', `${title}: ${e.message}`);
    }
  }
  if (a.publish === 'trusted' && !failure) printTrustedPublisher(ctx);
  return report(ctx, failure);
}

function report(ctx: Ctx, failure: UserError | undefined): number {
  const { run, io } = { run: ctx.run, io: ctx.run.io };
  const count = (o: Outcome) => run.lines.filter((l) => l.outcome === o).length;
  if (ctx.opts.dryRun) {
    io.out(`Dry run: ${count('planned')} change${count('planned') === 1 ? '' : 's'} planned, ${count('already')} already so; nothing was changed.\n`);
    if (failure) throw new UserError(`The plan is incomplete: ${failure.message}`, failure.hint);
    return 0;
  }
  io.out(`\nReport: ${count('done')} done, ${count('already')} already so, ${count('left')} left to you, ${count('failed')} failed${count('not run') ? `, ${count('not run')} not run` : ''}.\n`);
  for (const l of run.lines.filter((x) => x.outcome === 'left' || x.outcome === 'not run')) io.out(`  ${l.outcome}: ${l.text}\n`);
  if (failure) {
    throw new UserError(failure.message, `${failure.hint ? `${failure.hint} ` : ''}Then run \`${ctx.opts.command ?? 'wheels-repo remote'}${ctx.opts.dir === io.cwd ? '' : ` --dir ${ctx.opts.dir}`}\` again: it finishes the rest and repeats nothing.`);
  }
  return 0;
}

async function ensureRepository(c: Ctx): Promise<void> {
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
    c.info = await createRepo(c.gh as Octokit, c.ref, where ?? 'user', { private: c.opts.private, description: `Wheels for ${c.a.name}, built by ${c.a.ci === 'travis-appveyor' ? 'Travis CI and AppVeyor' : 'GitHub Actions'}` });
    return c.info.htmlUrl;
  });
  c.fresh = c.run.dryRun;
}

async function pushMain(c: Ctx): Promise<void> {
  const { mainCommit } = await import('../api/github-repo.js');
  const { addRemote, isAncestorOfHead, pushWithToken, remoteUrl } = await import('../io/git.js');
  const local = localHead(c.dir);
  const short = local.slice(0, 12);
  const remote = c.gh && !c.fresh ? await mainCommit(c.gh, c.ref) : 'empty';
  if (remote === local) return c.run.record('already', `GitHub's main is ${short}, as here`);
  if (remote !== undefined && remote !== 'empty' && c.gh && (await (await import('../api/github-repo.js')).isAncestorOnGitHub(c.gh, c.ref, local, remote))) {
    return c.run.record('already', `GitHub's main (${remote.slice(0, 12)}) already contains ${short}, with later commits: \`git pull\` to get them`);
  }
  if (remote === undefined) {
    throw new UserError(`${c.ref.owner}/${c.ref.repo} has commits but no main branch: it is not an empty repository.`, 'Use an empty repository (delete or rename this one), or push by hand.');
  }
  if (remote !== 'empty' && !isAncestorOfHead(c.dir, remote)) {
    throw new UserError(`GitHub's main (${remote.slice(0, 12)}) has commits this repository does not have: pushing would overwrite them.`, `Fetch and merge them first (git pull ${c.info?.cloneUrl ?? 'origin'} main), or use an empty repository.`);
  }
  const url = c.info?.cloneUrl ?? `https://github.com/${c.ref.owner}/${c.ref.repo}.git`;
  const origin = remoteUrl(c.dir, 'origin');
  // The token works over HTTPS only: an origin with another URL (SSH, say) is left alone and not used.
  const target = origin === undefined || origin === url ? 'origin' : url;
  await c.run.change(`git push ${url} HEAD:refs/heads/main (${short}${c.a.engine === 'multibuild' ? ', with the multibuild submodule link' : ''})`, async () => {
    if (origin === undefined) addRemote(c.dir, 'origin', url);
    pushWithToken(c.dir, target, c.token as string, target === 'origin');
    const after = await mainCommit(c.gh as Octokit, c.ref);
    if (after !== local) throw new UserError(`After the push GitHub's main is ${String(after).slice(0, 12)}, not ${short}.`, 'Something else pushed meanwhile: look at the repository on GitHub.');
    return `GitHub's main is now ${short}`;
  });
}

async function ensurePypiEnvironment(c: Ctx): Promise<void> {
  const { createEnvironment, environmentExists } = await import('../api/github-repo.js');
  if (c.gh && !c.fresh && (await environmentExists(c.gh, c.ref, 'pypi'))) return c.run.record('already', 'environment pypi exists');
  await c.run.change(`PUT /repos/${c.ref.owner}/${c.ref.repo}/environments/pypi: create the environment the publish job runs in`, async () => {
    await createEnvironment(c.gh as Octokit, c.ref, 'pypi');
  });
}

function printTrustedPublisher(c: Ctx): void {
  const api = c.run.io.env.GITHUB_API_URL;
  const ghes = api !== undefined && api !== '' && !/^https:\/\/api\.github\.com\/?$/.test(api);
  c.run.io.out([
    '',
    `Register the trusted publisher on PyPI (https://pypi.org/manage/project/${c.a.name}/settings/publishing/,`,
    'or https://pypi.org/manage/account/publishing/ for a project not on PyPI yet), kind "GitHub":',
    `  PyPI project name:  ${c.a.name}`,
    `  Owner:              ${c.ref.owner}`,
    `  Repository name:    ${c.ref.repo}`,
    '  Workflow name:      build-wheels.yml',
    '  Environment name:   pypi',
    ...(ghes ? ['  (PyPI trusts only github.com: from GitHub Enterprise Server, publish with --publish none and upload by hand)'] : []),
    '',
  ].join('\n'));
}

async function valueFor(c: Ctx, spec: SecretSpec): Promise<string | undefined> {
  const known = c.secretValues.get(spec.name);
  if (known !== undefined) return known;
  if (c.run.dryRun) return undefined;
  const env = c.run.io.env;
  let value = secretFromEnv(env, spec.name);
  // Say where each value came from, so a variable exported for something else is noticed.
  if (value) c.sources.set(spec.name, env[`WHEELS_REPO_SECRET_${spec.name}`] ? `$WHEELS_REPO_SECRET_${spec.name}` : `$${spec.name}`);
  else if ((value = await promptValue(`${spec.name} (${spec.purpose})`, c.run.io))) c.sources.set(spec.name, 'typed');
  if (value) c.secretValues.set(spec.name, value);
  return value;
}

const from = (c: Ctx, name: string) => (c.sources.has(name) ? ` (value from ${c.sources.get(name)})` : '');

async function setGitHubSecrets(c: Ctx): Promise<void> {
  const specs = layoutFor(c.a.ci).secrets(c.a).filter((s) => s.where === 'github-secret');
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

async function setGitHubVariables(c: Ctx): Promise<void> {
  const wanted = layoutFor(c.a.ci).variables(c.a);
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

async function ensureAppVeyorProject(c: Ctx): Promise<void> {
  const slug = `${c.ref.owner}/${c.ref.repo}`;
  if (c.run.dryRun && !c.run.io.env.APPVEYOR_TOKEN) return c.run.record('planned', `AppVeyor POST /projects: add ${slug}`);
  const { appveyor } = await import('../api/ci-services.js');
  const api = appveyor(c.run.io.env, c.opts.appveyorAccount);
  if (await api.hasProject(slug)) return c.run.record('already', `AppVeyor project ${slug} exists`);
  await c.run.change(`AppVeyor POST /projects: add ${slug}`, () => api.addProject(slug));
}

async function encryptSecureValues(c: Ctx): Promise<void> {
  const specs = layoutFor(c.a.ci).secrets(c.a).filter((s) => s.where !== 'github-secret');
  const files = new Map<string, string>();
  const todo: SecretSpec[] = [];
  for (const s of specs) {
    const file = fileOf(s);
    const text = files.get(file) ?? (existsSync(join(c.dir, file)) ? readFileSync(join(c.dir, file), 'utf8') : '');
    files.set(file, text);
    if (secureValueState(text, s.name) === 'set') c.run.record('already', `${s.name} is encrypted in ${file}`);
    else todo.push(s);
  }
  const { commitFiles, uncommitted } = await import('../io/git.js');
  // Encrypted earlier (by an interrupted run, or `wheels-repo secrets set`) but not committed: CI
  // reads what is pushed, so those files still need the commit and the push.
  const pending = new Set([...files.keys()].filter((f) => existsSync(join(c.dir, f)) && uncommitted(c.dir, f)));
  if (c.run.dryRun) {
    for (const s of todo) c.run.record('planned', `encrypt ${s.name} into ${fileOf(s)} with the ${s.where === 'travis-secure' ? 'Travis repository key' : 'AppVeyor account key'}`);
    if (todo.length > 0 || pending.size > 0) c.run.record('planned', 'git commit the encrypted values and push main');
    return;
  }
  const encrypt = secureValueEncrypter(c.run.io.env, `${c.ref.owner}/${c.ref.repo}`, c.opts.appveyorAccount);
  const encrypted: string[] = [];
  for (const s of todo) {
    const value = await valueFor(c, s);
    const service = s.where === 'travis-secure' ? 'TRAVIS_TOKEN' : 'APPVEYOR_TOKEN';
    if (!value || !c.run.io.env[service]) {
      c.run.record('left', `${s.name} in ${fileOf(s)}: ${!value ? `no value (export WHEELS_REPO_SECRET_${s.name})` : `${service} is not set`}; later: wheels-repo secrets set ${s.name}`);
      continue;
    }
    files.set(fileOf(s), writeSecureValue(files.get(fileOf(s)) as string, s.name, await encrypt(s, value)));
    pending.add(fileOf(s));
    encrypted.push(`${s.name} into ${fileOf(s)}${from(c, s.name)}`);
  }
  if (encrypted.length > 0) {
    const { writeAllOrNothing } = await import('../io/atomic.js');
    writeAllOrNothing(c.dir, new Map([...pending].map((f) => [f, files.get(f) as string])));
    for (const e of encrypted) c.run.record('done', `encrypted ${e}`);
  }
  if (pending.size === 0) return;
  const sha = commitFiles(c.dir, [...pending], 'Encrypt the secure values for Travis CI and AppVeyor');
  c.run.record('done', `committed ${[...pending].join(' and ')} as ${sha.slice(0, 12)}`);
  await pushMain(c);
}

async function disableAppVeyorPullRequests(c: Ctx): Promise<void> {
  if (!c.gh || c.fresh) return c.run.record('planned', `PATCH /repos/${c.ref.owner}/${c.ref.repo}/hooks/{AppVeyor hook} {"remove_events":["pull_request"]}, once the hook exists`);
  const { listHooks, removePullRequestEvent } = await import('../api/github.js');
  const { isAppVeyorHook } = await import('./webhooks.js');
  const hooks = (await listHooks(c.gh, c.ref)).filter((h) => isAppVeyorHook(h.config.url, c.run.io.env));
  if (hooks.length === 0) {
    return c.run.record('left', 'no AppVeyor webhook yet: add the project on AppVeyor (or pass --appveyor), then run `wheels-repo webhooks`');
  }
  for (const h of hooks) {
    if (h.events.includes('*')) {
      // remove_events cannot take one event out of "everything"; replacing the list is the user's call
      c.run.record('left', `AppVeyor hook ${h.id} subscribes to every event ("*"): on GitHub, edit it to send push events only`);
      continue;
    }
    if (!h.events.includes('pull_request')) {
      c.run.record('already', `AppVeyor hook ${h.id} does not fire on pull requests`);
      continue;
    }
    await c.run.change(`PATCH /repos/${c.ref.owner}/${c.ref.repo}/hooks/${h.id}: remove the pull_request event (config and secret untouched)`, () => removePullRequestEvent(c.gh as Octokit, c.ref, h.id));
  }
}
