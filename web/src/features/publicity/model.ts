/** 公示 on screen: the answers' shapes (from the server's contracts) and the API paths. */
import type { z } from 'zod';
import type { centerPublicitySchema, publicCenterSchema } from '../../../../src/http/contracts/publicity.ts';

export type CenterPublicity = z.input<typeof centerPublicitySchema>;
export type PublicityCenter = z.input<typeof publicCenterSchema>;
export type PublishedLicence = CenterPublicity['licences']['items'][number];
export type ListedAssistance = CenterPublicity['assistance'][number];
export type MonthFigures = CenterPublicity['figures'][number];
export type CatalogEntry = CenterPublicity['catalog'][number];

export const publicityApi = {
  centers: '/api/public/centers',
  center: (centerId: string, before?: string | null) => `/api/public/centers/${encodeURIComponent(centerId)}/publicity${before ? `?before=${encodeURIComponent(before)}` : ''}`,
};

export const publicityPaths = {
  index: '/gongshi',
  center: (centerId: string) => `/gongshi/${encodeURIComponent(centerId)}`,
};

/** The catalog grouped by department, in the order the server sent it (department, then code). */
export function byDepartment(catalog: readonly CatalogEntry[]): { department: string; items: CatalogEntry[] }[] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of catalog) {
    const list = groups.get(entry.departmentName) ?? [];
    list.push(entry);
    groups.set(entry.departmentName, list);
  }
  return [...groups].map(([department, items]) => ({ department, items }));
}
