/**
 * 好差评 publication (issue 15 §4): the monthly figures per center (a region subtree) and per
 * department, their definitions (the same words on the page, in the Excel 说明 sheet and in the
 * report), the rounding of rates, the month's bounds in China time, and the upward report's field
 * mapping to the data items a provincial 好差评 system takes. Pure: the repository counts in SQL, this
 * file sums and divides.
 */
import { chinaDayStart } from './china-time.ts';
import { isRegionCode } from './region.ts';
import { ratingLevelLabels, ratingLevels, ratingScore, ratingSourceLabels, type RatingLevel, type RatingSource } from './rating.ts';

/** The counts the repository returns per department (null: ratings or complaints of no department). */
export interface QualityCounts {
  levels: Record<RatingLevel, number>;
  /** Ratings excluded by an upheld appeal: kept in the record, left out of every rating figure, counted here. */
  excluded: number;
  /** Default ratings (the unrated case counted 基本满意 after the period): in the levels and total, and counted here too. */
  defaults: number;
  /** Real-name bad ratings (not anonymous, not excluded) and those of them revisited (回访 recorded). */
  realNameBad: number;
  revisited: number;
  rectOpened: number;
  rectClosed: number;
  rectOnTime: number;
  rectLate: number;
  complaints: { consultation: number; help: number; complaint: number; report: number; urgent: number };
  complaintsTotal: number;
  complaintsClosed: number;
  complaintsClosedOnTime: number;
  complaintsOverdueOpen: number;
}

export interface QualityFigures extends QualityCounts {
  /** Ratings counted (not excluded), default ratings included. */
  total: number;
  /** 基本满意 or better. */
  satisfied: number;
  /** 不满意 and 非常不满意. */
  bad: number;
  /** Percentages with one decimal; null when there is nothing to divide by. */
  satisfactionRate: number | null;
  rectOnTimeRate: number | null;
  revisitRate: number | null;
  complaintsClosedOnTimeRate: number | null;
}

export function emptyCounts(): QualityCounts {
  return {
    levels: { very_satisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, very_dissatisfied: 0 },
    excluded: 0,
    defaults: 0,
    realNameBad: 0,
    revisited: 0,
    rectOpened: 0,
    rectClosed: 0,
    rectOnTime: 0,
    rectLate: 0,
    complaints: { consultation: 0, help: 0, complaint: 0, report: 0, urgent: 0 },
    complaintsTotal: 0,
    complaintsClosed: 0,
    complaintsClosedOnTime: 0,
    complaintsOverdueOpen: 0,
  };
}

export function addCounts(a: QualityCounts, b: QualityCounts): QualityCounts {
  const levels = { ...a.levels };
  for (const level of ratingLevels) levels[level] += b.levels[level];
  const complaints = { ...a.complaints };
  for (const key of Object.keys(complaints) as (keyof QualityCounts['complaints'])[]) complaints[key] += b.complaints[key];
  return {
    levels,
    excluded: a.excluded + b.excluded,
    defaults: a.defaults + b.defaults,
    realNameBad: a.realNameBad + b.realNameBad,
    revisited: a.revisited + b.revisited,
    rectOpened: a.rectOpened + b.rectOpened,
    rectClosed: a.rectClosed + b.rectClosed,
    rectOnTime: a.rectOnTime + b.rectOnTime,
    rectLate: a.rectLate + b.rectLate,
    complaints,
    complaintsTotal: a.complaintsTotal + b.complaintsTotal,
    complaintsClosed: a.complaintsClosed + b.complaintsClosed,
    complaintsClosedOnTime: a.complaintsClosedOnTime + b.complaintsClosedOnTime,
    complaintsOverdueOpen: a.complaintsOverdueOpen + b.complaintsOverdueOpen,
  };
}

/** A share as a percentage with one decimal, half away from zero (2/3 → 66.7); null for 0/0. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

export function figuresOf(counts: QualityCounts): QualityFigures {
  const total = ratingLevels.reduce((sum, level) => sum + counts.levels[level], 0);
  const bad = counts.levels.dissatisfied + counts.levels.very_dissatisfied;
  const satisfied = total - bad;
  return {
    ...counts,
    total,
    satisfied,
    bad,
    satisfactionRate: percent(satisfied, total),
    rectOnTimeRate: percent(counts.rectOnTime, counts.rectOnTime + counts.rectLate),
    revisitRate: percent(counts.revisited, counts.realNameBad),
    complaintsClosedOnTimeRate: percent(counts.complaintsClosedOnTime, counts.complaintsTotal),
  };
}

/** `YYYY-MM` with a real month. */
export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month in China time as the instants it begins and ends (exclusive). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return { from: chinaDayStart(`${month}-01`), to: chinaDayStart(`${next}-01`) };
}

/** One figure's definition, for the page's notes, the Excel 说明 sheet and the report text. */
export interface FigureDefinition {
  key: string;
  zh: string;
  en: string;
  definition: { zh: string; en: string };
}

export const figureDefinitions: readonly FigureDefinition[] = [
  ...ratingLevels.map((level) => ({
    key: `levels.${level}`,
    zh: ratingLevelLabels[level].zh,
    en: ratingLevelLabels[level].en,
    definition: {
      zh: `当月(北京时间)评价时间在本月、评价等级为“${ratingLevelLabels[level].zh}”的评价数,不含申诉成立的评价,含默认评价`,
      en: `Ratings given in the month (China time) at “${ratingLevelLabels[level].en}”, upheld appeals left out, default ratings in`,
    },
  })),
  { key: 'total', zh: '评价总数', en: 'Ratings', definition: { zh: '五个等级之和:当月评价数,不含申诉成立的评价,含默认评价', en: 'The five levels together: the month’s ratings, upheld appeals left out, default ratings in' } },
  {
    key: 'satisfactionRate',
    zh: '满意率',
    en: 'Satisfaction',
    definition: { zh: '基本满意及以上的评价数 ÷ 评价总数,百分比保留一位小数(四舍五入);无评价时为“—”', en: 'Ratings at basically satisfied or better ÷ ratings, a percentage to one decimal (rounded half up); “—” with no ratings' },
  },
  { key: 'bad', zh: '差评数', en: 'Bad ratings', definition: { zh: '不满意与非常不满意的评价数(不含申诉成立的)', en: 'Dissatisfied and very dissatisfied ratings (upheld appeals left out)' } },
  {
    key: 'defaults',
    zh: '其中默认评价',
    en: 'Of which default',
    definition: { zh: '办结后逾期未评、按本地设置计为基本满意的评价数(已计入基本满意和评价总数)', en: 'Cases not rated within the period and counted basically satisfied under the local setting (already in basic and in the total)' },
  },
  {
    key: 'excluded',
    zh: '申诉成立(不计入)',
    en: 'Excluded (appeal upheld)',
    definition: { zh: '部门申诉复核成立的评价数:保留在记录中,不计入任何评价指标', en: 'Ratings whose department’s appeal was upheld: kept in the record, left out of every rating figure' },
  },
  { key: 'rectOpened', zh: '整改任务', en: 'Rectifications', definition: { zh: '当月差评生成的整改任务数(申诉成立撤销的不计)', en: 'Rectification tasks opened by the month’s bad ratings (annulled by an upheld appeal: not counted)' } },
  { key: 'rectClosed', zh: '整改办结', en: 'Rectifications closed', definition: { zh: '上述整改任务中已办结的数量', en: 'Of those, the ones closed' } },
  { key: 'rectOnTime', zh: '按期整改', en: 'Rectified on time', definition: { zh: '整改反馈(或办结)日期不晚于整改期限(rectify_due)的任务数', en: 'Tasks reported back (or closed) on or before their rectification date' } },
  { key: 'rectLate', zh: '逾期整改', en: 'Rectified late', definition: { zh: '反馈晚于整改期限,或至统计时已过期限仍未反馈的任务数', en: 'Tasks reported after their date, or past it and not yet reported when the figures are read' } },
  {
    key: 'rectOnTimeRate',
    zh: '按期整改率',
    en: 'On-time rectification',
    definition: { zh: '按期整改 ÷ (按期整改 + 逾期整改);期限未到且未反馈的任务不计入', en: 'On time ÷ (on time + late); tasks not yet due and not reported are not counted' },
  },
  {
    key: 'revisitRate',
    zh: '回访率',
    en: 'Revisit rate',
    definition: { zh: '已回访的实名差评数 ÷ 实名差评数(匿名差评无法回访,不计入)', en: 'Real-name bad ratings revisited ÷ real-name bad ratings (anonymous ones cannot be revisited and are not counted)' },
  },
  { key: 'complaints', zh: '投诉咨询总数', en: 'Complaints', definition: { zh: '当月受理的咨询、求助、投诉、举报件数(受理时间在本月)', en: 'Consultations, help requests, complaints and reports received in the month' } },
  { key: 'complaints.urgent', zh: '其中紧急', en: 'Of which urgent', definition: { zh: '标为紧急(当日办结)的件数,已计入其类别', en: 'Those marked urgent (to close the same day), already in their category' } },
  { key: 'complaintsClosed', zh: '已办结', en: 'Closed', definition: { zh: '当月受理且已办结的件数', en: 'Received in the month and closed' } },
  {
    key: 'complaintsClosedOnTimeRate',
    zh: '按时办结率',
    en: 'Closed on time',
    definition: { zh: '办结时间不晚于整件时限(due_at,改派不重置)的件数 ÷ 当月受理件数', en: 'Closed by the whole complaint’s due time (never reset by a reassignment) ÷ received in the month' },
  },
  { key: 'complaintsOverdueOpen', zh: '超期未办结', en: 'Overdue, open', definition: { zh: '至统计时已超过整件时限仍未办结的件数', en: 'Past the whole complaint’s due time and not closed when the figures are read' } },
];

// ---------------------------------------------------------------------------------------------
// The upward report (好差评 数据上报)

/**
 * The 12-digit region code the province expects: the statistical division code, so a GB/T 2260
 * county code (6 digits) and a town code (9) are padded on the right with zeros; a village code (12)
 * is already one. 370982 → 370982000000, 370982103 → 370982103000.
 */
export function regionCode12(code: string): string {
  if (!isRegionCode(code)) throw new Error(`Not a region code: ${code}`);
  return code.padEnd(12, '0');
}

/** A natural person's name: the surname kept (张三丰 → 张**); an organisation's: first two and last two characters kept. */
export function maskName(name: string, kind: 'person' | 'organisation'): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (kind === 'person') return chars.length === 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
  if (chars.length <= 4) return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/** An ID number or USCC: the first six and the last four kept, never the whole (an already masked one stays as it is). */
export function maskCardNumber(value: string): string {
  const v = value.trim();
  if (v.length < 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

export function maskMobile(phone: string): string {
  const p = phone.trim();
  if (p.length === 0) return '';
  return p.length === 11 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '*'.repeat(p.length);
}

/** What the repository reads for one rating of the month, joined to its case or ticket. */
export interface UpwardSource {
  ratingId: string;
  level: RatingLevel;
  channel: 'onsite' | 'online';
  source: RatingSource;
  anonymous: boolean;
  givenAt: Date;
  caseNo: string | null;
  ticketNo: string | null;
  itemName: string | null;
  itemCode: string | null;
  itemVersion: number | null;
  caseStatus: string | null;
  applyTime: Date | null;
  transactionTime: Date | null;
  departmentName: string | null;
  departmentCode: string | null;
  regionCode: string;
  regionName: string;
  applicantKind: 'person' | 'organisation' | null;
  applicantName: string | null;
  applicantCard: string | null;
  applicantPhone: string | null;
  staffLogin: string | null;
  staffName: string | null;
}

export interface UpwardRecord {
  projNo: string;
  projName: string;
  serviceName: string;
  serviceCode: string;
  serviceVersion: string;
  serviceDepartment: string;
  serviceDepartmentCode: string;
  applicantName?: string;
  applicantCardNumber?: string;
  applicantPhone?: string;
  userProp?: '1' | '2';
  handleStateCode: string;
  handleStateName: string;
  regionCode: string;
  regionName: string;
  applyTime: string;
  transactionTime: string;
  evaluateTime: string;
  channel: '1' | '2';
  evaluateChannel: string;
  source: string;
  score: number;
  levelName: string;
  anonymous: '0' | '1';
  evaluatedPersonInfo: { loginName: string; name: string }[];
}

/** Handling states as the province's code and name (办结 when the case concluded, 在办 otherwise; a visit without a case: 已服务). */
function handleState(status: string | null): { code: string; name: string } {
  if (status === null) return { code: '3', name: '已服务' };
  if (['concluded', 'delivered', 'archived'].includes(status)) return { code: '1', name: '办结' };
  if (['refused', 'withdrawn', 'terminated'].includes(status)) return { code: '2', name: '不予受理或终止' };
  return { code: '0', name: '在办' };
}

/** `YYYY-MM-DD HH:MM:SS` in China time, the province's format. */
export function provinceTime(at: Date | null): string {
  if (!at) return '';
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One rating as the province takes it. Only the score is a number (5 … 1 from ratingScore); an
 * anonymous rating carries no applicant field at all; identity is masked, never whole.
 */
export function toUpwardRecord(s: UpwardSource): UpwardRecord {
  const state = handleState(s.caseStatus);
  const name = s.itemName ?? '现场服务';
  const record: UpwardRecord = {
    projNo: s.caseNo ?? s.ticketNo ?? s.ratingId,
    projName: s.caseNo ? name : `${name}(窗口服务 ${s.ticketNo ?? ''})`.replace(' )', ')'),
    serviceName: name,
    serviceCode: s.itemCode ?? '',
    serviceVersion: s.itemVersion === null ? '' : String(s.itemVersion),
    serviceDepartment: s.departmentName ?? '',
    serviceDepartmentCode: s.departmentCode ?? '',
    handleStateCode: state.code,
    handleStateName: state.name,
    regionCode: regionCode12(s.regionCode),
    regionName: s.regionName,
    applyTime: provinceTime(s.applyTime),
    transactionTime: provinceTime(s.transactionTime),
    evaluateTime: provinceTime(s.givenAt),
    channel: s.channel === 'onsite' ? '1' : '2',
    evaluateChannel: ratingSourceLabels[s.source].zh,
    source: s.source,
    score: ratingScore[s.level],
    levelName: ratingLevelLabels[s.level].zh,
    anonymous: s.anonymous ? '1' : '0',
    evaluatedPersonInfo: s.staffLogin ? [{ loginName: s.staffLogin, name: s.staffName ?? '' }] : [],
  };
  if (!s.anonymous && s.applicantKind) {
    record.userProp = s.applicantKind === 'organisation' ? '2' : '1';
    record.applicantName = maskName(s.applicantName ?? '', s.applicantKind);
    record.applicantCardNumber = s.applicantCard ? maskCardNumber(s.applicantCard) : '';
    record.applicantPhone = s.applicantPhone ? maskMobile(s.applicantPhone) : '';
  }
  return record;
}

/** The CSV columns, in the province's order; evaluatedPersonInfo as `loginName:name` joined by `;`. */
export const upwardColumns: readonly (keyof UpwardRecord)[] = [
  'projNo',
  'projName',
  'serviceName',
  'serviceCode',
  'serviceVersion',
  'serviceDepartment',
  'serviceDepartmentCode',
  'applicantName',
  'applicantCardNumber',
  'applicantPhone',
  'userProp',
  'handleStateCode',
  'handleStateName',
  'regionCode',
  'regionName',
  'applyTime',
  'transactionTime',
  'evaluateTime',
  'channel',
  'evaluateChannel',
  'source',
  'score',
  'levelName',
  'anonymous',
  'evaluatedPersonInfo',
];

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.map((p: { loginName: string; name: string }) => `${p.loginName}:${p.name}`).join(';') : value === undefined ? '' : String(value);
  // A leading = + - @ would be read as a formula by a spreadsheet: quote it away.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function upwardCsv(records: readonly UpwardRecord[]): string {
  const lines = [upwardColumns.join(','), ...records.map((r) => upwardColumns.map((c) => csvCell(r[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
