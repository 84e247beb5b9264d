// The offline checks of `wheels-repo doctor`: what the files of a wheels repository say, generated or
// hand-made (scipy-wheels). Each check has a fix command wherever one exists. Nothing is written, and
// nothing in the repository is executed (config.sh is parsed by `bash -n`, never sourced).
import { parseDocument } from '#yaml';
import { planBump, pinnedValues } from '../core/bump-plan.js';
import { UserError } from '../core/errors.js';
import { secureValueState } from '../core/secure-values.js';
import { findCiFiles } from '../io/ci-files.js';
import { kindOf, schemaError } from '../io/ci-schemas.js';
import { gitlinkAt, isGitRepository } from '../io/git.js';
import { loadPins } from '../io/package-files.js';
import { RepoFiles } from '../io/repo-files.js';
import { bashSyntaxError } from '../io/shell-hooks.js';
import { checkIn, type Check } from './doctor-types.js';
import { generateFiles } from './generation.js';
import { manifestBases, STORE_FILE } from './store.js';
import { WheelsRepo } from './wheels-repo.js';

const check = checkIn('files', 'Files');
/** Secure values are read from the CI files, offline, but they are the CI services' settings. */
const ciServiceCheck = checkIn('files', 'CI services');

/** The guard's refusal, without the "nothing was changed" that suits a command that writes. */
function refusal(e: UserError): string {
  const link = /symbolic link/.test(e.message) ? ' (links are refused: doctor reads nothing through one)' : '';
  return `${e.message.replace(/(; nothing was changed)?\.$/, '')}${link}.`;
}

/**
 * The text of `path` (undefined when there is none), or the guard's refusal to read it (a symbolic
 * link, a directory where a file belongs): that check's failure, naming the path, never doctor's end.
 */
function readGuarded(files: RepoFiles, path: string): { text?: string; refused?: UserError } {
  try {
    return { text: files.read(path) };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { refused: e };
  }
}

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

async function ciFileChecks(files: RepoFiles): Promise<{ checks: Check[]; texts: Array<{ path: string; text: string }>; listed: boolean }> {
  const title = 'CI files parse and pass their JSON Schema';
  let ci: ReturnType<typeof findCiFiles>;
  try {
    ci = findCiFiles(files);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // The guard names the directory it was asked to list (ci/azure, say); the user made the link.
    const link = /symbolic link ([^;]+);/.exec(e.message)?.[1];
    const detail = link ? `${link} is a symbolic link: the CI files under it are not read (links are refused)` : refusal(e);
    return { checks: [check('ci-files', title, 'fail', detail, e.hint)], texts: [], listed: false };
  }
  const texts: Array<{ path: string; text: string }> = [];
  const bad: string[] = [];
  let refused: UserError | undefined;
  for (const path of ci.live) {
    const { text = '', refused: no } = readGuarded(files, path);
    if (no) {
      refused ??= no;
      bad.push(`${path} is not read: ${refusal(no)}`);
      continue;
    }
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
  if (ci.live.length === 0) return { checks: [check('ci-files', 'CI files', 'fail', 'no CI file found (.github/workflows/*.yml, .travis.yml, appveyor.yml, ...)', 'wheels-repo upgrade')], texts, listed: true };
  return {
    checks: [bad.length > 0
      // a link is not fixed by a checkout (git restores the link): the guard's hint says what is
      ? check('ci-files', title, 'fail', bad.join('; '), refused?.hint ?? `git checkout -- ${bad.map((b) => b.split(' ')[0]).join(' ')}`)
      : check('ci-files', title, 'pass', ci.live.join(', '))],
    texts,
    listed: true,
  };
}

function configCheck(files: RepoFiles, generated: boolean): Check {
  const { text, refused } = readGuarded(files, 'config.sh');
  if (refused) return check('config-sh', 'config.sh', 'fail', refusal(refused), refused.hint);
  if (text === undefined) return check('config-sh', 'config.sh', generated ? 'fail' : 'skip', 'config.sh is missing', generated ? 'git checkout -- config.sh' : undefined);
  const syntax = bashSyntaxError(text);
  if (syntax) return check('config-sh', 'config.sh', 'fail', `bash cannot parse it: ${syntax}`, 'bash -n config.sh');
  // Read, not sourced: a repository is untrusted input. The definition multibuild and the hooks call.
  if (!/^\s*(function\s+run_tests\b|run_tests\s*\(\s*\))/m.test(text)) return check('config-sh', 'config.sh', 'fail', 'it defines no run_tests function, which every test step calls', 'git checkout -- config.sh');
  return check('config-sh', 'config.sh', 'pass', 'parses and defines run_tests');
}

function pinsCheck(texts: Array<{ path: string; text: string }>, listed: boolean): Check {
  if (!listed) return check('pins', 'BUILD_COMMIT pins agree', 'skip', 'the CI files could not be listed (see "CI files")');
  // bump --check's logic: the main pins must agree; an intentional override is listed, not failed
  const plan = planBump(texts, undefined);
  if (plan.pins.length === 0) return check('pins', 'BUILD_COMMIT pins agree', 'warn', 'no BUILD_COMMIT pin found');
  const main = [...pinnedValues(plan)].filter(([v]) => plan.mainValues.includes(v));
  if (main.length > 1) return check('pins', 'BUILD_COMMIT pins agree', 'fail', main.map(([v, where]) => `${v} (${where.join(', ')})`).join(' vs '), `wheels-repo bump ${plan.mainValues[0]}`);
  const n = plan.pins.length - plan.overrides.length;
  const kept = plan.overrides.map((o) => `${o.path} ${o.where} ${o.value}`).join(', ');
  return check('pins', 'BUILD_COMMIT pins agree', 'pass', `${n} pin${n === 1 ? '' : 's'} at ${plan.mainValues[0]}${kept && `; intentional override${plan.overrides.length === 1 ? '' : 's'} kept: ${kept}`}`);
}

function gitlinkCheck(repo: WheelsRepo, files: RepoFiles): Check | undefined {
  const pinned = repo.store.gitlinks?.multibuild;
  if (pinned === undefined) return undefined;
  if (!isGitRepository(repo.dir)) return check('gitlink', 'multibuild submodule', 'skip', 'not a git repository');
  const now = gitlinkAt(repo.dir, 'multibuild');
  const { text: gitmodules, refused } = readGuarded(files, '.gitmodules');
  if (refused) return check('gitlink', 'multibuild submodule', 'fail', refusal(refused), refused.hint);
  const url = /url\s*=\s*(\S+)/.exec(gitmodules ?? '')?.[1];
  if (now === undefined) return check('gitlink', 'multibuild submodule', 'fail', 'the multibuild gitlink is missing', `git submodule add ${loadPins().multibuild.url} multibuild && git -C multibuild checkout ${pinned}`);
  if (!url || !/multi-?build\/multibuild(\.git)?$|matthew-brett\/multibuild(\.git)?$/.test(url)) return check('gitlink', 'multibuild submodule', 'fail', `.gitmodules does not point multibuild at multibuild's repository (${url ?? 'no url'})`, 'git checkout -- .gitmodules');
  // Whether `now` is newer than the pin needs multibuild's history, which a clone may not have: a
  // Dependabot update moves the link on purpose, so another commit is a warning, and the fix names
  // the pin for a link moved by mistake (an upgrade keeps a link you moved).
  if (now !== pinned) return check('gitlink', 'multibuild submodule', 'warn', `at ${now.slice(0, 12)}, which differs from the pinned ${pinned.slice(0, 12)} and cannot be verified as newer (that needs multibuild's history); if it was not moved on purpose, the fix stages the pinned link (commit it)`, `git update-index --cacheinfo 160000,${pinned},multibuild`);
  return check('gitlink', 'multibuild submodule', 'pass', `at the pinned ${pinned.slice(0, 12)}`);
}

/** Sign of a − b for two version tags (v7.0.1, 0.6.4), numerically: v7.10.0 > v7.9.1, v4 = v4.0.0; undefined when either is no version. */
export function compareTags(a: string, b: string): number | undefined {
  const [x, y] = [a, b].map((tag) => /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1]?.split('.').map(Number));
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return Math.sign((x[i] ?? 0) - (y[i] ?? 0));
  return 0;
}

/**
 * Every action pinned by a full SHA. A pin whose `# vX.Y.Z` comment names a newer tag than this
 * version ships passes (Dependabot keeps the SHA and the comment in step). Any other SHA than the
 * shipped one fails when someone changed it (the fix puts the shipped SHA back), and is listed when
 * an older version generated it (the upgrade moves it, edits kept). Each pin is named once, however
 * many steps use it.
 */
function actionPinsCheck(texts: Array<{ path: string; text: string }>, bases: ReadonlyMap<string, string>): Check | undefined {
  const shipped = new Map(Object.values(loadPins().actions).map((p) => [p.repo, p]));
  const unpinned = new Set<string>();
  const older = new Set<string>();
  const fixes = new Set<string>();
  const generatedOlder = new Set<string>();
  const newer = new Set<string>();
  let count = 0;
  for (const { path, text } of texts.filter((t) => t.path.startsWith('.github/'))) {
    for (const m of text.matchAll(/^\s*-?\s*uses:\s*["']?([^@\s"']+)@([^\s"'#]+)["']?(?:[ \t]+#[ \t]*(\S+))?/gm)) {
      count++;
      const [, action, ref, tag] = m as unknown as [string, string, string, string | undefined];
      const ships = shipped.get(action);
      if (!/^[0-9a-f]{40}$/.test(ref)) unpinned.add(`${action}@${ref} (${path})`);
      else if (ships && ships.ref !== ref) {
        const order = tag && ships.tag ? compareTags(tag, ships.tag) : undefined;
        if (order !== undefined && order > 0) {
          newer.add(`${action} ${tag} (${path})`);
          continue;
        }
        const note = `${action} (${path}: ${ref.slice(0, 12)}${tag ? ` # ${tag}` : ''}, this version ships ${ships.tag})`;
        if (bases.get(path)?.includes(`${action}@${ref}`)) generatedOlder.add(note);
        else {
          older.add(note);
          fixes.add(`sed -i 's/${ref}/${ships.ref}/' ${path}`);
        }
      }
    }
  }
  if (count === 0) return undefined;
  const title = 'actions pinned by SHA';
  const list = (s: Set<string>) => [...s].join(', ');
  if (unpinned.size > 0) return check('action-pins', title, 'fail', `not pinned by a full SHA: ${list(unpinned)}`, 'wheels-repo upgrade');
  if (older.size > 0) return check('action-pins', title, 'fail', `changed to pins that are not newer than this version ships: ${list(older)}`, [...fixes].join(' && '));
  if (generatedOlder.size > 0) return check('action-pins', title, 'warn', `generated by an older version, with older pins: ${list(generatedOlder)}`, 'wheels-repo upgrade');
  const actions = `${count} action${count === 1 ? '' : 's'}`;
  if (newer.size > 0) return check('action-pins', title, 'pass', `${actions}, each at the SHA this version ships or a newer tag (kept): ${list(newer)}`);
  return check('action-pins', title, 'pass', `${actions}, each at the SHA this version ships`);
}

function generatedFilesCheck(repo: WheelsRepo): Check {
  const bases = manifestBases(repo.store);
  const fresh = new Map(generateFiles(repo.answers).files.map((f) => [f.path, f.content]));
  const missing: string[] = [];
  const edited: string[] = [];
  const refused: string[] = [];
  let hint: string | undefined;
  for (const [path, base] of bases) {
    const { text: now, refused: no } = readGuarded(repo.files, path);
    if (no) {
      refused.push(path);
      hint ??= no.hint;
    } else if (now === undefined) missing.push(path);
    else if (now !== base && now !== fresh.get(path)) edited.push(path);
  }
  const title = 'generated files';
  if (refused.length > 0) return check('generated-files', title, 'fail', `refused by the file guard, so not compared (a symbolic link, or not a regular file; links are refused): ${refused.join(', ')}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`, hint);
  if (missing.length > 0) return check('generated-files', title, 'fail', `missing: ${missing.join(', ')}`, `git checkout -- ${missing.join(' ')}`);
  return check('generated-files', title, edited.length > 0 ? 'info' : 'pass', edited.length > 0 ? `edited by you (kept by upgrades): ${edited.join(', ')}` : `${bases.size} files as generated`);
}

/**
 * The secure values a layout keeps in its CI files (.travis.yml, appveyor.yml): each must be
 * encrypted, not the placeholder it was generated with. Read from the files, so it holds offline.
 */
function secureValueChecks(repo: WheelsRepo): Check[] {
  const placed = repo.layout.secrets(repo.answers).filter((s) => s.file);
  const out: Check[] = [];
  for (const s of placed) {
    const [id, title] = [`secure-${s.name}-${s.file}`, `${s.name} encrypted in ${s.file}`];
    const { text, refused } = readGuarded(repo.files, s.file as string);
    const state = refused ? undefined : secureValueState(text ?? '', s.name);
    if (refused) out.push(ciServiceCheck(id, title, 'fail', refusal(refused), refused.hint));
    else if (state !== 'set') out.push(ciServiceCheck(id, title, 'fail', state === 'missing' ? 'no entry for it' : 'still the placeholder', 'wheels-repo secrets sync'));
  }
  if (out.length === 0 && placed.length > 0) out.push(ciServiceCheck('secure-values', 'secure values encrypted in the CI files', 'pass', placed.map((s) => `${s.name} (${s.file})`).join(', ')));
  return out;
}

export async function fileChecks(dir: string): Promise<{ checks: Check[]; repo?: WheelsRepo }> {
  const { repo, check: answers } = answersCheck(dir);
  const files = repo?.files ?? new RepoFiles(dir);
  const { checks: ci, texts, listed } = await ciFileChecks(files);
  const out: Check[] = [answers, ...ci];
  const add = (c: Check | undefined) => void (c && out.push(c));
  add(configCheck(files, repo !== undefined));
  add(pinsCheck(texts, listed));
  if (repo) add(gitlinkCheck(repo, files));
  add(actionPinsCheck(texts, repo ? manifestBases(repo.store) : new Map()));
  if (repo) {
    add(generatedFilesCheck(repo));
    out.push(...secureValueChecks(repo));
  }
  return { checks: out, repo };
}
