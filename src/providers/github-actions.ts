// GitHub Actions: one workflow (templates/github-actions/<engine>/), multibuild or cibuildwheel, PyPI
// trusted publishing from a job gated on every build.
import type { Answers } from '../core/options.js';
import { cpTag, defaultPlatforms, matrix, platformById } from '../core/platforms.js';
import { buildersWithoutMultibuild, cibuildwheelOnly } from './rules.js';
import { templateFiles } from '../core/template-files.js';
import type { Layout, Refusal, RemoteStep, SecretSpec, VariableSpec } from './types.js';

/** One cibuildwheel job per platform, building every Python version there. */
function cibwJobs(a: Answers) {
  return a.platforms.map((id) => {
    const p = platformById(id);
    return { id: p.id, runner: p.runner, archs: p.cibwArch, build: a.python.map((v) => `${cpTag(v)}-${p.cibwTag}`).join(' ') };
  });
}

export const githubActions: Layout = {
  id: 'github-actions',
  describe: 'GitHub Actions',
  defaultPlatforms: () => defaultPlatforms(),
  defaultPublish: 'trusted',
  nightlyUpload: true,
  refuse(a: Answers): Refusal[] {
    const out: Refusal[] = [];
    if (a.publish === 'twine') {
      out.push({ flag: 'publish', message: 'twine is for --ci travis-appveyor; on GitHub Actions use --publish trusted (PyPI trusted publishing, no token to store) or none' });
    }
    if (a.staging === 's3') {
      out.push({ flag: 'staging', message: 's3 is for --ci travis-appveyor; on GitHub Actions use --staging github-release, anaconda or none' });
    }
    if (a.engine !== 'cibuildwheel') out.push(...cibuildwheelOnly(a, '--engine cibuildwheel'));
    out.push(...buildersWithoutMultibuild(a));
    return out;
  },
  files(a, templates) {
    // The version check belongs to the publish job, which only trusted publishing has.
    const unused = a.publish === 'trusted' ? [] : ['ci/check-version.py'];
    return templateFiles(templates, ['common', a.engine, 'github-actions/common', `github-actions/${a.engine}`]).filter((f) => !unused.includes(f.path));
  },
  view(a) {
    const posix = matrix(a, 'posix');
    const windows = matrix(a, 'windows');
    // The job ids of the workflow: the publish and stage jobs need every build job and the sdist.
    const buildJobs = a.engine === 'cibuildwheel' ? ['build_wheels'] : [...(posix.length ? ['build_posix'] : []), ...(windows.length ? ['build_windows'] : [])];
    return { posix, windows, cibw: cibwJobs(a), needs: [...buildJobs, 'sdist'] };
  },
  secrets(a: Answers): SecretSpec[] {
    const out: SecretSpec[] = [];
    if (a.staging === 'anaconda') {
      out.push({ name: 'ANACONDA_TOKEN', purpose: `anaconda.org token with API write and upload scopes for ${a.anacondaOrg}`, where: 'github-secret' });
    }
    if (a.nightly !== 'none') {
      out.push({ name: 'ANACONDA_NIGHTLY_TOKEN', purpose: `anaconda.org token that may upload to ${a.nightlyOrg} (nightly wheels)`, where: 'github-secret' });
    }
    // github-release staging uses the workflow's own GITHUB_TOKEN; trusted publishing needs no secret.
    return out;
  },
  variables(a: Answers): VariableSpec[] {
    // The workflow falls back to the answer, so the variable only lets the org change without a commit.
    return a.staging === 'anaconda' ? [{ name: 'ANACONDA_ORG', value: a.anacondaOrg, purpose: 'anaconda.org organisation the wheels are staged in' }] : [];
  },
  pinFiles: () => ['.github/workflows/build-wheels.yml'],
  gitlinks: (a, pins): Record<string, string> => (a.engine === 'multibuild' ? { multibuild: pins.multibuild.commit } : {}),
  gitlinkPaths: ['multibuild'],
  outputs: ['*', 'ci/*', '.github/*', '.github/workflows/*'],
  remoteSteps(a): RemoteStep[] {
    return ['repository', 'push', ...(a.publish === 'trusted' ? (['pypi-environment'] as const) : []), 'github-secrets', 'github-variables'];
  },
  services: () => [],
};
