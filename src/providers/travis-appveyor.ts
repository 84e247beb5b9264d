// Travis CI builds Linux and macOS wheels with multibuild, AppVeyor Windows wheels; Travis's last
// stage publishes with twine once every job, AppVeyor's included, passed (Grönholm's recipe).
// Templates: templates/travis-appveyor/, with templates/common/ and templates/multibuild/.
import type { Answers } from '../core/options.js';
import { defaultPlatforms, matrix } from '../core/platforms.js';
import { templateFiles } from '../core/template-files.js';
import { cibuildwheelOnly } from './rules.js';
import type { Layout, Refusal, RemoteStep, SecretSpec } from './types.js';

/** Platforms Travis CI + AppVeyor cannot build, and why. */
const UNSUPPORTED = new Map([['macos-arm64', 'Travis CI has no Apple silicon machines']]);

/** Whether the repository has an appveyor.yml (Windows wheels on the travis-appveyor layout). */
function windows(a: Answers): boolean {
  return a.platforms.some((id) => id.startsWith('windows-'));
}

/**
 * Secure values only the deploy stage reads: they go in the deploy job's `env`, not `env.global`, so no
 * wheel job (which runs the project's build, its build requirements and its tests) can read the PyPI
 * token or the AppVeyor key. The staging tokens stay global: every upload job needs them.
 */
const DEPLOY_ONLY: ReadonlySet<string> = new Set(['TWINE_PASSWORD', 'APPVEYOR_TOKEN']);

function secrets(a: Answers): SecretSpec[] {
  const out: SecretSpec[] = [];
  // appveyor.yml exists only when a Windows platform is built; Travis always stages.
  const both = (name: string, purpose: string) => {
    out.push({ name, purpose, where: 'travis-secure', file: '.travis.yml' });
    if (windows(a)) out.push({ name, purpose, where: 'appveyor-secure', file: 'appveyor.yml' });
  };
  if (a.staging === 'github-release') both('GITHUB_TOKEN', `GitHub token that may write releases of ${a.owner}/${a.name}-wheels`);
  if (a.staging === 'anaconda') both('ANACONDA_TOKEN', `anaconda.org token with API write and upload scopes for ${a.anacondaOrg}`);
  if (a.staging === 's3') {
    both('AWS_ACCESS_KEY_ID', `AWS access key that may write s3://${a.s3Bucket}`);
    both('AWS_SECRET_ACCESS_KEY', 'the secret of that access key');
  }
  if (a.publish === 'twine') out.push({ name: 'TWINE_PASSWORD', purpose: `PyPI API token for ${a.name}`, where: 'travis-secure', file: '.travis.yml' });
  // Only the deploy stage waits for AppVeyor: without it (--publish none) the key has no job to go to.
  if (windows(a) && a.publish === 'twine') {
    out.push({ name: 'APPVEYOR_TOKEN', purpose: 'AppVeyor API key, so the deploy stage can wait for the Windows build', where: 'travis-secure', file: '.travis.yml' });
  }
  return out;
}

export const travisAppveyor: Layout = {
  id: 'travis-appveyor',
  describe: 'Travis CI (Linux, macOS) + AppVeyor (Windows)',
  defaultPlatforms: () => defaultPlatforms(new Set(UNSUPPORTED.keys())),
  defaultPublish: 'twine',
  // Scheduled builds are set on the services' pages, and build the default branch (checkout-project.sh).
  nightlyUpload: false,
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
      const why = UNSUPPORTED.get(id);
      if (why) out.push({ flag: 'platforms', message: `cannot build ${id} on travis-appveyor (${why}); drop it or use --ci github-actions` });
    }
    if (a.engine !== 'cibuildwheel') out.push(...cibuildwheelOnly({ ...a, platforms: a.platforms.filter((id) => !UNSUPPORTED.has(id)) }, '--ci github-actions --engine cibuildwheel'));
    return out;
  },
  files(a, templates) {
    // Files some answers do not need: the Windows build, the staging upload, the release gate.
    const unused = new Set([
      ...(windows(a) ? [] : ['appveyor.yml']),
      ...(a.staging === 'none' ? ['ci/stage-upload.sh'] : []),
      ...(a.publish === 'twine' ? [] : ['ci/travis-deploy.sh']),
    ]);
    return templateFiles(templates, ['common', 'multibuild', 'travis-appveyor']).filter((f) => !unused.has(f.path));
  },
  view: (a) => {
    const travis = secrets(a).filter((s) => s.where === 'travis-secure');
    return {
      posix: matrix(a, 'posix'),
      windows: matrix(a, 'windows'),
      globalSecure: travis.filter((s) => !DEPLOY_ONLY.has(s.name)),
      deploySecure: travis.filter((s) => DEPLOY_ONLY.has(s.name)),
    };
  },
  secrets,
  variables: () => [],
  pinFiles: () => ['.travis.yml', 'appveyor.yml'],
  gitlinks: (_a, pins) => ({ multibuild: pins.multibuild.commit }),
  gitlinkPaths: ['multibuild'],
  outputs: ['*', 'ci/*'],
  remoteSteps(a, opts): RemoteStep[] {
    return [
      'repository', 'push', 'github-secrets', 'github-variables',
      ...(opts.appveyor ? (['appveyor-project'] as const) : []),
      'secure-values',
      ...(windows(a) ? (['appveyor-webhook'] as const) : []),
    ];
  },
  services: (a) => (windows(a) ? ['travis', 'appveyor'] : ['travis']),
};
