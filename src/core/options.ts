// The one table of answers: flags, help text, prompts, defaults and validation all read it. The CI
// layouts are passed in (src/answers/schema.ts binds the registered ones): the `--ci` choices and the
// defaults that depend on the layout come from them, so core knows no layout by name.
import { DEFAULT_PYTHONS, PLATFORM_IDS, PYTHON_VERSIONS } from './platforms.js';
import {
  checkAnacondaOrg,
  checkS3Bucket,
  checkCron,
  checkDistName,
  checkImportName,
  checkOwner,
  checkRef,
  checkRepoUrl,
  checkShellText,
  normaliseImportName,
  parseRepoUrl,
} from './rules.js';

export interface Answers {
  name: string;
  importName: string;
  repoUrl: string;
  owner: string;
  buildCommit: string;
  ci: string;
  engine: string;
  python: string[];
  platforms: string[];
  buildDepends: string;
  testDepends: string;
  testCommand: string;
  preBuild: string;
  staging: string;
  anacondaOrg: string;
  s3Bucket: string;
  publish: string;
  nightly: string;
  nightlyRef: string;
  nightlyOrg: string;
}

export type AnswerKey = keyof Answers;

export interface Choice {
  value: string;
  describe: string;
  /** set when the value is known but not offered yet: the refusal message */
  unavailable?: string;
}

export interface OptionSpec {
  key: AnswerKey;
  flag: string;
  kind: 'text' | 'list' | 'choice' | 'multiline';
  describe: string;
  /** value for --help, e.g. "<ref>" */
  placeholder: string;
  /** a prompt message; options without one are asked only when missing and required */
  message: string;
  required?: boolean;
  choices?: readonly Choice[];
  /** the complete list a `list` option may hold */
  listItems?: readonly string[];
  /** default given the answers so far; undefined when there is none */
  fallback?: (a: Partial<Answers>) => string | string[] | undefined;
  /** shown in --help */
  defaultText?: string;
  /** asked only when this returns true for the answers so far */
  when?: (a: Partial<Answers>) => boolean;
  check?: (value: string) => string | null;
}

/** What the option table needs to know of a CI layout. */
export interface LayoutChoice {
  id: string;
  describe: string;
  /** --platforms when not given */
  defaultPlatforms(): string[];
  /** --publish when not given */
  defaultPublish: string;
  /** its scheduled builds upload to an anaconda.org nightly area (--nightly-org applies) */
  nightlyUpload: boolean;
}

const nightlyOn = (a: Partial<Answers>) => a.nightly !== undefined && a.nightly !== 'none';

export function optionTable(layouts: readonly LayoutChoice[]): OptionSpec[] {
  const layoutOf = (ci: string | undefined) => layouts.find((l) => l.id === ci);
  const [first] = layouts;
  if (!first) throw new Error('no CI layout is registered');
  const publishDefaults = layouts.map((l) => `${l.defaultPublish}${l === first ? '' : ` on ${l.id}`}`);
  return [
  { key: 'name', flag: 'name', kind: 'text', placeholder: '<dist>', required: true, check: checkDistName,
    describe: 'PyPI distribution name of the project (PEP 508)', message: 'PyPI name of the project' },
  { key: 'importName', flag: 'import-name', kind: 'text', placeholder: '<module>', check: checkImportName,
    describe: 'importable top-level package, used by the default test command', defaultText: 'name with "-" → "_", lower case',
    message: 'Importable package name', fallback: (a) => (a.name ? normaliseImportName(a.name) : undefined) },
  { key: 'repoUrl', flag: 'repo-url', kind: 'text', placeholder: '<url>', required: true, check: checkRepoUrl,
    describe: 'the project\'s git URL (https://host/owner/repo or git@host:owner/repo)', message: 'Git URL of the project' },
  { key: 'owner', flag: 'owner', kind: 'text', placeholder: '<login>', check: checkOwner,
    describe: 'GitHub owner (user or organisation) of the wheels repository', defaultText: 'owner in --repo-url',
    message: 'GitHub owner of the wheels repository', fallback: (a) => (a.repoUrl ? parseRepoUrl(a.repoUrl)?.owner : undefined) },
  { key: 'buildCommit', flag: 'build-commit', kind: 'text', placeholder: '<ref>', check: checkRef,
    describe: 'ref of the project to build: branch, tag or commit SHA', defaultText: 'main',
    message: 'Ref of the project to build (BUILD_COMMIT)', fallback: () => 'main' },
  { key: 'ci', flag: 'ci', kind: 'choice', placeholder: '<layout>', describe: 'CI layout', defaultText: first.id,
    message: 'CI layout', fallback: () => first.id,
    choices: layouts.map((l) => ({ value: l.id, describe: l.describe })) },
  { key: 'engine', flag: 'engine', kind: 'choice', placeholder: '<engine>', describe: 'build engine', defaultText: 'multibuild',
    message: 'Build engine', fallback: () => 'multibuild',
    choices: [
      { value: 'multibuild', describe: 'multibuild (git submodule, config.sh hooks)' },
      { value: 'cibuildwheel', describe: 'cibuildwheel (GitHub Actions only)' },
    ] },
  { key: 'python', flag: 'python', kind: 'list', placeholder: '<versions>', listItems: PYTHON_VERSIONS,
    describe: `comma list of CPython versions (${PYTHON_VERSIONS.join(', ')})`, defaultText: DEFAULT_PYTHONS.join(','),
    message: 'CPython versions', fallback: () => [...DEFAULT_PYTHONS] },
  { key: 'platforms', flag: 'platforms', kind: 'list', placeholder: '<ids>', listItems: PLATFORM_IDS,
    describe: `comma list of ${PLATFORM_IDS.join(', ')}`, defaultText: 'all but windows-x86 (and macos-arm64 on travis-appveyor)',
    message: 'Platforms', fallback: (a) => layoutOf(a.ci)?.defaultPlatforms() },
  { key: 'buildDepends', flag: 'build-depends', kind: 'text', placeholder: '<reqs>', check: (v) => checkShellText(v, false),
    describe: 'pip requirements installed before the build (space separated)', defaultText: 'none',
    message: 'Build requirements (pip, space separated; empty for none)', fallback: () => '' },
  { key: 'testDepends', flag: 'test-depends', kind: 'text', placeholder: '<reqs>', check: (v) => checkShellText(v, false),
    describe: 'pip requirements installed before the tests (space separated)', defaultText: 'pytest',
    message: 'Test requirements (pip, space separated)', fallback: () => 'pytest' },
  { key: 'testCommand', flag: 'test-command', kind: 'multiline', placeholder: '<cmd>',
    check: (v) => (v.trim() === '' ? 'must not be empty: it is what proves a wheel works' : checkShellText(v, true)),
    describe: 'shell command run from an empty directory against the installed wheel', defaultText: 'pytest --pyargs <import-name>',
    message: 'Test command (run from an empty directory)', fallback: (a) => (a.importName ? `pytest --pyargs ${a.importName}` : undefined) },
  { key: 'preBuild', flag: 'pre-build', kind: 'multiline', placeholder: '<cmds>', check: (v) => checkShellText(v, true),
    describe: 'shell commands run in the wheels repository root before each wheel build', defaultText: 'none',
    message: 'Commands before each build, e.g. building C libraries (empty for none)', fallback: () => '' },
  { key: 'staging', flag: 'staging', kind: 'choice', placeholder: '<where>', describe: 'where every build uploads its wheels',
    defaultText: 'github-release', message: 'Staging area for built wheels', fallback: () => 'github-release',
    choices: [
      { value: 'github-release', describe: 'a GitHub release on the wheels repository' },
      { value: 'anaconda', describe: 'an anaconda.org organisation (needs --anaconda-org)' },
      { value: 's3', describe: 'an S3 bucket (needs --s3-bucket; travis-appveyor only)' },
      { value: 'none', describe: 'workflow artifacts only' },
    ] },
  { key: 'anacondaOrg', flag: 'anaconda-org', kind: 'text', placeholder: '<org>', check: checkAnacondaOrg,
    describe: 'anaconda.org organisation, with --staging anaconda', message: 'anaconda.org organisation',
    when: (a) => a.staging === 'anaconda' },
  { key: 's3Bucket', flag: 's3-bucket', kind: 'text', placeholder: '<bucket>', check: checkS3Bucket,
    describe: 'S3 bucket, with --staging s3', message: 'S3 bucket for staging',
    when: (a) => a.staging === 's3' },
  { key: 'publish', flag: 'publish', kind: 'choice', placeholder: '<how>', describe: 'how a release reaches PyPI',
    defaultText: publishDefaults.length > 1 ? `${publishDefaults[0]} (${publishDefaults.slice(1).join(', ')})` : publishDefaults[0], message: 'Publish releases to PyPI',
    fallback: (a) => layoutOf(a.ci)?.defaultPublish,
    choices: [
      { value: 'trusted', describe: 'PyPI trusted publishing from the workflow, after every job passed (GitHub Actions)' },
      { value: 'twine', describe: 'twine with a PyPI token, from the last Travis stage after every job passed (travis-appveyor)' },
      { value: 'none', describe: 'never publish; wheels stay in staging' },
    ] },
  { key: 'nightly', flag: 'nightly', kind: 'text', placeholder: '<cron>', check: (v) => (v === 'none' ? null : checkCron(v)),
    describe: 'cron expression for scheduled builds, or "none"', defaultText: 'none',
    message: 'Nightly build schedule (cron, or "none")', fallback: () => 'none' },
  { key: 'nightlyRef', flag: 'nightly-ref', kind: 'text', placeholder: '<ref>', check: (v) => (v === '' ? null : checkRef(v)),
    describe: 'ref of the project the nightly schedule builds', defaultText: "the project's default branch",
    message: 'Ref the nightly builds build (empty: the default branch)', when: (a) => nightlyOn(a), fallback: () => '' },
  { key: 'nightlyOrg', flag: 'nightly-org', kind: 'text', placeholder: '<org>', check: checkAnacondaOrg,
    describe: 'anaconda.org organisation that nightly wheels are uploaded to', defaultText: 'scientific-python-nightly-wheels',
    message: 'anaconda.org organisation for nightly wheels', when: (a) => nightlyOn(a) && layoutOf(a.ci)?.nightlyUpload === true,
    fallback: () => 'scientific-python-nightly-wheels' },
  ];
}
