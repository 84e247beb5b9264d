// Validates requests sent to the GitHub double against GitHub's own OpenAPI description
// (@octokit/openapi, the dereferenced api.github.com file loaded by path: never the package root).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  body?: object;
  required: boolean;
}

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

let operations: Operation[] | undefined;
const compiled = new Map<Operation, Validator>();
const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): Validator })({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as (a: unknown) => void)(ajv);

function load(): Operation[] {
  if (operations) return operations;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> } }>> };
  operations = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      const params = (template.match(/\{[^}]+\}/g) ?? []).length;
      // {ref} and {path} may hold slashes (heads/main); every other parameter is one segment.
      const pattern = new RegExp(`^${template.split(/(\{[^}]+\})/).map((part) => (/^\{(ref|path)\}$/.test(part) ? '.+' : part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('')}$`);
      operations.push({ method: method.toUpperCase(), template, pattern, params, body: op.requestBody?.content?.['application/json']?.schema, required: op.requestBody?.required === true });
    }
  }
  return operations;
}

/** The operation a request is for: of the templates that match, the one with the fewest parameters. */
export function operationFor(method: string, path: string): Operation | undefined {
  const bare = path.split('?')[0] as string;
  return load().filter((o) => o.method === method && o.pattern.test(bare)).sort((a, b) => a.params - b.params)[0];
}

/**
 * GitHub's schemas leave additionalProperties open, so a misspelt field (`remove_event`) would pass:
 * the top-level object of a request body is closed to the properties GitHub documents.
 */
function closed(schema: object): object {
  const s = schema as { type?: unknown; properties?: object; additionalProperties?: unknown };
  return s.type === 'object' && s.properties && s.additionalProperties === undefined ? { ...s, additionalProperties: false } : schema;
}

/** Problems with a request (empty when GitHub's description accepts it). */
export function requestProblems(method: string, path: string, body: string): string[] {
  const op = operationFor(method, path);
  if (!op) return [`${method} ${path}: no such operation in GitHub's OpenAPI description`];
  if (!op.body) return body.trim() === '' || method === 'GET' ? [] : [`${method} ${op.template}: sends a body, the operation takes none`];
  if (body.trim() === '') return op.required ? [`${method} ${op.template}: the body is required`] : [];
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return [`${method} ${op.template}: the body is not JSON`];
  }
  let v = compiled.get(op);
  if (!v) compiled.set(op, (v = ajv.compile(closed(op.body))));
  return v(data) ? [] : [`${method} ${op.template}: ${JSON.stringify(v.errors)}`];
}
