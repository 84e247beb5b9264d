// A real terminal for tests: tmux runs a command in a pane, keys are sent to it, the screen is read.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export function tmux(socket: string, ...args: string[]) {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`tmux is not installed (${r.error.message}): apt-get install tmux`);
  return r;
}

export async function waitFor(socket: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux(socket, 'capture-pane', '-p', '-J', '-S', '-200', '-t', 'main').stdout;
    if (pattern.test(screen)) return screen;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${pattern}; the screen:\n${screen}`);
}
