// Each wheels-repo command runs from one script bundle (scripts/bundle-commands.mjs, issue #15): the
// bundle holds its command, the error boundary and everything they import statically, and no other
// command; the bin (a CommonJS file) picks it by name and src/io/scripts.ts runs it with V8's code
// cache. Nothing is shared with the bin: errors are told apart by name (core/errors.ts), and a
// module's import.meta.url is its own file's, so each copy finds the package root.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { ROOT } from '../support/checks.js';

interface Meta { commands: Record<string, string[]>; index: string[] }
const meta = JSON.parse(readFileSync(join(ROOT, 'dist/commands/meta.json'), 'utf8')) as Meta;
const COMMANDS = ['bump', 'remote', 'secrets', 'webhooks', 'upgrade', 'build', 'doctor', 'download'];
/** What the commands import only with import(), when that code runs: never inside a bundle. */
const LAZY = ['@octokit/', 'libsodium', 'inquirer', 'ajv', 'yeoman-'];

describe('the command bundles', () => {
  it('exist for every command of the table, and only for them; the bin knows the same names', () => {
    assert.deepEqual(Object.keys(meta.commands).sort(), [...COMMANDS].sort());
    assert.deepEqual([...COMMAND_NAMES].sort(), [...COMMANDS].sort());
  });

  it('are whole: each requires nothing but Node built-ins, and shares no module with the bin', () => {
    for (const name of [...COMMANDS, 'index']) {
      const text = readFileSync(join(ROOT, 'dist/commands', `${name}.cjs`), 'utf8');
      const header = JSON.parse(/^\/\/cwr-script (.*)\n/.exec(text)?.[1] ?? 'null') as Record<string, unknown>;
      assert.deepEqual(Object.keys(header), ['sha256'], name);
      assert.deepEqual([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]).filter((id) => !isBuiltin(id ?? '')), [], name);
      const inputs = name === 'index' ? meta.index : (meta.commands[name] ?? []);
      assert.ok(inputs.includes('dist/src/bin/boundary.js') && inputs.includes('dist/src/core/errors.js'), `${name} holds its own error boundary`);
    }
  });

  it('hold their own command and no other, no package loaded late, and no renderer where none is used', () => {
    for (const [name, inputs] of Object.entries(meta.commands)) {
      assert.ok(inputs.includes(`dist/src/cli/${name}.js`), name);
      assert.deepEqual(inputs.filter((f) => LAZY.some((p) => f.includes(`node_modules/${p}`))), [], name);
      const others = COMMANDS.filter((c) => c !== name && !(name === 'remote' && c === 'secrets') && !(name === 'build' && c === 'download'));
      assert.deepEqual(inputs.filter((f) => others.some((c) => f === `dist/src/cli/${c}.js`)), [], name);
    }
    assert.deepEqual(meta.commands.bump?.filter((f) => /core\/render\.js|repo\/generation\.js/.test(f)), []);
    assert.deepEqual(meta.index.filter((f) => COMMANDS.some((c) => f === `dist/src/cli/${c}.js`) || f.includes('node_modules')), [], 'the help holds no command');
  });
});
