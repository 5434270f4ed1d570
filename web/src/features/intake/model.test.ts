import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BundleView, ItemSearchResult, ItemVersion } from '../../api.ts';
import type { MaterialRequirement, ServiceItemContent } from '../../../../src/domain/catalog.ts';
import type { ApplicantView, HeldLicence } from './api.ts';
import {
  classifyLookup,
  defaultDeferredDue,
  dueInRange,
  effectiveMarks,
  flaggedFormFields,
  flaggedMaterialKeys,
  formErrorsFor,
  intakeRequest,
  licenceNumberText,
  materialsOf,
  outcomeState,
  prefilledForm,
  rankHits,
  stateChoices,
  summarise,
  toMaterialMarks,
  type IntakeTarget,
  type MarkDraft,
} from './model.ts';

const today = '2026-11-22';

function material(key: string, patch: Partial<MaterialRequirement> = {}): MaterialRequirement {
  return {
    key,
    name: key,
    scenarios: [],
    required: true,
    deferrable: false,
    deferrableUntil: null,
    originals: 1,
    copies: 0,
    source: 'applicant',
    licenceType: null,
    notes: '',
    ...patch,
  };
}

function licence(id: string, licenceType: string, patch: Partial<HeldLicence> = {}): HeldLicence {
  return { id, holderId: 'h', licenceType, number: 'N1', name: licenceType, issuer: 'x', issuedOn: '2020-01-01', validUntil: null, source: 'imported', status: 'valid', ...patch };
}

function itemTarget(content: Partial<ServiceItemContent>): IntakeTarget {
  const version = {
    implementationCode: 'I-1',
    version: 1,
    status: 'published',
    departmentId: 'd',
    createdAt: '',
    publishedAt: null,
    content: { scenarios: [], materials: [], formFields: [], ...content } as ServiceItemContent,
  } as ItemVersion;
  return { kind: 'item', code: 'I-1', version };
}

test('the lookup box tells a resident ID, a USCC and a phone number apart by their check characters', () => {
  assert.deepEqual(classifyLookup(' 370982198503121239 '), { ok: true, query: { idNumber: '370982198503121239' } });
  assert.deepEqual(classifyLookup('91370982ma3c12345b'), { ok: true, query: { uscc: '91370982MA3C12345B' } });
  assert.deepEqual(classifyLookup('138 0000-1111'), { ok: true, query: { phone: '13800001111' } });
  assert.deepEqual(classifyLookup('370982198503121238'), { ok: false, problem: 'id_check' });
  assert.deepEqual(classifyLookup('91370982MA3C12345C'), { ok: false, problem: 'uscc_check' });
  assert.deepEqual(classifyLookup('张三'), { ok: false, problem: 'format' });
  assert.deepEqual(classifyLookup('  '), { ok: false, problem: 'empty' });
});

test('a mistyped resident ID is never taken for a phone; a name and a phone find someone without their ID card', () => {
  assert.deepEqual(classifyLookup('37098219850312123'), { ok: false, problem: 'id_length', length: 17 });
  assert.deepEqual(classifyLookup('3709821985031212391'), { ok: false, problem: 'id_length', length: 19 });
  assert.deepEqual(classifyLookup('3709821985031212X'), { ok: false, problem: 'id_length', length: 17 });
  assert.deepEqual(classifyLookup('370982198503121231'), { ok: false, problem: 'id_check' });
  assert.deepEqual(classifyLookup('370982 19850312 1239'), { ok: true, query: { idNumber: '370982198503121239' } }, 'spaces a reader or a clerk puts in');
  assert.deepEqual(classifyLookup('0538-7221234'), { ok: true, query: { phone: '05387221234' } }, 'a landline stays a phone');
  assert.deepEqual(classifyLookup('王建国 13905380001'), { ok: true, query: { phone: '13905380001', name: '王建国' } });
  assert.deepEqual(classifyLookup('13905380001,王建国'), { ok: true, query: { phone: '13905380001', name: '王建国' } });
  assert.deepEqual(classifyLookup('买买提·艾力13905380001'), { ok: true, query: { phone: '13905380001', name: '买买提·艾力' } });
  assert.deepEqual(classifyLookup('王 139 王'), { ok: false, problem: 'format' });
});

test('an item lists the materials of the chosen scenario; a bundle leaves out those only some scenario needs', () => {
  const target = itemTarget({ scenarios: [{ code: 'a', name: 'A', description: '' }], materials: [material('common'), material('only_a', { scenarios: ['a'] })] });
  assert.deepEqual(
    materialsOf(target, null).map((m) => m.key),
    ['common'],
  );
  assert.deepEqual(
    materialsOf(target, 'a').map((m) => m.key),
    ['common', 'only_a'],
  );
  const view = {
    merged: {
      materials: [
        { ...material('everyone'), neededBy: ['X', 'Y'], scenariosByItem: { Y: ['first'] } },
        { ...material('scenario_only'), neededBy: ['X'], scenariosByItem: { X: ['first'] } },
      ],
      formFields: [],
    },
  } as unknown as BundleView;
  assert.deepEqual(
    materialsOf({ kind: 'bundle', code: 'B', view }, null).map((m) => m.key),
    ['everyone'],
  );
});

test('a material the licence library holds is taken from it, and shared data from shared data: never asked for again', () => {
  const materials = [
    material('id_card', { source: 'licence', licenceType: '居民身份证' }),
    material('hukou', { source: 'licence', licenceType: '居民户口簿' }),
    material('marriage', { source: 'licence', licenceType: '结婚证' }),
    material('social', { source: 'shared_data' }),
    material('form'),
  ];
  const held = [licence('L1', '居民身份证'), licence('L2', '居民户口簿', { status: 'revoked' }), licence('L3', '结婚证', { validUntil: '2026-01-01' })];
  const marks = effectiveMarks(materials, {}, held, today);
  assert.deepEqual(marks.get('id_card'), { state: 'licence', licenceId: 'L1' });
  assert.equal(marks.get('hukou'), null, 'a revoked licence does not count');
  assert.equal(marks.get('marriage'), null, 'an expired licence does not count');
  assert.deepEqual(marks.get('social'), { state: 'shared_data' });
  assert.equal(marks.get('form'), null);
  assert.deepEqual(stateChoices(materials[0]!, [held[0]!]), ['provided', 'licence', 'missing']);
  assert.deepEqual(stateChoices(materials[1]!, []), ['provided', 'missing']);
  assert.deepEqual(stateChoices(material('x', { deferrable: true, deferrableUntil: 'decision' }), []), ['provided', 'deferred', 'missing']);
});

test("the clerk's choice wins, but a licence choice lapses once the licence is no longer held", () => {
  const materials = [material('id_card', { source: 'licence', licenceType: '居民身份证' })];
  const chosen: Record<string, MarkDraft> = { id_card: { state: 'licence', licenceId: 'gone' } };
  assert.deepEqual(effectiveMarks(materials, chosen, [licence('L1', '居民身份证')], today).get('id_card'), { state: 'licence', licenceId: 'L1' });
  assert.deepEqual(effectiveMarks(materials, { id_card: { state: 'provided' } }, [licence('L1', '居民身份证')], today).get('id_card'), { state: 'provided' });
});

test('accept needs every required material in hand; a missing one opens the one correction notice instead', () => {
  const materials = [material('a'), material('b'), material('c', { required: false }), material('d', { deferrable: true, deferrableUntil: 'issuance' })];
  const marks = (entries: Record<string, MarkDraft | null>) => new Map(Object.entries(entries));

  const unmarked = summarise(materials, marks({ a: { state: 'provided' }, b: null, c: null, d: { state: 'provided' } }));
  assert.deepEqual(
    unmarked.unmarked.map((m) => m.key),
    ['b'],
    'an optional material left unmarked does not block',
  );
  assert.deepEqual(outcomeState({ scenarioMissing: false, summary: unmarked, missingFieldCount: 0 }), { blockers: ['unmarked'], canAccept: false, canCorrect: false, canRefuse: true, canSubmit: false });

  const missing = summarise(materials, marks({ a: { state: 'provided' }, b: { state: 'missing' }, c: null, d: { state: 'deferred', deferredDue: '2026-11-27' } }));
  assert.deepEqual(
    missing.missing.map((m) => m.key),
    ['b'],
  );
  assert.deepEqual(
    missing.deferred.map((m) => m.key),
    ['d'],
  );
  const state = outcomeState({ scenarioMissing: false, summary: missing, missingFieldCount: 2 });
  assert.equal(state.canAccept, false);
  assert.equal(state.canCorrect, true);
  assert.deepEqual(state.blockers, ['form'], 'an empty form field is named but does not block the correction notice');

  const complete = summarise(materials, marks({ a: { state: 'provided' }, b: { state: 'licence', licenceId: 'L' }, c: null, d: { state: 'deferred', deferredDue: '2026-11-27' } }));
  assert.equal(outcomeState({ scenarioMissing: false, summary: complete, missingFieldCount: 0 }).canAccept, true);
  assert.equal(outcomeState({ scenarioMissing: true, summary: complete, missingFieldCount: 0 }).canAccept, false);

  const undated = summarise(materials, marks({ a: { state: 'provided' }, b: { state: 'provided' }, c: null, d: { state: 'deferred' } }));
  assert.deepEqual(outcomeState({ scenarioMissing: false, summary: undated, missingFieldCount: 0 }).blockers, ['undated']);
});

test('容缺: the default due date never passes the limit the server counts; a day outside it blocks acceptance', () => {
  const today = '2026-11-23';
  assert.equal(defaultDeferredDue({ today, latest: '2026-12-10' }), '2026-11-28', 'five days ahead within a long limit');
  assert.equal(defaultDeferredDue({ today, latest: '2026-11-26' }), '2026-11-26', 'the limit itself when it is nearer');
  assert.equal(defaultDeferredDue({ today, latest: null }), today, 'today while the limit is not known');
  assert.equal(dueInRange('2026-11-26', { today, latest: '2026-11-26' }), true);
  assert.equal(dueInRange('2026-11-27', { today, latest: '2026-11-26' }), false);
  assert.equal(dueInRange('2026-11-22', { today, latest: null }), false);
  const materials = [material('a'), { ...material('d'), deferrable: true }];
  const late = summarise(
    materials,
    new Map<string, MarkDraft | null>([
      ['a', { state: 'provided' }],
      ['d', { state: 'deferred', deferredDue: '2026-11-28' }],
    ]),
    { today, latest: '2026-11-26' },
  );
  assert.deepEqual(
    late.outOfRange.map((m) => m.key),
    ['d'],
  );
  const state = outcomeState({ scenarioMissing: false, summary: late, missingFieldCount: 0 });
  assert.deepEqual(state.blockers, ['dueRange']);
  assert.equal(state.canAccept, false);
});

test('the server receives every material: unmarked ones as missing, deferred ones with their date, licences with their id', () => {
  const materials = [material('a'), material('b'), material('c'), material('d')];
  const marks = new Map<string, MarkDraft | null>([
    ['a', { state: 'provided' }],
    ['b', null],
    ['c', { state: 'deferred', deferredDue: '2026-11-27' }],
    ['d', { state: 'licence', licenceId: 'L1' }],
  ]);
  assert.deepEqual(toMaterialMarks(materials, marks), [
    { key: 'a', state: 'provided' },
    { key: 'b', state: 'missing' },
    { key: 'c', state: 'deferred', deferredDue: '2026-11-27' },
    { key: 'd', state: 'licence', licenceId: 'L1' },
  ]);
});

test('the intake request names the item and scenario or the bundle, and sends only answered form fields', () => {
  const fields = [
    { key: 'name', label: '姓名', type: 'text' as const, required: true },
    { key: 'note', label: '备注', type: 'textarea' as const, required: false },
  ];
  const item = itemTarget({});
  const body = intakeRequest({ target: item, scenario: 's1', applicantId: 'A', fields, form: { name: ' 张三 ', note: '  ', stray: 'x' }, materials: [], marks: new Map(), decision: 'accept' });
  assert.deepEqual(body, { itemCode: 'I-1', scenario: 's1', applicantId: 'A', channel: 'window', form: { name: '张三' }, materials: [], decision: 'accept' });
  const bundle = intakeRequest({
    target: { kind: 'bundle', code: 'B-1', view: {} as BundleView },
    scenario: null,
    applicantId: 'A',
    fields: [],
    form: {},
    materials: [],
    marks: new Map(),
    decision: 'refuse',
    refusal: { reason: ' 不属于本机关职权 ', legalBasis: ' 第三十二条 ' },
  });
  assert.equal(bundle.bundleCode, 'B-1');
  assert.equal('scenario' in bundle, false);
  assert.deepEqual(bundle.refusal, { reason: '不属于本机关职权', legalBasis: '第三十二条' });
});

test('the form is filled from the profile; the full ID number only from what the clerk typed', () => {
  const person: ApplicantView = { id: 'A', kind: 'person', name: '张三', idMasked: '370982********1239', uscc: null, legalRepresentative: '', phone: '138', address: '新泰', gender: 'male', birthDate: '1985-03-12', regionCode: '370982' };
  const fields = [
    { key: 'n', label: '', type: 'text' as const, required: true, profileField: 'name' as const },
    { key: 'id', label: '', type: 'id_number' as const, required: true, profileField: 'idNumber' as const },
    { key: 'g', label: '', type: 'select' as const, required: true, profileField: 'gender' as const },
    { key: 'o', label: '', type: 'text' as const, required: false },
  ];
  assert.deepEqual(prefilledForm(fields, person, null), { n: '张三', g: '男' });
  assert.deepEqual(prefilledForm(fields, person, '370982198503121239'), { n: '张三', id: '370982198503121239', g: '男' });
  const org: ApplicantView = { ...person, kind: 'organisation', name: '示例公司', idMasked: null, uscc: '91370982MA3C12345B', legalRepresentative: '王五', gender: null, birthDate: null };
  const orgFields = [
    { key: 'org', label: '', type: 'text' as const, required: true, profileField: 'orgName' as const },
    { key: 'rep', label: '', type: 'text' as const, required: true, profileField: 'name' as const },
    { key: 'code', label: '', type: 'text' as const, required: true, profileField: 'uscc' as const },
  ];
  assert.deepEqual(prefilledForm(orgFields, org, null), { org: '示例公司', rep: '王五', code: '91370982MA3C12345B' });
});

test('the picker takes the server scores: best first, a bundle before an item on a tie, then the server’s pinyin order', () => {
  const summary = (code: string, name: string, rank: number) => ({ implementationCode: code, name, rank }) as ItemSearchResult['items'][number];
  const bundle = (code: string, name: string, rank: number) => ({
    code,
    rank,
    status: 'published' as const,
    leadDepartmentId: 'd',
    updatedAt: '',
    content: { code, name, aliases: [], description: '', itemCodes: [], promisedDays: 3, leadDepartmentName: '' },
  });
  const hits = rankHits({ items: [summary('I1', '出生医学证明签发', 90), summary('I2', '出生登记', 100)], bundles: [bundle('B1', '出生一件事', 90)] });
  assert.deepEqual(
    hits.map((h) => h.code),
    ['I2', 'B1', 'I1'],
  );
  assert.deepEqual(
    rankHits({ items: [summary('I3', '办理退休', 80), summary('I4', '最低生活保障', 80)], bundles: [bundle('B2', '办理退休一件事', 70)] }).map((h) => h.code),
    ['I3', 'I4', 'B2'],
    'a tie keeps the order the server gave (pinyin: ban before zui); the screen carries no pinyin dictionary',
  );
  assert.deepEqual(rankHits({ items: [], bundles: [] }), []);
});

test('server answers point at the rows to check', () => {
  assert.deepEqual(flaggedMaterialKeys({ status: 'submitted', allowed: [], missing: ['a', 'b'] }), ['a', 'b']);
  assert.deepEqual(flaggedMaterialKeys([{ field: 'materials.c', message: 'x' }, { field: 'idNumber' }]), ['c']);
  assert.deepEqual(flaggedMaterialKeys(undefined), []);
});

test('a resident ID used as a licence number is masked on screen', () => {
  assert.equal(licenceNumberText({ number: '370982198503121239' }), '370982********1239');
  assert.equal(licenceNumberText({ number: 'HK123456' }), 'HK123456');
});

test('the screen finds the form problems the server would, with the same words; required answers only when the decision goes ahead', () => {
  const fields = [
    { key: 'id_number', label: '公民身份号码', type: 'id_number' as const, required: true },
    { key: 'phone', label: '联系电话', type: 'phone' as const, required: true },
    { key: 'size', label: '家庭人口数', type: 'number' as const, required: false },
  ];
  const values = { id_number: '110105194912310021', phone: '', size: '三' };
  const accept = formErrorsFor(fields, values, 'accept', '2026-11-23');
  assert.deepEqual([...accept.keys()].sort(), ['id_number', 'phone', 'size']);
  assert.equal(accept.get('phone')!.problem, 'required');
  assert.match(accept.get('id_number')!.message, /^公民身份号码:.*校验码/);
  assert.deepEqual([...formErrorsFor(fields, values, 'correction', '2026-11-23').keys()].sort(), ['id_number', 'size'], 'a correction notice does not need every answer, but those given must fit');
  assert.equal(formErrorsFor(fields, { id_number: '11010519491231002x', phone: '0538-7221234' }, 'accept', '2026-11-23').size, 0);
});

test('the fields a refused intake names are marked with what the server said of each', () => {
  const flagged = flaggedFormFields([{ field: 'form.phone', problem: 'phone', message: '联系电话:应为11位手机号码或带区号的固定电话', messageEn: 'form.phone: a mobile number' }, { field: 'materials.a' }]);
  assert.deepEqual([...flagged.keys()], ['phone']);
  assert.equal(flagged.get('phone')!.problem, 'phone');
  assert.equal(flaggedFormFields({ missing: ['a'] }).size, 0);
});
