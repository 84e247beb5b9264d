// GitHub Actions: one workflow; multibuild or cibuildwheel; PyPI trusted publishing.
import type { Answers } from '../core/options.js';
import type { Layout, Refusal, SecretSpec, VariableSpec } from './types.js';

export const githubActions: Layout = {
  id: 'github-actions',
  describe: 'GitHub Actions',
  refuse(a: Answers): Refusal[] {
    const out: Refusal[] = [];
    if (a.publish === 'twine') {
      out.push({ flag: 'publish', message: 'twine is for --ci travis-appveyor; on GitHub Actions use --publish trusted (PyPI trusted publishing, no token to store) or none' });
    }
    if (a.staging === 's3') {
      out.push({ flag: 'staging', message: 's3 is for --ci travis-appveyor; on GitHub Actions use --staging github-release, anaconda or none' });
    }
    return out;
  },
  secrets(a: Answers): SecretSpec[] {
    const out: SecretSpec[] = [];
    if (a.staging === 'anaconda') {
      out.push({ name: 'ANACONDA_TOKEN', purpose: `anaconda.org token with API write and upload scopes for ${a.anacondaOrg}`, where: 'github-secret' });
    }
    // github-release staging uses the workflow's own GITHUB_TOKEN; trusted publishing needs no secret.
    return out;
  },
  variables(a: Answers): VariableSpec[] {
    // The workflow falls back to the answer, so the variable only lets the org change without a commit.
    return a.staging === 'anaconda' ? [{ name: 'ANACONDA_ORG', value: a.anacondaOrg, purpose: 'anaconda.org organisation the wheels are staged in' }] : [];
  },
  pinFiles: () => ['.github/workflows/build-wheels.yml'],
};
