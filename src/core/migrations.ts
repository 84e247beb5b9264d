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
