import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coveredByLicences, prefillForm } from './profile.ts';
import type { FormField, MaterialRequirement } from './catalog.ts';

const fields: FormField[] = [
  { key: 'applicant_name', label: '申请人姓名', type: 'text', required: true, profileField: 'name' },
  { key: 'id_number', label: '身份证号码', type: 'id_number', required: true, profileField: 'idNumber' },
  { key: 'org_name', label: '单位名称', type: 'text', required: false, profileField: 'orgName' },
  { key: 'family_size', label: '家庭人口', type: 'number', required: true },
];

test('the profile fills what it holds and leaves the rest to the applicant', () => {
  const values = prefillForm(fields, { kind: 'person', name: '陈建红', idNumber: '11010519491231002X', phone: '13800000000', address: '翟镇史家庄村' });
  assert.deepEqual(values, { applicant_name: '陈建红', id_number: '11010519491231002X' });
});

test('an organisation fills its name and, for a person field, its legal representative', () => {
  const values = prefillForm(fields, { kind: 'organisation', name: '新泰市康乐养老服务中心', uscc: '52370982MJD123456X', legalRepresentative: '王建国', phone: '', address: '' });
  assert.deepEqual(values, { applicant_name: '王建国', org_name: '新泰市康乐养老服务中心' });
});

test('a material sourced from a licence the applicant holds is covered; others are not', () => {
  const material = (key: string, licenceType: string | null, source: MaterialRequirement['source']): MaterialRequirement => ({
    key,
    name: key,
    scenarios: [],
    required: true,
    deferrable: false,
    deferrableUntil: null,
    originals: 1,
    copies: 0,
    source,
    licenceType,
    notes: '',
  });
  const covered = coveredByLicences([material('id_card', '居民身份证', 'licence'), material('household', '居民户口簿', 'licence'), material('form', null, 'applicant')], new Set(['居民身份证']));
  assert.deepEqual([...covered], ['id_card']);
});
