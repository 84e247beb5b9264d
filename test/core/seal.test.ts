import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import sodium from 'libsodium-wrappers';
import { isUserError } from '../../src/core/errors.js';
import { encryptForTravis, sealForGitHub, travisPublicKey } from '../../src/core/seal.js';
import { opensslOpen, pynaclOpen } from '../support/decrypt.js';

const VALUES = ['hunter2', "it's a \"secret\" with $(id) and `id` and \\ and !", 'päss ☃ 🔑', 'line1\nline2', ''];

describe('sealForGitHub', () => {
  let publicKeyB64 = '';
  let privateKeyB64 = '';
  let keyPair: { publicKey: Uint8Array; privateKey: Uint8Array };

  before(async () => {
    await sodium.ready;
    keyPair = sodium.crypto_box_keypair();
    publicKeyB64 = sodium.to_base64(keyPair.publicKey, sodium.base64_variants.ORIGINAL);
    privateKeyB64 = sodium.to_base64(keyPair.privateKey, sodium.base64_variants.ORIGINAL);
  });

  it('is opened by PyNaCl to the exact value', async () => {
    for (const value of VALUES) {
      assert.equal(pynaclOpen(privateKeyB64, await sealForGitHub(publicKeyB64, value)), value);
    }
  });

  it("is opened by libsodium's crypto_box_seal_open to the exact value", async () => {
    for (const value of VALUES) {
      const sealed = sodium.from_base64(await sealForGitHub(publicKeyB64, value), sodium.base64_variants.ORIGINAL);
      assert.equal(sodium.to_string(sodium.crypto_box_seal_open(sealed, keyPair.publicKey, keyPair.privateKey)), value);
    }
  });

  it('writes standard padded base64 of a sealed box (48 bytes longer than the value)', async () => {
    const sealed = await sealForGitHub(publicKeyB64, 'hunter2');
    assert.match(sealed, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(Buffer.from(sealed, 'base64').length, 7 + sodium.crypto_box_SEALBYTES);
    assert.equal(sodium.crypto_box_SEALBYTES, 48);
  });

  it('uses a fresh ephemeral key each time', async () => {
    assert.notEqual(await sealForGitHub(publicKeyB64, 'same'), await sealForGitHub(publicKeyB64, 'same'));
  });

  it('cannot be opened with another key pair', async () => {
    const other = sodium.crypto_box_keypair();
    const sealed = sodium.from_base64(await sealForGitHub(publicKeyB64, 'hunter2'), sodium.base64_variants.ORIGINAL);
    assert.throws(() => sodium.crypto_box_seal_open(sealed, other.publicKey, other.privateKey));
  });
});

/** A PEM armour of DER bytes under any label. */
function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

describe('travisPublicKey', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  const pkcs1Der = publicKey.export({ type: 'pkcs1', format: 'der' });
  const sameKey = (k: KeyObject): void => {
    assert.equal(k.type, 'public');
    assert.equal(k.asymmetricKeyType, 'rsa');
    assert.deepEqual(k.export({ type: 'spki', format: 'der' }), spkiDer);
  };

  it('reads an SPKI PEM', () => {
    const text = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    assert.match(text, /BEGIN PUBLIC KEY/);
    sameKey(travisPublicKey(text));
  });

  it('reads a PKCS#1 PEM', () => {
    const text = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    assert.match(text, /BEGIN RSA PUBLIC KEY/);
    sameKey(travisPublicKey(text));
  });

  it('reads SPKI DER under a "BEGIN RSA PUBLIC KEY" label', () => {
    sameKey(travisPublicKey(pem('RSA PUBLIC KEY', spkiDer)));
  });

  it('reads PKCS#1 DER under a "BEGIN PUBLIC KEY" label', () => {
    sameKey(travisPublicKey(pem('PUBLIC KEY', pkcs1Der)));
  });

  it('refuses garbage with a UserError', () => {
    for (const text of ['', 'not a key', pem('PUBLIC KEY', Buffer.from('garbage bytes, not DER')), pem('PUBLIC KEY', spkiDer.subarray(0, 100))]) {
      assert.throws(() => travisPublicKey(text), (e: unknown) => isUserError(e) && e.message === 'The Travis public key is neither SPKI nor PKCS#1 DER.', JSON.stringify(text));
    }
  });
});

describe('encryptForTravis', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const pkcs1Pem = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;

  it("is opened by openssl (PKCS#1 v1.5) to NAME='value'", () => {
    assert.equal(opensslOpen(privateKey, encryptForTravis(spkiPem, 'TOKEN', 'hunter2')), "TOKEN='hunter2'");
    assert.equal(opensslOpen(privateKey, encryptForTravis(pkcs1Pem, 'TOKEN', 'hunter2')), "TOKEN='hunter2'");
  });

  it('shell-quotes single quotes and leaves $, backticks and newlines literal', () => {
    assert.equal(opensslOpen(privateKey, encryptForTravis(spkiPem, 'T', "it's")), "T='it'\\''s'");
    assert.equal(opensslOpen(privateKey, encryptForTravis(spkiPem, 'T', '$(id) `id` $HOME\nx')), "T='$(id) `id` $HOME\nx'");
  });

  it('decrypts to an assignment that bash reads back as the exact value', () => {
    for (const value of VALUES) {
      const assignment = opensslOpen(privateKey, encryptForTravis(spkiPem, 'SECRET_VALUE', value));
      const r = spawnSync('bash', ['-c', `export ${assignment}; printf %s "$SECRET_VALUE"`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, value);
    }
  });

  it('accepts a value that just fits the key (k - 11 bytes with name and quoting) and refuses one byte more', () => {
    // 2048-bit key: 256 - 11 = 245 bytes; "TOKEN=''" takes 8.
    const fits = 'a'.repeat(237);
    assert.equal(opensslOpen(privateKey, encryptForTravis(spkiPem, 'TOKEN', fits)), `TOKEN='${fits}'`);
    assert.throws(() => encryptForTravis(spkiPem, 'TOKEN', 'a'.repeat(238)), (e: unknown) =>
      isUserError(e) &&
      e.message === "TOKEN is too long for Travis's 2048-bit key (at most 245 bytes with its name and quoting)." &&
      e.hint === 'Travis cannot hold a longer secure value: use a shorter token.');
  });

  it('counts UTF-8 bytes and the quoting of single quotes against the limit', () => {
    // Each ' becomes '\'' (4 bytes); each ☃ is 3 bytes.
    assert.throws(() => encryptForTravis(spkiPem, 'TOKEN', "'".repeat(60)), (e: unknown) => isUserError(e) && /too long/.test(e.message));
    assert.throws(() => encryptForTravis(spkiPem, 'TOKEN', '☃'.repeat(80)), (e: unknown) => isUserError(e) && /too long/.test(e.message));
    assert.equal(opensslOpen(privateKey, encryptForTravis(spkiPem, 'TOKEN', '☃'.repeat(79))), `TOKEN='${'☃'.repeat(79)}'`);
  });

  it("takes the limit from the key's size", () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const smallPem = small.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    // 128 - 11 = 117 bytes; "T=''" takes 4.
    assert.equal(opensslOpen(small.privateKey, encryptForTravis(smallPem, 'T', 'b'.repeat(113))), `T='${'b'.repeat(113)}'`);
    assert.throws(() => encryptForTravis(smallPem, 'T', 'b'.repeat(114)), (e: unknown) =>
      isUserError(e) && e.message === "T is too long for Travis's 1024-bit key (at most 117 bytes with its name and quoting).");
  });

  it('refuses a key that is not a key with a UserError', () => {
    assert.throws(() => encryptForTravis('garbage', 'T', 'v'), (e: unknown) => isUserError(e) && /neither SPKI nor PKCS#1/.test(e.message));
  });
});
