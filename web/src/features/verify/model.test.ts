import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identifierFromInput, reasonText, type VerificationReason } from './model.ts';

const id = '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S';

test('an identifier typed or pasted: spaces and line breaks out, a whole address reduced to its identifier', () => {
  assert.equal(identifierFromInput(`  ${id}\n`), id);
  assert.equal(identifierFromInput('1.2.156.3005.2.11100000000013338W011.\n11430000006122244L.2023000 0403.002.S'), id, 'broken over lines by a PDF or a chat');
  assert.equal(identifierFromInput(`https://zwfw.example.gov.cn/verify/${id}`), id);
  assert.equal(identifierFromInput(`http://127.0.0.1:8080/verify/${encodeURIComponent(id)}?from=qr#top`), id);
  assert.equal(identifierFromInput(id.toLowerCase()), id, 'letters in either case');
  assert.equal(identifierFromInput('1。2。156'), '1.2.156', 'a full-width stop typed by a Chinese keyboard');
  assert.equal(identifierFromInput(' \n '), '');
});

test('every reason of the verification answer has words in both languages', () => {
  const reasons: VerificationReason[] = ['ok', 'not_found', 'bad_signature', 'tampered', 'revoked', 'expired', 'superseded', 'key_compromised'];
  for (const reason of reasons) assert.ok(reasonText[reason].zh && reasonText[reason].en, reason);
});
