// One run of the remote set-up: what every step shares (the repository, the client, the values
// read so far) and the record of what each step did, which becomes the report.
import type { Octokit } from '@octokit/rest';
import type { RepoInfo } from '../api/github-repo.js';
import type { CommandIO } from '../io/command-io.js';
import type { WheelsRepo } from '../repo/wheels-repo.js';
import type { SecretSpec } from '../providers/types.js';
import type { RemoteOptions } from './remote-args.js';
import { promptValue, secretFromEnv, secretSource } from './secret-values.js';

export type Outcome = 'done' | 'already' | 'planned' | 'left' | 'failed' | 'not run';

export class Run {
  readonly lines: Array<{ outcome: Outcome; text: string }> = [];
  constructor(readonly io: CommandIO, readonly dryRun: boolean) {}
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

export interface Ctx {
  run: Run;
  repo: WheelsRepo;
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

/** A secret's value: asked for once per run, from the environment or a masked prompt. */
export async function valueFor(c: Ctx, spec: SecretSpec): Promise<string | undefined> {
  const known = c.secretValues.get(spec.name);
  if (known !== undefined) return known;
  if (c.run.dryRun) return undefined;
  const env = c.run.io.env;
  let value = secretFromEnv(env, spec.name);
  // Say where each value came from, so a variable exported for something else is noticed.
  if (value) c.sources.set(spec.name, secretSource(env, spec.name));
  else if ((value = await promptValue(`${spec.name} (${spec.purpose})`, c.run.io))) c.sources.set(spec.name, 'typed');
  if (value) c.secretValues.set(spec.name, value);
  return value;
}

export const from = (c: Ctx, name: string) => (c.sources.has(name) ? ` (value from ${c.sources.get(name)})` : '');
