// What the generated CI does on a runner, played here with the generated files themselves (issue #11):
// the checkout step against a real local git repository, the release gate's version check on real
// file names, config.sh inside multibuild's test container and build step, the hook contract in the
// three hook runners, and the job summary step. Fakes stand in only for the tools a runner has
// (pip, delvewheel, uname); /usr/bin/python3 runs the Python scripts (python3-packaging, -tomlkit).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { generateFiles } from '../../src/repo/generation.js';

const PY = '/usr/bin/python3';

/** The generated repository for these answers, written to a temporary directory. */
function generated(given: RawAnswers = {}): { dir: string; files: Map<string, string> } {
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const dir = mkdtempSync(join(tmpdir(), 'cwr-runner-'));
  const files = new Map<string, string>();
  for (const f of generateFiles(r.answers).files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content, { mode: f.mode });
    files.set(f.path, f.content);
  }
  return { dir, files };
}

/** bash as a runner starts it: no ~/.bashrc (which bash reads when stdin is a socket, and which may put other tools first on PATH). */
function sh(script: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync('bash', ['--norc', '-c', script], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
}

/** A directory of stand-in executables, first on PATH. */
function fakes(scripts: Record<string, string>): string {
  const bin = mkdtempSync(join(tmpdir(), 'cwr-fakes-'));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('ci/checkout-project.sh', () => {
  // The project: main (its default branch) with a v1 tag behind it, and a develop branch.
  const project = mkdtempSync(join(tmpdir(), 'cwr-project-'));
  git(project, 'init', '-q', '-b', 'main');
  writeFileSync(join(project, 'a.txt'), '1');
  git(project, 'add', '.');
  git(project, 'commit', '-qm', 'one');
  git(project, 'tag', 'v1');
  git(project, 'checkout', '-qb', 'develop');
  git(project, 'commit', '-qm', 'develop work', '--allow-empty');
  const developHead = git(project, 'rev-parse', 'HEAD');
  git(project, 'checkout', '-q', 'main');
  git(project, 'commit', '-qm', 'two', '--allow-empty');
  const mainHead = git(project, 'rev-parse', 'HEAD');
  const v1 = git(project, 'rev-parse', 'v1^{commit}');

  function checkout(env: NodeJS.ProcessEnv) {
    const { dir } = generated({ nightly: '0 3 * * *' });
    const githubEnv = join(dir, 'github-env');
    writeFileSync(githubEnv, '');
    const r = sh('bash ci/checkout-project.sh', dir, { PROJECT_URL: project, REPO_DIR: 'project', BUILD_COMMIT: 'v1', GITHUB_ENV: githubEnv, ...env });
    return { r, head: r.status === 0 ? git(join(dir, 'project'), 'rev-parse', 'HEAD') : '', githubEnv: readFileSync(githubEnv, 'utf8') };
  }

  it('a push builds BUILD_COMMIT', () => {
    const c = checkout({ GITHUB_EVENT_NAME: 'push' });
    assert.equal(c.r.status, 0, c.r.stderr);
    assert.equal(c.head, v1);
    assert.equal(c.githubEnv, '');
  });

  it('a manual run builds the ref asked for, and later steps see it', () => {
    const c = checkout({ GITHUB_EVENT_NAME: 'workflow_dispatch', REQUESTED_REF: 'develop' });
    assert.equal(c.head, developHead);
    assert.equal(c.githubEnv, 'BUILD_COMMIT=develop\n');
  });

  it('a scheduled (nightly) run builds the head of the default branch, not BUILD_COMMIT', () => {
    const c = checkout({ GITHUB_EVENT_NAME: 'schedule' });
    assert.equal(c.r.status, 0, c.r.stderr);
    assert.equal(c.head, mainHead);
    assert.equal(c.githubEnv, `BUILD_COMMIT=${mainHead}\n`);
    assert.match(c.r.stdout, /, nightly\)/);
  });

  it('a scheduled run builds NIGHTLY_REF when it is set', () => {
    assert.equal(checkout({ GITHUB_EVENT_NAME: 'schedule', NIGHTLY_REF: 'develop' }).head, developHead);
  });

  it('a Travis cron build builds the default branch, and leaves its ref for the later phases', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cwr-bc-')), '.build-commit');
    const c = checkout({ TRAVIS_EVENT_TYPE: 'cron', GITHUB_ENV: '', BUILD_COMMIT_FILE: file });
    assert.equal(c.head, mainHead);
    assert.equal(readFileSync(file, 'utf8'), `${mainHead}\n`);
    const push = join(mkdtempSync(join(tmpdir(), 'cwr-bc-')), '.build-commit');
    checkout({ TRAVIS_EVENT_TYPE: 'push', GITHUB_ENV: '', BUILD_COMMIT_FILE: push });
    assert.equal(readFileSync(push, 'utf8'), 'v1\n', 'a push leaves BUILD_COMMIT as pinned');
  });

  it('refuses a requested ref that is not a ref', () => {
    const c = checkout({ REQUESTED_REF: '-x' });
    assert.equal(c.r.status, 1);
    assert.match(c.r.stdout, /::error::The build_commit input is not a valid branch, tag or commit SHA/);
  });
});

describe('ci/check-version.py (the release gate)', () => {
  const { dir } = generated();
  function check(names: string[], tag: string) {
    const dist = mkdtempSync(join(tmpdir(), 'cwr-dist-'));
    for (const n of names) writeFileSync(join(dist, n), '');
    return spawnSync(PY, [join(dir, 'ci/check-version.py'), dist, tag], { encoding: 'utf8' });
  }
  const good = ['cymem-2.0.9-cp312-cp312-manylinux_2_28_x86_64.whl', 'cymem-2.0.9-cp313-cp313-win_amd64.whl', 'cymem-2.0.9.tar.gz'];

  it('passes when every wheel and the sdist have the version of the tag (PEP 440 equality)', () => {
    for (const tag of ['v2.0.9', '2.0.9', 'v2.0.9.0']) {
      const r = check(good, tag);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /All 3 files are version 2\.0\.9\./);
    }
  });

  it('fails, naming the file, when one file has another version', () => {
    const r = check([...good, 'cymem-2.0.10-cp314-cp314-macosx_11_0_arm64.whl'], 'v2.0.9');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cymem-2\.0\.10-cp314-cp314-macosx_11_0_arm64\.whl: version 2\.0\.10, not 2\.0\.9/);
  });

  it('fails for an empty directory, a tag that is no version, and a file name that is not a wheel\'s', () => {
    assert.match(check([], 'v1').stderr, /holds no wheel or sdist/);
    assert.match(check(good, 'vnext').stderr, /The tag 'vnext' is not a version/);
    assert.equal(check(['cymem.whl'], 'v1').status, 1);
  });
});

describe('config.sh under multibuild', () => {
  it('in the test container, uses the /opt/python interpreter of MB_PYTHON_VERSION; never in the build container or on macOS', () => {
    const { dir } = generated();
    const opt = mkdtempSync(join(tmpdir(), 'cwr-opt-'));
    mkdirSync(join(opt, 'cp314-cp314/bin'), { recursive: true });
    writeFileSync(join(opt, 'cp314-cp314/bin/python'), '#!/bin/sh\n');
    chmodSync(join(opt, 'cp314-cp314/bin/python'), 0o755);
    const probe = 'source config.sh; printf "%s|%s|%s" "${PYTHON_EXE:-}" "${PIP_CMD:-}" "${PATH%%:*}"';
    const test = sh(probe, dir, { MB_OPT_PYTHON: opt, MB_PYTHON_VERSION: '3.14' });
    assert.equal(test.stdout, `${opt}/cp314-cp314/bin/python|${opt}/cp314-cp314/bin/python -m pip|${opt}/cp314-cp314/bin`);
    assert.equal(sh(probe, dir, { MB_OPT_PYTHON: opt, MB_PYTHON_VERSION: '3.14', BUILD_COMMANDS: 'build_wheel' }).stdout.split('|').slice(0, 2).join('|'), '|');
    assert.equal(sh(probe, dir, { MB_OPT_PYTHON: opt, MB_PYTHON_VERSION: '3.14', IS_MACOS: '1' }).stdout.split('|').slice(0, 2).join('|'), '|');
    assert.equal(sh(probe, dir, { MB_OPT_PYTHON: opt, MB_PYTHON_VERSION: '3.13' }).stdout.split('|').slice(0, 2).join('|'), '|', 'no such interpreter: left alone');
  });

  it('builds with pip\'s isolation kept, BUILD_DEPENDS added to the project\'s build requirements', () => {
    const { dir } = generated({ buildDepends: 'numpy cython>=3' });
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project/pyproject.toml'), '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n');
    const bin = fakes({ python: `exec ${PY} "$@"`, pip: 'printf "%s\\n" "$*" > "$(dirname "$0")/pip-args"', pip_opts: '' });
    const r = sh('function pip_opts { :; }; source config.sh; cd project && pip_wheel_cmd /tmp/wheelhouse', dir, { PATH: `${bin}:${process.env.PATH}` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(bin, 'pip-args'), 'utf8'), 'wheel -w /tmp/wheelhouse --no-deps .\n');
    assert.match(readFileSync(join(dir, 'project/pyproject.toml'), 'utf8'), /requires = \["setuptools>=61", "numpy", "cython>=3"\]/);
  });
});

describe('one hook contract: pre_build in the repository root, IS_MACOS / IS_WINDOWS set, in every hook runner', () => {
  const preBuild = 'pwd > "$HOOK_OUT"; echo "mac=${IS_MACOS:-} win=${IS_WINDOWS:-}" >> "$HOOK_OUT"';

  it('multibuild on Windows (ci/build-windows.sh): the root, IS_WINDOWS=1, the library builders loaded', () => {
    const { dir } = generated({ preBuild: `${preBuild}; build_zlib`, testCommand: 'echo tested >> "$HOOK_OUT"' });
    mkdirSync(join(dir, 'multibuild'));
    writeFileSync(join(dir, 'multibuild/library_builders.sh'), 'function build_zlib { echo builder >> "$HOOK_OUT"; }\n');
    mkdirSync(join(dir, 'project'));
    const out = join(dir, 'hook.out');
    // python, pip and delvewheel stand-ins: the build itself is not the point here
    const bin = fakes({ python: 'case "$1" in *add-build-requires.py) exit 0;; esac; case "$*" in *"pip wheel"*) mkdir -p raw-wheels; touch raw-wheels/x.whl;; *delvewheel*) mkdir -p wheelhouse; touch wheelhouse/x.whl;; esac' });
    const r = sh('bash ci/build-windows.sh', dir, { PATH: `${bin}:${process.env.PATH}`, HOOK_OUT: out, REPO_DIR: 'project', WHEEL_SDIR: 'wheelhouse', TEST_DEPENDS: '', BUILD_DEPENDS: '' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.equal(readFileSync(out, 'utf8'), `${dir}\nmac= win=1\nbuilder\ntested\n`);
  });

  for (const [uname, expected] of [['Darwin', 'mac=1 win='], ['MINGW64_NT-10.0-20348', 'mac= win=1'], ['Linux', 'mac= win=']] as const) {
    it(`cibuildwheel (ci/hooks.sh pre_build) on ${uname}: the root, ${expected}`, () => {
      const { dir } = generated({ engine: 'cibuildwheel', preBuild });
      const out = join(dir, 'hook.out');
      const bin = fakes({ uname: `echo ${uname}` });
      // cibuildwheel runs before-all from the project directory on Linux (/project/project): cd there first
      mkdirSync(join(dir, 'project'));
      const r = sh('cd project && bash ../ci/hooks.sh pre_build', dir, { PATH: `${bin}:${process.env.PATH}`, HOOK_OUT: out });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(out, 'utf8'), `${dir}\n${expected}\n`);
    });
  }

  it('multibuild on Linux and macOS calls pre_build from the root too (common_utils.sh build_wheel_cmd), where config.sh says', () => {
    const { files } = generated();
    assert.match(files.get('config.sh') as string, /pre_build {3}runs in the root of this repository, with the project checked\n# {15}out in \$REPO_DIR/);
  });

  it('cibuildwheel refuses a pre-build that calls multibuild\'s library builders, naming them', () => {
    const r = resolveAnswers({ name: 'x', repoUrl: 'https://github.com/o/x', engine: 'cibuildwheel', preBuild: 'build_openblas && build_zlib' });
    assert.ok(!r.ok);
    assert.match(r.problems.map((p) => `--${p.flag} ${p.message}`).join('\n'), /--pre-build calls build_openblas, build_zlib, multibuild's library builders, which cibuildwheel does not load; use --engine multibuild/);
  });
});

describe('the job summary', () => {
  it('lists every wheel a build job made', () => {
    const { dir, files } = generated();
    const wf = parse(files.get('.github/workflows/build-wheels.yml') as string) as { jobs: Record<string, { steps: Array<{ name?: string; run?: string; env?: Record<string, string> }> }> };
    const step = wf.jobs.build_posix?.steps.find((s) => s.name === 'List the wheels in the job summary');
    assert.ok(step?.run);
    mkdirSync(join(dir, 'wheelhouse'));
    writeFileSync(join(dir, 'wheelhouse/cymem-1-cp312-cp312-manylinux_2_28_x86_64.whl'), 'x'.repeat(10));
    const summary = join(dir, 'summary.md');
    const r = sh(step.run, dir, { JOB_ID: 'cp312-linux-x86_64', GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(summary, 'utf8'), '### Wheels built by cp312-linux-x86_64\n\n- `cymem-1-cp312-cp312-manylinux_2_28_x86_64.whl` (10 bytes)\n');
  });
});

describe('the staging release on GitHub Actions', () => {
  it('is created by the first build of a ref, then reused with its tag and target moved to each new build', () => {
    const { dir, files } = generated();
    const wf = parse(files.get('.github/workflows/build-wheels.yml') as string) as { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };
    const step = wf.jobs.stage?.steps.find((s) => s.name === 'Upload to the staging release');
    assert.ok(step?.run);
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/cymem-1.tar.gz'), 'x');
    // gh stand-in: records each call; `release view` succeeds once the release was created
    const bin = fakes({ gh: 'd="$(dirname "$0")"; echo "$*" >> "$d/calls"; case "$1 $2" in "release view") [ -f "$d/created" ];; "release create") touch "$d/created";; esac' });
    const env = { PATH: `${bin}:${process.env.PATH}`, GH_REPO: 'explosion/cymem-wheels', PACKAGE_NAME: 'cymem', BUILD_COMMIT: 'v2.0.9', GITHUB_RUN_ID: '7' };
    assert.equal(sh(step.run, dir, { ...env, GITHUB_SHA: 'aaa' }).status, 0);
    assert.equal(sh(step.run, dir, { ...env, GITHUB_SHA: 'bbb' }).status, 0);
    assert.deepEqual(readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n'), [
      'release view cymem-v2.0.9-wheels',
      'release create cymem-v2.0.9-wheels --target aaa --prerelease --title cymem v2.0.9 wheels --notes Wheels of cymem built from v2.0.9 by run 7.',
      'release upload cymem-v2.0.9-wheels dist/cymem-1.tar.gz --clobber',
      'release view cymem-v2.0.9-wheels',
      'api -X PATCH repos/explosion/cymem-wheels/git/refs/tags/cymem-v2.0.9-wheels -f sha=bbb -F force=true',
      'release edit cymem-v2.0.9-wheels --target bbb --notes Wheels of cymem built from v2.0.9 by run 7.',
      'release upload cymem-v2.0.9-wheels dist/cymem-1.tar.gz --clobber',
    ]);
  });
});
