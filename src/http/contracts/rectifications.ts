/** 差评整改 and 申诉复核: the inbox, one task with its rating and steps, the appeals, the month's figures. */
import { z } from 'zod';
import { warningLabels } from '../../domain/case-clock.ts';
import { appealReasons, ratingChannels, ratingLevels, ratingSources, rectificationStates, revisitResults, triageKinds } from '../../domain/rating.ts';
import { rectificationActions } from '../../domain/rectification.ts';
import type { RatingAppeal } from '../../repositories/rectification.repository.ts';
import type { RectificationDetail, RectificationFigures, RectificationView } from '../../services/rectification.service.ts';
import { timestamp } from './common.ts';

const text = (max: number) => z.string().trim().max(max);
const warningLevels = Object.keys(warningLabels) as ['none', 'yellow', 'red'];

export const rectificationListQuery = z.strictObject({
  state: z.enum(rectificationStates).optional(),
  late: z.enum(['true', 'false']).optional(),
  departmentId: z.uuid().optional(),
});

export const rectificationFiguresQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month YYYY-MM' })
    .refine((m) => !m.startsWith('0000'), { error: 'must be a real month' })
    .optional(),
});

export const triageBody = z.strictObject({
  triage: z.enum(triageKinds),
  finding: text(2000).min(1),
  measures: text(2000).optional(),
  /** 立行立改 and 解释说明: report back at once with the measures (or the explanation). */
  report: z.boolean().optional(),
});

export const reportBody = z.strictObject({ measures: text(2000).min(1) });

export const revisitBody = z.strictObject({
  result: z.enum(revisitResults),
  note: text(1000).default(''),
  reLevel: z.enum(ratingLevels).optional(),
  close: z.boolean().optional(),
});

export const reRateBody = z.strictObject({ reLevel: z.enum(ratingLevels) });

export const closeBody = z.strictObject({ note: text(1000).optional() });

export const appealBody = z.strictObject({ reason: z.enum(appealReasons), statement: text(2000).min(1) });

export const appealListQuery = z.strictObject({ state: z.enum(['pending', 'upheld', 'rejected']).optional() });

export const appealDecisionBody = z.strictObject({ verdict: z.enum(['upheld', 'rejected']), note: text(1000).min(1) });

const person = z.object({ id: z.string(), name: z.string() });

export const appealSchema = z.object({
  id: z.string(),
  ratingId: z.string(),
  rectificationId: z.string().nullable(),
  department: person.nullable(),
  reason: z.enum(appealReasons),
  statement: z.string(),
  filedBy: person,
  filedAt: timestamp,
  state: z.enum(['pending', 'upheld', 'rejected']),
  decidedBy: person.nullable(),
  decidedAt: timestamp.nullable(),
  decisionNote: z.string(),
  /** Working days the task's deadlines stood still (a rejected appeal adds them to the deadlines). */
  pausedDays: z.number().int().nullable(),
  ratingLevel: z.enum(ratingLevels),
  caseNo: z.string().nullable(),
});

export const rectificationSchema = z.object({
  id: z.string(),
  state: z.enum(rectificationStates),
  triage: z.enum(triageKinds).nullable(),
  finding: z.string(),
  measures: z.string(),
  department: person.nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  reportDue: z.string(),
  rectifyDue: z.string(),
  revisitDue: z.string().nullable(),
  triagedAt: timestamp.nullable(),
  reportedAt: timestamp.nullable(),
  revisitedAt: timestamp.nullable(),
  revisitedBy: person.nullable(),
  revisitResult: z.enum(revisitResults).nullable(),
  revisitNote: z.string(),
  reLevel: z.enum(ratingLevels).nullable(),
  reRatedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  createdAt: timestamp,
  /** While appealed: the day the deadlines stopped. */
  pausedOn: z.string().nullable(),
  pending: z.object({ step: z.enum(['report', 'rectify', 'revisit']), due: z.string(), limitDays: z.number().int() }).nullable(),
  warning: z.enum(warningLevels),
  late: z.boolean(),
  possibleActions: z.array(z.enum(rectificationActions)),
  rating: z.object({
    id: z.string(),
    level: z.enum(ratingLevels),
    channel: z.enum(ratingChannels),
    source: z.enum(ratingSources),
    indicators: z.record(z.string(), z.string()),
    tags: z.array(z.string()),
    comment: z.string(),
    anonymous: z.boolean(),
    /** An upheld appeal: left out of the figures, kept in the record. */
    excluded: z.boolean(),
    givenAt: timestamp,
    caseNo: z.string().nullable(),
    itemCode: z.string().nullable(),
    itemName: z.string().nullable(),
    staff: person.nullable(),
    /** The rater: `null` for an anonymous rating, always. */
    rater: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  }),
});

export const rectificationDetailSchema = rectificationSchema.extend({ appeals: z.array(appealSchema) });

export const rectificationFiguresSchema = z.object({
  month: z.string(),
  total: z.number().int(),
  byState: z.record(z.enum(rectificationStates), z.number().int()),
  late: z.number().int(),
  realName: z.number().int(),
  anonymous: z.number().int(),
  excluded: z.number().int(),
  revisited: z.number().int(),
  revisitShare: z.number().nullable(),
  reported: z.number().int(),
  reportedOnTime: z.number().int(),
  onTimeShare: z.number().nullable(),
  reRated: z.number().int(),
});

export function toAppealDto(a: RatingAppeal): z.output<typeof appealSchema> {
  return {
    id: a.id,
    ratingId: a.ratingId,
    rectificationId: a.rectificationId,
    department: a.department,
    reason: a.reason,
    statement: a.statement,
    filedBy: a.filedBy,
    filedAt: a.filedAt,
    state: a.state,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    decisionNote: a.decisionNote,
    pausedDays: a.pausedDays,
    ratingLevel: a.ratingLevel,
    caseNo: a.caseNo,
  };
}

export function toRectificationDto(v: RectificationView): z.output<typeof rectificationSchema> {
  const r = v.rating;
  return {
    id: v.id,
    state: v.state,
    triage: v.triage,
    finding: v.finding,
    measures: v.measures,
    department: v.department,
    regionCode: v.regionCode,
    regionName: v.regionName,
    reportDue: v.reportDue,
    rectifyDue: v.rectifyDue,
    revisitDue: v.revisitDue,
    triagedAt: v.triagedAt,
    reportedAt: v.reportedAt,
    revisitedAt: v.revisitedAt,
    revisitedBy: v.revisitedBy,
    revisitResult: v.revisitResult,
    revisitNote: v.revisitNote,
    reLevel: v.reLevel,
    reRatedAt: v.reRatedAt,
    closedAt: v.closedAt,
    createdAt: v.createdAt,
    pausedOn: v.pausedOn,
    pending: v.pending,
    warning: v.warning,
    late: v.late,
    possibleActions: v.possibleActions,
    rating: {
      id: r.id,
      level: r.level,
      channel: r.channel,
      source: r.source,
      indicators: r.indicators,
      tags: r.tags,
      comment: r.comment,
      anonymous: r.anonymous,
      excluded: r.excluded,
      givenAt: r.givenAt,
      caseNo: r.caseNo,
      itemCode: r.itemCode,
      itemName: r.itemName,
      staff: r.staff,
      rater: r.anonymous ? null : r.rater,
    },
  };
}

export function toRectificationDetailDto(v: RectificationDetail): z.output<typeof rectificationDetailSchema> {
  return { ...toRectificationDto(v), appeals: v.appeals.map(toAppealDto) };
}

export function toFiguresDto(f: RectificationFigures): z.output<typeof rectificationFiguresSchema> {
  return f;
}
