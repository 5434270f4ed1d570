/** 电子监察 alerts: the list (filters, paged), one alert, respond, close, the dashboards' summary. */
import { z } from 'zod';
import { alertActions, alertRules, alertStates, alertVerdicts } from '../../domain/alert.ts';
import type { AlertSummary, AlertView } from '../../services/alert.service.ts';
import { calendarDate, timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, { error: 'must be a region code' });

export const alertListQuery = z.strictObject({
  rule: z.enum(alertRules).optional(),
  state: z.enum(alertStates).optional(),
  regionCode: regionCode.optional(),
  departmentId: z.uuid().optional(),
  /** Raised from / to (China dates, inclusive). */
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  caseId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const alertSummaryQuery = z.strictObject({
  regionCode: regionCode.optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});

export const alertRespondBody = z.strictObject({ text: text(2000).min(1) });

export const alertCloseBody = z.strictObject({ verdict: z.enum(alertVerdicts), note: text(2000).default('') });

const person = z.object({ id: z.string().nullable(), name: z.string() });

export const alertSchema = z.object({
  id: z.string(),
  rule: z.enum(alertRules),
  subjectKey: z.string(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  itemName: z.string().nullable(),
  departmentId: z.string(),
  departmentName: z.string(),
  regionPath: z.string(),
  raisedAt: timestamp,
  raisedOn: z.string(),
  /** What the rule saw (due date, material, counts…): for reading, not a contract of its own. */
  facts: z.record(z.string(), z.unknown()),
  responseDue: z.string(),
  state: z.enum(alertStates),
  respondedBy: person.nullable(),
  respondedAt: timestamp.nullable(),
  response: z.string(),
  closedBy: person.nullable(),
  closedAt: timestamp.nullable(),
  verdict: z.enum(alertVerdicts).nullable(),
  verdictNote: z.string(),
  /** Open past its response date (China date). */
  overdue: z.boolean(),
  /** What the caller may do with it now. */
  possibleActions: z.array(z.enum(alertActions)),
});

export const alertPageSchema = z.object({ items: z.array(alertSchema), total: z.number().int() });

const stateCounts = z.object({ open: z.number().int(), responded: z.number().int(), closed: z.number().int() });

export const alertSummarySchema = z.object({
  regionCode: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  byRule: z.array(z.object({ rule: z.enum(alertRules), total: z.number().int(), byState: stateCounts, overdue: z.number().int() })),
  total: z.number().int(),
  byState: stateCounts,
  overdue: z.number().int(),
});

export type AlertDto = z.input<typeof alertSchema>;
export type AlertSummaryDto = z.input<typeof alertSummarySchema>;

export function toAlertDto(a: AlertView): z.output<typeof alertSchema> {
  return {
    id: a.id,
    rule: a.rule,
    subjectKey: a.subjectKey,
    caseId: a.caseId,
    caseNo: a.caseNo,
    itemName: a.itemName,
    departmentId: a.departmentId,
    departmentName: a.departmentName,
    regionPath: a.regionPath,
    raisedAt: a.raisedAt,
    raisedOn: a.raisedOn,
    facts: a.facts,
    responseDue: a.responseDue,
    state: a.state,
    respondedBy: a.respondedBy,
    respondedAt: a.respondedAt,
    response: a.response,
    closedBy: a.closedBy,
    closedAt: a.closedAt,
    verdict: a.verdict,
    verdictNote: a.verdictNote,
    overdue: a.overdue,
    possibleActions: a.possibleActions,
  };
}

export function toAlertSummaryDto(s: AlertSummary): z.output<typeof alertSummarySchema> {
  return s;
}
