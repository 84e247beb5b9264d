// Property: for any valid REF, bumping a corpus repository changes the data of its CI files only at
// the BUILD_COMMIT pins, which then all read as the string REF in YAML 1.1 and 1.2, and changes the
// text only on the lines that held a pin (and the answer line of .yo-rc.json).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wheelsRepo = join(root, 'dist/src/bin/wheels-repo.cjs');
const corpus = join(root, 'test/fixtures/bump');
const RUNS = Number(process.env.BUMP_PROPERTY_RUNS ?? 15);

interface Case { ref: string | null; args?: string[]; exit: number; changes: string[]; mentions?: string[] }
type Kind = 'travis' | 'appveyor' | 'azure' | 'actions';
type Obj = Record<string, unknown>;

// ---- valid refs, from git's ref-name rules (git check-ref-format) ----

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-'.split('');
const component = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''))
  .filter((c) => !c.startsWith('.') && !c.endsWith('.lock') && !c.includes('..'));
/** Refs that YAML 1.1 or 1.2 would read as a number, boolean, null or date when written plain. */
const numberLike = fc.oneof(
  fc.constantFrom('1.10', '2e5', '1_000', 'on', 'off', 'yes', 'no', 'y', 'n', 'true', 'False', 'null', 'Null', '0x1f', '0o17',
    '0b101', '017', '4e10993', '1e3', '1.0e+3', '12345', '2024-01-01', '1_0.5', '3.0', '10', 'NULL', 'TRUE', 'Yes', 'ON', 'Y',
    'N', 'NaN', '0x_1F', '0755', '08', '1e+3', '2002-12-14'),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.nat(99), fc.nat(9)).map(([a, b]) => `${a}e${b}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.nat(999)).map(([a, b]) => `${a}_${b}`),
);
const validRef = fc.oneof(
  { arbitrary: fc.array(component, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('/')), weight: 3 },
  { arbitrary: numberLike, weight: 2 },
  { arbitrary: fc.stringMatching(/^[0-9a-f]{7}$|^[0-9a-f]{40}$/), weight: 1 },
).filter((r) => !r.endsWith('.') && !/^[-+]/.test(r) && r !== '@');

// ---- where the pins live, from the spec ----

function kindOf(file: string): Kind | undefined {
  if (file === '.travis.yml') return 'travis';
  if (file === 'appveyor.yml' || file === '.appveyor.yml') return 'appveyor';
  if (file === 'azure-pipelines.yml' || /^azure\/[^/]+\.yml$/.test(file)) return 'azure';
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(file)) return 'actions';
  return undefined;
}

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);
const ASSIGNMENT = /(^|\s)BUILD_COMMIT=("?)([^\s"]*)\2(?=\s|$)/g;

interface Visitor {
  /** A mapping key BUILD_COMMIT holding a scalar. */
  key(owner: Obj, key: string): void;
  /** A Travis env string holding `BUILD_COMMIT=...` assignments: owner[at] is the string. */
  assignments(owner: Obj | unknown[], at: string | number): void;
}

function travisEnv(owner: Obj, key: string, v: Visitor): void {
  const env = owner[key];
  if (typeof env === 'string') v.assignments(owner, key);
  else if (Array.isArray(env)) env.forEach((item, i) => { if (typeof item === 'string') v.assignments(env, i); });
}

function mappingKey(owner: unknown, v: Visitor): void {
  if (isObj(owner) && 'BUILD_COMMIT' in owner && !isObj(owner.BUILD_COMMIT) && !Array.isArray(owner.BUILD_COMMIT)) v.key(owner, 'BUILD_COMMIT');
}

function azureVariables(owner: unknown, v: Visitor): void {
  if (!isObj(owner)) return;
  const vars = owner.variables;
  if (Array.isArray(vars)) for (const item of vars) { if (isObj(item) && item.name === 'BUILD_COMMIT' && 'value' in item) v.key(item, 'value'); }
  else mappingKey(vars, v);
}

function visitPins(kind: Kind, data: unknown, v: Visitor): void {
  if (!isObj(data)) return;
  if (kind === 'travis') {
    if (isObj(data.env)) travisEnv(data.env, 'global', v);
    else travisEnv(data, 'env', v);
    for (const key of ['jobs', 'matrix']) {
      const section = data[key];
      const include = isObj(section) ? section.include : undefined;
      if (Array.isArray(include)) for (const job of include) if (isObj(job)) travisEnv(job, 'env', v);
    }
  } else if (kind === 'appveyor') {
    const env = data.environment;
    mappingKey(env, v);
    if (isObj(env)) {
      mappingKey(env.global, v);
      if (Array.isArray(env.matrix)) for (const item of env.matrix) mappingKey(item, v);
    }
  } else if (kind === 'azure') {
    azureVariables(data, v);
    const jobsOf = (o: Obj): unknown[] => (Array.isArray(o.jobs) ? o.jobs : []);
    for (const job of jobsOf(data)) azureVariables(job, v);
    for (const stage of Array.isArray(data.stages) ? data.stages : []) {
      azureVariables(stage, v);
      if (isObj(stage)) for (const job of jobsOf(stage)) azureVariables(job, v);
    }
  } else {
    mappingKey(data.env, v);
    if (isObj(data.jobs)) for (const job of Object.values(data.jobs)) if (isObj(job)) mappingKey(job.env, v);
  }
}

/** The data as it must read after the bump: every pin set to ref, the rest untouched. */
function withPinsSetTo(kind: Kind, data: unknown, ref: string): unknown {
  const copy = structuredClone(data);
  visitPins(kind, copy, {
    key(owner, key) { owner[key] = ref; },
    assignments(owner, at) {
      const s = (owner as Record<string | number, unknown>)[at] as string;
      (owner as Record<string | number, unknown>)[at] = s.replace(ASSIGNMENT, (_m, pre: string, q: string) => `${pre}BUILD_COMMIT=${q}${ref}${q}`);
    },
  });
  return copy;
}

/** Every pin value in the data, as parsed (so a number stays a number). */
function pinValues(kind: Kind, data: unknown): unknown[] {
  const out: unknown[] = [];
  visitPins(kind, data, {
    key(owner, key) { out.push(owner[key]); },
    assignments(owner, at) {
      const s = (owner as Record<string | number, unknown>)[at] as string;
      for (const m of s.matchAll(ASSIGNMENT)) out.push(m[3]);
    },
  });
  return out;
}

// ---- the corpus ----

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, path));
    else out.push(path);
  }
  return out.sort();
}

interface Repo { name: string; files: Map<string, string>; pinLines: Map<string, Map<number, string>>; pinCount: number; args: string[] }

function loadRepo(name: string, c: Case): Repo {
  const before = join(corpus, name, 'before');
  const files = new Map(listFiles(before).map((f) => [f, readFileSync(join(before, f), 'utf8')] as const));
  const pinLines = new Map<string, Map<number, string>>();
  for (const change of c.changes) {
    const [, file, line, old] = /^(\S+):(\d+) (.+) → (.+)$/.exec(change)!;
    if (!pinLines.has(file!)) pinLines.set(file!, new Map());
    pinLines.get(file!)!.set(Number(line), old!);
  }
  const yoRc = files.get('.yo-rc.json');
  if (yoRc !== undefined) {
    const i = yoRc.split('\n').findIndex((l) => l.includes('"buildCommit"'));
    pinLines.set('.yo-rc.json', new Map([[i + 1, JSON.parse(yoRc)['create-wheels-repo'].answers.buildCommit as string]]));
  }
  return { name, files, pinLines, pinCount: c.changes.length, args: (c.args ?? []).filter((a) => a !== '--dry-run') };
}

/**
 * Cases that bump successfully; a --dry-run case is bumped for real here. A case that keeps a
 * deliberate override (a "kept:" line: it differs from the main pin and --all was not given) is left
 * to test/cli/bump-corpus.test.ts, which checks its exact output: here every pin must read as REF.
 */
const repos: Repo[] = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  .map((name) => [name, JSON.parse(readFileSync(join(corpus, name, 'case.json'), 'utf8')) as Case] as const)
  .filter(([, c]) => c.exit === 0 && c.changes.length > 0 && !(c.args ?? []).includes('--check') && !(c.mentions ?? []).some((m) => m.startsWith('kept:')))
  .map(([name, c]) => loadRepo(name, c));

function runBump(ref: string, dir: string, args: readonly string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wheelsRepo, 'bump', ref, '--dir', dir, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out }));
  });
}

function isYaml(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseBoth(text: string, file: string): [unknown, unknown] {
  return [parse(text, { version: '1.1' }) as unknown, parse(text, { version: '1.2' }) as unknown].map((d) => {
    assert.ok(d !== undefined, `${file} parses`);
    return d;
  }) as [unknown, unknown];
}

async function checkBump(repo: Repo, ref: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `cwr-prop-${repo.name}-`));
  try {
    cpSync(join(corpus, repo.name, 'before'), dir, { recursive: true });
    const r = await runBump(ref, dir, repo.args);
    assert.equal(r.status, 0, `bump ${JSON.stringify(ref)} in ${repo.name}: ${r.out}`);
    assert.deepEqual(listFiles(dir), [...repo.files.keys()], 'no file added or removed');
    let pins = 0;
    for (const [file, before] of repo.files) {
      const after = readFileSync(join(dir, file), 'utf8');
      const where = `${repo.name}/${file} with REF ${JSON.stringify(ref)}`;

      // Text: only the lines that held a pin change, and each of them does unless it already held REF.
      const b = before.split('\n');
      const a = after.split('\n');
      assert.equal(a.length, b.length, `${where}: line count`);
      const allowed = repo.pinLines.get(file) ?? new Map<number, string>();
      const changed = b.flatMap((line, i) => (line === a[i] ? [] : [i + 1]));
      for (const n of changed) assert.ok(allowed.has(n), `${where}: line ${n} changed: ${JSON.stringify(b[n - 1])} → ${JSON.stringify(a[n - 1])}`);
      for (const [n, old] of allowed) if (old !== ref) assert.ok(changed.includes(n), `${where}: pin line ${n} unchanged`);

      // Data: the same as before except the pins, which all read as the string REF.
      const kind = kindOf(file);
      if (kind !== undefined && !isYaml(before)) {
        // a file without a pin that is not YAML (broken-other-workflow): bump never parses it, nor writes it
        assert.equal(after, before, `${where}: a file that is not YAML is left as it is`);
      } else if (kind !== undefined) {
        const [before11, before12] = parseBoth(before, where);
        const [after11, after12] = parseBoth(after, where);
        assert.deepEqual(after11, withPinsSetTo(kind, before11, ref), `${where}: YAML 1.1 data`);
        assert.deepEqual(after12, withPinsSetTo(kind, before12, ref), `${where}: YAML 1.2 data`);
        for (const data of [after11, after12]) {
          for (const value of pinValues(kind, data)) assert.equal(value, ref, `${where}: a pin reads as ${JSON.stringify(value)}`);
        }
        pins += pinValues(kind, before12).length;
      } else if (file === '.yo-rc.json') {
        const expected = JSON.parse(before) as { 'create-wheels-repo': { answers: Obj } };
        expected['create-wheels-repo'].answers.buildCommit = ref;
        assert.deepEqual(JSON.parse(after), expected, `${where}: only answers.buildCommit changes`);
      }
    }
    assert.equal(pins, repo.pinCount, `${repo.name}: the pins found in the data are the expected changes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bump property: any valid REF changes exactly the pins', { concurrency: 2 }, () => {
  it('covers the corpus', () => assert.ok(repos.length >= 12, `${repos.length} repositories`));
  for (const repo of repos) {
    it(repo.name, async () => {
      await fc.assert(fc.asyncProperty(validRef, (ref) => checkBump(repo, ref)), {
        numRuns: RUNS,
        includeErrorInReport: true,
        examples: [['1.10'], ['2e5']],
      });
    });
  }
});
