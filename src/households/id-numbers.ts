/**
 * 居民身份证号 (GB 11643-1999): the check digit, the birth date it carries, and how the registry keeps
 * it — AES-256-GCM ciphertext (a random 96-bit nonce per value) and an HMAC-SHA256 lookup hash for
 * duplicate detection, both from one 32-byte key: `ID_NUMBER_KEY` (64 hex or 44 base64 characters)
 * when set, else a key file made on first use under DATA_DIR/keys (mode 0600), as the credit module
 * keeps its signing key. Losing the key loses the ID numbers (the rest of the registry reads on).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** The birth date an ID number carries (YYYY-MM-DD), or null when it is not a real date. */
export function birthDateOf(id: string): string | null {
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** An ID number as stored (upper-case X, no spaces), or null when its form, birth date or check digit is wrong. */
export function normaliseIdNumber(raw: string): string | null {
  const id = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  if (!birthDateOf(id)) return null;
  return checkDigit(id) === id[17] ? id : null;
}

export interface IdVault {
  seal(plain: string): string;
  open(sealed: string): string;
  /** The lookup hash: equal numbers, equal hashes; nothing to read back. */
  hash(plain: string): string;
}

/** The key: from the setting when given, else the key file (made once, 0600; a racing second process reads the winner's). */
export function loadIdKey(dataDir: string, setting: string | null): Buffer {
  if (setting) {
    const key = /^[0-9a-f]{64}$/i.test(setting) ? Buffer.from(setting, 'hex') : Buffer.from(setting, 'base64');
    if (key.length !== 32) throw new Error('ID_NUMBER_KEY must be 32 bytes: 64 hex or 44 base64 characters');
    return key;
  }
  const file = path.join(dataDir, 'keys', 'id-number.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}

export function idVault(master: Buffer): IdVault {
  // two keys from one: the cipher's and the lookup hash's (HKDF), so neither use weakens the other
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const encKey = derive('villagebrain id-number aes-256-gcm');
  const macKey = derive('villagebrain id-number lookup hmac');
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1:/, ''), 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    hash: (plain) => crypto.createHmac('sha256', macKey).update(plain).digest('hex'),
  };
}
