// verifyDists on real files written by Python's standard library (test/support/make-dists.ts), each
// negative case asserting its exact sentence; twine (Debian's, 4.0.2) and GNU sha256sum as independent
// checkers where they overlap with what verifyDists and sha256sums claim. A missing checker throws.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCsv, parseHeaders } from '../../src/core/dist-archives.js';
import { formatTable, sha256sums, verifyDists, type DistFile, type Expected } from '../../src/core/verify-dists.js';
import { makeDists, makeSdist, makeWheel, type WheelSpec } from '../support/make-dists.js';

const NAME = 'Demo.Ext';
const base = (tags: string, more: Partial<WheelSpec> = {}): WheelSpec => ({ name: NAME, version: '1.0', tags, ...more });
const expected = (matrix: Expected['matrix'] = [], more: Partial<Expected> = {}): Expected => ({ name: 'demo-ext', matrix, ...more });
const problems = async (files: readonly DistFile[], e: Expected = expected()) => (await verifyDists(files, e)).problems;

const MAC = 'demo_ext-1.0-cp313-cp313-macosx_11_0_arm64.whl';
const LINUX = 'demo_ext-1.0-cp313-cp313-manylinux_2_28_x86_64.whl';

function twineCheck(paths: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync('twine', ['check', '--strict', ...paths], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', COLUMNS: '500' } });
  if (r.error) throw new Error(`twine is not installed (${r.error.message}): apt-get install twine`);
  // rich colours the verdicts whatever NO_COLOR says; the escapes go, and its line wrapping with them
  return { status: r.status, out: (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ') };
}

function sha256sumCheck(dir: string): { status: number | null; out: string } {
  const r = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  if (r.error) throw new Error(`sha256sum is not installed: ${r.error.message}`);
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('verifyDists: a good set', () => {
  it('passes wheels and an sdist that agree, covering the matrix, with one version; twine check --strict passes them too', async () => {
    const { dir, files } = makeDists([
      { wheel: base('cp313-cp313-macosx_11_0_arm64') },
      { wheel: base('cp313-cp313-manylinux_2_28_x86_64') },
      { wheel: base('cp314-cp314t-manylinux_2_28_x86_64') },
      { sdist: { name: NAME, version: '1.0' } },
    ]);
    const matrix = [{ platform: 'macos-arm64', python: '3.13' }, { platform: 'linux-x86_64', python: '3.13' }, { platform: 'linux-x86_64', python: '3.14t' }];
    const v = await verifyDists(files, expected(matrix, { version: '1.0' }));
    assert.deepEqual(v, {
      ok: true,
      problems: [],
      version: '1.0',
      files: files.map((f) => ({
        name: f.name, size: f.bytes.length, kind: f.name.endsWith('.whl') ? 'wheel' : 'sdist', version: '1.0',
        tags: f.name.endsWith('.whl') ? [f.name.split('-').slice(2).join('-').replace(/\.whl$/, '')] : [],
      })),
    });
    const twine = twineCheck(files.map((f) => join(dir, f.name)));
    assert.equal(twine.status, 0, twine.out);
    for (const f of files) assert.match(twine.out, new RegExp(`Checking ${join(dir, f.name).replace(/[.]/g, '\\.')}: PASSED`));
  });

  it('compares names normalized and versions as PEP 440 versions (METADATA 1.0.0 is 1.0; expected Demo_Ext is demo.ext)', async () => {
    const files = [makeWheel(base('py3-none-any', { metadataVersion: '1.0.0' }))];
    assert.deepEqual(await problems(files, { name: 'Demo_Ext', matrix: [{ platform: 'windows-arm64', python: '3.14t' }], version: '1.0.0' }), []);
  });
});

describe('verifyDists: the wheel itself', () => {
  it('a METADATA without Name is a problem, and twine check fails it as well', async () => {
    const { dir, files } = makeDists([{ wheel: base('cp313-cp313-macosx_11_0_arm64', { noName: true }) }]);
    assert.deepEqual(await problems(files), [`${MAC}: METADATA has no Name`]);
    const twine = twineCheck([join(dir, MAC)]);
    assert.equal(twine.status, 1, twine.out);
    assert.match(twine.out, /InvalidDistribution: Metadata is missing required fields: Name/);
  });

  it('METADATA Version differing from the file name', async () => {
    const files = [makeWheel(base('cp313-cp313-macosx_11_0_arm64', { metadataVersion: '1.0.1' }))];
    assert.deepEqual(await problems(files), [`${MAC}: METADATA Version is 1.0.1, the file name says 1.0`]);
  });

  it('WHEEL without Tag lines, or with other tags than the file name', async () => {
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { wheelTags: [] }))]), [`${MAC}: demo_ext-1.0.dist-info/WHEEL has no Tag`]);
    assert.deepEqual(await problems([makeWheel(base('py2.py3-none-any', { wheelTags: ['py3-none-any'] }))]), [
      'demo_ext-1.0-py2.py3-none-any.whl: WHEEL Tag lines say py3-none-any, the file name says py2-none-any, py3-none-any',
    ]);
  });

  it('a RECORD hash that does not match the bytes', async () => {
    const files = [makeWheel(base('cp313-cp313-macosx_11_0_arm64', { badHash: 'demo_ext/_data.bin' }))];
    assert.deepEqual(await problems(files), [`${MAC}: demo_ext/_data.bin does not match its sha256 hash in RECORD`]);
  });

  it('a file missing from RECORD, a RECORD entry missing from the archive, a wrong size', async () => {
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { unrecorded: 'demo_ext/__init__.py' }))]), [
      `${MAC}: demo_ext/__init__.py is not listed in RECORD`,
    ]);
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { ghost: 'demo_ext/gone.py' }))]), [
      `${MAC}: RECORD lists demo_ext/gone.py, which is not in the archive`,
    ]);
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { badSize: 'demo_ext/__init__.py' }))]), [
      `${MAC}: demo_ext/__init__.py has 20 bytes, RECORD says 21`,
    ]);
  });

  it("reads RECORD as Python's csv module writes it: a quoted path with a comma and a quote", async () => {
    const path = 'demo_ext/a,b "c".txt';
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { extra: path }))]), []);
    assert.deepEqual(await problems([makeWheel(base('cp313-cp313-macosx_11_0_arm64', { extra: path, badHash: path }))]), [
      `${MAC}: ${path} does not match its sha256 hash in RECORD`,
    ]);
  });

  it('every problem of a wheel is reported, not just the first', async () => {
    const files = [makeWheel(base('cp313-cp313-macosx_11_0_arm64', {
      metadataVersion: '2.0', badHash: 'demo_ext/_data.bin', unrecorded: 'demo_ext/__init__.py', wheelTags: ['cp312-cp312-macosx_11_0_arm64'],
    }))];
    assert.deepEqual(await problems(files), [
      `${MAC}: WHEEL Tag lines say cp312-cp312-macosx_11_0_arm64, the file name says cp313-cp313-macosx_11_0_arm64`,
      `${MAC}: METADATA Version is 2.0, the file name says 1.0`,
      `${MAC}: demo_ext/_data.bin does not match its sha256 hash in RECORD`,
      `${MAC}: demo_ext/__init__.py is not listed in RECORD`,
    ]);
  });

  it('a truncated wheel is a problem, not a throw (it still counts for the matrix by its name); twine check fails it too', async () => {
    const whole = makeWheel(base('cp313-cp313-macosx_11_0_arm64'));
    const { dir, files } = makeDists([{ wheel: base('cp313-cp313-macosx_11_0_arm64', { truncate: whole.bytes.length - 30 }) }]);
    assert.deepEqual(await problems(files, expected([{ platform: 'macos-arm64', python: '3.13' }])), [`${MAC}: not a valid zip archive`]);
    const twine = twineCheck([join(dir, MAC)]);
    assert.equal(twine.status, 1, twine.out);
    assert.match(twine.out, /BadZipFile: File is not a zip file/);
  });

  it('a wheel of another project', async () => {
    const files = [makeWheel({ name: 'other', version: '1.0', tags: 'cp313-cp313-macosx_11_0_arm64' })];
    assert.deepEqual(await problems(files, expected([{ platform: 'macos-arm64', python: '3.13' }])), [
      'other-1.0-cp313-cp313-macosx_11_0_arm64.whl: a wheel of other, not of demo-ext',
      'no wheel for cp313 macosx arm64',
    ]);
  });
});

describe('verifyDists: the sdist', () => {
  it('PKG-INFO Version differing from the file name', async () => {
    const files = [makeSdist({ name: NAME, version: '1.0', pkgInfoVersion: '1.0.1' })];
    assert.deepEqual(await problems(files), ['demo_ext-1.0.tar.gz: PKG-INFO Version is 1.0.1, the file name says 1.0']);
  });

  it('no PKG-INFO in the top-level directory the file name gives, and bytes that are no .tar.gz', async () => {
    assert.deepEqual(await problems([makeSdist({ name: NAME, version: '1.0', fileName: 'demo_ext-1.0.0.tar.gz' })]), ['demo_ext-1.0.0.tar.gz: no demo_ext-1.0.0/PKG-INFO']);
    const sdist = makeSdist({ name: NAME, version: '1.0' });
    assert.deepEqual(await problems([{ name: sdist.name, bytes: sdist.bytes.subarray(0, 40) }]), ['demo_ext-1.0.tar.gz: not a valid gzip-compressed tar archive']);
  });
});

describe('verifyDists: the set', () => {
  it('reports each platform × Python no wheel covers', async () => {
    const files = [makeWheel(base('cp313-cp313-manylinux_2_28_x86_64'))];
    const matrix = [{ platform: 'linux-x86_64', python: '3.13' }, { platform: 'macos-arm64', python: '3.13' }, { platform: 'linux-x86_64', python: '3.14t' }];
    assert.deepEqual(await problems(files, expected(matrix)), ['no wheel for cp313 macosx arm64', 'no wheel for cp314t manylinux x86_64']);
  });

  it('free-threaded: cp314-cp314 does not cover 3.14t, cp314-cp314t does', async () => {
    const matrix = [{ platform: 'linux-x86_64', python: '3.14t' }];
    assert.deepEqual(await problems([makeWheel(base('cp314-cp314-manylinux_2_28_x86_64'))], expected(matrix)), ['no wheel for cp314t manylinux x86_64']);
    assert.deepEqual(await problems([makeWheel(base('cp314-cp314t-manylinux_2_28_x86_64'))], expected(matrix)), []);
  });

  it('abi3: one cp311-abi3 wheel covers 3.11 to 3.14, not 3.14t', async () => {
    const files = [makeWheel(base('cp311-abi3-win_amd64'))];
    const matrix = ['3.11', '3.12', '3.13', '3.14', '3.14t'].map((python) => ({ platform: 'windows-amd64', python }));
    assert.deepEqual(await problems(files, expected(matrix)), ['no wheel for cp314t win amd64']);
  });

  it('universal2 covers both macOS architectures; the legacy manylinux2014 tag covers linux-x86_64', async () => {
    const { files } = makeDists([{ wheel: base('cp313-cp313-macosx_10_13_universal2') }, { wheel: base('cp313-cp313-manylinux2014_x86_64') }]);
    const matrix = [{ platform: 'macos-x86_64', python: '3.13' }, { platform: 'macos-arm64', python: '3.13' }, { platform: 'linux-x86_64', python: '3.13' }];
    assert.deepEqual(await problems(files, expected(matrix)), []);
    assert.deepEqual(await problems(files.slice(0, 1), expected(matrix)), ['no wheel for cp313 manylinux x86_64']);
  });

  it('mixed versions: against the version most files have, or against expected.version', async () => {
    // the odd one out comes first: the reference is the majority, not the first file
    const { files } = makeDists([{ sdist: { name: NAME, version: '1.1' } }, { wheel: base('cp313-cp313-macosx_11_0_arm64') }, { wheel: base('cp313-cp313-manylinux_2_28_x86_64') }]);
    const v = await verifyDists(files, expected());
    assert.deepEqual([v.ok, v.version, v.problems], [false, undefined, ['demo_ext-1.1.tar.gz: version 1.1, the other files have 1.0']]);
    assert.deepEqual(await problems(files, expected([], { version: '1.1' })), [`${MAC}: version 1.0, expected 1.1`, `${LINUX}: version 1.0, expected 1.1`]);
  });

  it('names that do not parse, an sdist of another project, an expected version that is no PEP 440 version', async () => {
    const w = makeWheel(base('cp313-cp313-macosx_11_0_arm64'));
    const other = makeSdist({ name: 'other', version: '1.0' });
    assert.deepEqual(await problems([{ name: 'demo_ext-1.0-macosx.whl', bytes: w.bytes }, { name: 'demo_ext.tar.gz', bytes: other.bytes }, other]), [
      'demo_ext-1.0-macosx.whl: the name is not {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl',
      'demo_ext.tar.gz: the name is not {name}-{version}.tar.gz',
      'demo_ext.tar.gz: no demo_ext/PKG-INFO',
      'other-1.0.tar.gz: an sdist of other, not of demo-ext',
    ]);
    assert.deepEqual(await problems([w], expected([], { version: 'latest' })), ['the expected version latest is not a PEP 440 version']);
  });

  it('an empty list, a file given twice, a file that is neither wheel nor sdist', async () => {
    assert.deepEqual(await verifyDists([], expected()), { ok: false, files: [], problems: ['no wheel or sdist'] });
    const w = makeWheel(base('cp313-cp313-macosx_11_0_arm64'));
    assert.deepEqual(await problems([w, w, { name: 'demo_ext-1.0.zip', bytes: w.bytes }]), [`${MAC}: given twice`, 'demo_ext-1.0.zip: neither a wheel (.whl) nor an sdist (.tar.gz)']);
  });
});

describe('parseHeaders and parseCsv', () => {
  it('headers: case-insensitive names, repeated fields in order, folded lines, stop at the body, skip what is no field', () => {
    const h = parseHeaders('Name: demo\nnot a field\ntag: a\nSummary: one\n  two\nTag: b\n\nVersion: 9 (the body)\n');
    assert.deepEqual([...h.entries()], [['name', ['demo']], ['tag', ['a', 'b']], ['summary', ['one\ntwo']]]);
  });

  it('CSV: quotes, doubled quotes, CRLF and a last line without its end', () => {
    assert.deepEqual(parseCsv('a,"b,c",d\r\n"say ""hi""",,\nlast,x,1'), [['a', 'b,c', 'd'], ['say "hi"', '', ''], ['last', 'x', '1']]);
  });
});

describe('sha256sums', () => {
  it('writes what sha256sum -c accepts, sorted by name; a flipped byte fails the check', () => {
    const { dir, files } = makeDists([{ wheel: base('cp313-cp313-macosx_11_0_arm64') }, { sdist: { name: NAME, version: '1.0' } }, { wheel: base('py3-none-any') }]);
    const sums = sha256sums(files);
    assert.deepEqual(sums.split('\n').map((l) => l.replace(/^[0-9a-f]{64} {2}/, '')), ['demo_ext-1.0-cp313-cp313-macosx_11_0_arm64.whl', 'demo_ext-1.0-py3-none-any.whl', 'demo_ext-1.0.tar.gz', '']);
    writeFileSync(join(dir, 'SHA256SUMS'), sums);
    const good = sha256sumCheck(dir);
    assert.equal(good.status, 0, good.out);
    assert.equal(good.out, files.map((f) => `${f.name}: OK\n`).sort().join(''));
    const bytes = readFileSync(join(dir, 'demo_ext-1.0.tar.gz'));
    bytes[10] = (bytes[10] as number) ^ 0xff;
    writeFileSync(join(dir, 'demo_ext-1.0.tar.gz'), bytes);
    const bad = sha256sumCheck(dir);
    assert.equal(bad.status, 1, bad.out);
    assert.match(bad.out, /^demo_ext-1\.0\.tar\.gz: FAILED$/m);
  });

  it('escapes names holding a backslash or a newline the way sha256sum reads them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwr-sums-'));
    const files = ['a\\b.whl', 'n\nm.whl', 'plain.whl'].map((name, i) => ({ name, bytes: new Uint8Array([i, 1, 2]) }));
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    writeFileSync(join(dir, 'SHA256SUMS'), sha256sums(files));
    const r = sha256sumCheck(dir);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, 'a\\b.whl: OK\n\\n\\nm.whl: OK\nplain.whl: OK\n');
  });
});

describe('formatTable', () => {
  it('lists file, human-readable size and tags, columns aligned', () => {
    const table = formatTable({
      ok: true, problems: [], version: '1.0',
      files: [
        { name: 'demo-1.0-cp313-cp313-win_amd64.whl', size: 3_250_586, kind: 'wheel', version: '1.0', tags: ['cp313-cp313-win_amd64'] },
        { name: 'demo-1.0-py2.py3-none-any.whl', size: 12_800, kind: 'wheel', version: '1.0', tags: ['py2-none-any', 'py3-none-any'] },
        { name: 'demo-1.0.tar.gz', size: 834, kind: 'sdist', version: '1.0', tags: [] },
      ],
    });
    assert.equal(table, [
      'file                                    size  tags',
      'demo-1.0-cp313-cp313-win_amd64.whl   3.1 MiB  cp313-cp313-win_amd64',
      'demo-1.0-py2.py3-none-any.whl       12.5 KiB  py2-none-any py3-none-any',
      'demo-1.0.tar.gz                        834 B  (sdist)',
      '',
    ].join('\n'));
  });
});
