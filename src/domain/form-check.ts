/**
 * The application form (一表申请) against its definition: the item's form fields, or a bundle's
 * merged ones. The same function checks what the front desk typed on the screen and what the
 * server receives, so both say the same words about the same field.
 *
 * Resident ID numbers in a form are kept apart: `separateResidentIds` gives the values to store and
 * show (every resident ID masked) and the original values of the fields it masked, which the
 * server seals (DESIGN §9).
 *
 * @example
 * checkForm(fields, { id_number: '11010519491231002x', phone: '13800138000' }, { requireAll: true, today: '2026-11-23' });
 * // { values: { id_number: '11010519491231002X', phone: '13800138000' }, problems: [{ field: 'form.applicant_name', problem: 'required', ... }] }
 */
import type { FormField, FormFieldType } from './catalog.ts';
import { maskResidentId, maskResidentIdsIn, parseResidentId } from './resident-id.ts';
import { isValidUscc } from './uscc.ts';

export type FormProblemKind = 'unknown' | 'required' | 'too_long' | 'number' | 'date' | 'option' | 'phone' | 'id_number' | 'uscc';

export interface FormProblem {
  /** `form.<key>`, as a 422's details name it. */
  field: string;
  key: string;
  problem: FormProblemKind;
  /** Chinese, naming the field by its label. */
  message: string;
  messageEn: string;
}

/** The longest value a field of each type takes (a select's is its longest option's). */
export const formValueMaxLength: Record<FormFieldType, number> = {
  text: 200,
  textarea: 2000,
  number: 20,
  date: 10,
  select: 100,
  phone: 20,
  id_number: 18,
  uscc: 18,
};

/** 手机 (with or without +86), 固定电话 with area code and optional extension, or a 400/800 number. */
const mobile = /^(\+?86)?1[3-9]\d{9}$/;
const landline = /^(\+?86-?)?0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const serviceNumber = /^[48]00-?\d{3}-?\d{4}$/;

export function isPhoneNumber(value: string): boolean {
  const compact = value.replace(/[\s()]/g, '');
  return mobile.test(compact.replace(/-/g, '')) || landline.test(compact) || serviceNumber.test(compact);
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const idProblemWords = {
  format: { zh: '应为18位,前17位为数字,末位为数字或X', en: 'it has 18 characters, 17 digits and a digit or X' },
  birth_date: { zh: '其中的出生日期不存在', en: 'its birth date does not exist' },
  check_char: { zh: '末位校验码不符合 GB 11643', en: 'its check character does not match (GB 11643)' },
} as const;

/** What is wrong with one non-empty, trimmed value, in both languages; undefined when nothing is. */
function valueProblem(field: FormField, value: string, today: string | undefined): { problem: FormProblemKind; zh: string; en: string } | undefined {
  const max = field.type === 'select' ? Math.max(formValueMaxLength.select, ...(field.options ?? []).map((o) => o.length)) : formValueMaxLength[field.type];
  if (value.length > max) return { problem: 'too_long', zh: `不能超过${max}个字`, en: `at most ${max} characters` };
  switch (field.type) {
    case 'number':
      return /^\d{1,15}(\.\d{1,6})?$/.test(value) ? undefined : { problem: 'number', zh: '应为数字(不含单位)', en: 'a number without units' };
    case 'date':
      return isIsoDate(value) ? undefined : { problem: 'date', zh: '应为有效日期(年-月-日)', en: 'a date, YYYY-MM-DD' };
    case 'select': {
      const options = field.options ?? [];
      return options.length === 0 || options.includes(value) ? undefined : { problem: 'option', zh: `应为以下之一:${options.join('、')}`, en: `one of the options (${options.length})` };
    }
    case 'phone':
      return isPhoneNumber(value) ? undefined : { problem: 'phone', zh: '应为11位手机号码或带区号的固定电话', en: 'a mobile number or a landline with its area code' };
    case 'id_number': {
      const parsed = parseResidentId(value, today);
      return parsed.ok ? undefined : { problem: 'id_number', zh: `不是有效的居民身份证号码:${idProblemWords[parsed.problem].zh}`, en: `not a valid resident ID number: ${idProblemWords[parsed.problem].en}` };
    }
    case 'uscc':
      return isValidUscc(value) ? undefined : { problem: 'uscc', zh: '不是有效的统一社会信用代码(18位,校验码符合 GB 32100)', en: 'not a valid unified social credit code (GB 32100)' };
    default:
      return undefined;
  }
}

/**
 * Checks a form against its fields: every key must be a field of the form, every value fit its
 * type, and (with `requireAll`, for a decision that goes ahead) every required field answered.
 * Values come back trimmed, ID numbers and credit codes in capitals, empty answers left out.
 * Every problem is returned, so one round fixes them all; no problem repeats a value.
 *
 * @param today bounds a resident ID's birth date (YYYY-MM-DD).
 */
export function checkForm(fields: readonly FormField[], input: Readonly<Record<string, string>>, options: { requireAll: boolean; today?: string }): { values: Record<string, string>; problems: FormProblem[] } {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const values: Record<string, string> = {};
  const problems: FormProblem[] = [];
  const add = (key: string, label: string, problem: FormProblemKind, zh: string, en: string) => problems.push({ field: `form.${key}`, key, problem, message: `${label}:${zh}`, messageEn: `form.${key}: ${en}` });
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key);
    // The key is shown as sent only when it looks like a key: a stray value never reaches a message.
    const shownKey = /^[a-z0-9_]{1,64}$/.test(key) ? key : '?';
    if (!field) {
      add(shownKey, shownKey, 'unknown', '表单中没有这一项', 'not a field of this form');
      continue;
    }
    let value = raw.trim();
    if (field.type === 'id_number' || field.type === 'uscc') value = value.toUpperCase();
    if (value === '') continue;
    const problem = valueProblem(field, value, options.today);
    if (problem) add(key, field.label, problem.problem, problem.zh, problem.en);
    else values[key] = value;
  }
  if (options.requireAll) {
    for (const field of fields) {
      const given = input[field.key];
      if (field.required && (typeof given !== 'string' || given.trim() === '')) add(field.key, field.label, 'required', '必填', 'is required');
    }
  }
  return { values, problems };
}

/**
 * Splits checked form values into what may be stored and shown (every resident ID masked: the
 * whole value of an `id_number` field, and any valid one inside other text) and the original
 * values of the fields that were masked, to be sealed. `secret` is empty when there was none.
 */
export function separateResidentIds(fields: readonly FormField[], values: Readonly<Record<string, string>>): { shown: Record<string, string>; secret: Record<string, string> } {
  const types = new Map(fields.map((f) => [f.key, f.type]));
  const shown: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const masked = types.get(key) === 'id_number' ? maskResidentId(value) : maskResidentIdsIn(value);
    shown[key] = masked;
    if (masked !== value) secret[key] = value;
  }
  return { shown, secret };
}
