/**
 * What the signed-in staff member may open and change, from their grants. The server checks every
 * call again (role × department × region); this only decides which menus, pages and buttons to show.
 */
import { isWithinRegion } from '../../../src/domain/region.ts';
import type { Role } from '../../../src/domain/roles.ts';
import type { Grant, Region } from '../api.ts';

export interface Capabilities {
  /** 组织机构: regions, centers, departments, windows. */
  viewOrganisation: boolean;
  /** 工作人员 list (supervisors read it, administrators manage it). */
  viewStaff: boolean;
  manageStaff: boolean;
  manageApiKeys: boolean;
  viewAudit: boolean;
  /** 事项管理, 一件事, 工作日历: the catalog and the working-day calendar. */
  manageCatalog: boolean;
  /** 办件查询 and case details: every staff role. */
  viewCases: boolean;
  /** 部门待办: department reviewers and town approvers. */
  workInbox: boolean;
  /** 统一出件: issuance clerks, front-desk clerks, town approvers. */
  issueResults: boolean;
  /** 备案评查 list. */
  viewFilings: boolean;
  /** Receive filings and record case-file reviews. */
  reviewFilings: boolean;
  /** Set a department's review sample percentage. */
  setReviewPolicy: boolean;
  /** 综合受理: take applications at the window (front desk, town approver) or as a proxy agent. */
  intake: boolean;
  /** Accept, give the correction notice or refuse at intake; a proxy agent only submits. */
  decideIntake: boolean;
  /** 窗口叫号: sign in at a window and call tickets. */
  workWindow: boolean;
  /** 预约管理: the day's appointments (guides, front desks, administrators, supervisors). */
  viewAppointments: boolean;
  /** Slot templates (administrators). */
  manageAppointments: boolean;
  /** 大厅统计: waiting and service times. */
  viewHallStats: boolean;
}

export type Capability = keyof Capabilities;

function hasAnyRole(grants: readonly Grant[], allowed: readonly Role[]): boolean {
  return grants.some((g) => allowed.includes(g.role));
}

export function capabilitiesOf(grants: readonly Grant[]): Capabilities {
  const isAdmin = hasAnyRole(grants, ['admin']);
  return {
    viewOrganisation: isAdmin,
    viewStaff: isAdmin || hasAnyRole(grants, ['supervisor']),
    manageStaff: isAdmin,
    manageApiKeys: isAdmin,
    viewAudit: isAdmin || hasAnyRole(grants, ['supervisor']),
    manageCatalog: isAdmin,
    viewCases: grants.length > 0,
    workInbox: hasAnyRole(grants, ['reviewer', 'town_approver']),
    issueResults: hasAnyRole(grants, ['issuer', 'front_desk', 'town_approver']),
    viewFilings: hasAnyRole(grants, ['reviewer', 'supervisor', 'admin']),
    reviewFilings: hasAnyRole(grants, ['reviewer', 'supervisor']),
    setReviewPolicy: hasAnyRole(grants, ['admin', 'supervisor']),
    intake: hasAnyRole(grants, ['front_desk', 'town_approver', 'agent']),
    decideIntake: hasAnyRole(grants, ['front_desk', 'town_approver']),
    workWindow: hasAnyRole(grants, ['front_desk', 'issuer', 'guide', 'town_approver', 'agent']),
    viewAppointments: hasAnyRole(grants, ['guide', 'front_desk', 'admin', 'supervisor']),
    manageAppointments: isAdmin,
    viewHallStats: hasAnyRole(grants, ['admin', 'supervisor', 'guide']),
  };
}

/**
 * Region paths where the user administers the whole organisation (admin grants not narrowed to a
 * department): regions, centers, departments and windows there are theirs to change.
 */
export function orgAdminPaths(grants: readonly Grant[], regions: readonly Region[]): string[] {
  const pathOf = new Map(regions.map((r) => [r.code, r.path]));
  return grants
    .filter((g) => g.role === 'admin' && g.departmentId === null)
    .map((g) => pathOf.get(g.regionCode))
    .filter((p): p is string => p !== undefined);
}

/** Region paths of every admin grant: where the user may hand out grants and API keys. */
export function adminPaths(grants: readonly Grant[], regions: readonly Region[]): string[] {
  const pathOf = new Map(regions.map((r) => [r.code, r.path]));
  return grants
    .filter((g) => g.role === 'admin')
    .map((g) => pathOf.get(g.regionCode))
    .filter((p): p is string => p !== undefined);
}

export function isInside(path: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinRegion(path, scope));
}
