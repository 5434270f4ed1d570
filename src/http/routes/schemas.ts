/** Shapes shared by the route files: DTOs as the API shows them, and common parameters. */
import { z } from 'zod';
import { roles } from '../../domain/roles.ts';
import { regionLevels } from '../../domain/region.ts';
import { isIsoDate } from '../../domain/calendar.ts';
import type { StaffMember } from '../../repositories/staff.repository.ts';

export const uuidParam = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) });

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string(), details: z.unknown().optional() }),
});

export const grantSchema = z.object({
  role: z.enum(roles),
  departmentId: z.uuid().nullable(),
  regionCode: z.string(),
});

export const staffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string(),
  active: z.boolean(),
  grants: z.array(grantSchema),
  homeRegionCode: z.string().nullable().describe('home region: decides who manages the member while they hold no grant'),
  homeDepartmentId: z.string().nullable(),
});

export function toStaffDto(member: StaffMember): z.infer<typeof staffSchema> {
  return {
    id: member.id,
    username: member.username,
    displayName: member.displayName,
    phone: member.phone,
    active: member.active,
    grants: member.grants.map(({ role, departmentId, regionCode }) => ({ role, departmentId, regionCode })),
    homeRegionCode: member.home?.regionCode ?? null,
    homeDepartmentId: member.home?.departmentId ?? null,
  };
}

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
  parentCode: z.string().nullable(),
  path: z.string(),
});

export const departmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string().nullable(),
  regionCode: z.string(),
  phone: z.string().nullable(),
});

export const centerSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['city', 'town', 'village']),
  regionCode: z.string(),
  address: z.string(),
  phone: z.string(),
  openingHours: z.string(),
});

export const windowSchema = z.object({
  id: z.string(),
  centerId: z.string(),
  number: z.number().int(),
  name: z.string(),
  departmentId: z.string().nullable(),
  active: z.boolean(),
});

/**
 * A real calendar day written YYYY-MM-DD: 2026-02-30 is refused here, not by the code that counts
 * with it or the database that stores it (which has no year 0000 either).
 */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine((value) => isIsoDate(value) && !value.startsWith('0000'), { error: 'must be a real calendar date', params: { zh: '不是有效的日期' } });

/** A non-blank name of reasonable length, trimmed. */
export const nameField = z.string().trim().min(1).max(100);

/**
 * An array whose entries (compared by `keyOf`) may not repeat: the first repeat is named in both
 * languages at its index, before anything reaches a unique index.
 *
 * @example
 * distinct(z.array(z.string().regex(/^[A-Z]{1,2}$/)), { zh: '业务类别', en: 'ticket class' })
 */
export function distinct<T extends z.ZodArray<z.ZodType>>(schema: T, word: { zh: string; en: string }, keyOf: (entry: z.infer<T>[number]) => unknown = (entry) => entry): T {
  return schema.superRefine((entries, ctx) => {
    const seen = new Set<unknown>();
    for (const [index, entry] of entries.entries()) {
      const key = keyOf(entry);
      if (seen.has(key)) {
        const shown = typeof key === 'string' || typeof key === 'number' ? String(key) : JSON.stringify(key);
        ctx.addIssue({ code: 'custom', path: [index], message: `${word.en} ${shown} repeats`, params: { zh: `${word.zh} ${shown} 重复` } });
        return;
      }
      seen.add(key);
    }
  });
}
