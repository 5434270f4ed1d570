/** 好差评: region settings, the forms, the pad, the invitation page, the applicant's and agent's ratings, staff reads. */
import { z } from 'zod';
import { ratingChannels, ratingForms, ratingLevels, ratingSources } from '../../domain/rating.ts';
import type { RatingFormRecord } from '../../repositories/rating.repository.ts';
import type { InvitationView, PadState, StaffRating } from '../../services/rating.service.ts';
import { calendarDate, timestamp } from './common.ts';

const days = (min: number, max: number) => z.number().int().min(min).max(max);

export const qualitySettingsBody = z.strictObject({
  defaultRatingDays: days(1, 60).nullable(),
  changeHours: days(0, 720),
  reportBackDays: days(1, 60),
  rectifyDays: days(1, 120),
  revisitDays: days(1, 60),
  consultationDays: days(1, 60),
  complaintDays: days(1, 120),
  stepDays: days(1, 30),
});

export const regionParam = z.strictObject({ code: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, { error: 'must be a region code' }) });

export const qualitySettingsSchema = z.object({
  regionCode: z.string(),
  /** Where the settings in force come from: the region itself, an ancestor, or null for the defaults. */
  from: z.string().nullable(),
  settings: z.object({
    defaultRatingDays: z.number().int().nullable(),
    changeHours: z.number().int(),
    reportBackDays: z.number().int(),
    rectifyDays: z.number().int(),
    revisitDays: z.number().int(),
    consultationDays: z.number().int(),
    complaintDays: z.number().int(),
    stepDays: z.number().int(),
  }),
  defaults: z.object({
    defaultRatingDays: z.number().int().nullable(),
    changeHours: z.number().int(),
    reportBackDays: z.number().int(),
    rectifyDays: z.number().int(),
    revisitDays: z.number().int(),
    consultationDays: z.number().int(),
    complaintDays: z.number().int(),
    stepDays: z.number().int(),
  }),
});

export const channelParam = z.strictObject({ channel: z.enum(ratingChannels) });

export const ratingFormSchema = z.object({
  id: z.string(),
  channel: z.enum(ratingChannels),
  version: z.number().int(),
  indicators: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string() })),
  tags: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), polarity: z.enum(['good', 'bad']) })),
});

export function toFormDto(f: RatingFormRecord): z.infer<typeof ratingFormSchema> {
  return { id: f.id, channel: f.channel, version: f.version, indicators: f.indicators, tags: f.tags };
}

const level = z.enum(ratingLevels);

/** The indicator and tag keys of the forms in force (each form's own are checked by the service). */
const indicatorKeys = [...new Set(Object.values(ratingForms).flatMap((f) => f.indicators.map((i) => i.key)))] as [string, ...string[]];
const tagKeys = [...new Set(Object.values(ratingForms).flatMap((f) => f.tags.map((t) => t.key)))] as [string, ...string[]];

export const ratingBody = z.strictObject({
  level,
  indicators: z.partialRecord(z.enum(indicatorKeys), level).optional(),
  tags: z.array(z.enum(tagKeys)).max(20).optional(),
  comment: z.string().max(500).optional(),
  anonymous: z.boolean().optional(),
});

export const padRatingBody = ratingBody.extend({ ticketId: z.uuid() });

export const padStateSchema = z.object({
  windowId: z.string(),
  windowName: z.string(),
  ticket: z.object({ id: z.string(), number: z.string(), staffName: z.string().nullable(), status: z.string() }).nullable(),
  form: ratingFormSchema,
});

export function toPadDto(p: PadState): z.infer<typeof padStateSchema> {
  return { ...p, form: toFormDto(p.form) };
}

export const tokenParam = z.strictObject({ token: z.string().min(1).max(64) });

export const caseRatingSchema = z.object({
  caseNo: z.string(),
  itemName: z.string(),
  applicantMasked: z.string(),
  concludedOn: z.string().nullable(),
  form: ratingFormSchema,
  rating: z
    .object({
      level,
      indicators: z.record(z.string(), z.string()),
      tags: z.array(z.string()),
      comment: z.string(),
      anonymous: z.boolean(),
      givenAt: timestamp,
      changeUntil: timestamp,
      changeable: z.boolean(),
    })
    .nullable(),
});

export function toCaseRatingDto(v: InvitationView): z.infer<typeof caseRatingSchema> {
  return { ...v, form: toFormDto(v.form) };
}

export const ratingListQuery = z.strictObject({
  from: calendarDate.optional(),
  until: calendarDate.optional(),
  level: level.optional(),
  bad: z.enum(['true', 'false']).optional(),
  departmentId: z.uuid().optional(),
  channel: z.enum(ratingChannels).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});

export const staffRatingSchema = z.object({
  id: z.string(),
  channel: z.enum(ratingChannels),
  source: z.enum(ratingSources),
  formVersion: z.number().int(),
  caseId: z.string().nullable(),
  caseNo: z.string().nullable(),
  itemName: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  level,
  indicators: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  comment: z.string(),
  anonymous: z.boolean(),
  applicantId: z.string().nullable().describe('null when anonymous'),
  applicantName: z.string().nullable().describe('null when anonymous'),
  raterPhone: z.string().nullable().describe('masked; null when anonymous'),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string(),
  windowId: z.string().nullable(),
  windowName: z.string().nullable(),
  itemCode: z.string().nullable(),
  givenAt: timestamp,
  changedAt: timestamp.nullable(),
  changeUntil: timestamp,
  excluded: z.boolean(),
  rectificationId: z.string().nullable(),
  rectificationState: z.string().nullable(),
});

const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p);

export function toStaffRatingDto(r: StaffRating): z.infer<typeof staffRatingSchema> {
  return {
    id: r.id,
    channel: r.channel,
    source: r.source,
    formVersion: r.formVersion,
    caseId: r.caseId,
    caseNo: r.caseNo,
    itemName: r.itemName,
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    level: r.level,
    indicators: r.indicators,
    tags: r.tags,
    comment: r.comment,
    anonymous: r.anonymous,
    applicantId: r.anonymous ? null : r.applicantId,
    applicantName: r.anonymous ? null : r.applicantName,
    raterPhone: r.anonymous ? null : maskPhone(r.raterPhone),
    staffId: r.staffId,
    staffName: r.staffName,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    regionCode: r.regionCode,
    windowId: r.windowId,
    windowName: r.windowName,
    itemCode: r.itemCode,
    givenAt: r.givenAt,
    changedAt: r.changedAt,
    changeUntil: r.changeUntil,
    excluded: r.excluded,
    rectificationId: r.rectificationId,
    rectificationState: r.rectificationState,
  };
}

export const ratingPageSchema = z.object({ rows: z.array(staffRatingSchema), total: z.number().int() });

export const kioskParams = z.strictObject({ centerId: z.uuid({ error: 'must be a UUID' }) });
export const kioskTicketParams = z.strictObject({ centerId: z.uuid({ error: 'must be a UUID' }), ticketNo: z.string().trim().toUpperCase().max(8) });
export const kioskRatingBody = ratingBody.extend({ ticketNo: z.string().trim().toUpperCase().max(8) });
export const kioskRatedSchema = z.object({ ratingId: z.string(), level });
