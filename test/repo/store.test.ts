import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.js';
import { gzipSync } from 'node:zlib';
import { buildManifest, SCHEMA_VERSION, sha256, type LegacyManifestEntry, type StoredState } from '../../src/core/manifest.js';
import { MIGRATIONS } from '../../src/core/migrations.js';
import type { Answers } from '../../src/core/options.js';
import { RepoFiles } from '../../src/io/repo-files.js';
import { layoutFor } from '../../src/providers/registry.js';
import { checkStoredPaths, isGenerated, manifestBases, readStore, STORE_FILE, STORE_KEY, storeEntry, storeText, withBuildCommit, type Store } from '../../src/repo/store.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ANSWERS: Answers = {
  name: 'cymem', importName: 'cymem', repoUrl: 'https://github.com/explosion/cymem', owner: 'explosion', buildCommit: 'v2.0.8',
  ci: 'github-actions', engine: 'multibuild', python: ['3.12'], platforms: ['linux-x86_64'], buildDepends: '', testDepends: '',
  testCommand: '', preBuild: '', staging: 'none', anacondaOrg: '', s3Bucket: '', publish: 'trusted', nightly: 'none', nightlyRef: '', nightlyOrg: '',
};
const MANIFEST = buildManifest([
  { path: 'config.sh', content: '#!/bin/bash\n', mode: 0o755 },
  { path: '.github/workflows/build-wheels.yml', content: 'name: build\n', mode: 0o644 },
]);
const ENTRY: StoredState = { schemaVersion: SCHEMA_VERSION, generatorVersion: '0.1.0', answers: ANSWERS, manifest: MANIFEST, gitlinks: { multibuild: SHA } };
/** MANIFEST as schemas 1-3 stored it: the text as base64 of its gzip, with its sha256. */
const LEGACY_MANIFEST: LegacyManifestEntry[] = MANIFEST.map((e) => ({ path: e.path, mode: e.mode, sha256: sha256(e.text), base: gzipSync(Buffer.from(e.text, 'utf8')).toString('base64') }));
/** ENTRY as schema 3 stored it. */
const ENTRY_3 = { ...ENTRY, schemaVersion: 3, manifest: LEGACY_MANIFEST };

/** A RepoFiles over a new temporary directory holding .yo-rc.json with `text` (no file when undefined). */
function repoWith(text: string | undefined): RepoFiles {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-store-'));
  if (text !== undefined) writeFileSync(join(dir, STORE_FILE), text);
  return new RepoFiles(dir);
}

const rcText = (entry: unknown, others: Record<string, unknown> = {}) => `${JSON.stringify({ ...others, [STORE_KEY]: entry }, null, 2)}\n`;

/** A refusal of an invalid .yo-rc.json: a UserError naming the file and what is wrong, saying nothing was changed. */
function invalidStore(what: RegExp) {
  return (e: unknown) => isUserError(e) && e.message.startsWith(`${STORE_FILE} `) && what.test(e.message)
    && e.hint === `Restore it from git (git checkout ${STORE_FILE}); nothing was changed.`;
}

function store(manifestPaths: readonly string[], gitlinks?: Record<string, string>): Store {
  const [first] = MANIFEST;
  assert.ok(first);
  return { rc: {}, text: '', answers: {}, migrations: [], manifest: manifestPaths.map((path) => ({ ...first, path })), gitlinks };
}

describe('readStore', () => {
  it('gives undefined without .yo-rc.json, without our key, or without stored answers', () => {
    assert.equal(readStore(repoWith(undefined)), undefined);
    assert.equal(readStore(repoWith('{"generator-other": {"answers": {}}}\n')), undefined);
    assert.equal(readStore(repoWith(rcText('not an object'))), undefined);
    assert.equal(readStore(repoWith(rcText({ manifest: [] }))), undefined);
  });

  it('reads the answers, manifest, gitlinks and the whole file of a current store', () => {
    const text = rcText(ENTRY, { 'generator-other': { x: 1 } });
    const s = readStore(repoWith(text));
    assert.ok(s);
    assert.equal(s.text, text);
    assert.deepEqual(s.rc, JSON.parse(text));
    assert.deepEqual(s.answers, ANSWERS);
    assert.deepEqual(s.migrations, []);
    assert.deepEqual(s.manifest, MANIFEST);
    assert.deepEqual(s.gitlinks, { multibuild: SHA });
  });

  it('gives an empty manifest and no gitlinks when neither is stored', () => {
    const s = readStore(repoWith(rcText({ schemaVersion: SCHEMA_VERSION, answers: ANSWERS })));
    assert.deepEqual(s?.manifest, []);
    assert.equal(s?.gitlinks, undefined);
  });

  it('migrates schema-1 answers and lists the migrations applied', () => {
    const { s3Bucket: _dropped, ...old } = ANSWERS;
    for (const entry of [{ answers: old }, { schemaVersion: 1, answers: old }]) {
      const s = readStore(repoWith(rcText(entry)));
      assert.ok(s);
      assert.deepEqual(s.answers, { ...old, s3Bucket: '' });
      assert.deepEqual(s.migrations, MIGRATIONS.map((m) => m.describe));
      assert.match(s.migrations[0] ?? '', /s3Bucket/);
    }
  });

  it('refuses invalid JSON and JSON that is not an object', () => {
    assert.throws(() => readStore(repoWith('{"create-wheels-repo": ')), invalidStore(/^\.yo-rc\.json is not valid JSON \(.+\)\.$/));
    for (const text of ['[]', '42', 'null', '"x"']) {
      assert.throws(() => readStore(repoWith(text)), invalidStore(/^\.yo-rc\.json is not a JSON object\.$/), text);
    }
  });

  it('refuses a manifest that is not a list of {path, mode, sha256, base} (schemas 1-3)', () => {
    const [first] = LEGACY_MANIFEST;
    assert.ok(first);
    const { sha256: _h, ...noHash } = first;
    for (const manifest of [{}, 'x', [null], [noHash], [{ ...first, mode: 420 }], [first, 7], MANIFEST]) {
      assert.throws(() => readStore(repoWith(rcText({ ...ENTRY_3, manifest }))), invalidStore(/has a manifest that is not a list of \{path, mode, sha256, base\}/), JSON.stringify(manifest));
    }
    assert.deepEqual(readStore(repoWith(rcText(ENTRY_3)))?.manifest, LEGACY_MANIFEST);
  });

  it('refuses a manifest that is not a list of {path, mode, text} (schema 4)', () => {
    const [first] = MANIFEST;
    assert.ok(first);
    const { text: _t, ...noText } = first;
    for (const manifest of [{}, 'x', [null], [noText], [{ ...first, mode: 420 }], [first, 7], LEGACY_MANIFEST]) {
      assert.throws(() => readStore(repoWith(rcText({ ...ENTRY, manifest }))), invalidStore(/has a manifest that is not a list of \{path, mode, text\}/), JSON.stringify(manifest));
    }
    assert.deepEqual(readStore(repoWith(rcText(ENTRY)))?.manifest, MANIFEST);
  });

  it('refuses gitlinks that are not path → 40-hex commit', () => {
    for (const gitlinks of [[], 'x', null, { multibuild: 'abc' }, { multibuild: SHA.toUpperCase() }, { multibuild: 42 }, { multibuild: `${SHA}0` }]) {
      assert.throws(() => readStore(repoWith(rcText({ ...ENTRY, gitlinks }))), invalidStore(/has gitlinks that are not path → 40-hex commit/), JSON.stringify(gitlinks));
    }
  });

  it('refuses answers of a newer schema', () => {
    assert.throws(() => readStore(repoWith(rcText({ ...ENTRY, schemaVersion: SCHEMA_VERSION + 1 }))), (e: unknown) => isUserError(e) && /\.yo-rc\.json was written by a newer create-wheels-repo/.test(e.message));
  });
});

describe('isGenerated', () => {
  it('is true only for a .yo-rc.json with our entry', () => {
    assert.equal(isGenerated(repoWith(rcText(ENTRY))), true);
    assert.equal(isGenerated(repoWith(undefined)), false);
    assert.equal(isGenerated(repoWith('{"generator-other": {}}')), false);
    assert.equal(isGenerated(repoWith('{not json')), false);
    assert.equal(isGenerated(repoWith('null')), false);
    assert.equal(isGenerated(repoWith(rcText([ENTRY]))), false);
  });
});

describe('checkStoredPaths', () => {
  const gha = layoutFor('github-actions');
  const ta = layoutFor('travis-appveyor');

  it('accepts the files a layout generates and its gitlinks', () => {
    assert.deepEqual(gha.outputs, ['*', 'ci/*', '.github/*', '.github/workflows/*']);
    const paths = ['config.sh', '.gitignore', '.gitmodules', 'README.md', 'ci/run_tests.sh', '.github/workflows/x.yml'];
    assert.doesNotThrow(() => checkStoredPaths(store(paths, { multibuild: SHA }), gha));
    assert.doesNotThrow(() => checkStoredPaths(store(['.travis.yml', 'appveyor.yml', 'ci/a.sh']), ta));
    assert.doesNotThrow(() => checkStoredPaths(store([]), gha));
  });

  it('refuses paths that lead out, are absolute, inside .git, outside the outputs, or the store itself', () => {
    const cases: Array<[string, RegExp]> = [
      ['../x', /lists "\.\.\/x" among the generated files, which leads out of the repository/],
      ['/abs', /lists "\/abs" among the generated files, which is absolute/],
      ['.git/config', /lists "\.git\/config" among the generated files, which is inside \.git/],
      ['src/a/b.py', /lists "src\/a\/b\.py" among the generated files, which is not a file the github-actions layout generates/],
      ['ci/a/b.sh', /lists "ci\/a\/b\.sh" among the generated files, which is not a file the github-actions layout generates/],
      ['.github/workflows/sub/x.yml', /is not a file the github-actions layout generates/],
      ['.yo-rc.json', /lists "\.yo-rc\.json" among the generated files, which is not a file the github-actions layout generates/],
      ['ci//a.sh', /not in normal form/],
    ];
    for (const [path, why] of cases) {
      assert.throws(() => checkStoredPaths(store(['config.sh', path]), gha), invalidStore(why), path);
    }
  });

  it('refuses a workflow for a layout without .github/workflows among its outputs', () => {
    assert.throws(() => checkStoredPaths(store(['.github/workflows/x.yml']), ta), invalidStore(/which is not a file the travis-appveyor layout generates/));
  });

  it('refuses a gitlink the layout does not use', () => {
    for (const path of ['vendor/multibuild', '../outside', 'multibuild/x']) {
      assert.throws(() => checkStoredPaths(store(['config.sh'], { [path]: SHA }), gha),
        invalidStore(new RegExp(`^\\.yo-rc\\.json pins a submodule at ${JSON.stringify(path).replace(/[./]/g, '\\$&')}, which is not one the github-actions layout uses\\.$`)), path);
    }
  });
});

describe('manifestBases', () => {
  it('maps every path to the exact text generated', () => {
    for (const manifest of [MANIFEST, LEGACY_MANIFEST]) {
      const s = store([]);
      s.manifest = manifest;
      assert.deepEqual([...manifestBases(s)], [['config.sh', '#!/bin/bash\n'], ['.github/workflows/build-wheels.yml', 'name: build\n']]);
    }
  });

  it('refuses a corrupt entry of schemas 1-3 (hash mismatch or not gzip)', () => {
    const [first] = LEGACY_MANIFEST;
    assert.ok(first);
    const wrongHash: LegacyManifestEntry = { ...first, sha256: sha256('other\n') };
    const notGzip: LegacyManifestEntry = { ...first, base: Buffer.from('plain text').toString('base64') };
    for (const entry of [wrongHash, notGzip]) {
      const s = store([]);
      s.manifest = [entry];
      assert.throws(() => manifestBases(s), invalidStore(/^\.yo-rc\.json has a corrupt manifest entry: .+\.$/));
    }
    const s = store([]);
    s.manifest = [wrongHash];
    assert.throws(() => manifestBases(s), { message: '.yo-rc.json has a corrupt manifest entry: manifest entry config.sh is corrupt (hash mismatch).' });
  });
});

describe('storeText and storeEntry', () => {
  it('sets our entry, keeps the other top-level keys in place, and ends with a newline', () => {
    const rc = { 'generator-a': { x: 1 }, [STORE_KEY]: { old: true }, 'generator-b': [1, 2] };
    const text = storeText(rc, ENTRY);
    assert.equal(text, `${JSON.stringify({ 'generator-a': { x: 1 }, [STORE_KEY]: ENTRY, 'generator-b': [1, 2] }, null, 2)}\n`);
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(Object.keys(JSON.parse(text)), ['generator-a', STORE_KEY, 'generator-b']);
    assert.deepEqual(rc[STORE_KEY], { old: true }, 'the rc object is not changed');
  });

  it('adds our entry to a file without one', () => {
    assert.equal(storeText({}, ENTRY), `${JSON.stringify({ [STORE_KEY]: ENTRY }, null, 2)}\n`);
  });

  it('storeEntry stamps the current schema version first', () => {
    const { schemaVersion: _v, ...rest } = ENTRY;
    const e = storeEntry(rest);
    assert.deepEqual(e, ENTRY);
    assert.equal(Object.keys(e)[0], 'schemaVersion');
  });
});

describe('withBuildCommit', () => {
  const text = storeText({ 'generator-other': { y: 2 } }, ENTRY);

  it('changes only the value\'s text, giving the old value and its 1-based line', () => {
    const r = withBuildCommit(text, 'v3.0.0');
    assert.ok(r);
    assert.equal(r.text, text.replace('"buildCommit": "v2.0.8"', '"buildCommit": "v3.0.0"'));
    assert.notEqual(r.text, text);
    assert.equal(r.old, 'v2.0.8');
    assert.equal(r.line, text.split('\n').findIndex((l) => l.includes('"buildCommit"')) + 1);
    assert.ok(r.line > 1);
  });

  it('keeps compact or odd formatting byte for byte', () => {
    const compact = `{"${STORE_KEY}":{"answers":{"name":"x","buildCommit" :  "a\\"b"},"manifest":[]}}`;
    const r = withBuildCommit(compact, 'main');
    assert.deepEqual(r, { text: `{"${STORE_KEY}":{"answers":{"name":"x","buildCommit" :  "main"},"manifest":[]}}`, old: 'a"b', line: 1 });
  });

  it('writes the ref as a JSON string', () => {
    const r = withBuildCommit(text, 'we"ird');
    assert.equal((JSON.parse(r?.text ?? '{}') as Record<string, { answers: Answers }>)[STORE_KEY]?.answers.buildCommit, 'we"ird');
  });

  it('gives undefined when nothing of ours is stored', () => {
    assert.equal(withBuildCommit('{"generator-other": {"answers": {"buildCommit": "v1"}}}', 'v2'), undefined);
    assert.equal(withBuildCommit(rcText({ answers: { name: 'x' } }), 'v2'), undefined);
    assert.equal(withBuildCommit(rcText({ answers: { buildCommit: 7 } }), 'v2'), undefined);
  });

  it('refuses a file holding more than one "buildCommit"', () => {
    const twiceInAnswers = `{"${STORE_KEY}": {"answers": {"buildCommit": "a", "buildCommit": "b"}}}`;
    const inAnotherEntry = `{"generator-other": {"buildCommit": "x"}, "${STORE_KEY}": {"answers": {"buildCommit": "v1"}}}`;
    for (const t of [twiceInAnswers, inAnotherEntry]) {
      assert.throws(() => withBuildCommit(t, 'v2'), invalidStore(/^\.yo-rc\.json holds more than one "buildCommit"; edit it by hand\.$/), t);
    }
  });

  it('refuses invalid JSON like readStore', () => {
    assert.throws(() => withBuildCommit('{', 'v2'), invalidStore(/is not valid JSON/));
  });
});
