/**
 * Roles and their scope. A grant gives one role over a region subtree, optionally narrowed to one
 * department: a civil-affairs reviewer of 新泰市 sees civil-affairs work of 新泰市 and its towns,
 * never a public-security case. Pure functions: the server enforces them, the web app uses them
 * to build its menu. What each role may do is in `permissions.ts`.
 */
import { isWithinRegion } from './region.ts';

export const roles = ['guide', 'front_desk', 'reviewer', 'issuer', 'agent', 'town_approver', 'supervisor', 'admin'] as const;

export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, { zh: string; en: string }> = {
  guide: { zh: '导办员', en: 'Guide' },
  front_desk: { zh: '综合受理员', en: 'Front-desk clerk' },
  reviewer: { zh: '审批员', en: 'Department reviewer' },
  issuer: { zh: '出件窗口', en: 'Issuance clerk' },
  agent: { zh: '代办员', en: 'Proxy agent' },
  town_approver: { zh: '乡镇审批(受委托)', en: 'Town approver (delegated)' },
  supervisor: { zh: '督查', en: 'Supervisor' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** One role over a region subtree, optionally narrowed to a department. */
export interface Grant {
  role: Role;
  /** `null` means every department in the region subtree. */
  departmentId: string | null;
  /** Materialised path of the region the grant covers, e.g. `370000.370900.370982`. */
  regionPath: string;
}

/** What an action touches: where it lies and, when it belongs to one, which department. */
export interface ScopeTarget {
  regionPath: string;
  /** `null` or absent: no department owns it, so only a grant of every department covers it. */
  departmentId?: string | null;
}

/**
 * Whether a grant covers a target: the target's region lies in the grant's subtree and the
 * departments fit. The one record-level comparison of the permission matrix (`permissions.ts`).
 */
export function grantCovers(grant: Pick<Grant, 'departmentId' | 'regionPath'>, target: ScopeTarget): boolean {
  if (!isWithinRegion(target.regionPath, grant.regionPath)) return false;
  return grant.departmentId === null || grant.departmentId === (target.departmentId ?? null);
}
