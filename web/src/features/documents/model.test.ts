import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseActions } from '../../../../src/domain/case-lifecycle.ts';
import { actionLabel } from './actionLabels.ts';
import { addCalendarDays, chinaDay, chineseDate, documentPaths, isNoticeKind, latestNotice, officialDate, printableKinds, progressQueryUrl, type CaseNotice } from './model.ts';

test('dates are written as official documents write them', () => {
  assert.equal(officialDate('2026-11-22'), '二〇二六年十一月二十二日');
  assert.equal(officialDate('2030-10-10'), '二〇三〇年十月十日');
  assert.equal(officialDate('2026-01-31'), '二〇二六年一月三十一日');
  assert.equal(chineseDate('2026-12-01'), '2026年12月1日');
  assert.equal(chineseDate(null), '');
});

test('days are China days, whatever the reader’s clock', () => {
  assert.equal(chinaDay('2026-11-21T17:00:00Z'), '2026-11-22');
  assert.equal(chinaDay('2026-11-21T15:59:59Z'), '2026-11-21');
  assert.equal(addCalendarDays('2026-12-29', 5), '2027-01-03');
});

test('every step of the log has Chinese and English words; unknown steps show as they are', () => {
  for (const action of Object.keys(caseActions)) {
    const label = actionLabel(action);
    assert.notEqual(label.zh, action, action);
    assert.notEqual(label.en, action, action);
  }
  assert.deepEqual(actionLabel('receive'), { zh: '收件', en: 'Received' });
  assert.deepEqual(actionLabel('constructor'), { zh: 'constructor', en: 'constructor' });
});

test('notices are printed in hand-over order, and links carry the case number only', () => {
  const notice = (kind: CaseNotice['kind'], issuedAt: string): CaseNotice => ({ id: kind + issuedAt, kind, content: {}, issuedAt });
  const notices = [notice('deferred', '2026-11-22T01:00:00Z'), notice('acceptance', '2026-11-22T01:00:00Z')];
  assert.deepEqual(printableKinds(notices), ['acceptance', 'deferred']);
  assert.equal(latestNotice([notice('correction', '2026-11-20T00:00:00Z'), notice('correction', '2026-11-21T00:00:00Z')], 'correction')?.issuedAt, '2026-11-21T00:00:00Z');
  assert.equal(isNoticeKind('refusal'), true);
  assert.equal(isNoticeKind('licence'), false);
  assert.equal(documentPaths.print('c1', 'acceptance'), '/cases/c1/print/acceptance');
  assert.equal(progressQueryUrl('370982 001', 'https://hall.example'), 'https://hall.example/query?caseNo=370982%20001');
});
