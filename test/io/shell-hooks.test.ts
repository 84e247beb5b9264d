// The hook texts must end up as function bodies in config.sh and nothing else; checking them must
// never run them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OPTIONS, validateAnswers } from '../../src/answers/schema.js';
import { shellHookError, shellHookProblems } from '../../src/io/shell-hooks.js';

const LEGIT = [
  'pytest --pyargs cymem',
  'set -x\ncd ..\npython -c "import cymem; print(cymem.__file__)"',
  'cat <<EOF\n}\nEOF',
  "cat <<'EOF' > notes.txt\n}\necho RAN\nfunction _x {\nEOF\ncat notes.txt",
  'if [ -n "$IS_MACOS" ]; then\n  echo mac\nelif true; then\n  echo linux\nfi',
  'for f in a b; do echo "$f"; done',
  'while read -r line; do echo "$line"; done < /dev/null',
  'until true; do :; done',
  'case "$PLAT" in\n  x86_64) echo 64 ;;\n  *) echo other ;;\nesac',
  '(cd .. && pytest)',
  '{ echo a; echo b; } > log.txt',
  'helper() { echo hi; }\nhelper',
  'function helper {\n  echo }\n}\nhelper',
  '# a comment with }\npytest',
  'echo "}" \'}\' \\}',
  'pytest | tee out.txt',
  'exit 1',
  'return 0',
  'local dir\ndir=$(pwd)\necho "$dir"',
  'echo "$(python -c "print(1)")"',
  'make -C lib && make install || exit 1',
  'pytest -k "not slow" \\\n  --pyargs cymem',
  'trap "echo done" EXIT\nalias ll="ls -l"\npytest',
  '[[ -f setup.py ]] && (( 1 + 1 ))',
  'echo a; echo b',
];

const dir = mkdtempSync(join(tmpdir(), 'cwr-hooks-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const only = /it must be only the body of run_tests in config\.sh$/;

describe('shellHookError', () => {
  it('accepts empty and whitespace-only text', () => {
    for (const t of ['', '  ', '\n\t\n']) {
      assert.equal(shellHookError(t, 'run_tests'), null);
      assert.equal(shellHookError(t, 'pre_build'), null);
    }
  });

  for (const body of LEGIT) {
    it(`accepts ${JSON.stringify(body)}`, () => {
      assert.equal(shellHookError(body, 'run_tests'), null);
      assert.equal(shellHookError(body, 'pre_build'), null);
    });
  }

  const HOSTILE: [string, RegExp][] = [
    ['true\n}\necho RAN\nfunction _x {\n:', /^closes the function and adds top-level commands \(echo RAN\); it must be only the body of run_tests in config\.sh$/],
    ['true\n}\nrun_tests() { echo evil; }\nfunction _y {\n:', /^defines other functions \(_y\); /],
    ['}\nfunction run_tests {\n echo replaced', /^is not a valid bash command list \(.+\); it becomes the body of run_tests in config\.sh$/],
    ['true\n}\nfunction run_tests {\n echo replaced', /^closes run_tests and defines it again; /],
    ['true\n}\nalias ls=rm\nfunction _a {\n:', /^closes the function and adds top-level commands \(alias ls=rm\); /],
    ['true\n}\nBASH_ALIASES[ls]=rm\nfunction _a {\n:', /adds top-level commands \(BASH_ALIASES\[ls\]=rm\)/],
    ["true\n}\ntrap 'echo x' EXIT\nfunction _t {\n:", /adds top-level commands \(trap 'echo x' EXIT\)/],
    ['true\n}\n{\n:', /adds top-level commands \(:\)/],
    ["true\n}\ncat <<'X'", /^(does not end where run_tests ends|closes the function and adds top-level commands \(cat)/],
    ['true\n}\nwhile :; do :; done\nfunction _w {\n:', /adds top-level commands \(:\)/],
    ['echo "unclosed', /^is not a valid bash command list \(.*unexpected EOF.*\); it becomes the body of run_tests in config\.sh$/],
    ['# only a comment', /^is not a valid bash command list/],
    ['echo \\', /^is not a valid bash command list/],
  ];
  for (const [body, expected] of HOSTILE) {
    it(`refuses ${JSON.stringify(body)}`, () => {
      const error = shellHookError(body, 'run_tests');
      assert.match(error ?? 'null', expected);
      if (!error?.startsWith('is not a valid')) assert.match(error ?? 'null', only);
    });
  }

  it('names pre_build in its refusals', () => {
    assert.equal(shellHookError('true\n}\necho RAN\nfunction _x {\n:', 'pre_build'),
      'closes the function and adds top-level commands (echo RAN); it must be only the body of pre_build in config.sh');
  });

  it('runs nothing of the text it checks, even with the checking names redefined', () => {
    const marker = join(tmpdir(), `SOMEMARKER-${randomBytes(6).toString('hex')}`);
    assert.notEqual(shellHookError(`true\n}\ntouch ${marker}\nfunction _z {\n:`, 'run_tests'), null);
    assert.equal(existsSync(marker), false);

    const evil = (n: number) => join(dir, `ran-${n}`);
    const bodies = [
      `true\n}\n: > ${evil(1)}\nfunction _a {\n:`,
      `true\n}\n( touch ${evil(2)} )\ntouch ${evil(3)} | touch ${evil(4)}\nfunction _b {\n:`,
      `true\n}\nfor f in $(touch ${evil(5)}); do touch ${evil(6)}; done\nfunction _c {\n:`,
      `true\n}\n{ :; } > ${evil(7)}\nif true; then touch ${evil(8)}; fi >> ${evil(9)}\nfunction _d {\n:`,
      `true\n}\ncoproc touch ${evil(10)}\ntouch ${evil(11)} &\nfunction _e {\n:`,
      ['true', '}', ...['builtin', 'printf', 'declare', 'trap', 'exit', 'unset', 'echo', 'shopt']
        .map((n) => `function ${n} { touch ${evil(12)}; }`), 'touch /dev/null', 'function _f {', ':'].join('\n'),
    ];
    for (const body of bodies) assert.match(shellHookError(body, 'run_tests') ?? 'null', only, body);
    for (let n = 1; n <= 12; n++) assert.equal(existsSync(evil(n)), false, `ran-${n} was created`);
  });

  it('answers in milliseconds, not seconds', () => {
    const start = performance.now();
    assert.equal(shellHookError('pytest --pyargs cymem', 'run_tests'), null);
    assert.ok(performance.now() - start < 2000);
  });
});

describe('shellHookProblems', () => {
  it('names the flag of each refused answer and skips the rest', () => {
    const bad = 'true\n}\necho RAN\nfunction _x {\n:';
    assert.deepEqual(shellHookProblems({ testCommand: bad, preBuild: 'echo "open' }).map((p) => p.flag), ['test-command', 'pre-build']);
    const [p] = shellHookProblems({ preBuild: bad });
    assert.deepEqual(p, { flag: 'pre-build', message: 'closes the function and adds top-level commands (echo RAN); it must be only the body of pre_build in config.sh' });
    assert.deepEqual(shellHookProblems({ testCommand: 'pytest', preBuild: '' }), []);
    assert.deepEqual(shellHookProblems({ testCommand: 42, preBuild: undefined }), []);
    assert.deepEqual(shellHookProblems({}), []);
  });
});

describe('the default hook text', () => {
  // validateAnswers (src/answers/schema.ts) runs no bash on the default test command and pre-build
  // text: here bash confirms that they are what it assumes, for the identifiers checkImportName lets
  // through (dotted, underscores, digits, a keyword-like prefix).
  it('is a valid body for every kind of import name, so validation needs no bash for it', () => {
    const testCommand = OPTIONS.find((o) => o.key === 'testCommand');
    const preBuild = OPTIONS.find((o) => o.key === 'preBuild');
    for (const importName of ['cymem', 'skimage', 'pkg.sub.mod', '_private', 'x9', 'Iff', 'fi_', 'done2', 'a.b_c.D']) {
      const text = testCommand?.fallback?.({ importName }) as string;
      assert.equal(text, `pytest --pyargs ${importName}`);
      assert.equal(shellHookError(text, 'run_tests'), null, text);
    }
    assert.equal(preBuild?.fallback?.({}), '');
  });

  it('still leaves text the user gives to bash', () => {
    const checked = validateAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', testCommand: 'true\n}\necho RAN\nfunction _x {\n:' });
    assert.equal(checked.ok, false);
    assert.deepEqual(validateAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem' }).ok, true);
  });
});
