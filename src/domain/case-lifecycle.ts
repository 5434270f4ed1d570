/**
 * The case lifecycle (DESIGN §6) as ONE table: status × action → next status, who may take it
 * (per role, under which conditions), and the guards it must pass. It is the only authority: the
 * view's `available` is `availableActions(status, roles, facts)` and a case action is taken exactly
 * when `decide` with the same arguments allows it; anything else is refused with a 409 listing the
 * available actions. The web app shows exactly those buttons. Steps the platform takes on behalf of
 * another action (a task action, a bundle's parent) are the `system` role's alone, so no person can
 * take them through the case actions.
 */
import type { Role } from './roles.ts';

export const caseStatuses = ['draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended', 'concluded', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'] as const;
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
  /** A case on its own, the parent of a bundle (一件事), or one of the bundle's child cases. */
  bundle: 'single' | 'parent' | 'child';
  /** Decided by a town under delegation (the city department only receives the filing). */
  delegated: boolean;
  /** Why a suspended case is paused: returned to the applicant for correction, or a special procedure. */
  pausedKind: 'correction' | 'special' | null;
  /** Required materials neither provided nor deferred. */
  missingRequired: number;
  /** Deferred (容缺) materials not collected yet. */
  deferredPending: number;
  /** The earliest point a still-missing deferred (容缺) material blocks, if any. */
  deferredBlocks: 'decision' | 'issuance' | null;
  /** Department tasks of the current stage that are not done. */
  openTasks: number;
  /** Whether the one correction notice (一次性告知书) was already given. */
  correctionNoticeIssued: boolean;
  /**
   * A child of a business-creating 一件事 that needs the new subject (its USCC, its 营业执照) while
   * the registration child is not approved yet (absent: no).
   */
  awaitingRegistration?: boolean;
  /**
   * Submitted online (一网通办: the `web` or `mobile` channel), so the item's department pre-reviews it
   * (网上预审) besides the center's desk (absent: no).
   */
  online?: boolean;
}

export interface Guard {
  test(facts: CaseFacts): boolean;
  reason: { zh: string; en: string };
}

/** Who may take an action: any of `roles`, when the rule's `guards` and these further ones hold. */
export interface ActorRule {
  roles: readonly CaseActorRole[];
  guards?: readonly Guard[];
}

export interface ActionRule {
  from: readonly CaseStatus[];
  /** Where the action leads; `null`: the case stays where it is (the action only records something). */
  to: CaseStatus | null;
  /** Alternatives: the caller may take the action under the first one that fits its roles and facts. */
  by: readonly ActorRule[];
  label: { zh: string; en: string };
  /** Guards that hold for everyone, the platform included. */
  guards?: readonly Guard[];
}

const guard = (test: (f: CaseFacts) => boolean, zh: string, en: string): Guard => ({ test, reason: { zh, en } });

const noDeferredBeforeDecision = guard((f) => f.deferredBlocks !== 'decision', '容缺材料尚未补齐,须在作出决定前补齐', 'A deferred material is still missing and is due before the decision');
const noDeferredBeforeIssuance = guard((f) => f.deferredBlocks === null, '容缺材料尚未补齐,须在出件前补齐', 'A deferred material is still missing and is due before issuance');
const onlyInstant = guard((f) => f.caseKind === 'instant', '只有即办件可以在受理后当场办结', 'Only an instant item is decided on the spot');
const registered = guard((f) => !f.awaitingRegistration, '须待本“一件事”的设立登记核准、生成统一社会信用代码后作出决定', "Decided only once the bundle's registration is approved and the unified social credit code exists");
const noOpenTasks = guard((f) => f.openTasks === 0, '还有部门未完成审查', 'Some departments have not finished their review');
const oneCorrectionNotice = guard((f) => !f.correctionNoticeIssued, '一次性告知书已出具,不得就同一申请再次告知补正', 'The one correction notice was already given for this application');
const nothingMissing = guard((f) => f.missingRequired === 0, '材料不齐,不能受理,请出具一次性告知书', 'Required materials are missing; give the correction notice instead');
const somethingMissing = guard((f) => f.missingRequired > 0, '材料已齐全,无需补正', 'Nothing is missing');
const deferredToCollect = guard((f) => f.deferredPending > 0, '没有待补齐的容缺材料', 'No deferred material is still due');
const notBundleChild = guard((f) => f.bundle !== 'child', '“一件事”的子件随主件办理,请在主件上操作', 'A child case of a bundle follows its parent; act on the parent case');
const notDelegated = guard((f) => !f.delegated, '受委托事项由乡镇审查决定', 'A delegated item is decided by the town');
const onlyDelegated = guard((f) => f.delegated, '乡镇只对受委托事项作出审查决定', 'A town decides only the items delegated to it');
const onlineOnly = guard((f) => f.online === true, '只有网上申请由部门网上预审', 'Only an online application is pre-reviewed by the department');
const pausedForCorrection = guard((f) => f.pausedKind === 'correction', '特别程序须由审查部门结束', 'Only the reviewing department ends a special procedure');

/**
 * The platform itself: the steps a service takes on behalf of another action (review starts when a
 * promised item is accepted; a task action suspends, returns, rejects or concludes the case; a
 * bundle's children follow their parent). No person takes these through the case actions.
 */
const platform: ActorRule = { roles: ['system'] };
/** The windows that receive applications (the front desk, a town's window), for a case or a bundle as a whole. */
const windowClerks: ActorRule = { roles: ['front_desk', 'town_approver'], guards: [notBundleChild] };
/** The deciding side: the department's reviewers, the town for a delegated item. */
/** 网上预审: the item's department reviewer takes an online application in, besides the windows. */
const onlinePrereview: ActorRule = { roles: ['reviewer'], guards: [onlineOnly, notBundleChild] };
const deciders: readonly ActorRule[] = [
  { roles: ['reviewer'], guards: [notDelegated, notBundleChild] },
  { roles: ['town_approver'], guards: [onlyDelegated] },
];

export const caseActions = {
  submit: { from: ['draft'], to: 'submitted', by: [{ roles: ['applicant', 'agent', 'front_desk'] }], label: { zh: '提交申请', en: 'Submit' } },
  accept: { from: ['submitted'], to: 'accepted', by: [windowClerks, onlinePrereview, platform], label: { zh: '受理', en: 'Accept' }, guards: [nothingMissing] },
  request_correction: {
    from: ['submitted'],
    to: 'needs_correction',
    by: [windowClerks, onlinePrereview, platform],
    label: { zh: '一次性告知补正', en: 'Issue the correction notice' },
    guards: [somethingMissing, oneCorrectionNotice],
  },
  resubmit: {
    from: ['needs_correction'],
    to: 'submitted',
    by: [{ roles: ['applicant', 'agent', 'front_desk', 'town_approver'], guards: [notBundleChild] }],
    label: { zh: '补正后重新提交', en: 'Resubmit with corrections' },
  },
  refuse: { from: ['submitted', 'needs_correction'], to: 'refused', by: [windowClerks, onlinePrereview, platform], label: { zh: '不予受理', en: 'Refuse' } },
  start_review: { from: ['accepted'], to: 'in_review', by: [platform], label: { zh: '开始审查', en: 'Start review' } },
  suspend: { from: ['in_review'], to: 'suspended', by: [platform], label: { zh: '特别程序(暂停计时)', en: 'Special procedure (pause the clock)' } },
  return_to_applicant: { from: ['in_review'], to: 'suspended', by: [platform], label: { zh: '退回申请人补正', en: 'Return to the applicant for correction' } },
  resume: {
    from: ['suspended'],
    to: 'in_review',
    by: [
      { roles: ['reviewer'], guards: [notDelegated] },
      { roles: ['town_approver'], guards: [onlyDelegated] },
      // The applicant brings the corrections: whoever receives them resumes the clock.
      { roles: ['front_desk', 'town_approver', 'applicant', 'agent'], guards: [pausedForCorrection] },
      platform,
    ],
    label: { zh: '恢复计时', en: 'Resume' },
  },
  decide_on_spot: {
    from: ['accepted'],
    to: 'concluded',
    by: [windowClerks],
    label: { zh: '当场办结', en: 'Decide on the spot' },
    guards: [onlyInstant, noDeferredBeforeDecision],
  },
  conclude: { from: ['in_review'], to: 'concluded', by: [platform], label: { zh: '办结', en: 'Conclude' }, guards: [noOpenTasks, noDeferredBeforeDecision, registered] },
  reject_on_spot: { from: ['accepted'], to: 'concluded', by: [windowClerks], label: { zh: '当场不予许可', en: 'Reject on the spot' }, guards: [onlyInstant] },
  reject: { from: ['in_review'], to: 'concluded', by: [platform], label: { zh: '不予许可', en: 'Reject' } },
  collect_material: {
    from: ['accepted', 'in_review', 'suspended', 'concluded'],
    to: null,
    // The applicant (or their agent) may hand a deferred material in online: no trip.
    by: [{ roles: ['issuer', 'front_desk', 'town_approver', 'applicant', 'agent'], guards: [notBundleChild] }, platform],
    label: { zh: '收取容缺材料', en: 'Collect a deferred material' },
    guards: [deferredToCollect],
  },
  deliver: {
    from: ['concluded'],
    to: 'delivered',
    by: [{ roles: ['issuer', 'front_desk', 'town_approver'], guards: [notBundleChild] }, platform],
    label: { zh: '出件送达', en: 'Deliver the result' },
    guards: [noDeferredBeforeIssuance],
  },
  archive: { from: ['delivered'], to: 'archived', by: [{ roles: ['issuer', 'town_approver'], guards: [notBundleChild] }, platform], label: { zh: '归档', en: 'Archive' } },
  withdraw: {
    from: ['draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended'],
    to: 'withdrawn',
    by: [{ roles: ['applicant', 'agent', 'front_desk'], guards: [notBundleChild] }, platform],
    label: { zh: '撤回申请', en: 'Withdraw' },
  },
  terminate: {
    from: ['accepted', 'in_review', 'suspended'],
    to: 'terminated',
    by: [...deciders, { roles: ['supervisor'], guards: [notBundleChild] }, platform],
    label: { zh: '终止办理', en: 'Terminate' },
  },
} as const satisfies Record<string, ActionRule>;

export type CaseAction = keyof typeof caseActions;

export const terminalStatuses: readonly CaseStatus[] = ['archived', 'refused', 'withdrawn', 'terminated'];

/** Statuses in which the clock runs (accepted and not paused, not yet concluded). */
export function isClockRunning(status: CaseStatus): boolean {
  return status === 'accepted' || status === 'in_review';
}

/**
 * Whether a case may carry a yellow or red clock warning: while its clock runs or stands paused.
 * Once it is decided (or ends otherwise) the warning is gone, wherever it is shown.
 */
export function carriesWarning(status: CaseStatus): boolean {
  return isClockRunning(status) || status === 'suspended';
}

export type Decision = { allowed: true; to: CaseStatus } | { allowed: false; why: 'status' | 'role' | 'guard'; reason?: { zh: string; en: string } };

/** Whether `roles` may take `action` on a case in `status` with these facts, and where it leads. */
export function decide(status: CaseStatus, action: CaseAction, roles: readonly CaseActorRole[], facts: CaseFacts): Decision {
  const rule: ActionRule = caseActions[action];
  if (!rule.from.includes(status)) return { allowed: false, why: 'status' };
  const mine = rule.by.filter((by) => by.roles.some((r) => roles.includes(r)));
  if (mine.length === 0) return { allowed: false, why: 'role' };
  // The reason a caller is given is the first that stops it: what its roles may not do here comes before the rule's own guards.
  let stoppedBy: Guard | undefined;
  const fits = mine.some((by) => {
    const failed = by.guards?.find((g) => !g.test(facts));
    stoppedBy ??= failed;
    return failed === undefined;
  });
  if (!fits) return { allowed: false, why: 'guard', reason: stoppedBy!.reason };
  const failed = rule.guards?.find((g) => !g.test(facts));
  if (failed) return { allowed: false, why: 'guard', reason: failed.reason };
  return { allowed: true, to: rule.to ?? status };
}

/** Every role that may take `action` under some rule (whether the facts allow it is `decide`'s to say). */
export function rolesFor(action: CaseAction): CaseActorRole[] {
  const rule: ActionRule = caseActions[action];
  return [...new Set(rule.by.flatMap((by) => by.roles))];
}

/** The actions these roles may take now: the buttons the web app shows, the list a 409 carries. */
export function availableActions(status: CaseStatus, roles: readonly CaseActorRole[], facts: CaseFacts): CaseAction[] {
  return (Object.keys(caseActions) as CaseAction[]).filter((action) => decide(status, action, roles, facts).allowed);
}
