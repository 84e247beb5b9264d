// docs/support.md is the promise: the generator offers exactly the layout × engine × platform × Python
// combinations its table lists, and refuses every other one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveAnswers } from '../../src/answers/schema.js';
import { PLATFORM_IDS, PYTHON_VERSIONS } from '../../src/core/platforms.js';
import { LAYOUTS } from '../../src/providers/registry.js';
import { ROOT } from '../support/checks.js';

const ENGINES = ['multibuild', 'cibuildwheel'];

/** layout/engine/platform → the Pythons the table lists. */
function table(): Map<string, Set<string>> {
  const text = readFileSync(join(ROOT, 'docs/support.md'), 'utf8');
  const rows = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 6 || !LAYOUTS.some((l) => l.id === cells[0])) continue;
    const [layout, engine, platform, pythons, runner, sources] = cells as [string, string, string, string, string, string];
    assert.ok(runner !== '' && /[A-Z]\d/.test(sources), `${line}: every row names its runner and its sources`);
    const key = `${layout}/${engine}/${platform}`;
    assert.ok(!rows.has(key), `${key} is listed twice`);
    rows.set(key, new Set(pythons.split(',').map((p) => p.trim())));
  }
  return rows;
}

describe('docs/support.md', () => {
  it('lists exactly the combinations the generator offers', () => {
    const rows = table();
    assert.ok(rows.size >= 20, `only ${rows.size} rows read`);
    const offered: string[] = [];
    const promised: string[] = [];
    for (const layout of LAYOUTS) {
      for (const engine of ENGINES) {
        for (const platform of PLATFORM_IDS) {
          for (const python of PYTHON_VERSIONS) {
            const r = resolveAnswers({ name: 'x', repoUrl: 'https://github.com/o/x', ci: layout.id, engine, platforms: platform, python });
            const key = `${layout.id}/${engine}/${platform} ${python}`;
            if (r.ok) offered.push(key);
            if (rows.get(`${layout.id}/${engine}/${platform}`)?.has(python)) promised.push(key);
          }
        }
      }
    }
    assert.deepEqual(offered, promised);
  });

  it('every source key a row cites is defined', () => {
    const text = readFileSync(join(ROOT, 'docs/support.md'), 'utf8');
    const cited = new Set([...text.matchAll(/\| ([A-Z]\d(?:, [A-Z]\d)*) \|$/gm)].flatMap((m) => (m[1] as string).split(', ')));
    for (const key of cited) assert.match(text, new RegExp(`^- \\*\\*[^*]*\\b${key}\\b[^*]*\\*\\*`, 'm'), `source ${key}`);
  });
});
