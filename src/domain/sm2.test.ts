import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import smCrypto from 'sm-crypto';
import { createSm2, decodeSignatureDer, encodeSignatureDer, privateKeyToPem, publicKeyFromPem, publicKeyToPem, sm2, sm3 } from './sm2.ts';

/*
 * GB/T 32918.2-2016 Annex A.2 (the example curve and signature). Checked against OpenSSL's
 * test/sm2_internal_test.c (sm2_sig_test: curve, d, k, r, s, ALICE123@YAHOO.COM, 'message digest')
 * and GmSSL's SM2 test (public key xA/yA, Z_A and e).
 */
const annexCurve = createSm2({
  p: 0x8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3n,
  a: 0x787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498n,
  b: 0x63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249an,
  Gx: 0x421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43dn,
  Gy: 0x0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2n,
  n: 0x8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7n,
});
const annex = {
  userId: 'ALICE123@YAHOO.COM',
  message: Buffer.from('message digest'),
  d: '128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263',
  publicKey: '04' + '0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A' + '7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857',
  z: 'F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A',
  e: 'B524F552CD82B8B028476E005C377FB19A87E6FC682D48BB5D42E3D9B9EFFE76',
  k: 0x6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96fn,
  r: 0x40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1n,
  s: 0x6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7n,
};

test('GB/T 32918.2 Annex A: public key, Z, e and the signature (r, s) of the example', () => {
  const publicKey = annexCurve.publicKeyOf(annex.d);
  assert.equal(publicKey, annex.publicKey.toLowerCase());
  const z = annexCurve.z(publicKey, annex.userId);
  assert.equal(z.toString('hex').toUpperCase(), annex.z);
  assert.equal(sm3(z, annex.message).toString('hex').toUpperCase(), annex.e);
  const signature = annexCurve.signRaw(annex.message, annex.d, { userId: annex.userId, k: annex.k });
  assert.deepEqual(signature, { r: annex.r, s: annex.s });
  assert.equal(annexCurve.verify(annex.message, signature, publicKey, { userId: annex.userId }), true);
  assert.equal(annexCurve.verify(annex.message, { r: annex.r, s: annex.s + 1n }, publicKey, { userId: annex.userId }), false);
  assert.equal(annexCurve.verify(annex.message, signature, publicKey, { userId: 'BILL456@YAHOO.COM' }), false);
  assert.equal(annexCurve.verify(Buffer.from('message digesT'), signature, publicKey, { userId: annex.userId }), false);
});

test('SM3 of the GB/T 32905 example "abc"', () => {
  assert.equal(sm3(Buffer.from('abc')).toString('hex'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
});

test('signatures are strict DER SEQUENCE { r, s }; anything else verifies false, never throws', () => {
  const { privateKey, publicKey } = sm2.generateKeyPair();
  const message = Buffer.from('电子证照 𠀀', 'utf8');
  const der = sm2.sign(message, privateKey);
  assert.equal(der[0], 0x30);
  assert.deepEqual(encodeSignatureDer(decodeSignatureDer(der)), der);
  assert.equal(sm2.verify(message, der, publicKey), true);
  const longForm = Buffer.concat([Buffer.from([0x30, 0x81, der[1]!]), der.subarray(2)]);
  assert.equal(sm2.verify(message, longForm, publicKey), false);
  assert.equal(sm2.verify(message, Buffer.concat([der, Buffer.from([0])]), publicKey), false);
  assert.equal(sm2.verify(message, Buffer.from('3006020100020100', 'hex'), publicKey), false);
  assert.equal(sm2.verify(message, der, `04${'00'.repeat(64)}`), false);
  assert.equal(sm2.verify(message, der, 'not a key'), false);
  assert.equal(sm2.verify(message, der, sm2.generateKeyPair().publicKey), false);
});

test('interoperates with sm-crypto both ways (SM3 with Z of the default id, DER)', () => {
  const options = { hash: true, der: true } as const;
  for (let i = 0; i < 3; i++) {
    const { privateKey, publicKey } = sm2.generateKeyPair();
    assert.equal((smCrypto.sm2 as unknown as { getPublicKeyFromPrivateKey(key: string): string }).getPublicKeyFromPrivateKey(privateKey), publicKey);
    const message = Buffer.from(`{"n":${i},"name":"陈建红"}`, 'utf8');
    const ours = sm2.sign(message, privateKey).toString('hex');
    assert.equal(smCrypto.sm2.doVerifySignature(Array.from(message), ours, publicKey, options), true);
    const theirs = smCrypto.sm2.doSignature(Array.from(message), privateKey, options);
    assert.equal(sm2.verify(message, Buffer.from(theirs, 'hex'), publicKey), true);
    assert.equal(sm2.verify(Buffer.concat([message, Buffer.from(' ')]), Buffer.from(theirs, 'hex'), publicKey), false);
  }
  const pair = smCrypto.sm2.generateKeyPairHex();
  assert.equal(sm2.publicKeyOf(pair.privateKey), pair.publicKey);
});

test('the public key PEM is an SM2 SubjectPublicKeyInfo and reads back', () => {
  const { publicKey } = sm2.generateKeyPair();
  const pem = publicKeyToPem(publicKey);
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE/);
  assert.equal(publicKeyFromPem(pem), publicKey);
  assert.throws(() => publicKeyFromPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'));
});

const openssl = '/usr/bin/openssl';

test('interoperates with the openssl CLI both ways (SM3, distid 1234567812345678)', (t) => {
  if (!existsSync(openssl)) {
    t.skip(`${openssl} is missing: the openssl interoperability test did not run`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sm2-openssl-'));
  try {
    const { privateKey, publicKey } = sm2.generateKeyPair();
    const file = (name: string) => join(dir, name);
    writeFileSync(file('pub.pem'), publicKeyToPem(publicKey));
    writeFileSync(file('key.pem'), privateKeyToPem(privateKey, publicKey));
    const payload = Buffer.from('{"holderName":"陈建红","identifier":"1.2.156.3005.2"}', 'utf8');
    writeFileSync(file('payload'), payload);
    writeFileSync(file('sig.der'), sm2.sign(payload, privateKey));
    const verify = (payloadFile: string) => {
      try {
        return execFileSync(openssl, ['dgst', '-sm3', '-verify', file('pub.pem'), '-signature', file('sig.der'), '-sigopt', 'distid:1234567812345678', payloadFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    };
    assert.equal(verify(file('payload')).trim(), 'Verified OK');
    const changed = Buffer.from(payload);
    changed[5]! ^= 0x01;
    writeFileSync(file('changed'), changed);
    assert.equal(verify(file('changed')).trim(), 'Verification failure');
    // pkeyutl says it its own way
    const pkeyutl = execFileSync(openssl, ['pkeyutl', '-verify', '-pubin', '-inkey', file('pub.pem'), '-rawin', '-digest', 'sm3', '-in', file('payload'), '-sigfile', file('sig.der'), '-pkeyopt', 'distid:1234567812345678'], {
      encoding: 'utf8',
    });
    assert.match(pkeyutl, /Signature Verified Successfully/);

    execFileSync(openssl, ['dgst', '-sm3', '-sign', file('key.pem'), '-sigopt', 'distid:1234567812345678', '-out', file('openssl.der'), file('payload')]);
    const fromOpenssl = readFileSync(file('openssl.der'));
    assert.equal(sm2.verify(payload, fromOpenssl, publicKey), true);
    assert.equal(sm2.verify(changed, fromOpenssl, publicKey), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('k·G of the signing comb (complete formula for a = −3) matches the library for edge and random k', () => {
  const { privateKey, publicKey } = sm2.generateKeyPair();
  const message = Buffer.from('一窗通 e-licence');
  const e = BigInt(`0x${sm3(sm2.z(publicKey), message).toString('hex')}`);
  const { n, Gx, Gy, p, a, b } = sm2.curve;
  const Point = weierstrass({ p, n, h: 1n, a, b, Gx, Gy });
  const edges = [1n, 2n, 3n, 255n, 256n, 257n, 65535n, 65536n, 1n << 128n, (1n << 248n) - 1n, 1n << 248n, 255n << 248n, n - 3n, n - 2n];
  const randoms = Array.from({ length: 40 }, () => (BigInt(`0x${randomBytes(32).toString('hex')}`) % (n - 3n)) + 1n);
  for (const k of [...edges, ...randoms]) {
    const x1 = Point.BASE.multiply(k).toAffine().x;
    const r = (e + x1) % n;
    if (r === 0n || r + k === n) continue; // the rare k a signer must skip
    assert.equal(sm2.signRaw(message, privateKey, { publicKey, k }).r, r, `k = ${k.toString(16)}`);
  }
});

test('a key verified again uses its own comb table and still tells good signatures from bad ones', () => {
  const { privateKey, publicKey } = sm2.generateKeyPair();
  const messages = Array.from({ length: 6 }, (_, i) => Buffer.from(`licence ${i} 一窗通`));
  const signatures = messages.map((m) => sm2.sign(m, privateKey, { publicKey }));
  for (let round = 0; round < 2; round++) {
    messages.forEach((m, i) => {
      assert.equal(sm2.verify(m, signatures[i]!, publicKey), true, `round ${round}, message ${i}`);
      assert.equal(sm2.verify(m, signatures[(i + 1) % messages.length]!, publicKey), false, 'another message’s signature');
      const { r, s } = decodeSignatureDer(signatures[i]!);
      assert.equal(sm2.verify(m, { r, s: s ^ 1n }, publicKey), false, 'one bit of s changed');
      assert.equal(smCrypto.sm2.doVerifySignature(Array.from(m), signatures[i]!.toString('hex'), publicKey, { hash: true, der: true }), true, 'sm-crypto agrees');
    });
  }
});
