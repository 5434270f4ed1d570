/**
 * SM2 sign and verify throughput: sm-crypto (the library we used before) against ours
 * (src/domain/sm2.ts on @noble/curves), side by side in one process, same messages, same machine.
 *
 *   node bench/sm2.bench.ts [--rounds 5] [--seconds 2]
 *
 * Rounds alternate sm-crypto → ours so drift hits both alike; we quote the median operations per
 * second of each and their ratio. Ours must reach 30× sm-crypto on both (issue 11); the exit code
 * says whether it did. Each signature is checked by the other library before timing starts.
 */
import { parseArgs } from 'node:util';
import smCrypto from 'sm-crypto';
import { sm2 } from '../src/domain/sm2.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '2' } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const required = 30;

const pair = sm2.generateKeyPair();
// A licence-sized payload (canonical JSON of about 330 bytes, Chinese text).
const text = JSON.stringify({
  caseNo: '370982-20261123-0001',
  holderName: '陈建红',
  holderRef: '370982********0523',
  identifier: '1.2.156.3005.2.11100000000013338W011.11370982MB0285001K.20260000123.001.S',
  issuedOn: '2026-11-23',
  issuer: '新泰市市场监督管理局',
  licenceType: '食品经营许可证',
  validUntil: '2031-11-22',
});
const bytes = Buffer.from(text, 'utf8');
const byteArray = Array.from(bytes);
const options = { hash: true, der: true } as const;
const theirSignature = smCrypto.sm2.doSignature(byteArray, pair.privateKey, { ...options, publicKey: pair.publicKey });
const ourSignature = sm2.sign(bytes, pair.privateKey, { publicKey: pair.publicKey });
if (!sm2.verify(bytes, Buffer.from(theirSignature, 'hex'), pair.publicKey)) throw new Error('ours does not verify sm-crypto');
if (!smCrypto.sm2.doVerifySignature(byteArray, ourSignature.toString('hex'), pair.publicKey, options)) throw new Error('sm-crypto does not verify ours');

/** Operations per second of `op` run for `seconds`. */
function rate(op: () => unknown): number {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < until) {
    op();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const cases = {
  'sm-crypto sign': () => smCrypto.sm2.doSignature(byteArray, pair.privateKey, { ...options, publicKey: pair.publicKey }),
  'ours sign': () => sm2.sign(bytes, pair.privateKey, { publicKey: pair.publicKey }),
  'sm-crypto verify': () => smCrypto.sm2.doVerifySignature(byteArray, theirSignature, pair.publicKey, options),
  'ours verify': () => sm2.verify(bytes, ourSignature, pair.publicKey),
};
type Case = keyof typeof cases;
const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<Case, number[]>;

console.log(`SM2 benchmark — ${rounds} rounds × ${seconds} s per case, ${bytes.length}-byte payload, Node ${process.version}`);
for (const op of Object.values(cases)) rate(op); // warm-up (JIT, our key's precomputed tables)
for (let round = 1; round <= rounds; round++) {
  const line: string[] = [];
  for (const [name, op] of Object.entries(cases) as [Case, () => unknown][]) {
    const r = rate(op);
    runs[name].push(r);
    line.push(`${name} ${r.toFixed(0)}/s`);
  }
  console.log(`  round ${round}/${rounds}: ${line.join(' · ')}`);
}

const med = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<Case, number>;
const signRatio = med['ours sign'] / med['sm-crypto sign'];
const verifyRatio = med['ours verify'] / med['sm-crypto verify'];
console.log('\nmedian operations per second:');
console.log(`            sm-crypto      ours     ratio`);
console.log(`  sign   ${med['sm-crypto sign'].toFixed(0).padStart(10)} ${med['ours sign'].toFixed(0).padStart(9)} ${signRatio.toFixed(1).padStart(8)}×`);
console.log(`  verify ${med['sm-crypto verify'].toFixed(0).padStart(10)} ${med['ours verify'].toFixed(0).padStart(9)} ${verifyRatio.toFixed(1).padStart(8)}×`);
const ok = signRatio >= required && verifyRatio >= required;
console.log(ok ? `\nboth at least ${required}× sm-crypto` : `\nNOT at least ${required}× sm-crypto on both`);
if (!ok) process.exitCode = 1;
