import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { closest } from '../../src/cli/wheels-repo.js';
import { ROOT } from '../support/checks.js';

const BIN = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const run = (args: string[], bin = BIN) => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-cli-'));
  return { ...spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd }), cwd };
};

describe('wheels-repo, the command line itself', () => {
  it('without a command prints the usage and exits 2 (nothing ran)', () => {
    const r = run([]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^Usage: wheels-repo <command> \[options\]$/m);
    for (const c of ['bump', 'build', 'download', 'doctor', 'remote', 'secrets', 'webhooks', 'upgrade']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  });

  it('a mistyped command gets "did you mean", exit 2; -V prints the version', () => {
    const r = run(['dcotor']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown command or option: dcotor \(did you mean doctor\?\)/);
    assert.doesNotMatch(run(['frobnicate']).stderr, /did you mean/);
    assert.match(run(['-V']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  // The bins write to a pipe or a file with write(2), not process.stdout (src/bin/stdout.ts): a reader
  // that went away (`| head`) still ends the run quietly with its own status, as the stream did.
  it('a closed pipe on stdout ends the run quietly: wheels-repo --help and -V, create-wheels-repo --version and --help', () => {
    for (const [bin, args, status] of [[BIN, ['--help'], 0], [BIN, [], 2], [BIN, ['-V'], 0], [CREATE, ['--version'], 0], [CREATE, ['--help'], 0]] as const) {
      // `true` has left the pipe before node writes to it: the write fails with EPIPE
      const r = spawnSync('bash', ['-c', `{ sleep 0.3; "$0" "$@"; echo "status=$?" >&2; } | true`, process.execPath, bin, ...args], { encoding: 'utf8' });
      assert.equal(r.stderr, `status=${status}\n`, `${bin} ${args.join(' ')}`);
    }
  });

  it('closest: within a third of the word, else nothing', () => {
    assert.equal(closest('bmup', ['bump', 'build']), 'bump');
    assert.equal(closest('--buidl', ['bump', 'build']), 'build');
    assert.equal(closest('xyz', ['bump', 'build']), undefined);
  });

  // Every command, through the one parser in src/cli/args.ts: a mistyped flag names the flag it
  // probably meant, and a single-value flag given twice is refused instead of keeping the last.
  const FLAGS: ReadonlyArray<{ cmd: string[]; typo: string; meant: string; twice: string; status: number }> = [
    { cmd: ['bump', 'v1'], typo: '--dry-rnu', meant: '--dry-run', twice: '--dir', status: 2 },
    { cmd: ['remote'], typo: '--ownr', meant: '--owner', twice: '--owner', status: 2 },
    { cmd: ['secrets', 'list'], typo: '--drr', meant: '--dir', twice: '--appveyor-account', status: 2 },
    { cmd: ['webhooks'], typo: '--chekc', meant: '--check', twice: '--repo', status: 2 },
    { cmd: ['upgrade'], typo: '--allow-dirt', meant: '--allow-dirty', twice: '--dir', status: 2 },
    { cmd: ['build', 'v1'], typo: '--no-wiat', meant: '--no-wait', twice: '--out', status: 2 },
    { cmd: ['download', 'b'], typo: '--form', meant: '--from', twice: '--from', status: 2 },
    { cmd: ['doctor'], typo: '--ofline', meant: '--offline', twice: '--dir', status: 2 },
  ];
  for (const f of FLAGS) {
    it(`${f.cmd[0]}: ${f.typo} gets "did you mean ${f.meant}", ${f.twice} twice is refused (exit ${f.status})`, () => {
      const typo = run([...f.cmd, f.typo]);
      assert.equal(typo.status, f.status, typo.stderr);
      assert.match(typo.stderr, new RegExp(`Unknown option '${f.typo}' \\(did you mean ${f.meant}\\?\\)`));
      assert.match(typo.stderr, new RegExp(`wheels-repo ${f.cmd[0]} --help`));
      const twice = run([...f.cmd, f.twice, 'a', f.twice, 'b']);
      assert.equal(twice.status, f.status, twice.stderr);
      assert.match(twice.stderr, new RegExp(`${f.twice} was given 2 times \\("a", "b"\\); it takes one value`));
      assert.doesNotMatch(twice.stderr, /internal error|at .*\.js:\d+/);
    });
  }

  it('create-wheels-repo: --build-comit gets "did you mean --build-commit", --name twice is refused, nothing written', () => {
    const typo = run(['--yes', '--name', 'cymem', '--build-comit', 'v1'], CREATE);
    assert.equal(typo.status, 1);
    assert.match(typo.stderr, /Unknown option '--build-comit' \(did you mean --build-commit\?\)/);
    const twice = run(['--yes', '--name', 'a', '--name', 'b', '--repo-url', 'https://github.com/o/a'], CREATE);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /--name was given 2 times \("a", "b"\)/);
    assert.deepEqual(readdirSync(twice.cwd), []);
    assert.deepEqual(readdirSync(typo.cwd), []);
  });
});
