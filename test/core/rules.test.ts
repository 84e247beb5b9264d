import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkAnacondaOrg, checkCron, checkDistName, checkImportName, checkOwner, checkRef, checkRepoUrl, checkS3Bucket,
  checkShellText, isHexSha, normaliseImportName, parseRepoUrl,
} from '../../src/core/rules.js';

type Check = (value: string) => string | null;

function accepts(check: Check, values: readonly string[]): void {
  for (const v of values) assert.equal(check(v), null, `should accept ${JSON.stringify(v)}`);
}

function refuses(check: Check, values: readonly string[], message?: string): void {
  for (const v of values) {
    const r = check(v);
    assert.equal(typeof r, 'string', `should refuse ${JSON.stringify(v)}`);
    if (message !== undefined) assert.equal(r, message, JSON.stringify(v));
  }
}

describe('checkDistName', () => {
  const msg = 'must be a PEP 508 name: letters, digits, ".", "_" and "-", starting and ending with a letter or digit (e.g. "scikit-image")';

  it('accepts PEP 508 names', () => {
    accepts(checkDistName, ['scikit-image', 'a', 'A1', 'zope.interface', 'a_b', 'cymem', '1x']);
  });

  it('refuses names that start or end with punctuation, hold spaces or non-ASCII, or are empty', () => {
    refuses(checkDistName, ['', '-a', 'a-', '.a', 'a.', '_a', 'a b', 'päckage', 'a/b', 'a@1'], msg);
  });
});

describe('checkImportName', () => {
  const msg = 'must be an importable Python module path such as "skimage" or "pkg.sub" (ASCII identifiers, no keywords)';

  it('accepts dotted ASCII identifiers, soft keywords included', () => {
    accepts(checkImportName, ['skimage', 'pkg.sub', '_private', 'a1', 'A.B_c.d9', 'match', 'type', 'case']);
  });

  it('refuses Python keywords anywhere in the path', () => {
    refuses(checkImportName, ['class', 'None', 'True', 'async', 'await', 'lambda', 'pkg.class', 'import.x', 'a.b.yield'], msg);
  });

  it('refuses what is not an identifier path', () => {
    refuses(checkImportName, ['', '1abc', 'a-b', 'a..b', '.a', 'a.', 'päckage', 'a b'], msg);
  });
});

describe('normaliseImportName', () => {
  it('lower-cases and turns runs of "-" and "." into one "_"', () => {
    assert.equal(normaliseImportName('Scikit-Image'), 'scikit_image');
    assert.equal(normaliseImportName('zope.interface'), 'zope_interface');
    assert.equal(normaliseImportName('a.-b--c'), 'a_b_c');
    assert.equal(normaliseImportName('already_fine'), 'already_fine');
  });
});

describe('parseRepoUrl', () => {
  it('reads https URLs, with or without .git, a port, and nested groups (owner is the first segment)', () => {
    assert.deepEqual(parseRepoUrl('https://github.com/explosion/cymem'), { host: 'github.com', owner: 'explosion', repo: 'cymem' });
    assert.deepEqual(parseRepoUrl('https://github.com/explosion/cymem.git'), { host: 'github.com', owner: 'explosion', repo: 'cymem' });
    assert.deepEqual(parseRepoUrl('https://git.example.com:8443/a/b.git'), { host: 'git.example.com', owner: 'a', repo: 'b' });
    assert.deepEqual(parseRepoUrl('https://gitlab.com/group/sub/repo'), { host: 'gitlab.com', owner: 'group', repo: 'repo' });
  });

  it('reads scp-like git@host:owner/repo URLs', () => {
    assert.deepEqual(parseRepoUrl('git@github.com:owner/repo.git'), { host: 'github.com', owner: 'owner', repo: 'repo' });
    assert.deepEqual(parseRepoUrl('git@gitlab.com:g/s/r'), { host: 'gitlab.com', owner: 'g', repo: 'r' });
  });

  it('strips only one trailing .git', () => {
    assert.deepEqual(parseRepoUrl('https://github.com/o/r.git.git'), { host: 'github.com', owner: 'o', repo: 'r.git' });
  });

  it('refuses dot segments and names starting with "."', () => {
    for (const u of ['https://github.com/../repo', 'https://github.com/owner/..', 'https://github.com/a/./b', 'https://github.com/.hidden/repo', 'https://github.com/o/.r', 'https://github.com/owner/.git', 'git@github.com:../repo.git', 'git@github.com:o/..']) {
      assert.equal(parseRepoUrl(u), null, u);
    }
  });

  it('refuses other schemes, missing parts, credentials, queries and stray characters', () => {
    for (const u of ['', 'http://github.com/o/r', 'ssh://git@github.com/o/r.git', 'ftp://x', 'https://github.com/owner', 'https://github.com/owner/', 'https://github.com/owner/repo/', 'https://github.com/o//r', 'git@github.com/owner/repo', 'https://user@github.com/o/r', 'https://github.com/o/r?x', 'https://github.com/o/r#x', 'https://-bad.com/o/r', ' https://github.com/o/r', 'https://github.com/o/r ', 'https://github.com/o/r\n']) {
      assert.equal(parseRepoUrl(u), null, JSON.stringify(u));
    }
  });
});

describe('checkRepoUrl', () => {
  it('accepts exactly what parseRepoUrl reads', () => {
    accepts(checkRepoUrl, ['https://github.com/explosion/cymem', 'git@github.com:owner/repo.git']);
    refuses(checkRepoUrl, ['https://github.com/../repo', 'ftp://x', 'github.com/o/r'],
      'must be the project\'s git URL as "https://host/owner/repo" (optionally ending in .git) or "git@host:owner/repo.git"');
  });
});

describe('checkOwner', () => {
  const msg = 'must be a GitHub user or organisation name: up to 39 letters, digits and single inner hyphens';

  it('accepts GitHub logins up to 39 characters with single inner hyphens', () => {
    accepts(checkOwner, ['explosion', 'a', 'A-b-1', 'x'.repeat(39), `${'a-'.repeat(19)}a`]);
  });

  it("refuses '..', 40 characters, double, leading and trailing hyphens, and other characters", () => {
    refuses(checkOwner, ['..', '.', '', 'x'.repeat(40), 'a--b', '-a', 'a-', 'a_b', 'a.b', 'a b', 'ä'], msg);
  });
});

/** Whether git itself accepts the ref name. */
function gitAccepts(ref: string): boolean {
  const r = spawnSync('git', ['check-ref-format', '--allow-onelevel', ref]);
  if (r.error) throw r.error;
  return r.status === 0;
}

describe('checkRef', () => {
  const REFS = [
    'main', 'v1.2.3', 'feature/x', 'a/b/c', '3f2c1ab', '0123456789abcdef0123456789abcdef01234567', 'release-1.0+build', 'HEAD',
    'x.lockx', 'a.lock.b', '_', '+', '1.10', 'on', 'a/-b', 'a-/b', 'x'.repeat(255),
    '@', '@{x}', 'a@{b', 'a..b', 'a//b', '/a', 'a/', 'a.', '.a', 'a/.b', 'x.lock', 'a/x.lock/b', '-a', '-', 'a b', 'a~b', 'a^b',
    'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', 'a\tb', 'a/b.', 'a/.', '..', '.', 'a$b', 'a!b', "a'b", 'a"b', 'a@b', '@a', 'a/@/b', 'ä',
    'x'.repeat(256),
  ];

  it('accepts ordinary branches, tags and SHAs', () => {
    accepts(checkRef, ['main', 'v1.2.3', 'feature/x', 'release-1.0+build', '3f2c1ab', '0123456789abcdef0123456789abcdef01234567', '1.10', 'x'.repeat(255)]);
  });

  it("refuses what git's ref-name rules refuse", () => {
    refuses(checkRef, ['', '@', 'a..b', 'a//b', '/a', 'a/', 'a.', '.a', 'a/.b', 'x.lock', 'a/x.lock/b', '-a', 'a b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', '@{x}', 'a\tb']);
  });

  it('refuses on purpose refs git allows but CI files would need quoted ($, !, quotes, @, non-ASCII, over 255)', () => {
    refuses(checkRef, ['a$b', 'a!b', "a'b", 'a"b', 'a@b', 'ä', 'x'.repeat(256)],
      'must be a branch, tag or commit SHA that follows git\'s ref-name rules, using only letters, digits and "._/+-" (e.g. "main", "v1.2.3", "3f2c1ab")');
    for (const r of ['a$b', 'a!b', "a'b", 'a@b']) assert.equal(gitAccepts(r), true, r);
  });

  it('accepts only refs git check-ref-format --allow-onelevel accepts (a fixed list)', () => {
    const acceptedByUs = REFS.filter((r) => checkRef(r) === null);
    assert.ok(acceptedByUs.length >= 17, 'the list should hold refs checkRef accepts');
    assert.deepEqual(acceptedByUs.filter((r) => !gitAccepts(r)), []);
  });

  it('accepts only refs git accepts (random refs from the allowed characters)', () => {
    const chars = 'aZ09._/+-'.split('');
    const refs = fc.sample(fc.array(fc.constantFrom(...chars, 'l', 'o', 'c', 'k'), { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')), { numRuns: 300, seed: 20240601 });
    const acceptedByUs = refs.filter((r) => checkRef(r) === null);
    assert.ok(acceptedByUs.length > 20, `too few accepted samples: ${acceptedByUs.length}`);
    assert.deepEqual(acceptedByUs.filter((r) => !gitAccepts(r)), []);
  });
});

describe('isHexSha', () => {
  it('accepts 7 to 40 lower-case hex digits', () => {
    for (const v of ['3f2c1ab', '0123456789abcdef0123456789abcdef01234567', 'a'.repeat(20)]) assert.equal(isHexSha(v), true, v);
  });

  it('refuses short, long, upper-case and non-hex values', () => {
    for (const v of ['', '3f2c1a', 'a'.repeat(41), '3F2C1AB', '3f2c1ag', 'main', ' 3f2c1ab']) assert.equal(isHexSha(v), false, v);
  });
});

describe('checkAnacondaOrg', () => {
  const msg = 'must be an anaconda.org organisation name: letters, digits, "_", "." and "-"';

  it('accepts names up to 100 characters starting with a letter or digit', () => {
    accepts(checkAnacondaOrg, ['conda-forge', 'a', 'scientific-python-nightly-wheels', 'A_b.c-1', 'x'.repeat(100)]);
  });

  it('refuses empty, too long, leading punctuation and other characters', () => {
    refuses(checkAnacondaOrg, ['', 'x'.repeat(101), '_a', '-a', '.a', 'a b', 'a/b', 'ä'], msg);
  });
});

describe('checkS3Bucket', () => {
  const msg = 'must be an S3 bucket name: 3-63 lower-case letters, digits, "." and "-"';

  it('accepts DNS-compatible bucket names of 3 to 63 characters', () => {
    accepts(checkS3Bucket, ['my-bucket', 'abc', 'a.b', 'x'.repeat(63), '1bucket', 'wheels.example.org']);
  });

  it('refuses short, long, upper-case, "..", IP addresses and bad ends', () => {
    refuses(checkS3Bucket, ['', 'ab', 'x'.repeat(64), 'My-bucket', 'a..b', '192.168.1.1', '-ab', 'ab-', '.ab', 'ab.', 'a_b', 'a b'], msg);
  });
});

describe('checkCron', () => {
  const accepted = 'must be "none" or a five-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 3 * * 1"';

  it('accepts five-field expressions with lists, ranges, steps and names', () => {
    accepts(checkCron, [
      '0 3 * * 1', '*/15 * * * *', '0-30/5 1,2,3 1-31 1-12 0-6', '59 23 31 12 6', '0 0 1 JAN,jul *', '0 0 * * MON-FRI',
      '0 0 * * sun', '0 0 * jan-dec *', '0 0 * * 1-5/2', ' 0 3 * * 1 ', '0  3 * * 1',
    ]);
  });

  it('refuses the wrong number of fields and characters cron does not use', () => {
    refuses(checkCron, ['', 'none', '* * * *', '* * * * * *', '@daily', '0 0 ? * *', '0\t0 * * *'], accepted);
  });

  it('refuses values out of range, naming the field and its range', () => {
    assert.equal(checkCron('61 * * * *'), `${accepted}; "61" is out of range for the minute (0-59)`);
    assert.equal(checkCron('0 24 * * *'), `${accepted}; "24" is out of range for the hour (0-23)`);
    assert.equal(checkCron('0 0 0 * *'), `${accepted}; "0" is out of range for the day of month (1-31)`);
    assert.equal(checkCron('0 0 32 * *'), `${accepted}; "32" is out of range for the day of month (1-31)`);
    assert.equal(checkCron('0 0 * 13 *'), `${accepted}; "13" is out of range for the month (1-12)`);
    assert.equal(checkCron('0 0 * * 7'), `${accepted}; "7" is out of range for the day of week (0-6)`);
    assert.equal(checkCron('100 * * * *'), `${accepted}; "100" is out of range for the minute (0-59)`);
  });

  it('refuses backwards ranges, ranges of three, empty list items and names in the wrong field', () => {
    assert.equal(checkCron('5-1 * * * *'), `${accepted}; "5-1" is out of range for the minute (0-59)`);
    assert.equal(checkCron('0 0 * * SAT-SUN'), `${accepted}; "SAT-SUN" is out of range for the day of week (0-6)`);
    assert.equal(checkCron('1-2-3 * * * *'), `${accepted}; "1-2-3" is out of range for the minute (0-59)`);
    assert.equal(checkCron('1, * * * *'), `${accepted}; "" is out of range for the minute (0-59)`);
    assert.equal(checkCron('MON * * * *'), `${accepted}; "MON" is out of range for the minute (0-59)`);
    assert.equal(checkCron('0 0 * MON *'), `${accepted}; "MON" is out of range for the month (1-12)`);
    assert.equal(checkCron('0 0 L * *'), `${accepted}; "L" is out of range for the day of month (1-31)`);
    assert.equal(checkCron('0 0 * * SUNDAY'), `${accepted}; "SUNDAY" is out of range for the day of week (0-6)`);
  });

  it('refuses bad steps', () => {
    assert.equal(checkCron('*/0 * * * *'), `${accepted}; "*/0" has a bad step`);
    assert.equal(checkCron('*/100 * * * *'), `${accepted}; "*/100" has a bad step`);
    assert.equal(checkCron('*/ * * * *'), `${accepted}; "*/" has a bad step`);
    assert.equal(checkCron('1/2/3 * * * *'), `${accepted}; "1/2/3" is not a valid minute`);
  });
});

describe('checkShellText', () => {
  it('accepts printable text, tabs and unicode on one line', () => {
    for (const v of ['pip install .', 'a\tb', "echo 'x' \"$y\" `z`", 'päss ☃', '']) assert.equal(checkShellText(v, false), null, JSON.stringify(v));
  });

  it('accepts newlines only when multi-line', () => {
    assert.equal(checkShellText('a\nb', true), null);
    assert.equal(checkShellText('a\nb', false), 'must be a single line');
  });

  it('refuses control characters, CR included, even when multi-line', () => {
    for (const v of ['a\u0000b', 'a\rb', 'a\r\nb', '\u001b[31m', 'a\u007fb', '\u0008', '\u000b', '\u000c']) {
      assert.equal(checkShellText(v, true), 'must not contain control characters (NUL, CR, escape, ...)', JSON.stringify(v));
    }
  });
});
