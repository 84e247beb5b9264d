// The JSON Schemas of CI files, shipped in schemas/ci/ (SchemaStore), for `wheels-repo doctor`.
// Ajv is loaded only when a file is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-files.js';

export type CiKind = 'github-workflow' | 'travis' | 'appveyor';

type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath?: string; message?: string }> | null };
const cache = new Map<CiKind, Validator>();

/** The schema a CI file is checked against, from its path; undefined for files no schema covers. */
export function kindOf(path: string): CiKind | undefined {
  if (path.startsWith('.github/workflows/')) return 'github-workflow';
  if (/^\.travis\.ya?ml$/.test(path)) return 'travis';
  if (/^\.?appveyor\.ya?ml$/.test(path)) return 'appveyor';
  return undefined;
}

async function validator(kind: CiKind): Promise<Validator> {
  const known = cache.get(kind);
  if (known) return known;
  // travis.json is draft-04, the other two draft-07
  const [{ default: Ajv }, { default: AjvDraft04 }, { default: addFormats }] = await Promise.all([import('ajv'), import('ajv-draft-04'), import('ajv-formats')]);
  const AjvClass = (kind === 'travis' ? AjvDraft04 : Ajv) as unknown as new (o: object) => { compile(s: object): Validator };
  const ajv = new AjvClass({ strict: false, allErrors: false });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  const v = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'ci', `${kind}.json`), 'utf8')) as object);
  cache.set(kind, v);
  return v;
}

/** The first schema error of parsed CI data, as "at /jobs/build: must have required property 'runs-on'", or null. */
export async function schemaError(kind: CiKind, data: unknown): Promise<string | null> {
  const v = await validator(kind);
  if (v(data)) return null;
  const e = v.errors?.[0];
  return `at ${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}`;
}
