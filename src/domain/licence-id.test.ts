import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLicenceIdentifier, licenceIdentifier, mod3736CheckChar, parseLicenceIdentifier } from './licence-id.ts';

/**
 * Identifiers of real licences, as public GitHub code quotes them (found with the code index's
 * exact-string search for `1.2.156.3005.2.1`; the index gave file ids, not repository paths):
 * - `…W011.11430000006122244L.20230000403.002.S`: a C# request model (`AcceptData.zzeCertID`)
 *   whose doc comment quotes 《全国一体化政务服务平台 电子证照 建筑施工企业安全生产管理人员考核合格证书》
 *   appendix A.2 as the rule and this as its example (index file 52165956168; the same text in 52366588166);
 * - `…W011.11430000006122244L.20230000403.001.U`: the same certificate's previous version, quoted
 *   by the same project's `associatedZzeCertID` (关联证照标识, for 变更/延续) comment (index file 52155910804):
 *   a change keeps the serial, raises the version, and gets a new check character;
 * - `…W032.11220000013544541J.2430599.001.F`: a 建筑施工特种作业人员操作资格证书 of Jilin, sample row of a
 *   `certificate_identifier` (电子证照标识) column in a Solidity struct (index file 6451601412);
 * - `…W009.11330105002500287C.2025052201.002.0`: the file name of an OFD licence served by
 *   tzxm.zjzwfw.gov.cn (Zhejiang's investment project platform), quoted in a README (index file 16266310901);
 * - `…11100000MB03271699022.340100.000000016.001.9`: a Hefei e-licence code in a Java test stub
 *   (index file 27283832573); its issuer part is a region code (340100), not a USCC.
 * Every one checks with MOD 37,36 over what follows `1.2.156.3005.2.`; none with the root included.
 */
const real = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
  '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
];

/**
 * Found the same way, and wrong: a made-up example in a project's docs
 * (`…W050.91610800064834709T.2023000001.001.X`) and one whose serial is a hex digest
 * (`…13661B006.113700000045046442.209FA4E8….001.M`, truncated where found). Neither checks by any
 * rule; they are here so that a check that accepts anything fails.
 */
const notChecking = ['1.2.156.3005.2.11100000000013338W050.91610800064834709T.2023000001.001.X'];

test('real identifiers check: MOD 37,36 over the characters after the root, dots left out', () => {
  for (const id of real) {
    assert.equal(isValidLicenceIdentifier(id), true, id);
    const body = id.slice(0, id.lastIndexOf('.'));
    assert.equal(mod3736CheckChar(body.slice('1.2.156.3005.2.'.length).replaceAll('.', '')), id.at(-1), id);
    // The rule this code used to follow (root included) gives another character for every one of them.
    assert.notEqual(mod3736CheckChar(body.replaceAll('.', '')), id.at(-1), id);
  }
  for (const id of notChecking) assert.equal(isValidLicenceIdentifier(id), false, id);
});

test('building a real identifier from its parts gives it back, check character included', () => {
  assert.equal(licenceIdentifier({ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '20230000403', version: 2 }), real[0]);
  assert.equal(licenceIdentifier({ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '20230000403', version: 1 }), real[1]);
  assert.equal(licenceIdentifier({ typeCode: '11100000000013338W032', issuerUscc: '11220000013544541J', serial: '2430599', version: 1 }), real[2]);
  assert.equal(licenceIdentifier({ typeCode: '11100000000013338W009', issuerUscc: '11330105002500287C', serial: '2025052201', version: 2 }), real[3]);
  assert.deepEqual(parseLicenceIdentifier(real[0]!), { typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '20230000403', version: 2 });
  assert.equal(parseLicenceIdentifier(real[4]!), undefined, 'a region code where the issuer USCC goes is not a form this platform issues');
  assert.throws(() => licenceIdentifier({ typeCode: '35079', issuerUscc: '11430000006122244L', serial: '1', version: 1 }), RangeError);
  assert.throws(() => licenceIdentifier({ typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', serial: '1', version: 1000 }), RangeError);
});

test('the MOD 37,36 check character completes the sum to 1 (the check of ISO/IEC 7064 hybrid systems)', () => {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const text of ['A12425GABC1234002', '11370982MB0285001K', '0', 'ZZZZ']) {
    const check = mod3736CheckChar(text);
    let p = 36;
    let last = 0;
    for (const char of text + check) {
      let s = (p + alphabet.indexOf(char)) % 36;
      if (s === 0) s = 36;
      last = s;
      p = (s * 2) % 37;
    }
    assert.equal(last, 1, text);
  }
  // ISO/IEC 7064's own example for MOD 37,36.
  assert.equal(mod3736CheckChar('A12425GABC1234002'), 'M');
});

test('every single-character substitution after the root is detected', () => {
  const id = licenceIdentifier({ typeCode: '11100000000013338W011', issuerUscc: '11370982MB0285001K', serial: '2026123456789012', version: 1 });
  assert.match(id, /^1\.2\.156\.3005\.2\.11100000000013338W011\.11370982MB0285001K\.2026123456789012\.001\.[0-9A-Z]$/);
  assert.equal(isValidLicenceIdentifier(id), true);
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let i = '1.2.156.3005.2.'.length; i < id.length; i++) {
    if (id[i] === '.') continue;
    for (const c of alphabet) {
      if (c === id[i]) continue;
      assert.equal(isValidLicenceIdentifier(id.slice(0, i) + c + id.slice(i + 1)), false, `${i} → ${c}`);
    }
  }
  assert.equal(isValidLicenceIdentifier(id.replace('1.2.156.3005.2.', '1.2.156.3005.3.')), false, 'another root is not an e-licence');
});
