// What bench/generate.mjs measures against: a generated repository, the same repository with 199
// more CI files, a cookiecutter template of the same files, and the git steps generation runs,
// spawned one by one (the floor of "generation with git").
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const ANSWERS = ['--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem'];

function run(argv, opts) {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Generates `cymem-wheels` in `work` with the built bin; returns its path. */
export function generate(bin, work, env, git) {
  run([process.execPath, bin, ...ANSWERS, ...(git ? [] : ['--no-git'])], { cwd: work, env });
  return join(work, 'cymem-wheels');
}

/** The submodule gitlinks of a generated repository with git: [{ path, commit }]. */
export function gitlinks(repo) {
  return run(['git', 'ls-files', '-s'], { cwd: repo }).split('\n').flatMap((l) => {
    const m = /^160000 ([0-9a-f]{40}) 0\t(.+)$/.exec(l);
    return m ? [{ commit: m[1], path: m[2] }] : [];
  });
}

/** What both floors start with: `node -e 0`, `cp -r` of the generated files, `git init`; the copy's path. */
function floorStart(reference, dir, env) {
  run([process.execPath, '-e', '0'], { cwd: dir, env });
  const repo = join(dir, 'cymem-wheels');
  run(['cp', '-r', reference, repo], { cwd: dir, env });
  run(['git', 'init', '-q', '-b', 'main'], { cwd: repo, env });
  return repo;
}

/**
 * The floor of generation with git as issue #15 defines it: `node -e 0`, `cp -r` of the generated
 * files, and the git processes generation ran when the issue was filed (init, add, the gitlinks, the
 * identity look-up, the commit). Generation now runs three (floorWithOwnGit).
 */
export function floorWithGit(reference, links, dir, env) {
  const repo = floorStart(reference, dir, env);
  run(['git', 'add', '--all'], { cwd: repo, env });
  for (const l of links) {
    mkdirSync(join(repo, l.path), { recursive: true });
    run(['git', 'update-index', '--add', '--cacheinfo', `160000,${l.commit},${l.path}`], { cwd: repo, env });
  }
  run(['git', 'config', '--get-regexp', '^user\\.(name|email)$'], { cwd: repo, env });
  run(['git', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', 'commit', '-q', '--no-verify', '-m', 'Generate cymem-wheels'], { cwd: repo, env });
}

/**
 * The same floor with the git processes generation runs now (src/io/git.ts initRepository): init, one
 * update-index for the files and the gitlinks, the commit.
 */
export function floorWithOwnGit(reference, links, dir, env) {
  const repo = floorStart(reference, dir, env);
  const files = walk(repo).map((f) => relative(repo, f).split('\\').join('/')).filter((f) => !f.startsWith('.git/'));
  run(['git', 'update-index', '--add', ...links.flatMap((l) => ['--cacheinfo', `160000,${l.commit},${l.path}`]), '--', ...files], { cwd: repo, env });
  run(['git', '-c', 'user.useConfigOnly=true', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', 'commit', '-q', '--no-verify', '-m', 'Generate cymem-wheels'], { cwd: repo, env });
}

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/**
 * A cookiecutter template holding exactly the files generated for cymem, each wrapped in {% raw %}
 * (workflows are full of ${{ }}), with the name substituted in the README title: the same bytes to
 * write, so the comparison is of the tools.
 */
export function cookiecutterTemplate(reference, work) {
  const template = join(work, 'template');
  const target = join(template, '{{cookiecutter.name}}-wheels');
  for (const file of walk(reference)) {
    const out = join(target, relative(reference, file));
    mkdirSync(dirname(out), { recursive: true });
    const text = readFileSync(file, 'utf8');
    const title = file.endsWith('README.md') ? '# {{cookiecutter.name}}-wheels\n' : '';
    writeFileSync(out, `${title}{% raw %}${text}{% endraw %}`);
  }
  writeFileSync(join(template, 'cookiecutter.json'), JSON.stringify({ name: 'cymem' }));
  return template;
}

/** A small workflow with no pin, as repositories keep beside the wheel builds (docs, lint). */
function otherWorkflow(i) {
  return `name: lint ${i}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    env:\n      PYTHONUNBUFFERED: "1"\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n      - run: |\n          pip install ruff\n          ruff check . --output-format=github\n`;
}

/** The generated repository with 199 more workflows (no pin in them): 200 CI files for bump to read. */
export function withManyCiFiles(reference, dir) {
  cpSync(reference, dir, { recursive: true });
  for (let i = 1; i < 200; i++) writeFileSync(join(dir, '.github/workflows', `lint-${String(i).padStart(3, '0')}.yml`), otherWorkflow(i));
  return dir;
}
