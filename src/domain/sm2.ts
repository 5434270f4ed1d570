/**
 * SM2 digital signatures exactly as GB/T 32918.2-2016 defines them, over SM3 (GB/T 32905) with the
 * signer's Z value, on any prime curve (the recommended curve of GB/T 32918.5 by default; the
 * example curve of GB/T 32918.2 Annex A for the standard's test vector). Signatures are DER
 * SEQUENCE { r INTEGER, s INTEGER } as GB/T 35276 writes them; public keys go out as SPKI PEM with
 * the SM2 curve OID 1.2.156.10197.1.301, which `openssl` reads as an SM2 key.
 *
 * Why not node:crypto: its "SM2" key signs ECDSA on the SM2 curve, not GB/T 32918.2 (no Z, another
 * equation). The curve arithmetic is @noble/curves' (audited, maintained), with the base point and
 * each public key precomputed once (wNAF tables), so verifying many licences of one key is cheap.
 *
 * Signing computes k·G with a fixed-base comb of our own over noble's points (32 byte-windows, one
 * complete addition per window whatever the digit, each table entry selected by scanning the whole
 * row): the same operations for every k, as noble's constant-time multiply, at a third of the cost
 * of its blinded path. (JavaScript's BigInt is not constant-time underneath; neither is noble's.)
 *
 * @example
 * const { privateKey, publicKey } = sm2.generateKeyPair();
 * const signature = sm2.sign(new TextEncoder().encode('text'), privateKey); // DER bytes
 * sm2.verify(new TextEncoder().encode('text'), signature, publicKey); // true
 */
import { createHash, randomBytes } from 'node:crypto';
import { weierstrass, DER, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

/** The default distinguishing identifier (GB/T 35276 §5.4.1): the 16 bytes of '1234567812345678'. */
export const defaultUserId = '1234567812345678';

export interface Sm2CurveParams {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  Gx: bigint;
  Gy: bigint;
}

/** The recommended 256-bit curve of GB/T 32918.5-2017 (sm2p256v1). */
export const sm2p256v1: Sm2CurveParams = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

export interface Sm2Signature {
  r: bigint;
  s: bigint;
}

export interface Sm2KeyPair {
  /** 32 bytes, hex (64 characters). */
  privateKey: string;
  /** Uncompressed point `04 || x || y`, hex (130 characters). */
  publicKey: string;
}

export interface Sm2 {
  readonly curve: Sm2CurveParams;
  generateKeyPair(): Sm2KeyPair;
  /** The uncompressed public key (hex) of a private key (hex). */
  publicKeyOf(privateKey: string): string;
  /** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) (GB/T 32918.2 §5.5). */
  z(publicKey: string, userId?: string | Uint8Array): Buffer;
  /**
   * Signs a message (GB/T 32918.2 §6.1): e = SM3(Z || M), r = (e + x1) mod n, s = (1 + d)⁻¹(k − r·d).
   * `k` is for the standard's test vector only; leave it out to draw it from the CSPRNG.
   */
  signRaw(message: Uint8Array, privateKey: string, options?: { userId?: string | Uint8Array; publicKey?: string; k?: bigint }): Sm2Signature;
  /** {@link signRaw}, DER-encoded. */
  sign(message: Uint8Array, privateKey: string, options?: { userId?: string | Uint8Array; publicKey?: string }): Buffer;
  /** Verifies (GB/T 32918.2 §7.1) a raw (r, s) or a DER signature; false for anything malformed. */
  verify(message: Uint8Array, signature: Sm2Signature | Uint8Array, publicKey: string, options?: { userId?: string | Uint8Array }): boolean;
}

export function sm3(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function toBytes32(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

function mod(a: bigint, n: bigint): bigint {
  const r = a % n;
  return r >= 0n ? r : r + n;
}

function invert(a: bigint, n: bigint): bigint {
  // Extended Euclid; n is prime and 0 < a < n wherever it is called.
  let [r0, r1] = [mod(a, n), n];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return mod(s0, n);
}

/** Per-key state kept for the life of the process: the decoded point with its tables, and Z for the default id. */
interface KeyState {
  point: WeierstrassPoint<bigint>;
  zDefault: Buffer;
}

const maxCachedKeys = 256;

/** An SM2 instance on one curve. Keys are cached by their hex form (public keys are public; few exist). */
export function createSm2(curve: Sm2CurveParams): Sm2 {
  const Point: WeierstrassPointCons<bigint> = weierstrass({ p: curve.p, n: curve.n, h: 1n, a: curve.a, b: curve.b, Gx: curve.Gx, Gy: curve.Gy });
  // Window 8: a larger table than noble's default, paid once per process, for faster k·G and s·G.
  Point.BASE.precompute(8, false);
  const byteLength = Math.ceil(curve.p.toString(16).length / 2);
  const n = curve.n;
  const curveBytes = Buffer.concat([curve.a, curve.b, curve.Gx, curve.Gy].map((v) => toBytes32(v, byteLength)));
  const keys = new Map<string, KeyState>();
  const signers = new Map<string, { d: bigint; dPlus1Inv: bigint }>();
  let comb: WeierstrassPoint<bigint>[][] | undefined;

  /** comb[i][j] = j · 2^(8i) · G, for every byte position i of a scalar and every byte value j. */
  function combTable(): WeierstrassPoint<bigint>[][] {
    if (comb) return comb;
    const rows: WeierstrassPoint<bigint>[][] = [];
    let base = Point.BASE;
    for (let i = 0; i < byteLength; i++) {
      const row = [Point.ZERO];
      for (let j = 1; j < 256; j++) row.push(row[j - 1]!.add(base));
      rows.push(row);
      base = row[255]!.add(base); // 256 · 2^(8i) · G
    }
    comb = rows;
    return rows;
  }

  /** k·G with the same point operations and table reads for every k in [1, n). */
  function baseMultiply(k: bigint): WeierstrassPoint<bigint> {
    const rows = combTable();
    const digits = Buffer.from(k.toString(16).padStart(byteLength * 2, '0'), 'hex');
    let acc = Point.ZERO;
    for (let i = 0; i < byteLength; i++) {
      const digit = digits[byteLength - 1 - i]!;
      const row = rows[i]!;
      let selected = row[0]!;
      for (let j = 1; j < 256; j++) selected = j === digit ? row[j]! : selected;
      acc = acc.add(selected);
    }
    return acc;
  }

  function signer(privateKey: string): { d: bigint; dPlus1Inv: bigint } {
    const cached = signers.get(privateKey);
    if (cached) return cached;
    const d = privateScalar(privateKey);
    const state = { d, dPlus1Inv: invert(1n + d, n) };
    if (signers.size >= maxCachedKeys) signers.delete(signers.keys().next().value!);
    signers.set(privateKey, state);
    return state;
  }

  const idBytes = (userId: string | Uint8Array = defaultUserId): Uint8Array => (typeof userId === 'string' ? Buffer.from(userId, 'utf8') : userId);

  function zOf(point: WeierstrassPoint<bigint>, userId: Uint8Array): Buffer {
    const bits = userId.length * 8;
    if (bits > 0xffff) throw new RangeError('user id too long');
    const entl = Buffer.from([bits >> 8, bits & 0xff]);
    const { x, y } = point.toAffine();
    return sm3(entl, userId, curveBytes, toBytes32(x, byteLength), toBytes32(y, byteLength));
  }

  function keyState(publicKey: string): KeyState {
    const cached = keys.get(publicKey);
    if (cached) return cached;
    const hex = publicKey.toLowerCase();
    if (!/^04[0-9a-f]+$/.test(hex) || hex.length !== 2 + 4 * byteLength) throw new RangeError('an SM2 public key is 04 || x || y in hex');
    const point = Point.fromHex(hex); // checks that the point is on the curve
    point.precompute(8); // tables built lazily, on the first verification, then reused
    const state = { point, zDefault: zOf(point, idBytes()) };
    if (keys.size >= maxCachedKeys) keys.delete(keys.keys().next().value!);
    keys.set(publicKey, state);
    return state;
  }

  function privateScalar(privateKey: string): bigint {
    if (!/^[0-9a-fA-F]{1,64}$/.test(privateKey)) throw new RangeError('an SM2 private key is hex');
    const d = BigInt(`0x${privateKey}`);
    // d < n − 1, so that 1 + d is invertible (GB/T 32918.1 §6.1).
    if (d < 1n || d >= n - 1n) throw new RangeError('SM2 private key out of range');
    return d;
  }

  function randomScalar(): bigint {
    for (;;) {
      const k = BigInt(`0x${randomBytes(byteLength + 8).toString('hex')}`) % n;
      if (k >= 1n && k < n - 1n) return k;
    }
  }

  function digest(message: Uint8Array, publicKey: string, userId: string | Uint8Array | undefined): bigint {
    const state = keyState(publicKey);
    const z = userId === undefined || (typeof userId === 'string' && userId === defaultUserId) ? state.zDefault : zOf(state.point, idBytes(userId));
    return BigInt(`0x${sm3(z, message).toString('hex')}`);
  }

  const sm2: Sm2 = {
    curve,
    generateKeyPair() {
      const d = randomScalar();
      const privateKey = d.toString(16).padStart(byteLength * 2, '0');
      return { privateKey, publicKey: Point.BASE.multiply(d).toHex(false) };
    },
    publicKeyOf(privateKey) {
      return Point.BASE.multiply(privateScalar(privateKey)).toHex(false);
    },
    z(publicKey, userId) {
      return zOf(keyState(publicKey).point, idBytes(userId));
    },
    signRaw(message, privateKey, options = {}) {
      const { d, dPlus1Inv } = signer(privateKey);
      const publicKey = options.publicKey ?? Point.BASE.multiply(d).toHex(false);
      const e = digest(message, publicKey, options.userId);
      for (let attempt = 0; ; attempt++) {
        if (options.k !== undefined && attempt > 0) throw new RangeError('the given k gives no signature');
        const k = options.k ?? randomScalar();
        const x1 = baseMultiply(k).toAffine().x;
        const r = mod(e + x1, n);
        if (r === 0n || r + k === n) continue;
        const s = mod(dPlus1Inv * mod(k - r * d, n), n);
        if (s === 0n) continue;
        return { r, s };
      }
    },
    sign(message, privateKey, options = {}) {
      return Buffer.from(DER.hexFromSig(sm2.signRaw(message, privateKey, options)), 'hex');
    },
    verify(message, signature, publicKey, options = {}) {
      let rs: Sm2Signature;
      let state: KeyState;
      try {
        rs = signature instanceof Uint8Array ? decodeSignatureDer(signature) : signature;
        state = keyState(publicKey);
      } catch {
        return false;
      }
      const { r, s } = rs;
      if (r < 1n || r >= n || s < 1n || s >= n) return false;
      const t = mod(r + s, n);
      if (t === 0n) return false;
      const e = digest(message, publicKey, options.userId);
      // s·G from the base tables, t·P from the key's: both precomputed, so no doubling chain at all.
      const sum = Point.BASE.multiplyUnsafe(s).add(state.point.multiplyUnsafe(t));
      if (sum.is0()) return false;
      return mod(e + sum.toAffine().x, n) === r;
    },
  };
  return sm2;
}

/** SM2 on the recommended curve: what e-licences and audit checkpoints use. */
export const sm2 = createSm2(sm2p256v1);

/**
 * Reads DER SEQUENCE { r INTEGER, s INTEGER } strictly (minimal lengths, nothing after it);
 * throws on anything else, so one signature has one encoding.
 */
export function decodeSignatureDer(bytes: Uint8Array): Sm2Signature {
  const sig = DER.toSig(bytes);
  if (Buffer.from(DER.hexFromSig(sig), 'hex').compare(Buffer.from(bytes)) !== 0) throw new RangeError('not a canonical DER signature');
  return sig;
}

export function encodeSignatureDer(signature: Sm2Signature): Buffer {
  return Buffer.from(DER.hexFromSig(signature), 'hex');
}

// id-ecPublicKey (1.2.840.10045.2.1) with the SM2 curve (1.2.156.10197.1.301).
const spkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const sm2CurveOid = Buffer.from('06082a811ccf5501822d', 'hex');

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** An uncompressed recommended-curve public key (hex) as SubjectPublicKeyInfo PEM. */
export function publicKeyToPem(publicKey: string): string {
  if (!/^04[0-9a-fA-F]{128}$/.test(publicKey)) throw new RangeError('an SM2 public key is 04 || x || y in hex');
  return pem('PUBLIC KEY', Buffer.concat([spkiPrefix, Buffer.from(publicKey, 'hex')]));
}

/** The uncompressed public key (hex) in an SM2 SubjectPublicKeyInfo PEM. */
export function publicKeyFromPem(text: string): string {
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(text)?.[1];
  const der = body === undefined ? undefined : Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (!der || der.length !== spkiPrefix.length + 65 || !der.subarray(0, spkiPrefix.length).equals(spkiPrefix)) throw new RangeError('not an SM2 SubjectPublicKeyInfo');
  return der.subarray(spkiPrefix.length).toString('hex');
}

/** A private key as SEC 1 `EC PRIVATE KEY` PEM on the SM2 curve (for `openssl` in tests and tools). */
export function privateKeyToPem(privateKey: string, publicKey: string): string {
  const d = Buffer.from(privateKey.padStart(64, '0'), 'hex');
  const point = Buffer.from(publicKey, 'hex');
  const body = Buffer.concat([
    Buffer.from('020101', 'hex'),
    Buffer.from([0x04, 0x20]), d,
    Buffer.from([0xa0, sm2CurveOid.length]), sm2CurveOid,
    Buffer.from([0xa1, point.length + 3, 0x03, point.length + 1, 0x00]), point,
  ]);
  return pem('EC PRIVATE KEY', Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]));
}
