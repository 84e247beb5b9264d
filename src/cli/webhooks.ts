// wheels-repo webhooks [--check]: AppVeyor's GitHub webhook must not fire on pull requests (a PR
// build from a fork would run with the repository's AppVeyor settings). Lists the hooks with
// AppVeyor's secret URL id masked, and removes pull_request from AppVeyor hooks only.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';
import { STORE_KEY } from '../core/manifest.js';

export const WEBHOOKS_HELP = `Usage: wheels-repo webhooks [--check] [--dry-run] [--repo OWNER/NAME] [--dir PATH]

Lists the repository's webhooks (AppVeyor's URL id masked) and removes the
pull_request event from AppVeyor hooks, touching nothing else of them (their
secret included) and no other hook.

  --check      only report; exit 1 if an AppVeyor hook still fires on pull requests
  --dry-run    print the PATCH requests, send none
  --repo       OWNER/NAME (default: from .yo-rc.json, <owner>/<name>-wheels)

Token: GITHUB_TOKEN or GH_TOKEN with admin:repo_hook (or repo); GITHUB_API_URL.
`;

/** AppVeyor's GitHub webhook: on ci.appveyor.com, or on the AppVeyor Server host of APPVEYOR_API_URL. */
export function isAppVeyorHook(url: string | undefined, env: NodeJS.ProcessEnv = {}): boolean {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return false;
  }
  const hosts = new Set(['ci.appveyor.com']);
  try {
    if (env.APPVEYOR_API_URL) hosts.add(new URL(env.APPVEYOR_API_URL).host);
  } catch {
    // not a URL: only the public service counts
  }
  return hosts.has(u.host) && u.pathname.endsWith('/api/github/webhook') && u.searchParams.has('id');
}

export function maskHookUrl(url: string | undefined): string {
  if (!url) return '(no url)';
  return url.replace(/([?&]id=)[^&]+/, '$1***');
}

export interface WebhooksIO {
  cwd: string;
  out: (text: string) => void;
  env: NodeJS.ProcessEnv;
  terminal?: boolean;
}

function repoOf(dir: string, flag: string | undefined): { owner: string; repo: string } {
  if (flag) {
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(flag);
    if (!m) throw new UserError(`--repo must be OWNER/NAME, got ${JSON.stringify(flag)}.`, 'e.g. --repo MacPython/scipy-wheels');
    return { owner: m[1] as string, repo: m[2] as string };
  }
  const path = join(dir, '.yo-rc.json');
  const answers = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, { answers?: { owner: string; name: string } }>)[STORE_KEY]?.answers : undefined;
  if (!answers) throw new UserError('Which repository? There is no .yo-rc.json here.', 'Pass --repo OWNER/NAME.');
  return { owner: answers.owner, repo: `${answers.name}-wheels` };
}

export async function runWebhooks(argv: readonly string[], io: WebhooksIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], strict: true, options: { check: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, repo: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UserError((e as Error).message, 'Run `wheels-repo webhooks --help`.');
  }
  const v = parsed.values;
  if (v.help) return io.out(WEBHOOKS_HELP), 0;
  const r = repoOf(resolve(io.cwd, v.dir ?? '.'), v.repo);
  const { createGitHub, listHooks, removePullRequestEvent } = await import('../api/github.js');
  const { requireGithubToken } = await import('../api/token.js');
  const token = await requireGithubToken(io, 'admin:repo_hook (or repo) on the repository');
  const gh = await createGitHub({ token, baseUrl: io.env.GITHUB_API_URL, log: (l) => io.out(`${l}\n`) });
  const hooks = await listHooks(gh, r);
  if (hooks.length === 0) io.out(`${r.owner}/${r.repo} has no webhooks.\n`);
  let firing = 0;
  for (const h of hooks) {
    const appveyor = isAppVeyorHook(h.config.url, io.env);
    const pr = h.events.includes('pull_request') || h.events.includes('*');
    io.out(`${String(h.id).padEnd(12)} ${appveyor ? 'AppVeyor ' : '         '} ${maskHookUrl(h.config.url)}  events: ${h.events.join(', ')}${h.active ? '' : ' (inactive)'}\n`);
    if (!appveyor || !pr) continue;
    if (h.events.includes('*') && !v.check) {
      // remove_events cannot take one event out of "everything"; replacing the list is the user's call
      firing++;
      io.out('  subscribes to every event ("*"): on GitHub, edit it to send push events only\n');
      continue;
    }
    if (v.check) {
      firing++;
      io.out(`  fires on pull requests\n`);
    } else if (v['dry-run']) {
      io.out(`  would PATCH /repos/${r.owner}/${r.repo}/hooks/${h.id} {"remove_events": ["pull_request"]}\n`);
    } else {
      await removePullRequestEvent(gh, r, h.id);
      io.out(`  pull_request removed\n`);
    }
  }
  if (firing > 0) {
    io.out(`${firing} AppVeyor hook${firing === 1 ? '' : 's'} still fire${firing === 1 ? 's' : ''} on pull requests${v.check ? ': run `wheels-repo webhooks` to fix' : ' (see above)'}.\n`);
    return 1;
  }
  return 0;
}
