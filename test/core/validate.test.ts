import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAnswers } from '../../src/answers/schema.js';
import { checkCron, checkRef, parseRepoUrl } from '../../src/core/rules.js';

const base = { name: 'cymem', repoUrl: 'https://github.com/explosion/cymem' };

function problems(given: Record<string, unknown>): string[] {
  const r = resolveAnswers(given);
  return r.ok ? [] : r.problems.map((p) => `--${p.flag} ${p.message}`);
}

describe('resolveAnswers', () => {
  it('fills every default from the two required answers', () => {
    const r = resolveAnswers(base);
    assert.ok(r.ok);
    assert.deepEqual(r.answers, {
      name: 'cymem', importName: 'cymem', repoUrl: 'https://github.com/explosion/cymem', owner: 'explosion',
      buildCommit: 'main', ci: 'github-actions', engine: 'multibuild', python: ['3.11', '3.12', '3.13', '3.14', '3.15'],
      platforms: ['linux-x86_64', 'linux-aarch64', 'musllinux-x86_64', 'macos-x86_64', 'macos-arm64', 'windows-amd64'],
      buildDepends: '', testDepends: 'pytest', testCommand: 'pytest --pyargs cymem', preBuild: '',
      staging: 'github-release', anacondaOrg: '', s3Bucket: '', publish: 'trusted', nightly: 'none', nightlyRef: '', nightlyOrg: '',
    });
  });

  it('derives import name, owner and test command from earlier answers', () => {
    const r = resolveAnswers({ name: 'Scikit-Image', repoUrl: 'git@gitlab.com:sci/skimage.git' });
    assert.ok(r.ok);
    assert.equal(r.answers.importName, 'scikit_image');
    assert.equal(r.answers.owner, 'sci');
    assert.equal(r.answers.testCommand, 'pytest --pyargs scikit_image');
  });

  it('reports every problem at once, each naming its flag', () => {
    const found = problems({ name: 'bad name', repoUrl: 'ftp://x', buildCommit: 'a..b', python: '3.12,2.7', platforms: 'linux-x86_64,beos', nightly: '61 * * * *', staging: 'anaconda' });
    const flags = found.map((p) => p.split(' ')[0]).sort();
    assert.deepEqual(flags, ['--anaconda-org', '--build-commit', '--name', '--nightly', '--platforms', '--python', '--repo-url']);
    assert.match(found.find((p) => p.startsWith('--python'))!, /"2\.7".*3\.11/);
    assert.match(found.find((p) => p.startsWith('--anaconda-org'))!, /required with --staging anaconda/);
  });

  it('names missing required answers with an example', () => {
    assert.deepEqual(problems({}).map((p) => p.split(' ')[0]), ['--name', '--repo-url']);
    assert.match(problems({})[0]!, /e\.g\. --name scikit-image/);
  });

  it('refuses what a layout cannot honour, naming the alternative', () => {
    const travis = { ...base, ci: 'travis-appveyor' };
    assert.match(problems({ ...travis, engine: 'cibuildwheel' })[0]!, /^--engine cibuildwheel is generated for --ci github-actions only; with travis-appveyor use --engine multibuild/);
    assert.match(problems({ ...travis, publish: 'trusted' })[0]!, /^--publish trusted needs GitHub Actions.*use --publish twine/);
    assert.match(problems({ ...travis, platforms: 'linux-x86_64,macos-arm64' })[0]!, /^--platforms cannot build macos-arm64 on travis-appveyor.*use --ci github-actions/);
    assert.match(problems({ ...base, publish: 'twine' })[0]!, /^--publish twine is for --ci travis-appveyor; on GitHub Actions use --publish trusted/);
    assert.match(problems({ ...base, staging: 's3', s3Bucket: 'my-bucket' })[0]!, /^--staging s3 is for --ci travis-appveyor/);
    assert.match(problems({ ...base, ci: 'gitlab' })[0]!, /does not accept "gitlab"; choose one of: github-actions, travis-appveyor$/);
  });

  it('picks layout-aware defaults: twine and no Apple silicon on travis-appveyor', () => {
    const r = resolveAnswers({ ...base, ci: 'travis-appveyor' });
    assert.ok(r.ok);
    assert.equal(r.answers.publish, 'twine');
    assert.deepEqual(r.answers.platforms, ['linux-x86_64', 'linux-aarch64', 'musllinux-x86_64', 'macos-x86_64', 'windows-amd64']);
  });

  it('needs --s3-bucket with --staging s3, and checks it', () => {
    assert.match(problems({ ...base, ci: 'travis-appveyor', staging: 's3' })[0]!, /--s3-bucket is required with --staging s3/);
    assert.match(problems({ ...base, ci: 'travis-appveyor', staging: 's3', s3Bucket: 'Bad_Bucket' })[0]!, /--s3-bucket must be an S3 bucket name/);
  });

  it('refuses --anaconda-org without anaconda staging, and duplicates and empty lists', () => {
    assert.match(problems({ ...base, anacondaOrg: 'x' })[0]!, /only used with --staging anaconda/);
    assert.match(problems({ ...base, python: '3.12,3.12' })[0]!, /lists "3\.12" twice/);
    assert.match(problems({ ...base, platforms: ' , ' })[0]!, /needs at least one/);
  });

  it('refuses an empty test command and control characters', () => {
    assert.match(problems({ ...base, testCommand: '   ' })[0]!, /--test-command must not be empty/);
    assert.match(problems({ ...base, buildDepends: 'a\u001bb' })[0]!, /control characters/);
    assert.match(problems({ ...base, testDepends: 'a\nb' })[0]!, /single line/);
  });
});

describe('checkRef', () => {
  for (const good of ['main', 'v1.2.3', '0.22rc2.post1', 'release/1.x', '3f2c1ab', 'a'.repeat(40), 'wheel-testing', 'v1.7.0rel', '3.0.0a9']) {
    it(`accepts ${good}`, () => assert.equal(checkRef(good), null));
  }
  for (const bad of ['', 'a b', 'a..b', '-rf', '/x', 'x/', 'x.', 'a.lock', '.hidden', 'x//y', '@', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', '$(id)', '`id`', 'a#b', "it's", 'ü', 'a\nb', '${{ x }}']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.notEqual(checkRef(bad), null));
  }
});

describe('checkCron', () => {
  for (const good of ['0 3 * * 1', '*/15 0-6 1,15 JAN-MAR mon-fri', '0 0 * * 0']) it(`accepts ${good}`, () => assert.equal(checkCron(good), null));
  for (const bad of ['0 3 * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 7', '5-1 * * * *', '*/0 * * * *', '@daily', '0 3 * * 1; rm']) {
    it(`refuses ${bad}`, () => assert.notEqual(checkCron(bad), null));
  }
});

describe('parseRepoUrl', () => {
  it('reads https and scp forms', () => {
    assert.deepEqual(parseRepoUrl('https://github.com/numpy/numpy.git'), { host: 'github.com', owner: 'numpy', repo: 'numpy' });
    assert.deepEqual(parseRepoUrl('git@github.com:MacPython/scipy-wheels.git'), { host: 'github.com', owner: 'MacPython', repo: 'scipy-wheels' });
    assert.deepEqual(parseRepoUrl('https://gitlab.example.org:8443/group/sub/proj'), { host: 'gitlab.example.org', owner: 'group', repo: 'proj' });
  });
  for (const bad of ['http://github.com/a/b', 'https://github.com/a', 'github.com/a/b', 'https://github.com/a/b c', 'https://github.com/a/$(id)', 'https://user:pw@github.com/a/b', 'git@github.com:a', 'https://github.com/../b']) {
    it(`refuses ${bad}`, () => assert.equal(parseRepoUrl(bad), null));
  }
});
