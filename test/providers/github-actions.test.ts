import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { Answers } from '../../src/core/options.js';
import { githubActions } from '../../src/providers/github-actions.js';
import { loadPins, loadTemplates } from '../../src/io/package-files.js';

function answers(given: Record<string, string> = {}): Answers {
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.answers;
}

const templates = loadTemplates().map((t) => t.path);
const paths = (a: Answers) => githubActions.files(a, templates).map((f) => f.path);

describe('github-actions layout: files', () => {
  it('multibuild: the workflow, the hooks, the Windows build and the submodule file', () => {
    assert.deepEqual(paths(answers()), ['.github/dependabot.yml', '.github/workflows/build-wheels.yml', '.gitignore', '.gitmodules', 'README.md', 'ci/add-build-requires.py', 'ci/build-windows.sh', 'ci/check-version.py', 'ci/checkout-project.sh', 'config.sh']);
  });

  it('cibuildwheel: its own workflow and cibuildwheel.toml, no submodule', () => {
    assert.deepEqual(paths(answers({ engine: 'cibuildwheel' })), ['.github/dependabot.yml', '.github/workflows/build-wheels.yml', '.gitignore', 'README.md', 'ci/add-build-requires.py', 'ci/check-version.py', 'ci/checkout-project.sh', 'ci/hooks.sh', 'cibuildwheel.toml', 'config.sh']);
  });

  it('the version check of the release gate only with trusted publishing', () => {
    assert.ok(!paths(answers({ publish: 'none' })).includes('ci/check-version.py'));
  });

  it('takes each workflow from the engine\'s folder under templates/github-actions/', () => {
    const wf = (a: Answers) => githubActions.files(a, templates).find((f) => f.path === '.github/workflows/build-wheels.yml')?.template;
    assert.equal(wf(answers()), 'github-actions/multibuild/_github/workflows/build-wheels.yml.ejs');
    assert.equal(wf(answers({ engine: 'cibuildwheel' })), 'github-actions/cibuildwheel/_github/workflows/build-wheels.yml.ejs');
  });

  it('every file it generates lies inside its declared outputs', () => {
    for (const a of [answers(), answers({ engine: 'cibuildwheel' })]) {
      for (const p of paths(a)) assert.ok(p.split('/').length === 1 || /^ci\/[^/]+$/.test(p) || /^\.github\/(workflows\/)?[^/]+$/.test(p), p);
    }
    assert.deepEqual(githubActions.outputs, ['*', 'ci/*', '.github/*', '.github/workflows/*']);
  });
});

describe('github-actions layout: view, secrets, variables, pins', () => {
  it('the publish job needs every build job that exists, and the sdist', () => {
    assert.deepEqual(githubActions.view(answers()).needs, ['build_posix', 'build_windows', 'sdist']);
    assert.deepEqual(githubActions.view(answers({ platforms: 'linux-x86_64' })).needs, ['build_posix', 'sdist']);
    assert.deepEqual(githubActions.view(answers({ platforms: 'windows-amd64' })).needs, ['build_windows', 'sdist']);
    assert.deepEqual(githubActions.view(answers({ engine: 'cibuildwheel' })).needs, ['build_wheels', 'sdist']);
  });

  it('one cibuildwheel job per platform, building every Python there', () => {
    const cibw = githubActions.view(answers({ engine: 'cibuildwheel', python: '3.12,3.13', platforms: 'linux-x86_64,windows-x86' })).cibw;
    assert.deepEqual(cibw, [
      { id: 'linux-x86_64', runner: 'ubuntu-24.04', archs: 'x86_64', build: 'cp312-manylinux_x86_64 cp313-manylinux_x86_64' },
      { id: 'windows-x86', runner: 'windows-2025', archs: 'x86', build: 'cp312-win32 cp313-win32' },
    ]);
  });

  it('needs no secret for github-release staging and trusted publishing; anaconda needs its token and org variable', () => {
    assert.deepEqual(githubActions.secrets(answers()), []);
    assert.deepEqual(githubActions.variables(answers()), []);
    const a = answers({ staging: 'anaconda', anacondaOrg: 'my-org' });
    assert.deepEqual(githubActions.secrets(a).map((s) => [s.name, s.where]), [['ANACONDA_TOKEN', 'github-secret']]);
    assert.deepEqual(githubActions.variables(a).map((v) => [v.name, v.value]), [['ANACONDA_ORG', 'my-org']]);
  });

  it('pins BUILD_COMMIT in the workflow, and the multibuild submodule only with multibuild', () => {
    const pins = loadPins();
    assert.deepEqual(githubActions.pinFiles(answers()), ['.github/workflows/build-wheels.yml']);
    assert.deepEqual(githubActions.gitlinks(answers(), pins), { multibuild: pins.multibuild.commit });
    assert.deepEqual(githubActions.gitlinks(answers({ engine: 'cibuildwheel' }), pins), {});
  });

  it('refuses what only Travis CI + AppVeyor does, naming the alternative', () => {
    const a = answers();
    assert.deepEqual(githubActions.refuse({ ...a, publish: 'twine' }).map((r) => r.flag), ['publish']);
    assert.match(githubActions.refuse({ ...a, staging: 's3' })[0]!.message, /^s3 is for --ci travis-appveyor; .*github-release, anaconda or none/);
    assert.deepEqual(githubActions.refuse(a), []);
  });

  it('remote set-up: the pypi environment only with trusted publishing; no other CI service', () => {
    assert.deepEqual(githubActions.remoteSteps(answers(), { appveyor: false }), ['repository', 'push', 'pypi-environment', 'github-secrets', 'github-variables']);
    assert.deepEqual(githubActions.remoteSteps(answers({ publish: 'none' }), { appveyor: true }), ['repository', 'push', 'github-secrets', 'github-variables']);
    assert.deepEqual(githubActions.services(answers()), []);
  });
});
