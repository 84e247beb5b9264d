// Interactive mode, two ways: a prompt flow answered by Yeoman's TestAdapter, and the real bin in a
// terminal (tmux) answered key by key. Also: which commands load Yeoman at all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestAdapter } from '@yeoman/adapter/testing';
import { runCreate } from '../../src/cli/create.js';
import { questionsFor } from '../../src/answers/questions.js';
import { STORE_KEY } from '../../src/repo/store.js';
import { ROOT } from '../support/checks.js';
import { tmux, waitFor } from '../support/terminal.js';
import { SCRIPT_HOOK } from '../../src/io/scripts.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');

function stored(dir: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, { answers: Record<string, unknown> }>)[STORE_KEY]?.answers ?? {};
}

describe('prompts driven by the test (TestAdapter)', () => {
  it('asks only what no flag gave, with defaults that follow earlier answers', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-prompts-'));
    const adapter = new TestAdapter({ mockedAnswers: { name: 'Fancy-Pkg', staging: 'anaconda', anacondaOrg: 'my-org' } });
    let out = '';
    const code = await runCreate(['--repo-url', 'https://github.com/me/fancy', '--python', '3.13', '--no-git'], {
      cwd, out: (t) => void (out += t), terminal: true, adapter,
    });
    assert.equal(code, 0, out);
    const asked = adapter.calls.map((c) => c.question.name);
    assert.ok(asked.includes('name') && asked.includes('importName') && asked.includes('anacondaOrg'), asked.join());
    assert.ok(!asked.includes('repoUrl') && !asked.includes('python'), 'a flag was asked again');
    const answers = stored(join(cwd, 'Fancy-Pkg-wheels'));
    assert.equal(answers.importName, 'fancy_pkg', 'the import-name default follows the name typed');
    assert.equal(answers.owner, 'me');
    assert.equal(answers.anacondaOrg, 'my-org');
    assert.deepEqual(answers.python, ['3.13']);
  });

  it('does not ask for --anaconda-org unless staging is anaconda', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-prompts-'));
    const adapter = new TestAdapter({ mockedAnswers: { name: 'plain' } });
    const code = await runCreate(['--repo-url', 'https://github.com/me/plain', '--no-git'], { cwd, out: () => undefined, terminal: true, adapter });
    assert.equal(code, 0);
    assert.ok(!adapter.calls.some((c) => c.question.name === 'anacondaOrg'));
  });

  it('a prompt rejects an invalid answer with the flag named', () => {
    const q = questionsFor({}).find((x) => x.name === 'buildCommit');
    assert.ok(q?.validate);
    assert.equal(q.validate('v1.2.3'), true);
    assert.match(String(q.validate('a..b')), /^--build-commit must be a branch, tag or commit SHA/);
    const cmd = questionsFor({}).find((x) => x.name === 'testCommand');
    assert.match(String(cmd?.validate?.('pytest "unclosed')), /^--test-command is not a valid bash command list/);
  });
});


describe('the real bin in a terminal (tmux)', () => {
  it('walks the prompts with typed answers and Enter for defaults', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-tty-'));
    const socket = `cwr-${process.pid}-${Date.now()}`;
    const command = `cd ${cwd} && HOME=${cwd} GIT_CONFIG_NOSYSTEM=1 ${process.execPath} ${CREATE} --no-git; echo "EXIT=$?"; sleep 30`;
    assert.equal(tmux(socket, 'new-session', '-d', '-s', 'main', '-x', '160', '-y', '50', command).status, 0);
    try {
      await waitFor(socket, /PyPI name of the project/);
      tmux(socket, 'send-keys', '-t', 'main', 'bad name', 'Enter');
      await waitFor(socket, /--name must be a PEP 508 name/);
      tmux(socket, 'send-keys', '-t', 'main', 'C-u', 'tty-pkg', 'Enter');
      await waitFor(socket, /Importable package name/);
      tmux(socket, 'send-keys', '-t', 'main', 'Enter');
      await waitFor(socket, /Git URL of the project/);
      tmux(socket, 'send-keys', '-t', 'main', 'https://github.com/me/tty-pkg', 'Enter');
      await waitFor(socket, /GitHub owner of the wheels repository/);
      tmux(socket, 'send-keys', '-t', 'main', 'Enter');
      await waitFor(socket, /Ref of the project to build/);
      tmux(socket, 'send-keys', '-t', 'main', 'v2.0', 'Enter');
      // Enter through the rest: every remaining answer takes its default.
      for (let i = 0; i < 20; i++) {
        const screen = tmux(socket, 'capture-pane', '-p', '-t', 'main').stdout;
        if (/EXIT=\d+/.test(screen)) break;
        tmux(socket, 'send-keys', '-t', 'main', 'Enter');
        await sleep(300);
      }
      const screen = await waitFor(socket, /EXIT=\d+/);
      assert.match(screen, /EXIT=0/);
      const answers = stored(join(cwd, 'tty-pkg-wheels'));
      assert.equal(answers.name, 'tty-pkg');
      assert.equal(answers.importName, 'tty_pkg');
      assert.equal(answers.buildCommit, 'v2.0');
      assert.equal(answers.owner, 'me');
    } finally {
      tmux(socket, 'kill-server');
    }
  });
});

/**
 * A resolve hook that makes any import of Yeoman fail loudly, and a script loader hook (src/io/scripts.ts
 * SCRIPT_HOOK) that stops the process when the generation's bundle
 * (dist/yeoman/lib/create.cjs, Yeoman inside; a script, not an ES module) is about to run: proof of
 * what a command loads.
 */
const NO_YEOMAN = `data:text/javascript,${encodeURIComponent(
  'import { register } from "node:module"; import { writeSync } from "node:fs";' +
  `globalThis[Symbol.for(${JSON.stringify(SCRIPT_HOOK)})] = (({ file }) => { if (/\\/dist\\/yeoman\\/lib\\/create\\.cjs$/.test(file)) { writeSync(2, "YEOMAN LOADED " + file + "\\n"); process.exit(70); } });` +
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); if (/\\/node_modules\\/yeoman-/.test(r.url)) throw new Error("YEOMAN LOADED " + r.url); return r; }')}`)});`,
)}`;

function runGuarded(bin: string, args: string[], cwd: string) {
  return spawnSync(process.execPath, ['--import', NO_YEOMAN, bin, ...args], { cwd, encoding: 'utf8' });
}

describe('start-up stays cheap', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-noyo-'));
  it('the guard works: generating really loads Yeoman and is stopped', () => {
    const r = runGuarded(CREATE, ['--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'g'], cwd);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /YEOMAN LOADED/);
    assert.ok(!existsSync(join(cwd, 'g')));
  });
  for (const [bin, args] of [[WHEELS_REPO, ['--help']], [WHEELS_REPO, ['--version']], [CREATE, ['--help']], [WHEELS_REPO, ['bump', '--help']], [WHEELS_REPO, ['upgrade', '--help']], [WHEELS_REPO, ['remote', '--help']], [WHEELS_REPO, ['secrets', '--help']], [WHEELS_REPO, ['webhooks', '--help']]] as const) {
    it(`${bin.endsWith('wheels-repo.cjs') && !bin.includes('create') ? 'wheels-repo' : 'create-wheels-repo'} ${args.join(' ')} does not load Yeoman`, () => {
      const r = runGuarded(bin, [...args], cwd);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /YEOMAN/);
    });
  }
  it('wheels-repo bump on a generated repository does not load Yeoman', () => {
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'b'], { cwd, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const r = runGuarded(WHEELS_REPO, ['bump', 'v1.0', '--dir', join(cwd, 'b')], cwd);
    assert.equal(r.status, 0, r.stderr);
    const up = runGuarded(WHEELS_REPO, ['upgrade', '--dir', join(cwd, 'b'), '--yes'], cwd);
    assert.equal(up.status, 0, up.stderr);
  });
});

/**
 * A load hook that appends every module file loaded to the file CWR_LOADS_LOG names, and a script
 * loader hook that appends every script bundle run (src/io/scripts.ts SCRIPT_HOOK): what a command really
 * loads. Written synchronously from the hooks thread: output the hooks thread sends to stderr can be
 * lost when the process exits (seen on Node 24).
 */
const LIST_LOADS = `data:text/javascript,${encodeURIComponent(
  'import { register } from "node:module"; import { appendFileSync } from "node:fs";' +
  `globalThis[Symbol.for(${JSON.stringify(SCRIPT_HOOK)})] = ({ file }) => appendFileSync(process.env.CWR_LOADS_LOG, "file://" + file + "\\n");` +
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(u, c, next) { if (u.startsWith("file:")) appendFileSync(process.env.CWR_LOADS_LOG, u + "\\n"); return next(u, c); }')}`)});`,
)}`;

function loaded(bin: string, args: string[], cwd: string): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'cwr-loads-log-')), 'loads');
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', LIST_LOADS, bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CWR_LOADS_LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  return [...readFileSync(log, 'utf8').matchAll(/^file:\/\/(.*)$/gm)].map((m) => (m[1] ?? '').replace(ROOT, '').replace(/^\//, ''));
}

describe('each start loads only its own modules', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-loads-'));
  it('create-wheels-repo --version is answered by the CommonJS bin alone: no other module, no script bundle', () => {
    assert.deepEqual(loaded(CREATE, ['--version'], cwd), ['dist/src/bin/create-wheels-repo.cjs']);
    const r = spawnSync(process.execPath, [CREATE, '--version'], { cwd, encoding: 'utf8' });
    assert.equal(r.stdout, `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
  it('create-wheels-repo --help loads the option table, not create.ts, the templates\' renderer or any package', () => {
    const files = loaded(CREATE, ['--help'], cwd);
    assert.ok(files.includes('dist/src/cli/create-args.js'));
    assert.deepEqual(files.filter((f) => f.includes('node_modules') || /cli\/create\.js|core\/render\.js|repo\//.test(f)), []);
  });
  it('wheels-repo bump loads no other command, no renderer and no package; the yaml package only where it parses', () => {
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'b'], { cwd, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const files = loaded(WHEELS_REPO, ['bump', 'v1.0', '--dir', join(cwd, 'b')], cwd);
    // the bin, then bump's script bundle, which holds no package (its inputs: dist/commands/meta.json)
    assert.deepEqual(files, ['dist/src/bin/wheels-repo.cjs', 'dist/commands/bump.cjs']);
    const inputs = (JSON.parse(readFileSync(join(ROOT, 'dist/commands/meta.json'), 'utf8')) as { commands: Record<string, string[]> }).commands.bump ?? [];
    assert.deepEqual(inputs.filter((f) => f.startsWith('node_modules/')), []);
    assert.deepEqual(files.filter((f) => f.startsWith('dist/vendor/') || f.startsWith('dist/yeoman/') || (f.startsWith('dist/commands/') && f !== 'dist/commands/bump.cjs')), []);
    assert.deepEqual(files.filter((f) => f.includes('node_modules') || /core\/render\.js|cli\/(remote|secrets|webhooks|upgrade|build|doctor|download)/.test(f)), []);
    // a Travis CI layout's env.global list is the yaml package's to read: its own script bundle (scripts/vendor-table.mjs ON_FIRST_CALL)
    const travis = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--ci', 'travis-appveyor', '--name', 'x', '--repo-url', 'https://github.com/o/x', 't'], { cwd, encoding: 'utf8' });
    assert.equal(travis.status, 0, travis.stderr);
    assert.deepEqual(loaded(WHEELS_REPO, ['bump', 'v1.0', '--dir', join(cwd, 't')], cwd), ['dist/src/bin/wheels-repo.cjs', 'dist/commands/bump.cjs', 'dist/vendor/yaml.cjs']);
  });
});

/**
 * A CommonJS preload (an ES module one would load the stream modules itself) that writes, at exit,
 * the Node built-ins the process loaded (process.moduleLoadList) to the file CWR_BUILTINS_LOG names.
 */
const builtinsPreload = join(mkdtempSync(join(tmpdir(), 'cwr-builtins-preload-')), 'list-builtins.cjs');
writeFileSync(builtinsPreload, 'process.on("exit", () => require("node:fs").writeFileSync(process.env.CWR_BUILTINS_LOG, process.moduleLoadList.join("\\n")));\n');

/** The built-in modules (`NativeModule <id>`) a run loads, its stdout and stderr pipes (or /dev/null). */
function builtinsLoaded(bin: string, args: string[], cwd: string, output: 'pipe' | 'ignore' = 'pipe'): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'cwr-builtins-log-')), 'builtins');
  const r = spawnSync(process.execPath, ['--require', builtinsPreload, bin, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', output, output], env: { ...process.env, CWR_BUILTINS_LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  return [...readFileSync(log, 'utf8').matchAll(/^NativeModule (.*)$/gm)].map((m) => m[1] ?? '');
}

describe('built-in modules a run with pipes for output does not load (issue #15)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-builtins-'));
  // net and tty come with process.stdout/stderr set up for a pipe or with node:tty; readline and
  // fs watchers with fs/promises. The generation imports assert, fs/promises and tty through
  // Yeoman's packages and never needs them (src/io/builtin-require.ts, scripts/yeoman-parts.mjs).
  // crypto and zlib: the manifest keeps text (schema 4), the templates' translations are checked by
  // their text and the Yeoman generator is unique by its namespace, not by a random id.
  it('a --yes generation loads neither net, tty, assert, fs/promises, crypto, zlib nor, without git, the stream modules', () => {
    const ids = builtinsLoaded(CREATE, ['--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'g'], cwd);
    assert.ok(ids.includes('vm'), 'the list is the real one: the generation runs a script bundle');
    assert.deepEqual(ids.filter((id) => ['net', 'tty', 'assert', 'fs/promises', 'readline', 'crypto', 'zlib', 'stream'].includes(id)), []);
    assert.ok(existsSync(join(cwd, 'g', '.yo-rc.json')));
  });
  it('wheels-repo bump loads neither net, tty, the stream modules, crypto, zlib, util.parseArgs nor diagnostics_channel (unless Node loads it at start)', () => {
    const ids = builtinsLoaded(WHEELS_REPO, ['bump', 'v2.0', '--dir', join(cwd, 'g')], cwd);
    assert.ok(ids.includes('vm'), 'the list is the real one: bump runs a script bundle');
    assert.deepEqual(ids.filter((id) => ['net', 'tty', 'stream', 'crypto', 'zlib', 'assert', 'internal/util/parse_args/parse_args'].includes(id)), []);
    // Node 24 loads diagnostics_channel as it starts, Node 20 does not
    const empty = join(cwd, 'empty.cjs');
    writeFileSync(empty, '');
    if (!builtinsLoaded(empty, [], cwd).includes('diagnostics_channel')) assert.ok(!ids.includes('diagnostics_channel'));
  });
  it('nor with its output sent to /dev/null (stdio "ignore"), a character device that is no terminal', () => {
    const bump = builtinsLoaded(WHEELS_REPO, ['bump', 'v3.0', '--dir', join(cwd, 'g')], cwd, 'ignore');
    assert.ok(bump.includes('vm'));
    assert.deepEqual(bump.filter((id) => ['net', 'tty', 'stream'].includes(id)), []);
    const generation = builtinsLoaded(CREATE, ['--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'h'], cwd, 'ignore');
    assert.ok(generation.includes('vm'));
    assert.deepEqual(generation.filter((id) => ['net', 'tty', 'crypto', 'zlib'].includes(id)), []);
  });
});

/**
 * A CommonJS preload that writes, at exit, where Node's compile cache for ES modules is (undefined
 * when it is off; module.getCompileCacheDir is Node >= 22.1) to the file CWR_CACHE_DIR_LOG names.
 */
const cacheDirPreload = join(mkdtempSync(join(tmpdir(), 'cwr-cache-dir-preload-')), 'cache-dir.cjs');
writeFileSync(cacheDirPreload, 'process.on("exit", () => require("node:fs").writeFileSync(process.env.CWR_CACHE_DIR_LOG, JSON.stringify({ dir: require("node:module").getCompileCacheDir?.() ?? null })));\n');

function compileCacheDir(bin: string, args: string[], cwd: string): string | null {
  const log = join(mkdtempSync(join(tmpdir(), 'cwr-cache-dir-log-')), 'dir');
  const r = spawnSync(process.execPath, ['--require', cacheDirPreload, bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CWR_CACHE_DIR_LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(readFileSync(log, 'utf8')) as { dir: string | null }).dir;
}

describe("Node's compile cache for ES modules (Node >= 22.1) is turned on only before an ES module loads", () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-compile-cache-'));
  const hasCache = Number(process.versions.node.split('.')[0]) >= 22;
  it('not by a --yes generation or a bump, which run script bundles alone (turning it on costs ~0.3 ms)', () => {
    assert.equal(compileCacheDir(CREATE, ['--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'g'], cwd), null);
    assert.equal(compileCacheDir(WHEELS_REPO, ['bump', 'v2.0', '--dir', join(cwd, 'g')], cwd), null);
  });
  it('by create-wheels-repo --help, which imports ES modules', () => {
    const dir = compileCacheDir(CREATE, ['--help'], cwd);
    if (hasCache) assert.equal(typeof dir, 'string');
    else assert.equal(dir, null, 'Node 20 has no compile cache');
  });
});

/**
 * A CommonJS preload counting, until exit, the URL work a run does (url.pathToFileURL,
 * url.fileURLToPath, new URL), written to the file CWR_URLS_LOG names.
 */
const urlsPreload = join(mkdtempSync(join(tmpdir(), 'cwr-urls-preload-')), 'count-urls.cjs');
writeFileSync(urlsPreload, `const url = require("node:url"); let n = 0;
for (const k of ["pathToFileURL", "fileURLToPath"]) { const f = url[k]; url[k] = (...a) => (n++, f(...a)); }
const U = globalThis.URL; globalThis.URL = class extends U { constructor(...a) { n++; super(...a); } };
process.on("exit", () => require("node:fs").writeFileSync(process.env.CWR_URLS_LOG, String(n)));
`);

function urlWork(bin: string, args: string[], cwd: string): number {
  const log = join(mkdtempSync(join(tmpdir(), 'cwr-urls-log-')), 'n');
  const r = spawnSync(process.execPath, ['--require', urlsPreload, bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CWR_URLS_LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  return Number(readFileSync(log, 'utf8'));
}

describe('the bins locate their files by path, not by URL (~0.4 ms cold, issue #15)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-urls-'));
  it('wheels-repo --version and bump, and create-wheels-repo --version, make no URL', () => {
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'u'], { cwd, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    assert.equal(urlWork(WHEELS_REPO, ['--version'], cwd), 0);
    assert.equal(urlWork(WHEELS_REPO, ['bump', 'v1.0', '--dir', join(cwd, 'u')], cwd), 0);
    assert.equal(urlWork(CREATE, ['--version'], cwd), 0);
  });
  it('the count is real: create-wheels-repo --help imports its ES module by URL', () => {
    assert.ok(urlWork(CREATE, ['--help'], cwd) > 0);
  });
});

/** The names of the functions of the script bundle `bundle` (a path under dist/) that ran (V8 coverage, which covers script bundles too); none when it did not load. */
function functionsRun(bin: string, args: string[], cwd: string, bundle: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-coverage-'));
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: dir } });
  assert.equal(r.status, 0, r.stderr);
  const scripts = readdirSync(dir).flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { result: Array<{ url: string; functions: Array<{ functionName: string; ranges: Array<{ count: number }> }> }> }).result);
  const script = scripts.find((s) => s.url.endsWith(`/dist/${bundle}`));
  return script?.functions.filter((f) => (f.ranges[0]?.count ?? 0) > 0).map((f) => f.functionName) ?? [];
}

describe('bump reads a generated workflow without the yaml package (src/core/flat-yaml.ts, issue #15)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cwr-no-yaml-'));
  const YAML_PARSER = ['Lexer', 'composeDoc'];
  it('its env: pin is read, edited and checked by the flat-mapping reader: the yaml package is not even loaded', () => {
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'x', '--repo-url', 'https://github.com/o/x', 'g'], { cwd, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const args = ['bump', 'v2.0', '--dir', join(cwd, 'g')];
    assert.ok(functionsRun(WHEELS_REPO, args, cwd, 'commands/bump.cjs').includes('readFlatMapping'), 'the list is the real one');
    // none of dist/vendor/yaml.cjs runs, not even its top-level code (the next test shows this sees it)
    assert.deepEqual(functionsRun(WHEELS_REPO, ['bump', 'v3.0', '--dir', join(cwd, 'g')], cwd, 'vendor/yaml.cjs'), []);
    assert.match(readFileSync(join(cwd, 'g', '.github/workflows/build-wheels.yml'), 'utf8'), /^ {2}BUILD_COMMIT: "v3\.0"$/m);
  });
  it('the yaml parser still reads what that reader leaves alone: Travis CI\'s env.global list', () => {
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--ci', 'travis-appveyor', '--name', 'x', '--repo-url', 'https://github.com/o/x', 't'], { cwd, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const ran = functionsRun(WHEELS_REPO, ['bump', 'v2.0', '--dir', join(cwd, 't')], cwd, 'vendor/yaml.cjs');
    assert.deepEqual(ran.filter((n) => YAML_PARSER.includes(n)).sort(), [...YAML_PARSER].sort());
  });
});
