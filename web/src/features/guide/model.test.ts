import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applicableMaterials } from '../../../../src/domain/case-process.ts';
import { demoItems } from '../../../../src/cli/demo-catalog.ts';
import { fromLicenceLibrary, isHeldByGovernment } from './model.ts';

test('the guide says 政府已有 only of what the intake supplies for everyone; a licence-library material only conditionally', () => {
  assert.equal(isHeldByGovernment({ source: 'shared_data' }), true);
  assert.equal(isHeldByGovernment({ source: 'licence' }), false, 'the library has it only for those who hold the licence');
  assert.equal(isHeldByGovernment({ source: 'applicant' }), false);
  assert.equal(fromLicenceLibrary({ source: 'licence', licenceType: '居民身份证' }), true);
  assert.equal(fromLicenceLibrary({ source: 'licence', licenceType: ' ' }), false, 'not linked to a licence type: nothing said');
  assert.equal(fromLicenceLibrary({ source: 'applicant', licenceType: null }), false);
  // 低保, 一般困难家庭: 婚姻登记信息 comes from shared data; 居民身份证 and 居民户口簿 from the library, for holders.
  const dibao = demoItems.find((i) => i.implementationCode === '370982-MZ-001')!;
  const materials = applicableMaterials(dibao, 'general');
  assert.deepEqual(
    materials.filter(isHeldByGovernment).map((m) => m.name),
    ['婚姻登记信息'],
  );
  assert.deepEqual(
    materials.filter(fromLicenceLibrary).map((m) => m.name),
    ['居民身份证', '居民户口簿'],
  );
});
