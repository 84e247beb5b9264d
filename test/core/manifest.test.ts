import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildManifest, recoverBase, sha256, type ManifestEntry } from '../../src/core/manifest.js';
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
  it('records path, octal mode and hash of every file, in order', () => {
    const m = buildManifest(files);
    assert.deepEqual(m.map(({ path, mode, sha256: h }) => ({ path, mode, sha256: h })), [
      { path: '.github/workflows/build.yml', mode: '644', sha256: sha256('name: build\n') },
      { path: 'config.sh', mode: '755', sha256: sha256('#!/bin/bash\necho "é ☃"\n') },
      { path: 'empty', mode: '644', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
  });

  it('stores the content as base64 gzip of the UTF-8 bytes', () => {
    const m = buildManifest(files);
    assert.equal(m.length, files.length);
    for (const [i, e] of m.entries()) {
      assert.match(e.base, /^[A-Za-z0-9+/]+={0,2}$/);
      assert.equal(gunzipSync(Buffer.from(e.base, 'base64')).toString('utf8'), files[i]!.content);
    }
  });

  it('gives an empty manifest for no files', () => {
    assert.deepEqual(buildManifest([]), []);
  });
});

describe('recoverBase', () => {
  it('gives back the exact text of every entry', () => {
    const m = buildManifest(files);
    assert.deepEqual(m.map(recoverBase), files.map((f) => f.content));
  });

  it('throws naming the entry when the hash does not match the stored text', () => {
    const [entry] = buildManifest([{ path: 'a.yml', content: 'x: 1\n', mode: 0o644 }]);
    assert.ok(entry);
    const wrongHash: ManifestEntry = { ...entry, sha256: sha256('x: 2\n') };
    assert.throws(() => recoverBase(wrongHash), { name: 'Error', message: 'manifest entry a.yml is corrupt (hash mismatch)' });
    const wrongText: ManifestEntry = { ...entry, base: gzipSync(Buffer.from('x: 2\n', 'utf8')).toString('base64') };
    assert.throws(() => recoverBase(wrongText), { message: 'manifest entry a.yml is corrupt (hash mismatch)' });
  });

  it('throws when the stored copy is not gzip', () => {
    const [entry] = buildManifest([{ path: 'a.yml', content: 'x: 1\n', mode: 0o644 }]);
    assert.ok(entry);
    assert.throws(() => recoverBase({ ...entry, base: Buffer.from('x: 1\n').toString('base64') }), { code: 'Z_DATA_ERROR' });
  });
});
