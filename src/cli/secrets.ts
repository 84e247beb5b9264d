// wheels-repo secrets list | set NAME | sync: the secrets the layout declares, set where they live
// (GitHub Actions secrets; Travis and AppVeyor secure values encrypted into the CI files). Values come
// from stdin, environment variables or a masked prompt, never from argv, and are never printed.
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { secureValueState, writeSecureValue } from '../core/secure-values.js';
import type { SecretSpec } from '../providers/types.js';
import { requireGithubToken } from '../api/token.js';
import type { CommandIO } from '../io/command-io.js';
import { WheelsRepo } from '../repo/wheels-repo.js';
import { promptValue, secretFromEnv, secureValueEncrypter } from './secret-values.js';
import { parseStrict } from './args.js';
import { wrapHelp } from './help-wrap.js';

const SECRETS_SCOPE = 'access to the repository\'s secrets (classic: repo; fine-grained: Secrets write)';

export const SECRETS_HELP = `Usage: wheels-repo secrets list | set NAME | sync [--dir PATH] [--owner OWNER] [--dry-run] [--appveyor-account NAME]

The secrets this repository's layout needs (README.md lists them), and where
each lives: GitHub Actions secrets are written through the GitHub API (sealed
to the repository's key); Travis and AppVeyor secure values are encrypted with
the services' keys and written into .travis.yml / appveyor.yml in place of the
placeholders.

  list        each secret and whether it is set (names only, never values)
  set NAME    reads the value from standard input when piped, else asks for it
              without echo; a value on the command line is refused
  sync        sets every secret that is not set yet, from the environment
              variable WHEELS_REPO_SECRET_<NAME> or <NAME>, or a masked prompt
              (GITHUB_TOKEN as a CI secret only from
              WHEELS_REPO_SECRET_GITHUB_TOKEN: your API token has more rights
              than CI needs)

--appveyor-account NAME is needed with user-level (v2) AppVeyor API keys.
--owner OWNER states the stored owner when the origin remote points elsewhere
(a fork). Tokens: GITHUB_TOKEN or GH_TOKEN (else \`gh auth token\`, else
asked), TRAVIS_TOKEN, APPVEYOR_TOKEN. API bases: GITHUB_API_URL,
TRAVIS_API_URL, APPVEYOR_API_URL (GitHub Enterprise Server, AppVeyor Server).
`;

export async function runSecrets(argv: readonly string[], io: CommandIO): Promise<number> {
  const parsed = parseStrict({ args: [...argv], allowPositionals: true, options: { dir: { type: 'string' }, owner: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'appveyor-account': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, 'Run `wheels-repo secrets --help`. Values are never taken from the command line.');
  const [verb, name, ...extra] = parsed.positionals;
  if (parsed.values.help || verb === undefined) return io.out(wrapHelp(SECRETS_HELP)), 0;
  const dryRun = parsed.values['dry-run'] === true;
  const model = WheelsRepo.open(resolve(io.cwd, parsed.values.dir ?? '.'), { origin: { owner: parsed.values.owner } });
  const specs = model.layout.secrets(model.answers);

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
    await setAll(targets.map((s) => ({ spec: s, value })), model, io, dryRun, parsed.values['appveyor-account']);
    return 0;
  }

  // list and sync need to know what is set already.
  const state = await currentState(specs, model, io);
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
    await setAll(todo, model, io, dryRun, parsed.values['appveyor-account']);
    return 0;
  }
  throw new UserError(`Unknown secrets command: ${verb}`, 'Run `wheels-repo secrets --help`.');
}

async function currentState(specs: readonly SecretSpec[], model: WheelsRepo, io: CommandIO): Promise<Map<SecretSpec, string>> {
  const repo = model.slug;
  const state = new Map<SecretSpec, string>();
  const gh = specs.filter((s) => s.where === 'github-secret');
  if (gh.length > 0) {
    const { createGitHub, listSecretNames } = await import('../api/github.js');
    const token = await requireGithubToken(io, SECRETS_SCOPE);
    const names = await listSecretNames(await createGitHub({ token, env: io.env, log: (l) => io.out(`${l}\n`) }), repo);
    for (const s of gh) state.set(s, names.has(s.name) ? 'set' : 'not set');
  }
  for (const s of specs.filter((x) => x.where !== 'github-secret')) {
    const text = model.files.read(s.file as string);
    state.set(s, text === undefined ? 'missing' : secureValueState(text, s.name));
  }
  return state;
}

async function setAll(items: ReadonlyArray<{ spec: SecretSpec; value: string }>, model: WheelsRepo, io: CommandIO, dryRun: boolean, account?: string): Promise<void> {
  const repo = model.slug;
  if (dryRun) {
    for (const { spec } of items) {
      io.out(spec.where === 'github-secret'
        ? `would PUT /repos/${repo.owner}/${repo.repo}/actions/secrets/${spec.name} (sealed value)\n`
        : `would encrypt ${spec.name} with the ${spec.where === 'travis-secure' ? 'Travis' : 'AppVeyor'} key into ${spec.file}\n`);
    }
    return;
  }
  const gh = items.filter((i) => i.spec.where === 'github-secret');
  if (gh.length > 0) {
    const { createGitHub, secretWriter } = await import('../api/github.js');
    const token = await requireGithubToken(io, SECRETS_SCOPE);
    const write = await secretWriter(await createGitHub({ token, env: io.env, log: (l) => io.out(`${l}\n`) }), repo);
    for (const { spec, value } of gh) io.out(`${spec.name}: ${await write(spec.name, value)} as a GitHub Actions secret\n`);
  }
  const files = new Map<string, string>();
  const encrypt = secureValueEncrypter(io.env, `${repo.owner}/${repo.repo}`, account);
  for (const { spec, value } of items.filter((i) => i.spec.where !== 'github-secret')) {
    const file = spec.file as string;
    const text = files.get(file) ?? model.files.read(file) ?? '';
    files.set(file, writeSecureValue(text, spec.name, await encrypt(spec, value)));
    io.out(`${spec.name}: encrypted into ${file}\n`);
  }
  if (files.size > 0) {
    model.files.writeAll(files);
    io.out(`Commit ${[...files.keys()].join(' and ')} to use the new values.\n`);
  }
}
