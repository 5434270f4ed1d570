/**
 * Resident ID numbers are protected at rest: stored sealed with AES-256-GCM, found by an HMAC
 * fingerprint, and shown only masked. The key comes from ONEWINDOW_DATA_KEY (32 bytes, base64), or
 * for a single embedded install from `onewindow.key` in the data folder, created on first start.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WriteOptions } from './write.ts';

export interface IdProtector {
  seal(value: string): string;
  open(sealed: string): string;
  /** A stable, keyed fingerprint for lookups; reveals nothing without the key. */
  fingerprint(value: string): string;
  /** A keyed digest of any text (a request kept to recognise its replay); reveals nothing without the key. */
  digest(text: string): string;
}

export function createIdProtector(key: Buffer): IdProtector {
  if (key.length !== 32) throw new Error('The data key must be 32 bytes');
  // Key objects made once: from a plain buffer, every cipher and HMAC would import the key again
  // (a third of the scale generator's time went there, sealing and fingerprinting millions of IDs).
  const encryptionKey = createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'onewindow id seal', 32)));
  const lookupKey = createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'onewindow id lookup', 32)));
  const digestKey = createSecretKey(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'onewindow request digest', 32)));
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const sealed = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unknown sealed format');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    fingerprint(value) {
      return createHmac('sha256', lookupKey).update(value.trim().toUpperCase()).digest('hex');
    },
    digest(text) {
      return createHmac('sha256', digestKey).update(text).digest('hex');
    },
  };
}

/**
 * Write options whose request digest is keyed, for a write whose body carries a resident ID. The
 * digest is kept with the idempotency key; a plain hash of a body whose other parts can be read
 * elsewhere gives the number away to a search over birth dates and sequences (a few million
 * candidates), and a kiosk's digest, which is the body itself, gives it away outright.
 */
export function withKeyedRequest(options: WriteOptions, ids: IdProtector): WriteOptions {
  return options.requestHash === undefined ? options : { ...options, requestHash: ids.digest(options.requestHash) };
}

/** The data key from ONEWINDOW_DATA_KEY, else from (or newly into) `dataDir/onewindow.key`. */
export function loadDataKey(options: { envKey?: string; dataDir: string }): Buffer {
  if (options.envKey) {
    const key = Buffer.from(options.envKey, 'base64');
    if (key.length !== 32) throw new Error('ONEWINDOW_DATA_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return key;
  }
  // An in-memory database lives as long as the process, and so may its key.
  if (options.dataDir.startsWith('memory://')) return randomBytes(32);
  const file = join(options.dataDir, 'onewindow.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
