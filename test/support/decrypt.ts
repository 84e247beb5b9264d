// Independent decryptors for what the tool encrypts: PyNaCl (Debian python3-nacl) opens GitHub sealed
// boxes, `openssl pkeyutl` opens Travis's RSA PKCS#1 v1.5 values. A missing tool is a failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function pynaclOpen(privateKeyB64: string, cipherB64: string): string {
  const script = 'import base64, sys\nfrom nacl.public import PrivateKey, SealedBox\nkey = PrivateKey(base64.b64decode(sys.argv[1]))\nsys.stdout.write(SealedBox(key).decrypt(base64.b64decode(sys.stdin.read())).decode())';
  const r = spawnSync('/usr/bin/python3', ['-c', script, privateKeyB64], { encoding: 'utf8', input: cipherB64 });
  if (r.error || (r.status !== 0 && /No module named/.test(r.stderr))) throw new Error(`PyNaCl is missing (apt-get install python3-nacl): ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

export function opensslOpen(privateKey: KeyObject, cipherB64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwr-openssl-'));
  try {
    writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'cipher.bin'), Buffer.from(cipherB64, 'base64'));
    const r = spawnSync('openssl', ['pkeyutl', '-decrypt', '-inkey', join(dir, 'key.pem'), '-pkeyopt', 'rsa_padding_mode:pkcs1', '-in', join(dir, 'cipher.bin')], { encoding: 'utf8' });
    if (r.error) throw new Error(`openssl is missing: ${r.error.message}`);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts that no secret appears in any output or in any file under the directories (.git included). */
export function assertNoSecrets(secrets: readonly string[], outputs: readonly string[], dirs: readonly string[]): void {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.isFile() ? [join(d, e.name)] : []));
  for (const secret of secrets) {
    for (const text of outputs) assert.ok(!text.includes(secret), `a secret reached the output:\n${text}`);
    for (const dir of dirs) for (const f of walk(dir)) assert.ok(!readFileSync(f).includes(secret), `${f} holds a secret in plain text`);
  }
}
