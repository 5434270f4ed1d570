/**
 * What the signed-in staff member may open and change, from their grants and the permission matrix
 * the server enforces (`src/domain/permissions.ts`). The server checks every call again (role ×
 * department × region); this only decides which menus, pages and buttons to show.
 */
import { rolesFor } from '../../../src/domain/case-lifecycle.ts';
import { grantHolds, mayAnywhere, type Permission } from '../../../src/domain/permissions.ts';
import { isWithinRegion } from '../../../src/domain/region.ts';
import type { Grant, Region } from '../api.ts';

export interface Capabilities {
  /** 组织机构: regions, centers, departments, windows. */
  viewOrganisation: boolean;
  /** 工作人员 list (supervisors read it, administrators manage it). */
  viewStaff: boolean;
  manageStaff: boolean;
  manageApiKeys: boolean;
  /** 数据推送: a department's webhook subscriptions (administrators). */
  managePush: boolean;
  viewAudit: boolean;
  /** 事项管理, 一件事, 工作日历: the catalog and the working-day calendar. */
  manageCatalog: boolean;
  /** 办件查询 and case details: every staff role. */
  viewCases: boolean;
  /** 部门待办: department reviewers and town approvers. */
  workInbox: boolean;
  /** 网上预审: the item's department reviewer, the center's front desk, a town's window. */
  prereview: boolean;
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
  /** 帮办代办 desk: proxy cases, authorisations and figures (agents; the center's staff read them). */
  viewAgents: boolean;
  /** Take and manage authorisations, follow up (the village or town proxy agent). */
  workAsAgent: boolean;
  /** 投诉诉求: the complaint desk (the center's staff and supervisors; a department's reviewer: its inbox). */
  viewComplaints: boolean;
  /** Receive complaints at the hall or from the hotline. */
  receiveComplaints: boolean;
  /** Dispatch, reassign, supervise, close and revisit. */
  dispatchComplaints: boolean;
  /** Accept, return and answer for one's department. */
  handleComplaints: boolean;
  /** 通知管理: the message log and its figures (administrators, supervisors). */
  viewNotifications: boolean;
  /** Notification templates (administrators; saved only by a grant at the province). */
  manageNotifications: boolean;
  /** 差评整改 inbox: the department's verification, triage, report and appeal (reviewers, town approvers). */
  workRectifications: boolean;
  /** 好差评督办: revisits and the figures (supervisors, the center's front desk). */
  revisitRatings: boolean;
  /** Decide departments' appeals against bad ratings (supervisors). */
  decideAppeals: boolean;
  /** 好差评月报: the monthly report, its Excel and the upward file (supervisors, administrators). */
  viewQualityReport: boolean;
  /** 督查驾驶舱: the supervision dashboards (supervisors, administrators, department reviewers: their own). */
  viewSupervision: boolean;
  /** 窗口评价器: the window's rating pad (the window roles). */
  ratingPad: boolean;
  /** 好差评设置: a region's rating and complaint time limits (administrators). */
  qualitySettings: boolean;
  /** 电子监察: alerts of the region (supervisors) or of one's department (reviewers, town approvers). */
  viewAlerts: boolean;
  /** Respond to one's department's alerts. */
  respondAlerts: boolean;
  /** Close alerts with a verdict (supervisors). */
  closeAlerts: boolean;
}

export type Capability = keyof Capabilities;

/** The permission behind each capability (what the server checks on the calls the page makes). */
export const capabilityPermissions: Record<Exclude<Capability, 'decideIntake'>, Permission> = {
  viewOrganisation: 'org.manage',
  viewStaff: 'staff.read',
  manageStaff: 'staff.manage',
  manageApiKeys: 'apikey.manage',
  viewAudit: 'audit.read',
  manageCatalog: 'catalog.edit',
  viewCases: 'case.view',
  workInbox: 'task.work',
  prereview: 'case.prereview',
  issueResults: 'case.issue',
  viewFilings: 'filing.read',
  reviewFilings: 'filing.review',
  setReviewPolicy: 'filing.policy',
  intake: 'case.intake',
  workWindow: 'window.work',
  viewAppointments: 'appointment.read',
  manageAppointments: 'appointment.manage',
  viewHallStats: 'hall.stats',
  viewAgents: 'agent.read',
  workAsAgent: 'agent.work',
  viewComplaints: 'complaint.read',
  receiveComplaints: 'complaint.receive',
  dispatchComplaints: 'complaint.dispatch',
  handleComplaints: 'complaint.handle',
  viewNotifications: 'notification.read',
  manageNotifications: 'notification.manage',
  managePush: 'push.manage',
  workRectifications: 'rectification.work',
  revisitRatings: 'rectification.revisit',
  decideAppeals: 'rating.appeal.decide',
  viewQualityReport: 'quality.report',
  viewSupervision: 'supervision.read',
  ratingPad: 'rating.pad',
  qualitySettings: 'quality.settings',
  viewAlerts: 'alert.read',
  respondAlerts: 'alert.respond',
  closeAlerts: 'alert.close',
};

export function capabilitiesOf(grants: readonly Grant[]): Capabilities {
  const may = Object.fromEntries(Object.entries(capabilityPermissions).map(([capability, permission]) => [capability, mayAnywhere(grants, permission)]));
  return {
    ...(may as Record<keyof typeof capabilityPermissions, boolean>),
    // Who accepts, refuses or gives the correction notice is the case transition table's to say.
    decideIntake: grants.some((g) => rolesFor('accept').includes(g.role) && grantHolds(g, 'case.intake')),
  };
}

/** The grants that give `permission` (where the user may do it). */
export function grantsWith(grants: readonly Grant[], permission: Permission): Grant[] {
  return grants.filter((g) => grantHolds(g, permission));
}

/**
 * Region paths where the user administers the whole organisation (`org.manage` grants not narrowed
 * to a department): regions, centers, departments and windows there are theirs to change.
 */
export function orgAdminPaths(grants: readonly Grant[], regions: readonly Region[]): string[] {
  const pathOf = new Map(regions.map((r) => [r.code, r.path]));
  return grantsWith(grants, 'org.manage')
    .filter((g) => g.departmentId === null)
    .map((g) => pathOf.get(g.regionCode))
    .filter((p): p is string => p !== undefined);
}

/** Region paths of every `staff.manage` grant: where the user may hand out grants and API keys. */
export function adminPaths(grants: readonly Grant[], regions: readonly Region[]): string[] {
  const pathOf = new Map(regions.map((r) => [r.code, r.path]));
  return grantsWith(grants, 'staff.manage')
    .map((g) => pathOf.get(g.regionCode))
    .filter((p): p is string => p !== undefined);
}

export function isInside(path: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinRegion(path, scope));
}
