/**
 * The case lifecycle (DESIGN §6) as ONE table: status × action → next status, who may take it, and
 * the guard it must pass. The server refuses anything else with a 409 listing the actions that are
 * possible; the web app calls `availableActions` with the same arguments to decide which buttons to
 * show.
 */
import type { Role } from './roles.ts';

export const caseStatuses = [
  'draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended', 'concluded', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusLabels: Record<CaseStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交(已接件)', en: 'Submitted' },
  needs_correction: { zh: '待补正', en: 'Needs correction' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_review: { zh: '审查中', en: 'In review' },
  suspended: { zh: '暂停计时(特别程序)', en: 'Suspended' },
  concluded: { zh: '办结', en: 'Concluded' },
  delivered: { zh: '已送达(出件)', en: 'Delivered' },
  archived: { zh: '归档', en: 'Archived' },
  refused: { zh: '不予受理', en: 'Refused' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
  terminated: { zh: '终止', en: 'Terminated' },
};

/** Who acts on a case: a staff role, the applicant (or the proxy agent for them), or the platform itself. */
export type CaseActorRole = Role | 'applicant' | 'system';

/** What the guards look at, taken from the case when an action is asked for. */
export interface CaseFacts {
  caseKind: 'instant' | 'promised';
  /** The earliest point a still-missing deferred (容缺) material blocks, if any. */
  deferredBlocks: 'decision' | 'issuance' | null;
  /** Department tasks of the current stage that are not done. */
  openTasks: number;
  /** Whether the one correction notice (一次性告知书) was already given. */
  correctionNoticeIssued: boolean;
}

export interface Guard {
  test(facts: CaseFacts): boolean;
  reason: { zh: string; en: string };
}

export interface ActionRule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  by: readonly CaseActorRole[];
  label: { zh: string; en: string };
  guards?: readonly Guard[];
}

const noDeferredBeforeDecision: Guard = {
  test: (f) => f.deferredBlocks !== 'decision',
  reason: { zh: '容缺材料尚未补齐,须在作出决定前补齐', en: 'A deferred material is still missing and is due before the decision' },
};

const noDeferredBeforeIssuance: Guard = {
  test: (f) => f.deferredBlocks === null,
  reason: { zh: '容缺材料尚未补齐,须在出件前补齐', en: 'A deferred material is still missing and is due before issuance' },
};

const onlyInstant: Guard = {
  test: (f) => f.caseKind === 'instant',
  reason: { zh: '只有即办件可以在受理后当场办结', en: 'Only an instant item is decided on the spot' },
};

const noOpenTasks: Guard = {
  test: (f) => f.openTasks === 0,
  reason: { zh: '还有部门未完成审查', en: 'Some departments have not finished their review' },
};

const oneCorrectionNotice: Guard = {
  test: (f) => !f.correctionNoticeIssued,
  reason: { zh: '一次性告知书已出具,不得就同一申请再次告知补正', en: 'The one correction notice was already given for this application' },
};

export const caseActions = {
  submit: { from: ['draft'], to: 'submitted', by: ['applicant', 'agent', 'front_desk'], label: { zh: '提交申请', en: 'Submit' } },
  accept: { from: ['submitted'], to: 'accepted', by: ['front_desk', 'town_approver'], label: { zh: '受理', en: 'Accept' } },
  request_correction: {
    from: ['submitted'], to: 'needs_correction', by: ['front_desk', 'town_approver'], label: { zh: '一次性告知补正', en: 'Issue the correction notice' }, guards: [oneCorrectionNotice],
  },
  resubmit: { from: ['needs_correction'], to: 'submitted', by: ['applicant', 'agent', 'front_desk'], label: { zh: '补正后重新提交', en: 'Resubmit with corrections' } },
  refuse: { from: ['submitted', 'needs_correction'], to: 'refused', by: ['front_desk', 'town_approver'], label: { zh: '不予受理', en: 'Refuse' } },
  start_review: { from: ['accepted'], to: 'in_review', by: ['reviewer', 'town_approver', 'system'], label: { zh: '开始审查', en: 'Start review' } },
  suspend: { from: ['in_review'], to: 'suspended', by: ['reviewer', 'town_approver'], label: { zh: '特别程序(暂停计时)', en: 'Special procedure (pause the clock)' } },
  return_to_applicant: { from: ['in_review'], to: 'suspended', by: ['reviewer', 'town_approver'], label: { zh: '退回申请人补正', en: 'Return to the applicant for correction' } },
  resume: { from: ['suspended'], to: 'in_review', by: ['reviewer', 'town_approver', 'front_desk', 'applicant', 'agent', 'system'], label: { zh: '恢复计时', en: 'Resume' } },
  decide_on_spot: {
    from: ['accepted'], to: 'concluded', by: ['front_desk', 'town_approver'], label: { zh: '当场办结', en: 'Decide on the spot' }, guards: [onlyInstant, noDeferredBeforeDecision],
  },
  conclude: {
    from: ['in_review'], to: 'concluded', by: ['reviewer', 'town_approver', 'system'], label: { zh: '办结', en: 'Conclude' }, guards: [noOpenTasks, noDeferredBeforeDecision],
  },
  reject_on_spot: {
    from: ['accepted'], to: 'concluded', by: ['front_desk', 'town_approver'], label: { zh: '当场不予许可', en: 'Reject on the spot' }, guards: [onlyInstant],
  },
  reject: { from: ['in_review'], to: 'concluded', by: ['reviewer', 'town_approver', 'system'], label: { zh: '不予许可', en: 'Reject' } },
  deliver: { from: ['concluded'], to: 'delivered', by: ['issuer', 'front_desk', 'town_approver', 'system'], label: { zh: '出件送达', en: 'Deliver the result' }, guards: [noDeferredBeforeIssuance] },
  archive: { from: ['delivered'], to: 'archived', by: ['issuer', 'town_approver', 'system'], label: { zh: '归档', en: 'Archive' } },
  withdraw: {
    from: ['draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended'], to: 'withdrawn', by: ['applicant', 'agent', 'front_desk'], label: { zh: '撤回申请', en: 'Withdraw' },
  },
  terminate: { from: ['accepted', 'in_review', 'suspended'], to: 'terminated', by: ['reviewer', 'town_approver', 'supervisor'], label: { zh: '终止办理', en: 'Terminate' } },
} as const satisfies Record<string, ActionRule>;

export type CaseAction = keyof typeof caseActions;

export const terminalStatuses: readonly CaseStatus[] = ['archived', 'refused', 'withdrawn', 'terminated'];

/** Statuses in which the clock runs (accepted and not paused, not yet concluded). */
export function isClockRunning(status: CaseStatus): boolean {
  return status === 'accepted' || status === 'in_review';
}

export type Decision =
  | { allowed: true; to: CaseStatus }
  | { allowed: false; why: 'status' | 'role' | 'guard'; reason?: { zh: string; en: string } };

/** Whether `roles` may take `action` on a case in `status` with these facts, and where it leads. */
export function decide(status: CaseStatus, action: CaseAction, roles: readonly CaseActorRole[], facts: CaseFacts): Decision {
  const rule: ActionRule = caseActions[action];
  if (!rule.from.includes(status)) return { allowed: false, why: 'status' };
  if (!rule.by.some((r) => roles.includes(r))) return { allowed: false, why: 'role' };
  const failed = rule.guards?.find((g) => !g.test(facts));
  if (failed) return { allowed: false, why: 'guard', reason: failed.reason };
  return { allowed: true, to: rule.to };
}

/** The actions these roles may take now: the buttons the web app shows, the list a 409 carries. */
export function availableActions(status: CaseStatus, roles: readonly CaseActorRole[], facts: CaseFacts): CaseAction[] {
  return (Object.keys(caseActions) as CaseAction[]).filter((action) => decide(status, action, roles, facts).allowed);
}
