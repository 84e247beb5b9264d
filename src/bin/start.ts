// What both bins do first, and how a bin reports a bug (the error boundary does too).

/**
 * Node >= 22.1 keeps the compiled code of the ES modules loaded later (in the OS temporary
 * directory). Node 20 has no compile cache, and does not even load node:module here (it brings the
 * ES module loader with it).
 */
export function enableCompileCache(): void {
  if (Number(process.versions.node.split('.')[0]) >= 22) (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

/** A failure that is no user's error: its stack, and exit status 70. */
export function reportInternalError(e: unknown): void {
  process.stderr.write(`internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
}

/**
 * Called when a bin's command is done: ends the process with process.exitCode if nothing is left
 * that keeps Node's event loop alive (process.getActiveResourcesInfo(): no handle, request or timer,
 * so no stream with bytes to write either), which is when Node would end it anyway, but without
 * tearing the heap down and running the GC tasks it has pending first (~1 ms of a bump; issue #15,
 * bench/generate.mjs). Looked at from setImmediate, once what the command's last promises queued has
 * run. A terminal or a stream on a pipe is a live handle: Node then ends the process itself.
 */
export function endWhenIdle(): void {
  setImmediate(() => {
    const active = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.();
    if (active !== undefined && active.length === 0) process.exit();
  });
}

/** Whether a run with `argv` shows only its help: the code cache it leaves is partial (io/scripts.ts). */
export const helpOnly = (argv: readonly string[]): boolean => argv.includes('--help') || argv.includes('-h');
