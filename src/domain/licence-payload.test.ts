import { test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { isValidLicenceIdentifier } from './licence-id.ts';
import { canonicalLicencePayload, issuedLicenceIdentifier, licenceTypeCode, parseLicencePayload, utf8Bytes, type LicencePayloadFields } from './licence-payload.ts';

const fields: LicencePayloadFields = {
  identifier: '1.2.156.3005.2.12345.11370982MB0285001K.00000001.001.X',
  licenceType: '食品经营许可证',
  holderName: '陈建红',
  holderRef: '370982********0523',
  issuer: '新泰市市场监督管理局',
  issuedOn: '2026-11-23',
  validUntil: null,
  caseNo: '370982-20261123-0001',
};

test('the payload is canonical JSON: keys sorted, no whitespace, null kept, key order of the input irrelevant', () => {
  const text = canonicalLicencePayload(fields);
  assert.equal(
    text,
    '{"caseNo":"370982-20261123-0001","holderName":"陈建红","holderRef":"370982********0523","identifier":"1.2.156.3005.2.12345.11370982MB0285001K.00000001.001.X",' +
      '"issuedOn":"2026-11-23","issuer":"新泰市市场监督管理局","licenceType":"食品经营许可证","validUntil":null}',
  );
  const reversed = Object.fromEntries(Object.entries(fields).reverse()) as unknown as LicencePayloadFields;
  assert.equal(canonicalLicencePayload(reversed), text);
  assert.equal(canonicalLicencePayload({ ...fields, extra: 'ignored' } as LicencePayloadFields), text);
  assert.deepEqual(JSON.parse(text), fields);
  assert.equal(canonicalLicencePayload({ ...fields, holderName: '陈 "建" 红' }).includes('"陈 \\"建\\" 红"'), true);
});

test('a payload reads back only when it has exactly the payload fields', () => {
  assert.deepEqual(parseLicencePayload(canonicalLicencePayload(fields)), fields);
  assert.equal(parseLicencePayload('not json'), undefined);
  assert.equal(parseLicencePayload('[]'), undefined);
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, extra: 1 })), undefined);
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, holderName: null })), undefined);
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, caseNo: null, validUntil: '2030-01-01' }))?.caseNo, null);
});

test('a type code is a five-digit arc under 1.2.156.3005.2, derived from the name alone', () => {
  const code = licenceTypeCode('食品经营许可证');
  assert.match(code, /^1\.2\.156\.3005\.2\.[1-9]\d{4}$/);
  assert.equal(licenceTypeCode(' 食品经营许可证 '), code, 'surrounding spaces do not count');
  assert.equal(licenceTypeCode('食品经营许可证'.normalize('NFD')), code);
  // Pinned: the code of a type must never change, or identifiers already issued would drift.
  assert.equal(code, '1.2.156.3005.2.35079');
  assert.equal(licenceTypeCode('营业执照'), '1.2.156.3005.2.42497');
  const digest = smCrypto.sm3(utf8Bytes('食品经营许可证'));
  assert.equal(code, `1.2.156.3005.2.${10000 + (Number.parseInt(digest.slice(0, 8), 16) % 90000)}`);
  const codes = new Set(['营业执照', '食品经营许可证', '卫生许可证', '排水许可证', '建筑工程施工许可证', '药品经营许可证'].map(licenceTypeCode));
  assert.equal(codes.size, 6);
  assert.throws(() => licenceTypeCode('  '), RangeError);
});

test('SM3 of text is taken over its UTF-8 bytes, characters beyond the BMP included', () => {
  // GB/T 32905 appendix A example 1: SM3("abc").
  assert.equal(smCrypto.sm3(utf8Bytes('abc')), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.deepEqual(utf8Bytes('𠀀'), [0xf0, 0xa0, 0x80, 0x80]);
});

test('an issued identifier has the GB/T 36904 form and a valid MOD 37,36 check character', () => {
  const id = issuedLicenceIdentifier({ licenceType: '食品经营许可证', issuerUscc: '11370982MB0285001K', serial: 7 });
  assert.match(id, /^1\.2\.156\.3005\.2\.\d{5}\.11370982MB0285001K\.00000007\.001\.[0-9A-Z]$/);
  assert.ok(id.startsWith(`${licenceTypeCode('食品经营许可证')}.`));
  assert.equal(isValidLicenceIdentifier(id), true);
  assert.throws(() => issuedLicenceIdentifier({ licenceType: 'x', issuerUscc: '11370982MB0285001K', serial: 100_000_000 }), RangeError);
  assert.throws(() => issuedLicenceIdentifier({ licenceType: 'x', issuerUscc: '11370982MB0285001K', serial: 0 }), RangeError);
});
