// A generated config.sh, sourced in bash, runs run_tests against a tiny package installed in a
// temporary venv, from an empty directory: it passes when the package's tests pass and fails when they fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateFiles } from '../../src/repo/generation.js';
import { resolveAnswers } from '../../src/answers/schema.js';

let work = '';
let venvBin = '';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...env } });
  if (r.error) throw new Error(`${cmd} is not installed: ${r.error.message} (CI installs python3 and python3-venv)`);
  return r;
}

/** A pure-Python wheel written by hand (a zip with dist-info): no build backend or index needed. */
const MAKE_WHEEL = `
import base64, hashlib, sys, zipfile
files = {
    "tinypkg/__init__.py": "def answer():\\n    return 42\\n",
    "tinypkg/tests/__init__.py": "",
    "tinypkg/tests/test_basic.py": (
        "import os\\nimport unittest\\nimport tinypkg\\n\\n\\n"
        "class TestAnswer(unittest.TestCase):\\n"
        "    def test_answer(self):\\n"
        "        self.assertEqual(tinypkg.answer(), int(os.environ.get('EXPECTED_ANSWER', '42')))\\n\\n"
        "    def test_installed_not_source(self):\\n"
        "        self.assertIn('site-packages', tinypkg.__file__)\\n"
    ),
    "tinypkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: tinypkg\\nVersion: 1.0\\n",
    "tinypkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
record = []
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name, text in files.items():
        data = text.encode()
        z.writestr(name, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append("tinypkg-1.0.dist-info/RECORD,,")
    z.writestr("tinypkg-1.0.dist-info/RECORD", "\\n".join(record) + "\\n")
`;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'cwr-venv-'));
  const wheel = join(work, 'tinypkg-1.0-py3-none-any.whl');
  const made = run('python3', ['-c', MAKE_WHEEL, wheel], work);
  assert.equal(made.status, 0, made.stderr);
  const venv = run('python3', ['-m', 'venv', join(work, 'venv')], work);
  assert.equal(venv.status, 0, venv.stderr);
  venvBin = join(work, 'venv', 'bin');
  const install = run(join(venvBin, 'python'), ['-m', 'pip', 'install', '--no-index', '--quiet', wheel], work);
  assert.equal(install.status, 0, install.stderr);
});

function configSh(testCommand: string): string {
  const r = resolveAnswers({ name: 'tinypkg', repoUrl: 'https://github.com/example/tinypkg', testCommand });
  assert.ok(r.ok);
  return generateFiles(r.answers).files.find((f) => f.path === 'config.sh')?.content as string;
}

/** What multibuild does: source config.sh, then run_tests from an empty tmp_for_test directory. */
function runTests(config: string, env: NodeJS.ProcessEnv = {}) {
  const repo = mkdtempSync(join(work, 'repo-'));
  writeFileSync(join(repo, 'config.sh'), config);
  return run('bash', ['-c', 'source config.sh && mkdir -p tmp_for_test && cd tmp_for_test && run_tests'], repo, {
    PATH: `${venvBin}:${process.env.PATH}`, ...env,
  });
}

describe('run_tests from a generated config.sh against an installed package', () => {
  const command = 'python -m unittest tinypkg.tests.test_basic -v';

  it('passes when the package tests pass', () => {
    const r = runTests(configSh(command));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /Ran 2 tests/);
    assert.match(r.stderr, /OK/);
  });

  it('fails when they fail', () => {
    const r = runTests(configSh(command), { EXPECTED_ANSWER: '41' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /FAILED \(failures=1\)/);
  });

  it('fails when the command itself fails (a missing module)', () => {
    const r = runTests(configSh('python -m unittest tinypkg.tests.test_missing'));
    assert.notEqual(r.status, 0);
  });

  it('the default test command form (pytest --pyargs) is what config.sh runs', () => {
    const config = configSh('pytest --pyargs tinypkg');
    assert.match(config, /function run_tests {\n {4}pytest --pyargs tinypkg\n}/);
  });
});
