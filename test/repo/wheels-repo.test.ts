import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.js';
import { displayUrl, remoteSlug, WheelsRepo } from '../../src/repo/wheels-repo.js';
import { ROOT } from '../support/checks.js';

const HOME = mkdtempSync(join(tmpdir(), 'cwr-wr-home-'));
const ENV: NodeJS.ProcessEnv = {
  ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e.invalid',
};
delete ENV.CREATE_WHEELS_REPO_TEMPLATES;
// WheelsRepo reads the origin remote with git in this process: no user or system configuration either.
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.HOME = HOME;

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

describe('remoteSlug', () => {
  it('reads owner/repo from https, ssh:// and scp-like URLs, with or without .git or a trailing slash', () => {
    const cases: Array<[string, string, string]> = [
      ['https://github.com/explosion/cymem-wheels.git', 'explosion', 'cymem-wheels'],
      ['https://github.com/explosion/cymem-wheels', 'explosion', 'cymem-wheels'],
      ['https://github.com/explosion/cymem-wheels/', 'explosion', 'cymem-wheels'],
      ['https://x-access-token:t@github.com/o/r.git', 'o', 'r'],
      ['ssh://git@github.com/o/r.git', 'o', 'r'],
      ['ssh://git@github.com:2222/o/r.git', 'o', 'r'],
      ['git@github.com:o/r.git', 'o', 'r'],
      ['git@github.com:o/r', 'o', 'r'],
      ['http://127.0.0.1:8123/git/o/r.git', 'o', 'r'],
      ['https://ghe.example.com/group/subgroup/o/r.git', 'o', 'r'],
    ];
    for (const [url, owner, repo] of cases) assert.deepEqual(remoteSlug(url), { owner, repo }, url);
  });

  it('gives undefined for local paths, file:// URLs and URLs without owner and name', () => {
    for (const url of ['/srv/git/o/r.git', '../o/r', 'r', 'file:///srv/git/o/r.git', 'FILE:///srv/o/r', 'https://github.com/o', 'https://github.com/', 'git@github.com:r.git']) {
      assert.equal(remoteSlug(url), undefined, url);
    }
  });

  it('gives undefined, not a crash, for a URL that does not parse', () => {
    assert.equal(remoteSlug('https://[bad/o/x-wheels'), undefined);
  });
});

describe('displayUrl', () => {
  it('hides the user and password (a token) of an https URL, and leaves other URLs as they are', () => {
    assert.equal(displayUrl('https://x-access-token:ghp_SECRET123@github.com/o/r.git'), 'https://***@github.com/o/r.git');
    assert.equal(displayUrl('https://ghp_SECRET123@github.com/o/r.git'), 'https://***@github.com/o/r.git');
    assert.equal(displayUrl('https://[bad:ghp_SECRET123@github.com/o/r'), 'https://***@github.com/o/r');
    for (const url of ['https://github.com/o/r.git', 'git@github.com:o/r.git', '/srv/git/r.git']) assert.equal(displayUrl(url), url);
  });
});

describe('WheelsRepo', () => {
  let parent = '';
  let n = 0;
  /** A fresh copy of the generated cymem repository. */
  const fresh = (): string => {
    const copy = join(parent, `copy-${n++}`);
    const r = spawnSync('cp', ['-a', join(parent, 'repo'), copy], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return copy;
  };

  before(() => {
    parent = mkdtempSync(join(tmpdir(), 'cwr-wr-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/bin/create-wheels-repo.cjs'), '--yes', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo'], { cwd: parent, env: ENV, encoding: 'utf8', input: '' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('open gives the validated answers, the layout and the slug', () => {
    const dir = fresh();
    const repo = WheelsRepo.open(dir);
    assert.equal(repo.dir, dir);
    assert.equal(repo.answers.name, 'cymem');
    assert.equal(repo.answers.owner, 'explosion');
    assert.equal(repo.answers.repoUrl, 'https://github.com/explosion/cymem');
    assert.equal(repo.answers.ci, 'github-actions');
    assert.equal(repo.layout.id, 'github-actions');
    assert.deepEqual(repo.slug, { owner: 'explosion', repo: 'cymem-wheels' });
    assert.equal(repo.store.text, readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    assert.ok(repo.store.manifest.some((e) => e.path === '.github/workflows/build-wheels.yml'));
  });

  it('applies valid --set overrides to the answers, not to the stored file', () => {
    const dir = fresh();
    const text = readFileSync(join(dir, '.yo-rc.json'), 'utf8');
    const repo = WheelsRepo.open(dir, { set: { buildCommit: 'v2.0.8', owner: 'someone' } });
    assert.equal(repo.answers.buildCommit, 'v2.0.8');
    assert.deepEqual(repo.slug, { owner: 'someone', repo: 'cymem-wheels' });
    assert.equal(readFileSync(join(dir, '.yo-rc.json'), 'utf8'), text);
  });

  it('refuses an invalid --set value with a UserError naming the flag', () => {
    const dir = fresh();
    assert.throws(() => WheelsRepo.open(dir, { set: { python: ['2.7'] } }), (e: unknown) =>
      isUserError(e) && e.message.startsWith('The answers (from .yo-rc.json, with the changes asked for) are invalid:\n') && /--python /.test(e.message)
      && e.hint === 'Change them with `wheels-repo upgrade --set KEY=VALUE`; nothing was written.');
    assert.throws(() => WheelsRepo.open(dir, { set: { nightly: 'not a cron' } }), (e: unknown) => isUserError(e) && /--nightly /.test(e.message));
    assert.throws(() => WheelsRepo.open(dir, { set: { publish: 'twine' }, fix: 'Do X.' }), (e: unknown) => isUserError(e) && /--publish twine is for --ci travis-appveyor/.test(e.message) && e.hint === 'Do X.');
  });

  it('read gives undefined, readGenerated and open refuse, for a directory that was not generated', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cwr-wr-empty-'));
    assert.equal(WheelsRepo.read(empty), undefined);
    for (const fn of [() => WheelsRepo.readGenerated(empty), () => WheelsRepo.open(empty)]) {
      assert.throws(fn, (e: unknown) => isUserError(e)
        && e.message === `${empty} has no .yo-rc.json with create-wheels-repo's answers: it was not generated by create-wheels-repo.`
        && e.hint === 'Run the command in a generated wheels repository, or pass --dir PATH.');
    }
    const missing = join(empty, 'nothing-here');
    assert.throws(() => WheelsRepo.readGenerated(missing), (e: unknown) => isUserError(e) && e.message.startsWith(`${missing} has no .yo-rc.json`));
  });

  it('opens with the answers of another layout: a manifest of the stored layout is not refused (upgrade --set ci=...)', () => {
    const dir = fresh();
    const repo = WheelsRepo.open(dir, { set: { ci: 'travis-appveyor', publish: 'twine', platforms: ['linux-x86_64', 'windows-amd64'] } });
    assert.equal(repo.layout.id, 'travis-appveyor');
    assert.ok(repo.store.manifest.some((e) => e.path === '.github/dependabot.yml'));
  });

  it('readGenerated gives the stored state of a generated repository', () => {
    const dir = fresh();
    const stored = WheelsRepo.readGenerated(dir);
    assert.equal(stored.dir, dir);
    assert.equal(stored.store.answers.name, 'cymem');
    assert.equal(stored.files.read('.yo-rc.json'), stored.store.text);
  });

  describe('the origin check', () => {
    it('passes without an origin remote', () => {
      const dir = fresh();
      assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: {} }));
      assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: { owner: 'explosion' } }));
    });

    it('passes when origin is the stored owner/name, in any URL form or case', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://github.com/explosion/cymem-wheels.git');
      assert.deepEqual(WheelsRepo.open(dir, { origin: {} }).slug, { owner: 'explosion', repo: 'cymem-wheels' });
      for (const url of ['git@github.com:explosion/cymem-wheels.git', 'https://github.com/Explosion/Cymem-Wheels']) {
        git(dir, 'remote', 'set-url', 'origin', url);
        assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: {} }), url);
      }
    });

    it('refuses an origin with another owner, naming both', () => {
      const dir = fresh();
      const url = 'https://github.com/someone/cymem-wheels.git';
      git(dir, 'remote', 'add', 'origin', url);
      assert.throws(() => WheelsRepo.open(dir, { origin: {} }), (e: unknown) => isUserError(e)
        && e.message === `.yo-rc.json names explosion/cymem-wheels, but the origin remote is someone/cymem-wheels (${url}).`
        && /pass --owner explosion/.test(e.hint ?? '') && /--set owner=someone/.test(e.hint ?? '') && /Nothing was sent/.test(e.hint ?? ''));
      // without the check, the same repository opens
      assert.doesNotThrow(() => WheelsRepo.open(dir));
    });

    it('refuses an origin with another repository name', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'git@github.com:explosion/other-wheels.git');
      assert.throws(() => WheelsRepo.open(dir, { origin: {} }), (e: unknown) => isUserError(e) && /but the origin remote is explosion\/other-wheels/.test(e.message));
    });

    it('never prints a token from the origin URL', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://x-access-token:ghp_SECRET123@github.com/victim/cymem-wheels.git');
      assert.throws(() => WheelsRepo.open(dir, { origin: {} }), (e: unknown) => isUserError(e)
        && e.message.endsWith('the origin remote is victim/cymem-wheels (https://***@github.com/victim/cymem-wheels.git).')
        && !`${e.message}${e.hint}`.includes('SECRET'));
    });

    it('a malformed origin URL is no repository to compare: the command goes on', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://[bad/o/x-wheels');
      assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: {} }));
    });

    it('when only the repository name differs, the hint points origin back (--set owner cannot rename)', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'git@github.com:explosion/other-wheels.git');
      assert.throws(() => WheelsRepo.open(dir, { origin: {} }), (e: unknown) => isUserError(e)
        && /git remote set-url origin https:\/\/github\.com\/explosion\/cymem-wheels\.git/.test(e.hint ?? '') && !/--set owner/.test(e.hint ?? ''));
    });

    it('accepts a fork origin when --owner states the stored owner', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://github.com/someone/cymem-wheels.git');
      assert.deepEqual(WheelsRepo.open(dir, { origin: { owner: 'explosion' } }).slug, { owner: 'explosion', repo: 'cymem-wheels' });
      assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: { owner: 'Explosion' } }));
    });

    it('refuses an --owner that is not the stored one, even when origin agrees with it', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://github.com/someone/cymem-wheels.git');
      for (const owner of ['someone', 'other']) {
        assert.throws(() => WheelsRepo.open(dir, { origin: { owner } }), (e: unknown) => isUserError(e)
          && e.message === `--owner ${owner} is not the owner stored in .yo-rc.json (explosion).`
          && e.hint === `To move the repository to ${owner}, run \`wheels-repo upgrade --set owner=${owner}\` first; nothing was sent.`);
      }
    });

    it('checks the owner set on the way in: --set owner=someone matches a someone origin', () => {
      const dir = fresh();
      git(dir, 'remote', 'add', 'origin', 'https://github.com/someone/cymem-wheels.git');
      assert.deepEqual(WheelsRepo.open(dir, { set: { owner: 'someone' }, origin: {} }).slug, { owner: 'someone', repo: 'cymem-wheels' });
    });

    it('passes for a local-path origin (no owner/name to compare)', () => {
      const dir = fresh();
      const bare = join(parent, `bare-${n++}`);
      mkdirSync(bare);
      git(bare, 'init', '-q', '--bare');
      git(dir, 'remote', 'add', 'origin', bare);
      assert.doesNotThrow(() => WheelsRepo.open(dir, { origin: {} }));
    });
  });
});
