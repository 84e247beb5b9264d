// The interactive fixes of issue #14, each shown two ways where it can be: on the question list the
// prompts are built from, and with the real bin in a terminal (tmux), key by key.
//  - a choice is offered only when the validation can still accept it; a combination no later answer
//    can fix is refused before the first question;
//  - Ctrl-C says what exists: nothing, or the written and committed repository and what is left;
//  - answer flags given to a rerun inside a generated repository are applied as `upgrade --set`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { problemsBeforeQuestions, questionsFor, type Question } from '../../src/answers/questions.js';
import { invocation, respell } from '../../src/cli/invocation.js';
import { STORE_KEY } from '../../src/repo/store.js';
import { ROOT } from '../support/checks.js';
import { tmux, waitFor } from '../support/terminal.js';

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');

function question(name: string, given = {}): Question {
  const q = questionsFor(given).find((x) => x.name === name);
  assert.ok(q, `a question ${name}`);
  return q;
}
const values = (q: Question, answers: Record<string, unknown>) => (q.choices?.(answers) ?? []).map((c) => c.value);

function stored(dir: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, { answers: Record<string, unknown> }>)[STORE_KEY]?.answers ?? {};
}

describe('choices follow the answers before them', () => {
  it('staging offers s3 only after the travis-appveyor layout', () => {
    const staging = question('staging');
    assert.deepEqual(values(staging, { ci: 'github-actions' }), ['github-release', 'anaconda', 'none']);
    assert.deepEqual(values(staging, { ci: 'travis-appveyor' }), ['github-release', 'anaconda', 's3', 'none']);
  });

  it('publish offers what the layout can do', () => {
    const publish = question('publish');
    assert.deepEqual(values(publish, { ci: 'github-actions' }), ['trusted', 'none']);
    assert.deepEqual(values(publish, { ci: 'travis-appveyor' }), ['twine', 'none']);
  });

  it('a flag given first narrows the layouts offered (--publish twine: only travis-appveyor)', () => {
    assert.deepEqual(values(question('ci', { publish: 'twine' }), {}), ['travis-appveyor']);
    assert.deepEqual(problemsBeforeQuestions({ publish: 'twine' }), [], 'the CI question can still make it valid');
  });

  it('a combination is refused at the question that makes it, with the flag named', () => {
    const platforms = question('platforms');
    assert.match(String(platforms.validate?.(['macos-arm64'], { ci: 'travis-appveyor', engine: 'multibuild' })), /^--platforms cannot build macos-arm64 on travis-appveyor/);
    assert.equal(platforms.validate?.(['linux-x86_64'], { ci: 'travis-appveyor', engine: 'multibuild' }), true);
  });

  const refusedFirst: Array<[Record<string, string>, string, RegExp]> = [
    [{ ci: 'github-actions', publish: 'twine' }, 'publish', /^twine is for --ci travis-appveyor/],
    [{ ci: 'github-actions', staging: 's3' }, 'staging', /^s3 is for --ci travis-appveyor/],
    [{ ci: 'travis-appveyor', engine: 'multibuild', platforms: 'macos-arm64' }, 'platforms', /cannot build macos-arm64/],
    [{ python: '2.7' }, 'python', /does not accept "2\.7"/],
    [{ testCommand: 'pytest "unclosed' }, 'test-command', /not a valid bash command list/],
  ];
  for (const [given, flag, message] of refusedFirst) {
    it(`refused before any question: ${JSON.stringify(given)}`, () => {
      const problems = problemsBeforeQuestions(given);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.flag, flag);
      assert.match(problems[0]?.message ?? '', message);
    });
  }
});

describe('how hints spell the commands (invocation)', () => {
  const bin = '/opt/tool/bin';
  const cases: Array<[string, NodeJS.ProcessEnv, string, string, string]> = [
    ['npm init', { npm_command: 'init', PATH: '/usr/bin' }, '/home/u/.npm/_npx/1/node_modules/.bin/create-wheels-repo', 'npx -p create-wheels-repo wheels-repo', 'npm init wheels-repo --'],
    ['npx', { npm_command: 'exec', PATH: '/usr/bin' }, '/home/u/.npm/_npx/1/node_modules/.bin/create-wheels-repo', 'npx -p create-wheels-repo wheels-repo', 'npx create-wheels-repo'],
    ['a global install on PATH', { PATH: `/usr/bin:${bin}` }, `${bin}/create-wheels-repo`, 'wheels-repo', 'create-wheels-repo'],
    ['a local install off PATH', { PATH: '/usr/bin' }, '/p/my dir/node_modules/.bin/create-wheels-repo', "'/p/my dir/node_modules/.bin/wheels-repo'", "'/p/my dir/node_modules/.bin/create-wheels-repo'"],
  ];
  for (const [name, env, script, wheelsRepo, create] of cases) {
    it(name, () => assert.deepEqual(invocation(env, script), { wheelsRepo, create }));
  }
  it('respell: day-2 commands in printed text follow the invocation, nothing else changes', () => {
    const npx = { wheelsRepo: 'npx -p create-wheels-repo wheels-repo', create: 'npx create-wheels-repo' };
    const cases: Array<[string, string]> = [
      ['Run `wheels-repo bump --help`.', 'Run `npx -p create-wheels-repo wheels-repo bump --help`.'],
      ['fix: wheels-repo upgrade --set owner=me', 'fix: npx -p create-wheels-repo wheels-repo upgrade --set owner=me'],
      ['(wheels-repo bump v1 --commit --push && git tag v1)', '(npx -p create-wheels-repo wheels-repo bump v1 --commit --push && git tag v1)'],
      ['wheels-repo 0.1.0', 'wheels-repo 0.1.0'],
      ['create-wheels-repo --help', 'create-wheels-repo --help'],
      ['cymem-wheels-repo bump', 'cymem-wheels-repo bump'],
      ['`npx -p create-wheels-repo wheels-repo remote`', '`npx -p create-wheels-repo wheels-repo remote`'],
      ['dist/src/bin/wheels-repo.cjs', 'dist/src/bin/wheels-repo.cjs'],
    ];
    for (const [text, expected] of cases) assert.equal(respell(text, npx), expected, text);
    assert.equal(respell('Run `wheels-repo bump --help`.', { wheelsRepo: 'wheels-repo', create: 'create-wheels-repo' }), 'Run `wheels-repo bump --help`.');
  });

  it('the wheels-repo bin prints its hints the way it was started', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-spell-'));
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
    const fromCheckout = spawnSync(process.execPath, [WHEELS_REPO, 'bump'], { cwd, env: clean, encoding: 'utf8' });
    assert.equal(fromCheckout.status, 2, fromCheckout.stderr);
    assert.ok(fromCheckout.stderr.includes('Run `wheels-repo bump --help`.'), fromCheckout.stderr);
    // an installed bin whose directory is not on the PATH (./node_modules/.bin): its path
    const bin = join(mkdtempSync(join(tmpdir(), 'cwr-bin dir-')), 'wheels-repo');
    symlinkSync(WHEELS_REPO, bin);
    const offPath = spawnSync(process.execPath, [bin, 'bump'], { cwd, env: { ...clean, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    assert.ok(offPath.stderr.includes(`Run \`'${bin}' bump --help\`.`), offPath.stderr);
    const viaNpx = spawnSync(process.execPath, [WHEELS_REPO, 'bump'], { cwd, env: { ...clean, npm_command: 'exec' }, encoding: 'utf8' });
    assert.ok(viaNpx.stderr.includes('Run `npx -p create-wheels-repo wheels-repo bump --help`.'), viaNpx.stderr);
  });

  it('a checkout, or an npm script: the plain names (the README\'s first command installs them)', () => {
    const plain = { wheelsRepo: 'wheels-repo', create: 'create-wheels-repo' };
    assert.deepEqual(invocation({ PATH: '/usr/bin' }, CREATE), plain);
    assert.deepEqual(invocation({ PATH: '/usr/bin', npm_command: 'run-script', npm_lifecycle_event: 'test' }, CREATE), plain);
  });
});

/** Runs `args` of the bin in a tmux pane in `cwd`; the pane ends with EXIT=<status>. */
function inTerminal(cwd: string, args: string): string {
  const socket = `cwr-i-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const env = `HOME=${cwd} GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.com`;
  const command = `cd ${cwd} && env -u npm_command -u npm_lifecycle_event -u npm_execpath ${env} ${process.execPath} ${CREATE} ${args}; echo "EXIT=$?"; sleep 30`;
  assert.equal(tmux(socket, 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', command).status, 0);
  return socket;
}

/**
 * Presses Enter (every default) at each open question until `pattern` is on the screen. A key is sent
 * only when the screen shows a new open question, so no Enter is left in the buffer to answer the
 * question the test is waiting for.
 */
async function enterUntil(socket: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let answered = '';
  while (Date.now() < end) {
    const screen = tmux(socket, 'capture-pane', '-p', '-J', '-S', '-200', '-t', 'main').stdout;
    if (pattern.test(screen)) return screen;
    if (/EXIT=\d+/.test(screen)) break;
    const last = screen.trimEnd().split('\n').at(-1) ?? '';
    if (screen !== answered && (/^\? /.test(last) || /navigate|select/.test(last))) {
      tmux(socket, 'send-keys', '-t', 'main', 'Enter');
      answered = screen;
    }
    await sleep(150);
  }
  return waitFor(socket, pattern, 1000);
}

const FLAGS = '--name tty-pkg --repo-url https://github.com/me/tty-pkg';

describe('the interactive fixes in a terminal (tmux)', () => {
  it('the staging question does not offer s3 on GitHub Actions', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-i-'));
    const socket = inTerminal(cwd, `${FLAGS} --ci github-actions --no-git`);
    try {
      const screen = await enterUntil(socket, /Staging area for built wheels/);
      // every choice is listed while the question is open; s3 must not be one of them
      const after = screen.slice(screen.lastIndexOf('Staging area for built wheels'));
      assert.match(after, /github-release/);
      assert.match(after, /anaconda/);
      assert.doesNotMatch(after, /\bs3\b/);
    } finally {
      tmux(socket, 'kill-server');
    }
  });

  it('--ci github-actions --publish twine is refused before the first question', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-i-'));
    const socket = inTerminal(cwd, '--ci github-actions --publish twine --no-git');
    try {
      const screen = await waitFor(socket, /EXIT=\d+/);
      assert.match(screen, /--publish twine is for --ci travis-appveyor/);
      assert.match(screen, /EXIT=1/);
      assert.doesNotMatch(screen, /PyPI name of the project/, 'no question was asked');
    } finally {
      tmux(socket, 'kill-server');
    }
  });

  it('Ctrl-C at the first question: nothing was written, exit 130', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-i-'));
    const socket = inTerminal(cwd, '--no-git');
    try {
      await waitFor(socket, /PyPI name of the project/);
      tmux(socket, 'send-keys', '-t', 'main', 'C-c');
      const screen = await waitFor(socket, /EXIT=\d+/);
      assert.match(screen, /Cancelled; nothing was written\./);
      assert.match(screen, /EXIT=130/);
      assert.ok(!existsSync(join(cwd, 'tty-pkg-wheels')));
    } finally {
      tmux(socket, 'kill-server');
    }
  });

  it('Ctrl-C at "Create ... on GitHub now?": the repository is written and committed, and says what is left', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-i-'));
    const socket = inTerminal(cwd, `${FLAGS} --engine cibuildwheel --ci github-actions`);
    try {
      await enterUntil(socket, /^\? Create me\/tty-pkg-wheels on GitHub now/m);
      tmux(socket, 'send-keys', '-t', 'main', 'C-c');
      const screen = await waitFor(socket, /EXIT=\d+/);
      assert.match(screen, /EXIT=130/);
      assert.match(screen, /Cancelled; the repository tty-pkg-wheels is written and committed, nothing was sent to GitHub; `cd tty-pkg-wheels && wheels-repo remote` sets up the GitHub side later\./);
      assert.doesNotMatch(screen, /nothing was written/);
      const log = spawnSync('git', ['-C', join(cwd, 'tty-pkg-wheels'), 'log', '--oneline'], { encoding: 'utf8' });
      assert.equal(log.status, 0, log.stderr);
      assert.equal(log.stdout.trim().split('\n').length, 1, 'one commit');
      assert.equal(stored(join(cwd, 'tty-pkg-wheels')).name, 'tty-pkg');
    } finally {
      tmux(socket, 'kill-server');
    }
  });
});

describe('answer flags on a rerun inside a generated repository', () => {
  it('are applied as `upgrade --set` would apply them, and the line says so', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-rerun-'));
    const env = { ...process.env, NO_COLOR: '1' };
    const made = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', ...FLAGS.split(' '), '--python', '3.12'], { cwd, env, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const dir = join(cwd, 'tty-pkg-wheels');
    assert.deepEqual(stored(dir).python, ['3.12']);
    const again = spawnSync(process.execPath, [CREATE, '--yes', '--python', '3.12,3.13'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /upgrading it\.\nChanging the answers as `wheels-repo upgrade --set python=3\.12,3\.13` does:/);
    assert.doesNotMatch(again.stdout, /Up to date/);
    assert.deepEqual(stored(dir).python, ['3.12', '3.13']);
    const same = spawnSync(process.execPath, [CREATE, '--yes'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(same.status, 0, same.stderr);
    assert.match(same.stdout, /Up to date/, 'with no answer flag a rerun changes nothing');
  });
});

describe('colour: only prompts in a terminal, and NO_COLOR / FORCE_COLOR=0 turn it off', () => {
  /** The first question's line as the terminal shows it, escapes included (capture-pane -e). */
  async function firstQuestion(envSetting: string): Promise<string> {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-colour-'));
    const socket = `cwr-c-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const command = `cd ${cwd} && env ${envSetting} TERM=xterm-256color ${process.execPath} ${CREATE} --no-git; sleep 30`;
    assert.equal(tmux(socket, 'new-session', '-d', '-s', 'main', '-x', '150', '-y', '30', command).status, 0);
    try {
      await waitFor(socket, /PyPI name of the project/);
      return tmux(socket, 'capture-pane', '-e', '-p', '-t', 'main').stdout.split('\n').find((l) => l.includes('PyPI name')) ?? '';
    } finally {
      tmux(socket, 'kill-server');
    }
  }
  const SGR_COLOUR = /\x1b\[(3\d|9\d|1)m/; // eslint-disable-line no-control-regex

  it('a prompt is coloured by default, and plain with NO_COLOR=1 or FORCE_COLOR=0', async () => {
    assert.match(await firstQuestion('-u NO_COLOR -u FORCE_COLOR'), SGR_COLOUR, 'the check can see colour');
    assert.doesNotMatch(await firstQuestion('-u FORCE_COLOR NO_COLOR=1'), SGR_COLOUR);
    assert.doesNotMatch(await firstQuestion('-u NO_COLOR FORCE_COLOR=0'), SGR_COLOUR);
  });

  it('nothing written to a pipe carries an escape, even with FORCE_COLOR=1 (no Yeoman banner either)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwr-colour-'));
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '1', TERM: 'xterm-256color' };
    delete env.NO_COLOR;
    const runs = [
      spawnSync(process.execPath, [CREATE, '--yes', '--no-git', ...FLAGS.split(' ')], { cwd, env, encoding: 'utf8' }),
      spawnSync(process.execPath, [CREATE, '--yes', '--name', 'bad name', '--repo-url', 'x'], { cwd, env, encoding: 'utf8' }),
      // an OS error while the generator runs: where Yeoman used to print its own coloured line
      spawnSync(process.execPath, [CREATE, '--yes', '--no-git', ...FLAGS.split(' '), 'a'.repeat(300)], { cwd, env, encoding: 'utf8' }),
      spawnSync(process.execPath, [WHEELS_REPO, 'doctor', '--offline'], { cwd: join(cwd, 'tty-pkg-wheels'), env, encoding: 'utf8' }),
      spawnSync(process.execPath, [WHEELS_REPO, 'bump', 'v9', '--dry-run'], { cwd: join(cwd, 'tty-pkg-wheels'), env, encoding: 'utf8' }),
    ];
    assert.deepEqual(runs.map((r) => r.status), [0, 1, 1, 0, 0], runs.map((r) => r.stderr).join('\n'));
    for (const r of runs) {
      assert.ok(!`${r.stdout}${r.stderr}`.includes('\x1b'), `an escape in ${JSON.stringify(r.stdout + r.stderr).slice(0, 400)}`);
      assert.doesNotMatch(r.stderr, /An error occured|✖/);
    }
  });
});
