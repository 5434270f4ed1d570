import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeUscc, isValidOrganisationCode, isValidUscc, newUscc, organisationCodeCheckChar, usccCheckChar } from './uscc.ts';

// Codes printed on public business licences and in the national enterprise credit publicity
// system (国家企业信用信息公示系统, gsxt.gov.cn): 华为技术有限公司 914403001922038216,
// 阿里巴巴(中国)有限公司 91330100799655058B, 国家电网有限公司 9111000071093123XX.
const published = ['914403001922038216', '91330100799655058B', '9111000071093123XX'];

test('accepts published USCCs and rejects a wrong check character', () => {
  for (const code of published) assert.equal(isValidUscc(code), true, code);
  assert.equal(isValidUscc('91350100M000100Y43'), true);
  assert.equal(isValidUscc('911100001000080343'), true);
  assert.equal(isValidUscc('91350100M000100Y44'), false);
  assert.equal(isValidUscc('914403001922038217'), false);
});

test('rejects letters outside the GB 32100 alphabet and wrong lengths', () => {
  assert.equal(isValidUscc('91350100M000100I43'), false);
  assert.equal(isValidUscc('91350100M000100Y4'), false);
  assert.equal(usccCheckChar('91350100M000100Y'), undefined);
});

test('the organisation code inside a published USCC carries a valid GB 11714 check character', () => {
  for (const code of published) assert.equal(isValidOrganisationCode(code.slice(8, 17)), true, code);
  assert.equal(organisationCodeCheckChar('19220382'), '1');
  assert.equal(organisationCodeCheckChar('79965505'), '8');
  assert.equal(organisationCodeCheckChar('71093123'), 'X');
  assert.equal(isValidOrganisationCode('192203822'), false);
  assert.equal(organisationCodeCheckChar('1922038'), undefined);
});

test('composes a published USCC from its parts', () => {
  assert.equal(composeUscc('company', '440300', '19220382'), '914403001922038216');
  assert.equal(composeUscc('company', '330100', '79965505'), '91330100799655058B');
  assert.throws(() => composeUscc('company', '37098', '19220382'), RangeError);
  assert.throws(() => composeUscc('company', '370982', 'MAI00000'), RangeError);
});

test('a new company code starts 91 + the region, has both check characters right, and differs draw by draw', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const codes = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const code = newUscc('company', '370982', random);
    assert.match(code, /^91370982MA[0-9A-HJ-NPQRTUWXY]{6}[0-9X][0-9A-HJ-NPQRTUWXY]$/);
    assert.equal(isValidUscc(code), true, code);
    assert.equal(isValidOrganisationCode(code.slice(8, 17)), true, code);
    codes.add(code);
  }
  assert.ok(codes.size > 190);
  assert.match(newUscc('privateNonEnterprise', '370982', random), /^52370982MA/);
});
