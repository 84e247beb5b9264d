// bump on a repository this tool generated: the diff holds only pin lines and the stored answer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const create = join(root, 'dist/src/bin/create-wheels-repo.cjs');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const env = {
  ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: mkdtempSync(join(tmpdir(), 'cwr-home-')),
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid',
};

function run(cmd: string, args: string[], cwd: string) {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
}

function generated(extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-bump-gen-'));
  const r = run(process.execPath, [create, '--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo', ...extra], dir);
  assert.equal(r.status, 0, r.stderr);
  return join(dir, 'repo');
}

/** Changed lines of `git diff -U0`, without the headers. */
function changedLines(dir: string): string[] {
  return run('git', ['diff', '-U0'], dir).stdout.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}

describe('bump in a generated repository', () => {
  it('changes only the pin lines and the .yo-rc.json answer', () => {
    const dir = generated(['--build-commit', 'v1.0.0']);
    const r = run(process.execPath, [wheelsRepo, 'bump', '1.10'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(changedLines(dir), [
      '-  BUILD_COMMIT: "v1.0.0"',
      '+  BUILD_COMMIT: "1.10"',
      '-      "buildCommit": "v1.0.0",',
      '+      "buildCommit": "1.10",',
    ]);
    assert.match(r.stdout, /^\.github\/workflows\/build-wheels\.yml:\d+ v1\.0\.0 → 1\.10$/m);
    assert.deepEqual(run('git', ['diff', '--name-only'], dir).stdout.trim().split('\n'), ['.github/workflows/build-wheels.yml', '.yo-rc.json']);
  });

  it('--commit commits exactly the changed files as "Build <name> <REF>", leaving other edits alone', () => {
    const dir = generated();
    run('bash', ['-c', 'echo "# mine" >> config.sh'], dir);
    const r = run(process.execPath, [wheelsRepo, 'bump', 'v2.0', '--commit'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(run('git', ['log', '-1', '--format=%s'], dir).stdout.trim(), 'Build cymem v2.0');
    assert.deepEqual(run('git', ['show', '--name-only', '--format=', 'HEAD'], dir).stdout.trim().split('\n'), ['.github/workflows/build-wheels.yml', '.yo-rc.json']);
    assert.equal(run('git', ['status', '--porcelain'], dir).stdout.trim(), 'M config.sh');
  });

  it('--check agrees on a fresh repository; --dry-run writes nothing', () => {
    const dir = generated();
    const check = run(process.execPath, [wheelsRepo, 'bump', '--check'], dir);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const dry = run(process.execPath, [wheelsRepo, 'bump', 'v3', '--dry-run'], dir);
    assert.equal(dry.status, 0);
    assert.match(dry.stdout, /main → v3/);
    assert.deepEqual(changedLines(dir), []);
  });

  it('refuses a REF with shell or YAML metacharacters and writes nothing', () => {
    const dir = generated();
    for (const ref of ['v1 2', 'a..b', '$(id)', 'x:y', '"q"', '-f', 'a\nb', "it's"]) {
      const r = run(process.execPath, [wheelsRepo, 'bump', '--', ref], dir);
      assert.equal(r.status, 1, ref);
      assert.match(r.stderr, /REF must be a branch, tag or commit SHA/);
    }
    assert.deepEqual(changedLines(dir), []);
  });
});

describe('bump in a generated repository of every layout', () => {
  const layouts: Array<[string[], string[]]> = [
    [[], ['.github/workflows/build-wheels.yml']],
    [['--engine', 'cibuildwheel'], ['.github/workflows/build-wheels.yml']],
    [['--ci', 'travis-appveyor'], ['.travis.yml', 'appveyor.yml']],
  ];
  for (const [flags, pinFiles] of layouts) {
    it(`${flags.join(' ') || 'github-actions multibuild'}: changes the pin in ${pinFiles.join(' and ')} and nothing else`, () => {
      const dir = generated(['--build-commit', 'v1.0.0', ...flags]);
      const r = run(process.execPath, [wheelsRepo, 'bump', '2.0'], dir);
      assert.equal(r.status, 0, r.stderr);
      const changed = run('git', ['diff', '--name-only'], dir).stdout.trim().split('\n');
      assert.deepEqual(changed.sort(), [...pinFiles, '.yo-rc.json'].sort());
      const lines = changedLines(dir);
      assert.equal(lines.length, 2 * (pinFiles.length + 1));
      for (const line of lines) assert.match(line, /BUILD_COMMIT|buildCommit/);
      for (const line of lines.filter((l) => l.startsWith('+'))) assert.match(line, /2\.0/);
      const check = run(process.execPath, [wheelsRepo, 'bump', '--check'], dir);
      assert.equal(check.status, 0, check.stdout);
    });
  }
});
