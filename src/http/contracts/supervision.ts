/** Supervision dashboards (issue 16 point 1): overview, breakdowns, the cases behind a number, targets, the workbook. */
import { z } from 'zod';
import { drillFigures } from '../../repositories/supervision-stats.ts';
import { targetFigures } from '../../services/supervision.service.ts';
import { timestamp } from './common.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/);

export const periodQuery = z.strictObject({
  region: regionCode.optional(),
  from: month,
  to: month,
  department: z.uuid().optional(),
});

export const breakdownQuery = periodQuery.extend({ by: z.enum(['region', 'department', 'item', 'cause']) });

export const drillQuery = periodQuery.extend({
  figure: z.enum(drillFigures),
  item: z.string().trim().min(1).max(60).optional(),
  cursor: z.string().max(400).optional(),
});

export const targetsQuery = z.strictObject({ region: regionCode.optional() });
export const targetsBody = z.strictObject({
  region: regionCode,
  targets: z.partialRecord(z.enum(targetFigures), z.number().min(0).max(100).nullable()),
});

const share = z.number().nullable();
export const caseFiguresSchema = z.object({
  received: z.number().int(),
  concluded: z.number().int(),
  approved: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  instant: z.number().int(),
  zeroVisit: z.number().int(),
  atMostOneVisit: z.number().int(),
  extraVisits: z.number().int(),
  onTimeRate: share,
  zeroVisitRate: share,
  atMostOneVisitRate: share,
  instantRate: share,
  avgDays: share,
  avgPromisedDays: share,
  avgStatutoryDays: share,
  corrections: z.number().int(),
  filingsFiled: z.number().int(),
  filingsReceived: z.number().int(),
  filingsReceivedLate: z.number().int(),
  filingsReviewed: z.number().int(),
  filingsIncorrect: z.number().int(),
});

export const liveSchema = z.object({
  running: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  longestOverdueDays: z.number().int().nullable(),
  deferred: z.number().int(),
  deferredOverdue: z.number().int(),
});

const regionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });
const targetView = z.object({ figure: z.enum(targetFigures), target: z.number(), regionCode: z.string(), regionName: z.string() });

export const overviewSchema = z.object({
  region: regionRef,
  trail: z.array(regionRef),
  children: z.array(regionRef),
  from: z.string(),
  to: z.string(),
  departmentId: z.string().nullable(),
  narrowed: z.boolean(),
  totals: caseFiguresSchema,
  trend: z.array(z.object({ month: z.string(), figures: caseFiguresSchema })),
  live: liveSchema,
  quality: z.object({
    ratings: z.number().int(),
    satisfactionRate: share,
    bad: z.number().int(),
    complaints: z.number().int(),
    complaintsClosed: z.number().int(),
    complaintsOnTimeRate: share,
    complaintsOverdueOpen: z.number().int(),
  }),
  targets: z.array(targetView.extend({ actual: share, gap: share })),
  asOf: timestamp,
});

export const breakdownSchema = z.object({
  by: z.enum(['region', 'department', 'item', 'cause']),
  rows: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(['row', 'own', 'rest']), figures: caseFiguresSchema, live: liveSchema.nullable() })),
});

export const drillPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      caseNo: z.string(),
      itemName: z.string(),
      departmentId: z.string(),
      departmentName: z.string(),
      applicantName: z.string(),
      receivedAt: timestamp,
      dueDate: z.string().nullable(),
      concludedAt: timestamp.nullable(),
      status: z.string(),
      warning: z.string(),
      visits: z.number().int(),
    }),
  ),
  next: z.string().nullable(),
});

export const targetsSchema = z.object({
  region: regionRef,
  targets: z.array(targetView.extend({ own: z.boolean() })),
});

export type OverviewDto = z.input<typeof overviewSchema>;
export type BreakdownDto = z.input<typeof breakdownSchema>;
export type DrillPageDto = z.input<typeof drillPageSchema>;
export type TargetsDto = z.input<typeof targetsSchema>;
export type CaseFiguresDto = z.input<typeof caseFiguresSchema>;
export type LiveDto = z.input<typeof liveSchema>;
