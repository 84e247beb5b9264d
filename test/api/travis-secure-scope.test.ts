// Issue #11: the PyPI token and the AppVeyor key are Travis secure values of the deploy job only (no
// wheel job, which runs the project's build and tests, can read them); the staging tokens stay in
// env.global, since every upload job needs them. `wheels-repo secrets` still finds and replaces them
// there: the ciphertexts are opened with openssl, as in secrets.test.ts.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveAnswers } from '../../src/answers/schema.js';
import type { RawAnswers } from '../../src/core/validate.js';
import { generateFiles } from '../../src/repo/generation.js';
import { ROOT, schemaErrors } from '../support/checks.js';
import { opensslOpen } from '../support/decrypt.js';
import { ServiceDouble } from '../support/service-double.js';

type Entry = string | { secure: string };
interface Travis { env: { global: Entry[] }; jobs: { include: Array<{ stage?: string; name?: string; env?: Entry[] }> } }

const CREATE = join(ROOT, 'dist/src/bin/create-wheels-repo.cjs');
const WHEELS_REPO = join(ROOT, 'dist/src/bin/wheels-repo.cjs');
const SECRET = `pypi-'token' with "quotes" $(and) ünïcode`;
const DEPLOY_ONLY = ['TWINE_PASSWORD', 'APPVEYOR_TOKEN'];

const secureOf = (entries: readonly Entry[] = []) => entries.filter((e): e is { secure: string } => typeof e === 'object').map((e) => e.secure);
/** A placeholder names its secret ("PLACEHOLDER NAME: run ..."); a ciphertext is opened with openssl. */
const placeholderName = (cipher: string) => /^PLACEHOLDER (\w+): /.exec(Buffer.from(cipher, 'base64').toString('utf8'))?.[1];

/** Where each secure value is: 'global', or the name of the job whose env holds it. */
function placesOf(travis: Travis, name: (cipher: string) => string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (where: string, ciphers: string[]) => {
    for (const c of ciphers) out.set(name(c) ?? '?', [...(out.get(name(c) ?? '?') ?? []), where]);
  };
  add('global', secureOf(travis.env.global));
  for (const job of travis.jobs.include) add(job.name ?? '?', secureOf(job.env));
  return out;
}

function generatedTravis(given: RawAnswers): { text: string; travis: Travis; staging: string[] } {
  const r = resolveAnswers({ name: 'cymem', repoUrl: 'https://github.com/explosion/cymem', ci: 'travis-appveyor', ...given });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  const text = generateFiles(r.answers).files.find((f) => f.path === '.travis.yml')?.content ?? '';
  const staging = { 'github-release': ['GITHUB_TOKEN'], anaconda: ['ANACONDA_TOKEN'], s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], none: [] }[r.answers.staging] ?? [];
  return { text, travis: parse(text, { version: '1.1' }) as Travis, staging };
}

describe('travis-appveyor: each secure value in the jobs that need it', () => {
  const cases: RawAnswers[] = [
    { platforms: 'linux-x86_64,windows-amd64' },
    { platforms: 'linux-x86_64,macos-x86_64', staging: 'anaconda', anacondaOrg: 'org' },
    { platforms: 'linux-x86_64,windows-x86', staging: 's3', s3Bucket: 'bucket-x' },
    { platforms: 'linux-x86_64,windows-amd64', publish: 'none' },
  ];
  for (const given of cases) {
    it(JSON.stringify(given), () => {
      const { text, travis, staging } = generatedTravis(given);
      assert.deepEqual(schemaErrors('travis', text), []);
      const places = placesOf(travis, placeholderName);
      const windows = String(given.platforms).includes('windows');
      const twine = given.publish !== 'none';
      for (const name of staging) assert.deepEqual(places.get(name), ['global'], name);
      assert.deepEqual(places.get('TWINE_PASSWORD'), twine ? ['Publish to PyPI'] : undefined);
      // the AppVeyor key serves only the deploy stage's wait for the Windows build
      assert.deepEqual(places.get('APPVEYOR_TOKEN'), twine && windows ? ['Publish to PyPI'] : undefined);
      assert.deepEqual([...places.keys()].sort(), [...staging, ...(twine ? ['TWINE_PASSWORD'] : []), ...(twine && windows ? ['APPVEYOR_TOKEN'] : [])].sort());
      // what a wheel job can read: env.global and its own env
      for (const job of travis.jobs.include.filter((j) => j.stage === 'wheels')) {
        const visible = [...secureOf(travis.env.global), ...secureOf(job.env)].map(placeholderName);
        assert.ok(!visible.some((n) => DEPLOY_ONLY.includes(n ?? '')), `${job.name} can read ${visible.join(', ')}`);
      }
      // `# NAME: purpose` directly before its `- secure:` line, where secure-values.ts looks
      const lines = text.split('\n');
      for (const name of DEPLOY_ONLY.filter((n) => places.has(n))) {
        const i = lines.findIndex((l) => new RegExp(`^\\s*# ${name}: `).test(l));
        assert.match(lines[i + 1] ?? '', /^ {8}- secure: "/, name);
      }
    });
  }
});

describe('wheels-repo secrets writes the deploy job\'s secure values in place', () => {
  let double: ServiceDouble;
  before(async () => {
    double = await new ServiceDouble().start();
    double.addRepo('explosion', 'cymem-wheels');
  });
  after(() => double.stop());

  function generated(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cwr-scope-'));
    const r = spawnSync(process.execPath, [CREATE, '--yes', '--no-git', '--name', 'cymem', '--repo-url', 'https://github.com/explosion/cymem', 'repo', '--ci', 'travis-appveyor', '--platforms', 'linux-x86_64,windows-amd64'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return join(dir, 'repo');
  }

  /** Asynchronous: the double answers from this process's event loop. */
  function secrets(dir: string, args: string[], env: Record<string, string> = {}, input = ''): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      const child = execFile(process.execPath, [WHEELS_REPO, 'secrets', ...args, '--dir', dir], { encoding: 'utf8', env: { ...process.env, GH_TOKEN: '', ...double.env(env) } },
        (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
      child.stdin?.end(input);
    });
  }

  const opened = (cipher: string) => placeholderName(cipher) ?? opensslOpen(double.rsa.privateKey, cipher).split('=')[0];
  const travisIn = (dir: string) => readFileSync(join(dir, '.travis.yml'), 'utf8');

  it('set TWINE_PASSWORD replaces the deploy job\'s placeholder, and only that line; openssl opens it', async () => {
    const dir = generated();
    const beforeText = travisIn(dir);
    const r = await secrets(dir, ['set', 'TWINE_PASSWORD'], {}, `${SECRET}\n`);
    assert.equal(r.status, 0, r.stderr);
    const text = travisIn(dir);
    const changed = text.split('\n').filter((l, i) => l !== beforeText.split('\n')[i]);
    assert.equal(changed.length, 1, changed.join('\n'));
    assert.match(changed[0] as string, /^ {8}- secure: "[A-Za-z0-9+/=]+"$/);
    const travis = parse(text, { version: '1.1' }) as Travis;
    const deploy = travis.jobs.include.find((j) => j.stage === 'deploy');
    const [twine] = secureOf(deploy?.env);
    assert.equal(opensslOpen(double.rsa.privateKey, twine as string), `TWINE_PASSWORD='${SECRET.replace(/'/g, "'\\''")}'`);
    assert.deepEqual(placesOf(travis, opened), new Map([['GITHUB_TOKEN', ['global']], ['TWINE_PASSWORD', ['Publish to PyPI']], ['APPVEYOR_TOKEN', ['Publish to PyPI']]]));
    assert.deepEqual(schemaErrors('travis', text), []);
    const list = await secrets(dir, ['list']);
    assert.match(list.stdout, /^TWINE_PASSWORD\s+set\s+travis-secure/m);
    assert.match(list.stdout, /^APPVEYOR_TOKEN\s+placeholder\s+travis-secure/m);
    assert.ok(!text.includes(SECRET));
  });

  it('sync encrypts every value where it is: staging token global, PyPI token and AppVeyor key in the deploy job', async () => {
    const dir = generated();
    const r = await secrets(dir, ['sync'], { TWINE_PASSWORD: SECRET, WHEELS_REPO_SECRET_GITHUB_TOKEN: 'release-token' });
    assert.equal(r.status, 0, r.stderr);
    const travis = parse(travisIn(dir), { version: '1.1' }) as Travis;
    const open = (c: string) => opensslOpen(double.rsa.privateKey, c);
    assert.deepEqual(secureOf(travis.env.global).map(open), ["GITHUB_TOKEN='release-token'"]);
    const deploy = travis.jobs.include.find((j) => j.stage === 'deploy');
    assert.deepEqual(secureOf(deploy?.env).map(open), [`TWINE_PASSWORD='${SECRET.replace(/'/g, "'\\''")}'`, `APPVEYOR_TOKEN='${double.appveyorToken}'`]);
    for (const job of travis.jobs.include.filter((j) => j.stage !== 'deploy')) assert.deepEqual(secureOf(job.env), [], job.name);
    assert.equal((await secrets(dir, ['list'])).status, 0);
  });
});
