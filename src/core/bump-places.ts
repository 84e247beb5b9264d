// Where in a CI file a BUILD_COMMIT is a live pin, and whether it is the main pin or a job's, by
// the keys leading to it (core/bump.ts PinPlace says which, per format). Pure.
import { isPair, isScalar, isSeq } from '#yaml';
import type { PinPlace } from './bump.js';

export function keyName(node: unknown): string | undefined {
  return isPair(node) && isScalar(node.key) ? String(node.key.value) : undefined;
}

/** The keys leading to a node, innermost last ("#" for sequence items). */
export function keyPath(path: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const p of path) {
    const k = keyName(p);
    if (k !== undefined) keys.push(k);
    else if (isSeq(p)) keys.push('#');
  }
  return keys;
}

const SCOPES_NEVER = new Set(['steps', 'container', 'services']);

/**
 * Where a `BUILD_COMMIT: value` mapping is a live pin, by the keys leading to its mapping ("#" for a
 * list item): GitHub Actions workflow and job env, Travis env.global, AppVeyor environment (global,
 * matrix items), Azure variables. Step, container and service env are never the pin. Returns the
 * pin's scope (see PinPlace), undefined where it is not a pin.
 */
export function mappingScope(keys: readonly string[]): PinPlace['scope'] | undefined {
  if (keys.some((k) => SCOPES_NEVER.has(k))) return undefined;
  const p = keys.join('/');
  if (['env', 'env/global', 'environment', 'environment/global'].includes(p)) return 'main';
  if (p === 'environment/matrix/#') return 'job';
  if (keys.length === 3 && keys[0] === 'jobs' && keys[1] !== '#' && keys[2] === 'env') return 'job';
  if (keys[keys.length - 1] !== 'variables') return undefined;
  return keys.length === 1 ? 'main' : 'job';
}

/**
 * Where a `BUILD_COMMIT=value` string is a live pin (Travis env lists and a job's env), with its
 * scope (see PinPlace); undefined where it is not a pin.
 */
export function assignmentScope(keys: readonly string[]): PinPlace['scope'] | undefined {
  if (keys.some((k) => SCOPES_NEVER.has(k))) return undefined;
  const item = keys[keys.length - 1] === '#';
  const k = item ? keys.slice(0, -1) : [...keys];
  const p = k.join('/');
  if (p === 'env/global') return 'main';
  // `env: "A=1 BUILD_COMMIT=x"` is the one job's env; each item of an `env:` list is a job of its own.
  if (p === 'env') return item ? 'job' : 'main';
  if (p === 'env/jobs' || p === 'env/matrix') return 'job';
  return k.length >= 3 && (k[0] === 'jobs' || k[0] === 'matrix') && k[1] === 'include' && k[k.length - 1] === 'env' ? 'job' : undefined;
}

const ENV_KEYS = new Set(['env', 'environment', 'variables', 'global']);

/**
 * The YAML path of the entry a pin belongs to, from the visitor's ancestors (`leaf`: the visited node):
 * `env.global` for a main pin, `jobs.include[3]` for the env of a job entry.
 */
export function placeName(path: readonly unknown[], leaf: unknown, scope: PinPlace['scope']): string {
  const segs: Array<string | number> = [];
  path.forEach((p, i) => {
    const k = keyName(p);
    if (k !== undefined) segs.push(k);
    else if (isSeq(p)) segs.push(p.items.indexOf((path[i + 1] ?? leaf) as never));
  });
  const last = () => segs[segs.length - 1];
  if (scope === 'main') {
    if (typeof last() === 'number') segs.pop();
  } else {
    // jobs.include[3].env[1] → jobs.include[3]; jobs.build.env → jobs.build; env[2] (a job) stays.
    if (typeof last() === 'number' && segs.length >= 3 && ENV_KEYS.has(String(segs[segs.length - 2]))) segs.pop();
    if (typeof last() === 'string' && segs.length > 1 && ENV_KEYS.has(String(last()))) segs.pop();
  }
  return segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)';
}
