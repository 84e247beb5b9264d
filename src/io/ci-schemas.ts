// The JSON Schemas of CI files (schemas/ci, from SchemaStore), for `wheels-repo doctor`: validators
// compiled by Ajv at build time (scripts/bundle.mjs, #ci-schemas), loaded only when a file is checked.
export type CiKind = 'github-workflow' | 'travis' | 'appveyor';

/** The schema a CI file is checked against, from its path; undefined for files no schema covers. */
export function kindOf(path: string): CiKind | undefined {
  if (path.startsWith('.github/workflows/')) return 'github-workflow';
  if (/^\.travis\.ya?ml$/.test(path)) return 'travis';
  if (/^\.?appveyor\.ya?ml$/.test(path)) return 'appveyor';
  return undefined;
}

/** The first schema error of parsed CI data, as "at /jobs/build: must have required property 'runs-on'", or null. */
export async function schemaError(kind: CiKind, data: unknown): Promise<string | null> {
  const validators = await import('#ci-schemas');
  const v = { 'github-workflow': validators.githubWorkflow, travis: validators.travis, appveyor: validators.appveyor }[kind];
  if (v(data)) return null;
  const e = v.errors?.[0];
  return `at ${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}`;
}
