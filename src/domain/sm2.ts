/**
 * SM2 digital signatures exactly as GB/T 32918.2-2016 defines them, over SM3 (GB/T 32905) with the
 * signer's Z value, on any prime curve (the recommended curve of GB/T 32918.5 by default; the
 * example curve of GB/T 32918.2 Annex A for the standard's test vector). Signatures are DER
 * SEQUENCE { r INTEGER, s INTEGER } as GB/T 35276 writes them; public keys go out as SPKI PEM with
 * the SM2 curve OID 1.2.156.10197.1.301, which `openssl` reads as an SM2 key.
 *
 * Why not node:crypto: its "SM2" key signs ECDSA on the SM2 curve, not GB/T 32918.2 (no Z, another
 * equation). @noble/curves (audited, maintained) gives the curve: point decoding and validation,
 * key generation, DER, and the path for curves whose a is not −3 (the Annex A example curve).
 *
 * For the recommended curve (a = −3) the hot paths are fixed-base combs: 32 byte-windows with a
 * table of j · 2^(8i) · B per window, summed with the complete projective addition for a = −3
 * (Renes–Costello–Batina, Algorithm 4) on plain BigInts, about twice as fast as the library's point
 * objects. Signing computes k·G with the same table reads and additions for every k (each row
 * scanned whole); verification adds s·G and t·P from the base point's comb and the key's own
 * (built when a key is verified a second time, for up to 64 keys; one-off keys use noble's wNAF
 * tables). The tests check the combs against noble's points for edge and random scalars, the
 * GB/T 32918.2 example, sm-crypto and the openssl CLI. (JavaScript's BigInt is not constant-time
 * underneath; neither is noble's.)
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
  /** j · 2^(8i) · P for every byte position i and value j, for keys verified often (see keyComb). */
  comb?: Projective[][];
  verifications: number;
}

/** A projective point (X : Y : Z) as three field elements in [0, p); (0 : 1 : 0) is the point at infinity. */
type Projective = readonly [bigint, bigint, bigint];

/** Keys with their own comb table (about 1 MB each): the issuers' keys of one installation fit many times. */
const maxCombKeys = 64;

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
  let comb: Projective[][] | undefined;
  let combKeys = 0;
  const p = curve.p;
  // The complete formulas below are those for a = −3, which both curves in use have.
  const aIsMinus3 = mod(curve.a + 3n, p) === 0n;

  /** rows[i][j] = j · 2^(8i) · B for every byte position i of a scalar and every byte value j (row[0] is infinity). */
  function buildComb(base: Projective): Projective[][] {
    const rows: Projective[][] = [];
    let b = base;
    for (let i = 0; i < byteLength; i++) {
      const row: Projective[] = [[0n, 1n, 0n]];
      for (let j = 1; j < 256; j++) row.push(addMinus3(row[j - 1]!, b));
      b = addMinus3(row[255]!, b); // 256 · 2^(8i) · B
      rows.push(row);
    }
    return rows;
  }

  /** The base point's comb, built on the first signature or verification (about 60 ms). */
  function combTable(): Projective[][] {
    comb ??= buildComb([curve.Gx, curve.Gy, 1n]);
    return comb;
  }

  /** k·B from B's comb: 32 complete additions. Constant-time selection for secrets; direct reads for public scalars. */
  function combMultiply(rows: Projective[][], k: bigint, secret: boolean): Projective {
    const digits = Buffer.from(k.toString(16).padStart(byteLength * 2, '0'), 'hex');
    let acc: Projective = [0n, 1n, 0n];
    for (let i = 0; i < byteLength; i++) {
      const digit = digits[byteLength - 1 - i]!;
      const row = rows[i]!;
      let selected = row[digit]!;
      if (secret) {
        selected = row[0]!;
        for (let j = 1; j < 256; j++) selected = j === digit ? row[j]! : selected;
      }
      acc = addMinus3(acc, selected);
    }
    return acc;
  }

  /** A key's own comb, once it is verified a second time (one-off keys keep the library's tables). */
  function keyComb(state: KeyState): Projective[][] | undefined {
    if (state.comb) return state.comb;
    state.verifications++;
    if (state.verifications < 2 || combKeys >= maxCombKeys) return undefined;
    const { x, y } = state.point.toAffine();
    state.comb = buildComb([x, y, 1n]);
    combKeys++;
    return state.comb;
  }

  // Field operations mod p on values in [0, p).
  const add = (x: bigint, y: bigint): bigint => {
    const r = x + y;
    return r >= p ? r - p : r;
  };
  const sub = (x: bigint, y: bigint): bigint => {
    const r = x - y;
    return r < 0n ? r + p : r;
  };
  const mul = (x: bigint, y: bigint): bigint => (x * y) % p;

  /**
   * P + Q by the complete projective formula for a = −3 (Renes, Costello, Batina 2016, "Complete
   * addition formulas for prime order elliptic curves", Algorithm 4): no case for doubling or
   * infinity, so the same operations run whatever the points. About twice as fast as going through
   * the library's point objects, which use the formula for any a.
   */
  function addMinus3(P: Projective, Q: Projective): Projective {
    const [X1, Y1, Z1] = P;
    const [X2, Y2, Z2] = Q;
    const b = curve.b;
    let t0 = mul(X1, X2),
      t1 = mul(Y1, Y2),
      t2 = mul(Z1, Z2);
    let t3 = mul(add(X1, Y1), add(X2, Y2));
    let t4 = add(t0, t1);
    t3 = sub(t3, t4);
    t4 = mul(add(Y1, Z1), add(Y2, Z2));
    let X3 = add(t1, t2);
    t4 = sub(t4, X3);
    X3 = mul(add(X1, Z1), add(X2, Z2));
    let Y3 = add(t0, t2);
    Y3 = sub(X3, Y3);
    let Z3 = mul(b, t2);
    X3 = sub(Y3, Z3);
    Z3 = add(X3, X3);
    X3 = add(X3, Z3);
    Z3 = sub(t1, X3);
    X3 = add(t1, X3);
    Y3 = mul(b, Y3);
    t1 = add(t2, t2);
    t2 = add(t1, t2);
    Y3 = sub(Y3, t2);
    Y3 = sub(Y3, t0);
    t1 = add(Y3, Y3);
    Y3 = add(t1, Y3);
    t1 = add(t0, t0);
    t0 = add(t1, t0);
    t0 = sub(t0, t2);
    t1 = mul(t4, Y3);
    t2 = mul(t0, Y3);
    Y3 = mul(X3, Z3);
    Y3 = add(Y3, t2);
    X3 = mul(t3, X3);
    X3 = sub(X3, t1);
    Z3 = mul(t4, Z3);
    t1 = mul(t3, t0);
    Z3 = add(Z3, t1);
    return [X3, Y3, Z3];
  }

  /**
   * The x coordinate of k·G, for k in [1, n): the same table reads and additions for every k (each
   * row scanned whole, one complete addition per byte). Falls back to the library on a curve whose
   * a is not −3.
   */
  function baseMultiplyX(k: bigint): bigint {
    if (!aIsMinus3) return Point.BASE.multiply(k).toAffine().x;
    const [X, , Z] = combMultiply(combTable(), k, true);
    return mod(X * invert(Z, p), p);
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
    const state: KeyState = { point, zDefault: zOf(point, idBytes()), verifications: 0 };
    if (keys.size >= maxCachedKeys) {
      const oldest = keys.keys().next().value!;
      if (keys.get(oldest)!.comb) combKeys--;
      keys.delete(oldest);
    }
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
        const x1 = baseMultiplyX(k);
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
      // s·G from the base comb, t·P from the key's: both precomputed, so no doubling chain at all.
      const pComb = aIsMinus3 ? keyComb(state) : undefined;
      if (pComb) {
        const [X, , Z] = addMinus3(combMultiply(combTable(), s, false), combMultiply(pComb, t, false));
        if (Z === 0n) return false;
        return mod(e + mod(X * invert(Z, p), p), n) === r;
      }
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
  const body = Buffer.concat([Buffer.from('020101', 'hex'), Buffer.from([0x04, 0x20]), d, Buffer.from([0xa0, sm2CurveOid.length]), sm2CurveOid, Buffer.from([0xa1, point.length + 3, 0x03, point.length + 1, 0x00]), point]);
  return pem('EC PRIVATE KEY', Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]));
}
