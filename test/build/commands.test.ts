// Each wheels-repo command runs from one file (scripts/bundle-commands.mjs, issue #15): the bundle
// holds its own modules and no other command's, and the modules the bin loaded before the command
// stay shared files, so there is one copy of each (one UserError class, one package root). The bundle
// is a script that requires them (src/io/scripts.ts hands over what the bin loaded).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/checks.js';

interface Meta { shared: string[]; commands: Record<string, string[]> }
const meta = JSON.parse(readFileSync(join(ROOT, 'dist/commands/meta.json'), 'utf8')) as Meta;
const COMMANDS = ['bump', 'remote', 'secrets', 'webhooks', 'upgrade', 'build', 'doctor', 'download'];

describe('the command bundles', () => {
  it('exist for every command of the table, and only for them', () => {
    assert.deepEqual(Object.keys(meta.commands).sort(), [...COMMANDS].sort());
  });

  it('share the modules the bin loads before a command, and bundle none of them', () => {
    for (const f of ['dist/src/core/errors.js', 'dist/src/io/package-files.js', 'dist/src/bin/boundary.js']) assert.ok(meta.shared.includes(f), f);
    for (const [name, inputs] of Object.entries(meta.commands)) {
      assert.deepEqual(inputs.filter((f) => meta.shared.includes(f)), [], name);
      const text = readFileSync(join(ROOT, 'dist/commands', `${name}.cjs`), 'utf8');
      assert.ok(/\brequire\("\.\.\/src\/core\/errors\.js"\)/.test(text), `${name} imports the shared core/errors.js`);
    }
  });

  it('hold their own command and no other, no package (those stay #imports) and no renderer where none is used', () => {
    for (const [name, inputs] of Object.entries(meta.commands)) {
      assert.ok(inputs.includes(`dist/src/cli/${name}.js`), name);
      assert.deepEqual(inputs.filter((f) => f.includes('node_modules')), [], name);
      const others = COMMANDS.filter((c) => c !== name && !(name === 'remote' && c === 'secrets') && !(name === 'build' && c === 'download'));
      assert.deepEqual(inputs.filter((f) => others.some((c) => f === `dist/src/cli/${c}.js`)), [], name);
    }
    assert.deepEqual(meta.commands.bump?.filter((f) => /core\/render\.js|repo\/generation\.js/.test(f)), []);
  });
});
