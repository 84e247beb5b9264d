// Issue #15's figures side by side, in one run: generation against cookiecutter rendering the same
// files and against `node -e 0` + `cp -r` + the same git steps, `wheels-repo bump` on one and on
// 200 CI files, `--version` against `node -e 0`, peak RSS, and callgrind instruction counts.
// Every command runs once per round, rounds rotate the order (so machine load falls on all of them
// alike), and each figure is the median of its rounds.
// Usage: npm run bench [-- --runs 11] [-- --no-callgrind] [-- --keep-ca-certs]; any Node runs it
// (`path/to/node bench/generate.mjs`).
//
// NODE_EXTRA_CA_CERTS is unset for every command unless --keep-ca-certs: with it, Node 20 parses those
// certificates at every start (Debian's bundle: ~416 M instructions, four times `node -e 0` without
// it; Node 24.21: 92 M with it, 84 M without, measured the same way), which hides what our own code costs
// in every ratio to `node -e 0`. Sandboxes and corporate machines set it; most machines do not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import module from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANSWERS, cookiecutterTemplate, floorWithGit, floorWithOwnGit, generate, gitlinks, withManyCiFiles } from './fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const create = join(root, 'dist/src/bin/create-wheels-repo.cjs');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const arg = (name) => process.argv.indexOf(name);
const runs = arg('--runs') > 0 ? Number(process.argv[arg('--runs') + 1]) : 11;
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'cwr-bench-'));
const keepCerts = arg('--keep-ca-certs') > 0;
// The bins' V8 code cache (src/io/scripts.ts) goes under the bench's own directory, not ~/.cache.
const env = { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
if (!keepCerts) delete env.NODE_EXTRA_CA_CERTS;
const installed = (cmd) => spawnSync(cmd, ['--version'], { encoding: 'utf8' });

for (const d of ['ref', 'ref-git']) mkdirSync(join(work, d));
const reference = generate(create, join(work, 'ref'), env, false);
const links = gitlinks(generate(create, join(work, 'ref-git'), env, true));
const one = reference;
const many = withManyCiFiles(reference, join(work, 'many'));
const cookiecutter = installed('cookiecutter');
const template = cookiecutter.status === 0 ? cookiecutterTemplate(reference, work) : undefined;
const esmCache = typeof module.enableCompileCache === 'function';

let counter = 0;
/** A fresh empty directory per sample; the command's argv, or a function doing the work itself. */
const commands = [
  { key: 'node', label: 'node -e 0', argv: [node, '-e', '0'] },
  { key: 'version', label: 'create-wheels-repo --version', argv: [node, create, '--version'] },
  { key: 'help', label: 'create-wheels-repo --help', argv: [node, create, '--help'] },
  { key: 'wrVersion', label: 'wheels-repo --version', argv: [node, wheelsRepo, '--version'] },
  { key: 'bump1', label: 'wheels-repo bump (1 CI file)', argv: () => [node, wheelsRepo, 'bump', `v1.${counter++}`, '--dir', one] },
  { key: 'bump200', label: 'wheels-repo bump (200 CI files)', argv: () => [node, wheelsRepo, 'bump', `v2.${counter++}`, '--dir', many] },
  { key: 'bump1NoCache', label: 'wheels-repo bump (1), code cache off', argv: () => [node, wheelsRepo, 'bump', `v3.${counter++}`, '--dir', one], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  { key: 'gen', label: 'create-wheels-repo --no-git', argv: [node, create, ...ANSWERS, '--no-git'] },
  { key: 'genNoCache', label: 'create-wheels-repo --no-git, code cache off', argv: [node, create, ...ANSWERS, '--no-git'], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  ...(template ? [{ key: 'cc', label: `cookiecutter ${cookiecutter.stdout.trim().split(' ')[1] ?? ''} (same files)`, argv: ['cookiecutter', '--no-input', '-o', '.', template, 'name=cymem'] }] : []),
  { key: 'genGit', label: 'create-wheels-repo (with git)', argv: [node, create, ...ANSWERS] },
  { key: 'floorGit', label: 'node -e 0 + cp -r + the issue\'s 5 git steps', run: (dir) => floorWithGit(reference, links, dir, env) },
  { key: 'floorOwnGit', label: 'node -e 0 + cp -r + generation\'s 3 git calls', run: (dir) => floorWithOwnGit(reference, links, dir, env) },
];

const samples = Object.fromEntries(commands.map((c) => [c.key, []]));
// round -1 is a warm-up, not counted: it fills the code cache and the OS's file cache, as any use after the first does
for (let round = -1; round < runs; round++) {
  for (let k = 0; k < commands.length; k++) {
    const c = commands[(k + Math.max(round, 0)) % commands.length];
    const dir = mkdtempSync(join(work, 's-'));
    const start = process.hrtime.bigint();
    if (c.run) c.run(dir);
    else {
      const argv = typeof c.argv === 'function' ? c.argv() : c.argv;
      const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: { ...env, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      if (r.status !== 0) throw new Error(`${c.label} failed: ${r.stderr}`);
    }
    if (round >= 0) samples[c.key].push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(dir, { recursive: true, force: true });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));

/** Peak RSS in MB of one run, by GNU time (its own process excluded), the median of three. */
function peakRss(argv) {
  const kb = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(work, 'rss-'));
    const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { cwd: dir, env, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) return undefined;
    kb.push(Number(r.stderr.trim().split('\n').at(-1)));
  }
  return median(kb) / 1024;
}

/** Instructions executed (callgrind, the process alone, children not followed): stable under load. */
function instructions(argv) {
  const dir = mkdtempSync(join(work, 'cg-'));
  const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${join(work, 'cg.out')}`, ...argv], { cwd: dir, env, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const refs = /Collected : (\d+)/.exec(r.stderr)?.[1];
  return r.status === 0 && refs ? Number(refs) : undefined;
}

const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`${runs} rounds after a warm-up, order rotated each round; medians. Node ${process.version}: the bundles run with V8's code cache${esmCache ? ', and the ES modules with Node\'s compile cache' : ' (ES modules uncached: Node < 22.1)'}; NODE_EXTRA_CA_CERTS ${env.NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}; ${new Date().toISOString()}; load average after the rounds ${load}`);
console.log(`${'command'.padEnd(44)}${'median ms'.padStart(10)}${'min'.padStart(8)}${'max'.padStart(8)}`);
for (const c of commands) {
  const xs = samples[c.key];
  console.log(`${c.label.padEnd(44)}${m[c.key].toFixed(1).padStart(10)}${Math.min(...xs).toFixed(1).padStart(8)}${Math.max(...xs).toFixed(1).padStart(8)}`);
}
const ratio = (label, a, b, goal) => console.log(`${label.padEnd(58)}${(a / b).toFixed(2).padStart(6)}   goal ≤ ${goal}  ${a / b <= goal ? 'met' : 'NOT met'}`);
console.log('\nratios of medians');
if (m.cc) ratio('generation --no-git ÷ cookiecutter', m.gen, m.cc, 0.8);
else console.log('generation --no-git ÷ cookiecutter: cookiecutter not installed (apt-get install cookiecutter)');
ratio('generation with git ÷ (node -e 0 + cp -r + git steps)', m.genGit, m.floorGit, 1.5);
console.log(`${'  the same, with the 3 git calls generation makes now'.padEnd(58)}${(m.genGit / m.floorOwnGit).toFixed(2).padStart(6)}   (no goal: the issue's floor has the 5 git steps of its day)`);
ratio('wheels-repo bump, 1 CI file ÷ node -e 0', m.bump1, m.node, 1.3);
ratio('wheels-repo bump, 200 CI files ÷ 1 CI file', m.bump200, m.bump1, 3);
ratio('create-wheels-repo --version ÷ node -e 0', m.version, m.node, 1.2);

if (installed('/usr/bin/time').error === undefined) {
  console.log('\npeak RSS (GNU time %M, median of 3)');
  for (const [label, argv] of [['node -e 0', [node, '-e', '0']], ['generation --no-git', [node, create, ...ANSWERS, '--no-git']], ['generation with git', [node, create, ...ANSWERS]], ['wheels-repo bump', [node, wheelsRepo, 'bump', 'v4.0', '--dir', one]]]) {
    const mb = peakRss(argv);
    console.log(`${label.padEnd(44)}${mb === undefined ? '   (failed)' : `${mb.toFixed(1).padStart(8)} MB`}${label.startsWith('generation') && mb !== undefined ? `   goal ≤ 60 MB  ${mb <= 60 ? 'met' : 'NOT met'}` : ''}`);
  }
}
if (arg('--no-callgrind') < 0 && installed('valgrind').status === 0) {
  console.log('\ninstructions (valgrind --tool=callgrind, one run, the node process only)');
  const base = instructions([node, '-e', '0']);
  for (const [label, argv] of [['node -e 0', [node, '-e', '0']], ['create-wheels-repo --version', [node, create, '--version']], ['wheels-repo bump (1 CI file)', [node, wheelsRepo, 'bump', 'v5.0', '--dir', one]], ['generation --no-git', [node, create, ...ANSWERS, '--no-git']]]) {
    const n = label === 'node -e 0' ? base : instructions(argv);
    console.log(`${label.padEnd(44)}${n === undefined ? '(failed)'.padStart(16) : `${(n / 1e6).toFixed(0).padStart(10)} M`}${n && base ? `   × ${(n / base).toFixed(2)} node -e 0` : ''}`);
  }
}
rmSync(work, { recursive: true, force: true });
