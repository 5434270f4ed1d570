/** Regions, departments, service centers and windows (/api/regions, /api/departments, /api/centers, /api/windows). */
import { z } from 'zod';
import { centerLevels, regionLevels } from '../../domain/region.ts';
import type { Center, Department, Region, ServiceWindow } from '../../repositories/org.repository.ts';
import { nameField } from './common.ts';

// ---- Responses ----------------------------------------------------------------------------------

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
  parentCode: z.string().nullable(),
  path: z.string().describe('codes from the root down, joined by ".", e.g. 370000.370900.370982'),
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
  level: z.enum(centerLevels),
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

export const toRegion = (r: Region): z.output<typeof regionSchema> => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, path: r.path });
export const toDepartment = (d: Department): z.output<typeof departmentSchema> => ({ id: d.id, name: d.name, uscc: d.uscc, regionCode: d.regionCode, phone: d.phone });
export const toCenter = (c: Center): z.output<typeof centerSchema> => ({
  id: c.id,
  name: c.name,
  level: c.level,
  regionCode: c.regionCode,
  address: c.address,
  phone: c.phone,
  openingHours: c.openingHours,
});
export const toWindow = (w: ServiceWindow): z.output<typeof windowSchema> => ({ id: w.id, centerId: w.centerId, number: w.number, name: w.name, departmentId: w.departmentId, active: w.active });

// ---- Requests -----------------------------------------------------------------------------------

export const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: 'must be 6, 9 or 12 digits' });
const uscc = z.string().trim().toUpperCase().length(18).nullable();
const phone = z.string().trim().max(40);

export const regionCodeParam = z.strictObject({ code: regionCode });
export const createRegionBody = z.strictObject({ code: regionCode, name: nameField, parentCode: regionCode });
export const renameRegionBody = z.strictObject({ name: nameField });

export const createDepartmentBody = z.strictObject({ name: nameField, uscc: uscc.default(null), regionCode, phone: phone.nullable().default(null) });
export const updateDepartmentBody = z.strictObject({ name: nameField.optional(), uscc: uscc.optional(), phone: phone.nullable().optional() });

const centerBody = {
  name: nameField,
  address: z.string().trim().max(200).default(''),
  phone: phone.default(''),
  openingHours: z.string().trim().max(200).default(''),
};
export const createCenterBody = z.strictObject({ ...centerBody, level: z.enum(centerLevels), regionCode });
export const updateCenterBody = z.strictObject({
  name: nameField.optional(),
  address: z.string().trim().max(200).optional(),
  phone: phone.optional(),
  openingHours: z.string().trim().max(200).optional(),
});

export const windowsQuery = z.strictObject({ centerId: z.uuid().optional() });
export const createWindowBody = z.strictObject({ centerId: z.uuid(), number: z.number().int().min(1).max(999), name: nameField, departmentId: z.uuid().nullable().default(null) });
export const updateWindowBody = z.strictObject({ name: nameField.optional(), departmentId: z.uuid().nullable().optional(), active: z.boolean().optional() });
