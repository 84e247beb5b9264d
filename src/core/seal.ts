// Encryption of secret values for the three services, each in the form the service decrypts.
// GitHub: a libsodium sealed box to the repository's X25519 key, base64 (ORIGINAL variant both ways:
// libsodium-wrappers' default URL-safe variant cannot read GitHub's key, and GitHub rejects it).
// Travis: RSA PKCS#1 v1.5 (not Node's default OAEP) of the shell assignment NAME=value.
import { UserError } from './errors.js';
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { shellQuote } from './quote.js';

export async function sealForGitHub(publicKeyBase64: string, value: string): Promise<string> {
  const { default: sodium } = await import('#libsodium');
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

/**
 * Travis's key_pair/generated PEM labels are not to be trusted (SPKI labelled PKCS#1 and the reverse):
 * strip the armour and try both DER encodings.
 */
export function travisPublicKey(pem: string): KeyObject {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type });
    } catch {
      // try the other encoding
    }
  }
  throw new UserError('The Travis public key is neither SPKI nor PKCS#1 DER.', 'Check TRAVIS_API_URL: the answer did not come from Travis.');
}

/** The `secure:` value Travis decrypts into `export NAME=value`. */
export function encryptForTravis(pem: string, name: string, value: string): string {
  const key = travisPublicKey(pem);
  const plaintext = Buffer.from(`${name}=${shellQuote(value)}`, 'utf8');
  const bytes = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
  if (plaintext.length > bytes - 11) throw new UserError(`${name} is too long for Travis's ${bytes * 8}-bit key (at most ${bytes - 11} bytes with its name and quoting).`, 'Travis cannot hold a longer secure value: use a shorter token.');
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext).toString('base64');
}
