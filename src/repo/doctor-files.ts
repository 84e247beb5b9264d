// The offline checks of `wheels-repo doctor`: what the files of a wheels repository say, generated or
// hand-made (scipy-wheels). Each check has a fix command wherever one exists. Nothing is written, and
// nothing in the repository is executed (config.sh is parsed by `bash -n`, never sourced).
import { parseDocument } from '#yaml';
import { planBump, pinnedValues } from '../core/bump-plan.js';
import { UserError } from '../core/errors.js';
import { findCiFiles } from '../io/ci-files.js';
import { kindOf, schemaError } from '../io/ci-schemas.js';
import { gitlinkAt, isGitRepository } from '../io/git.js';
import { loadPins } from '../io/package-files.js';
import { RepoFiles } from '../io/repo-files.js';
import { bashSyntaxError } from '../io/shell-hooks.js';
import type { Check } from './doctor-types.js';
import { generateFiles } from './generation.js';
import { manifestBases, STORE_FILE } from './store.js';
import { WheelsRepo } from './wheels-repo.js';

const check = (id: string, title: string, status: Check['status'], detail?: string, fix?: string): Check =>
  ({ id, group: 'files', title, status, ...(detail ? { detail } : {}), ...(fix ? { fix } : {}) });

/** The model, or the check that says why there is none (a hand-made repository, or a broken store). */
function answersCheck(dir: string): { repo?: WheelsRepo; check: Check } {
  try {
    const stored = WheelsRepo.read(dir);
    if (!stored) return { check: check('answers', 'stored answers', 'skip', `no ${STORE_FILE}: a hand-made repository; the checks of generated files are skipped`) };
    const repo = WheelsRepo.validate(stored, { fix: 'wheels-repo upgrade --set KEY=VALUE' });
    const migrations = stored.store.migrations;
    return migrations.length > 0
      ? { repo, check: check('answers', 'stored answers', 'warn', `stored by an older version; the upgrade migrates them: ${migrations.join('; ')}`, 'wheels-repo upgrade') }
      : { repo, check: check('answers', 'stored answers', 'pass', `${repo.layout.id}, ${repo.answers.engine}, ${repo.answers.platforms.length} platforms × ${repo.answers.python.length} Pythons`) };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { check: check('answers', 'stored answers', 'fail', e.message, `git checkout -- ${STORE_FILE}`) };
  }
}

async function ciFileChecks(files: RepoFiles): Promise<{ checks: Check[]; texts: Array<{ path: string; text: string }> }> {
  const ci = findCiFiles(files);
  const texts: Array<{ path: string; text: string }> = [];
  const bad: string[] = [];
  for (const path of ci.live) {
    const text = files.read(path) as string;
    const doc = parseDocument(text, { version: path.startsWith('.github/') ? '1.2' : '1.1' });
    if (doc.errors.length > 0) {
      bad.push(`${path} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]})`);
      continue;
    }
    texts.push({ path, text });
    const kind = kindOf(path);
    const error = kind ? await schemaError(kind, doc.toJS()) : null;
    if (error) bad.push(`${path} does not pass the ${kind} schema ${error}`);
  }
  if (ci.live.length === 0) return { checks: [check('ci-files', 'CI files', 'fail', 'no CI file found (.github/workflows/*.yml, .travis.yml, appveyor.yml, ...)', 'wheels-repo upgrade')], texts };
  return {
    checks: [bad.length > 0
      ? check('ci-files', 'CI files parse and pass their JSON Schema', 'fail', bad.join('; '), `git checkout -- ${bad.map((b) => b.split(' ')[0]).join(' ')}`)
      : check('ci-files', 'CI files parse and pass their JSON Schema', 'pass', ci.live.join(', '))],
    texts,
  };
}

function configCheck(files: RepoFiles, generated: boolean): Check {
  const text = files.read('config.sh');
  if (text === undefined) return check('config-sh', 'config.sh', generated ? 'fail' : 'skip', 'config.sh is missing', generated ? 'git checkout -- config.sh' : undefined);
  const syntax = bashSyntaxError(text);
  if (syntax) return check('config-sh', 'config.sh', 'fail', `bash cannot parse it: ${syntax}`, 'bash -n config.sh');
  // Read, not sourced: a repository is untrusted input. The definition multibuild and the hooks call.
  if (!/^\s*(function\s+run_tests\b|run_tests\s*\(\s*\))/m.test(text)) return check('config-sh', 'config.sh', 'fail', 'it defines no run_tests function, which every test step calls', 'git checkout -- config.sh');
  return check('config-sh', 'config.sh', 'pass', 'parses and defines run_tests');
}

function pinsCheck(texts: Array<{ path: string; text: string }>): Check {
  const plan = planBump(texts, undefined);
  const values = pinnedValues(plan);
  if (plan.pins.length === 0) return check('pins', 'BUILD_COMMIT pins agree', 'warn', 'no BUILD_COMMIT pin found');
  if (values.size > 1) {
    const [first] = values.keys();
    return check('pins', 'BUILD_COMMIT pins agree', 'fail', [...values].map(([v, where]) => `${v} (${where.join(', ')})`).join(' vs '), `wheels-repo bump ${first}`);
  }
  return check('pins', 'BUILD_COMMIT pins agree', 'pass', `${plan.pins.length} pin${plan.pins.length === 1 ? '' : 's'} at ${[...values.keys()][0]}`);
}

function gitlinkCheck(repo: WheelsRepo, files: RepoFiles): Check | undefined {
  const wanted = repo.store.gitlinks ?? {};
  const pinned = wanted.multibuild;
  if (pinned === undefined) return undefined;
  if (!isGitRepository(repo.dir)) return check('gitlink', 'multibuild submodule', 'skip', 'not a git repository');
  const now = gitlinkAt(repo.dir, 'multibuild');
  const url = /url\s*=\s*(\S+)/.exec(files.read('.gitmodules') ?? '')?.[1];
  if (now === undefined) return check('gitlink', 'multibuild submodule', 'fail', 'the multibuild gitlink is missing', `git submodule add ${loadPins().multibuild.url} multibuild && git -C multibuild checkout ${pinned}`);
  if (!url || !/multi-?build\/multibuild(\.git)?$|matthew-brett\/multibuild(\.git)?$/.test(url)) return check('gitlink', 'multibuild submodule', 'fail', `.gitmodules does not point multibuild at multibuild's repository (${url ?? 'no url'})`, 'git checkout -- .gitmodules');
  // Whether `now` is newer than the pin needs multibuild's history, which a clone may not have: a link
  // elsewhere fails, and the fix names the pin (an upgrade keeps a link you moved on purpose).
  if (now !== pinned) return check('gitlink', 'multibuild submodule', 'fail', `at ${now.slice(0, 12)}, not the pinned ${pinned.slice(0, 12)} (the fix stages the pinned link; commit it)`, `git update-index --cacheinfo 160000,${pinned},multibuild`);
  return check('gitlink', 'multibuild submodule', 'pass', `at the pinned ${pinned.slice(0, 12)}`);
}

/**
 * Every action pinned by a full SHA. A pin older than what this version ships fails when someone
 * changed it (the fix puts the shipped SHA back), and is listed when an older version generated it
 * (the upgrade moves it, edits kept).
 */
function actionPinsCheck(texts: Array<{ path: string; text: string }>, bases: ReadonlyMap<string, string>): Check | undefined {
  const shipped = new Map(Object.values(loadPins().actions).map((p) => [p.repo, p]));
  const unpinned: string[] = [];
  const older: string[] = [];
  const fixes: string[] = [];
  const generatedOlder: string[] = [];
  let count = 0;
  for (const { path, text } of texts.filter((t) => t.path.startsWith('.github/'))) {
    for (const m of text.matchAll(/^\s*-?\s*uses:\s*["']?([^@\s"']+)@([^\s"'#]+)/gm)) {
      count++;
      const [, action, ref] = m as unknown as [string, string, string];
      if (!/^[0-9a-f]{40}$/.test(ref)) unpinned.push(`${action}@${ref} (${path})`);
      else if (shipped.has(action) && shipped.get(action)?.ref !== ref) {
        const note = `${action} (${path}: ${ref.slice(0, 12)}, this version ships ${shipped.get(action)?.tag})`;
        if (bases.get(path)?.includes(`${action}@${ref}`)) generatedOlder.push(note);
        else {
          older.push(note);
          fixes.push(`sed -i 's/${ref}/${shipped.get(action)?.ref}/' ${path}`);
        }
      }
    }
  }
  if (count === 0) return undefined;
  if (unpinned.length > 0) return check('action-pins', 'actions pinned by SHA', 'fail', `not pinned by a full SHA: ${unpinned.join(', ')}`, 'wheels-repo upgrade');
  if (older.length > 0) return check('action-pins', 'actions pinned by SHA', 'fail', `changed to pins older than this version ships: ${older.join(', ')}`, [...new Set(fixes)].join(' && '));
  if (generatedOlder.length > 0) return check('action-pins', 'actions pinned by SHA', 'warn', `generated by an older version, with older pins: ${generatedOlder.join(', ')}`, 'wheels-repo upgrade');
  return check('action-pins', 'actions pinned by SHA', 'pass', `${count} action${count === 1 ? '' : 's'}, each at the SHA this version ships`);
}

function generatedFilesCheck(repo: WheelsRepo): Check {
  const bases = manifestBases(repo.store);
  const fresh = new Map(generateFiles(repo.answers).files.map((f) => [f.path, f.content]));
  const missing: string[] = [];
  const edited: string[] = [];
  for (const [path, base] of bases) {
    const now = repo.files.read(path);
    if (now === undefined) missing.push(path);
    else if (now !== base && now !== fresh.get(path)) edited.push(path);
  }
  if (missing.length > 0) return check('generated-files', 'generated files', 'fail', `missing: ${missing.join(', ')}`, `git checkout -- ${missing.join(' ')}`);
  return check('generated-files', 'generated files', edited.length > 0 ? 'info' : 'pass', edited.length > 0 ? `edited by you (kept by upgrades): ${edited.join(', ')}` : `${bases.size} files as generated`);
}

export async function fileChecks(dir: string): Promise<{ checks: Check[]; repo?: WheelsRepo }> {
  const { repo, check: answers } = answersCheck(dir);
  const files = repo?.files ?? new RepoFiles(dir);
  const { checks: ci, texts } = await ciFileChecks(files);
  const out = [answers, ...ci, configCheck(files, repo !== undefined), pinsCheck(texts)];
  if (repo) {
    const link = gitlinkCheck(repo, files);
    if (link) out.push(link);
  }
  const actions = actionPinsCheck(texts, repo ? manifestBases(repo.store) : new Map());
  if (actions) out.push(actions);
  if (repo) out.push(generatedFilesCheck(repo));
  return { checks: out, repo };
}
