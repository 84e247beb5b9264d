// The wheels and sdists inside a downloaded workflow artifact (a zip that upload-artifact made).
import { unzipSync } from '#fflate';
import { UserError } from './errors.js';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** Every `*.whl` and `*.tar.gz` in the artifact, by its base name; a broken zip is a UserError. */
export function distsInArtifact(artifact: string, zip: Uint8Array): NamedBytes[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (e) {
    throw new UserError(`The artifact ${artifact} is not a readable zip (${(e as Error).message}).`, 'Download it again (`wheels-repo download` resumes); if it persists, re-run the job that made it.');
  }
  return Object.entries(entries)
    .filter(([path]) => /\.(whl|tar\.gz)$/.test(path) && !path.endsWith('/'))
    .map(([path, bytes]) => ({ name: path.split('/').pop() as string, bytes }));
}
