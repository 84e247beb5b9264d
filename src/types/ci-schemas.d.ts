// dist/vendor/ci-schemas.js (scripts/bundle.mjs): Ajv's standalone validators of schemas/ci.
declare module '#ci-schemas' {
  type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath?: string; message?: string }> | null };
  export const githubWorkflow: Validator;
  export const travis: Validator;
  export const appveyor: Validator;
}
