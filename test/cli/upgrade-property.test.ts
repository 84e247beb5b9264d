// Property (issue #6): whatever the user edited in generated files and however the templates changed
// since, an upgrade loses none of the user's lines. Each line the user added is in the result: outside
// any conflict block, or on the user's side of one. Exit 0 means no conflict markers anywhere; exit 1
// means markers in exactly the files reported as conflicts. A file that merged cleanly has every line
// the new templates added, and a file the user never touched is exactly the new render. Right after,
// a second upgrade has nothing to do.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { upgrade } from '../../src/cli/upgrade.js';
import { recoverBase, type StoredManifestEntry } from '../../src/core/manifest.js';
import { STORE_KEY } from '../../src/repo/store.js';
import { ROOT } from '../support/checks.js';
import { changedTemplates, generatedRepo, git, GIT_ENV, readText } from '../support/wheels-repos.js';

const RUNS = Number(process.env.UPGRADE_PROPERTY_RUNS ?? 40);
/** To replay a failure: UPGRADE_PROPERTY_SEED and UPGRADE_PROPERTY_PATH as fast-check reported them. */
const REPLAY = process.env.UPGRADE_PROPERTY_SEED ? { seed: Number(process.env.UPGRADE_PROPERTY_SEED), path: process.env.UPGRADE_PROPERTY_PATH } : {};

// upgrade() runs in this process: git (merge-file, status) sees the same clean configuration as the
// spawned commands of the other tests, and the templates are chosen through the environment.
Object.assign(process.env, GIT_ENV);

interface Layout {
  flags: string[];
  /** generated files the user may edit */
  files: string[];
  /** templates (under templates/) that render into them */
  templates: string[];
}

const LAYOUTS: Record<string, Layout> = {
  multibuild: {
    flags: [],
    files: ['config.sh', 'README.md', '.github/workflows/build-wheels.yml', 'ci/build-windows.sh'],
    templates: ['common/config.sh.ejs', 'common/README.md.ejs', 'partials/gha-head.yml.ejs', 'partials/gha-release-jobs.yml.ejs',
      'github-actions/multibuild/_github/workflows/build-wheels.yml.ejs', 'multibuild/ci/build-windows.sh.ejs'],
  },
  'travis-appveyor': {
    flags: ['--ci', 'travis-appveyor'],
    files: ['config.sh', 'README.md', '.travis.yml', 'appveyor.yml'],
    templates: ['common/config.sh.ejs', 'common/README.md.ejs', 'travis-appveyor/_travis.yml.ejs', 'travis-appveyor/appveyor.yml.ejs'],
  },
  cibuildwheel: {
    flags: ['--engine', 'cibuildwheel'],
    files: ['config.sh', 'README.md', '.github/workflows/build-wheels.yml', 'cibuildwheel.toml', 'ci/hooks.sh'],
    templates: ['common/config.sh.ejs', 'common/README.md.ejs', 'partials/gha-head.yml.ejs', 'cibuildwheel/cibuildwheel.toml.ejs',
      'github-actions/cibuildwheel/_github/workflows/build-wheels.yml.ejs', 'cibuildwheel/ci/hooks.sh.ejs'],
  },
};

type LineEdit = { kind: 'insert' | 'replace' | 'delete'; pos: number };
interface Case {
  layout: string;
  token: string;
  template: Array<{ path: string; kind: 'insert' | 'change' | 'delete'; pos: number }>;
  user: Array<LineEdit & { file: string }>;
}

/** Positions: anywhere, or often near the top of a file, where template and user edits then meet. */
const pos = fc.oneof(fc.nat({ max: 30 }), fc.nat());

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...Object.keys(LAYOUTS)).chain((layout) => {
  const l = LAYOUTS[layout]!;
  return fc.record({
    layout: fc.constant(layout),
    token: fc.integer({ min: 36 ** 4, max: 36 ** 6 - 1 }).map((n) => n.toString(36)),
    template: fc.array(fc.record({ path: fc.constantFrom(...l.templates), kind: fc.constantFrom('insert' as const, 'change' as const, 'delete' as const), pos }), { minLength: 1, maxLength: 6 }),
    user: fc.array(
      fc.record({ file: fc.constantFrom(...l.files), kind: fc.constantFrom('insert' as const, 'insert' as const, 'replace' as const, 'delete' as const), pos }),
      { minLength: 1, maxLength: 10 },
    ),
  });
});

/** Lines of an EJS template outside any tag and holding none: text that renders as it stands. */
function plainLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  let open = 0;
  lines.forEach((line, i) => {
    const opens = line.split('<%').length - 1;
    const closes = line.split('%>').length - 1;
    if (open === 0 && opens === 0 && closes === 0) out.push(i);
    open += opens - closes;
  });
  return out;
}

/** The template edits of a case, applied in order to a copy of templates/; returns its directory. */
function templatesFor(c: Case): string {
  const changes: Record<string, (t: string) => string> = {};
  let k = 0;
  for (const path of new Set(c.template.map((e) => e.path))) {
    const before = readFileSync(join(ROOT, 'templates', path), 'utf8');
    const lines = before.split('\n');
    for (const e of c.template.filter((x) => x.path === path)) {
      const plain = plainLines(lines);
      const at = plain[e.pos % plain.length]!;
      const mark = `template ${k++} ${c.token}`;
      if (e.kind === 'insert') lines.splice(at + 1, 0, `# ${mark}`);
      else if (e.kind === 'change') lines[at] = `${lines[at]} # ${mark}`;
      else lines.splice(at, 1);
    }
    const after = lines.join('\n');
    // A later edit may undo an earlier one (delete the line it inserted): then the template is as it was.
    if (after !== before) changes[path] = () => after;
  }
  return changedTemplates(changes);
}

/**
 * Applies the user's edits of a file to its text; returns the new text and the lines the user added
 * (those still there at the end: a later edit may delete or replace a line an earlier one added).
 */
function editAsUser(text: string, edits: readonly LineEdit[], token: string, first: number): { text: string; added: string[] } {
  const trailing = text.endsWith('\n');
  const lines = text.split('\n');
  if (trailing) lines.pop();
  const mine = (i: number) => `# user line ${first + i} ${token}`;
  edits.forEach((e, i) => {
    if (e.kind === 'insert') lines.splice(e.pos % (lines.length + 1), 0, mine(i));
    else if (lines.length > 0) {
      if (e.kind === 'replace') lines[e.pos % lines.length] = mine(i);
      else lines.splice(e.pos % lines.length, 1);
    }
  });
  const added = lines.filter((l) => l.startsWith('# user line ') && l.endsWith(` ${token}`));
  return { text: lines.length === 0 ? '' : `${lines.join('\n')}${trailing ? '\n' : ''}`, added };
}

type Side = 'outside' | 'yours' | 'base' | 'theirs';

/** Each line of a merge result with the part of a conflict block it is in; throws on malformed blocks. */
function sections(text: string): Array<{ line: string; side: Side }> {
  const out: Array<{ line: string; side: Side }> = [];
  let side: Side = 'outside';
  for (const line of text.split('\n')) {
    if (/^<{7}( |$)/.test(line)) {
      assert.equal(side, 'outside', 'nested <<<<<<<');
      side = 'yours';
    } else if (/^\|{7}( |$)/.test(line)) {
      assert.equal(side, 'yours', '||||||| outside a block');
      side = 'base';
    } else if (/^={7}$/.test(line)) {
      assert.ok(side === 'yours' || side === 'base', '======= outside a block');
      side = 'theirs';
    } else if (/^>{7}( |$)/.test(line)) {
      assert.equal(side, 'theirs', '>>>>>>> without =======');
      side = 'outside';
    } else out.push({ line, side });
  }
  assert.equal(side, 'outside', 'unterminated conflict block');
  return out;
}

const hasMarkers = (text: string) => /^(<{7}|={7}|>{7})( |$)/m.test(text);

async function check(c: Case): Promise<number> {
  const layout = LAYOUTS[c.layout]!;
  const templates = templatesFor(c);
  const dir = generatedRepo(layout.flags);

  // The user's edits, committed.
  const added = new Map<string, string[]>();
  const edited = new Set<string>();
  let n = 0;
  for (const file of layout.files) {
    const edits = c.user.filter((e) => e.file === file);
    if (edits.length === 0) continue;
    const before = readText(dir, file);
    assert.ok(!hasMarkers(before), `${file} is generated with conflict markers`);
    const r = editAsUser(before, edits, c.token, n);
    n += edits.length;
    writeFileSync(join(dir, file), r.text);
    added.set(file, r.added);
    if (r.text !== before) edited.add(file);
  }
  // a case's edits can cancel out (a line inserted, then deleted): the commit may be empty
  git(dir, 'add', '--all');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'my edits');

  let out = '';
  const io = { cwd: dir, out: (t: string) => void (out += t), env: process.env, terminal: false };
  const args = { dir, set: {}, dryRun: false, allowDirty: false, commit: false, yes: true };
  const saved = process.env.CREATE_WHEELS_REPO_TEMPLATES;
  process.env.CREATE_WHEELS_REPO_TEMPLATES = templates;
  try {
    const status = await upgrade(args, io);
    assert.ok(status === 0 || status === 1, `exit ${status}`);

    const manifest = (JSON.parse(readText(dir, '.yo-rc.json'))[STORE_KEY] as { manifest: StoredManifestEntry[] }).manifest;
    const reported = new Set([...out.matchAll(/^ {2}(\S+): CONFLICT \(\d+\)(, .*)?$/gm)].map((m) => m[1]));
    const marked = new Set<string>();
    for (const file of layout.files) {
      assert.ok(existsSync(join(dir, file)), `${file} is gone`);
      const result = readText(dir, file);
      if (hasMarkers(result)) marked.add(file);
      const lines = sections(result);
      for (const line of added.get(file) ?? []) {
        const at = lines.filter((l) => l.line === line);
        assert.ok(at.length > 0, `${file}: the user's line ${JSON.stringify(line)} was lost\n${out}`);
        for (const l of at) assert.ok(l.side === 'outside' || l.side === 'yours', `${file}: ${line} is on the ${l.side} side`);
      }
      const entry = manifest.find((e) => e.path === file);
      assert.ok(entry, `${file} is still generated`);
      const theirs = recoverBase(entry);
      if (!edited.has(file)) assert.equal(result, theirs, `${file}: never edited, so it is the new render`);
      else if (!marked.has(file)) {
        const have = new Set(result.split('\n'));
        for (const line of theirs.split('\n').filter((l) => l.includes(`template `) && l.includes(c.token))) {
          assert.ok(have.has(line), `${file}: merged cleanly but lacks the template's ${JSON.stringify(line)}`);
        }
      }
    }
    assert.deepEqual([...marked].sort(), [...reported].sort(), `conflict markers exactly in the files reported\n${out}`);
    assert.equal(status, marked.size > 0 ? 1 : 0, `exit status ${status} with ${marked.size} conflicted files\n${out}`);

    // Nothing left to do, conflicts or not.
    const snapshotBefore = layout.files.map((f) => readFileSync(join(dir, f), 'utf8'));
    let again = '';
    assert.equal(await upgrade({ ...args, allowDirty: true }, { ...io, out: (t: string) => void (again += t) }), 0);
    assert.match(again, /^Up to date: /);
    assert.deepEqual(layout.files.map((f) => readFileSync(join(dir, f), 'utf8')), snapshotBefore);
    return status;
  } finally {
    if (saved === undefined) delete process.env.CREATE_WHEELS_REPO_TEMPLATES;
    else process.env.CREATE_WHEELS_REPO_TEMPLATES = saved;
  }
}

describe('upgrade property: the user\'s lines survive any template change', () => {
  it(`holds for ${RUNS} random edits × template changes over the three layouts`, async () => {
    await fc.assert(fc.asyncProperty(caseArb, async (c) => { await check(c); }), { numRuns: RUNS, includeErrorInReport: true, ...REPLAY });
  });

  it('reaches both outcomes: a clean merge and a conflict', async () => {
    // The first plain line of config.sh.ejs is its first line, "# shellcheck shell=bash".
    const clean: Case = {
      layout: 'multibuild', token: 'fixed1',
      template: [{ path: 'common/config.sh.ejs', kind: 'insert', pos: 0 }],
      user: [{ file: 'config.sh', kind: 'insert', pos: 20 }],
    };
    assert.equal(await check(clean), 0);
    const conflict: Case = {
      layout: 'multibuild', token: 'fixed2',
      template: [{ path: 'common/config.sh.ejs', kind: 'change', pos: 0 }],
      user: [{ file: 'config.sh', kind: 'replace', pos: 0 }],
    };
    assert.equal(await check(conflict), 1);
  });
});
