// parseStrict reads the commonest command lines without node:util parseArgs (src/cli/args.ts
// parseCommonShape). What it reads must be exactly what parseArgs returns; the rest is parseArgs'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import fc from 'fast-check';
import { parseCommonShape, parseStrict } from '../../src/cli/args.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const OPTIONS: Options = {
  dir: { type: 'string' },
  'dry-run': { type: 'boolean' },
  all: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  flag: { type: 'boolean', multiple: true },
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string', short: 'o' },
};

/** Arguments of every kind: positionals, declared and unknown options, inline values, terminators, short options, values that look like options. */
const ARG = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('--dir', '--dry-run', '--all', '--set', '--flag', '--help', '--out') },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9.\/_=-]{0,6}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9.=-]{0,4}$/).map((v) => `--dir=${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('--set=A=1', '--all=true', '--help=', '--', '-', '-h', '-o', '-ho', '--unknown', '--DIR', '--=x', '--__proto__', '--toString', '--constructor', '-1', '--no-all', 'é', ' ', '') },
);

describe('parseCommonShape', () => {
  it('returns what parseArgs returns wherever it reads a command line (property)', () => {
    let read = 0;
    fc.assert(fc.property(fc.array(ARG, { maxLength: 6 }), fc.boolean(), (args, allowPositionals) => {
      const config = { args, options: OPTIONS, allowPositionals };
      const fast = parseCommonShape(config);
      if (fast === undefined) return;
      read++;
      assert.deepStrictEqual(fast, parseArgs({ ...config, strict: true, tokens: true }), JSON.stringify(args));
    }), { numRuns: 5000 });
    assert.ok(read > 500, `only ${read} command lines read`);
  });

  it('reads the command lines of the bench and of a maintainer: REF and --dir, flags, --set', () => {
    const bump = { args: ['v1.2.3', '--dir', '/tmp/x-wheels', '--dry-run'], options: OPTIONS, allowPositionals: true };
    assert.deepStrictEqual(parseCommonShape(bump), parseArgs({ ...bump, strict: true, tokens: true }));
    assert.deepEqual({ ...parseCommonShape({ args: ['--set', 'a=1', '--set=b=2'], options: OPTIONS })?.values }, { set: ['a=1', 'b=2'] });
  });

  it('leaves short options, terminators, unknown options, values starting with "-" and defaults to parseArgs', () => {
    for (const args of [['-h'], ['--'], ['--dir', '-x'], ['--dir'], ['--nope'], ['--all=yes'], ['x'], ['--toString']]) {
      assert.equal(parseCommonShape({ args, options: OPTIONS }), undefined, JSON.stringify(args));
    }
    assert.equal(parseCommonShape({ args: [], options: { n: { type: 'string', default: '1' } } }), undefined);
    // parseArgs drops a declared __proto__, reads '--' as the terminator even where '' is declared, and reads process.argv without args
    assert.equal(parseCommonShape({ args: ['--__proto__=x'], options: JSON.parse('{"__proto__":{"type":"string"}}') as Options }), undefined);
    assert.equal(parseCommonShape({ args: ['--'], options: { '': { type: 'boolean' } } }), undefined);
    assert.equal(parseCommonShape({ options: OPTIONS }), undefined);
  });
});

describe('parseStrict', () => {
  it('refuses what parseArgs refuses, with its message, and a string option given twice', () => {
    assert.throws(() => parseStrict({ args: ['--dri-run'], options: OPTIONS }, 'hint'), { name: 'UserError', message: "Unknown option '--dri-run' (did you mean --dry-run?)" });
    assert.throws(() => parseStrict({ args: ['--dir', 'a', '--dir=b'], options: OPTIONS }, 'hint'), { message: '--dir was given 2 times ("a", "b"); it takes one value.' });
    assert.throws(() => parseStrict({ args: ['--dir', '-x'], options: OPTIONS }, 'hint'), { name: 'UserError', message: /--dir/ });
  });
});
