/**
 * 公示 (issue 16 §3, §6): what a center's public page may show of a concluded case, and how it is
 * masked. Only approved results of items an administrator chose to publish appear; a person is shown
 * by surname only (张* / 欧阳**), an organisation by its full name (a registered name is public), a
 * place no finer than the case's village or community, never an ID number, a phone or an address.
 */

export const publicationKinds = ['licence_granted', 'assistance_list'] as const;
export type PublicationKind = (typeof publicationKinds)[number];
export const publicationKindLabels: Record<PublicationKind, { zh: string; en: string }> = {
  licence_granted: { zh: '行政许可结果公示', en: 'Licences granted' },
  assistance_list: { zh: '救助对象公示(低保/特困)', en: 'Assistance publicity list' },
};

/** 低保审核确认结果在村(居)公示7天 (最低生活保障审核确认办法 第十九条): the default list period. */
export const defaultListPeriodDays = 7;

export interface PublicationSetting {
  published: boolean;
  kind: PublicationKind;
  /** Natural days a result stays on an assistance list from its conclusion; null for licences. */
  periodDays: number | null;
}

/** The double surnames (复姓) a masked name keeps whole: 欧阳娜娜 → 欧阳**, never 欧***. */
const doubleSurnames = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '呼延',
  '闻人',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '钟离',
  '濮阳',
  '淳于',
  '单于',
  '赫连',
];

/** A natural person's name as published: the surname kept, every other character a `*`. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const surname = chars.length > 2 && doubleSurnames.includes(chars.slice(0, 2).join('')) ? 2 : 1;
  return `${chars.slice(0, surname).join('')}${'*'.repeat(chars.length - surname)}`;
}

/** The holder as published: an organisation's registered name whole, a person's masked. */
export function publishedHolder(name: string, kind: 'person' | 'organisation'): string {
  return kind === 'organisation' ? name.trim() : maskPersonName(name);
}

/** The household size a 低保 form gave, when it is a plain small whole number (nothing else of the form is read). */
export function householdSizeOf(form: Record<string, unknown>): number | null {
  const raw = form.household_size;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,2}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 99 ? value : null;
}

/** When a listed result leaves its list: the period's natural days (of 24 hours) after its conclusion. */
export function listedUntil(concludedAt: Date, periodDays: number): Date {
  return new Date(concludedAt.getTime() + periodDays * 86_400_000);
}

/** The earliest conclusion still on a list at `now`: results concluded after it are shown. */
export function listCutoff(now: Date, periodDays: number): Date {
  return new Date(now.getTime() - periodDays * 86_400_000);
}

/** The twelve months up to and including `month` (YYYY-MM), oldest first. */
export function lastTwelveMonths(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const index = year * 12 + (m - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}
