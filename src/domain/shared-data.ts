/**
 * 数据共享: what another department's system may read of our results, so that the applicant is not
 * asked for the paper again (公安 reading a 民政 marriage registration, a bank reading a business
 * licence). An API key reads only the items and the fields its scope lists; a key without a scope
 * reads nothing. Every read names its reason (`X-Request-Reason`) and is logged.
 *
 * The fields are a fixed catalogue: a scope can only list fields from it, and a response is built
 * from the scope alone (`pickShared`), so a field that is not listed never appears.
 */
import { AppError } from './errors.ts';

export const sharedFields = {
  'case.caseNo': { zh: '办件编号', en: 'Case number' },
  'case.itemCode': { zh: '事项编码', en: 'Item code' },
  'case.itemName': { zh: '事项名称', en: 'Item name' },
  'case.status': { zh: '办件状态', en: 'Case status' },
  'case.decision': { zh: '办理结果', en: 'Decision' },
  'case.concludedAt': { zh: '办结时间', en: 'Concluded at' },
  'case.departmentName': { zh: '办理部门', en: 'Department' },
  'case.regionCode': { zh: '行政区划代码', en: 'Region code' },
  'applicant.name': { zh: '申请人姓名或名称', en: 'Applicant name' },
  'applicant.idNumberMasked': { zh: '证件号码(脱敏)', en: 'ID number (masked)' },
  'applicant.idNumber': { zh: '证件号码(完整)', en: 'ID number (full)' },
  'applicant.phoneMasked': { zh: '联系电话(脱敏)', en: 'Phone (masked)' },
  'licence.identifier': { zh: '电子证照标识', en: 'E-licence identifier' },
  'licence.type': { zh: '证照类型', en: 'Licence type' },
  'licence.holder': { zh: '持证主体', en: 'Holder' },
  'licence.holderRef': { zh: '持证主体代码(脱敏)', en: 'Holder reference (masked)' },
  'licence.issuer': { zh: '发证机关', en: 'Issuer' },
  'licence.issuedAt': { zh: '发证日期', en: 'Issued on' },
  'licence.validUntil': { zh: '有效期至', en: 'Valid until' },
  'licence.status': { zh: '证照状态', en: 'Licence status' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type SharedField = keyof typeof sharedFields;
export const sharedFieldNames = Object.keys(sharedFields) as [SharedField, ...SharedField[]];

/** Requests per minute a new scope starts with. */
export const defaultRatePerMinute = 60;
export const maxRatePerMinute = 6000;

/** The reason header every shared-data read must carry, and the reference header it may carry. */
export const reasonHeader = 'x-request-reason';
export const refHeader = 'x-request-ref';

/**
 * The reason a read gives, checked: 4 to 200 characters after trimming. Headers travel as Latin-1,
 * so a Chinese reason is sent percent-encoded (`encodeURIComponent`) and decoded here; a reason
 * sent raw in UTF-8 bytes is read back as UTF-8 too.
 */
export function requestReason(raw: unknown): string {
  const text = typeof raw === 'string' ? decodeHeader(raw).trim() : '';
  if (!text) throw new AppError('BAD_REQUEST', { zh: `缺少查询事由:请在 X-Request-Reason 请求头中说明用途(4至200字)`, en: 'A reason is required: say what the data is for in the X-Request-Reason header (4 to 200 characters)' });
  const length = [...text].length;
  if (length < 4 || length > 200) throw new AppError('BAD_REQUEST', { zh: '查询事由应为4至200字', en: 'The reason must be 4 to 200 characters' });
  return text;
}

/** The caller's own reference for the read (their case or file number), at most 100 characters. */
export function requestRef(raw: unknown): string {
  const text = typeof raw === 'string' ? decodeHeader(raw).trim() : '';
  if ([...text].length > 100) throw new AppError('BAD_REQUEST', { zh: 'X-Request-Ref 最多100字', en: 'X-Request-Ref must be at most 100 characters' });
  return text;
}

function decodeHeader(raw: string): string {
  let text = raw;
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // Not percent-encoding after all: read as sent.
    }
  }
  // Node reads header bytes as Latin-1: UTF-8 sent raw arrives as one character per byte.
  const codes = [...text].map((c) => c.codePointAt(0)!);
  if (codes.some((c) => c >= 0x80) && codes.every((c) => c <= 0xff)) {
    const utf8 = Buffer.from(text, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) text = utf8;
  }
  // Control characters (a decoded %0A) become spaces: the reason is shown on one line in the log.
  return [...text].map((c) => (c.codePointAt(0)! < 0x20 || c.codePointAt(0) === 0x7f ? ' ' : c)).join('');
}

/** A phone number with its middle four digits hidden: 139****1234. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length < 7) return digits ? '****' : '';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * The fields of one section (`case`, `applicant`, `licence`) the scope lists, picked from a full
 * record: the only way a shared response is built.
 */
export function pickShared<S extends 'case' | 'applicant' | 'licence'>(section: S, fields: readonly string[], values: Record<string, unknown>): Record<string, unknown> | undefined {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const [head, name] = field.split('.') as [string, string];
    if (head === section && name in values) picked[name] = values[name];
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** Whether a scope's field list names any field of the section. */
export function readsSection(fields: readonly string[], section: 'case' | 'applicant' | 'licence'): boolean {
  return fields.some((f) => f.startsWith(`${section}.`));
}

/** Seconds from `now` to the start of the next clock minute: how long a key over its rate waits. */
export function secondsToNextMinute(now: Date): number {
  return Math.max(1, Math.ceil((60_000 - (now.getTime() % 60_000)) / 1000));
}

export function minuteOf(now: Date): Date {
  return new Date(now.getTime() - (now.getTime() % 60_000));
}
