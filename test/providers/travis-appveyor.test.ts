import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { Answers } from '../../src/core/options.js';
import { travisAppveyor } from '../../src/providers/travis-appveyor.js';
import { loadPins, loadTemplates } from '../../src/io/package-files.js';

function answers(given: Record<string, string> = {}): Answers {
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ci: 'travis-appveyor', ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.answers;
}

const templates = loadTemplates().map((t) => t.path);
const paths = (a: Answers) => travisAppveyor.files(a, templates).map((f) => f.path);
const secrets = (a: Answers) => travisAppveyor.secrets(a).map((s) => `${s.name}@${s.where}:${s.file}`);

describe('travis-appveyor layout: files', () => {
  it('the defaults: Travis, AppVeyor, staging upload and the release gate', () => {
    assert.deepEqual(paths(answers()), ['.gitignore', '.gitmodules', '.travis.yml', 'README.md', 'appveyor.yml', 'ci/add-build-requires.py', 'ci/build-windows.sh', 'ci/checkout-project.sh', 'ci/stage-upload.sh', 'ci/travis-deploy.sh', 'config.sh']);
  });

  it('no appveyor.yml without a Windows platform, no upload script without staging, no deploy script without twine', () => {
    const p = paths(answers({ platforms: 'linux-x86_64', staging: 'none', publish: 'none' }));
    assert.ok(!p.includes('appveyor.yml') && !p.includes('ci/stage-upload.sh') && !p.includes('ci/travis-deploy.sh'), p.join(' '));
    assert.ok(p.includes('.travis.yml') && p.includes('config.sh'));
  });

  it('outputs are the root and ci/ only', () => {
    assert.deepEqual(travisAppveyor.outputs, ['*', 'ci/*']);
    for (const p of paths(answers())) assert.ok(!p.includes('/') || /^ci\/[^/]+$/.test(p), p);
  });
});

describe('travis-appveyor layout: secrets and where each lives', () => {
  it('github-release staging: the token in both files; the PyPI token and AppVeyor key in .travis.yml only', () => {
    assert.deepEqual(secrets(answers()), [
      'GITHUB_TOKEN@travis-secure:.travis.yml', 'GITHUB_TOKEN@appveyor-secure:appveyor.yml',
      'TWINE_PASSWORD@travis-secure:.travis.yml', 'APPVEYOR_TOKEN@travis-secure:.travis.yml',
    ]);
  });

  it('without Windows nothing goes to AppVeyor', () => {
    assert.deepEqual(secrets(answers({ platforms: 'linux-x86_64', staging: 's3', s3Bucket: 'my-bucket' })), [
      'AWS_ACCESS_KEY_ID@travis-secure:.travis.yml', 'AWS_SECRET_ACCESS_KEY@travis-secure:.travis.yml', 'TWINE_PASSWORD@travis-secure:.travis.yml',
    ]);
    assert.deepEqual(travisAppveyor.services(answers({ platforms: 'linux-x86_64' })), ['travis']);
    assert.deepEqual(travisAppveyor.services(answers()), ['travis', 'appveyor']);
  });

  it('declares no GitHub secret or variable', () => {
    assert.ok(travisAppveyor.secrets(answers({ staging: 'anaconda', anacondaOrg: 'o' })).every((s) => s.where !== 'github-secret'));
    assert.deepEqual(travisAppveyor.variables(answers()), []);
  });
});

describe('travis-appveyor layout: rules, pins, remote steps', () => {
  it('refuses macos-arm64, cibuildwheel, trusted publishing and twine without staging, each with the alternative', () => {
    const a = answers();
    const flags = (x: Partial<Answers>) => travisAppveyor.refuse({ ...a, ...x }).map((r) => `${r.flag}: ${r.message}`);
    assert.match(flags({ platforms: ['macos-arm64'] })[0]!, /^platforms: cannot build macos-arm64 on travis-appveyor \(Travis CI has no Apple silicon machines\); drop it or use --ci github-actions$/);
    assert.match(flags({ engine: 'cibuildwheel' })[0]!, /^engine: .*use --engine multibuild/);
    assert.match(flags({ publish: 'trusted' })[0]!, /^publish: .*--publish twine/);
    assert.match(flags({ staging: 'none' })[0]!, /^staging: none leaves the deploy stage nothing to collect/);
    assert.deepEqual(flags({}), []);
  });

  it('its default platforms leave out what it cannot build', () => {
    assert.deepEqual(travisAppveyor.defaultPlatforms(), ['linux-x86_64', 'linux-aarch64', 'musllinux-x86_64', 'macos-x86_64', 'windows-amd64']);
  });

  it('pins BUILD_COMMIT in both CI files and always the multibuild submodule', () => {
    const pins = loadPins();
    assert.deepEqual(travisAppveyor.pinFiles(answers()), ['.travis.yml', 'appveyor.yml']);
    assert.deepEqual(travisAppveyor.gitlinks(answers(), pins), { multibuild: pins.multibuild.commit });
    assert.deepEqual(travisAppveyor.gitlinkPaths, ['multibuild']);
  });

  it('remote set-up: the AppVeyor project only when asked, its webhook only with Windows', () => {
    assert.deepEqual(travisAppveyor.remoteSteps(answers(), { appveyor: true }), ['repository', 'push', 'github-secrets', 'github-variables', 'appveyor-project', 'secure-values', 'appveyor-webhook']);
    assert.deepEqual(travisAppveyor.remoteSteps(answers({ platforms: 'linux-x86_64' }), { appveyor: false }), ['repository', 'push', 'github-secrets', 'github-variables', 'secure-values']);
  });
});
