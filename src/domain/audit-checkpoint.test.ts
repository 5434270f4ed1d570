import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAgainstLog, checkpointText, describeFinding } from './audit-checkpoint.ts';

const hash = 'ab'.repeat(32);

test('the signed text names its format and holds every field in a fixed order', () => {
  assert.equal(checkpointText({ seq: '120', hash, at: new Date('2026-11-23T01:30:00Z'), keyId: 'sm2-0123456789abcdef' }), `onewindow.audit.checkpoint.v1|120|${hash}|2026-11-23T01:30:00.000Z|sm2-0123456789abcdef`);
});

test('a checkpoint past the end of the log means rows cut off; one at a row with another hash, a rewrite', () => {
  const checkpoint = { seq: '120', hash };
  assert.equal(checkAgainstLog(checkpoint, 'database', '130', hash), null);
  assert.deepEqual(checkAgainstLog(checkpoint, 'database', '100', undefined), { kind: 'rows_missing', source: 'database', seq: '120', headSeq: '100' });
  assert.deepEqual(checkAgainstLog(checkpoint, 'file', '130', undefined), { kind: 'row_missing', source: 'file', seq: '120' });
  assert.deepEqual(checkAgainstLog(checkpoint, 'file', '120', 'cd'.repeat(32)), { kind: 'hash_differs', source: 'file', seq: '120' });
  // An emptied log is a cut too.
  assert.deepEqual(checkAgainstLog(checkpoint, 'file', '0', undefined), { kind: 'rows_missing', source: 'file', seq: '120', headSeq: '0' });
});

test('a truncation is told by its missing rows, in Chinese and English', () => {
  assert.deepEqual(describeFinding({ kind: 'rows_missing', source: 'database', seq: '120', headSeq: '100' }), {
    zh: '审计日志被截断:数据库中的检查点记录到第 120 行,日志现只到第 100 行,第 101–120 行缺失',
    en: 'Audit log TRUNCATED: the database checkpoint anchors row 120 but the log ends at row 100; rows 101–120 are missing',
  });
  assert.match(describeFinding({ kind: 'rows_missing', source: 'file', seq: '2', headSeq: '1' }).en, /the exported checkpoint anchors row 2 .* row 2 is missing$/);
});
