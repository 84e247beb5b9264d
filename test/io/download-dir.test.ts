import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.js';
import { finishDownload, prepareDownload, writeFiles } from '../../src/io/download-dir.js';

describe('the download directory', () => {
  it('appears only when finished, whole', () => {
    const top = mkdtempSync(join(tmpdir(), 'cwr-dl-'));
    const d = prepareDownload(join(top, 'x-wheels'));
    writeFiles(d, [{ name: 'a.whl', bytes: new Uint8Array([1]) }, { name: 'SHA256SUMS', bytes: 'sums\n' }]);
    assert.equal(existsSync(join(top, 'x-wheels')), false);
    assert.equal(finishDownload(d), 'created');
    assert.deepEqual(readdirSync(join(top, 'x-wheels')).sort(), ['SHA256SUMS', 'a.whl']);
    assert.deepEqual(readdirSync(top), ['x-wheels'], 'no hidden directory is left');
  });

  it('completes an existing directory with identical files, and never overwrites a different one', () => {
    const top = mkdtempSync(join(tmpdir(), 'cwr-dl-'));
    mkdirSync(join(top, 'x-wheels'));
    writeFileSync(join(top, 'x-wheels/a.whl'), new Uint8Array([1]));
    const same = prepareDownload(join(top, 'x-wheels'));
    writeFiles(same, [{ name: 'a.whl', bytes: new Uint8Array([1]) }, { name: 'b.whl', bytes: new Uint8Array([2]) }]);
    assert.equal(finishDownload(same), 'completed');
    assert.deepEqual(readdirSync(join(top, 'x-wheels')).sort(), ['a.whl', 'b.whl']);

    const other = prepareDownload(join(top, 'x-wheels'));
    writeFiles(other, [{ name: 'a.whl', bytes: new Uint8Array([9]) }]);
    assert.throws(() => finishDownload(other), (e: unknown) => isUserError(e) && /holds other versions of a\.whl: nothing was overwritten/.test(e.message));
    assert.deepEqual([...readFileSync(join(top, 'x-wheels/a.whl'))], [1]);
    assert.deepEqual(readdirSync(top), ['x-wheels']);
  });

  it('refuses a file name that is not a plain name', () => {
    const d = prepareDownload(join(mkdtempSync(join(tmpdir(), 'cwr-dl-')), 'y'));
    for (const name of ['../evil.whl', 'a/b.whl', '..', '']) {
      assert.throws(() => writeFiles(d, [{ name, bytes: new Uint8Array() }]), (e: unknown) => isUserError(e) && /not a plain file name/.test(e.message), name);
    }
  });
});
