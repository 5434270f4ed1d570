import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBundle, registrationOf, type BundleMember } from './bundle.ts';
import type { MaterialRequirement } from './catalog.ts';

const material = (key: string, name: string, extra: Partial<MaterialRequirement> = {}): MaterialRequirement => ({
  key,
  name,
  scenarios: [],
  required: true,
  deferrable: false,
  deferrableUntil: null,
  originals: 1,
  copies: 0,
  source: 'applicant',
  licenceType: null,
  notes: '',
  ...extra,
});

const registration: BundleMember = {
  implementationCode: 'A',
  name: '企业设立登记',
  formFields: [
    { key: 'org_name', label: '企业名称', type: 'text', required: true, profileField: 'orgName' },
    { key: 'phone', label: '联系电话', type: 'phone', required: false, profileField: 'phone' },
  ],
  materials: [material('id_card', '居民身份证', { source: 'licence', licenceType: '居民身份证' }), material('lease', '场所租赁合同', { deferrable: true, deferrableUntil: 'issuance', copies: 1 })],
};
const foodLicence: BundleMember = {
  implementationCode: 'B',
  name: '食品经营许可',
  formFields: [
    { key: 'org_name', label: '经营者名称', type: 'text', required: true },
    { key: 'phone', label: '联系电话', type: 'phone', required: true },
    { key: 'food_types', label: '经营项目', type: 'textarea', required: true },
  ],
  materials: [material('id_card', '居民身份证', { source: 'licence', licenceType: '居民身份证' }), material('lease', '场所租赁合同', { deferrable: true, deferrableUntil: 'decision', copies: 2 }), material('layout', '经营场所平面图')],
};

test('a field or material two items need is asked once, and the saving is counted', () => {
  const merged = mergeBundle([registration, foodLicence]);
  assert.deepEqual(
    merged.formFields.map((f) => f.key),
    ['org_name', 'phone', 'food_types'],
  );
  assert.deepEqual(
    merged.materials.map((m) => m.key),
    ['id_card', 'lease', 'layout'],
  );
  assert.deepEqual(merged.saved, { formFields: 2, materials: 2 });
  assert.deepEqual(merged.separately, { formFields: 5, materials: 5 });
  assert.deepEqual(merged.materials[0]!.neededBy, ['A', 'B']);
});

test('the merged requirement is the strictest of the members', () => {
  const merged = mergeBundle([registration, foodLicence]);
  assert.equal(merged.formFields.find((f) => f.key === 'phone')!.required, true);
  const lease = merged.materials.find((m) => m.key === 'lease')!;
  assert.equal(lease.deferrable, true);
  assert.equal(lease.deferrableUntil, 'decision', 'due before the earlier of the two');
  assert.equal(lease.copies, 2);
  const strict = mergeBundle([registration, { ...foodLicence, materials: [material('lease', '场所租赁合同')] }]);
  assert.equal(strict.materials.find((m) => m.key === 'lease')!.deferrable, false);
  assert.equal(strict.materials.find((m) => m.key === 'lease')!.deferrableUntil, null);
});

test('scenario codes stay with the item they belong to', () => {
  const withScenario: BundleMember = { ...foodLicence, materials: [material('layout', '经营场所平面图', { scenarios: ['new'] })] };
  const merged = mergeBundle([registration, withScenario]);
  const layout = merged.materials.find((m) => m.key === 'layout')!;
  assert.deepEqual(layout.scenarios, []);
  assert.deepEqual(layout.scenariosByItem, { B: ['new'] });
});

test('a bundle that registers a business does not ask for the USCC or the 营业执照 it creates', () => {
  const usccField = { key: 'uscc', label: '统一社会信用代码', type: 'uscc' as const, required: true, profileField: 'uscc' as const };
  const businessLicence = material('business_licence', '营业执照', { source: 'licence', licenceType: '营业执照' });
  const registering: BundleMember = { ...registration, resultName: '营业执照(含电子营业执照)', resultKind: 'licence' };
  const food: BundleMember = { ...foodLicence, formFields: [...foodLicence.formFields, usccField], materials: [...foodLicence.materials, businessLicence], resultName: '食品经营许可证', resultKind: 'licence' };
  const merged = mergeBundle([registering, food]);
  assert.deepEqual(merged.registration, { implementationCode: 'A', name: '企业设立登记', licenceType: '营业执照', kind: 'company' });
  assert.ok(!merged.formFields.some((f) => f.key === 'uscc'));
  assert.ok(!merged.materials.some((m) => m.key === 'business_licence'));
  assert.deepEqual(
    merged.produced.formFields.map((f) => f.key),
    ['uscc'],
  );
  assert.deepEqual(
    merged.produced.materials.map((m) => [m.key, m.neededBy]),
    [['business_licence', ['B']]],
  );
  assert.deepEqual(merged.saved, { formFields: 3, materials: 3 }, 'what the bundle produces is saved too');

  // Without the registration in the bundle, the food licence asks for both as usual.
  const alone = mergeBundle([food]);
  assert.equal(alone.registration, null);
  assert.ok(alone.formFields.some((f) => f.key === 'uscc'));
  assert.ok(alone.materials.some((m) => m.key === 'business_licence'));
});

test('registrationOf tells registration certificates from other licences', () => {
  assert.deepEqual(registrationOf({ resultName: '营业执照(个体工商户)', resultKind: 'licence' }), { licenceType: '营业执照', kind: 'individualBusiness' });
  assert.deepEqual(registrationOf({ resultName: '民办非企业单位登记证书', resultKind: 'licence' }), { licenceType: '民办非企业单位登记证书', kind: 'privateNonEnterprise' });
  assert.equal(registrationOf({ resultName: '食品经营许可证', resultKind: 'licence' }), undefined);
  assert.equal(registrationOf({ resultName: '营业执照变更通知', resultKind: 'filing' }), undefined);
});
