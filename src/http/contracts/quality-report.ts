/** 好差评 publication: the monthly figures (public and staff) and the upward report's records. */
import { z } from 'zod';
import { ratingLevels } from '../../domain/rating.ts';
import { isMonth } from '../../domain/quality-report.ts';
import { timestamp } from './common.ts';

const month = z.string().refine(isMonth, { error: 'must be a month YYYY-MM', params: { zh: '月份应为 YYYY-MM' } });
const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: 'must be a region code of 6, 9 or 12 digits' });

export const publicQualityQuery = z.strictObject({ region: regionCode, month });
export const qualityReportQuery = z.strictObject({ region: regionCode.optional(), month });
export const upwardQuery = z.strictObject({ region: regionCode.optional(), month, format: z.enum(['json', 'csv']).optional() });

const count = z.number().int().nonnegative();
const rate = z.number().nullable().describe('percentage with one decimal; null when there is nothing to divide by');

export const qualityFiguresSchema = z.object({
  levels: z.object(Object.fromEntries(ratingLevels.map((l) => [l, count])) as Record<(typeof ratingLevels)[number], typeof count>),
  total: count,
  satisfied: count,
  bad: count,
  excluded: count,
  defaults: count,
  satisfactionRate: rate,
  realNameBad: count,
  revisited: count,
  revisitRate: rate,
  rectOpened: count,
  rectClosed: count,
  rectOnTime: count,
  rectLate: count,
  rectOnTimeRate: rate,
  complaints: z.object({ consultation: count, help: count, complaint: count, report: count, urgent: count }),
  complaintsTotal: count,
  complaintsClosed: count,
  complaintsClosedOnTime: count,
  complaintsClosedOnTimeRate: rate,
  complaintsOverdueOpen: count,
});

export const qualityReportSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), code12: z.string() }),
  month: z.string(),
  asOf: timestamp,
  totals: qualityFiguresSchema,
  departments: z.array(z.object({ departmentId: z.uuid().nullable(), name: z.string(), figures: qualityFiguresSchema })),
  narrowed: z.boolean(),
});

export const upwardRecordSchema = z.object({
  projNo: z.string(),
  projName: z.string(),
  serviceName: z.string(),
  serviceCode: z.string(),
  serviceVersion: z.string(),
  serviceDepartment: z.string(),
  serviceDepartmentCode: z.string(),
  applicantName: z.string().optional(),
  applicantCardNumber: z.string().optional(),
  applicantPhone: z.string().optional(),
  userProp: z.enum(['1', '2']).optional(),
  handleStateCode: z.string(),
  handleStateName: z.string(),
  regionCode: z.string().regex(/^\d{12}$/),
  regionName: z.string(),
  applyTime: z.string(),
  transactionTime: z.string(),
  evaluateTime: z.string(),
  channel: z.enum(['1', '2']),
  evaluateChannel: z.string(),
  source: z.string(),
  score: z.number().int().min(1).max(5),
  levelName: z.string(),
  anonymous: z.enum(['0', '1']),
  evaluatedPersonInfo: z.array(z.object({ loginName: z.string(), name: z.string() })),
});

export type QualityReportDto = z.input<typeof qualityReportSchema>;
export type UpwardRecordDto = z.input<typeof upwardRecordSchema>;
