// Stored answers move forward one schema version at a time, by explicit steps. A repository made by a
// newer create-wheels-repo is refused rather than guessed at.
import { UserError } from './errors.js';
import { SCHEMA_VERSION } from './manifest.js';

type RawStored = Record<string, unknown>;

interface Migration {
  from: number;
  describe: string;
  up(answers: RawStored): RawStored;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    describe: 'schema 2: the s3Bucket answer (S3 staging on travis-appveyor) is stored, empty unless used',
    up: (a) => ({ ...a, s3Bucket: typeof a.s3Bucket === 'string' ? a.s3Bucket : '' }),
  },
  {
    from: 2,
    describe: 'schema 3: pre_build runs in the root of the wheels repository on every platform (cibuildwheel ran it in the project: its pre-build now starts with cd "$REPO_DIR"); a nightly schedule builds the project\'s default branch (nightlyRef) and uploads to an anaconda.org nightly area (nightlyOrg)',
    up: (a) => {
      const nightly = typeof a.nightly === 'string' && a.nightly !== 'none';
      const keepDir = a.engine === 'cibuildwheel' && typeof a.preBuild === 'string' && a.preBuild.trim() !== '';
      return {
        ...a,
        ...(keepDir ? { preBuild: `cd "$REPO_DIR"\n${String(a.preBuild)}` } : {}),
        nightlyRef: typeof a.nightlyRef === 'string' ? a.nightlyRef : '',
        nightlyOrg: typeof a.nightlyOrg === 'string' ? a.nightlyOrg : nightly && a.ci !== 'travis-appveyor' ? 'scientific-python-nightly-wheels' : '',
      };
    },
  },
  {
    from: 3,
    describe: 'schema 4: the manifest keeps the text of each generated file as it is (it was gzip in base64, with a sha256); the answers are unchanged',
    up: (a) => a,
  },
];

export interface Migrated {
  answers: RawStored;
  applied: string[];
}

/** `source` names where the answers were stored, for the refusal of a newer schema. */
export function migrateAnswers(schemaVersion: unknown, answers: RawStored, source: string): Migrated {
  const from = typeof schemaVersion === 'number' ? schemaVersion : 1;
  if (from > SCHEMA_VERSION) {
    throw new UserError(`${source} was written by a newer create-wheels-repo (answers schema ${from}; this one knows ${SCHEMA_VERSION}).`, 'Run the newest create-wheels-repo: npm init wheels-repo@latest');
  }
  let out = answers;
  const applied: string[] = [];
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from answers schema ${v}`);
    out = step.up(out);
    applied.push(step.describe);
  }
  return { answers: out, applied };
}
