/**
 * The Ed25519 key that signs the bank's extracts (node:crypto). The platform keeps no secrets in the
 * database, so the private key is a file under DATA_DIR — `keys/credit-extract-ed25519.pem`, mode 0600,
 * made on first use (an operator may put their own there before the first start; several instances
 * share it as they share DATA_DIR/media). The public key is published at GET /api/credit/signing-key and
 * copied into every extract, so an extract still verifies after the key is replaced.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Signer {
  publicKeyPem: string;
  /** sha256 of the public key's DER, first 16 hex: names the key in each extract */
  keyId: string;
  sign(data: Buffer): string;
}

export function sha256Hex(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function loadSigner(dataDir: string): Signer {
  const file = path.join(dataDir, 'keys', 'credit-extract-ed25519.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    try {
      // 'wx': a second process making it at the same moment loses and reads the winner's
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(file));
  const publicKey = crypto.createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    publicKeyPem,
    keyId: sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16),
    sign: (data) => crypto.sign(null, data, privateKey).toString('base64'),
  };
}

/** What a bank does with the published key (and the test): true when `signature` is the key's over `data`. */
export function verifySignature(publicKeyPem: string, data: Buffer, signature: string): boolean {
  return crypto.verify(null, data, crypto.createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
}
