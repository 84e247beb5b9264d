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
