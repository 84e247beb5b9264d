// wheels-repo secrets list | set NAME | sync: the secrets the layout declares, set where they live
// (GitHub Actions secrets; Travis and AppVeyor secure values encrypted into the CI files). Values come
// from stdin, environment variables or a masked prompt, never from argv, and are never printed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';
import { STORE_KEY } from '../core/manifest.js';
import type { Answers } from '../core/options.js';
import { encryptForTravis } from '../core/seal.js';
import { layoutFor } from '../providers/index.js';
import type { SecretSpec } from '../providers/types.js';
import { writeAllOrNothing } from '../io/atomic.js';
import { appveyor, travisKey, type AppVeyor } from '../api/ci-services.js';
import { requireGithubToken } from '../api/token.js';
import type { CommandIO } from './wheels-repo.js';

export const SECRETS_HELP = `Usage: wheels-repo secrets list | set NAME | sync [--dir PATH] [--dry-run] [--appveyor-account NAME]

The secrets this repository's layout needs (README.md lists them), and where each lives:
GitHub Actions secrets are written through the GitHub API (sealed to the
repository's key); Travis and AppVeyor secure values are encrypted with the
services' keys and written into .travis.yml / appveyor.yml in place of the
placeholders.

  list        each secret and whether it is set (names only, never values)
  set NAME    reads the value from standard input when piped, else asks for it
              without echo; a value on the command line is refused
  sync        sets every secret that is not set yet, from the environment
              variable WHEELS_REPO_SECRET_<NAME> or <NAME>, or a masked prompt
              (GITHUB_TOKEN as a CI secret only from WHEELS_REPO_SECRET_GITHUB_TOKEN:
              your API token has more rights than CI needs)

--appveyor-account NAME is needed with user-level (v2) AppVeyor API keys.
Tokens: GITHUB_TOKEN or GH_TOKEN (else \`gh auth token\`, else asked), TRAVIS_TOKEN,
APPVEYOR_TOKEN. API bases:
GITHUB_API_URL, TRAVIS_API_URL, APPVEYOR_API_URL (GitHub Enterprise Server,
AppVeyor Server).
`;

export type SecretsIO = CommandIO;

const PLACEHOLDER_PREFIX = Buffer.from('PLACEHOLDER ', 'utf8').toString('base64').slice(0, 14);

export function readAnswers(dir: string): Answers {
  const path = join(dir, '.yo-rc.json');
  if (!existsSync(path)) throw new UserError(`${dir} has no .yo-rc.json: secrets are declared by the layout of a generated repository.`, 'Run it in a repository made by create-wheels-repo, or pass --dir PATH.');
  const answers = (JSON.parse(readFileSync(path, 'utf8')) as Record<string, { answers?: Answers }>)[STORE_KEY]?.answers;
  if (!answers) throw new UserError('.yo-rc.json holds no create-wheels-repo answers.', 'Nothing to do.');
  return answers;
}

export function fileOf(s: SecretSpec): string {
  return s.where === 'travis-secure' ? '.travis.yml' : 'appveyor.yml';
}

/** The line index of NAME's secure value: the `secure:` line after its `# NAME:` comment. */
function secureLine(lines: readonly string[], name: string): number {
  const comment = lines.findIndex((l) => new RegExp(`^\\s*# ${name}: `).test(l));
  if (comment < 0) return -1;
  for (let i = comment + 1; i < Math.min(lines.length, comment + 4); i++) if (/secure:/.test(lines[i] ?? '')) return i;
  return -1;
}

const SECRETS_SCOPE = 'access to the repository\'s secrets (classic: repo; fine-grained: Secrets write)';

/**
 * Encrypts a secure value the way its service decrypts it: Travis with the repository's key (one key
 * request per run), AppVeyor through its encrypt endpoint.
 */
export function secureValueEncrypter(env: NodeJS.ProcessEnv, slug: string, account?: string): (spec: SecretSpec, value: string) => Promise<string> {
  let pem: string | undefined;
  let api: AppVeyor | undefined;
  return async (spec, value) => spec.where === 'travis-secure'
    ? encryptForTravis((pem ??= await travisKey(env, slug)), spec.name, value)
    : (api ??= appveyor(env, account)).encrypt(value);
}

export function secureValueState(text: string, name: string): 'placeholder' | 'set' | 'missing' {
  const lines = text.split('\n');
  const i = secureLine(lines, name);
  if (i < 0) return 'missing';
  return (lines[i] ?? '').includes(PLACEHOLDER_PREFIX) ? 'placeholder' : 'set';
}

/** Replaces NAME's secure value in a CI file's text, keeping the line's quoting and the rest of the file. */
export function writeSecureValue(text: string, name: string, cipher: string): string {
  const lines = text.split('\n');
  const i = secureLine(lines, name);
  if (i < 0) throw new UserError(`No secure value for ${name} was found (a "# ${name}:" comment followed by a secure: line).`, 'Regenerate the file with create-wheels-repo, or add the entry by hand.');
  lines[i] = (lines[i] ?? '').replace(/(secure:\s*)(["']?)[^"'\s]*(["']?)/, (_m, head: string, q1: string, q2: string) => `${head}${q1}${cipher}${q2}`);
  return lines.join('\n');
}

/**
 * A secret's value from the environment: WHEELS_REPO_SECRET_<NAME>, else <NAME>, except that the
 * API token in GITHUB_TOKEN / GH_TOKEN is never reused as a CI secret (it has more rights than CI needs).
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const explicit = env[`WHEELS_REPO_SECRET_${name}`];
  if (explicit) return explicit;
  if (name === 'GITHUB_TOKEN' || name === 'GH_TOKEN') return undefined;
  return env[name] || undefined;
}

export async function promptValue(name: string, io: SecretsIO): Promise<string | undefined> {
  if (!io.terminal) return undefined;
  const { default: inquirer } = await import('inquirer');
  const a = (await inquirer.prompt([{ type: 'password', name: 'v', message: `${name}`, mask: '*' } as never])) as { v: string };
  return a.v;
}

export async function runSecrets(argv: readonly string[], io: SecretsIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { dir: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'appveyor-account': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UserError((e as Error).message, 'Run `wheels-repo secrets --help`. Values are never taken from the command line.');
  }
  const [verb, name, ...extra] = parsed.positionals;
  if (parsed.values.help || verb === undefined) return io.out(SECRETS_HELP), 0;
  const dir = resolve(io.cwd, parsed.values.dir ?? '.');
  const dryRun = parsed.values['dry-run'] === true;
  const a = readAnswers(dir);
  const specs = layoutFor(a.ci).secrets(a);
  const repo = { owner: a.owner, repo: `${a.name}-wheels` };

  if (verb === 'set') {
    if (!name) throw new UserError('secrets set needs the secret NAME.', `Declared here: ${specs.map((s) => s.name).join(', ') || 'none'}.`);
    if (extra.length > 0 || name.includes('=')) throw new UserError('A secret value on the command line would stay in shell history and process lists: it is refused.', `Pipe it in: printf %s "$VALUE" | wheels-repo secrets set ${name.split('=')[0]}`);
    const targets = specs.filter((s) => s.name === name);
    if (targets.length === 0) throw new UserError(`${name} is not a secret of this layout.`, `Declared: ${specs.map((s) => s.name).join(', ') || 'none'}.`);
    if (io.stdinIsTerminal && !io.terminal) {
      throw new UserError('Standard input is a terminal but standard output is not: a value typed here would show in the clear.', `Run it without redirecting the output, or pipe the value in: printf %s "$VALUE" | wheels-repo secrets set ${name}`);
    }
    const value = io.readStdin && !io.terminal ? (await io.readStdin()).replace(/\r?\n$/, '') : await promptValue(name, io);
    if (!value) throw new UserError(`No value for ${name}.`, 'Pipe it in on standard input, or run in a terminal to be asked.');
    await setAll(targets.map((s) => ({ spec: s, value })), dir, repo, io, dryRun, parsed.values['appveyor-account']);
    return 0;
  }

  // list and sync need to know what is set already.
  const state = await currentState(specs, dir, repo, io);
  if (verb === 'list') {
    if (specs.length === 0) io.out('This layout needs no secrets.\n');
    for (const s of specs) io.out(`${s.name.padEnd(24)} ${state.get(s)?.padEnd(12)} ${s.where}: ${s.purpose}\n`);
    return [...state.values()].every((v) => v === 'set') ? 0 : 1;
  }
  if (verb === 'sync') {
    const todo: Array<{ spec: SecretSpec; value: string }> = [];
    const missing: string[] = [];
    for (const s of specs) {
      if (state.get(s) === 'set') {
        io.out(`${s.name} (${s.where}): already set\n`);
        continue;
      }
      const value = secretFromEnv(io.env, s.name) || (await promptValue(`${s.name} (${s.where})`, io));
      if (value) todo.push({ spec: s, value });
      else missing.push(s.name);
    }
    if (missing.length > 0) {
      throw new UserError(`No value for ${[...new Set(missing)].join(', ')}; nothing was set.`, 'Export each as an environment variable of the same name, or run in a terminal to be asked.');
    }
    await setAll(todo, dir, repo, io, dryRun, parsed.values['appveyor-account']);
    return 0;
  }
  throw new UserError(`Unknown secrets command: ${verb}`, 'Run `wheels-repo secrets --help`.');
}

async function currentState(specs: readonly SecretSpec[], dir: string, repo: { owner: string; repo: string }, io: SecretsIO): Promise<Map<SecretSpec, string>> {
  const state = new Map<SecretSpec, string>();
  const gh = specs.filter((s) => s.where === 'github-secret');
  if (gh.length > 0) {
    const { createGitHub, listSecretNames } = await import('../api/github.js');
    const token = await requireGithubToken(io, SECRETS_SCOPE);
    const names = await listSecretNames(await createGitHub({ token, baseUrl: io.env.GITHUB_API_URL, log: (l) => io.out(`${l}\n`) }), repo);
    for (const s of gh) state.set(s, names.has(s.name) ? 'set' : 'not set');
  }
  for (const s of specs.filter((x) => x.where !== 'github-secret')) {
    const file = join(dir, fileOf(s));
    state.set(s, existsSync(file) ? secureValueState(readFileSync(file, 'utf8'), s.name) : 'missing');
  }
  return state;
}

async function setAll(items: ReadonlyArray<{ spec: SecretSpec; value: string }>, dir: string, repo: { owner: string; repo: string }, io: SecretsIO, dryRun: boolean, account?: string): Promise<void> {
  if (dryRun) {
    for (const { spec } of items) {
      io.out(spec.where === 'github-secret'
        ? `would PUT /repos/${repo.owner}/${repo.repo}/actions/secrets/${spec.name} (sealed value)\n`
        : `would encrypt ${spec.name} with the ${spec.where === 'travis-secure' ? 'Travis' : 'AppVeyor'} key into ${fileOf(spec)}\n`);
    }
    return;
  }
  const gh = items.filter((i) => i.spec.where === 'github-secret');
  if (gh.length > 0) {
    const { createGitHub, secretWriter } = await import('../api/github.js');
    const token = await requireGithubToken(io, SECRETS_SCOPE);
    const write = await secretWriter(await createGitHub({ token, baseUrl: io.env.GITHUB_API_URL, log: (l) => io.out(`${l}\n`) }), repo);
    for (const { spec, value } of gh) io.out(`${spec.name}: ${await write(spec.name, value)} as a GitHub Actions secret\n`);
  }
  const files = new Map<string, string>();
  const encrypt = secureValueEncrypter(io.env, `${repo.owner}/${repo.repo}`, account);
  for (const { spec, value } of items.filter((i) => i.spec.where !== 'github-secret')) {
    const file = fileOf(spec);
    const text = files.get(file) ?? readFileSync(join(dir, file), 'utf8');
    files.set(file, writeSecureValue(text, spec.name, await encrypt(spec, value)));
    io.out(`${spec.name}: encrypted into ${file}\n`);
  }
  if (files.size > 0) {
    writeAllOrNothing(dir, files);
    io.out(`Commit ${[...files.keys()].join(' and ')} to use the new values.\n`);
  }
}
