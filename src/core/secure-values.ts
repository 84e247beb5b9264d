// Secure values in .travis.yml and appveyor.yml, as text: each sits on the `secure:` line after a
// `# NAME: purpose` comment, first as a placeholder (src/core/render.ts), then as the ciphertext.
import { UserError } from './errors.js';

/** The base64 every placeholder starts with ("PLACEHOLDER "), whatever the name after it. */
const PLACEHOLDER_PREFIX = Buffer.from('PLACEHOLDER ', 'utf8').toString('base64').slice(0, 14);

/** The line index of NAME's secure value: the `secure:` line after its `# NAME:` comment. */
function secureLine(lines: readonly string[], name: string): number {
  const comment = lines.findIndex((l) => new RegExp(`^\\s*# ${name}: `).test(l));
  if (comment < 0) return -1;
  for (let i = comment + 1; i < Math.min(lines.length, comment + 4); i++) if (/secure:/.test(lines[i] ?? '')) return i;
  return -1;
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
