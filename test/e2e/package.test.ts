// The package as published (issue #14): `npm pack` holds what the two bins load and nothing else, and a
// user installs it from a registry (a local Verdaccio with no uplinks, so nothing but this package is
// there) and generates a repository offline, with no token, exactly as the README says.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { ROOT } from '../support/checks.js';
import { npmUserEnv, run, startRegistry, type LocalRegistry } from '../support/local-registry.js';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; imports: Record<string, string> };
const MAX_UNPACKED = 8 * 1024 * 1024;
const CREATE = ['--yes', '--name', 'demo', '--repo-url', 'https://github.com/example/demo'];

interface Packed { filename: string; unpackedSize: number; files: Array<{ path: string }> }

/** npm's warnings that a user should never see while installing this package. */
function assertCleanInstall(stderr: string, what: string): void {
  assert.doesNotMatch(stderr, /EBADENGINE/, `${what}: ${stderr}`);
  assert.doesNotMatch(stderr, /deprecated/i, `${what}: ${stderr}`);
}

/** Every .js file under dir. */
function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
}

describe('the published package', { concurrency: true }, () => {
  // everything the test writes (the tarball, Verdaccio's storage, each user's HOME, cache and prefix)
  const work = mkdtempSync(join(tmpdir(), 'cwr-package-'));
  const dir = (name: string) => mkdtempSync(join(work, `${name}-`));
  let registry: LocalRegistry;
  let packed: Packed;
  let tarball: string;

  before(async () => {
    const out = dir('pack');
    // dist/ is built (this test runs from it); prepack would rebuild it under the other tests' feet
    const env = npmUserEnv('http://127.0.0.1:9/', work);
    const p = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT, env);
    assert.equal(p.status, 0, p.stderr);
    packed = (JSON.parse(p.stdout) as Packed[])[0] as Packed;
    tarball = join(out, packed.filename);
    registry = await startRegistry(work);
    const publisher = npmUserEnv(registry.url, work);
    writeFileSync(publisher.npm_config_userconfig as string, `${registry.url.replace(/^http:/, '')}:_authToken=${registry.token}\n`);
    const pub = await run('npm', ['publish', tarball], dir('publish'), publisher);
    assert.equal(pub.status, 0, pub.stderr);
  });

  after(async () => {
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs the bins, what they load, and no tests or sources, under 8 MB unpacked', () => {
    const paths = packed.files.map((f) => f.path);
    for (const bin of Object.values(PKG.bin)) assert.ok(paths.includes(bin), `${bin} is packed`);
    for (const [name, target] of Object.entries(PKG.imports)) {
      // a pattern (#name/* → ./dist/dir/*.js) must match packed files
      const pattern = new RegExp(`^${target.replace(/^\.\//, '').replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
      assert.ok(paths.some((p) => pattern.test(p)), `${name} → ${target} is packed`);
    }
    const musts = ['package.json', 'LICENSE', 'dist/yeoman/lib/create.cjs', 'dist/yeoman/package.json', 'dist/vendor/THIRD-PARTY-LICENSES.txt', 'templates/pins.json', 'schemas/doctor-report.schema.json', 'dist/commands/bump.cjs', 'dist/commands/doctor.cjs'];
    for (const must of musts) {
      assert.ok(paths.includes(must), `${must} is packed`);
    }
    const stray = paths.filter((p) => /^(dist\/test|test|src|generators|scripts|bench|docs|node_modules)\/|\.ts$|\.map$|^schemas\/ci\/|^dist\/commands\/meta\.json$/.test(p));
    assert.deepEqual(stray, []);
    assert.ok(packed.unpackedSize < MAX_UNPACKED, `unpacked ${packed.unpackedSize} bytes`);
  });

  it('npm runs on this Node, and the registry holds this package and nothing else (no uplink to fetch from)', async () => {
    const env = npmUserEnv(registry.url, work);
    const cwd = dir('view');
    const versions = await run('npm', ['version', '--json'], cwd, env);
    assert.equal(versions.status, 0, versions.stderr);
    assert.equal((JSON.parse(versions.stdout) as { node: string }).node, process.versions.node, 'npm runs on the Node that runs the tests');
    const ours = await run('npm', ['view', PKG.name, '--json'], cwd, env);
    assert.equal(ours.status, 0, ours.stderr);
    const manifest = JSON.parse(ours.stdout) as { version: string; dependencies?: object; bin: object };
    assert.equal(manifest.version, PKG.version);
    assert.deepEqual(manifest.bin, PKG.bin);
    assert.equal(manifest.dependencies, undefined, 'published with no dependencies: everything is bundled');
    const other = await run('npm', ['view', 'left-pad', 'version'], cwd, env);
    assert.notEqual(other.status, 0);
    assert.match(other.stderr, /E404/);
  });

  it('npm init wheels-repo -- --yes ... generates a repository offline, with no token', async () => {
    const cwd = dir('init');
    const r = await run('npm', ['init', 'wheels-repo', '--', ...CREATE], cwd, npmUserEnv(registry.url, work));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assertCleanInstall(r.stderr, 'npm init');
    assert.match(r.stdout, /Created demo-wheels\//);
    assert.ok(existsSync(join(cwd, 'demo-wheels/.yo-rc.json')));
    assert.ok(statSync(join(cwd, 'demo-wheels/.git')).isDirectory());
    assert.ok(existsSync(join(cwd, 'demo-wheels/.github/workflows/build-wheels.yml')));
    // the Next: hint names the day-2 command as npm init's user can run it, and it runs: through npx,
    // from this registry, in the new repository (a dry run: no token, nothing sent)
    const hint = /^ {2}cd demo-wheels && (npx -p create-wheels-repo wheels-repo remote) {2}/m.exec(r.stdout);
    assert.ok(hint?.[1], r.stdout);
    const [npx, ...args] = hint[1].split(' ');
    const remote = await run(npx ?? 'npx', ['-y', ...args, '--dry-run'], join(cwd, 'demo-wheels'), { ...npmUserEnv(registry.url, work), GITHUB_TOKEN: '', GH_TOKEN: '' });
    assert.equal(remote.status, 0, remote.stdout + remote.stderr);
    assert.match(remote.stdout, /POST \/(user|orgs\/example)\/repos/);
  });

  it('npx -y -p create-wheels-repo wheels-repo --version prints the version', async () => {
    const r = await run('npx', ['-y', '-p', PKG.name, 'wheels-repo', '--version'], dir('npx'), npmUserEnv(registry.url, work));
    assert.equal(r.status, 0, r.stderr);
    assertCleanInstall(r.stderr, 'npx');
    assert.equal(r.stdout.trim(), PKG.version);
  });

  it('npm install -g puts both bins on PATH, alone: no node_modules, every import inside the package or Node', async () => {
    const env = npmUserEnv(registry.url, work);
    const prefix = join(env.HOME as string, 'prefix');
    const i = await run('npm', ['install', '-g', PKG.name], dir('global'), { ...env, npm_config_prefix: prefix });
    assert.equal(i.status, 0, i.stderr);
    assertCleanInstall(i.stderr, 'npm install -g');
    const onPath = { ...env, PATH: `${join(prefix, 'bin')}${delimiter}${env.PATH}` };
    for (const bin of Object.keys(PKG.bin)) {
      const v = await run(bin, ['--version'], work, onPath);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout.trim(), PKG.version, bin);
    }
    const cwd = dir('create');
    const c = await run('create-wheels-repo', CREATE, cwd, onPath);
    assert.equal(c.status, 0, c.stderr);
    assert.ok(existsSync(join(cwd, 'demo-wheels/.yo-rc.json')));
    const doctor = await run('wheels-repo', ['doctor', '--offline'], join(cwd, 'demo-wheels'), onPath);
    assert.equal(doctor.status, 0, doctor.stdout + doctor.stderr);

    const installed = join(prefix, 'lib/node_modules', PKG.name);
    assert.equal(existsSync(join(installed, 'node_modules')), false, 'no dependency was installed');
    // esbuild follows every static import, literal import() and require() of the installed JavaScript
    // (the #name imports through package.json): each must be Node's or a file of the package.
    const result = await build({
      absWorkingDir: installed, entryPoints: scripts(join(installed, 'dist')), bundle: true, write: false, platform: 'node',
      format: 'esm', outdir: join(env.HOME as string, 'esbuild-out'), metafile: true, logLevel: 'silent',
    });
    assert.deepEqual(Object.keys(result.metafile.inputs).filter((p) => p.startsWith('..') || p.startsWith('/')), []);
    assert.ok(Object.keys(result.metafile.inputs).length > 50, 'esbuild read the package');
  });
});
