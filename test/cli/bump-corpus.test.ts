// `wheels-repo bump` over a corpus of wheels repositories modelled on real ones (test/fixtures/bump):
// each case holds the repository before, every file byte for byte after, and what must be printed.
// The expectations were written by hand from the spec, not from the implementation.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const corpus = join(root, 'test/fixtures/bump');

interface Case {
  about?: string;
  /** null: no REF on the command line (allowed with --check). */
  ref: string | null;
  args?: string[];
  exit: number;
  /** `file:line old → new`, one per pin that changes (the .yo-rc.json answer is not a pin). */
  changes: string[];
  /** Disabled copies (`*.back`) that must be reported as skipped. */
  skipped?: string[];
  /** Strings the output (stdout or stderr) must contain, e.g. the file that is not valid YAML. */
  mentions?: string[];
}

const CHANGE_LINE = /^(\S+):(\d+) (.+) → (.+)$/;

/** Every file under dir, as sorted paths relative to dir with forward slashes. */
function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, path));
    else out.push(path);
  }
  return out.sort();
}

function readCase(name: string): Case {
  return JSON.parse(readFileSync(join(corpus, name, 'case.json'), 'utf8')) as Case;
}

/** The first line where two byte strings differ, shown with its line ending, for a readable failure. */
function firstDifference(expected: Buffer, actual: Buffer): string {
  const e = expected.toString('utf8').split('\n');
  const a = actual.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: expected ${JSON.stringify(e[i])}, got ${JSON.stringify(a[i])}`;
  }
  return `same lines, different bytes (${expected.length} vs ${actual.length} bytes)`;
}

/** Asserts that the tree at dir is the tree at expected, byte for byte, with no file added or removed. */
function assertSameTree(dir: string, expected: string, label: string): void {
  const want = listFiles(expected);
  assert.deepEqual(listFiles(dir), want, `${label}: files added or removed`);
  for (const file of want) {
    const e = readFileSync(join(expected, file));
    const a = readFileSync(join(dir, file));
    if (!e.equals(a)) assert.fail(`${label}: ${file} differs at ${firstDifference(e, a)}`);
  }
}

const names = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('bump corpus fixtures are well formed', () => {
  it('has at least 15 cases, each with before/, after/ and case.json', () => {
    assert.ok(names.length >= 15, `only ${names.length} cases`);
    for (const name of names) {
      for (const part of ['before', 'after', 'case.json']) assert.ok(existsSync(join(corpus, name, part)), `${name}/${part}`);
    }
    assert.equal(readFileSync(join(root, 'test/fixtures/.gitattributes'), 'utf8'), '* -text\n');
  });

  it('leaves after/ equal to before/ whenever nothing may be written', () => {
    for (const name of names) {
      const c = readCase(name);
      const args = c.args ?? [];
      if (c.exit !== 0 || args.includes('--check') || args.includes('--dry-run')) {
        assertSameTree(join(corpus, name, 'after'), join(corpus, name, 'before'), name);
      }
    }
  });

  it('points every expected change at a line of before/ that holds the old value', () => {
    for (const name of names) {
      for (const change of readCase(name).changes) {
        const m = CHANGE_LINE.exec(change);
        assert.ok(m, `${name}: malformed change ${change}`);
        const [, file, line, old] = m;
        const lines = readFileSync(join(corpus, name, 'before', file!), 'utf8').split('\n');
        const text = lines[Number(line) - 1];
        assert.ok(text !== undefined && text.includes(old!), `${name}: ${file}:${line} does not hold ${old}`);
      }
    }
  });

  it('keeps the CRLF fixtures CRLF', () => {
    for (const file of ['crlf-appveyor/before/appveyor.yml', 'crlf-appveyor/after/appveyor.yml', 'bom-crlf-appveyor/after/appveyor.yml']) {
      const text = readFileSync(join(corpus, file), 'latin1');
      assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, `${file} has a bare LF`);
      assert.ok(text.includes('\r\n'), `${file} has no CR`);
    }
    assert.deepEqual([...readFileSync(join(corpus, 'bom-crlf-appveyor/before/appveyor.yml')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });
});

/** Runs bump on a copy of the case's before/ and checks exit code, output and the tree against after/. */
function runCase(name: string, c: Case, dir: string, cwd: string): void {
  cpSync(join(corpus, name, 'before'), dir, { recursive: true });
  const args = c.args ?? [];
  const refArg = c.ref === null ? [] : [c.ref];
  const r = spawnSync(process.execPath, [wheelsRepo, 'bump', ...refArg, '--dir', dir, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  assert.equal(r.status, c.exit, `exit code\n${output}`);

  const printed = r.stdout.split(/\r?\n/).map((l) => l.trim());
  for (const change of c.changes) assert.ok(printed.includes(change), `missing "${change}"\n${output}`);
  if (c.exit === 0 && !args.includes('--check')) {
    // One line per change and no more: a printed pin that is not expected was wrongly taken for one.
    const pinLines = printed.filter((l) => CHANGE_LINE.test(l) && !l.startsWith('.yo-rc.json:'));
    assert.deepEqual([...pinLines].sort(), [...c.changes].sort(), `change lines\n${output}`);
  }
  for (const file of c.skipped ?? []) assert.ok(r.stdout.includes(file), `skipped ${file} not mentioned\n${output}`);
  for (const text of c.mentions ?? []) assert.ok(r.stdout.includes(text) || r.stderr.includes(text), `"${text}" not mentioned\n${output}`);
  if (c.exit !== 0) {
    assert.notEqual((r.stdout + r.stderr).trim(), '', `a failure says why\n${output}`);
    assert.doesNotMatch(r.stdout + r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `a user error prints no stack trace\n${output}`);
  }

  assertSameTree(dir, join(corpus, name, 'after'), name);
  assert.deepEqual(readdirSync(cwd), [], 'nothing written to the working directory');
}

describe('wheels-repo bump over the corpus', { concurrency: 2 }, () => {
  for (const name of names) {
    const c = readCase(name);
    it(`${name}: ${c.about ?? ''}`, () => {
      const dir = mkdtempSync(join(tmpdir(), `cwr-corpus-${name}-`));
      const cwd = mkdtempSync(join(tmpdir(), 'cwr-corpus-cwd-'));
      try {
        runCase(name, c, dir, cwd);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }
});
