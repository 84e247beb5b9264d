import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildManifest, manifestEntryKeys, recoverBase, SCHEMA_VERSION, sha256, TEXT_MANIFEST_SCHEMA, type LegacyManifestEntry } from '../../src/core/manifest.js';
import type { RenderedFile } from '../../src/core/render.js';


const files: RenderedFile[] = [
  { path: '.github/workflows/build.yml', content: 'name: build\n', mode: 0o644 },
  { path: 'config.sh', content: '#!/bin/bash\necho "é ☃"\n', mode: 0o755 },
  { path: 'empty', content: '', mode: 0o644 },
];

describe('sha256', () => {
  it('gives the hex SHA-256 of the UTF-8 text (known vectors)', () => {
    assert.equal(sha256(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256('é\n'), 'edd3a863872a04239eb29ad4bc12fc892b3d4ae57cc7e786a3697816f8e141c2');
  });
});

describe('buildManifest', () => {
  it('records path, octal mode and text of every file, in order', () => {
    assert.deepEqual(buildManifest(files), [
      { path: '.github/workflows/build.yml', mode: '644', text: 'name: build\n' },
      { path: 'config.sh', mode: '755', text: '#!/bin/bash\necho "é ☃"\n' },
      { path: 'empty', mode: '644', text: '' },
    ]);
  });

  it('gives an empty manifest for no files', () => {
    assert.deepEqual(buildManifest([]), []);
  });
});

/** An entry as schemas 1-3 wrote it: base64 of the gzip of the UTF-8 bytes, and their sha256. */
function legacyEntry(f: RenderedFile): LegacyManifestEntry {
  return { path: f.path, mode: f.mode.toString(8), sha256: sha256(f.content), base: gzipSync(Buffer.from(f.content, 'utf8')).toString('base64') };
}

describe('manifestEntryKeys', () => {
  it('is {path, mode, text} from schema 4 on, {path, mode, sha256, base} before (no version: schema 1)', () => {
    assert.equal(TEXT_MANIFEST_SCHEMA, 4);
    assert.deepEqual(manifestEntryKeys(SCHEMA_VERSION), ['path', 'mode', 'text']);
    assert.deepEqual(manifestEntryKeys(4), ['path', 'mode', 'text']);
    for (const v of [3, 2, 1, undefined, '4']) assert.deepEqual(manifestEntryKeys(v), ['path', 'mode', 'sha256', 'base'], String(v));
  });
});

describe('recoverBase', () => {
  it('gives back the exact text of every entry', () => {
    const m = buildManifest(files);
    assert.deepEqual(m.map(recoverBase), files.map((f) => f.content));
  });

  it('gives back the exact text of every entry of schemas 1-3 (gzip, base64, sha256)', () => {
    assert.deepEqual(files.map(legacyEntry).map(recoverBase), files.map((f) => f.content));
  });

  it('throws naming an older entry when the hash does not match the stored text', () => {
    const entry = legacyEntry({ path: 'a.yml', content: 'x: 1\n', mode: 0o644 });
    const wrongHash: LegacyManifestEntry = { ...entry, sha256: sha256('x: 2\n') };
    assert.throws(() => recoverBase(wrongHash), { name: 'Error', message: 'manifest entry a.yml is corrupt (hash mismatch)' });
    const wrongText: LegacyManifestEntry = { ...entry, base: gzipSync(Buffer.from('x: 2\n', 'utf8')).toString('base64') };
    assert.throws(() => recoverBase(wrongText), { message: 'manifest entry a.yml is corrupt (hash mismatch)' });
  });

  it('throws when an older entry\'s stored copy is not gzip', () => {
    const entry = legacyEntry({ path: 'a.yml', content: 'x: 1\n', mode: 0o644 });
    assert.throws(() => recoverBase({ ...entry, base: Buffer.from('x: 1\n').toString('base64') }), { code: 'Z_DATA_ERROR' });
  });
});
