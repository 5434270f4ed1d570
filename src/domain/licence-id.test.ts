import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLicenceIdentifier, licenceIdentifier, mod3736CheckChar } from './licence-id.ts';

test('the MOD 37,36 check character completes the sum to 1 (the check of ISO/IEC 7064 hybrid systems)', () => {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const text of ['A12425GABC1234002', '11370982MB0285001K', '0', 'ZZZZ']) {
    const check = mod3736CheckChar(text);
    // Running the check character through the same steps must leave exactly 1 before the last doubling.
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
});

test('every single-character substitution in an identifier is detected', () => {
  const id = licenceIdentifier({ typeCode: '1.2.156.3005.2.11100000000013338W.001', issuerUscc: '11370982MB0285001K', serial: 42, version: 1 });
  assert.match(id, /^1\.2\.156\.3005\.2\.11100000000013338W\.001\.11370982MB0285001K\.00000042\.001\.[0-9A-Z]$/);
  assert.equal(isValidLicenceIdentifier(id), true);
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (let i = 0; i < id.length; i++) {
    if (id[i] === '.') continue;
    for (const c of alphabet) {
      if (c === id[i]) continue;
      assert.equal(isValidLicenceIdentifier(id.slice(0, i) + c + id.slice(i + 1)), false, `${i} → ${c}`);
    }
  }
});
