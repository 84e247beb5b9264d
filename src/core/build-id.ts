// A build's id: `<name>-<ref>-wheels` (any character of the ref other than a letter, a digit or "._-",
// such as "/" or "+", becomes "-"), then -2, -3, ... when a build of that id exists already, as
// magic-build-repo named its releases. The id names the run (the workflow's run-name shows it), the
// staging release and the download directory.
import { checkRef } from './rules.js';

/**
 * The id of a first build of `ref`. Every character outside [A-Za-z0-9._-] becomes "-", as the Travis
 * CI + AppVeyor layout's ci/stage-upload.sh names the release from BUILD_ID
 * (`${BUILD_ID//[^A-Za-z0-9._-]/-}`), so the release is the one `download --from release` asks for,
 * and `download` takes the id back (parseBuildRef).
 */
export function baseBuildId(name: string, ref: string): string {
  return `${name}-${ref.replace(/[^A-Za-z0-9._-]/g, '-')}-wheels`;
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

/** What a run's title must start with to be the run of build `id` (the run-name, as buildIdOfTitle reads it). */
export const titlePrefix = (id: string): string => `${id} (`;

/**
 * The ref a run built, when its title names one (a dispatch with build_commit); undefined for a
 * title that names BUILD_COMMIT or a nightly, or that the workflow's run-name did not make.
 */
export function buildRefOfTitle(title: string): string | undefined {
  const m = /^\S+-wheels(?:-\d+)? \(([^ ,]+), /.exec(title);
  return m?.[1] && !['BUILD_COMMIT', 'nightly'].includes(m[1]) && checkRef(m[1]) === null ? m[1] : undefined;
}

/** What `wheels-repo download` was given: a run URL, a run id, or a build id. */
export function parseBuildRef(value: string): { runId: number } | { buildId: string } | { error: string } {
  const url = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/actions\/runs\/(\d+)(?:[/?#].*)?$/.exec(value);
  if (url) return { runId: Number(url[1]) };
  if (/^\d+$/.test(value)) return { runId: Number(value) };
  if (/^[A-Za-z0-9._-]+-wheels(?:-\d+)?$/.test(value) && checkRef(value) === null) return { buildId: value };
  return { error: `${JSON.stringify(value)} is neither a build id (<name>-<ref>-wheels), a run id nor a run URL` };
}
