// Times generating one wheels repository with the built bin, next to `node -e 0` (the floor: Node's
// own start-up) and, when Debian's cookiecutter is installed, a cookiecutter template of the same
// size. Prints the median of each and the ratios. Usage: npm run bench [-- --runs 15]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/src/bin/create-wheels-repo.js');
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;

const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };

function time(label, argv, { cwd, before } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'cwr-bench-'));
    before?.(dir);
    const start = process.hrtime.bigint();
    const r = spawnSync(argv[0], argv.slice(1), { cwd: cwd ?? dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return { label, median, min: samples[0], max: samples.at(-1) };
}

const answers = ['--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem'];
const results = [
  time('node -e 0', [process.execPath, '-e', '0']),
  time('wheels-repo --version', [process.execPath, wheelsRepo, '--version']),
  time('create-wheels-repo --help', [process.execPath, bin, '--help']),
  time('create-wheels-repo --no-git', [process.execPath, bin, ...answers, '--no-git']),
  time('create-wheels-repo (with git)', [process.execPath, bin, ...answers]),
];
const cookiecutter = spawnSync('cookiecutter', ['--version'], { encoding: 'utf8' });
if (cookiecutter.status === 0) {
  const template = cookiecutterTemplate();
  results.push(time(`cookiecutter ${cookiecutter.stdout.trim().split(' ')[1] ?? ''} (same files, no git)`, ['cookiecutter', '--no-input', '-o', '.', template, 'name=cymem']));
}

/**
 * A cookiecutter template holding exactly the files the tool generates for cymem, each wrapped in
 * {% raw %} (workflows are full of ${{ }}), with the name substituted in the README title: the same
 * bytes to write, so the comparison is of the tools.
 */
function cookiecutterTemplate() {
  const work = mkdtempSync(join(tmpdir(), 'cwr-bench-cc-'));
  const r = spawnSync(process.execPath, [bin, ...answers, '--no-git'], { cwd: work, env });
  if (r.status !== 0) throw new Error(`generating the reference repository failed: ${r.stderr}`);
  const generated = join(work, 'cymem-wheels');
  const template = join(work, 'template');
  const target = join(template, '{{cookiecutter.name}}-wheels');
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(generated)) {
    const out = join(target, relative(generated, file));
    mkdirSync(dirname(out), { recursive: true });
    const text = readFileSync(file, 'utf8');
    const title = file.endsWith('README.md') ? '# {{cookiecutter.name}}-wheels\n' : '';
    writeFileSync(out, `${title}{% raw %}${text}{% endraw %}`);
  }
  writeFileSync(join(template, 'cookiecutter.json'), JSON.stringify({ name: 'cymem' }));
  return template;
}

const floor = results[0].median;
console.log(`runs: ${runs} each, Node ${process.version}, ${new Date().toISOString()}`);
console.log(`${'command'.padEnd(44)}${'median ms'.padStart(10)}${'min'.padStart(8)}${'max'.padStart(8)}${'× node -e 0'.padStart(13)}`);
for (const r of results) {
  console.log(`${r.label.padEnd(44)}${r.median.toFixed(1).padStart(10)}${r.min.toFixed(1).padStart(8)}${r.max.toFixed(1).padStart(8)}${(r.median / floor).toFixed(2).padStart(13)}`);
}
const cc = results.find((r) => r.label.startsWith('cookiecutter'));
if (cc) console.log(`create-wheels-repo --no-git / cookiecutter: ${(results[3].median / cc.median).toFixed(2)}`);
else console.log('cookiecutter: not installed (apt-get install cookiecutter) — no side-by-side figure');
