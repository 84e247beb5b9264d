// The Travis CI and AppVeyor steps of the remote set-up: the AppVeyor project, the secure values
// encrypted into the CI files (committed and pushed), and AppVeyor's webhook kept off pull requests.
import type { Octokit } from '@octokit/rest';
import { secureValueState, writeSecureValue } from '../core/secure-values.js';
import type { SecretSpec } from '../providers/types.js';
import { isAppVeyorHook, listHooks, removePullRequestEvent } from '../api/hooks.js';
import { commitFiles, uncommitted } from '../io/git.js';
import { pushMain } from './remote-github.js';
import { from, valueFor, type Ctx } from './remote-run.js';
import { secureValueEncrypter } from './secret-values.js';

export async function ensureAppVeyorProject(c: Ctx): Promise<void> {
  const slug = `${c.ref.owner}/${c.ref.repo}`;
  if (c.run.dryRun && !c.run.io.env.APPVEYOR_TOKEN) return c.run.record('planned', `AppVeyor POST /projects: add ${slug}`);
  const { appveyor } = await import('../api/ci-services.js');
  const api = appveyor(c.run.io.env, c.opts.appveyorAccount);
  if (await api.hasProject(slug)) return c.run.record('already', `AppVeyor project ${slug} exists`);
  await c.run.change(`AppVeyor POST /projects: add ${slug}`, () => api.addProject(slug));
}

export async function encryptSecureValues(c: Ctx): Promise<void> {
  const specs = c.repo.layout.secrets(c.repo.answers).filter((s) => s.where !== 'github-secret');
  const files = new Map<string, string>();
  const todo: SecretSpec[] = [];
  for (const s of specs) {
    const file = s.file as string;
    const text = files.get(file) ?? c.repo.files.read(file) ?? '';
    files.set(file, text);
    if (secureValueState(text, s.name) === 'set') c.run.record('already', `${s.name} is encrypted in ${file}`);
    else todo.push(s);
  }
  // Encrypted earlier (by an interrupted run, or `wheels-repo secrets set`) but not committed: CI
  // reads what is pushed, so those files still need the commit and the push.
  const pending = new Set([...files.keys()].filter((f) => c.repo.files.exists(f) && uncommitted(c.repo.dir, f)));
  if (c.run.dryRun) {
    for (const s of todo) c.run.record('planned', `encrypt ${s.name} into ${s.file} with the ${s.where === 'travis-secure' ? 'Travis repository key' : 'AppVeyor account key'}`);
    if (todo.length > 0 || pending.size > 0) c.run.record('planned', 'git commit the encrypted values and push main');
    return;
  }
  const encrypt = secureValueEncrypter(c.run.io.env, `${c.ref.owner}/${c.ref.repo}`, c.opts.appveyorAccount);
  const encrypted: string[] = [];
  for (const s of todo) {
    const value = await valueFor(c, s);
    const service = s.where === 'travis-secure' ? 'TRAVIS_TOKEN' : 'APPVEYOR_TOKEN';
    if (!value || !c.run.io.env[service]) {
      c.run.record('left', `${s.name} in ${s.file}: ${!value ? `no value (export WHEELS_REPO_SECRET_${s.name})` : `${service} is not set`}; later: wheels-repo secrets set ${s.name}`);
      continue;
    }
    files.set((s.file as string), writeSecureValue(files.get((s.file as string)) as string, s.name, await encrypt(s, value)));
    pending.add((s.file as string));
    encrypted.push(`${s.name} into ${s.file}${from(c, s.name)}`);
  }
  if (encrypted.length > 0) {
    c.repo.files.writeAll(new Map([...pending].map((f) => [f, files.get(f) as string])));
    for (const e of encrypted) c.run.record('done', `encrypted ${e}`);
  }
  if (pending.size === 0) return;
  const sha = commitFiles(c.repo.dir, [...pending], 'Encrypt the secure values for Travis CI and AppVeyor');
  c.run.record('done', `committed ${[...pending].join(' and ')} as ${sha.slice(0, 12)}`);
  await pushMain(c);
}

export async function disableAppVeyorPullRequests(c: Ctx): Promise<void> {
  if (!c.gh || c.fresh) return c.run.record('planned', `PATCH /repos/${c.ref.owner}/${c.ref.repo}/hooks/{AppVeyor hook} {"remove_events":["pull_request"]}, once the hook exists`);
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
