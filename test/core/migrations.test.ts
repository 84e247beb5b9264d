import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError, UserError } from '../../src/core/errors.js';
import { SCHEMA_VERSION } from '../../src/core/manifest.js';
import { MIGRATIONS, migrateAnswers } from '../../src/core/migrations.js';

const S3_STEP = 'schema 2: the s3Bucket answer (S3 staging on travis-appveyor) is stored, empty unless used';
const HOOKS_STEP = MIGRATIONS.find((m) => m.from === 2)?.describe as string;
const MANIFEST_STEP = MIGRATIONS.find((m) => m.from === 3)?.describe as string;
/** What schema 3 adds to answers that had no nightly schedule and no cibuildwheel pre-build. */
const S3 = { nightlyRef: '', nightlyOrg: '' };

describe('migrateAnswers', () => {
  it('knows schema 4 as current, with one step per older schema', () => {
    assert.equal(SCHEMA_VERSION, 4);
    assert.deepEqual(MIGRATIONS.map((m) => m.from), [1, 2, 3]);
    assert.match(HOOKS_STEP, /^schema 3: pre_build runs in the root/);
    assert.match(MANIFEST_STEP, /^schema 4: the manifest keeps the text of each generated file as it is/);
  });

  it('moves schema 1 to 2 by adding an empty s3Bucket (then on to 3 and 4)', () => {
    assert.deepEqual(migrateAnswers(1, { name: 'cymem', ci: 'github-actions' }, '.yo-rc.json'), {
      answers: { name: 'cymem', ci: 'github-actions', s3Bucket: '', ...S3 },
      applied: [S3_STEP, HOOKS_STEP, MANIFEST_STEP],
    });
  });

  it('moves schema 3 to 4 without changing the answers (only the manifest\'s form changes)', () => {
    const answers = { name: 'cymem', ci: 'github-actions', s3Bucket: '', ...S3 };
    assert.deepEqual(migrateAnswers(3, answers, '.yo-rc.json'), { answers, applied: [MANIFEST_STEP] });
  });

  it('keeps a string s3Bucket and replaces a non-string one with ""', () => {
    assert.deepEqual(migrateAnswers(1, { s3Bucket: 'my-bucket' }, '.yo-rc.json').answers, { s3Bucket: 'my-bucket', ...S3 });
    assert.deepEqual(migrateAnswers(1, { s3Bucket: 42 }, '.yo-rc.json').answers, { s3Bucket: '', ...S3 });
  });

  it('treats a missing schema version as schema 1', () => {
    assert.deepEqual(migrateAnswers(undefined, { name: 'x' }, '.yo-rc.json'), { answers: { name: 'x', s3Bucket: '', ...S3 }, applied: [S3_STEP, HOOKS_STEP, MANIFEST_STEP] });
  });

  it('schema 3 keeps a cibuildwheel pre-build in the project directory, and gives a nightly schedule its area', () => {
    const cibw = migrateAnswers(2, { engine: 'cibuildwheel', ci: 'github-actions', preBuild: 'make -C libs', nightly: '0 3 * * *' }, '.yo-rc.json').answers;
    assert.equal(cibw.preBuild, 'cd "$REPO_DIR"\nmake -C libs');
    assert.equal(cibw.nightlyOrg, 'scientific-python-nightly-wheels');
    assert.equal(cibw.nightlyRef, '');
    const mb = migrateAnswers(2, { engine: 'multibuild', ci: 'travis-appveyor', preBuild: 'make', nightly: '0 3 * * *' }, '.yo-rc.json').answers;
    assert.equal(mb.preBuild, 'make', 'multibuild already ran pre_build in the root on Linux and macOS');
    assert.equal(mb.nightlyOrg, '', 'travis-appveyor uploads no nightly wheels');
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
      migrateAnswers(5, { name: 'x' }, '.yo-rc.json');
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof UserError);
    assert.equal(isUserError(caught), true);
    assert.equal(caught.message, '.yo-rc.json was written by a newer create-wheels-repo (answers schema 5; this one knows 4).');
    assert.equal(caught.hint, 'Run the newest create-wheels-repo: npm init wheels-repo@latest');
  });

  it('names the schema it refuses, whatever it is', () => {
    assert.throws(() => migrateAnswers(17, {}, '.yo-rc.json'), (e: unknown) => isUserError(e) && /answers schema 17;/.test(e.message));
  });
});
