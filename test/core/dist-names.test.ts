import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { covers, describeMissing, expandTags, expectedTag, normalizeName, parseSdistName, parseWheelName, type WheelName } from '../../src/core/dist-names.js';
import { PLATFORM_IDS, PYTHON_VERSIONS } from '../../src/core/platforms.js';

const wheel = (name: string): WheelName => {
  const w = parseWheelName(name);
  assert.ok(w, `${name} should parse`);
  return w;
};

/** The platform ids × Pythons a wheel covers, as "platform python" strings. */
const served = (name: string): string[] =>
  PLATFORM_IDS.flatMap((p) => PYTHON_VERSIONS.filter((py) => covers(wheel(name), p, py)).map((py) => `${p} ${py}`));

const onEveryPlatform = (pythons: readonly string[]): string[] => PLATFORM_IDS.flatMap((p) => pythons.map((py) => `${p} ${py}`));

describe('parseWheelName', () => {
  it('splits {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl', () => {
    assert.deepEqual(parseWheelName('demo_ext-1.0-cp313-cp313-manylinux_2_28_x86_64.whl'), {
      distribution: 'demo_ext', version: '1.0', pythonTags: ['cp313'], abiTags: ['cp313'], platformTags: ['manylinux_2_28_x86_64'],
    });
    assert.deepEqual(parseWheelName('distribution-1.0-1-py27-none-any.whl'), {
      distribution: 'distribution', version: '1.0', build: '1', pythonTags: ['py27'], abiTags: ['none'], platformTags: ['any'],
    });
  });

  it('splits compressed tag sets on "."', () => {
    const w = wheel('demo-2.0rc1-py2.py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    assert.deepEqual([w.pythonTags, w.abiTags, w.platformTags], [['py2', 'py3'], ['none'], ['manylinux_2_17_x86_64', 'manylinux2014_x86_64']]);
    assert.deepEqual(expandTags(w), ['py2-none-manylinux_2_17_x86_64', 'py2-none-manylinux2014_x86_64', 'py3-none-manylinux_2_17_x86_64', 'py3-none-manylinux2014_x86_64']);
  });

  it('refuses names of another form: suffix, part count, build tag not starting with a digit, empty parts, no PEP 440 version', () => {
    for (const name of [
      'demo-1.0-py3-none-any.zip', 'demo-1.0-none-any.whl', 'demo-1.0-1-2-py3-none-any.whl', 'demo-1.0-b1-py3-none-any.whl',
      'demo--py3-none-any.whl', 'demo-1.0-py3.-none-any.whl', 'demo-not.a.version-py3-none-any.whl', '-1.0-py3-none-any.whl',
    ]) assert.equal(parseWheelName(name), null, name);
  });
});

describe('parseSdistName', () => {
  it('reads {name}-{version}.tar.gz, the version being the shortest PEP 440 tail after a "-"', () => {
    assert.deepEqual(parseSdistName('demo_ext-1.0.tar.gz'), { name: 'demo_ext', version: '1.0' });
    assert.deepEqual(parseSdistName('zope-interface-5.0.tar.gz'), { name: 'zope-interface', version: '5.0' });
    assert.deepEqual(parseSdistName('foo-bar-1.0-post1.tar.gz'), { name: 'foo-bar', version: '1.0-post1' });
  });

  it('refuses names without a version or of another format', () => {
    for (const name of ['demo.tar.gz', 'demo-bar.tar.gz', 'demo-1.0.zip', 'demo-1.0.tgz', '-1.0.tar.gz', 'demo-.tar.gz']) assert.equal(parseSdistName(name), null, name);
  });
});

describe('normalizeName', () => {
  it('makes the spellings the name normalization specification lists equal', () => {
    for (const n of ['friendly-bard', 'Friendly-Bard', 'FRIENDLY-BARD', 'friendly.bard', 'friendly_bard', 'friendly--bard', 'FrIeNdLy-._.-bArD']) {
      assert.equal(normalizeName(n), 'friendly-bard', n);
    }
  });
});

describe('covers', () => {
  it('a pure py3-none-any wheel (or py2.py3) covers every platform and Python, free-threaded ones included', () => {
    assert.deepEqual(served('demo-1.0-py3-none-any.whl'), onEveryPlatform(PYTHON_VERSIONS));
    assert.deepEqual(served('demo-1.0-py2.py3-none-any.whl'), onEveryPlatform(PYTHON_VERSIONS));
  });

  it('a version-specific wheel covers its one Python; cp314 is not the free-threaded 3.14t, cp314t is', () => {
    assert.deepEqual(served('demo-1.0-cp314-cp314-manylinux_2_28_x86_64.whl'), ['linux-x86_64 3.14']);
    assert.deepEqual(served('demo-1.0-cp314-cp314t-manylinux_2_28_x86_64.whl'), ['linux-x86_64 3.14t']);
    assert.deepEqual(served('demo-1.0-cp312-cp313-manylinux_2_28_x86_64.whl'), []);
  });

  it('a stable-ABI wheel cp3N-abi3 covers 3.N and later, never a free-threaded build', () => {
    assert.deepEqual(served('demo-1.0-cp311-abi3-win_amd64.whl'), ['3.11', '3.12', '3.13', '3.14', '3.15'].map((py) => `windows-amd64 ${py}`));
  });

  it("PEP 803's abi3t covers free-threaded builds from its version on; abi3.abi3t covers both builds", () => {
    assert.deepEqual(served('demo-1.0-cp315-abi3t-win_amd64.whl'), ['windows-amd64 3.15t']);
    assert.deepEqual(served('demo-1.0-cp315-abi3.abi3t-win_amd64.whl'), ['windows-amd64 3.15', 'windows-amd64 3.15t']);
  });

  it('universal2 covers both macOS architectures; an arm64 or x86_64 wheel only its own', () => {
    assert.deepEqual(served('demo-1.0-cp313-cp313-macosx_10_13_universal2.whl'), ['macos-x86_64 3.13', 'macos-arm64 3.13']);
    assert.deepEqual(served('demo-1.0-cp313-cp313-macosx_11_0_arm64.whl'), ['macos-arm64 3.13']);
    assert.deepEqual(served('demo-1.0-cp313-cp313-macosx_10_13_x86_64.whl'), ['macos-x86_64 3.13']);
  });

  it('legacy manylinux tags cover linux-x86_64 / linux-aarch64 where they were defined; linux_x86_64 and musllinux do not', () => {
    for (const plat of ['manylinux2014_x86_64', 'manylinux2010_x86_64', 'manylinux1_x86_64', 'manylinux_2_17_x86_64.manylinux2014_x86_64', 'manylinux_2_28_x86_64']) {
      assert.deepEqual(served(`demo-1.0-cp313-cp313-${plat}.whl`), ['linux-x86_64 3.13'], plat);
    }
    assert.deepEqual(served('demo-1.0-cp313-cp313-manylinux2014_aarch64.whl'), ['linux-aarch64 3.13']);
    for (const plat of ['manylinux1_aarch64', 'linux_x86_64', 'manylinux_x86_64', 'manylinux_2_28_i686', 'manylinux2014_i686']) {
      assert.deepEqual(served(`demo-1.0-cp313-cp313-${plat}.whl`), [], plat);
    }
    assert.deepEqual(served('demo-1.0-cp313-cp313-musllinux_1_2_x86_64.whl'), ['musllinux-x86_64 3.13']);
  });

  it('Windows tags are exact: win_amd64, win32, win_arm64', () => {
    assert.deepEqual(served('demo-1.0-cp313-cp313-win_amd64.whl'), ['windows-amd64 3.13']);
    assert.deepEqual(served('demo-1.0-cp313-cp313-win32.whl'), ['windows-x86 3.13']);
    assert.deepEqual(served('demo-1.0-cp313-cp313-win_arm64.whl'), ['windows-arm64 3.13']);
  });

  it("the tag each platform × Python build makes (expectedTag with a version filled in) covers that pair and no other", () => {
    const fill: Record<string, string> = { manylinux: '2_28', musllinux: '1_2', macosx: '11_0' };
    for (const p of PLATFORM_IDS) {
      for (const py of PYTHON_VERSIONS) {
        const tag = expectedTag(p, py).replace(/([a-z]+)_\*_/, (_, family: string) => `${family}_${fill[family] as string}_`);
        assert.deepEqual(served(`demo-1.0-${tag}.whl`), [`${p} ${py}`], tag);
      }
    }
  });
});

describe('expectedTag and describeMissing', () => {
  it('name the tag a build makes, with "*" for the platform version', () => {
    assert.equal(expectedTag('linux-x86_64', '3.13'), 'cp313-cp313-manylinux_*_x86_64');
    assert.equal(expectedTag('macos-arm64', '3.14t'), 'cp314-cp314t-macosx_*_arm64');
    assert.equal(expectedTag('musllinux-x86_64', '3.12'), 'cp312-cp312-musllinux_*_x86_64');
    assert.equal(expectedTag('windows-amd64', '3.13'), 'cp313-cp313-win_amd64');
    assert.equal(expectedTag('windows-x86', '3.11'), 'cp311-cp311-win32');
  });

  it('say which platform × Python has no wheel', () => {
    assert.equal(describeMissing('macos-arm64', '3.13'), 'no wheel for cp313 macosx arm64');
    assert.equal(describeMissing('linux-x86_64', '3.14t'), 'no wheel for cp314t manylinux x86_64');
    assert.equal(describeMissing('windows-x86', '3.12'), 'no wheel for cp312 win32');
    assert.equal(describeMissing('windows-arm64', '3.13'), 'no wheel for cp313 win arm64');
  });
});
