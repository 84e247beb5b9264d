// Travis CI builds Linux and macOS wheels with multibuild, AppVeyor Windows wheels; Travis's last
// stage publishes with twine once every job, AppVeyor's included, passed (Grönholm's recipe).
import type { Answers } from '../core/options.js';
import { PLATFORMS } from '../core/platforms.js';
import type { Layout, Refusal, SecretSpec } from './types.js';

export const travisAppveyor: Layout = {
  id: 'travis-appveyor',
  describe: 'Travis CI + AppVeyor',
  refuse(a: Answers): Refusal[] {
    const out: Refusal[] = [];
    if (a.engine === 'cibuildwheel') {
      out.push({ flag: 'engine', message: 'cibuildwheel is generated for --ci github-actions only; with travis-appveyor use --engine multibuild' });
    }
    if (a.publish === 'trusted') {
      out.push({ flag: 'publish', message: 'trusted needs GitHub Actions (PyPI trusted publishing); with travis-appveyor use --publish twine (a PyPI token as a Travis secure value) or none' });
    }
    if (a.publish === 'twine' && a.staging === 'none') {
      out.push({ flag: 'staging', message: 'none leaves the deploy stage nothing to collect; with --publish twine use --staging github-release, anaconda or s3 (or --publish none)' });
    }
    for (const id of a.platforms) {
      const p = PLATFORMS.find((x) => x.id === id);
      if (p?.notOnTravisAppveyor) out.push({ flag: 'platforms', message: `cannot build ${id} on travis-appveyor (${p.notOnTravisAppveyor}); drop it or use --ci github-actions` });
    }
    return out;
  },
  secrets(a: Answers): SecretSpec[] {
    const out: SecretSpec[] = [];
    // appveyor.yml exists only when a Windows platform is built; Travis always stages.
    const windows = a.platforms.some((id) => id.startsWith('windows-'));
    const both = (name: string, purpose: string) => {
      out.push({ name, purpose, where: 'travis-secure' });
      if (windows) out.push({ name, purpose, where: 'appveyor-secure' });
    };
    if (a.staging === 'github-release') both('GITHUB_TOKEN', `GitHub token that may write releases of ${a.owner}/${a.name}-wheels`);
    if (a.staging === 'anaconda') both('ANACONDA_TOKEN', `anaconda.org token with API write and upload scopes for ${a.anacondaOrg}`);
    if (a.staging === 's3') {
      both('AWS_ACCESS_KEY_ID', `AWS access key that may write s3://${a.s3Bucket}`);
      both('AWS_SECRET_ACCESS_KEY', 'the secret of that access key');
    }
    if (a.publish === 'twine') out.push({ name: 'TWINE_PASSWORD', purpose: `PyPI API token for ${a.name}`, where: 'travis-secure' });
    if (windows) {
      out.push({ name: 'APPVEYOR_TOKEN', purpose: 'AppVeyor API key, so the deploy stage can wait for the Windows build', where: 'travis-secure' });
    }
    return out;
  },
  variables: () => [],
  pinFiles: () => ['.travis.yml', 'appveyor.yml'],
};

/** Whether the repository has an appveyor.yml (Windows wheels on the travis-appveyor layout). */
export function usesAppVeyor(a: Answers): boolean {
  return a.ci === 'travis-appveyor' && a.platforms.some((id) => id.startsWith('windows-'));
}
