// The generation's bundle (dist/yeoman/lib/create.cjs: our create path, Yeoman and the generator)
// holds what a generation runs and nothing of Yeoman it never calls (issue #15): the size of Yeoman's
// part is checked here (the build's metafile, dist/bundle-meta/create.json), and the packages
// scripts/yeoman-parts.mjs leaves out are replaced by modules that throw when called, so a future
// use fails loudly instead of silently.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { build, type Plugin } from 'esbuild';
import { ROOT } from '../support/checks.js';

const BUNDLE = join(ROOT, 'dist/yeoman/lib/create.cjs');

interface YeomanParts {
  yeomanParts: (root: string) => Plugin[];
  NEVER_CALLED: string[];
}
const parts = async () => (await import(pathToFileURL(join(ROOT, 'scripts/yeoman-parts.mjs')).href)) as YeomanParts;

describe('the generation bundle', () => {
  it('Yeoman and what it imports stay under 0.35 MB (2.6 MB with everything, 1.46 MB with its own prompts, all of lodash and its commit)', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle-meta/create.json'), 'utf8')) as { bytes: number; inputs: Record<string, number> };
    // what our own code imports (#yaml, #ejs: scripts/vendor-table.mjs) is not Yeoman's
    const ours = /^node_modules\/(yaml|ejs)\//;
    const yeoman = Object.entries(meta.inputs).filter(([f]) => f.startsWith('node_modules/') && !ours.test(f)).reduce((sum, [, bytes]) => sum + bytes, 0);
    assert.ok(yeoman > 100 * 1024, 'Yeoman is in the bundle');
    assert.ok(yeoman < 0.35 * 1024 * 1024, `${(yeoman / 1024 / 1024).toFixed(2)} MB`);
    const size = statSync(BUNDLE).size;
    assert.ok(size < 0.8 * 1024 * 1024, `the whole bundle: ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('holds no code of the packages left out, only their throwing stand-ins', async () => {
    const text = readFileSync(BUNDLE, 'utf8');
    // Their importers left out as well (inquirer 13's editor prompt, the environment's npm helpers),
    // these need no stand-in: nothing in the bundle names them any more.
    const importerGone = ['iconv-lite', 'chardet', 'ky', '@pnpm/npm-conf', '@pnpm/network.ca-file', 'hosted-git-info'];
    for (const name of (await parts()).NEVER_CALLED) {
      if (importerGone.includes(name)) assert.ok(!text.includes(`"${name}`), `${name} is still imported`);
      else assert.ok(text.includes(`${name} was left out of the bundle by scripts/bundle.mjs, but it was called`), `${name}: no stand-in`);
    }
    assert.ok(text.includes("@yeoman/adapter's prompt module (inquirer 13) was left out"), 'the adapter keeps its own prompts');
    // strings of their own code, present in the bundle before they were left out
    for (const [name, own] of [
      ['execa', 'Command failed with'], ['iconv-lite', 'UTF-16LE'], ['rxjs', 'object unsubscribed'], ['@inquirer/core', 'User force closed the prompt'],
      ['commander', 'unknown option'], ["lodash-es's template", 'Invalid `variable` option passed into'], ['@yeoman/conflicter', 'A conflicter file was not returned'],
    ] as const) {
      assert.ok(!text.includes(own), `${name}'s code is bundled (${own})`);
    }
  });

  it('a stand-in throws, naming the package, however it is called', async () => {
    const { yeomanParts } = await parts();
    const result = await build({
      stdin: {
        contents: [
          "import { globbySync } from 'globby';", "import { Command } from 'commander';", "import defaultExeca, { execa } from 'execa';",
          'export const calls = {',
          '  globby: () => globbySync(["*"]),',
          '  commander: () => new (class extends Command {})(),',
          '  execa: () => execa("git"),',
          '  "execa default": () => defaultExeca("git"),',
          '};',
        ].join('\n'),
        resolveDir: ROOT,
      },
      bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', plugins: yeomanParts(ROOT),
    });
    const module = (await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0]?.text ?? '')}`)) as { calls: Record<string, () => unknown> };
    for (const [name, call] of Object.entries(module.calls)) {
      assert.throws(call, new RegExp(`^Error: ${name.split(' ')[0]} was left out of the bundle by scripts/bundle.mjs, but it was called$`), name);
    }
  });
});
