/** Staff members and their grants (/api/staff). */
import { z } from 'zod';
import { roles } from '../../domain/roles.ts';
import type { StaffMember } from '../../repositories/staff.repository.ts';
import { nameField } from './common.ts';

// ---- Responses ----------------------------------------------------------------------------------

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

export function toStaffDto(member: StaffMember): z.output<typeof staffSchema> {
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

// ---- Requests -----------------------------------------------------------------------------------

export const grantInput = z.strictObject({
  role: grantSchema.shape.role,
  departmentId: z.uuid().nullable(),
  regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/),
});
const password = z.string().min(8).max(128);

export const createStaffBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { error: 'letters, digits, . _ -; 2 to 64' }),
  displayName: nameField,
  phone: z.string().trim().max(40).default(''),
  password,
  grants: z.array(grantInput).max(50),
  homeRegionCode: grantInput.shape.regionCode.optional().describe('home region; default: the deepest region all grants share, or the administrator’s own'),
  homeDepartmentId: z.uuid().nullable().optional(),
});
export const updateStaffBody = z.strictObject({ displayName: nameField.optional(), phone: z.string().trim().max(40).optional(), active: z.boolean().optional() });
export const setGrantsBody = z.strictObject({ grants: z.array(grantInput).max(50) });
export const resetPasswordBody = z.strictObject({ password });
