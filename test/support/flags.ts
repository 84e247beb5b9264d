// Command lines built from defaults plus a test's own flags: a single-value flag may be given once
// (issue #14), so a flag in `extra` replaces the default's, instead of being repeated after it.

/** `base` without the flags (and their values) that `extra` sets, followed by `extra`. */
export function withFlags(base: readonly string[], extra: readonly string[]): string[] {
  const given = new Set(extra.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) {
    const a = base[i] as string;
    if (a.startsWith('--') && given.has(a.split('=')[0])) {
      // drop the flag and, when it is `--flag value`, its value
      if (!a.includes('=') && i + 1 < base.length && !(base[i + 1] as string).startsWith('--')) i++;
      continue;
    }
    out.push(a);
  }
  return [...out, ...extra];
}
