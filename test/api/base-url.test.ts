import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiBase, requireSecureUrl, type ApiVariable } from '../../src/api/base-url.js';
import { isUserError } from '../../src/core/errors.js';
import { insecureUrlProblem, isLoopbackHost } from '../../src/core/rules.js';

const DEFAULTS: Record<ApiVariable, string> = {
  GITHUB_API_URL: 'https://api.github.com',
  TRAVIS_API_URL: 'https://api.travis-ci.com',
  APPVEYOR_API_URL: 'https://ci.appveyor.com/api',
};
const VARIABLES = Object.keys(DEFAULTS) as ApiVariable[];

const HTTP_PROBLEM = 'uses http://, which would send the token in clear; use https://';

describe('isLoopbackHost', () => {
  it('is true for localhost, ::1 and 127.x.x.x', () => {
    for (const host of ['localhost', '[::1]', '::1', '127.0.0.1', '127.1.2.3', '127.255.255.255']) assert.equal(isLoopbackHost(host), true, host);
  });

  it('is false for every other host, lookalikes included', () => {
    for (const host of ['example.com', '10.0.0.1', '0.0.0.0', '128.0.0.1', '127.0.0.1.nip.io', 'localhost.example.com', 'notlocalhost', '[::2]', '1127.0.0.1', '127.0.0', '']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('insecureUrlProblem', () => {
  it('accepts https:// anywhere', () => {
    for (const url of ['https://api.github.com', 'https://ghe.example.com/api/v3', 'https://10.0.0.1:8443/']) assert.equal(insecureUrlProblem(url), null, url);
  });

  it('accepts http:// only on this machine', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://127.4.5.6/x', 'http://localhost:3000/', 'http://LOCALHOST', 'http://[::1]:9000/api']) assert.equal(insecureUrlProblem(url), null, url);
    for (const url of ['http://example.com', 'http://10.0.0.1', 'http://127.0.0.1.nip.io/', 'http://localhost.example.com', 'http://[::2]/', 'http://0.0.0.0:80']) {
      assert.equal(insecureUrlProblem(url), HTTP_PROBLEM, url);
    }
  });

  it('refuses other schemes and text that is not a URL', () => {
    assert.equal(insecureUrlProblem('ftp://example.com/x'), 'uses ftp:, not https://');
    assert.equal(insecureUrlProblem('file:///etc/passwd'), 'uses file:, not https://');
    assert.equal(insecureUrlProblem('ws://localhost'), 'uses ws:, not https://');
    assert.equal(insecureUrlProblem('api.github.com'), 'is not a URL');
    assert.equal(insecureUrlProblem(''), 'is not a URL');
  });
});

describe('apiBase', () => {
  it('gives the public service by default (unset or empty)', () => {
    for (const v of VARIABLES) {
      assert.equal(apiBase({}, v), DEFAULTS[v], v);
      assert.equal(apiBase({ [v]: '' }, v), DEFAULTS[v], v);
    }
  });

  it('reads only its own variable', () => {
    const env = { GITHUB_API_URL: 'https://ghe.example.com/api/v3', TRAVIS_API_URL: 'http://example.com' };
    assert.equal(apiBase(env, 'GITHUB_API_URL'), 'https://ghe.example.com/api/v3');
    assert.equal(apiBase(env, 'APPVEYOR_API_URL'), DEFAULTS.APPVEYOR_API_URL);
  });

  it('strips trailing slashes', () => {
    assert.equal(apiBase({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }, 'GITHUB_API_URL'), 'https://ghe.example.com/api/v3');
    assert.equal(apiBase({ TRAVIS_API_URL: 'https://travis.example.com///' }, 'TRAVIS_API_URL'), 'https://travis.example.com');
  });

  it('accepts http:// on 127.x.x.x, localhost and [::1]', () => {
    assert.equal(apiBase({ GITHUB_API_URL: 'http://127.0.0.1:8123/github/' }, 'GITHUB_API_URL'), 'http://127.0.0.1:8123/github');
    assert.equal(apiBase({ TRAVIS_API_URL: 'http://localhost:9/travis' }, 'TRAVIS_API_URL'), 'http://localhost:9/travis');
    assert.equal(apiBase({ APPVEYOR_API_URL: 'http://[::1]:8080/api' }, 'APPVEYOR_API_URL'), 'http://[::1]:8080/api');
    assert.equal(apiBase({ APPVEYOR_API_URL: 'http://127.9.9.9' }, 'APPVEYOR_API_URL'), 'http://127.9.9.9');
  });

  it('refuses http:// elsewhere with a UserError naming the variable and its default', () => {
    for (const v of VARIABLES) {
      assert.throws(() => apiBase({ [v]: 'http://api.example.com' }, v), (e: unknown) => isUserError(e)
        && e.message === `${v}=http://api.example.com ${HTTP_PROBLEM}.`
        && e.hint === `Set ${v} to the service's https:// address (or unset it for ${DEFAULTS[v]}); nothing was sent.`, v);
    }
  });

  it('refuses other schemes and values that are not URLs', () => {
    assert.throws(() => apiBase({ GITHUB_API_URL: 'ftp://api.example.com' }, 'GITHUB_API_URL'), (e: unknown) => isUserError(e) && e.message === 'GITHUB_API_URL=ftp://api.example.com uses ftp:, not https://.');
    assert.throws(() => apiBase({ TRAVIS_API_URL: 'api.travis-ci.com' }, 'TRAVIS_API_URL'), (e: unknown) => isUserError(e) && e.message === 'TRAVIS_API_URL=api.travis-ci.com is not a URL.');
    assert.throws(() => apiBase({ APPVEYOR_API_URL: 'http://127.0.0.1.evil.example/api' }, 'APPVEYOR_API_URL'), (e: unknown) => isUserError(e) && e.message.startsWith('APPVEYOR_API_URL=http://127.0.0.1.evil.example/api uses http://'));
  });
});

describe('requireSecureUrl', () => {
  it('accepts https:// and http:// on this machine', () => {
    assert.doesNotThrow(() => requireSecureUrl('https://github.com/o/r.git', 'Pushing'));
    assert.doesNotThrow(() => requireSecureUrl('http://127.0.0.1:8123/git/o/r.git', 'Pushing'));
  });

  it('refuses anything else with a UserError naming what and the URL, saying the token was not sent', () => {
    const cases: Array<[string, string]> = [
      ['http://github.com/o/r.git', HTTP_PROBLEM],
      ['git://github.com/o/r.git', 'uses git:, not https://'],
      ['git@github.com:o/r.git', 'is not a URL'],
    ];
    for (const [url, problem] of cases) {
      assert.throws(() => requireSecureUrl(url, 'Pushing'), (e: unknown) => isUserError(e)
        && e.message === `Pushing: ${url} ${problem}.`
        && e.hint === 'Use the https:// address of the repository; the token was not sent.', url);
    }
  });
});
