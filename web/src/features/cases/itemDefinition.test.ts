import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formRows, versionInForce } from './itemDefinition.ts';

test('a case is read against the version published when it was received', () => {
  const versions = [
    { version: 1, publishedAt: '2026-01-01T00:00:00.000Z' },
    { version: 3, publishedAt: null },
    { version: 2, publishedAt: '2026-06-01T00:00:00.000Z' },
  ];
  assert.equal(versionInForce(versions, '2026-03-01T08:00:00.000Z'), 1);
  assert.equal(versionInForce(versions, '2026-06-01T00:00:00.000Z'), 2);
  assert.equal(versionInForce(versions, '2027-01-01T00:00:00.000Z'), 2);
  // Received before any publication the clocks know of: the first published version.
  assert.equal(versionInForce(versions, '2025-12-31T00:00:00.000Z'), 1);
  assert.equal(versionInForce([{ version: 1, publishedAt: null }], '2026-01-01T00:00:00.000Z'), undefined);
});

test('the form reads in the order of its definition, under its labels, blanks and unknown keys included', () => {
  const rows = formRows({ uscc: '91370982MA3C4D5E6F', phone: '13905381111', id_number: '370982********1017', applicant_name: '王建国', household_size: 3 }, [
    { key: 'applicant_name', label: '申请人姓名', type: 'text' },
    { key: 'id_number', label: '身份证号码', type: 'id_number' },
    { key: 'phone', label: '联系电话', type: 'phone' },
    { key: 'household_size', label: '家庭人口', type: 'number' },
    { key: 'application_reason', label: '申请理由', type: 'textarea' },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.label, r.value, r.wide]),
    [
      ['申请人姓名', '王建国', false],
      ['身份证号码', '370982********1017', false],
      ['联系电话', '13905381111', false],
      ['家庭人口', '3', false],
      ['申请理由', '', true],
      ['uscc', '91370982MA3C4D5E6F', false],
    ],
  );
});
