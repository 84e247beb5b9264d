// Script bundles and their code cache (src/io/scripts.ts, scripts/script-bundle.mjs, issue #15): a
// bundle built here from small ES modules runs in a child Node with its own HOME; what it exports,
// its import(), and the cache files the run leaves are checked, and V8 itself says whether it takes
// the stored data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { scriptSource } from '../../src/io/scripts.js';
import { ROOT } from '../support/checks.js';

interface Built { inputs: Record<string, unknown> }
type BuildScript = (options: Record<string, unknown>) => Promise<Built>;

const work = mkdtempSync(join(tmpdir(), 'cwr-scripts-'));
const src = join(work, 'src');
const out = join(work, 'out');
const bundle = join(out, 'entry.cjs');
let buildScript: BuildScript;

const ENTRY = `import { readFileSync } from 'node:fs';
import { double } from './inside.mjs';
export const url = import.meta.url;
export async function run() {
  const { lazy } = await import('./lazy.mjs');
  return { lazy, hasFs: typeof readFileSync === 'function', four: double(2), VERSION };
}
`;

/** lazy.mjs stays a file outside the bundle, imported from it when run (as #octokit does in ours). */
const lazyStaysOutside = {
  name: 'lazy-stays-outside',
  setup(b: { onResolve: (o: { filter: RegExp }, f: () => { path: string; external: boolean }) => void }) {
    b.onResolve({ filter: /^\.\/lazy\.mjs$/ }, () => ({ path: '../src/lazy.mjs', external: true }));
  },
};

/** Builds src/entry.mjs (with `version` in it) to out/entry.cjs. */
async function build(version: string): Promise<Built> {
  writeFileSync(join(src, 'entry.mjs'), `${ENTRY}const VERSION = ${JSON.stringify(version)};\n`);
  return buildScript({ absWorkingDir: work, entryPoints: [join(src, 'entry.mjs')], outfile: bundle, plugins: [lazyStaysOutside] });
}

function home(): string {
  return mkdtempSync(join(work, 'home-'));
}

/** Runs the bundle in a child Node: its output (JSON) and status. */
function runBundle(homeDir: string, extraEnv: Record<string, string> = {}) {
  const driver = join(work, 'driver.mjs');
  const r = spawnSync(process.execPath, [driver, bundle], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: homeDir, ...extraEnv } });
  return { status: r.status, stderr: r.stderr, result: r.status === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
}

const cacheDirOf = (homeDir: string) => join(homeDir, '.cache', 'create-wheels-repo');
const cacheFiles = (homeDir: string) => (existsSync(cacheDirOf(homeDir)) ? readdirSync(cacheDirOf(homeDir)) : []);

describe('script bundles', () => {
  before(async () => {
    ({ buildScript } = (await import(pathToFileURL(join(ROOT, 'scripts/script-bundle.mjs')).href)) as { buildScript: BuildScript });
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'lazy.mjs'), "export const lazy = 'lazy';\n");
    writeFileSync(join(src, 'inside.mjs'), 'export const double = (n) => 2 * n;\n');
    writeFileSync(join(work, 'driver.mjs'), [
      `import { loadScript } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/io/scripts.js')).href)};`,
      'const m = await loadScript(process.argv[2], process.env, { partial: process.env.CWR_TEST_PARTIAL === "1" });',
      'const again = await loadScript(process.argv[2]);',
      'console.log(JSON.stringify({ once: m === again, url: m.url, ...(await m.run()) }));',
      'if (process.env.CWR_TEST_EXIT) process.exitCode = Number(process.env.CWR_TEST_EXIT);',
    ].join('\n'));
    await build('1');
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('start with a header naming the sha256 of the rest, with import() rewritten', () => {
    const text = readFileSync(bundle, 'utf8');
    const [first, ...rest] = text.split('\n');
    const header = JSON.parse((first ?? '').replace(/^\/\/cwr-script /, '')) as { sha256: string };
    assert.deepEqual(Object.keys(header), ['sha256']);
    assert.equal(header.sha256, createHash('sha256').update(rest.join('\n')).digest('hex'));
    assert.match(text, /__cwrImport\("\.\.\/src\/lazy\.mjs"\)/);
    assert.doesNotMatch(text.replace(/__cwrImport\(/g, ''), /\bimport\s*\(/);
    assert.match(text, /double/, 'a module imported statically is inside the bundle');
  });

  it('run once per process, with import() from the bundle, and import.meta.url the bundle\'s (a package\'s code)', () => {
    const h = home();
    const r = runBundle(h);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.result, { once: true, url: pathToFileURL(bundle).href, lazy: 'lazy', hasFs: true, four: 4, VERSION: '1' });
  });

  it('leave a code cache V8 accepts, in a directory only the user may write, and reuse it without writing', () => {
    const h = home();
    assert.equal(runBundle(h).status, 0);
    const dir = cacheDirOf(h);
    const [file, ...others] = cacheFiles(h);
    assert.ok(file, 'a cache file is written');
    assert.ok(file.startsWith(`out-entry.cjs-${process.version}-${process.versions.v8}-${process.arch}-`), `named by the script, Node, V8 and the architecture: ${file}`);
    assert.deepEqual(others, []);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600);
    const data = readFileSync(join(dir, file));
    const script = new Script(scriptSource(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: data });
    assert.equal(script.cachedDataRejected, false, 'V8 takes the stored code for this bundle');
    const before = statSync(join(dir, file));
    const second = runBundle(h);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.result?.VERSION, '1');
    const now = statSync(join(dir, file));
    assert.equal(now.ino, before.ino, 'an accepted cache is not written again');
    assert.equal(now.mtimeMs, before.mtimeMs);
  });

  it('write the cache again when V8 refuses it, and drop the cache of an older build', async () => {
    const h = home();
    assert.equal(runBundle(h).status, 0);
    const [file] = cacheFiles(h);
    assert.ok(file);
    writeFileSync(join(cacheDirOf(h), file), Buffer.alloc(4096, 7));
    const r = runBundle(h);
    assert.equal(r.status, 0, r.stderr);
    assert.notDeepEqual(readFileSync(join(cacheDirOf(h), file)), Buffer.alloc(4096, 7), 'a refused cache is replaced');
    try {
      await build('2');
      const newer = runBundle(h);
      assert.equal(newer.status, 0, newer.stderr);
      assert.equal(newer.result?.VERSION, '2', 'the old cache is not run for the new build');
      const files = cacheFiles(h);
      assert.equal(files.length, 1, files.join(' '));
      assert.notEqual(files[0], file);
    } finally {
      await build('1');
    }
  });

  it('mark the cache of a partial or failed run, and write it again at the next complete run only', () => {
    const h = home();
    assert.equal(runBundle(h, { CWR_TEST_PARTIAL: '1' }).status, 0);
    const [partial = '', ...others] = cacheFiles(h);
    assert.ok(partial.endsWith('.partial'), `a partial run's cache is marked: ${partial}`);
    assert.deepEqual(others, []);
    const before = statSync(join(cacheDirOf(h), partial));
    assert.equal(runBundle(h, { CWR_TEST_EXIT: '3' }).status, 3);
    assert.equal(statSync(join(cacheDirOf(h), partial)).mtimeMs, before.mtimeMs, 'a failed run leaves a partial cache as it is');
    assert.equal(runBundle(h).status, 0);
    const [complete = '', ...rest] = cacheFiles(h);
    assert.equal(complete, partial.slice(0, -'.partial'.length), 'a complete run replaces it');
    assert.deepEqual(rest, []);
    const data = readFileSync(join(cacheDirOf(h), complete));
    assert.equal(new Script(scriptSource(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: data }).cachedDataRejected, false);
    const kept = statSync(join(cacheDirOf(h), complete));
    for (const extra of [{ CWR_TEST_PARTIAL: '1' }, { CWR_TEST_EXIT: '3' }, {}] as Array<Record<string, string>>) runBundle(h, extra);
    assert.equal(statSync(join(cacheDirOf(h), complete)).mtimeMs, kept.mtimeMs, 'a complete cache is kept whatever runs next');
    assert.deepEqual(cacheFiles(h), [complete]);
    const failed = home();
    assert.equal(runBundle(failed, { CWR_TEST_EXIT: '3' }).status, 3);
    assert.ok(cacheFiles(failed)[0]?.endsWith('.partial'), 'a failed run writes a partial cache');
  });

  it('neither read nor write a cache directory others may write to, nor with NODE_DISABLE_COMPILE_CACHE', () => {
    const h = home();
    mkdirSync(cacheDirOf(h), { recursive: true });
    chmodSync(cacheDirOf(h), 0o777);
    const r = runBundle(h);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(cacheFiles(h), []);
    const off = home();
    const r2 = runBundle(off, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(r2.status, 0, r2.stderr);
    assert.equal(existsSync(join(off, '.cache')), false);
  });

  it('refuse a bundle without its header, or requiring a module that is not Node\'s, naming the file', () => {
    const text = readFileSync(bundle, 'utf8');
    try {
      writeFileSync(bundle, text.slice(text.indexOf('\n') + 1));
      const r = runBundle(home());
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /entry\.cjs has no \/\/cwr-script header: rebuild with npm run build/);
      const code = 'require("../src/inside.mjs");';
      writeFileSync(bundle, `//cwr-script ${JSON.stringify({ sha256: createHash('sha256').update(code).digest('hex') })}\n${code}`);
      const r2 = runBundle(home());
      assert.notEqual(r2.status, 0);
      assert.match(r2.stderr, /entry\.cjs requires \.\.\/src\/inside\.mjs, which is not a Node built-in: rebuild with npm run build/);
    } finally {
      writeFileSync(bundle, text);
    }
  });

  it('are not built when they would require a package the loader cannot give', async () => {
    writeFileSync(join(src, 'needs-package.mjs'), "import pad from 'left-pad';\nexport const p = pad;\n");
    await assert.rejects(
      buildScript({ absWorkingDir: work, entryPoints: [join(src, 'needs-package.mjs')], outfile: join(out, 'bad.cjs'), external: ['left-pad'] }),
      /bad\.cjs requires modules, which the loader does not provide \(it gives Node's built-ins\): left-pad/,
    );
    assert.equal(existsSync(join(out, 'bad.cjs')), false);
  });
});
