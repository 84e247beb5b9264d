import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBump, pinnedValues, type SourceFile } from '../../src/core/bump-plan.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

const WORKFLOW: SourceFile = { path: '.github/workflows/build-wheels.yml', text: 'env:\n  BUILD_COMMIT: v1.0\njobs:\n  build:\n    env:\n      BUILD_COMMIT: "v1.0"\n' };
const TRAVIS: SourceFile = { path: '.travis.yml', text: 'env:\n  global:\n    - BUILD_COMMIT=v0.9\n    - OTHER=1\n' };
const NO_PINS: SourceFile = { path: 'appveyor.yml', text: 'environment:\n  OTHER: 1\n' };

describe('planBump', () => {
  it('changes every pin to REF: new text of each changed file, one change per pin, every pin listed', () => {
    const plan = planBump([WORKFLOW, TRAVIS, NO_PINS], 'v2.0');
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.warnings, []);
    assert.deepEqual([...plan.outputs], [
      [WORKFLOW.path, 'env:\n  BUILD_COMMIT: v2.0\njobs:\n  build:\n    env:\n      BUILD_COMMIT: "v2.0"\n'],
      [TRAVIS.path, 'env:\n  global:\n    - BUILD_COMMIT=v2.0\n    - OTHER=1\n'],
    ]);
    assert.deepEqual(plan.changes, [
      { path: WORKFLOW.path, line: 2, old: 'v1.0', new: 'v2.0' },
      { path: WORKFLOW.path, line: 6, old: 'v1.0', new: 'v2.0' },
      { path: TRAVIS.path, line: 3, old: 'v0.9', new: 'v2.0' },
    ]);
    assert.deepEqual(plan.pins.map(({ path, pin }) => [path, pin.line, pin.value, pin.style, pin.form]), [
      [WORKFLOW.path, 2, 'v1.0', 'plain', 'mapping'],
      [WORKFLOW.path, 6, 'v1.0', 'double', 'mapping'],
      [TRAVIS.path, 3, 'v0.9', 'plain', 'assignment'],
    ]);
  });

  it('with a note, writes it after each changed pin', () => {
    const file: SourceFile = { path: 'a.yml', text: 'env:\n  BUILD_COMMIT: v1\n' };
    const plan = planBump([file], SHA, 'v2');
    assert.deepEqual(plan.problems, []);
    assert.deepEqual([...plan.outputs], [['a.yml', `env:\n  BUILD_COMMIT: ${SHA}  # v2\n`]]);
    assert.deepEqual(plan.changes, [{ path: 'a.yml', line: 2, old: 'v1', new: SHA }]);
  });

  it('with a note, rewrites a pin already at REF (the note is new) without listing a value change', () => {
    const file: SourceFile = { path: 'a.yml', text: `env:\n  BUILD_COMMIT: ${SHA}\n` };
    const plan = planBump([file], SHA, 'v2');
    assert.deepEqual([...plan.outputs], [['a.yml', `env:\n  BUILD_COMMIT: ${SHA}  # v2\n`]]);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.problems, []);
  });

  it('with the same note already there, leaves the file out of the outputs (nothing to write)', () => {
    const file: SourceFile = { path: 'a.yml', text: `env:\n  BUILD_COMMIT: ${SHA}  # v2\n` };
    const plan = planBump([file], SHA, 'v2');
    assert.equal(plan.outputs.size, 0);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.pins.length, 1);
  });

  it('in --check mode (ref undefined) only reads the pins: no outputs, no changes', () => {
    const plan = planBump([WORKFLOW, TRAVIS, NO_PINS], undefined);
    assert.equal(plan.outputs.size, 0);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.pins.map(({ path, pin }) => `${path}:${pin.line}=${pin.value}`), [
      `${WORKFLOW.path}:2=v1.0`, `${WORKFLOW.path}:6=v1.0`, `${TRAVIS.path}:3=v0.9`,
    ]);
  });

  it('reports a file that is not valid YAML, with the first line of the parser error, and reads no pins from it', () => {
    const plan = planBump([{ path: 'bad.yml', text: 'env: [\n  BUILD_COMMIT: v1\n' }, TRAVIS], 'v2.0');
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0] ?? '', /^bad\.yml is not valid YAML \([^\n]+\); fix it first$/);
    assert.ok(plan.pins.every((p) => p.path !== 'bad.yml'));
    // the other file is still planned: the caller writes nothing while there is a problem
    assert.deepEqual([...plan.outputs.keys()], [TRAVIS.path]);
  });

  it('reports the same problem in --check mode', () => {
    const plan = planBump([{ path: 'bad.yml', text: 'env: [\n  BUILD_COMMIT: v1\n' }], undefined);
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0] ?? '', /^bad\.yml is not valid YAML \(.+\); fix it first$/);
  });

  it('does not parse a file that never names BUILD_COMMIT: a broken file without a pin is no problem of bump\'s (doctor reports it)', () => {
    const plan = planBump([{ path: 'docs.yml', text: 'a: [\n' }, TRAVIS], 'v2.0');
    assert.deepEqual(plan.problems, []);
    assert.ok(plan.outputs.has(TRAVIS.path));
  });

  it('reports pins it cannot edit safely, with path and line', () => {
    const block: SourceFile = { path: 'a.yml', text: 'env:\n  BUILD_COMMIT: |\n    v1\n' };
    const escaped: SourceFile = { path: 'b.yml', text: 'env:\n  OTHER: 1\n  BUILD_COMMIT: "v\\u0031"\n' };
    const plan = planBump([block, escaped], 'v2');
    assert.deepEqual(plan.problems, [
      'a.yml:2: BUILD_COMMIT is a block scalar; write it on one line',
      'b.yml:3: BUILD_COMMIT uses escapes in a double-quoted string',
    ]);
    assert.deepEqual(plan.pins, []);
    assert.equal(plan.outputs.size, 0);
  });

  it('reports an edit that would not read back as REF, and writes nothing for that file', () => {
    const plan = planBump([{ path: '.travis.yml', text: 'env:\n  - BUILD_COMMIT=v1\n' }], 'a b');
    assert.deepEqual(plan.problems, ['.travis.yml: the edit did not read back as a b everywhere; nothing was written']);
    assert.equal(plan.outputs.size, 0);
    assert.deepEqual(plan.changes, []);
  });

  it('changes nothing when every pin is already at REF', () => {
    const plan = planBump([{ path: 'a.yml', text: 'env:\n  BUILD_COMMIT: v2\n' }, { path: 'b.yml', text: "env:\n  BUILD_COMMIT: 'v2'\n" }], 'v2');
    assert.equal(plan.outputs.size, 0);
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.pins.length, 2);
  });

  it('quotes a plain 1.10 already at REF 1.10: YAML reads it as the float 1.1', () => {
    const plan = planBump([{ path: 'a.yml', text: 'env:\n  BUILD_COMMIT: 1.10\n' }], '1.10');
    assert.deepEqual(plan.pins.map((p) => p.pin.value), ['1.10']);
    assert.deepEqual([...plan.outputs], [['a.yml', 'env:\n  BUILD_COMMIT: "1.10"\n']]);
    assert.deepEqual(plan.changes, [{ path: 'a.yml', line: 2, old: '1.10', new: '"1.10"' }]);
    assert.deepEqual(plan.problems, []);
  });

  it('quotes a plain pin when REF would be misread, and leaves an already quoted 1.10 alone', () => {
    const bumped = planBump([{ path: 'a.yml', text: 'env:\n  BUILD_COMMIT: v1\n' }], '1.10');
    assert.deepEqual([...bumped.outputs], [['a.yml', 'env:\n  BUILD_COMMIT: "1.10"\n']]);
    assert.deepEqual(bumped.changes, [{ path: 'a.yml', line: 2, old: 'v1', new: '1.10' }]);
    const quoted = planBump([{ path: 'a.yml', text: 'env:\n  BUILD_COMMIT: "1.10"\n' }], '1.10');
    assert.equal(quoted.outputs.size, 0);
    assert.deepEqual(quoted.changes, []);
  });

  it('does not quote a 1.10 assignment (a string inside a string)', () => {
    const plan = planBump([{ path: '.travis.yml', text: 'env:\n  - BUILD_COMMIT=1.10\n' }], '1.10');
    assert.equal(plan.outputs.size, 0);
    assert.deepEqual(plan.changes, []);
  });

  it('keeps CRLF line ends and comments', () => {
    const plan = planBump([{ path: 'a.yml', text: '# top\r\nenv:\r\n  BUILD_COMMIT: v1 # pinned\r\n' }], 'v2');
    assert.deepEqual([...plan.outputs], [['a.yml', '# top\r\nenv:\r\n  BUILD_COMMIT: v2 # pinned\r\n']]);
  });
});

describe('pinnedValues', () => {
  it('groups the pins by value, each as path:line in order', () => {
    const plan = planBump([WORKFLOW, TRAVIS, { path: 'c.yml', text: 'env:\n  BUILD_COMMIT: v0.9\n' }], undefined);
    assert.deepEqual([...pinnedValues(plan)], [
      ['v1.0', [`${WORKFLOW.path}:2`, `${WORKFLOW.path}:6`]],
      ['v0.9', [`${TRAVIS.path}:3`, 'c.yml:2']],
    ]);
  });

  it('is empty without pins', () => {
    assert.equal(pinnedValues(planBump([NO_PINS], undefined)).size, 0);
  });

  it('reads the pins before the bump', () => {
    assert.deepEqual([...pinnedValues(planBump([TRAVIS], 'v2.0'))], [['v0.9', [`${TRAVIS.path}:3`]]]);
  });
});
