// Every help text fits an 80-column terminal: the prose is written to fit, and wrapHelp folds what
// is built from tables (the generator's flags) and the usage lines, losing no word.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { wrapHelp } from '../../src/cli/help-wrap.js';
import { ROOT } from '../support/checks.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('wrapHelp', () => {
  it('folds a flag line under its description column, a usage line under its first [, prose under itself', () => {
    const flag = `  --flag X    ${'word '.repeat(20).trim()}`;
    const folded = wrapHelp(flag).split('\n');
    assert.ok(folded.length > 1 && folded.every((l) => l.length <= 80), folded.join('\n'));
    assert.ok(folded.slice(1).every((l) => l.startsWith(' '.repeat(14)) && l[14] !== ' '), folded.join('\n'));
    const usage = wrapHelp(`Usage: tool sub ${'[--option VALUE] '.repeat(8).trim()}`).split('\n');
    assert.ok(usage.slice(1).every((l) => l.startsWith(' '.repeat('Usage: tool sub '.length)) && l.trim().startsWith('[')), usage.join('\n'));
    const prose = wrapHelp(`  ${'a sentence that goes on '.repeat(5).trim()}`).split('\n');
    assert.ok(prose.every((l) => l.startsWith('  ') && l.length <= 80), prose.join('\n'));
    for (const text of [flag, prose.join(' ')]) assert.deepEqual(words(wrapHelp(text)), words(text));
  });

  it('leaves short lines and the spaces that align them as they are', () => {
    const text = '  --dir PATH     the repository\n\n  -h, --help     show this help\n';
    assert.equal(wrapHelp(text), text);
  });
});

describe('every --help fits 80 columns', () => {
  const bins: Array<[string, string[]]> = [
    ['create-wheels-repo', ['--help']],
    ['wheels-repo', ['--help']],
    ...['bump', 'upgrade', 'remote', 'secrets', 'webhooks', 'build', 'download', 'doctor'].map((c): [string, string[]] => ['wheels-repo', [c, '--help']]),
  ];
  for (const [bin, args] of bins) {
    it(`${bin} ${args.join(' ')}`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/bin', `${bin}.js`), ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const long = r.stdout.split('\n').filter((l) => l.length > 80);
      assert.deepEqual(long, [], `lines over 80 columns in ${bin} ${args.join(' ')}`);
      assert.match(r.stdout, /Usage: /);
    });
  }
});
