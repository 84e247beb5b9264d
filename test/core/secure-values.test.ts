import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError } from '../../src/core/errors.js';
import { securePlaceholder } from '../../src/core/render.js';
import { secureValueState, writeSecureValue } from '../../src/core/secure-values.js';

const CIPHER = 'c2VjcmV0+/abc==';

/** The shape _travis.yml.ejs writes: a quoted secure list item after the comment and a note. */
const TRAVIS = [
  'env:',
  '  global:',
  '    - WHEEL_SDIR=wheelhouse',
  '    # ANACONDA_TOKEN: anaconda.org token with upload scope.',
  '    # Placeholder until `wheels-repo secrets sync` encrypts the real value.',
  `    - secure: "${securePlaceholder('ANACONDA_TOKEN')}"`,
  '    # TWINE_PASSWORD: PyPI token.',
  '    # Placeholder until `wheels-repo secrets sync` encrypts the real value.',
  `    - secure: "${securePlaceholder('TWINE_PASSWORD')}"`,
  '',
].join('\n');

/** The shape appveyor.yml.ejs writes: an unquoted secure: under the variable's own key. */
const APPVEYOR = [
  'environment:',
  '  global:',
  '    # ANACONDA_TOKEN: anaconda.org token with upload scope.',
  '    # Placeholder until `wheels-repo secrets sync` encrypts the real value.',
  '    ANACONDA_TOKEN:',
  `      secure: ${securePlaceholder('ANACONDA_TOKEN')}`,
  '  matrix:',
  '    - PYTHON: C:\\Python39',
  '',
].join('\n');

describe('secureValueState', () => {
  it('is placeholder for a generated placeholder, in both file shapes', () => {
    assert.equal(secureValueState(TRAVIS, 'ANACONDA_TOKEN'), 'placeholder');
    assert.equal(secureValueState(TRAVIS, 'TWINE_PASSWORD'), 'placeholder');
    assert.equal(secureValueState(APPVEYOR, 'ANACONDA_TOKEN'), 'placeholder');
  });

  it('is placeholder whatever the name in the placeholder (names of every length)', () => {
    for (const name of ['A', 'AB', 'ABC', 'S3_SECRET_ACCESS_KEY']) {
      assert.equal(secureValueState(`# ${name}: x\nsecure: ${securePlaceholder(name)}\n`, name), 'placeholder', name);
    }
  });

  it('is set once a ciphertext replaced the placeholder', () => {
    assert.equal(secureValueState(writeSecureValue(TRAVIS, 'ANACONDA_TOKEN', CIPHER), 'ANACONDA_TOKEN'), 'set');
    assert.equal(secureValueState(writeSecureValue(APPVEYOR, 'ANACONDA_TOKEN', CIPHER), 'ANACONDA_TOKEN'), 'set');
  });

  it('is missing without the comment, without a secure: line within three lines of it, or for another name', () => {
    assert.equal(secureValueState(TRAVIS, 'PYPI_TOKEN'), 'missing');
    assert.equal(secureValueState(TRAVIS, 'TOKEN'), 'missing');
    assert.equal(secureValueState(`# A: x\n1\n2\n3\nsecure: ${securePlaceholder('A')}\n`, 'A'), 'missing');
    assert.equal(secureValueState(`# A: x\n1\n2\nsecure: ${securePlaceholder('A')}\n`, 'A'), 'placeholder');
    assert.equal(secureValueState(`A: x\nsecure: ${securePlaceholder('A')}\n`, 'A'), 'missing');
    assert.equal(secureValueState('', 'A'), 'missing');
  });
});

describe('writeSecureValue', () => {
  it('replaces the quoted value, keeping the quotes and every other line', () => {
    const out = writeSecureValue(TRAVIS, 'ANACONDA_TOKEN', CIPHER);
    const before = TRAVIS.split('\n');
    const after = out.split('\n');
    assert.equal(after.length, before.length);
    assert.equal(after[5], `    - secure: "${CIPHER}"`);
    assert.deepEqual(after.filter((_, i) => i !== 5), before.filter((_, i) => i !== 5));
  });

  it('changes only the named entry when there are several', () => {
    const out = writeSecureValue(TRAVIS, 'TWINE_PASSWORD', CIPHER);
    assert.equal(out, TRAVIS.replace(`"${securePlaceholder('TWINE_PASSWORD')}"`, `"${CIPHER}"`));
    assert.equal(secureValueState(out, 'ANACONDA_TOKEN'), 'placeholder');
  });

  it('keeps an unquoted value unquoted, and single quotes single', () => {
    assert.equal(writeSecureValue(APPVEYOR, 'ANACONDA_TOKEN', CIPHER), APPVEYOR.replace(securePlaceholder('ANACONDA_TOKEN'), CIPHER));
    assert.equal(writeSecureValue("# A: x\n  - secure: 'old'  # note\n", 'A', CIPHER), `# A: x\n  - secure: '${CIPHER}'  # note\n`);
  });

  it('replaces a value set before (a second sync)', () => {
    const once = writeSecureValue(TRAVIS, 'ANACONDA_TOKEN', CIPHER);
    assert.equal(writeSecureValue(once, 'ANACONDA_TOKEN', 'bmV3'), TRAVIS.replace(`"${securePlaceholder('ANACONDA_TOKEN')}"`, '"bmV3"'));
  });

  it('keeps CRLF line ends', () => {
    const text = `# A: x\r\nsecure: "${securePlaceholder('A')}"\r\nnext: 1\r\n`;
    assert.equal(writeSecureValue(text, 'A', CIPHER), `# A: x\r\nsecure: "${CIPHER}"\r\nnext: 1\r\n`);
  });

  it('refuses a name without an entry with a UserError naming it and saying how to fix it', () => {
    assert.throws(() => writeSecureValue(TRAVIS, 'PYPI_TOKEN', CIPHER), (e: unknown) =>
      isUserError(e)
      && e.message === 'No secure value for PYPI_TOKEN was found (a "# PYPI_TOKEN:" comment followed by a secure: line).'
      && e.hint === 'Regenerate the file with create-wheels-repo, or add the entry by hand.');
    assert.throws(() => writeSecureValue('# A: x\nother: 1\n', 'A', CIPHER), (e: unknown) => isUserError(e) && /No secure value for A/.test(e.message));
  });
});
