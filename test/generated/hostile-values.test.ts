// Hostile values: each is either refused with an error naming its flag, or carried verbatim to the
// shell layer that uses it and executed there, never earlier, in every layout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { parse } from 'yaml';
import { generateFiles } from '../../src/repo/generation.js';
import { shellHookProblems } from '../../src/io/shell-hooks.js';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { RawAnswers } from '../../src/core/validate.js';

const HOSTILE = [
  `it's "quoted"`,
  '$(touch CANARY)',
  '`touch CANARY`',
  '${{ secrets.PYPI_TOKEN }}',
  '${{ github.token }}',
  'x # not a comment',
  'key: value',
  '- leading dash',
  '; touch CANARY',
  '&& touch CANARY || touch CANARY',
  'a | b > c < d * ? [x]',
  'back\\slash \\n \\\\',
  'π ünïcödé 🎡 \u200f rtl',
  '!! ~ % ^ { } @',
  `'; touch CANARY; echo '`,
  `"; touch CANARY; echo "`,
  'x'.repeat(3000),
];

const LAYOUTS: RawAnswers[] = [
  { ci: 'github-actions', engine: 'multibuild' },
  { ci: 'github-actions', engine: 'cibuildwheel' },
  { ci: 'travis-appveyor', engine: 'multibuild', staging: 's3', s3Bucket: 'bucket-x' },
];

const base = { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem' };

function inDir<T>(files: Record<string, string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-hostile-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The test's own quoting, independent of the product's. */
function sq(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}

function bash(dir: string, script: string) {
  return spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
}

describe('free text reaches its shell verbatim, in every layout', () => {
  for (const layout of LAYOUTS) {
    for (const [i, value] of HOSTILE.entries()) {
      it(`${layout.ci}/${layout.engine} #${i} ${JSON.stringify(value.slice(0, 40))}`, () => {
        const r = resolveAnswers({ ...base, ...layout, buildDepends: value, testDepends: value, testCommand: `printf '%s\\n' ${sq(value)} > out.txt` });
        assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
        const a = r.answers;
        const files = new Map(generateFiles(a).files.map((f) => [f.path, f.content]));
        const config = files.get('config.sh') as string;

        // YAML files still parse, and free text never reaches a workflow, where GitHub evaluates
        // ${{ }}: the workflow is the same byte for byte as with harmless values.
        const neutral = resolveAnswers({ ...base, ...layout, buildDepends: 'x', testDepends: 'x', testCommand: 'true' });
        assert.ok(neutral.ok);
        const neutralFiles = new Map(generateFiles(neutral.answers).files.map((f) => [f.path, f.content]));
        for (const [path, text] of files) {
          if (!/\.ya?ml$/.test(path)) continue;
          assert.doesNotThrow(() => parse(text, { version: '1.1' }), path);
          if (path.startsWith('.github/')) assert.equal(text, neutralFiles.get(path), `${path} depends on the free text`);
        }

        inDir({ 'config.sh': config }, (dir) => {
          // Sourcing runs nothing the user wrote, and the function bodies parse.
          const sourced = bash(dir, 'source config.sh && printf "%s\\0%s" "${BUILD_DEPENDS-}" "${TEST_DEPENDS-}"');
          assert.equal(sourced.status, 0, sourced.stderr);
          assert.ok(!existsSync(join(dir, 'CANARY')), 'sourcing config.sh executed user text');
          if (a.ci === 'github-actions') assert.deepEqual(sourced.stdout.split('\0'), [value, value]);
          // run_tests runs the command once, at its own layer: the same as bash -c on the command.
          const ran = bash(dir, 'source config.sh && run_tests && cat out.txt');
          const direct = bash(dir, `${a.testCommand} && cat out.txt`);
          assert.equal(ran.stdout, direct.stdout);
          assert.equal(ran.stdout, `${value}\n`);
        });

        if (a.ci === 'travis-appveyor') {
          // Travis exports env.global entries verbatim: bash must see the value itself.
          const travis = parse(files.get('.travis.yml') as string, { version: '1.1' }) as { env: { global: unknown[] } };
          const exports = travis.env.global.filter((e): e is string => typeof e === 'string' && /^(BUILD|TEST)_DEPENDS=/.test(e));
          inDir({}, (dir) => {
            const r2 = bash(dir, `${exports.map((e) => `export ${e}`).join('\n')}\nprintf '%s\\0%s' "$BUILD_DEPENDS" "$TEST_DEPENDS"`);
            assert.deepEqual(r2.stdout.split('\0'), [value, value]);
            assert.ok(!existsSync(join(dir, 'CANARY')));
          });
          const av = parse(files.get('appveyor.yml') as string, { version: '1.1' }) as { environment: { global: Record<string, unknown> } };
          assert.equal(av.environment.global.BUILD_DEPENDS, value);
        }
        if (a.engine === 'cibuildwheel') {
          // cibuildwheel's test step installs TEST_DEPENDS of config.sh through ci/hooks.sh (issue #11: one
          // source for every engine), word by word and unglobbed, as test-requires did before.
          const toml = parseToml(files.get('cibuildwheel.toml') as string) as { tool: { cibuildwheel: Record<string, unknown> } };
          assert.equal(toml.tool.cibuildwheel['test-command'], 'bash {project}/ci/hooks.sh run_tests');
          inDir({ 'config.sh': config, 'hooks.sh': files.get('ci/hooks.sh') as string, 'python': '#!/bin/sh\nprintf "%s\\0" "$@" >> "$(dirname "$0")/argv"\n' }, (dir) => {
            mkdirSync(join(dir, 'ci'));
            renameSync(join(dir, 'hooks.sh'), join(dir, 'ci/hooks.sh'));
            chmodSync(join(dir, 'python'), 0o755);
            const r3 = spawnSync('bash', ['ci/hooks.sh', 'run_tests'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
            assert.equal(r3.status, 0, r3.stderr);
            assert.deepEqual(readFileSync(join(dir, 'argv'), 'utf8').split('\0').filter(Boolean), ['-m', 'pip', 'install', ...value.split(/\s+/).filter(Boolean)]);
            assert.ok(!existsSync(join(dir, 'CANARY')));
          });
        }
      });
    }
  }

  it('multi-line pre-build commands and heredocs stay verbatim (not re-indented)', () => {
    const preBuild = "cat > lib.cfg <<'EOF'\n  indented: $(not run)\nEOF\necho \"$(cat lib.cfg)\" > pre.txt";
    const r = resolveAnswers({ ...base, preBuild });
    assert.ok(r.ok);
    const config = generateFiles(r.answers).files.find((f) => f.path === 'config.sh')?.content as string;
    assert.ok(config.includes(`function pre_build {\n${preBuild}\n}`));
    inDir({ 'config.sh': config }, (dir) => {
      const out = bash(dir, 'source config.sh && pre_build && cat pre.txt');
      assert.equal(out.stdout, '  indented: $(not run)\n');
    });
  });
});

describe('values that cannot be carried safely are refused, naming the flag', () => {
  const strict: Array<[string, string]> = [
    ['name', 'bad name'], ['name', '$(id)'], ['importName', 'a-b'], ['importName', 'class'], ['repoUrl', 'https://github.com/a/b;id'],
    ['repoUrl', 'https://github.com/a/${{ x }}'], ['owner', '-x'], ['owner', 'a b'], ['buildCommit', '${{ github.ref }}'],
    ['buildCommit', '$(id)'], ['buildCommit', 'a b'], ['buildCommit', "it's"], ['nightly', '0 3 * * 1 # x'], ['nightly', '${{ x }}'],
  ];
  for (const [key, value] of strict) {
    it(`${key} = ${JSON.stringify(value)}`, () => {
      const r = resolveAnswers({ ...base, [key]: value });
      assert.ok(!r.ok);
      assert.ok(r.problems.some((p) => p.message.includes(JSON.stringify(value)) || p.message.length > 20), JSON.stringify(r.problems));
    });
  }
  it('anaconda-org and s3-bucket', () => {
    const a = resolveAnswers({ ...base, staging: 'anaconda', anacondaOrg: 'org; rm -rf /' });
    assert.ok(!a.ok && a.problems[0]?.flag === 'anaconda-org');
    const s = resolveAnswers({ ...base, ci: 'travis-appveyor', staging: 's3', s3Bucket: '$(id)' });
    assert.ok(!s.ok && s.problems[0]?.flag === 's3-bucket');
  });
  for (const [flag, value] of [['testDepends', 'a\u0000b'], ['buildDepends', 'a\rb'], ['testCommand', 'a\u001b[31mb'], ['testDepends', 'a\nb']] as const) {
    it(`control characters in ${flag}`, () => {
      const r = resolveAnswers({ ...base, [flag]: value });
      assert.ok(!r.ok);
    });
  }
  for (const [key, value] of [['testCommand', '# only a comment'], ['testCommand', 'pytest \\'], ['testCommand', 'echo "unclosed'], ['preBuild', "cat <<EOF\nno end"], ['testCommand', 'if true; then']] as const) {
    it(`${key} that bash cannot parse: ${JSON.stringify(value)}`, () => {
      const problems = shellHookProblems({ [key]: value });
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.flag, key === 'testCommand' ? 'test-command' : 'pre-build');
      assert.match(problems[0]?.message ?? '', /is not a valid bash command list/);
    });
  }
  it('the generated file never reads a value from a place GitHub evaluates', () => {
    const r = resolveAnswers({ ...base, testCommand: 'echo ${{ secrets.X }}' });
    assert.ok(r.ok);
    const wf = generateFiles(r.answers).files.find((f) => f.path.endsWith('.yml'))?.content as string;
    assert.ok(!wf.includes('secrets.X'));
  });
});
