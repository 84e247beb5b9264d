// The schemas in test/schemas are a copy of ../shared/schemas: when the shared directory is beside the
// project (as on a developer's machine), the copies must not have drifted from it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SCHEMAS } from '../support/checks.js';

const SHARED = join(ROOT, '..', 'shared', 'schemas');

describe('test/schemas', () => {
  for (const name of ['github-workflow.json', 'travis.json', 'appveyor.json']) {
    it(`${name} is valid JSON and, where ../shared is present, the same as ../shared/schemas/${name}`, (t) => {
      const copy = readFileSync(join(SCHEMAS, name));
      assert.ok(JSON.parse(copy.toString()).$schema, 'a JSON Schema');
      // the copy shipped for `wheels-repo doctor` is the same file
      assert.ok(copy.equals(readFileSync(join(ROOT, 'schemas', 'ci', name))), `schemas/ci/${name} differs from test/schemas/${name}`);
      if (!existsSync(join(SHARED, name))) return t.skip('../shared is not beside this clone');
      assert.ok(copy.equals(readFileSync(join(SHARED, name))), `test/schemas/${name} differs from ../shared/schemas/${name}: copy it again`);
    });
  }
});
