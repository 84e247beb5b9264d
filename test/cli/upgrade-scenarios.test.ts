// Upgrade scenarios (issue #6): a generated repository, a change by the user, a change of the templates
// or of the answers, and the exact outcome: file contents, exit status, the fate printed per file.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { recoverBase, SCHEMA_VERSION, sha256, type ManifestEntry, type StoredManifestEntry } from '../../src/core/manifest.js';
import { STORE_KEY } from '../../src/repo/store.js';
import {
  changedTemplates, commitAll, CREATE_BIN, generatedRepo, git, readText, replaceOnce, run, snapshot, VERSION, WHEELS_REPO_BIN, writeText,
} from '../support/wheels-repos.js';

const TRAVIS = ['--ci', 'travis-appveyor'];
const CIBW = ['--engine', 'cibuildwheel'];

function upgrade(dir: string, args: string[] = [], templates?: string, cwd = dir) {
  return run(process.execPath, [WHEELS_REPO_BIN, 'upgrade', ...args], cwd, templates ? { CREATE_WHEELS_REPO_TEMPLATES: templates } : {});
}

/** A manifest as schemas 1-3 stored it: each text as base64 of its gzip, with its sha256. */
const legacyManifest = (manifest: ManifestEntry[]) => manifest.map((e) => ({ path: e.path, mode: e.mode, sha256: sha256(e.text), base: gzipSync(Buffer.from(e.text, 'utf8')).toString('base64') }));

function createInside(dir: string, args: string[], templates?: string) {
  return run(process.execPath, [CREATE_BIN, ...args], dir, templates ? { CREATE_WHEELS_REPO_TEMPLATES: templates } : {});
}

const FATE = /^ {2}(\S+): (updated|merged \(your edits kept\)|CONFLICT \(\d+\)|added|removed \(no longer generated, never edited\)|kept \(no longer generated, but you edited it\)|stays deleted \(you deleted it\))$/;

/** The fate lines an upgrade printed, in order. */
function fates(stdout: string): string[] {
  return stdout.split('\n').filter((l) => FATE.test(l));
}

function stored(dir: string): { schemaVersion: number; generatorVersion: string; answers: Record<string, unknown>; manifest: StoredManifestEntry[] } {
  return JSON.parse(readText(dir, '.yo-rc.json'))[STORE_KEY];
}

function status(dir: string): string[] {
  return git(dir, 'status', '--porcelain').split('\n').filter(Boolean);
}

function head(dir: string): string {
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function hasMarkers(text: string): boolean {
  return /^(<{7}|={7}|>{7})( |$)/m.test(text);
}

// Template changes, as a newer create-wheels-repo might ship them.
const RUN_TESTS_COMMENT = '# run_tests: a non-zero exit fails the job.\n';
/** config.sh: a comment line above run_tests (far from the header and from BUILD_DEPENDS). */
const configComment = (t: string) => replaceOnce(t, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`);
/** config.sh: the test command line itself changes. */
const configTestLine = (t: string) => replaceOnce(t, '<%- body(a.testCommand) %>\n', '<%- body(a.testCommand) %> -p no:cacheprovider\n');
const README_LINE = 'See the create-wheels-repo changelog for what each version changed.\n';
const readmeAppend = (t: string) => `${t}\n${README_LINE}`;
/** The GitHub Actions workflows: a comment above `permissions:` (not near BUILD_COMMIT). */
const PERMISSIONS_COMMENT = '# Least privilege: a job asks for more when it needs it.\n';
const workflowComment = (t: string) => replaceOnce(t, '\npermissions:\n', `\n${PERMISSIONS_COMMENT}permissions:\n`);

/** The user's edit of config.sh near its top: a line under the header comment. */
const USER_HEADER_LINE = '# Maintained by the cymem team; ask in #wheels before changing the hooks.\n';
const userHeaderEdit = (t: string) => replaceOnce(t, '# Build hooks for cymem-wheels.\n', `# Build hooks for cymem-wheels.\n${USER_HEADER_LINE}`);

describe('upgrade: merging template changes into the user\'s edits', () => {
  it('a. an edit far from the template change: a clean merge keeps both', () => {
    const dir = generatedRepo();
    const mine = userHeaderEdit(readText(dir, 'config.sh'));
    writeText(dir, 'config.sh', mine);
    commitAll(dir, 'my header line');
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  config.sh: merged (your edits kept)']);
    assert.match(r.stdout, new RegExp(`^Upgraded to create-wheels-repo ${VERSION.replaceAll('.', '\\.')}\\.$`, 'm'));
    const merged = readText(dir, 'config.sh');
    assert.equal(merged, replaceOnce(mine, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
    assert.ok(!hasMarkers(merged));
    assert.deepEqual(status(dir), [' M .yo-rc.json', ' M config.sh']);
    // The new base is what the new templates gave, so the next upgrade merges against it.
    const entry = stored(dir).manifest.find((e) => e.path === 'config.sh');
    assert.ok(entry);
    assert.equal(recoverBase(entry), replaceOnce(readText(generatedRepo(), 'config.sh'), '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
  });

  it('a2. a CRLF work tree (core.autocrlf): line ends alone are no edit; the result keeps CRLF', () => {
    const dir = generatedRepo();
    const lf = readText(dir, 'config.sh');
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    writeText(dir, 'config.sh', crlf(lf));
    writeText(dir, 'README.md', crlf(`<!-- kept by the cymem team -->\n${readText(dir, 'README.md')}`));
    commitAll(dir, 'checked out on Windows');
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment, 'common/README.md.ejs': readmeAppend });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  README.md: merged (your edits kept)', '  config.sh: updated']);
    assert.equal(readText(dir, 'config.sh'), crlf(replaceOnce(lf, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`)));
    assert.ok(!/[^\r]\n/.test(readText(dir, 'README.md')), 'README.md keeps CRLF on every line');
    assert.equal(upgrade(dir, [], templates).stdout.match(/^Up to date/m)?.[0], 'Up to date');
  });

  it('b. an edit of the lines the template changes: conflict markers with both versions, exit 1, other files still upgraded', () => {
    const dir = generatedRepo();
    const readme = readText(dir, 'README.md');
    const mine = replaceOnce(readText(dir, 'config.sh'), '    pytest --pyargs cymem\n', '    pytest --pyargs cymem -x\n');
    writeText(dir, 'config.sh', mine);
    commitAll(dir, 'stop at the first failure');
    const before = head(dir);
    const templates = changedTemplates({ 'common/config.sh.ejs': configTestLine, 'common/README.md.ejs': readmeAppend });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  README.md: updated', '  config.sh: CONFLICT (1)']);
    assert.match(r.stdout, /\n1 file has conflicts, marked with <<<<<<< \/ >>>>>>>:\n {2}config\.sh\nResolve them, then commit\.\n$/);
    assert.equal(readText(dir, 'config.sh'), replaceOnce(mine, '    pytest --pyargs cymem -x\n', [
      '<<<<<<< config.sh (yours)',
      '    pytest --pyargs cymem -x',
      '=======',
      '    pytest --pyargs cymem -p no:cacheprovider',
      '>>>>>>> config.sh (new template)',
      '',
    ].join('\n')));
    assert.equal(readText(dir, 'README.md'), `${readme}\n${README_LINE}`);
    assert.deepEqual(status(dir), [' M .yo-rc.json', ' M README.md', ' M config.sh']);
    assert.equal(head(dir), before, 'nothing is committed');
  });

  it('c. a file the user deleted stays deleted, and says so', () => {
    const dir = generatedRepo();
    git(dir, 'rm', '-q', 'README.md');
    commitAll(dir, 'no README');
    const config = readText(dir, 'config.sh');
    const templates = changedTemplates({ 'common/README.md.ejs': readmeAppend, 'common/config.sh.ejs': configComment });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  README.md: stays deleted (you deleted it)', '  config.sh: updated']);
    assert.ok(!existsSync(join(dir, 'README.md')));
    assert.equal(readText(dir, 'config.sh'), replaceOnce(config, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
    commitAll(dir, 'upgrade');
    // Still deleted on the next upgrade, and nothing else to do.
    const again = upgrade(dir, [], templates);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^Up to date: /);
    assert.ok(!existsSync(join(dir, 'README.md')));
  });

  it('d. a file the templates dropped and the user never edited is removed', () => {
    const dir = generatedRepo();
    const r = upgrade(dir, [], changedTemplates({ 'multibuild/ci/build-windows.sh.ejs': null }));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  ci/build-windows.sh: removed (no longer generated, never edited)']);
    assert.ok(!existsSync(join(dir, 'ci/build-windows.sh')));
    assert.ok(!stored(dir).manifest.some((e) => e.path === 'ci/build-windows.sh'));
    assert.deepEqual(status(dir), [' M .yo-rc.json', ' D ci/build-windows.sh']);
  });

  it('e. a file the templates dropped but the user edited is kept as it is', () => {
    const dir = generatedRepo();
    const mine = `${readText(dir, 'ci/build-windows.sh')}echo "built on $(uname -a)"\n`;
    writeText(dir, 'ci/build-windows.sh', mine);
    commitAll(dir, 'log the machine');
    const templates = changedTemplates({ 'multibuild/ci/build-windows.sh.ejs': null });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  ci/build-windows.sh: kept (no longer generated, but you edited it)']);
    assert.equal(readText(dir, 'ci/build-windows.sh'), mine);
    assert.ok(statSync(join(dir, 'ci/build-windows.sh')).mode & 0o100, 'still executable');
    assert.deepEqual(status(dir), [' M .yo-rc.json']);
    commitAll(dir, 'upgrade');
    const again = upgrade(dir, [], templates);
    assert.match(again.stdout, /^Up to date: /);
    assert.equal(readText(dir, 'ci/build-windows.sh'), mine);
  });

  it('f. a new template file is added, rendered with the stored answers and executable', () => {
    const dir = generatedRepo();
    const templates = changedTemplates({}, { 'common/ci/lint.sh.ejs': '#!/usr/bin/env bash\n# Lints <%= a.name %>-wheels.\nshellcheck config.sh ci/*.sh\n' });
    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  ci/lint.sh: added']);
    assert.equal(readText(dir, 'ci/lint.sh'), '#!/usr/bin/env bash\n# Lints cymem-wheels.\nshellcheck config.sh ci/*.sh\n');
    assert.equal(statSync(join(dir, 'ci/lint.sh')).mode & 0o777, 0o755);
    assert.ok(stored(dir).manifest.some((e) => e.path === 'ci/lint.sh' && e.mode === '755'));
    assert.deepEqual(status(dir), [' M .yo-rc.json', '?? ci/lint.sh']);
  });

  it('f. a file the templates make executable becomes executable, unless the user chose its mode', () => {
    const shebang = (t: string) => `#!/usr/bin/env bash\n${t}`;
    const templates = changedTemplates({ 'common/config.sh.ejs': shebang, 'common/ci/checkout-project.sh.ejs': (t) => `${t}# checked out\n` });

    const dir = generatedRepo();
    const config = readText(dir, 'config.sh');
    chmodSync(join(dir, 'ci/checkout-project.sh'), 0o644);
    commitAll(dir, 'I run it with bash');
    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readText(dir, 'config.sh'), `#!/usr/bin/env bash\n${config}`);
    assert.equal(statSync(join(dir, 'config.sh')).mode & 0o777, 0o755, 'as a generation would make it');
    assert.equal(readText(generatedRepo(), 'ci/checkout-project.sh') + '# checked out\n', readText(dir, 'ci/checkout-project.sh'));
    assert.equal(statSync(join(dir, 'ci/checkout-project.sh')).mode & 0o777, 0o644, 'the user\'s mode stays');
    assert.match(r.stdout, /^ {2}config\.sh: updated, now executable$/m);
    assert.match(r.stdout, /^ {2}ci\/checkout-project\.sh: updated$/m);
    commitAll(dir, 'upgrade');
    assert.match(upgrade(dir, [], templates).stdout, /^Up to date: /);

    // The user already wrote the same line: only the mode changes, and that is an upgrade too.
    const same = generatedRepo();
    writeText(same, 'config.sh', `#!/usr/bin/env bash\n${config}`);
    commitAll(same, 'a shebang');
    const dry = upgrade(same, ['--dry-run'], templates);
    assert.match(dry.stdout, /^ {2}config\.sh: now executable$/m);
    assert.deepEqual(status(same), []);
    const modeOnly = upgrade(same, ['--commit'], templates);
    assert.equal(modeOnly.status, 0, modeOnly.stdout + modeOnly.stderr);
    assert.equal(statSync(join(same, 'config.sh')).mode & 0o777, 0o755);
    assert.deepEqual(git(same, 'show', '--summary', '--format=', 'HEAD').split('\n').map((l) => l.trim()).filter((l) => l.includes('mode')), ['mode change 100644 => 100755 config.sh']);
    assert.deepEqual(status(same), []);
  });
});

describe('upgrade: answers', () => {
  it('g. --set python=3.12,3.13 re-renders the workflow and README as a generation with those answers would, keeping the user\'s edit', () => {
    const dir = generatedRepo();
    const userLine = '# Our runners are slow on Mondays.\n';
    const userEdit = (t: string) => replaceOnce(t, '\npermissions:\n', `\n${userLine}permissions:\n`);
    writeText(dir, '.github/workflows/build-wheels.yml', userEdit(readText(dir, '.github/workflows/build-wheels.yml')));
    commitAll(dir, 'a note');

    const r = upgrade(dir, ['--set', 'python=3.12,3.13']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  .github/workflows/build-wheels.yml: merged (your edits kept)', '  README.md: updated']);
    const reference = generatedRepo(['--python', '3.12,3.13']);
    const workflow = readText(dir, '.github/workflows/build-wheels.yml');
    assert.equal(workflow, userEdit(readText(reference, '.github/workflows/build-wheels.yml')));
    assert.doesNotMatch(workflow, /cp311|cp314|cp315|"3\.11"|"3\.14"|"3\.15"/);
    assert.match(workflow, /- id: cp312-linux-x86_64\n/);
    assert.match(workflow, /- id: cp313-windows-amd64\n/);
    assert.equal(readText(dir, 'README.md'), readText(reference, 'README.md'));
    assert.deepEqual(stored(dir).answers.python, ['3.12', '3.13']);
    // Answers and manifest are those of the reference generation.
    assert.equal(readText(dir, '.yo-rc.json'), readText(reference, '.yo-rc.json'));
  });

  it('g. an invalid --set is refused naming the field, and nothing is written', () => {
    const dir = generatedRepo();
    const before = snapshot(dir);
    const cases: Array<[string[], RegExp]> = [
      [['--set', 'python=2.7'], /--python does not accept "2\.7"/],
      [['--set', 'nope=1'], /--set "nope=1": expected KEY=VALUE with KEY one of name, .*python/],
      [['--set', 'python'], /--set "python": expected KEY=VALUE/],
      [['--set', 'python=3.12', '--set', 'platforms=linux-x86_64,beos'], /--platforms .*beos/],
      [['--set', 'ci=travis-appveyor'], /--publish trusted needs GitHub Actions/],
      [['--set', 'test-command=pytest "unclosed'], /--test-command/],
    ];
    for (const [args, message] of cases) {
      const r = upgrade(dir, args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.deepEqual(status(dir), [], args.join(' '));
      assert.deepEqual(snapshot(dir), before, args.join(' '));
    }
  });

  it('h. a schema-1 store is migrated: the migration is printed and .yo-rc.json gets the current schema and s3Bucket', () => {
    for (const schemaVersion of [undefined, 1]) {
      const dir = generatedRepo();
      const original = readText(dir, '.yo-rc.json');
      const rc = JSON.parse(original);
      if (schemaVersion === undefined) delete rc[STORE_KEY].schemaVersion;
      else rc[STORE_KEY].schemaVersion = schemaVersion;
      rc[STORE_KEY].manifest = legacyManifest(rc[STORE_KEY].manifest);
      delete rc[STORE_KEY].answers.s3Bucket;
      rc[STORE_KEY].generatorVersion = '0.0.1';
      writeText(dir, '.yo-rc.json', `${JSON.stringify(rc, null, 2)}\n`);
      commitAll(dir, 'as an old version wrote it');

      const r = upgrade(dir);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^migrated answers: schema 2: the s3Bucket answer .*$/m);
      assert.deepEqual(fates(r.stdout), []);
      const now = stored(dir);
      assert.equal(now.schemaVersion, SCHEMA_VERSION);
      assert.equal(now.generatorVersion, VERSION);
      assert.equal(now.answers.s3Bucket, '');
      // Exactly what this version generates: nothing else in the store or the tree moved.
      assert.equal(readText(dir, '.yo-rc.json'), original);
      assert.deepEqual(status(dir), [' M .yo-rc.json']);
      commitAll(dir, 'migrated');
      assert.match(upgrade(dir).stdout, /^Up to date: /);
    }
  });

  it('h. a schema-3 store (each base gzip in base64, with its sha256) merges against those bases and is written anew as text', () => {
    const dir = generatedRepo();
    const original = readText(dir, '.yo-rc.json');
    const rc = JSON.parse(original);
    rc[STORE_KEY].schemaVersion = 3;
    rc[STORE_KEY].manifest = legacyManifest(rc[STORE_KEY].manifest);
    writeText(dir, '.yo-rc.json', `${JSON.stringify(rc, null, 2)}\n`);
    const mine = userHeaderEdit(readText(dir, 'config.sh'));
    writeText(dir, 'config.sh', mine);
    commitAll(dir, 'as the previous version wrote it, and my header line');
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^migrated answers: schema 4: the manifest keeps the text of each generated file as it is/m);
    assert.deepEqual(fates(r.stdout), ['  config.sh: merged (your edits kept)']);
    assert.equal(readText(dir, 'config.sh'), configComment(mine));
    const now = stored(dir);
    assert.equal(now.schemaVersion, SCHEMA_VERSION);
    assert.ok(now.manifest.every((e) => 'text' in e && !('base' in e) && !('sha256' in e)));
    const entry = now.manifest.find((e) => e.path === 'config.sh');
    assert.ok(entry);
    assert.equal(recoverBase(entry), configComment(readText(generatedRepo(), 'config.sh')));
  });

  it('h. a store from a newer schema is refused, and nothing is written', () => {
    const dir = generatedRepo();
    const rc = JSON.parse(readText(dir, '.yo-rc.json'));
    rc[STORE_KEY].schemaVersion = SCHEMA_VERSION + 1;
    writeText(dir, '.yo-rc.json', `${JSON.stringify(rc, null, 2)}\n`);
    commitAll(dir, 'from the future');
    const before = snapshot(dir);
    const r = upgrade(dir, [], changedTemplates({ 'common/config.sh.ejs': configComment }));
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`\\.yo-rc\\.json was written by a newer create-wheels-repo \\(answers schema ${SCHEMA_VERSION + 1}; this one knows ${SCHEMA_VERSION}\\)`));
    assert.match(r.stderr, /npm init wheels-repo@latest/);
    assert.deepEqual(status(dir), []);
    assert.deepEqual(snapshot(dir), before);
  });
});

describe('upgrade: when it writes', () => {
  it('i. a fresh repository is up to date; nothing changes (every layout)', () => {
    for (const flags of [[], TRAVIS, CIBW]) {
      const dir = generatedRepo(flags);
      const before = snapshot(dir);
      const r = upgrade(dir);
      assert.equal(r.status, 0, r.stderr);
      const files = stored(dir).manifest.length;
      assert.equal(r.stdout, `Up to date: ${files} files checked against create-wheels-repo ${VERSION}; nothing changed.\n`);
      assert.deepEqual(status(dir), []);
      assert.deepEqual(snapshot(dir), before);
    }
  });

  it('i. a second upgrade right after a real one changes nothing', () => {
    const dir = generatedRepo();
    writeText(dir, 'config.sh', userHeaderEdit(readText(dir, 'config.sh')));
    commitAll(dir, 'mine');
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment, 'common/README.md.ejs': readmeAppend, 'multibuild/ci/build-windows.sh.ejs': null });
    const first = upgrade(dir, [], templates);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(fates(first.stdout).length, 3);
    const after = snapshot(dir);
    const second = upgrade(dir, [], templates);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^Up to date: /);
    assert.deepEqual(fates(second.stdout), []);
    assert.deepEqual(snapshot(dir), after);
  });

  it('j. uncommitted changes to a generated file: refused naming --allow-dirty, nothing written; with --allow-dirty the edit is merged', () => {
    const dir = generatedRepo();
    const mine = userHeaderEdit(readText(dir, 'config.sh'));
    writeText(dir, 'config.sh', mine);
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });
    const before = snapshot(dir);

    const refused = upgrade(dir, [], templates);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Uncommitted changes to generated files:\n\s+M config\.sh\n/);
    assert.match(refused.stderr, /--allow-dirty/);
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(status(dir), [' M config.sh']);

    const r = upgrade(dir, ['--allow-dirty'], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  config.sh: merged (your edits kept)']);
    assert.equal(readText(dir, 'config.sh'), replaceOnce(mine, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
  });

  it('j. files the upgrade does not manage may be dirty', () => {
    const dir = generatedRepo();
    writeText(dir, 'NOTES.md', 'my notes\n');
    const r = upgrade(dir, [], changedTemplates({ 'common/config.sh.ejs': configComment }));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(status(dir), [' M .yo-rc.json', ' M config.sh', '?? NOTES.md']);
    assert.equal(readText(dir, 'NOTES.md'), 'my notes\n');
  });

  it('k. --dry-run prints each fate and a unified diff, and writes nothing', () => {
    const dir = generatedRepo();
    writeText(dir, 'config.sh', userHeaderEdit(readText(dir, 'config.sh')));
    commitAll(dir, 'mine');
    const templates = changedTemplates(
      { 'common/config.sh.ejs': configComment, 'common/README.md.ejs': readmeAppend, 'multibuild/ci/build-windows.sh.ejs': null },
      { 'common/ci/lint.sh.ejs': '#!/usr/bin/env bash\nshellcheck config.sh\n' },
    );
    const before = snapshot(dir);
    const r = upgrade(dir, ['--dry-run'], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), [
      '  README.md: updated',
      '  ci/build-windows.sh: removed (no longer generated, never edited)',
      '  ci/lint.sh: added',
      '  config.sh: merged (your edits kept)',
    ]);
    assert.ok(r.stdout.includes(`--- a/README.md\n+++ b/README.md\n@@ -${readText(dir, 'README.md').split('\n').length - 3},3 +${readText(dir, 'README.md').split('\n').length - 3},5 @@ `), r.stdout);
    assert.ok(r.stdout.includes(` keeps your edits. The answers it was generated with are in \`.yo-rc.json\`.\n+\n+${README_LINE}`));
    assert.ok(r.stdout.includes(`--- a/ci/build-windows.sh\n+++ /dev/null\n@@ -1,${readText(dir, 'ci/build-windows.sh').split('\n').length - 1} +0,0 @@\n-#!/usr/bin/env bash\n`));
    assert.ok(r.stdout.includes('--- /dev/null\n+++ b/ci/lint.sh\n@@ -0,0 +1,2 @@\n+#!/usr/bin/env bash\n+shellcheck config.sh\n'));
    const at = readText(dir, 'config.sh').split('\n').indexOf('function pre_build {') + 2; // the hunk starts at the line after it
    assert.ok(r.stdout.includes(`--- a/config.sh\n+++ b/config.sh\n@@ -${at},6 +${at},7 @@ function pre_build {\n     :\n }\n \n+${RUN_TESTS_COMMENT}`), r.stdout);
    assert.ok(!r.stdout.includes(USER_HEADER_LINE), 'the user\'s own line is not part of the diff');
    assert.match(r.stdout, /\nDry run: 4 files would change, and \.yo-rc\.json; nothing written\.\n$/);
    assert.deepEqual(status(dir), []);
    assert.deepEqual(snapshot(dir), before);
  });

  it('k. --dry-run shows a conflict to come, and writes nothing', () => {
    const dir = generatedRepo();
    writeText(dir, 'config.sh', replaceOnce(readText(dir, 'config.sh'), '    pytest --pyargs cymem\n', '    pytest --pyargs cymem -x\n'));
    commitAll(dir, 'mine');
    const before = snapshot(dir);
    const r = upgrade(dir, ['--dry-run'], changedTemplates({ 'common/config.sh.ejs': configTestLine }));
    assert.equal(r.status, 1, 'a dry run that predicts a conflict exits 1, as the upgrade would');
    assert.match(r.stdout, /^1 file would conflict: config\.sh; /m);
    assert.deepEqual(fates(r.stdout), ['  config.sh: CONFLICT (1)']);
    assert.ok(r.stdout.includes('+<<<<<<< config.sh (yours)\n     pytest --pyargs cymem -x\n+=======\n+    pytest --pyargs cymem -p no:cacheprovider\n+>>>>>>> config.sh (new template)\n'), r.stdout);
    assert.deepEqual(snapshot(dir), before);
  });

  it('n. --commit commits the result as one commit, removals included; the tree is clean', () => {
    const dir = generatedRepo();
    writeText(dir, 'config.sh', userHeaderEdit(readText(dir, 'config.sh')));
    commitAll(dir, 'mine');
    writeText(dir, 'NOTES.md', 'staged, not part of the upgrade\n');
    git(dir, 'add', 'NOTES.md');
    const before = head(dir);
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment, 'common/README.md.ejs': readmeAppend, 'multibuild/ci/build-windows.sh.ejs': null });

    const r = upgrade(dir, ['--commit'], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Committed [0-9a-f]{12}\.$/m);
    assert.equal(git(dir, 'rev-parse', 'HEAD~1').trim(), before, 'exactly one new commit');
    assert.match(git(dir, 'log', '-1', '--format=%s'), /^Upgrade to create-wheels-repo /);
    assert.equal(git(dir, 'log', '-1', '--format=%s').trim(), `Upgrade to create-wheels-repo ${VERSION}`);
    assert.deepEqual(git(dir, 'show', '--name-status', '--format=', 'HEAD').trim().split('\n'), [
      'M\t.yo-rc.json', 'M\tREADME.md', 'D\tci/build-windows.sh', 'M\tconfig.sh',
    ]);
    assert.deepEqual(status(dir), ['A  NOTES.md'], 'only the user\'s own staged file is left');
    assert.equal(git(dir, 'show', 'HEAD:config.sh'), readText(dir, 'config.sh'));
    assert.ok(readText(dir, 'config.sh').includes(USER_HEADER_LINE) && readText(dir, 'config.sh').includes(RUN_TESTS_COMMENT));
  });

  it('n. --commit --set names the changed answers in the commit message', () => {
    const dir = generatedRepo();
    const r = upgrade(dir, ['--commit', '--set', 'python=3.12,3.13', '--set', 'staging=github-release']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // staging was github-release already: only what changed is named
    assert.equal(git(dir, 'log', '-1', '--format=%s').trim(), 'Change answers: python=3.12,3.13');
    assert.equal(git(dir, 'log', '-1', '--format=%b').trim(), `wheels-repo upgrade --set python=3.12,3.13, rendered by create-wheels-repo ${VERSION}.`);
    assert.deepEqual(status(dir), []);
  });

  it('n. --commit with a conflict commits nothing', () => {
    const dir = generatedRepo();
    writeText(dir, 'config.sh', replaceOnce(readText(dir, 'config.sh'), '    pytest --pyargs cymem\n', '    pytest --pyargs cymem -x\n'));
    commitAll(dir, 'mine');
    const before = head(dir);
    const r = upgrade(dir, ['--commit'], changedTemplates({ 'common/config.sh.ejs': configTestLine, 'common/README.md.ejs': readmeAppend }));
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /Committed/);
    assert.equal(head(dir), before);
    assert.deepEqual(status(dir), [' M .yo-rc.json', ' M README.md', ' M config.sh']);
    assert.match(readText(dir, 'config.sh'), /^<<<<<<< config\.sh \(yours\)$/m);
  });

  it('n. --commit outside a git repository is refused before anything is written', () => {
    const dir = generatedRepo(['--no-git']);
    assert.ok(!existsSync(join(dir, '.git')));
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });
    const before = snapshot(dir);
    const r = upgrade(dir, ['--commit'], templates);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /--commit needs a git repository/);
    assert.doesNotMatch(r.stdout, /Upgraded/);
    assert.deepEqual(snapshot(dir), before);
    // Without --commit the upgrade works there.
    const plain = upgrade(dir, [], templates);
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.ok(readText(dir, 'config.sh').includes(RUN_TESTS_COMMENT));
  });
});

describe('upgrade with other commands', () => {
  it('l. after `wheels-repo bump v9.9.9` the bumped ref stays, in the workflow and the answers', () => {
    const dir = generatedRepo();
    const bump = run(process.execPath, [WHEELS_REPO_BIN, 'bump', 'v9.9.9', '--commit'], dir);
    assert.equal(bump.status, 0, bump.stderr);
    const bumped = readText(dir, '.github/workflows/build-wheels.yml');
    assert.match(bumped, /^ {2}BUILD_COMMIT: "v9\.9\.9"$/m);

    const r = upgrade(dir, [], changedTemplates({ 'partials/gha-head.yml.ejs': workflowComment }));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The workflow carries the bump (a user edit as far as the base knows) and the template change.
    // The README names no ref since issue #11 (it went stale after every bump), so it has nothing to update.
    assert.deepEqual(fates(r.stdout), ['  .github/workflows/build-wheels.yml: merged (your edits kept)']);
    assert.equal(readText(dir, '.github/workflows/build-wheels.yml'), replaceOnce(bumped, '\npermissions:\n', `\n${PERMISSIONS_COMMENT}permissions:\n`));
    assert.doesNotMatch(readText(dir, 'README.md'), /\(now `/);
    assert.equal(stored(dir).answers.buildCommit, 'v9.9.9');
    const check = run(process.execPath, [WHEELS_REPO_BIN, 'bump', '--check'], dir);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('l2. after `bump --resolve` (a SHA with the ref\'s name in a comment) the upgrade keeps both, without a conflict', () => {
    const dir = generatedRepo();
    const sha = '0123456789abcdef0123456789abcdef01234567';
    assert.equal(run(process.execPath, [WHEELS_REPO_BIN, 'bump', sha], dir).status, 0);
    // what --resolve writes (tested against a local GitHub in bump-resolve.test.ts): the note after the SHA
    writeText(dir, '.github/workflows/build-wheels.yml', replaceOnce(readText(dir, '.github/workflows/build-wheels.yml'), `BUILD_COMMIT: "${sha}"\n`, `BUILD_COMMIT: "${sha}"  # v1.0\n`));
    commitAll(dir, 'Build cymem v1.0');
    const bumped = readText(dir, '.github/workflows/build-wheels.yml');

    const templates = changedTemplates({ 'partials/gha-head.yml.ejs': workflowComment });
    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // (no README fate: the README names no ref since issue #11)
    assert.deepEqual(fates(r.stdout), ['  .github/workflows/build-wheels.yml: merged (your edits kept)']);
    assert.equal(readText(dir, '.github/workflows/build-wheels.yml'), replaceOnce(bumped, '\npermissions:\n', `\n${PERMISSIONS_COMMENT}permissions:\n`));
    assert.equal(upgrade(dir, ['--allow-dirty'], templates).stdout.match(/^Up to date/m)?.[0], 'Up to date');
  });

  it('m. create-wheels-repo run inside a generated repository upgrades it (no arguments, --yes, DIR, answer flags)', () => {
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });
    for (const args of [[], ['--yes']]) {
      const dir = generatedRepo();
      const mine = userHeaderEdit(readText(dir, 'config.sh'));
      writeText(dir, 'config.sh', mine);
      commitAll(dir, 'mine');
      const r = createInside(dir, args, templates);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^\. is a wheels repository generated by create-wheels-repo: upgrading it\.\n/);
      assert.deepEqual(fates(r.stdout), ['  config.sh: merged (your edits kept)']);
      assert.equal(readText(dir, 'config.sh'), replaceOnce(mine, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
      assert.ok(!existsSync(join(dir, 'cymem-wheels')), 'no new repository was generated inside');
    }
    // From the parent directory, naming the repository; an answer flag is an answer change.
    const dir = generatedRepo();
    const r = createInside(dirname(dir), ['--yes', '--python', '3.12,3.13', 'repo']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^repo is a wheels repository generated by create-wheels-repo: upgrading it\.\n/);
    assert.deepEqual(stored(dir).answers.python, ['3.12', '3.13']);
    assert.equal(readText(dir, '.github/workflows/build-wheels.yml'), readText(generatedRepo(['--python', '3.12,3.13']), '.github/workflows/build-wheels.yml'));
  });

  it('m. create-wheels-repo inside a repository: its refusals give hints that work', () => {
    const templates = changedTemplates({ 'common/config.sh.ejs': configComment });
    const dir = generatedRepo();
    const before = snapshot(dir);
    // create-wheels-repo has no --set: the hint names the command that has it.
    const invalid = createInside(dir, ['--yes', '--python', '2.7'], templates);
    assert.equal(invalid.status, 1, invalid.stdout + invalid.stderr);
    assert.match(invalid.stderr, /--python does not accept "2\.7"/);
    assert.match(invalid.stderr, /hint: .*`wheels-repo upgrade --set KEY=VALUE`/);
    assert.deepEqual(snapshot(dir), before);

    // Nor --allow-dirty.
    const mine = userHeaderEdit(readText(dir, 'config.sh'));
    writeText(dir, 'config.sh', mine);
    const dirty = createInside(dir, [], templates);
    assert.equal(dirty.status, 1, dirty.stdout + dirty.stderr);
    assert.match(dirty.stderr, /Uncommitted changes to generated files:\n\s+M config\.sh\n/);
    const hint = /`(wheels-repo upgrade --allow-dirty)`/.exec(dirty.stderr);
    assert.ok(hint, dirty.stderr);
    assert.equal(readText(dir, 'config.sh'), mine);
    const followed = upgrade(dir, ['--allow-dirty'], templates);
    assert.equal(followed.status, 0, followed.stdout + followed.stderr);
    assert.equal(readText(dir, 'config.sh'), replaceOnce(mine, '\nfunction run_tests {\n', `\n${RUN_TESTS_COMMENT}function run_tests {\n`));
  });

  it('--dir upgrades another directory', () => {
    const dir = generatedRepo();
    const r = upgrade(dir, ['--dir', 'repo'], changedTemplates({ 'common/config.sh.ejs': configComment }), dirname(dir));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  config.sh: updated']);
    assert.ok(readText(dir, 'config.sh').includes(RUN_TESTS_COMMENT));
  });
});

// The multibuild gitlink is decided like a file: .yo-rc.json stores the commit the templates pinned
// (the base), the index holds the user's (ours), pins.json the new one (theirs).
describe('upgrade and the multibuild submodule', () => {
  const gitlink = (dir: string) => git(dir, 'ls-files', '-s', 'multibuild').trim();

  it('a new multibuild pin moves the gitlink the README now names', () => {
    const dir = generatedRepo();
    const pins = (t: string) => t.replace(/"commit": "[0-9a-f]{40}"/, `"commit": "${'1'.repeat(40)}"`);
    const r = upgrade(dir, ['--commit'], changedTemplates({ 'pins.json': pins }));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(readText(dir, 'README.md'), /`111111111111`/);
    assert.equal(gitlink(dir), `160000 ${'1'.repeat(40)} 0\tmultibuild`);
  });

  it('a gitlink the user moved is kept, and reported', () => {
    const dir = generatedRepo();
    git(dir, 'update-index', '--cacheinfo', `160000,${'2'.repeat(40)},multibuild`);
    git(dir, 'commit', '-q', '-m', 'newer multibuild');
    const pins = (t: string) => t.replace(/"commit": "[0-9a-f]{40}"/, `"commit": "${'1'.repeat(40)}"`);
    const r = upgrade(dir, ['--commit'], changedTemplates({ 'pins.json': pins }));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^  multibuild \(submodule\): kept at 222222222222 \(you moved it; the templates pin 111111111111\)$/m);
    assert.equal(gitlink(dir), `160000 ${'2'.repeat(40)} 0\tmultibuild`);
  });

  it('switching the engine adds or removes the gitlink with .gitmodules', () => {
    const mb = generatedRepo();
    assert.equal(upgrade(mb, ['--set', 'engine=cibuildwheel', '--commit']).status, 0);
    assert.ok(!existsSync(join(mb, '.gitmodules')));
    assert.equal(gitlink(mb), '', 'no gitlink without .gitmodules');
    const cb = generatedRepo(CIBW);
    assert.equal(upgrade(cb, ['--set', 'engine=multibuild', '--commit']).status, 0);
    assert.ok(existsSync(join(cb, '.gitmodules')));
    assert.match(gitlink(cb), /^160000 [0-9a-f]{40} 0\tmultibuild$/);
  });
});

describe('upgrade of the other layouts', () => {
  it('travis-appveyor: edits in .travis.yml and appveyor.yml merge with template changes', () => {
    const dir = generatedRepo(TRAVIS);
    const travisLine = '    - PIP_PROGRESS_BAR=off\n';
    const appveyorLine = '    PIP_PROGRESS_BAR: "off"\n';
    const travis = replaceOnce(readText(dir, '.travis.yml'), '    - WHEEL_SDIR=wheelhouse\n', `    - WHEEL_SDIR=wheelhouse\n${travisLine}`);
    const appveyor = replaceOnce(readText(dir, 'appveyor.yml'), '    WHEEL_SDIR: wheelhouse\n', `    WHEEL_SDIR: wheelhouse\n${appveyorLine}`);
    writeText(dir, '.travis.yml', travis);
    writeText(dir, 'appveyor.yml', appveyor);
    commitAll(dir, 'quieter pip');
    const templates = changedTemplates({
      'travis-appveyor/_travis.yml.ejs': (t) => replaceOnce(t, 'dist: jammy\n', 'dist: noble\n'),
      'travis-appveyor/appveyor.yml.ejs': (t) => replaceOnce(t, 'image: Visual Studio 2022\n', 'image: Visual Studio 2026\n'),
      'common/config.sh.ejs': configComment,
    });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  .travis.yml: merged (your edits kept)', '  appveyor.yml: merged (your edits kept)', '  config.sh: updated']);
    assert.equal(readText(dir, '.travis.yml'), replaceOnce(travis, 'dist: jammy\n', 'dist: noble\n'));
    assert.equal(readText(dir, 'appveyor.yml'), replaceOnce(appveyor, 'image: Visual Studio 2022\n', 'image: Visual Studio 2026\n'));
    assert.ok(readText(dir, 'config.sh').includes(RUN_TESTS_COMMENT));
    assert.ok(readText(dir, 'config.sh').includes('# BUILD_DEPENDS and TEST_DEPENDS come from env.global in .travis.yml'), 'rendered for this layout');
  });

  it('travis-appveyor: a conflicting edit of .travis.yml, and bump keeps its ref in both CI files', () => {
    const dir = generatedRepo(TRAVIS);
    const bump = run(process.execPath, [WHEELS_REPO_BIN, 'bump', 'v9.9.9', '--commit'], dir);
    assert.equal(bump.status, 0, bump.stderr);
    const travis = replaceOnce(readText(dir, '.travis.yml'), 'dist: jammy\n', 'dist: focal\n');
    writeText(dir, '.travis.yml', travis);
    commitAll(dir, 'older dist');
    const appveyor = readText(dir, 'appveyor.yml');
    const templates = changedTemplates({
      'travis-appveyor/_travis.yml.ejs': (t) => replaceOnce(t, 'dist: jammy\n', 'dist: noble\n'),
      'travis-appveyor/appveyor.yml.ejs': (t) => replaceOnce(t, 'image: Visual Studio 2022\n', 'image: Visual Studio 2026\n'),
    });

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    // (no README fate: the README names no ref since issue #11)
    assert.deepEqual(fates(r.stdout), ['  .travis.yml: CONFLICT (1)', '  appveyor.yml: merged (your edits kept)']);
    assert.equal(readText(dir, '.travis.yml'), replaceOnce(travis, 'dist: focal\n', '<<<<<<< .travis.yml (yours)\ndist: focal\n=======\ndist: noble\n>>>>>>> .travis.yml (new template)\n'));
    assert.match(readText(dir, '.travis.yml'), /^ {4}- BUILD_COMMIT="v9\.9\.9"$/m);
    assert.equal(readText(dir, 'appveyor.yml'), replaceOnce(appveyor, 'image: Visual Studio 2022\n', 'image: Visual Studio 2026\n'));
    assert.match(readText(dir, 'appveyor.yml'), /^ {4}BUILD_COMMIT: "v9\.9\.9"$/m);
    assert.equal(stored(dir).answers.buildCommit, 'v9.9.9');
  });

  it('cibuildwheel: an edit of cibuildwheel.toml merges with a template change; a conflicting one in ci/hooks.sh is marked', () => {
    const dir = generatedRepo(CIBW);
    const toml = replaceOnce(readText(dir, 'cibuildwheel.toml'), 'build-verbosity = 1\n', 'build-verbosity = 3\n');
    const hooks = replaceOnce(readText(dir, 'ci/hooks.sh'), 'set -eo pipefail\n', 'set -euo pipefail\n');
    writeText(dir, 'cibuildwheel.toml', toml);
    writeText(dir, 'ci/hooks.sh', hooks);
    commitAll(dir, 'louder builds, stricter hooks');
    const templates = changedTemplates({
      'cibuildwheel/cibuildwheel.toml.ejs': (t) => `${t}skip = "pp*"\n`,
      'cibuildwheel/ci/hooks.sh.ejs': (t) => replaceOnce(t, 'set -eo pipefail\n', 'set -eo pipefail -o errtrace\n'),
      'partials/gha-head.yml.ejs': workflowComment,
    });
    const workflow = readText(dir, '.github/workflows/build-wheels.yml');

    const r = upgrade(dir, [], templates);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(fates(r.stdout), ['  .github/workflows/build-wheels.yml: updated', '  ci/hooks.sh: CONFLICT (1)', '  cibuildwheel.toml: merged (your edits kept)']);
    assert.equal(readText(dir, 'cibuildwheel.toml'), `${toml}skip = "pp*"\n`);
    assert.equal(readText(dir, 'ci/hooks.sh'), replaceOnce(hooks, 'set -euo pipefail\n', '<<<<<<< ci/hooks.sh (yours)\nset -euo pipefail\n=======\nset -eo pipefail -o errtrace\n>>>>>>> ci/hooks.sh (new template)\n'));
    assert.ok(statSync(join(dir, 'ci/hooks.sh')).mode & 0o100, 'still executable');
    assert.equal(readText(dir, '.github/workflows/build-wheels.yml'), replaceOnce(workflow, '\npermissions:\n', `\n${PERMISSIONS_COMMENT}permissions:\n`));
  });
});
