// The require() of script bundles (src/io/builtin-require.ts): costly built-ins come as stand-ins
// that load the real module on first use, and answer assert(truthy) and tty.isatty(no character
// device) without it. Each case runs in a child Node, where process.moduleLoadList shows what loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ROOT } from '../support/checks.js';

const MODULE = pathToFileURL(join(ROOT, 'dist/src/io/builtin-require.js')).href;

/** Runs `body` (an async function body with `require`, `loaded(id)` and `out(value)`) in a child Node; returns what it printed. */
function child(body: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const code = `import { builtinRequire } from ${JSON.stringify(MODULE)};
const require = builtinRequire('/x/bundle.cjs');
const loaded = (id) => process.moduleLoadList.includes('NativeModule ' + id);
const out = (v) => process.stdout.write(JSON.stringify(v));
${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('built-ins given to script bundles', () => {
  it('assert is loaded only when an assertion fails, and then the error is the real one', () => {
    assert.deepEqual(child(`const a = require('node:assert');
const before = loaded('assert');
a(true, 'x'); a.ok(1); a.default('yes');
const afterTruthy = loaded('assert');
let error;
try { a(0, 'zero is false'); } catch (e) { error = { name: e.name, code: e.code, message: e.message }; }
out({ before, afterTruthy, after: loaded('assert'), error, same: require('assert') === a && a.default === a, strictEqual: typeof a.strictEqual });`), {
      before: false, afterTruthy: false, after: true, error: { name: 'AssertionError', code: 'ERR_ASSERTION', message: 'zero is false' }, same: true, strictEqual: 'function',
    });
  });

  it('tty.isatty answers false for a pipe, a file, /dev/null and a closed descriptor without node:tty, and asks it for another character device', () => {
    assert.deepEqual(child(`const tty = require('node:tty');
const { openSync } = await import('node:fs');
const file = openSync(${JSON.stringify(join(ROOT, 'package.json'))}, 'r');
const answers = [tty.isatty(1), tty.isatty(file), tty.isatty(openSync('/dev/null', 'r')), tty.isatty(9999), tty.isatty(-1), tty.isatty('1')];
const before = loaded('tty');
const zero = tty.isatty(openSync('/dev/zero', 'r'));
out({ answers, before, zero, after: loaded('tty') });`), { answers: [false, false, false, false, false, false], before: false, zero: false, after: true });
  });

  it('os.homedir is $HOME when set (as Node documents it on POSIX), without node:os; else the real one', () => {
    // On Node 24 the ES module this child is loads node:os itself: there only the answers are checked.
    const body = `const before = loaded('os');
const home = require('node:os').homedir();
out({ home, loaded: before ? 'before' : loaded('os'), real: (await import('node:os')).homedir() });`;
    const { HOME: _home, ...noHome } = process.env;
    const set = child(body, { ...process.env, HOME: '/home/someone else' }) as { home: string; loaded: boolean | 'before'; real: string };
    assert.equal(set.home, '/home/someone else');
    assert.equal(set.real, set.home, 'the real os.homedir agrees');
    if (set.loaded !== 'before') assert.equal(set.loaded, false);
    const empty = child(body, { ...process.env, HOME: '' }) as { home: string; real: string };
    assert.deepEqual([empty.home, empty.real], ['', '']);
    const unset = child(body, noHome) as { home: string; real: string };
    assert.ok(unset.home.length > 0);
    assert.equal(unset.home, unset.real, 'without HOME, the real os.homedir (the user database)');
  });

  it('forward everything else to the real module, loaded on first use', () => {
    // dns: loaded by nothing else here (on Node 24 an ES module's import of node:fs loads os)
    assert.deepEqual(child(`const dns = require('dns');
const before = loaded('dns');
const keys = Object.keys(dns);
const fsp = require('node:fs/promises');
const fspBefore = loaded('fs/promises');
const text = await fsp.readFile(${JSON.stringify(join(ROOT, 'package.json'))}, 'utf8');
out({ before, lookup: dns.lookup === (await import('node:dns')).lookup, hasKeys: keys.includes('lookup'), fspBefore, read: JSON.parse(text).name, fs: require('node:fs') === (await import('node:fs')).default });`), {
      before: false, lookup: true, hasKeys: true, fspBefore: false, read: 'create-wheels-repo', fs: true,
    });
  });

  it('refuse a module that is not a built-in, naming the bundle', () => {
    assert.deepEqual(child(`let message; try { require('left-pad'); } catch (e) { message = e.message; } out(message);`), '/x/bundle.cjs requires left-pad, which is not a Node built-in: rebuild with npm run build');
  });
});
