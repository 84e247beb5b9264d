// Following a run until it ends: conditional polls (ETag) with a backoff from a few seconds to a
// minute, a line per job as it finishes (its result and the URL of its log), and, on a terminal, one
// live status line. Ctrl-C stops the waiting, not the build.
import type { Job, Run, RunWatcher } from '../api/actions.js';
import type { CommandIO } from '../io/command-io.js';

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

export interface WatchOptions {
  signal: AbortSignal;
  /** first and longest wait between polls, in ms (WHEELS_REPO_POLL_MS sets the first, for tests) */
  minDelay: number;
  maxDelay: number;
}

export function pollDelays(env: NodeJS.ProcessEnv): { minDelay: number; maxDelay: number } {
  const min = Number(env.WHEELS_REPO_POLL_MS);
  return Number.isFinite(min) && min > 0 ? { minDelay: min, maxDelay: Math.max(min, 60_000 * (min / 3000)) } : { minDelay: 3000, maxDelay: 60_000 };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const t = setTimeout(() => (signal.removeEventListener('abort', stop), resolve()), ms);
    const stop = () => (clearTimeout(t), reject(new Interrupted()));
    signal.addEventListener('abort', stop, { once: true });
  });
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
const failed = (j: Job) => j.conclusion !== null && !['success', 'skipped', 'neutral'].includes(j.conclusion);

export async function watchRun(watcher: Pick<RunWatcher, 'poll'>, io: Pick<CommandIO, 'out' | 'terminal'>, opts: WatchOptions): Promise<{ run: Run; jobs: Job[] }> {
  const reported = new Set<number>();
  const started = Date.now();
  let delay = opts.minDelay;
  let status = '';
  const clear = () => {
    if (status) io.out('\r\x1b[K');
    status = '';
  };
  for (;;) {
    if (opts.signal.aborted) throw new Interrupted();
    const { run, jobs, changed } = await watcher.poll();
    for (const j of jobs) {
      if (j.status !== 'completed' || reported.has(j.id)) continue;
      reported.add(j.id);
      clear();
      io.out(`${(j.conclusion ?? 'done').padEnd(10)} ${j.name}  ${j.htmlUrl}\n`);
    }
    if (run.status === 'completed') {
      clear();
      return { run, jobs };
    }
    if (io.terminal) {
      const done = jobs.filter((j) => j.status === 'completed').length;
      const text = `${done}/${jobs.length} jobs done, ${jobs.filter(failed).length} failed, ${jobs.filter((j) => j.status === 'in_progress').length} running · ${run.status} · ${minutes(Date.now() - started)}`;
      io.out(`\r\x1b[K${text}`);
      status = text;
    }
    delay = changed ? opts.minDelay : Math.min(delay * 2, opts.maxDelay);
    try {
      await sleep(delay, opts.signal);
    } catch (e) {
      clear();
      throw e;
    }
  }
}

export { failed as jobFailed };
