import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError, UserError } from '../../src/core/errors.js';
import { SCHEMA_VERSION } from '../../src/core/manifest.js';
import { MIGRATIONS, migrateAnswers } from '../../src/core/migrations.js';

const S3_STEP = 'schema 2: the s3Bucket answer (S3 staging on travis-appveyor) is stored, empty unless used';

describe('migrateAnswers', () => {
  it('knows schema 2 as current, with one step per older schema', () => {
    assert.equal(SCHEMA_VERSION, 2);
    assert.deepEqual(MIGRATIONS.map((m) => m.from), [1]);
  });

  it('moves schema 1 to 2 by adding an empty s3Bucket', () => {
    assert.deepEqual(migrateAnswers(1, { name: 'cymem', ci: 'github-actions' }, '.yo-rc.json'), {
      answers: { name: 'cymem', ci: 'github-actions', s3Bucket: '' },
      applied: [S3_STEP],
    });
  });

  it('keeps a string s3Bucket and replaces a non-string one with ""', () => {
    assert.deepEqual(migrateAnswers(1, { s3Bucket: 'my-bucket' }, '.yo-rc.json').answers, { s3Bucket: 'my-bucket' });
    assert.deepEqual(migrateAnswers(1, { s3Bucket: 42 }, '.yo-rc.json').answers, { s3Bucket: '' });
  });

  it('treats a missing schema version as schema 1', () => {
    assert.deepEqual(migrateAnswers(undefined, { name: 'x' }, '.yo-rc.json'), { answers: { name: 'x', s3Bucket: '' }, applied: [S3_STEP] });
  });

  it('does not change the answers it was given', () => {
    const given = { name: 'x' };
    migrateAnswers(1, given, '.yo-rc.json');
    assert.deepEqual(given, { name: 'x' });
  });

  it('leaves answers of the current schema unchanged, applying nothing', () => {
    const given = { name: 'cymem', s3Bucket: '' };
    const r = migrateAnswers(SCHEMA_VERSION, given, '.yo-rc.json');
    assert.deepEqual(r, { answers: { name: 'cymem', s3Bucket: '' }, applied: [] });
    assert.equal(r.answers, given);
  });

  it('refuses a newer schema with a UserError naming both schemas and a hint', () => {
    let caught: unknown;
    try {
      migrateAnswers(3, { name: 'x' }, '.yo-rc.json');
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof UserError);
    assert.equal(isUserError(caught), true);
    assert.equal(caught.message, '.yo-rc.json was written by a newer create-wheels-repo (answers schema 3; this one knows 2).');
    assert.equal(caught.hint, 'Run the newest create-wheels-repo: npm init wheels-repo@latest');
  });

  it('names the schema it refuses, whatever it is', () => {
    assert.throws(() => migrateAnswers(17, {}, '.yo-rc.json'), (e: unknown) => isUserError(e) && /answers schema 17;/.test(e.message));
  });
});
