import { test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { isValidLicenceIdentifier } from './licence-id.ts';
import { canonicalLicencePayload, issuedLicenceIdentifier, parseLicencePayload, utf8Bytes, validUntilFor, type LicencePayloadFields } from './licence-payload.ts';

const fields: LicencePayloadFields = {
  identifier: '1.2.156.3005.2.11100000MB0143028R017.11370982MB0285001K.2026048213775901.001.X',
  licenceType: '食品经营许可证',
  licenceTypeCode: '11100000MB0143028R017',
  holderName: '新泰市鲁味轩餐饮有限公司',
  holderRef: '91370982MA3C8K2X1B',
  issuer: '新泰市市场监督管理局',
  issuerUscc: '11370982MB0285001K',
  issuedOn: '2026-11-23',
  validUntil: '2031-11-22',
  caseNo: '370982-20261123-0001',
  version: 1,
  replaces: null,
};

test('the payload is canonical JSON: keys sorted, no whitespace, null kept, key order of the input irrelevant', () => {
  const text = canonicalLicencePayload(fields);
  assert.equal(
    text,
    '{"caseNo":"370982-20261123-0001","holderName":"新泰市鲁味轩餐饮有限公司","holderRef":"91370982MA3C8K2X1B",' +
      '"identifier":"1.2.156.3005.2.11100000MB0143028R017.11370982MB0285001K.2026048213775901.001.X","issuedOn":"2026-11-23",' +
      '"issuer":"新泰市市场监督管理局","issuerUscc":"11370982MB0285001K","licenceType":"食品经营许可证","licenceTypeCode":"11100000MB0143028R017",' +
      '"replaces":null,"validUntil":"2031-11-22","version":1}',
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
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, version: '1' })), undefined);
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, version: 0 })), undefined);
  assert.equal(parseLicencePayload(JSON.stringify({ ...fields, caseNo: null, validUntil: null }))?.caseNo, null);
  const { licenceTypeCode: _code, issuerUscc: _uscc, version: _version, replaces: _replaces, ...before } = fields;
  assert.equal(parseLicencePayload(JSON.stringify(before)), undefined, 'a payload of the form before issue 11 is not read');
});

test('SM3 of text is taken over its UTF-8 bytes, characters beyond the BMP included', () => {
  // GB/T 32905 appendix A example 1: SM3("abc").
  assert.equal(smCrypto.sm3(utf8Bytes('abc')), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.deepEqual(utf8Bytes('𠀀'), [0xf0, 0xa0, 0x80, 0x80]);
});

test('an issued identifier has the GB/T 36904 form and a valid MOD 37,36 check character', () => {
  const id = issuedLicenceIdentifier({ licenceTypeCode: '11100000MB0143028R017', issuerUscc: '11370982MB0285001K', serial: '2026048213775901' });
  assert.match(id, /^1\.2\.156\.3005\.2\.11100000MB0143028R017\.11370982MB0285001K\.2026048213775901\.001\.[0-9A-Z]$/);
  assert.equal(isValidLicenceIdentifier(id), true);
  const next = issuedLicenceIdentifier({ licenceTypeCode: '11100000MB0143028R017', issuerUscc: '11370982MB0285001K', serial: '2026048213775901', version: 2 });
  assert.equal(next.slice(0, -6), id.slice(0, -6), 'a new version keeps everything before the version');
  assert.match(next, /\.002\.[0-9A-Z]$/);
  assert.throws(() => issuedLicenceIdentifier({ licenceTypeCode: '35079', issuerUscc: '11370982MB0285001K', serial: '1' }), RangeError);
});

test("validity: the same date the type's years later, less one day; null years is 长期", () => {
  assert.equal(validUntilFor('2026-11-23', 5), '2031-11-22');
  assert.equal(validUntilFor('2026-01-01', 1), '2026-12-31');
  assert.equal(validUntilFor('2028-02-29', 5), '2033-02-28', 'a licence of 29 February ends on 28 February');
  assert.equal(validUntilFor('2028-03-01', 4), '2032-02-29');
  assert.equal(validUntilFor('2026-11-23', null), null);
  assert.throws(() => validUntilFor('2026-11-23', 0), RangeError);
});
