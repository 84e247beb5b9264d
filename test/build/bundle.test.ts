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

// generators/app/index.ts skips Yeoman's check, when the generator is made, that the running
// yeoman-environment is new enough (it cost semver's start-up at every run): the check is made here,
// with Yeoman's own code, against the environment the bundle carries.
describe("Yeoman's environment version check", () => {
  it('passes for the yeoman-environment bundled, and the bundle reports that version', async () => {
    const { default: Environment } = await import('yeoman-environment');
    const { default: Generator } = await import('yeoman-generator');
    const { TestAdapter } = await import('@yeoman/adapter/testing');
    const { default: WheelsRepoGenerator } = await import('../../generators/app/index.js');
    type WheelsRepoGenerator = InstanceType<typeof WheelsRepoGenerator>;
    const { requiredEnvironmentVersion } = (await import(pathToFileURL(join(ROOT, 'node_modules/yeoman-generator/dist/constants.js')).href)) as { requiredEnvironmentVersion: string };
    const env = new Environment({ skipInstall: true, adapter: new TestAdapter() });
    env.register(WheelsRepoGenerator as never, { namespace: 'wheels-repo:app', resolved: join(ROOT, 'dist/generators/app/index.js'), packagePath: ROOT });
    const generator = (await env.create('wheels-repo:app', { generatorArgs: [], generatorOptions: { given: {}, interactive: false } as never })) as unknown as InstanceType<typeof Generator>;
    assert.ok(generator instanceof WheelsRepoGenerator);
    assert.equal((generator as WheelsRepoGenerator).checkEnvironmentVersion(), true);
    const yeomansCheck = Generator.prototype.checkEnvironmentVersion as (version: string, warning?: boolean) => boolean | undefined;
    assert.equal(yeomansCheck.call(generator, requiredEnvironmentVersion, false), true, `yeoman-environment ${env.getVersion()} is at least ${requiredEnvironmentVersion}`);
    const bundled = (JSON.parse(readFileSync(join(ROOT, 'node_modules/yeoman-environment/package.json'), 'utf8')) as { version: string }).version;
    assert.equal(env.getVersion(), bundled);
    const text = readFileSync(BUNDLE, 'utf8');
    assert.ok(text.includes(`ENVIRONMENT_VERSION=${JSON.stringify(bundled)}`), 'the bundle has its version from build time (scripts/yeoman-parts.mjs)');
    assert.equal((JSON.parse(readFileSync(join(ROOT, 'dist/yeoman/package.json'), 'utf8')) as { version: string }).version, bundled);
  });
});
