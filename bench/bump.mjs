// Times `wheels-repo bump` on a generated repository against `node -e 0` in the same run, and prints
// the ratio (the command should start about as fast as Node itself). Usage: node bench/bump.mjs [--runs 21]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const create = join(root, 'dist/src/bin/create-wheels-repo.cjs');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;

const work = mkdtempSync(join(tmpdir(), 'cwr-bench-bump-'));
const made = spawnSync(process.execPath, [create, '--yes', '--no-git', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo'], { cwd: work });
if (made.status !== 0) throw new Error(`could not generate the repository: ${made.stderr}`);
const repo = join(work, 'repo');

function median(argvFor) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const argv = argvFor(i);
    const start = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// Interleave nothing clever: same machine, same run, alternating refs so every bump really writes.
const node = median(() => [process.execPath, '-e', '0']);
const bump = median((i) => [process.execPath, wheelsRepo, 'bump', `v1.${i}`]);
const dry = median((i) => [process.execPath, wheelsRepo, 'bump', `v2.${i}`, '--dry-run']);
rmSync(work, { recursive: true, force: true });

console.log(`runs: ${runs} each, Node ${process.version}`);
console.log(`node -e 0                      ${node.toFixed(1).padStart(8)} ms`);
console.log(`wheels-repo bump REF           ${bump.toFixed(1).padStart(8)} ms   ratio ${(bump / node).toFixed(2)}`);
console.log(`wheels-repo bump REF --dry-run ${dry.toFixed(1).padStart(8)} ms   ratio ${(dry / node).toFixed(2)}`);
