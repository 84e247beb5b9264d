import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { shellBody, shellQuote, yamlQuote, yamlQuoteAny } from '../../src/core/quote.js';

const HOSTILE = [
  '',
  'plain',
  "it's",
  "''",
  "'\\''",
  '"double" \'single\'',
  '$(id)',
  '`id`',
  '${HOME} $HOME $0 $@ $$',
  '\\ \\\\ \\n',
  'a\nb\n',
  '\n',
  'tab\there',
  '!! !-1 ^x^y',
  '; rm -rf / && echo | cat > /dev/null &',
  '* ? [a-z] ~ ~root {a,b}',
  '#not a comment',
  '-n',
  'päss ☃ 🔑 日本語',
  "mixed '$(id)' \"`id`\"\n'\n",
];

describe('yamlQuote', () => {
  it('refuses text holding a GitHub expression', () => {
    for (const v of ['${{ secrets.X }}', 'a ${{b', '${{']) {
      assert.throws(() => yamlQuote(v), { message: `refusing to write an expression into YAML: ${JSON.stringify(v)}` });
    }
  });

  it('accepts ${ { and $ {{, which are not expressions', () => {
    assert.equal(yamlQuote('${ {x}}'), '"${ {x}}"');
    assert.equal(yamlQuote('$ {{x}}'), '"$ {{x}}"');
  });

  it('writes a double-quoted scalar that YAML reads back as the value', () => {
    assert.equal(yamlQuote('a "b"\n'), '"a \\"b\\"\\n"');
    for (const v of HOSTILE) assert.equal(parse(`k: ${yamlQuote(v)}`).k, v, JSON.stringify(v));
  });
});

describe('yamlQuoteAny', () => {
  it('writes expressions too, as double-quoted YAML', () => {
    assert.equal(yamlQuoteAny('${{ x }}'), '"${{ x }}"');
    assert.equal(parse(`k: ${yamlQuoteAny('${{ x }}')}`).k, '${{ x }}');
  });
});

describe('shellQuote', () => {
  it('wraps in single quotes and writes a single quote as \'\\\'\'', () => {
    assert.equal(shellQuote('abc'), "'abc'");
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });

  it('reaches bash verbatim for hostile strings, nothing evaluated', () => {
    for (const v of HOSTILE) {
      const r = spawnSync('bash', ['-c', `printf %s ${shellQuote(v)}`], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${JSON.stringify(v)}: ${r.stderr}`);
      assert.equal(r.stdout, v, JSON.stringify(v));
    }
  });

  it('keeps the value verbatim as the right side of an assignment', () => {
    for (const v of HOSTILE) {
      const r = spawnSync('bash', ['-c', `X=${shellQuote(v)}; printf '%s' "$X"`], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${JSON.stringify(v)}: ${r.stderr}`);
      assert.equal(r.stdout, v, JSON.stringify(v));
    }
  });
});

describe('shellBody', () => {
  it('indents a single line by four spaces', () => {
    assert.equal(shellBody('pip install .'), '    pip install .');
    assert.equal(shellBody(''), '    ');
  });

  it('writes several lines verbatim', () => {
    assert.equal(shellBody('cat <<EOF\nx\nEOF'), 'cat <<EOF\nx\nEOF');
    assert.equal(shellBody('a\n'), 'a\n');
  });
});
