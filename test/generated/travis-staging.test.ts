// Issue #11: the generated ci/stage-upload.sh (--staging github-release) run in bash against a GitHub
// double on 127.0.0.1: uploading again succeeds, a changed file replaces its asset, a restarted or
// racing job succeeds, a tag build and a branch build of one commit never touch each other's files,
// and the generated ci/travis-deploy.sh then collects every file of the release (twine stubbed).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveAnswers } from '../../src/answers/schema.js';
import { generateFiles } from '../../src/repo/generation.js';
import { ReleaseDouble, sha256 } from './release-double.js';

const COMMIT = '3f2c1ab9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3';
const TAG = 'v2.0.10';
const BRANCH_RELEASE = `staging-${COMMIT}`;
const TAG_RELEASE = `staging-${COMMIT}-${TAG}`;
const LINUX = 'cymem-2.0.10-cp313-cp313-manylinux_2_28_x86_64.whl';
const MAC = 'cymem-2.0.10-cp313-cp313-macosx_10_13_x86_64.whl';
const SDIST = 'cymem-2.0.10.tar.gz';
const WIN = 'cymem-2.0.10-cp313-cp313-win_amd64.whl';

const root = mkdtempSync(join(tmpdir(), 'cwr-staging-'));
const double = new ReleaseDouble('explosion/cymem-wheels');
let travis: { env: { global: unknown[] }; jobs: { include: Array<{ stage?: string; env?: unknown[] }> } };

before(async () => {
  await double.start();
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ci: 'travis-appveyor', staging: 'github-release', publish: 'twine', platforms: 'linux-x86_64,macos-x86_64,windows-amd64', python: '3.13' });
  assert.ok(r.ok);
  for (const f of generateFiles(r.answers).files) {
    mkdirSync(join(root, 'repo', f.path, '..'), { recursive: true });
    writeFileSync(join(root, 'repo', f.path), f.content, { mode: f.mode });
  }
  travis = parse(readFileSync(join(root, 'repo/.travis.yml'), 'utf8'), { version: '1.1' }) as typeof travis;
  // `python` for the scripts: the real one, except that pip and twine only log what they were asked.
  // (the interpreter itself: a version manager's shim costs half a second per call)
  const python3 = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin/python'), `#!/bin/sh\nif [ "$1" = -m ] && { [ "$2" = pip ] || [ "$2" = twine ]; }; then echo "$*" >> "$STUB_LOG"; exit 0; fi\nexec ${python3} "$@"\n`);
  chmodSync(join(root, 'bin/python'), 0o755);
});
after(() => double.stop());
beforeEach(() => double.reset());

let runs = 0;
/** Runs a generated script in bash, in a fresh directory, as a CI job would. Asynchronous: the double answers from this event loop. */
function run(script: string, env: Record<string, string>, files: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string; cwd: string }> {
  const cwd = join(root, `job-${++runs}`);
  mkdirSync(join(cwd, 'wheelhouse'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(cwd, 'wheelhouse', name), content);
  const full = { PATH: `${join(root, 'bin')}:${process.env.PATH}`, HOME: cwd, STUB_LOG: join(cwd, 'stub.log'), GITHUB_TOKEN: double.token, GITHUB_API_URL: `${double.base}/github`, ...env };
  return new Promise((done) => {
    execFile('bash', [join(root, 'repo', script), ...(script.endsWith('stage-upload.sh') ? ['wheelhouse'] : [])], { cwd, env: full, encoding: 'utf8' },
      (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr, cwd }));
  });
}

const branchJob = { TRAVIS_COMMIT: COMMIT, TRAVIS_PULL_REQUEST: 'false', TRAVIS_TAG: '' };
const tagJob = { ...branchJob, TRAVIS_TAG: TAG };
const appveyorJob = { APPVEYOR_REPO_COMMIT: COMMIT };

async function stage(env: Record<string, string>, files: Record<string, string>): Promise<void> {
  const r = await run('ci/stage-upload.sh', env, files);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
}

/** Expected holdings from file contents. */
const hashed = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([n, c]) => [n, sha256(c)]).sort());

describe('ci/stage-upload.sh (github-release), run against a GitHub double', () => {
  it('the same files twice: both runs succeed, one asset per file, the second changes nothing', async () => {
    const files = { [LINUX]: 'linux wheel', [SDIST]: 'sdist' };
    await stage(branchJob, files);
    const first = double.mutations();
    assert.deepEqual(first.filter((m) => m.startsWith('POST /uploads')).length, 2);
    const second = await run('ci/stage-upload.sh', branchJob, files);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`${LINUX}: already in ${BRANCH_RELEASE} with the same sha256; kept`));
    assert.deepEqual(double.mutations(), first, 'nothing uploaded or deleted the second time');
    assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed(files) });
    assert.deepEqual(double.releases.map((r) => [r.target, r.prerelease]), [[COMMIT, true]]);
    assert.deepEqual(double.invalid, []);
  });

  it('a build `wheels-repo build` started (BUILD_ID on Travis and AppVeyor) stages into the release of that name', async () => {
    const files = { [LINUX]: 'linux wheel', [SDIST]: 'sdist' };
    await stage({ ...branchJob, BUILD_ID: 'cymem-v1-wheels-2' }, files);
    await stage({ ...appveyorJob, BUILD_ID: 'cymem-v1-wheels-2' }, { 'cymem-1-cp312-cp312-win_amd64.whl': 'windows wheel' });
    assert.deepEqual(double.holdings(), { 'cymem-v1-wheels-2': hashed({ ...files, 'cymem-1-cp312-cp312-win_amd64.whl': 'windows wheel' }) });
    assert.deepEqual(double.invalid, []);
  });

  it('one file changed: its asset is deleted and uploaded again, the other kept', async () => {
    await stage(branchJob, { [LINUX]: 'linux wheel', [SDIST]: 'sdist' });
    const sdistId = double.releases[0]?.assets.find((a) => a.name === SDIST)?.id;
    const linuxId = double.releases[0]?.assets.find((a) => a.name === LINUX)?.id;
    const before = double.mutations().length;
    await stage(branchJob, { [LINUX]: 'linux wheel, rebuilt', [SDIST]: 'sdist' });
    assert.deepEqual(double.mutations().slice(before), [`DELETE /github/repos/explosion/cymem-wheels/releases/assets/${linuxId}`, `POST /uploads/repos/explosion/cymem-wheels/releases/${double.releases[0]?.id}/assets`]);
    assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed({ [LINUX]: 'linux wheel, rebuilt', [SDIST]: 'sdist' }) });
    assert.equal(double.releases[0]?.assets.find((a) => a.name === SDIST)?.id, sdistId);
    assert.deepEqual(double.invalid, []);
  });

  it('a restarted job: the killed attempt left a truncated asset, the rebuilt files replace it', async () => {
    await stage(branchJob, { [MAC]: 'mac wheel' });
    double.releases[0]?.assets.splice(0, 1);
    double.addAsset(double.releases[0] as never, MAC, Buffer.from('mac wh'));
    await stage(branchJob, { [MAC]: 'mac wheel, rebuilt' });
    assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed({ [MAC]: 'mac wheel, rebuilt' }) });
  });

  it('an older GitHub without asset digests: an identical file is recognised by its bytes', async () => {
    double.digests = false;
    const files = { [WIN]: 'windows wheel' };
    await stage(appveyorJob, files);
    const first = double.mutations();
    await stage(appveyorJob, files);
    assert.deepEqual(double.mutations(), first);
    await stage(appveyorJob, { [WIN]: 'windows wheel, rebuilt' });
    assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed({ [WIN]: 'windows wheel, rebuilt' }) });
    assert.deepEqual(double.invalid, []);
  });

  it('racing jobs: another job creates the release first, and uploads the same name meanwhile', async () => {
    await stage(appveyorJob, { [WIN]: 'windows wheel' });
    double.hideRelease = 1; // our look finds nothing, our create answers 422
    double.beforeUpload.set(LINUX, () => double.addAsset(double.releases[0] as never, LINUX, Buffer.from('the other job\'s wheel')));
    await stage(branchJob, { [LINUX]: 'linux wheel' });
    assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed({ [LINUX]: 'linux wheel', [WIN]: 'windows wheel' }) });
    assert.equal(double.releases.length, 1);
    const creates = double.mutations().filter((m) => m === 'POST /github/repos/explosion/cymem-wheels/releases');
    assert.equal(creates.length, 2, 'the second create met 422 and the script read the release again');
    assert.equal(double.mutations().filter((m) => m.startsWith('DELETE')).length, 1, 'the other job\'s asset was replaced after the 422');
    assert.deepEqual(double.invalid, []);
  });

  it('a pull request uploads nothing', async () => {
    const r = await run('ci/stage-upload.sh', { ...branchJob, TRAVIS_PULL_REQUEST: '12' }, { [LINUX]: 'x' });
    assert.equal(r.status, 0);
    assert.deepEqual(double.seen, []);
  });
});

describe('a tag build and a branch build of one commit, then the deploy stage', () => {
  const tagBuild = { [LINUX]: 'linux wheel, tag build', [MAC]: 'mac wheel, tag build', [SDIST]: 'sdist, tag build' };
  const branchBuild = { [LINUX]: 'linux wheel, branch build', [MAC]: 'mac wheel, branch build', [SDIST]: 'sdist, branch build' };
  const windows = { [WIN]: 'windows wheel' };
  /** One Travis job per file, as the generated .travis.yml has them. */
  const travisBuild = async (env: Record<string, string>, files: Record<string, string>) => {
    for (const [name, content] of Object.entries(files)) await stage(env, { [name]: content });
  };
  const global = () => new Map((travis.env.global.filter((e) => typeof e === 'string') as string[]).map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1).replace(/^"|"$/g, '')]));
  const deployEnv = () => {
    const expected = (travis.jobs.include.find((j) => j.stage === 'deploy')?.env ?? []).find((e): e is string => typeof e === 'string' && e.startsWith('EXPECTED_FILES=')) ?? '';
    return { ...tagJob, EXPECTED_FILES: expected.split('=')[1] ?? '', TWINE_PASSWORD: 'pypi-token', APPVEYOR_TOKEN: 'appveyor-key', APPVEYOR_API_URL: `${double.base}/appveyor`,
      APPVEYOR_ACCOUNT: global().get('APPVEYOR_ACCOUNT') ?? '', APPVEYOR_SLUG: global().get('APPVEYOR_SLUG') ?? '' };
  };

  for (const order of ['tag first', 'branch first'] as const) {
    it(`${order}: two releases, each with its own build's files; the deploy collects the tag's and AppVeyor's`, async () => {
      if (order === 'tag first') await travisBuild(tagJob, tagBuild);
      await travisBuild(branchJob, branchBuild);
      await stage(appveyorJob, windows);
      if (order === 'branch first') await travisBuild(tagJob, tagBuild);
      assert.deepEqual(double.holdings(), { [BRANCH_RELEASE]: hashed({ ...branchBuild, ...windows }), [TAG_RELEASE]: hashed(tagBuild) });
      assert.ok(!double.mutations().some((m) => m.startsWith('DELETE')), 'no build replaced a file of the other');

      double.appveyor.set(COMMIT, 'success');
      const env = deployEnv();
      assert.equal(env.EXPECTED_FILES, '4');
      const r = await run('ci/travis-deploy.sh', env);
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /Collected 4 of 4 files/);
      const dist = readdirSync(join(r.cwd, 'dist')).sort();
      assert.deepEqual(Object.fromEntries(dist.map((n) => [n, sha256(readFileSync(join(r.cwd, 'dist', n)))])), hashed({ ...tagBuild, ...windows }));
      const log = readFileSync(join(r.cwd, 'stub.log'), 'utf8');
      assert.match(log, new RegExp(`^-m twine upload --non-interactive ${dist.map((n) => `dist/${n}`).join(' ').replace(/\./g, '\\.')}$`, 'm'));
      assert.deepEqual(double.invalid, []);
    });
  }

  it('the gate: without the Windows wheel of the branch build nothing is published', async () => {
    await travisBuild(tagJob, tagBuild);
    double.appveyor.set(COMMIT, 'success');
    const r = await run('ci/travis-deploy.sh', deployEnv());
    assert.notEqual(r.status, 0, r.stdout);
    assert.doesNotMatch((() => { try { return readFileSync(join(r.cwd, 'stub.log'), 'utf8'); } catch { return ''; } })(), /twine upload/);
  });
});
