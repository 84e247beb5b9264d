// Every command the README shows and every command a "Next:" hint prints must work for a user who
// installed the tool the way the README's first line says (issue #14). This test installs it so, with
// a temporary npm prefix, in a clean HOME and without npm's variables in the environment, runs the
// README's generation command, then each command found, as a dry run where that works offline and as
// `--help` where it needs a service: either way it must start and exit 0.
// (`npm init wheels-repo` and `npx -p create-wheels-repo wheels-repo` need a registry: the package
// test runs those against a local Verdaccio.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT } from '../support/checks.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The commands of the README's code blocks: `sh` lines, and the `$ ` lines of `console` blocks. */
export function readmeCommands(markdown: string): string[] {
  const out: string[] = [];
  let lang: string | undefined;
  let pending = '';
  for (const line of markdown.split('\n')) {
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      lang = lang === undefined ? fence[1] ?? '' : undefined;
      continue;
    }
    if (lang !== 'sh' && lang !== 'console') continue;
    let text = line;
    if (pending === '') {
      if (lang === 'console') {
        if (!line.startsWith('$ ')) continue;
        text = line.slice(2);
      }
    }
    text = text.replace(/\s+#\s.*$/, '').trimEnd();
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1).trim()} `;
      continue;
    }
    const whole = `${pending}${text.trim()}`;
    pending = '';
    if (whole !== '') out.push(whole);
  }
  return out;
}

/** The lines under "Next:" in a generation's output, each a list of `&&`-joined commands. */
export function nextCommands(output: string): string[][] {
  const lines = output.split('\n');
  const start = lines.indexOf('Next:');
  assert.ok(start >= 0, `a Next: section in\n${output}`);
  const out: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    const command = line.trim().replace(/^or by hand: /, '').replace(/\s{2,}\(.*$/, '');
    if (/^(cd |wheels-repo |create-wheels-repo |git )/.test(command)) out.push(command.split(' && '));
  }
  return out;
}

describe('README and hints, with the tool installed as the README says', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'cwr-prefix-'));
  const home = mkdtempSync(join(tmpdir(), 'cwr-home-'));
  const work = mkdtempSync(join(tmpdir(), 'cwr-readme-'));
  const bin = join(prefix, 'bin');
  // a user's shell: no npm_* variables (we are not running under npm), the installed bins first
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
    HOME: home, PATH: [bin, process.env.PATH ?? ''].join(delimiter), NO_COLOR: '1',
    // where `npm install -g` puts the tool: a user's npm config would say it, this test's prefix does
    npm_config_prefix: prefix, npm_config_update_notifier: 'false',
    GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com',
    // no token and no service: a command that would call one cannot pass by accident
    GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_API_URL: 'http://127.0.0.1:9',
  };
  const sh = (command: string, cwd: string) => spawnSync('bash', ['-c', command], { cwd, env, encoding: 'utf8' });
  const first = readmeCommands(README)[0] ?? '';
  const steps = first.split(' && ');
  let generated = '';

  before(() => {
    // The first line is `npm ci && npm run build && <install> && <generate>`; npm ci and the build
    // have run already (they made the files under test), so the install and the generation run here.
    assert.deepEqual(steps.slice(0, 2), ['npm ci', 'npm run build'], first);
    const install = steps[2] ?? '';
    assert.match(install, /^npm (install -g \.|link)$/, first);
    const r = sh(`${install} --offline --no-audit --no-fund`, ROOT);
    assert.equal(r.status, 0, r.stderr);
  });

  it('the README\'s first line puts both bins on the PATH and generates offline with no token', () => {
    for (const name of ['create-wheels-repo', 'wheels-repo']) {
      const v = sh(`command -v ${name} && ${name} --version`, work);
      assert.equal(v.status, 0, v.stderr);
      assert.ok(v.stdout.startsWith(join(bin, name)), v.stdout);
    }
    const generate = steps.slice(3).join(' && ');
    assert.match(generate, /^create-wheels-repo /);
    const r = sh(generate, work);
    assert.equal(r.status, 0, r.stderr);
    generated = r.stdout;
  });

  it('every command of the "Next:" hint starts', () => {
    const commands = nextCommands(generated);
    assert.ok(commands.some((c) => c.some((x) => x.startsWith('wheels-repo '))), generated);
    for (const chain of commands) {
      let cwd = work;
      for (const command of chain) {
        if (command.startsWith('cd ')) {
          cwd = join(cwd, command.slice(3));
          continue;
        }
        if (command.startsWith('git ')) continue; // git's own commands: not ours to check
        const r = sh(`${command} --dry-run`, cwd);
        assert.equal(r.status, 0, `${command} --dry-run in ${cwd}: ${r.stdout}${r.stderr}`);
      }
    }
  });

  it('every command in the README starts (a dry run offline, else --help)', () => {
    const repo = join(work, 'cymem-wheels');
    const commands = readmeCommands(README).slice(1);
    assert.ok(commands.length >= 8, commands.join('\n'));
    const checked: string[] = [];
    for (const command of commands) {
      // npm init wheels-repo runs the create-wheels-repo bin of the package (npm init <x> → create-<x>)
      const local = command.replace(/^npm init wheels-repo( --)?/, 'create-wheels-repo');
      const [tool, sub = ''] = local.split(' ');
      if (tool !== 'create-wheels-repo' && tool !== 'wheels-repo') continue;
      let run: string;
      let cwd = repo;
      if (tool === 'create-wheels-repo') {
        // generation is offline: the flags the README shows must be accepted (with --github, the dry
        // run lists the GitHub steps without a token)
        run = local === 'create-wheels-repo' ? 'create-wheels-repo --help' : `${local} --dry-run`;
        cwd = mkdtempSync(join(tmpdir(), 'cwr-readme-gen-'));
      } else if ((sub === 'bump' && !local.includes('--resolve')) || sub === 'upgrade' || sub === 'remote') {
        run = local.includes('--dry-run') || local.includes('--check') ? local : `${local} --dry-run`;
      } else if (sub === 'doctor') {
        run = `${local} --offline`;
      } else {
        run = `${tool} ${sub} --help`;
      }
      const r = sh(run, cwd);
      assert.equal(r.status, 0, `${run} (from the README's \`${command}\`): ${r.stdout}${r.stderr}`);
      checked.push(run);
    }
    assert.ok(checked.some((c) => c.startsWith('wheels-repo bump')) && checked.some((c) => c.startsWith('create-wheels-repo')), checked.join('\n'));
  });
});
