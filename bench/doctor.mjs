// Times `wheels-repo doctor --offline` against `wheels-repo bump --check` on a generated repository,
// alternating the two so both see the same machine load, and prints the medians and their ratio
// (issue #13: the offline doctor within 2× bump --check). Usage: node bench/doctor.mjs [--runs 15]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const create = join(root, 'dist/src/bin/create-wheels-repo.cjs');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

const work = mkdtempSync(join(tmpdir(), 'cwr-bench-doctor-'));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@e.invalid', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@e.invalid' };
const made = spawnSync(process.execPath, [create, '--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo'], { cwd: work, env });
if (made.status !== 0) throw new Error(`could not generate the repository: ${made.stderr}`);
const repo = join(work, 'repo');

const commands = {
  'wheels-repo bump --check': [process.execPath, wheelsRepo, 'bump', '--check'],
  'wheels-repo doctor --offline': [process.execPath, wheelsRepo, 'doctor', '--offline'],
};
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, argv] of Object.entries(commands)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    samples[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stdout}${r.stderr}`);
  }
}
rmSync(work, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bump = median(samples['wheels-repo bump --check']);
const doctor = median(samples['wheels-repo doctor --offline']);
console.log(`runs: ${runs} each, alternating, Node ${process.version}`);
console.log(`wheels-repo bump --check       ${bump.toFixed(1).padStart(8)} ms`);
console.log(`wheels-repo doctor --offline   ${doctor.toFixed(1).padStart(8)} ms   ratio ${(doctor / bump).toFixed(2)} (goal ≤ 2)`);
