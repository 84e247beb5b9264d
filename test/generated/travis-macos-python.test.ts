// macOS jobs of the Travis CI layout must name the exact python.org installer (issue #11): multibuild
// (8a9333e) osx_utils.sh fill_pyver stops at 3.13.0 ("Can't fill version 3.14"), and its
// strip_macpython_ver_prefix turns 3.15.0rc1 into 3.15.0, an installer python.org does not have yet.
// Read back from the generated .travis.yml, and the before_install lines run in bash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveAnswers } from '../../src/answers/schema.js';
import { cpTag, PYTHON_VERSIONS } from '../../src/core/platforms.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { generateFiles } from '../../src/repo/generation.js';
import { ROOT } from '../support/checks.js';

interface Job { name?: string; os?: string; env?: unknown[] }
interface Travis { before_install: string[]; jobs: { include: Job[] } }

const BASE: RawAnswers = { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ci: 'travis-appveyor' };
/** Read independently of the render code: the file itself. */
const MACPYTHON = (JSON.parse(readFileSync(join(ROOT, 'templates/pins.json'), 'utf8')) as { macpython: Record<string, string> }).macpython;

/** Every Python this layout accepts on macOS (free-threaded ones are refused for multibuild). */
const offered = PYTHON_VERSIONS.filter((v) => resolveAnswers({ ...BASE, platforms: 'macos-x86_64', python: v }).ok);

function travisFor(given: RawAnswers): Travis {
  const r = resolveAnswers({ ...BASE, ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const text = generateFiles(r.answers).files.find((f) => f.path === '.travis.yml')?.content ?? '';
  return parse(text, { version: '1.1' }) as Travis;
}

/** The job's plain env entries as a map. */
function envOf(job: Job): Map<string, string> {
  return new Map((job.env ?? []).filter((e): e is string => typeof e === 'string').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/**
 * Runs the generated before_install lines in one bash session, as Travis does, with multibuild stood
 * in for by stubs: its strip_macpython_ver_prefix answers "multibuild-stripped", its before_install
 * prints what install_macpython would be handed. Prints that.
 */
function installerVersion(travis: Travis, env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-macpy-'));
  try {
    mkdirSync(join(dir, 'multibuild'));
    mkdirSync(join(dir, 'ci'));
    // stand-in for the checkout: it leaves the ref it checked out in BUILD_COMMIT_FILE, as the real one does
    writeFileSync(join(dir, 'ci/checkout-project.sh'), 'printf "%s\\n" "${BUILD_COMMIT:-main}" > "$BUILD_COMMIT_FILE"\n');
    writeFileSync(join(dir, 'multibuild/common_utils.sh'), '');
    writeFileSync(join(dir, 'multibuild/travis_steps.sh'), 'strip_macpython_ver_prefix() { echo multibuild-stripped; }\nbefore_install() { strip_macpython_ver_prefix "$MB_PYTHON_VERSION"; }\n');
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', travis.before_install.join('\n')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('travis-appveyor: the Python each macOS job installs', () => {
  it('the layout offers every non-free-threaded CPython on macOS, each with a pin', () => {
    assert.deepEqual(offered, PYTHON_VERSIONS.filter((v) => !v.endsWith('t')));
    for (const v of offered) assert.ok(MACPYTHON[v], `templates/pins.json macpython has no ${v}`);
  });

  for (const v of offered) {
    it(`${v}: MB_PYTHON_VERSION is the exact installer version ${MACPYTHON[v]}, never the bare minor`, () => {
      const travis = travisFor({ platforms: 'linux-x86_64,macos-x86_64', python: v });
      const mac = travis.jobs.include.filter((j) => j.os === 'osx');
      assert.equal(mac.length, 1);
      const value = envOf(mac[0] as Job).get('MB_PYTHON_VERSION') ?? '';
      assert.match(value, /^\d+\.\d+\.\d+(rc\d+)?$/);
      assert.equal(value, MACPYTHON[v]);
      assert.ok(value.startsWith(`${v}.`), value);
      // Linux is unchanged: multibuild picks /opt/python/<cp tag> in the manylinux image by minor.
      const linux = travis.jobs.include.filter((j) => j.name === `${cpTag(v)}-linux-x86_64`);
      assert.equal(envOf(linux[0] as Job).get('MB_PYTHON_VERSION'), v);
    });
  }

  it('every macOS job of one repository with all of them: one job per Python, each with its pin', () => {
    const travis = travisFor({ platforms: 'macos-x86_64,windows-amd64', python: offered.join(',') });
    const mac = travis.jobs.include.filter((j) => j.os === 'osx');
    assert.deepEqual(mac.map((j) => j.name), offered.map((v) => `${cpTag(v)}-macos-x86_64`));
    assert.deepEqual(mac.map((j) => envOf(j).get('MB_PYTHON_VERSION')), offered.map((v) => MACPYTHON[v]));
  });

  it('a pre-release installer (3.15.0rc1) reaches install_macpython whole on macOS; Linux jobs keep multibuild\'s function', () => {
    const pre = offered.find((v) => /[a-z]/.test(MACPYTHON[v] ?? ''));
    assert.ok(pre, 'no pre-release in templates/pins.json: this test has nothing to prove until the next one');
    const travis = travisFor({ platforms: 'linux-x86_64,macos-x86_64', python: `3.13,${pre}` });
    for (const job of travis.jobs.include.filter((j) => j.os === 'osx')) {
      const version = envOf(job).get('MB_PYTHON_VERSION') as string;
      assert.equal(installerVersion(travis, { TRAVIS_OS_NAME: 'osx', MB_PYTHON_VERSION: version }), version);
    }
    assert.equal(installerVersion(travis, { TRAVIS_OS_NAME: 'linux', MB_PYTHON_VERSION: pre }), 'multibuild-stripped');
  });

  it('without a pre-release nothing of multibuild is redefined', () => {
    const finals = offered.filter((v) => /^\d+\.\d+\.\d+$/.test(MACPYTHON[v] ?? ''));
    const travis = travisFor({ platforms: 'macos-x86_64', python: finals.join(',') });
    assert.ok(!travis.before_install.join('\n').includes('strip_macpython_ver_prefix'));
    assert.equal(installerVersion(travis, { TRAVIS_OS_NAME: 'osx', MB_PYTHON_VERSION: MACPYTHON[finals[0] as string] as string }), 'multibuild-stripped');
  });
});
