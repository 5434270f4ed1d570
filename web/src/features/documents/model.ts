/**
 * Cases as the API answers them (`GET /api/cases/:id`, `POST /api/cases`, the public progress
 * query), the four written notices a case can carry, where their print views live, and the dates
 * they are written with. Shared by the intake screen, the print views and the public query page.
 */
import type { z } from 'zod';
import type { CaseKind, DayUnit, DeferrableUntil } from '../../../../src/domain/catalog.ts';
import type * as cases from '../../../../src/http/contracts/cases.ts';

// ---- Shapes ---------------------------------------------------------------------------------------

/**
 * The written notices of intake: 受理通知书, 一次性告知书, 不予受理决定书, 容缺受理通知书, in the
 * order a clerk hands them over.
 */
export const noticeKinds = ['acceptance', 'deferred', 'correction', 'refusal'] as const satisfies readonly CaseNotice['kind'][];
export type NoticeKind = CaseNotice['kind'];

export function isNoticeKind(value: string | undefined): value is NoticeKind {
  return (noticeKinds as readonly string[]).includes(value ?? '');
}

/** A notice as the case view carries it; `content` is what the server wrote into it (see the `*NoticeContent` types). */
export type CaseNotice = z.input<typeof cases.caseNotice>;

export interface AcceptanceNoticeContent {
  caseNo: string;
  itemName: string;
  applicantName: string;
  acceptedOn: string;
  dueDate: string | null;
  limitDays: number;
  limitUnit: DayUnit;
  caseKind: CaseKind;
}

export interface CorrectionNoticeContent {
  caseNo: string;
  itemName: string;
  applicantName: string;
  missing: { key: string; name: string }[];
  note: string;
}

export interface RefusalNoticeContent {
  caseNo: string;
  itemName: string;
  applicantName: string;
  reason: string;
  legalBasis: string;
}

export interface DeferredNoticeContent {
  caseNo: string;
  itemName: string;
  applicantName: string;
  materials: { key: string; name: string; due: string | null; until: DeferrableUntil | null }[];
}

/**
 * `GET /api/cases/:id` and the answer of `POST /api/cases`: the wire side of the contract in
 * src/http/contracts/cases.ts (types only: no zod code reaches the bundle).
 */
export type CaseView = z.input<typeof cases.caseView>;
export type CaseMaterialView = CaseView['materials'][number];
export type CaseActionEntry = CaseView['actions'][number];

/** `POST /api/public/cases/query`: what an applicant sees with the case number and query password. */
export type PublicProgress = z.input<typeof cases.publicProgress>;

export const caseApi = {
  casePath: (id: string) => `/api/cases/${encodeURIComponent(id)}`,
  publicQueryPath: '/api/public/cases/query',
};

/** The latest notice of a kind (a case has at most one of each, but be safe). */
export function latestNotice(notices: readonly CaseNotice[], kind: NoticeKind): CaseNotice | undefined {
  return notices.filter((n) => n.kind === kind).sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
}

/** The kinds of notice a case carries, in the order a clerk hands them over. */
/** The print kind of the 送达回证, which is not a notice the server keeps but a form printed from the case. */
export const receiptKind = 'receipt';

/** Whether the case has a result to hand over, so a 送达回证 can be printed for it. */
export function hasResultToDeliver(caseView: { outcome: string | null; status: string }): boolean {
  return caseView.outcome !== null && ['concluded', 'delivered', 'archived'].includes(caseView.status);
}

export function printableKinds(notices: readonly CaseNotice[]): NoticeKind[] {
  return noticeKinds.filter((kind) => notices.some((n) => n.kind === kind));
}

// ---- Where ----------------------------------------------------------------------------------------

export const documentPaths = {
  /** The A4 print view of one notice of a case, or of its 送达回证 (`receipt`) (staff, outside the app's frame). */
  print: (caseId: string, kind: NoticeKind | typeof receiptKind) => `/cases/${encodeURIComponent(caseId)}/print/${kind}`,
  /** The public progress query, optionally with the case number filled in. */
  query: (caseNo?: string) => (caseNo ? `/query?caseNo=${encodeURIComponent(caseNo)}` : '/query'),
} as const;

/** The address on a notice's QR code: the public progress query of this site for the case. */
export function progressQueryUrl(caseNo: string, origin: string = window.location.origin): string {
  return `${origin}${documentPaths.query(caseNo)}`;
}

// ---- Dates ----------------------------------------------------------------------------------------

const chinaDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `2026-11-22`: the day in China (UTC+8) an instant falls on, whatever the reader's clock says. */
export function chinaDay(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? String(iso) : chinaDayFormat.format(date);
}

/** Today in China, `YYYY-MM-DD` (days and due dates are local, as on the server). */
export function chinaToday(): string {
  return chinaDay(new Date());
}

/** `2026-11-22` plus `days` calendar days. */
/**
 * The days an applicant has to bring everything the one correction notice (一次性告知书) lists,
 * counted from the day it is issued; printed on the notice with the date it ends.
 */
export const correctionPeriodDays = 30;

export function addCalendarDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function dayParts(day: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** `2026年11月22日`. */
export function chineseDate(day: string | null): string {
  if (!day) return '';
  const parts = dayParts(day);
  return parts ? `${parts[0]}年${parts[1]}月${parts[2]}日` : day;
}

const digits = '〇一二三四五六七八九';

function chineseNumber(n: number): string {
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

/** The date under a seal, as official documents write it (GB/T 9704): `二〇二六年十一月二十二日`. */
export function officialDate(day: string | null): string {
  if (!day) return '';
  const parts = dayParts(day);
  if (!parts) return day;
  const year = String(parts[0])
    .split('')
    .map((d) => digits[Number(d)])
    .join('');
  return `${year}年${chineseNumber(parts[1])}月${chineseNumber(parts[2])}日`;
}
