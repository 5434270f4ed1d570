/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence (odd for
 * men, even for women), and a check character: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over the
 * first 17 digits, sum mod 11 mapped through "10X98765432".
 *
 * @example
 * parseResidentId('11010519491231002X'); // { birthDate: '1949-12-31', sex: 'female', regionCode: '110105' }
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

export function residentIdCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkChars[sum % 11];
}

export interface ResidentIdFacts {
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdProblem = 'format' | 'birth_date' | 'check_char';

/** The facts an ID number carries, or why it is not a valid one. `today` bounds the birth date. */
export function parseResidentId(value: string, today?: string): { ok: true; facts: ResidentIdFacts } | { ok: false; problem: ResidentIdProblem } {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || !date.toISOString().startsWith(birthDate) || birthDate < '1900-01-01' || (today !== undefined && birthDate > today)) {
    return { ok: false, problem: 'birth_date' };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_char' };
  return { ok: true, facts: { regionCode: id.slice(0, 6), birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

export function isValidResidentId(value: string, today?: string): boolean {
  return parseResidentId(value, today).ok;
}

/** For screens and logs: `370982********123X` keeps the region and the last four. */
export function maskResidentId(value: string): string {
  const id = value.trim();
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 18 characters that may be a resident ID, not part of a longer run of digits. */
const candidate = /(?<!\d)\d{17}[\dXx](?!\d)/g;

/**
 * A text with every valid resident ID number in it masked (check character and birth date must
 * hold, so an ordinary 18-digit number is left alone). For free text that may carry one: a form's
 * address or reason, a log line.
 *
 * @example
 * maskResidentIdsIn('申请人11010519491231002X,配偶…'); // '申请人110105********002X,配偶…'
 */
export function maskResidentIdsIn(text: string): string {
  return text.replace(candidate, (found) => (isValidResidentId(found) ? maskResidentId(found.toUpperCase()) : found));
}

/**
 * The same value with every string in it passed through `maskResidentIdsIn`: for what staff type
 * freely (opinions, reasons, notes, addresses), which is stored and shown as typed otherwise.
 */
export function maskResidentIdsDeep<T>(value: T): T {
  if (typeof value === 'string') return maskResidentIdsIn(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskResidentIdsDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskResidentIdsDeep(v)])) as T;
  }
  return value;
}
