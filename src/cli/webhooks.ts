// wheels-repo webhooks [--check]: AppVeyor's GitHub webhook must not fire on pull requests (a PR
// build from a fork would run with the repository's AppVeyor settings). Lists the hooks with
// AppVeyor's secret URL id masked, and removes pull_request from AppVeyor hooks only.
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { isAppVeyorHook, listHooks, maskHookUrl, removePullRequestEvent } from '../api/hooks.js';
import type { CommandIO } from '../io/command-io.js';
import { STORE_FILE } from '../repo/store.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { parseStrict } from './args.js';
import { wrapHelp } from './help-wrap.js';

export const WEBHOOKS_HELP = `Usage: wheels-repo webhooks [--check] [--dry-run] [--repo OWNER/NAME] [--dir PATH] [--owner OWNER]

Lists the repository's webhooks (AppVeyor's URL id masked) and removes the
pull_request event from AppVeyor hooks, touching nothing else of them (their
secret included) and no other hook.

  --check      only report; exit 1 if an AppVeyor hook still fires on pull
               requests
  --dry-run    print the PATCH requests, send none
  --repo       OWNER/NAME (default: from ${STORE_FILE}, <owner>/<name>-wheels)
  --owner      the owner stored in ${STORE_FILE}, stated: needed when the origin
               remote points at another repository (a fork)

Token: GITHUB_TOKEN or GH_TOKEN with admin:repo_hook (or repo); GITHUB_API_URL.
`;

function repoOf(dir: string, flag: string | undefined, owner: string | undefined): { owner: string; repo: string } {
  if (flag) {
    const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(flag);
    if (!m) throw new UserError(`--repo must be OWNER/NAME, got ${JSON.stringify(flag)}.`, 'e.g. --repo MacPython/scipy-wheels');
    return { owner: m[1] as string, repo: m[2] as string };
  }
  const stored = WheelsRepo.read(dir);
  if (!stored) throw new UserError(`Which repository? There is no ${STORE_FILE} here.`, 'Pass --repo OWNER/NAME.');
  return WheelsRepo.validate(stored, { origin: { owner } }).slug;
}

export async function runWebhooks(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseStrict({ args: [...argv], options: { check: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, repo: { type: 'string' }, dir: { type: 'string' }, owner: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, 'Run `wheels-repo webhooks --help`.');
  const v = parsed.values;
  if (v.help) return io.out(wrapHelp(WEBHOOKS_HELP)), 0;
  const r = repoOf(resolve(io.cwd, v.dir ?? '.'), v.repo, v.owner);
  const { createGitHub } = await import('../api/github.js');
  const { requireGithubToken } = await import('../api/token.js');
  const token = await requireGithubToken(io, 'admin:repo_hook (or repo) on the repository');
  const gh = await createGitHub({ token, env: io.env, log: (l) => io.out(`${l}\n`) });
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
