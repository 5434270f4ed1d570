/** 公示: the public centers list and a center's public page, and the per-item publication settings. */
import { z } from 'zod';
import { publicationKinds } from '../../domain/publicity.ts';
import { timestamp } from './common.ts';

const count = z.number().int().nonnegative();
const rate = z.number().nullable().describe('percentage with one decimal; null when there is nothing to divide by');
const day = z.string().describe('China date YYYY-MM-DD');

export const centerIdParam = z.strictObject({ centerId: z.uuid({ error: 'must be a UUID' }) });

export const publicityQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/, { error: 'must be the nextBefore of the previous page' })
    .optional(),
});

export const publicCenterSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  level: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string(),
  openingHours: z.string(),
});

export const centerPublicitySchema = z.object({
  center: publicCenterSchema,
  asOf: timestamp,
  catalog: z.array(
    z.object({
      implementationCode: z.string(),
      name: z.string(),
      itemType: z.string(),
      departmentName: z.string(),
      caseKind: z.string(),
      visitsRequired: count,
      channels: z.array(z.string()),
      publication: z.enum(publicationKinds).nullable().describe('how the item’s results are published here; null: not published'),
    }),
  ),
  licences: z.object({
    items: z.array(
      z.object({
        itemCode: z.string(),
        itemName: z.string(),
        resultName: z.string(),
        concludedOn: day,
        holder: z.string().describe('an organisation’s registered name, or a person’s surname with the rest masked (张*, 欧阳**)'),
        place: z.string().describe('the case’s region (village, town or county), never an address'),
      }),
    ),
    nextBefore: z.string().nullable().describe('pass as `before` for the next (older) page; null on the last page'),
  }),
  assistance: z.array(
    z.object({
      itemCode: z.string(),
      itemName: z.string(),
      place: z.string(),
      name: z.string().describe('surname only, the rest masked'),
      householdSize: count.nullable(),
      concludedOn: day,
      listedUntil: day,
    }),
  ),
  figures: z.array(
    z.object({
      month: z.string(),
      received: count,
      concluded: count,
      onTimeRate: rate,
      zeroVisitRate: rate,
      atMostOneVisitRate: rate,
      ratings: count,
      satisfactionRate: rate,
    }),
  ),
});

export const publicationSettingSchema = z.object({
  implementationCode: z.string(),
  name: z.string(),
  departmentName: z.string(),
  itemType: z.string(),
  published: z.boolean(),
  kind: z.enum(publicationKinds),
  periodDays: z.number().int().nullable(),
  updatedAt: timestamp.nullable(),
});

export const savePublicationBody = z.strictObject({
  published: z.boolean(),
  kind: z.enum(publicationKinds),
  periodDays: z.number().int().min(1).max(366).nullable(),
});

export type CenterPublicityDto = z.input<typeof centerPublicitySchema>;
export type PublicCenterDto = z.input<typeof publicCenterSchema>;
export type PublicationSettingDto = z.input<typeof publicationSettingSchema>;
export type SavePublicationBody = z.input<typeof savePublicationBody>;
