// The offline checks of `wheels-repo doctor` on generated repositories: pins Dependabot moved forward
// are not undone, a symbolic link is one check's failure (never the end of doctor, never followed),
// the secure values of travis-appveyor are checked offline, and the text report is grouped.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { writeSecureValue } from '../../src/core/secure-values.js';
import { loadPins } from '../../src/io/package-files.js';
import { compareTags, fileChecks } from '../../src/repo/doctor-files.js';
import type { Check } from '../../src/repo/doctor-types.js';
import { generatedRepo, git, GIT_ENV, run, WHEELS_REPO_BIN } from '../support/wheels-repos.js';

// git runs in this process (gitlinks, the origin): no user or system configuration.
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.HOME = GIT_ENV.HOME;
delete process.env.CREATE_WHEELS_REPO_TEMPLATES;

const WORKFLOW = '.github/workflows/build-wheels.yml';
const SECRET = 'OUTSIDE-SECRET-7d2e';

const byId = (checks: readonly Check[], id: string): Check => {
  const c = checks.find((x) => x.id === id);
  assert.ok(c, `there is a check ${id}: ${JSON.stringify(checks.map((x) => x.id))}`);
  return c;
};
const failing = (checks: readonly Check[]) => checks.filter((c) => c.status === 'fail').map((c) => c.id);

function editWorkflow(repo: string, edit: (text: string) => string): void {
  const path = join(repo, WORKFLOW);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, 'the edit changes the workflow');
  writeFileSync(path, after);
}

function doctor(repo: string, ...args: string[]) {
  return run(process.execPath, [WHEELS_REPO_BIN, 'doctor', '--offline', ...args], repo);
}

describe('doctor: action pins', () => {
  const checkout = loadPins().actions.checkout as { repo: string; ref: string; tag: string };
  const shipped = `${checkout.repo}@${checkout.ref} # ${checkout.tag}`;

  it('compares tags numerically: v7.10.0 > v7.9.1, v4 = v4.0.0, 0.6.4 < 0.7; no version, no answer', () => {
    assert.equal(compareTags('v7.10.0', 'v7.9.1'), 1);
    assert.equal(compareTags('v7.0.1', 'v7.1.0'), -1);
    assert.equal(compareTags('v4', 'v4.0.0'), 0);
    assert.equal(compareTags('0.6.4', '0.7'), -1);
    assert.equal(compareTags('main', 'v1.0.0'), undefined);
  });

  it('a pin Dependabot moved to a newer tag passes, and no fix undoes it', async () => {
    const repo = generatedRepo();
    const uses = readFileSync(join(repo, WORKFLOW), 'utf8').split(shipped).length - 1;
    assert.ok(uses > 1, 'the workflow uses checkout in several jobs');
    editWorkflow(repo, (t) => t.replaceAll(shipped, `${checkout.repo}@${'a'.repeat(40)} # v7.1.0`));
    const { checks } = await fileChecks(repo);
    const pins = byId(checks, 'action-pins');
    assert.equal(pins.status, 'pass', JSON.stringify(pins));
    assert.match(pins.detail ?? '', /newer tag \(kept\): actions\/checkout v7\.1\.0 \(\.github\/workflows\/build-wheels\.yml\)$/);
    assert.equal(pins.fix, undefined);
    assert.deepEqual(failing(checks), []);
  });

  it('a pin moved to an older tag fails, named once however many steps use it, with one fix', async () => {
    const repo = generatedRepo();
    const older = 'b'.repeat(40);
    editWorkflow(repo, (t) => t.replaceAll(shipped, `${checkout.repo}@${older} # v6.0.2`));
    const { checks } = await fileChecks(repo);
    const pins = byId(checks, 'action-pins');
    assert.equal(pins.status, 'fail');
    assert.equal(pins.detail?.split('actions/checkout (').length, 2, `listed once: ${pins.detail}`);
    assert.match(pins.detail ?? '', /bbbbbbbbbbbb # v6\.0\.2, this version ships v7\.0\.1/);
    assert.equal(pins.fix, `sed -i 's/${older}/${checkout.ref}/' ${WORKFLOW}`);
  });
});

describe('doctor: the multibuild gitlink', () => {
  it('a commit other than the pin is a warning (it cannot be verified as newer); the pinned one passes', async () => {
    const repo = generatedRepo();
    assert.equal(byId((await fileChecks(repo)).checks, 'gitlink').status, 'pass');
    git(repo, 'update-index', '--cacheinfo', `160000,${'c'.repeat(40)},multibuild`);
    const moved = byId((await fileChecks(repo)).checks, 'gitlink');
    assert.equal(moved.status, 'warn', JSON.stringify(moved));
    assert.match(moved.detail ?? '', /differs from the pinned [0-9a-f]{12} and cannot be verified as newer/);
    assert.match(moved.fix ?? '', /^git update-index --cacheinfo 160000,[0-9a-f]{40},multibuild$/);
    const r = doctor(repo);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

describe('doctor: symbolic links in the repository', () => {
  /** A generated repository and, beside it, an outside directory holding a file doctor must never read. */
  function setup(): { repo: string; outside: string } {
    const repo = generatedRepo();
    const outside = join(dirname(repo), 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(dirname(repo), 'outside.txt'), `run_tests() { echo ${SECRET}; }\n`);
    writeFileSync(join(outside, 'checkout-project.sh'), `${SECRET}\n`);
    return { repo, outside };
  }

  it('config.sh -> ../outside.txt: config.sh fails, naming it and that links are refused; the rest is reported', async () => {
    const { repo } = setup();
    rmSync(join(repo, 'config.sh'));
    symlinkSync('../outside.txt', join(repo, 'config.sh'));
    const { checks } = await fileChecks(repo);
    const config = byId(checks, 'config-sh');
    assert.equal(config.status, 'fail');
    assert.match(config.detail ?? '', /"config\.sh" .*symbolic link config\.sh \(links are refused/);
    assert.match(byId(checks, 'generated-files').detail ?? '', /links are refused\): config\.sh$/);
    assert.deepEqual(failing(checks), ['config-sh', 'generated-files']);
    assert.ok(!JSON.stringify(checks).includes(SECRET), 'nothing is read through the link');
    const r = doctor(repo);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, /error: Refusing/);
    assert.match(r.stdout, /^FAIL {2}config\.sh: Refusing "config\.sh"/m);
    assert.match(r.stdout, /2 checks failed\.\n$/);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  });

  it('ci -> ../outside: the link is named (not ci/azure), the files under it fail, nothing is read there', async () => {
    const { repo } = setup();
    rmSync(join(repo, 'ci'), { recursive: true });
    symlinkSync('../outside', join(repo, 'ci'));
    const { checks } = await fileChecks(repo);
    const ci = byId(checks, 'ci-files');
    assert.equal(ci.status, 'fail');
    assert.equal(ci.detail, 'ci is a symbolic link: the CI files under it are not read (links are refused)');
    assert.equal(byId(checks, 'pins').status, 'skip');
    assert.match(byId(checks, 'generated-files').detail ?? '', /links are refused\): ci\/add-build-requires\.py, .*ci\/checkout-project\.sh$/);
    assert.ok(!JSON.stringify(checks).includes('ci/azure'), 'no path the user never made');
    assert.ok(!JSON.stringify(checks).includes(SECRET));
    const r = doctor(repo, '--json');
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(failing((JSON.parse(r.stdout) as { checks: Check[] }).checks), ['ci-files', 'generated-files']);
  });
});

describe('doctor: secure values of travis-appveyor, offline', () => {
  it('placeholders fail offline, under CI services; encrypted values pass', async () => {
    const repo = generatedRepo(['--ci', 'travis-appveyor']);
    const { checks } = await fileChecks(repo);
    const secure = checks.filter((c) => c.id.startsWith('secure-'));
    assert.ok(secure.some((c) => c.id === 'secure-TWINE_PASSWORD-.travis.yml'), JSON.stringify(checks.map((c) => c.id)));
    for (const c of secure) {
      assert.equal(c.status, 'fail');
      assert.equal(c.detail, 'still the placeholder');
      assert.equal(c.fix, 'wheels-repo secrets sync');
      assert.equal(c.section, 'CI services');
      assert.equal(c.group, 'files');
    }
    const r = doctor(repo);
    assert.equal(r.status, 1, r.stdout);
    assert.doesNotMatch(r.stdout, /No problem found/);
    assert.match(r.stdout, /\n\nCI services\nFAIL {2}[A-Z_]+ encrypted in /);
    assert.match(r.stdout, /^FAIL {2}TWINE_PASSWORD encrypted in \.travis\.yml: still the placeholder\n {8}fix: wheels-repo secrets sync$/m);

    for (const file of ['.travis.yml', 'appveyor.yml']) {
      let text = readFileSync(join(repo, file), 'utf8');
      for (const c of secure.filter((x) => x.id.endsWith(`-${file}`))) text = writeSecureValue(text, c.id.slice('secure-'.length, -(file.length + 1)), 'Y2lwaGVydGV4dA==');
      writeFileSync(join(repo, file), text);
    }
    const after = (await fileChecks(repo)).checks;
    assert.equal(byId(after, 'secure-values').status, 'pass');
    assert.deepEqual(after.filter((c) => c.id.startsWith('secure-') && c.id !== 'secure-values'), []);
  });
});

describe('doctor: the text report', () => {
  it('groups the checks under headings and says why the remote checks did not run', () => {
    const repo = generatedRepo();
    const r = doctor(repo);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Files\nok {4}stored answers: /);
    assert.match(r.stdout, /\n\nRemote checks skipped: --offline\.\nNo problem found\.\n$/);
    assert.doesNotMatch(r.stdout, /remote checks checked/i);
    const json = JSON.parse(doctor(repo, '--json').stdout) as { checks: Check[] };
    assert.ok(json.checks.every((c) => c.section === 'Files' && c.group === 'files'), JSON.stringify(json.checks));
  });
});
