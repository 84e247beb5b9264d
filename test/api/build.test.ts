// wheels-repo build and download (issue #12) end to end: the built bin against the local GitHub double
// (Actions runs, artifacts, releases; every request body checked against GitHub's OpenAPI description),
// with real wheels and an sdist written by Python's zipfile/tarfile. Independent tools agree with what
// lands on disk: `sha256sum -c SHA256SUMS` and Debian's `twine check`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import type { DistFile } from '../../src/core/verify-dists.js';
import { done, IN_PROGRESS, QUEUED, type DoubleRun } from '../support/actions-double.js';
import { ROOT } from '../support/checks.js';
import { makeDists, type DistSpec } from '../support/make-dists.js';
import { ServiceDouble } from '../support/service-double.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.js');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.js');
let double: ServiceDouble;
let repoDir = '';

interface Result { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function env(): NodeJS.ProcessEnv {
  return {
    ...double.env(), WHEELS_REPO_POLL_MS: '40', PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'cwr-build-home-')), GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid',
  };
}

/** The bin in a child process (asynchronous, so the double in this process answers it); `onOut` sees stdout as it comes. */
function run(bin: string, args: string[], cwd: string, onOut?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onOut?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

// The project's files as its four jobs and the sdist job would upload them: one artifact each.
const WHEELS: DistSpec[] = [
  ...['cp312', 'cp313'].flatMap((py) => [`${py}-${py}-manylinux_2_28_x86_64`, `${py}-${py}-win_amd64`].map((tags) => ({ wheel: { name: 'demo', version: '1.0', tags } }))),
  { sdist: { name: 'demo', version: '1.0' } },
];
let good: DistFile[] = [];
const artifactOf = (f: DistFile) => Buffer.from(zipSync({ [f.name]: f.bytes }));

function attach(run: DoubleRun, files: DistFile[], digest?: (bytes: Buffer) => string | null): void {
  for (const f of files) {
    const zip = artifactOf(f);
    double.actions.addArtifact(run, `wheels-${f.name.replace(/\.(whl|tar\.gz)$/, '')}`, zip, digest ? digest(zip) : undefined);
  }
}

before(async () => {
  double = await new ServiceDouble().start();
  good = makeDists(WHEELS).files;
  // The whole loop: the repository is created and pushed by create-wheels-repo --github, then built.
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-build-'));
  const made = await run(CREATE, ['--yes', '--github', '--name', 'demo', '--repo-url', 'https://github.com/explosion/demo', '--platforms', 'linux-x86_64,windows-amd64', '--python', '3.12,3.13', 'repo'], cwd);
  assert.equal(made.status, 0, made.stdout + made.stderr);
  assert.ok(double.repos.has('explosion/demo-wheels'), 'create-wheels-repo --github created the repository');
  repoDir = join(cwd, 'repo');
});
after(() => double.stop());
afterEach(() => {
  assert.deepEqual(double.invalid.splice(0), [], 'request bodies GitHub would refuse');
  double.actions.onDispatch = () => {};
  double.actions.runDetails = true;
});

/** A fresh working directory for the downloads of one test. */
const workdir = () => mkdtempSync(join(tmpdir(), 'cwr-build-out-'));

describe('wheels-repo build', () => {
  it('builds, follows every job, downloads and verifies the wheels; sha256sum and twine agree', async () => {
    double.actions.onDispatch = (r) => attach(r, good);
    const out = join(workdir(), 'demo-v1.0-wheels');
    const r = await run(WHEELS_REPO, ['build', 'v1.0', '--dir', repoDir, '--out', out], repoDir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build demo-v1\.0-wheels: demo at v1\.0, 2 platforms × 2 Pythons$/m);
    assert.match(r.stdout, /^success +build \(linux, 3\.12\) +https:\/\/github\.example\/explosion\/demo-wheels\/actions\/runs\/\d+\/job\/\d+$/m);
    assert.deepEqual(readdirSync(out).sort(), [...good.map((f) => f.name), 'SHA256SUMS'].sort());
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    assert.equal(sums.status, 0, sums.stdout + sums.stderr);
    const twine = spawnSync('twine', ['check', '--strict', ...good.map((f) => f.name)], { cwd: out, encoding: 'utf8' });
    assert.equal(twine.status, 0, twine.stdout + twine.stderr);
    assert.match(r.stdout, /5 files, [\d.]+ KiB, verified; checksums in SHA256SUMS\./);
    assert.match(r.stdout, /^Next: tag v1\.0 in explosion\/demo-wheels to publish it through the release gate/m);
    const dispatched = double.actions.runs.at(-1);
    assert.deepEqual(dispatched?.inputs, { build_commit: 'v1.0', build_id: 'demo-v1.0-wheels' });
  });

  it('a second build of the same ref gets -2; a server that does not return the run finds it by its title', async () => {
    double.actions.onDispatch = (r) => attach(r, good);
    double.actions.runDetails = false;
    const r = await run(WHEELS_REPO, ['build', 'v1.0', '--out', join(workdir(), 'x')], repoDir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build demo-v1\.0-wheels-2: /m);
    assert.equal(double.actions.runs.at(-1)?.inputs.build_id, 'demo-v1.0-wheels-2');
  });

  it('a failed job: its log URL printed, exit 1, nothing downloaded; --partial keeps what there is', async () => {
    const script = double.actions.script;
    double.actions.script = () => ({ steps: [QUEUED, IN_PROGRESS, done('failure')], jobs: [{ name: 'build (macos, 3.13)', steps: [IN_PROGRESS, done('failure')] }, { name: 'build (linux, 3.12)', steps: [done()] }] });
    double.actions.onDispatch = (r) => attach(r, good.slice(0, 1));
    try {
      const dir = workdir();
      const r = await run(WHEELS_REPO, ['build', 'v2.0', '--out', join(dir, 'out')], repoDir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {2}failure: build \(macos, 3\.13\) +https:\/\/github\.example\/explosion\/demo-wheels\/actions\/runs\/\d+\/job\/\d+$/m);
      assert.match(r.stdout, /Nothing was downloaded \(--partial keeps what the build produced\)/);
      assert.deepEqual(readdirSync(dir), []);

      const p = await run(WHEELS_REPO, ['build', 'v2.0', '--partial', '--out', join(dir, 'out')], repoDir);
      assert.equal(p.status, 1);
      assert.deepEqual(readdirSync(dir), ['out-partial']);
      assert.match(readFileSync(join(dir, 'out-partial/PARTIAL'), 'utf8'), /no wheel for cp313/);
    } finally {
      double.actions.script = script;
    }
  });

  for (const [what, files, digest, message] of [
    ['a digest mismatch', () => good, () => `sha256:${'0'.repeat(64)}`, /digest|sha256/],
    ['a truncated zip', () => [{ name: good[0]!.name, bytes: good[0]!.bytes.slice(0, 200) }, ...good.slice(1)], undefined, /not a valid zip archive/],
    ['a METADATA version that differs from the file name', () => [...good.slice(1), ...makeDists([{ wheel: { name: 'demo', version: '1.0', tags: 'cp312-cp312-manylinux_2_28_x86_64', metadataVersion: '1.1' } }]).files], undefined, /METADATA/],
    ['a RECORD hash mismatch', () => [...good.slice(1), ...makeDists([{ wheel: { name: 'demo', version: '1.0', tags: 'cp312-cp312-manylinux_2_28_x86_64', badHash: 'demo/__init__.py' } }]).files], undefined, /RECORD/],
    ['a missing platform × Python', () => good.slice(1), undefined, /^  no wheel for cp312 manylinux x86_64$/m],
  ] as const) {
    it(`${what}: a clear message, exit 1, no wheels directory`, async () => {
      double.actions.onDispatch = (r) => attach(r, files() as DistFile[], digest);
      const dir = workdir();
      const r = await run(WHEELS_REPO, ['build', 'v3.0', '--out', join(dir, 'out')], repoDir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, message);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('Ctrl-C while waiting exits 130 with the download command, which then completes the download', async () => {
    const script = double.actions.script;
    double.actions.script = () => ({ steps: [QUEUED, ...Array<typeof IN_PROGRESS>(40).fill(IN_PROGRESS), done()], jobs: [{ name: 'build (linux, 3.12)', steps: [IN_PROGRESS, IN_PROGRESS, done()] }] });
    double.actions.onDispatch = (r) => attach(r, good);
    try {
      let sent = false;
      const r = await run(WHEELS_REPO, ['build', 'v4.0'], repoDir, (out, kill) => {
        if (!sent && /^Run: /m.test(out)) {
          sent = true;
          setTimeout(() => kill('SIGINT'), 150);
        }
      });
      assert.equal(r.status, 130, r.stdout + r.stderr);
      assert.match(r.stdout, /Stopped waiting; the build goes on\.\n {2}build: demo-v4\.0-wheels\n/);
      const command = /^ {2}wheels-repo download (\S+)$/m.exec(r.stdout);
      assert.equal(command?.[1], 'demo-v4.0-wheels');
      const dir = workdir();
      const d = await run(WHEELS_REPO, ['download', 'demo-v4.0-wheels', '--dir', repoDir], dir);
      assert.equal(d.status, 0, d.stdout + d.stderr);
      assert.deepEqual(readdirSync(join(dir, 'demo-v4.0-wheels')).length, good.length + 1);
    } finally {
      double.actions.script = script;
    }
  });

  it('--no-wait starts the build and says how to come back; a usage error exits 2', async () => {
    const r = await run(WHEELS_REPO, ['build', 'v5.0', '--no-wait'], repoDir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Not waiting \(--no-wait\)\. Fetch the wheels when it is done with:\n {2}wheels-repo download demo-v5\.0-wheels\n/);
    const bad = await run(WHEELS_REPO, ['build', '--frobnicate'], repoDir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--frobnicate/);
    const badRef = await run(WHEELS_REPO, ['build', 'a..b'], repoDir);
    assert.equal(badRef.status, 2);
  });
});

describe('wheels-repo download', () => {
  it('by run URL and by run id, of a run that already succeeded', async () => {
    const r0 = double.actions.addRun('explosion', 'demo-wheels', { title: 'demo-v6.0-wheels (v6.0, workflow_dispatch on main)', steps: [done()] });
    attach(r0, good);
    const dir = workdir();
    const byUrl = await run(WHEELS_REPO, ['download', `https://github.example/explosion/demo-wheels/actions/runs/${r0.id}`, '--dir', repoDir], dir);
    assert.equal(byUrl.status, 0, byUrl.stdout + byUrl.stderr);
    assert.ok(existsSync(join(dir, 'demo-v6.0-wheels/SHA256SUMS')));
    const again = await run(WHEELS_REPO, ['download', String(r0.id), '--dir', repoDir], dir);
    assert.equal(again.status, 0, 'the same files again complete the same directory');
  });

  it('--from release takes the staging release named by the build id', async () => {
    double.actions.addRelease('explosion', 'demo-wheels', 'demo-v7.0-wheels', good.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes) })));
    const dir = workdir();
    const r = await run(WHEELS_REPO, ['download', 'demo-v7.0-wheels', '--from', 'release', '--dir', repoDir], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(dir, 'demo-v7.0-wheels') }).status, 0);
    const missing = await run(WHEELS_REPO, ['download', 'demo-v9.9-wheels', '--from', 'release', '--dir', repoDir], dir);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /has no release demo-v9\.9-wheels/);
  });
});

describe('wheels-repo build, Travis CI + AppVeyor', () => {
  it('starts Travis and AppVeyor with BUILD_COMMIT and BUILD_ID, follows both, and collects the staging release of that name', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-build-travis-'));
    const made = await run(CREATE, ['--yes', '--github', '--ci', 'travis-appveyor', '--name', 'tdemo', '--repo-url', 'https://github.com/explosion/tdemo', '--platforms', 'linux-x86_64,windows-amd64', '--python', '3.12,3.13', 'repo'], cwd);
    assert.equal(made.status, 0, made.stdout + made.stderr);
    const files = makeDists(WHEELS.map((w) => ('wheel' in w ? { wheel: { ...w.wheel, name: 'tdemo' } } : { sdist: { name: 'tdemo', version: '1.0' } }))).files;
    // the jobs' ci/stage-upload.sh would put every file into the release named BUILD_ID
    double.ciBuilds.onTravisRequest = (req) => {
      const id = req.env.find((e) => e.startsWith('BUILD_ID='))?.split('=')[1]?.replace(/'/g, '');
      double.actions.addRelease('explosion', 'tdemo-wheels', id ?? '', files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes) })));
    };
    try {
      const out = join(workdir(), 'x');
      const r = await run(WHEELS_REPO, ['build', 'v1.0', '--out', out], join(cwd, 'repo'));
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^Build tdemo-v1\.0-wheels: tdemo at v1\.0 on Travis CI and AppVeyor/m);
      const travis = double.ciBuilds.travisRequests.at(-1);
      assert.deepEqual(travis?.env, ["BUILD_COMMIT='v1.0'", "BUILD_ID='tdemo-v1.0-wheels'"]);
      assert.deepEqual(double.ciBuilds.appveyorBuilds.at(-1)?.env, { BUILD_COMMIT: 'v1.0', BUILD_ID: 'tdemo-v1.0-wheels' });
      assert.deepEqual(readdirSync(out).sort(), [...files.map((f) => f.name), 'SHA256SUMS'].sort());
      assert.equal(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).status, 0);
      assert.match(r.stdout, new RegExp(`^Next: twine upload ${out}/\\*$`, 'm'));
    } finally {
      double.ciBuilds.onTravisRequest = () => {};
    }
  });
});
