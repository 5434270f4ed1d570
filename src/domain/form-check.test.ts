import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FormField } from './catalog.ts';
import { checkForm, isPhoneNumber, separateResidentIds } from './form-check.ts';
import { maskResidentIdsIn, residentIdCheckChar } from './resident-id.ts';
import { usccCheckChar } from './uscc.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const usccOf = (first17: string) => first17 + usccCheckChar(first17)!;

const fields: FormField[] = [
  { key: 'applicant_name', label: '申请人姓名', type: 'text', required: true },
  { key: 'id_number', label: '公民身份号码', type: 'id_number', required: true },
  { key: 'phone', label: '联系电话', type: 'phone', required: true },
  { key: 'household_size', label: '家庭人口数', type: 'number', required: false },
  { key: 'wedding_day', label: '登记日期', type: 'date', required: false },
  { key: 'care_mode', label: '供养方式', type: 'select', required: true, options: ['分散供养', '集中供养'] },
  { key: 'uscc', label: '统一社会信用代码', type: 'uscc', required: false },
  { key: 'reason', label: '申请理由', type: 'textarea', required: false },
];
const today = '2026-11-23';

test('a complete, well-formed form passes, trimmed, with the ID and the credit code in capitals', () => {
  const id = idOf('11010519491231002');
  assert.equal(id.at(-1), 'X');
  const { values, problems } = checkForm(
    fields,
    {
      applicant_name: ' 陈建红 ',
      id_number: id.toLowerCase(),
      phone: '0538-7221234',
      household_size: '3',
      wedding_day: '2026-02-14',
      care_mode: '集中供养',
      uscc: usccOf('52370982MJD654321').toLowerCase(),
      reason: '',
    },
    { requireAll: true, today },
  );
  assert.deepEqual(problems, []);
  assert.equal(values.applicant_name, '陈建红');
  assert.equal(values.id_number, id);
  assert.equal(values.uscc, usccOf('52370982MJD654321'));
  assert.equal('reason' in values, false, 'an empty answer is left out');
});

test('every failing field is named once, by its key and its label, and no message repeats the value typed', () => {
  const badId = '110105194912310021';
  const { problems } = checkForm(
    fields,
    {
      id_number: badId,
      phone: '12345',
      household_size: '三口人',
      wedding_day: '2026-02-30',
      care_mode: '自己照顾',
      uscc: '91350100M000100Y44',
      extra_key: 'x',
      reason: '长'.repeat(2001),
    },
    { requireAll: true, today },
  );
  assert.deepEqual(problems.map((p) => [p.field, p.problem]).sort(), [
    ['form.applicant_name', 'required'],
    ['form.care_mode', 'option'],
    ['form.extra_key', 'unknown'],
    ['form.household_size', 'number'],
    ['form.id_number', 'id_number'],
    ['form.phone', 'phone'],
    ['form.reason', 'too_long'],
    ['form.uscc', 'uscc'],
    ['form.wedding_day', 'date'],
  ]);
  assert.match(problems.find((p) => p.key === 'id_number')!.message, /^公民身份号码:.*校验码/);
  assert.ok(problems.every((p) => !p.message.includes(badId) && !p.messageEn.includes(badId)));
});

test('required answers are asked for only when the decision goes ahead; given values are checked either way', () => {
  const partial = checkForm(fields, { phone: '13800138000' }, { requireAll: false, today });
  assert.deepEqual(partial.problems, []);
  const wrong = checkForm(fields, { phone: '1380013800' }, { requireAll: false, today });
  assert.deepEqual(
    wrong.problems.map((p) => p.field),
    ['form.phone'],
  );
});

test('a birth date after today makes a resident ID invalid', () => {
  const unborn = idOf('37098220300101001');
  assert.deepEqual(
    checkForm(fields, { id_number: unborn }, { requireAll: false, today }).problems.map((p) => p.problem),
    ['id_number'],
  );
});

test('phone numbers: mobiles with or without +86, landlines with area code and extension, 400 numbers', () => {
  for (const ok of ['13800138000', '+86 138 0013 8000', '0538-7221234', '05387221234', '010-88886666-123', '400-810-8888']) assert.ok(isPhoneNumber(ok), ok);
  for (const bad of ['12800138000', '7221234', '138001380001', 'tel:13800138000']) assert.ok(!isPhoneNumber(bad), bad);
});

test('the value of an ID field is masked, and so is a resident ID inside other text; the originals are set apart to be sealed', () => {
  const id = idOf('37098219850312123');
  const spouse = idOf('37098219870615124');
  const { values } = checkForm(fields, { applicant_name: '王建国', id_number: id, phone: '13800138000', care_mode: '分散供养', reason: `配偶身份证号${spouse.toLowerCase()},卡号6222021234567890123` }, { requireAll: true, today });
  const { shown, secret } = separateResidentIds(fields, values);
  assert.equal(shown.id_number, `370982********123${id.at(-1)}`);
  assert.equal(shown.reason, `配偶身份证号370982********${spouse.slice(-4).toUpperCase()},卡号6222021234567890123`, 'a 19-digit card number is not an ID');
  assert.deepEqual(secret, { id_number: id, reason: values.reason });
  assert.equal(shown.phone, '13800138000');
  assert.ok(!JSON.stringify(shown).includes(id) && !JSON.stringify(shown).toUpperCase().includes(spouse.toUpperCase()));
});

test('an 18-digit number that is not a valid resident ID is left as it is', () => {
  assert.equal(maskResidentIdsIn('编号 123456789012345678'), '编号 123456789012345678');
});
