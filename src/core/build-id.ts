// A build's id: `<name>-<ref>-wheels` (a "/" in the ref becomes "-"), then -2, -3, ... when a build of
// that id exists already, as magic-build-repo named its releases. The id names the run (the workflow's
// run-name shows it), the staging release and the download directory.
import { checkRef } from './rules.js';

export function baseBuildId(name: string, ref: string): string {
  return `${name}-${ref.replace(/\//g, '-')}-wheels`;
}

/** The first of base, base-2, base-3, ... that `taken` does not hold. */
export function nextBuildId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The build ids a run title names: the run-name is "<build id> (<ref>, <event> on <branch>)". */
export function buildIdOfTitle(title: string): string | undefined {
  const m = /^(\S+-wheels(?:-\d+)?) \(/.exec(title);
  return m?.[1];
}

/** What `wheels-repo download` was given: a run URL, a run id, or a build id. */
export function parseBuildRef(value: string): { runId: number } | { buildId: string } | { error: string } {
  const url = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/actions\/runs\/(\d+)(?:[/?#].*)?$/.exec(value);
  if (url) return { runId: Number(url[1]) };
  if (/^\d+$/.test(value)) return { runId: Number(value) };
  if (/^[A-Za-z0-9._-]+-wheels(?:-\d+)?$/.test(value) && checkRef(value) === null) return { buildId: value };
  return { error: `${JSON.stringify(value)} is neither a build id (<name>-<ref>-wheels), a run id nor a run URL` };
}
