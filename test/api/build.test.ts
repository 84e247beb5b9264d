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

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
let double: ServiceDouble;
let repoDir = '';

interface Result { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...double.env(), ...extra, WHEELS_REPO_POLL_MS: '40', PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'cwr-build-home-')), GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid',
  };
}

/** The bin in a child process (asynchronous, so the double in this process answers it); `onOut` sees stdout as it comes. */
function run(bin: string, args: string[], cwd: string, onOut?: (text: string, kill: (s: NodeJS.Signals) => void) => void, extraEnv?: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
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
  assert.deepEqual(double.faults.splice(0).filter((f) => (f.times ?? 1) > 0), [], 'every injected fault was hit');
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
    // BUILD_COMMIT is main: the tag would build main, so v1.0 is pinned (and pushed) before the tag
    assert.match(r.stdout, /^Next: .*; the tag builds BUILD_COMMIT \(main\), so pin v1\.0 first \(wheels-repo bump v1\.0 --commit --push && git tag v1\.0 && git push origin v1\.0\)\.$/m);
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

/** Every request after the first `from` that is not a GET (anything that could start or change something). */
const writes = (from: number) => double.seen.slice(from).filter((x) => x.method !== 'GET').map((x) => `${x.method} ${x.path}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('wheels-repo build and download (review findings)', () => {
  it('build --dry-run prints the build id and the dispatch, starts nothing, writes nothing; download --dry-run takes that id ("+" in the ref)', async () => {
    const from = double.seen.length;
    const runs = double.actions.runs.length;
    const dir = workdir();
    const r = await run(WHEELS_REPO, ['build', 'v1.0+post', '--dry-run', '--dir', repoDir], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build demo-v1\.0-post-wheels: demo at v1\.0\+post, 2 platforms × 2 Pythons$/m);
    assert.match(r.stdout, /^ {2}POST \/repos\/explosion\/demo-wheels\/actions\/workflows\/build-wheels\.yml\/dispatches\n {4}ref: main\n {4}inputs: \{"build_commit":"v1\.0\+post","build_id":"demo-v1\.0-post-wheels"\}$/m);
    const id = /^Build (\S+):/m.exec(r.stdout)?.[1] ?? '';
    const seen = double.seen.length;
    const d = await run(WHEELS_REPO, ['download', id, '--dry-run', '--dir', repoDir], dir);
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.match(d.stdout, /^Would look up: the newest run of build-wheels\.yml titled demo-v1\.0-post-wheels /m);
    assert.match(d.stdout, new RegExp(`^Would write: .* into ${escape(join(dir, 'demo-v1.0-post-wheels'))}/ `, 'm'));
    assert.equal(double.seen.length, seen, 'download --dry-run asks nothing');
    assert.deepEqual(writes(from), [], 'only GETs');
    assert.equal(double.actions.runs.length, runs, 'no run was started');
    assert.deepEqual(readdirSync(dir), [], 'nothing was written');
  });

  it('a server fault while following the run: exit 1, and the hint names the download command (not a second build), which then fetches it', async () => {
    double.actions.onDispatch = (r) => attach(r, good);
    // four 502s: the request and its three retries
    double.faults.push({ method: 'GET', path: /^\/github\/repos\/explosion\/demo-wheels\/actions\/runs\/\d+$/, status: 502, times: 4 });
    const runs = double.actions.runs.length;
    const dir = workdir();
    const out = join(dir, 'wheels');
    const r = await run(WHEELS_REPO, ['build', 'v10.0', '--dir', repoDir, '--out', out], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^error: GET .*\/runs\/\d+ failed \(HTTP 502\)/m);
    const hint = /^hint: The build was started and may still be running \(run \d+\): do not build again; fetch it when it is done with `([^`]+)`\.$/m.exec(r.stderr);
    assert.equal(hint?.[1], `wheels-repo download demo-v10.0-wheels --dir ${repoDir} --out ${out}`, r.stderr);
    assert.doesNotMatch(r.stderr, /run the command again/);
    assert.equal(double.actions.runs.length, runs + 1, 'one build was started');
    const d = await run(WHEELS_REPO, (hint?.[1] ?? '').split(' ').slice(1), dir);
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.deepEqual(readdirSync(out).length, good.length + 1);
  });

  it('Ctrl-C while downloading a run whose title names no build: the command names the run id, with --dir, --owner, --out and --partial', async () => {
    const r0 = double.actions.addRun('explosion', 'demo-wheels', { steps: [QUEUED, ...Array<typeof IN_PROGRESS>(40).fill(IN_PROGRESS), done()], jobs: [{ name: 'build (linux, 3.12)', steps: [IN_PROGRESS, done()] }] });
    attach(r0, good);
    const dir = workdir();
    const out = join(dir, 'here');
    let sent = false;
    const r = await run(WHEELS_REPO, ['download', String(r0.id), '--dir', repoDir, '--owner', 'explosion', '--out', out, '--partial'], dir, (text, kill) => {
      if (!sent && /^Run \d+: /m.test(text)) {
        sent = true;
        setTimeout(() => kill('SIGINT'), 150);
      }
    });
    assert.equal(r.status, 130, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /-run-/, 'no made-up build id');
    assert.match(r.stdout, new RegExp(`Stopped waiting; the build goes on\\.\\n {2}run: +https://github\\.example/explosion/demo-wheels/actions/runs/${r0.id}\\n`));
    const command = /^ {2}(wheels-repo download .*)$/m.exec(r.stdout)?.[1];
    assert.equal(command, `wheels-repo download ${r0.id} --dir ${repoDir} --owner explosion --out ${out} --partial`);
    r0.polls = 100; // it ends
    const d = await run(WHEELS_REPO, (command ?? '').split(' ').slice(1), workdir());
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.ok(existsSync(join(out, 'SHA256SUMS')));
  });

  it('--partial on a failed run whose wheels are all there: <out>-partial/ with PARTIAL, never "verified" or "Next: tag" (build and download)', async () => {
    const script = double.actions.script;
    double.actions.script = () => ({ steps: [QUEUED, IN_PROGRESS, done('failure')], jobs: [{ name: 'build (linux, 3.12)', steps: [done()] }, { name: 'stage', steps: [IN_PROGRESS, done('failure')] }] });
    double.actions.onDispatch = (r) => attach(r, good);
    try {
      const dir = workdir();
      const r = await run(WHEELS_REPO, ['build', 'v11.0', '--partial', '--out', join(dir, 'out')], repoDir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {2}failure: stage /m);
      assert.deepEqual(readdirSync(dir), ['out-partial']);
      assert.match(readFileSync(join(dir, 'out-partial/PARTIAL'), 'utf8'), /the run failed/);
      assert.match(r.stdout, /out-partial\/: 5 files, [\d.]+ KiB, PARTIAL; checksums in SHA256SUMS\./);
      assert.doesNotMatch(r.stdout, /verified;|^Next:/m);
      const runId = /^Run: \S+\/runs\/(\d+)$/m.exec(r.stdout)?.[1] ?? '';
      const d = await run(WHEELS_REPO, ['download', runId, '--partial', '--dir', repoDir, '--out', join(dir, 'again')], dir);
      assert.equal(d.status, 1, d.stdout + d.stderr);
      assert.deepEqual(readdirSync(dir).sort(), ['again-partial', 'out-partial']);
      assert.doesNotMatch(d.stdout, /verified;|^Next:/m);
    } finally {
      double.actions.script = script;
    }
  });

  it('the Next line pins REF before the tag only when REF is not BUILD_COMMIT (build, and download of a dispatched run)', async () => {
    double.actions.onDispatch = (r) => attach(r, good);
    const r = await run(WHEELS_REPO, ['build', '--out', join(workdir(), 'x')], repoDir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build demo-main-wheels: demo at main,/m);
    assert.match(r.stdout, /^Next: tag v1\.0 in explosion\/demo-wheels to publish it through the release gate \(git tag v1\.0 && git push origin v1\.0\)\.$/m);
    const r0 = double.actions.addRun('explosion', 'demo-wheels', { event: 'workflow_dispatch', title: 'demo-v12.0-wheels (v12.0, workflow_dispatch on main)', steps: [done()] });
    attach(r0, good);
    const d = await run(WHEELS_REPO, ['download', 'demo-v12.0-wheels', '--dir', repoDir], workdir());
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.match(d.stdout, /^Next: .* pin v12\.0 first \(wheels-repo bump v12\.0 --commit --push && git tag v1\.0 && git push origin v1\.0\)\.$/m);
  });

  it('a server that does not return the run: a newer run titled <id>-2 is not taken for it', async () => {
    double.actions.runDetails = false;
    let dispatched: DoubleRun | undefined;
    double.actions.onDispatch = (r) => {
      dispatched = r;
      attach(r, good);
      r.hiddenFor = 1;
      double.actions.addRun('explosion', 'demo-wheels', { event: 'workflow_dispatch', title: `${r.inputs.build_id}-2 (v13.0, workflow_dispatch on main)`, createdAt: r.createdAt });
    };
    const r = await run(WHEELS_REPO, ['build', 'v13.0', '--out', join(workdir(), 'x')], repoDir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^Run: run ${dispatched?.id}$`, 'm'));
  });

  it('build --from, or --appveyor-account on GitHub Actions: a usage error saying whose option it is', async () => {
    const from = await run(WHEELS_REPO, ['build', 'v1', '--from', 'run'], repoDir);
    assert.equal(from.status, 2);
    assert.match(from.stderr, /--from is an option of `wheels-repo download`/);
    const account = await run(WHEELS_REPO, ['build', 'v1', '--appveyor-account', 'x'], repoDir);
    assert.equal(account.status, 2);
    assert.match(account.stderr, /--appveyor-account: this repository \(github-actions\) starts no AppVeyor build/);
  });
});

describe('wheels-repo build, Travis CI + AppVeyor', () => {
  let tcwd = '';
  let files: DistFile[] = [];
  const tdemo = () => join(tcwd, 'repo');
  before(async () => {
    tcwd = mkdtempSync(join(tmpdir(), 'cwr-build-travis-'));
    const made = await run(CREATE, ['--yes', '--github', '--ci', 'travis-appveyor', '--name', 'tdemo', '--repo-url', 'https://github.com/explosion/tdemo', '--platforms', 'linux-x86_64,windows-amd64', '--python', '3.12,3.13', 'repo'], tcwd);
    assert.equal(made.status, 0, made.stdout + made.stderr);
    files = makeDists(WHEELS.map((w) => ('wheel' in w ? { wheel: { ...w.wheel, name: 'tdemo' } } : { sdist: { name: 'tdemo', version: '1.0' } }))).files;
    // the jobs' ci/stage-upload.sh would put every file into the release named BUILD_ID
    double.ciBuilds.onTravisRequest = (req) => {
      const id = req.env.find((e) => e.startsWith('BUILD_ID='))?.split('=')[1]?.replace(/'/g, '');
      double.actions.addRelease('explosion', 'tdemo-wheels', id ?? '', files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes) })));
    };
  });
  after(() => {
    double.ciBuilds.onTravisRequest = () => {};
  });

  it('starts Travis and AppVeyor with BUILD_COMMIT and BUILD_ID, follows both, and collects the staging release of that name', async () => {
    const out = join(workdir(), 'x');
    const r = await run(WHEELS_REPO, ['build', 'v1.0', '--out', out], tdemo());
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build tdemo-v1\.0-wheels: tdemo at v1\.0 on Travis CI and AppVeyor/m);
    const travis = double.ciBuilds.travisRequests.at(-1);
    assert.deepEqual(travis?.env, ["BUILD_COMMIT='v1.0'", "BUILD_ID='tdemo-v1.0-wheels'"]);
    assert.deepEqual(double.ciBuilds.appveyorBuilds.at(-1)?.env, { BUILD_COMMIT: 'v1.0', BUILD_ID: 'tdemo-v1.0-wheels' });
    assert.deepEqual(readdirSync(out).sort(), [...files.map((f) => f.name), 'SHA256SUMS'].sort());
    assert.equal(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).status, 0);
    assert.match(r.stdout, new RegExp(`^Next: twine upload ${out}/\\*$`, 'm'));
  });

  it('--dry-run prints the AppVeyor build and the Travis request, starts neither, writes nothing', async () => {
    const from = double.seen.length;
    const [travis, appveyor] = [double.ciBuilds.travisRequests.length, double.ciBuilds.appveyorBuilds.length];
    const dir = workdir();
    const r = await run(WHEELS_REPO, ['build', 'v2.0+x', '--dry-run', '--dir', tdemo()], dir, undefined, { APPVEYOR_ACCOUNT: 'ci-team' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Build tdemo-v2\.0-x-wheels: /m);
    assert.match(r.stdout, /^ {2}POST \/account\/ci-team\/builds \(AppVeyor\)\n {4}project: ci-team\/tdemo-wheels, branch main\n {4}environmentVariables: \{"BUILD_COMMIT":"v2\.0\+x","BUILD_ID":"tdemo-v2\.0-x-wheels"\}\n {2}POST \/repo\/explosion%2Ftdemo-wheels\/requests \(Travis CI\)\n/m);
    assert.match(r.stdout, /^ {4}env\.global: BUILD_COMMIT='v2\.0\+x' BUILD_ID='tdemo-v2\.0-x-wheels'$/m);
    assert.deepEqual(writes(from), [], 'only GETs');
    assert.deepEqual([double.ciBuilds.travisRequests.length, double.ciBuilds.appveyorBuilds.length], [travis, appveyor], 'nothing was started');
    const d = await run(WHEELS_REPO, ['download', 'tdemo-v2.0-x-wheels', '--dry-run', '--dir', tdemo()], dir);
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.match(d.stdout, /^Would look up: the release tdemo-v2\.0-x-wheels of explosion\/tdemo-wheels /m);
    assert.deepEqual(readdirSync(dir), [], 'nothing was written');
  });

  it('the AppVeyor account: --appveyor-account, else APPVEYOR_ACCOUNT, else the owner (as `remote` takes it)', async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, string]> = [[['--appveyor-account', 'flag-acct'], { APPVEYOR_ACCOUNT: 'env-acct' }, 'flag-acct'], [[], { APPVEYOR_ACCOUNT: 'env-acct' }, 'env-acct'], [[], {}, 'explosion']];
    for (const [args, extra, account] of cases) {
      const r = await run(WHEELS_REPO, ['build', 'v3.0', '--no-wait', ...args], tdemo(), undefined, extra);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const b = double.ciBuilds.appveyorBuilds.at(-1);
      assert.deepEqual([b?.account, b?.pathAccount, b?.slug], [account, account, 'tdemo-wheels'], String(args));
      assert.match(r.stdout, new RegExp(`^AppVeyor: \\S+/project/${account}/tdemo-wheels/builds/${b?.buildId}$`, 'm'));
      assert.match(r.stdout, /Fetch the wheels when it is done with:\n {2}wheels-repo download tdemo-v3\.0-wheels(-\d)? --from release\n/);
    }
  });

  it('AppVeyor is started first: when the Travis request then fails, the error names the AppVeyor build that runs', async () => {
    const before = double.ciBuilds.appveyorBuilds.length;
    const noToken = await run(WHEELS_REPO, ['build', 'v4.0'], tdemo(), undefined, { TRAVIS_TOKEN: '' });
    assert.equal(noToken.status, 1, noToken.stdout + noToken.stderr);
    assert.match(noToken.stderr, /^error: TRAVIS_TOKEN is not set\.$/m);
    assert.equal(double.ciBuilds.appveyorBuilds.length, before, 'a missing token is found before AppVeyor starts');
    double.faults.push({ method: 'POST', path: /^\/travis\/repo\/[^/]+\/requests$/, status: 500 });
    const appveyor = double.ciBuilds.appveyorBuilds.length;
    const r = await run(WHEELS_REPO, ['build', 'v4.0'], tdemo());
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const b = double.ciBuilds.appveyorBuilds.at(-1);
    assert.equal(double.ciBuilds.appveyorBuilds.length, appveyor + 1);
    assert.equal(b?.env.BUILD_ID, 'tdemo-v4.0-wheels');
    assert.match(r.stderr, /^error: POST \/repo\/explosion%2Ftdemo-wheels\/requests .*failed \(HTTP 500\)/m);
    assert.match(r.stderr, new RegExp(`^hint: .*The AppVeyor build \\S+/project/explosion/tdemo-wheels/builds/${b?.buildId} was already started \\(build tdemo-v4\\.0-wheels\\)`, 'm'));
  });

  it('a server fault while following the builds: exit 1, the hint names `download --from release`; download of that id takes the release by default', async () => {
    // the request and its one retry
    double.faults.push({ method: 'GET', path: /^\/travis\/build\/\d+$/, status: 502, times: 2 });
    const travis = double.ciBuilds.travisRequests.length;
    const r = await run(WHEELS_REPO, ['build', 'v5.0'], tdemo());
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^hint: The build was started and may still be running: do not build again; fetch it when it is done with `wheels-repo download tdemo-v5\.0-wheels --from release`\.$/m);
    assert.equal(double.ciBuilds.travisRequests.length, travis + 1, 'one build was started');
    const dir = workdir();
    const d = await run(WHEELS_REPO, ['download', 'tdemo-v5.0-wheels', '--dir', tdemo()], dir);
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.equal(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(dir, 'tdemo-v5.0-wheels') }).status, 0);
    const fromRun = await run(WHEELS_REPO, ['download', 'tdemo-v5.0-wheels', '--from', 'run', '--dir', tdemo()], dir);
    assert.equal(fromRun.status, 2, fromRun.stdout + fromRun.stderr);
    assert.match(fromRun.stderr, /^error: --from run: this repository \(travis-appveyor\) has no build-wheels\.yml runs/m);
    assert.match(fromRun.stderr, /^hint: Leave --from out \(it is release here\): wheels-repo download tdemo-v5\.0-wheels$/m);
  });

  it('--staging other than github-release: refused before anything is started, naming --staging and the fix', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-build-staging-'));
    const made = await run(CREATE, ['--yes', '--ci', 'travis-appveyor', '--staging', 'anaconda', '--anaconda-org', 'sdemo-org', '--name', 'sdemo', '--repo-url', 'https://github.com/explosion/sdemo', 'repo'], cwd);
    assert.equal(made.status, 0, made.stdout + made.stderr);
    const from = double.seen.length;
    for (const args of [['build', 'v1.0'], ['build', 'v1.0', '--dry-run']]) {
      const r = await run(WHEELS_REPO, args, join(cwd, 'repo'));
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /^error: --staging anaconda: .*could never be collected\. Nothing was started\.$/m);
      assert.match(r.stderr, /^hint: .*`wheels-repo upgrade --set staging=github-release`/m);
    }
    assert.equal(double.seen.length, from, 'no request at all');
  });
});
