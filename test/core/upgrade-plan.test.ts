import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isChange, planUpgrade, type FileFate, type Merge3, type MergeResult, type PlanInput } from '../../src/core/upgrade-plan.js';

type Mode = 0o644 | 0o755;

interface Call {
  base: string;
  ours: string;
  theirs: string;
  path: string;
}

/** A merge that answers from a table by path and records how it was called. */
function fakeMerge(results: Record<string, MergeResult>): { merge: Merge3; calls: Call[] } {
  const calls: Call[] = [];
  const merge: Merge3 = (base, ours, theirs, path) => {
    calls.push({ base, ours, theirs, path });
    const r = results[path];
    if (!r) throw new Error(`unexpected merge of ${path}`);
    return r;
  };
  return { merge, calls };
}

const noMerge: Merge3 = (_b, _o, _t, path) => {
  throw new Error(`unexpected merge of ${path}`);
};

function input(
  base: Record<string, string>,
  ours: Record<string, string>,
  theirs: Record<string, string | { content: string; mode: Mode }>,
  merge: Merge3 = noMerge,
  modes?: { base?: Record<string, Mode>; ours?: Record<string, Mode> },
): PlanInput {
  const t = new Map(Object.entries(theirs).map(([p, v]) => [p, typeof v === 'string' ? { content: v, mode: 0o644 as Mode } : v]));
  return {
    base: new Map(Object.entries(base)),
    ours: new Map(Object.entries(ours)),
    theirs: t,
    merge,
    ...(modes?.base ? { baseModes: new Map(Object.entries(modes.base)) } : {}),
    ...(modes?.ours ? { oursModes: new Map(Object.entries(modes.ours)) } : {}),
  };
}

function only(plan: FileFate[]): FileFate {
  assert.equal(plan.length, 1, JSON.stringify(plan));
  return plan[0]!;
}

describe('planUpgrade: fates', () => {
  it('updated: a file the user never touched takes the new render', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, { f: 'old' }, { f: 'new' }))), { path: 'f', fate: 'updated', before: 'old', after: 'new', mode: 0o644 });
  });

  it('unchanged: the file already equals the new render', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, { f: 'new' }, { f: 'new' }))), { path: 'f', fate: 'unchanged', before: 'new', after: 'new', mode: 0o644 });
  });

  it('unchanged: only the user changed it (templates give the base again), no merge called', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'base' }, { f: 'mine' }, { f: 'base' }))), { path: 'f', fate: 'unchanged', before: 'mine', after: 'mine', mode: 0o644 });
  });

  it('merged: both changed, the merge is clean; merge gets base, ours, theirs and path', () => {
    const { merge, calls } = fakeMerge({ f: { text: 'merged', conflicts: 0 } });
    assert.deepEqual(only(planUpgrade(input({ f: 'base' }, { f: 'mine' }, { f: 'new' }, merge))), {
      path: 'f', fate: 'merged', before: 'mine', after: 'merged', mode: 0o644, conflicts: 0,
    });
    assert.deepEqual(calls, [{ base: 'base', ours: 'mine', theirs: 'new', path: 'f' }]);
  });

  it('unchanged: a clean merge that gives back exactly the user text', () => {
    const { merge, calls } = fakeMerge({ f: { text: 'mine', conflicts: 0 } });
    assert.deepEqual(only(planUpgrade(input({ f: 'base' }, { f: 'mine' }, { f: 'new' }, merge))), { path: 'f', fate: 'unchanged', before: 'mine', after: 'mine', mode: 0o644 });
    assert.equal(calls.length, 1);
  });

  it('conflict: the merge reports conflicts, the text carries the markers', () => {
    const { merge } = fakeMerge({ f: { text: '<<<<<<<\nmine\n=======\nnew\n>>>>>>>\n', conflicts: 2 } });
    assert.deepEqual(only(planUpgrade(input({ f: 'base' }, { f: 'mine' }, { f: 'new' }, merge))), {
      path: 'f', fate: 'conflict', before: 'mine', after: '<<<<<<<\nmine\n=======\nnew\n>>>>>>>\n', mode: 0o644, conflicts: 2,
    });
  });

  it('conflict: even when the conflicted text equals the user text', () => {
    const { merge } = fakeMerge({ f: { text: 'mine', conflicts: 1 } });
    assert.equal(only(planUpgrade(input({ f: 'base' }, { f: 'mine' }, { f: 'new' }, merge))).fate, 'conflict');
  });

  it('added: new in the templates and absent on disk, with the template mode', () => {
    assert.deepEqual(only(planUpgrade(input({}, {}, { 'run.sh': { content: 'x', mode: 0o755 } }))), { path: 'run.sh', fate: 'added', before: undefined, after: 'x', mode: 0o755 });
  });

  it('unchanged: not in an old manifest but already equal to the render', () => {
    assert.deepEqual(only(planUpgrade(input({}, { f: 'same' }, { f: 'same' }))), { path: 'f', fate: 'unchanged', before: 'same', after: 'same', mode: 0o644 });
  });

  it('merged or conflict: not in an old manifest and different on disk, merged from an empty base', () => {
    const clean = fakeMerge({ f: { text: 'both', conflicts: 0 } });
    assert.deepEqual(only(planUpgrade(input({}, { f: 'mine' }, { f: 'new' }, clean.merge))), {
      path: 'f', fate: 'merged', before: 'mine', after: 'both', mode: 0o644, conflicts: 0,
    });
    assert.deepEqual(clean.calls, [{ base: '', ours: 'mine', theirs: 'new', path: 'f' }]);
    const dirty = fakeMerge({ f: { text: 'markers', conflicts: 3 } });
    assert.deepEqual(only(planUpgrade(input({}, { f: 'mine' }, { f: 'new' }, dirty.merge))), {
      path: 'f', fate: 'conflict', before: 'mine', after: 'markers', mode: 0o644, conflicts: 3,
    });
  });

  it('removed: dropped from the templates and never edited', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, { f: 'old' }, {}))), { path: 'f', fate: 'removed', before: 'old', after: undefined, mode: 0o644 });
  });

  it('kept: dropped from the templates but edited by the user', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, { f: 'mine' }, {}))), { path: 'f', fate: 'kept', before: 'mine', after: 'mine', mode: 0o644 });
  });

  it('unchanged: dropped from the templates and already gone from disk', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, {}, {}))), { path: 'f', fate: 'unchanged', before: undefined, after: undefined, mode: 0o644 });
  });

  it('deleted-by-you: the user deleted a generated file, it stays deleted', () => {
    assert.deepEqual(only(planUpgrade(input({ f: 'old' }, {}, { f: 'new' }))), { path: 'f', fate: 'deleted-by-you', before: undefined, after: undefined, mode: 0o644 });
  });

  it('plans every path of base and theirs once, sorted, ignoring paths only on disk', () => {
    const plan = planUpgrade(input({ b: '1', a: '1', c: '1' }, { a: '1', b: '1', c: '1', z: 'untracked' }, { c: '2', d: 'x', a: '1' }));
    assert.deepEqual(plan.map((f) => [f.path, f.fate]), [['a', 'unchanged'], ['b', 'removed'], ['c', 'updated'], ['d', 'added']]);
  });
});

describe('planUpgrade: modes', () => {
  const modes = (base: Mode, ours: Mode) => ({ base: { f: base }, ours: { f: ours } });

  it('sets the template mode when the templates changed it and the user did not, even with unchanged text', () => {
    const f = only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o755 } }, noMerge, modes(0o644, 0o644))));
    assert.deepEqual(f, { path: 'f', fate: 'unchanged', before: 'x', after: 'x', mode: 0o755, chmod: 0o755 });
    assert.equal(isChange(f), true);
  });

  it('sets the template mode alongside a text update', () => {
    const f = only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'y', mode: 0o644 } }, noMerge, modes(0o755, 0o755))));
    assert.deepEqual(f, { path: 'f', fate: 'updated', before: 'x', after: 'y', mode: 0o644, chmod: 0o644 });
  });

  it('keeps a mode the user changed', () => {
    assert.equal(only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o755 } }, noMerge, modes(0o644, 0o755)))).chmod, undefined);
    assert.equal(only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o644 } }, noMerge, modes(0o644, 0o755)))).chmod, undefined);
  });

  it('does nothing when the templates kept the mode', () => {
    assert.equal(only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o755 } }, noMerge, modes(0o755, 0o755)))).chmod, undefined);
  });

  it('does nothing without a known base mode or disk mode', () => {
    assert.equal(only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o755 } }, noMerge, { ours: { f: 0o644 } }))).chmod, undefined);
    assert.equal(only(planUpgrade(input({ f: 'x' }, { f: 'x' }, { f: { content: 'x', mode: 0o755 } }, noMerge, { base: { f: 0o644 } }))).chmod, undefined);
  });

  it('never sets a mode on a file that is absent before or after', () => {
    const gone = only(planUpgrade(input({ f: 'x' }, {}, { f: { content: 'y', mode: 0o755 } }, noMerge, modes(0o644, 0o644))));
    assert.equal(gone.fate, 'deleted-by-you');
    assert.equal(gone.chmod, undefined);
    const removed = only(planUpgrade(input({ f: 'x' }, { f: 'x' }, {}, noMerge, modes(0o644, 0o644))));
    assert.equal(removed.fate, 'removed');
    assert.equal(removed.chmod, undefined);
  });
});

describe('isChange', () => {
  const fate = (f: Partial<FileFate>): FileFate => ({ path: 'f', fate: 'unchanged', before: 'a', after: 'a', mode: 0o644, ...f });

  it('is false for fates that leave the disk alone', () => {
    assert.equal(isChange(fate({ fate: 'unchanged' })), false);
    assert.equal(isChange(fate({ fate: 'unchanged', before: undefined, after: undefined })), false);
    assert.equal(isChange(fate({ fate: 'kept', before: 'mine', after: 'mine' })), false);
    assert.equal(isChange(fate({ fate: 'deleted-by-you', before: undefined, after: undefined })), false);
  });

  it('is true for fates that write or delete', () => {
    assert.equal(isChange(fate({ fate: 'updated', before: 'a', after: 'b' })), true);
    assert.equal(isChange(fate({ fate: 'merged', before: 'a', after: 'c', conflicts: 0 })), true);
    assert.equal(isChange(fate({ fate: 'conflict', before: 'a', after: '<<<', conflicts: 1 })), true);
    assert.equal(isChange(fate({ fate: 'added', before: undefined, after: 'b' })), true);
    assert.equal(isChange(fate({ fate: 'removed', before: 'a', after: undefined })), true);
  });

  it('is true for a mode change alone', () => {
    assert.equal(isChange(fate({ chmod: 0o755 })), true);
  });

  it('agrees with the plan for every fate', () => {
    const { merge } = fakeMerge({ merged: { text: 'm', conflicts: 0 }, conflict: { text: 'c', conflicts: 1 } });
    const plan = planUpgrade(input(
      { updated: 'o', unchanged: 'o', merged: 'b', conflict: 'b', removed: 'o', kept: 'o', gone: 'o' },
      { updated: 'o', unchanged: 'n', merged: 'u', conflict: 'u', removed: 'o', kept: 'u' },
      { updated: 'n', unchanged: 'n', merged: 'n', conflict: 'n', added: 'n', gone: 'n' },
      merge,
    ));
    assert.deepEqual(plan.map((f) => [f.path, f.fate, isChange(f)]), [
      ['added', 'added', true],
      ['conflict', 'conflict', true],
      ['gone', 'deleted-by-you', false],
      ['kept', 'kept', false],
      ['merged', 'merged', true],
      ['removed', 'removed', true],
      ['unchanged', 'unchanged', false],
      ['updated', 'updated', true],
    ]);
  });
});
