// The shape of the code, checked: no import cycles (dpdm on the built JavaScript), the command layer
// does no disk or process I/O of its own, .yo-rc.json is handled in one module, core is pure, no
// source file is over 250 lines, and each layout is one module plus one template folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { LAYOUTS } from '../../src/providers/registry.js';
import { ROOT } from '../support/checks.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sources(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}

const SOURCES = [...sources('src'), ...sources('generators')];
const text = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');
/** The file without its comments (line comments and JSDoc blocks), for greps that ignore prose. */
const code = (rel: string) => text(rel).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
const imports = (rel: string) => [...text(rel).matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);

const DPDM = join(ROOT, 'node_modules/.bin/dpdm');
function circular(files: string[], cwd: string) {
  return spawnSync(DPDM, ['--no-tree', '--no-warning', '--no-progress', '--circular', '--exit-code', 'circular:1', ...files], { cwd, encoding: 'utf8' });
}

describe('architecture', () => {
  it('dpdm finds a cycle where there is one (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwr-cycle-'));
    writeFileSync(join(dir, 'a.js'), "import { b } from './b.js';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'b.js'), "import { a } from './a.js';\nexport const b = () => a;\n");
    const r = circular(['a.js'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /a\.js.*b\.js|b\.js.*a\.js/s);
  });

  it('has no import cycle in the built JavaScript, dynamic imports included', () => {
    const r = circular(['dist/src/**/*.js', 'dist/generators/**/*.js'], ROOT);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /no circular dependency/);
  });

  it('the command layer (src/cli, generators) imports neither node:fs nor node:child_process', () => {
    const offenders = SOURCES.filter((f) => f.startsWith('src/cli/') || f.startsWith('generators/'))
      .filter((f) => imports(f).some((m) => /^(node:)?(fs|fs\/promises|child_process)$/.test(m)));
    assert.deepEqual(offenders, []);
  });

  it('.yo-rc.json and its key are handled in src/repo/store.ts alone', () => {
    assert.deepEqual(SOURCES.filter((f) => code(f).includes('.yo-rc.json')), ['src/repo/store.ts']);
    assert.deepEqual(SOURCES.filter((f) => /\bSTORE_KEY\b/.test(code(f))), ['src/repo/store.ts']);
  });

  it('core and providers are pure: no I/O, no process, no other layer', () => {
    // Bytes-in libraries for reading distribution files (issue #12): fflate's unzipSync, node-tar's
    // stream parser alone (tar/parse: no fs), PEP 440 versions; bundled into dist/vendor (#name).
    const archiveReaders = ['#fflate', '#tar-parse', '#pep440'];
    for (const f of SOURCES.filter((x) => x.startsWith('src/core/') || x.startsWith('src/providers/'))) {
      for (const m of imports(f)) {
        // #templates: the templates' ejs translation, made at build time (scripts/compile-templates.mjs): code, loaded as a module is
        const allowed = ['node:crypto', 'node:zlib', '#ejs', '#templates', '#yaml', ...(f.startsWith('src/core/') ? archiveReaders : [])];
        assert.ok(m.startsWith('./') || m.startsWith('../core/') || m.startsWith('../providers/') || allowed.includes(m), `${f} imports ${m}`);
      }
      assert.doesNotMatch(code(f), /\bprocess\.(env|cwd|exit|argv)/, f);
    }
  });

  it('no source file is over 250 lines', () => {
    const long = SOURCES.map((f) => [f, text(f).split('\n').length - 1] as const).filter(([, n]) => n > 250);
    assert.deepEqual(long, []);
  });

  it('each registered layout is one provider module and one template folder (plus the shared registry, types and engine rules)', () => {
    for (const layout of LAYOUTS) {
      assert.ok(statSync(join(ROOT, 'src/providers', `${layout.id}.ts`)).isFile(), `src/providers/${layout.id}.ts`);
      assert.ok(statSync(join(ROOT, 'templates', layout.id)).isDirectory(), `templates/${layout.id}/`);
      assert.match(text('src/providers/registry.ts'), new RegExp(`from './${layout.id}\\.js'`));
    }
    const modules = sources('src/providers').map((f) => relative('src/providers', f));
    // besides the layouts: the registry, the types, and the rules that follow from the engine
    assert.deepEqual(modules, [...LAYOUTS.map((l) => `${l.id}.ts`), 'registry.ts', 'rules.ts', 'types.ts'].sort());
  });
});
