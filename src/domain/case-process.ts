/**
 * How a case moves through the back office and what the front desk checks: review stages taken
 * from the item's process (each a set of departments deciding in parallel), the department-task
 * transition table, and the material check behind accept / correction notice / deferred intake.
 * Pure rules, shared by the server and the web app.
 */
import type { CalendarData } from './calendar.ts';
import { limitEnd } from './case-clock.ts';
import type { DayUnit, DeferrableUntil, MaterialRequirement, ServiceItemContent } from './catalog.ts';
import type { CaseActorRole } from './case-lifecycle.ts';
import type { ErrorCode } from './errors.ts';

export interface ReviewStage {
  name: string;
  mode: 'all' | 'any';
  /** Department names, one task each. */
  departments: string[];
  /** The stage's share of the limit, in the item's promised unit. */
  days: number;
  /** A public notice (公示) of this many natural days that opens the stage, outside the limit (`publicityPeriod`). */
  publicityDays?: number;
}

/**
 * The back-office stages of an item: its process steps that name reviewing departments, in order.
 * An item whose steps name none is reviewed in one stage by its own department within the whole
 * promised limit. An instant item has none: it is decided at the window.
 */
export function reviewStages(item: ServiceItemContent): ReviewStage[] {
  if (item.caseKind === 'instant') return [];
  const stages = item.processSteps
    .filter((step) => step.departments && step.departments.length > 0)
    .map((step) => ({ name: step.name, mode: step.mode ?? 'all', departments: [...new Set(step.departments)], days: step.days, ...(step.publicityDays ? { publicityDays: step.publicityDays } : {}) }));
  if (stages.length > 0) return stages;
  return [{ name: '审查决定', mode: 'all', departments: [item.departmentName], days: item.promisedDays }];
}

/** The days from acceptance to the end of each stage (cumulative), never beyond the promised limit. */
export function stageEnds(stages: readonly ReviewStage[], promisedDays: number): number[] {
  let sum = 0;
  return stages.map((stage, index) => {
    sum += stage.days;
    // The last stage ends with the case; a stage without days of its own shares the rest.
    if (index === stages.length - 1 || sum <= 0) return promisedDays;
    return Math.min(sum, promisedDays);
  });
}

// ---- Department tasks -------------------------------------------------------------------------

export const taskStatuses = ['pending', 'claimed', 'approved', 'rejected', 'returned', 'skipped', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskStatusLabels: Record<TaskStatus, { zh: string; en: string }> = {
  pending: { zh: '待签收', en: 'Waiting' },
  claimed: { zh: '办理中', en: 'In hand' },
  approved: { zh: '同意', en: 'Approved' },
  rejected: { zh: '不同意', en: 'Rejected' },
  returned: { zh: '已退回', en: 'Returned' },
  skipped: { zh: '无需办理(或签已决)', en: 'Not needed (decided by another)' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const openTaskStatuses: readonly TaskStatus[] = ['pending', 'claimed'];

export interface TaskRule {
  from: readonly TaskStatus[];
  /** Status of the task afterwards (`null`: unchanged). */
  to: TaskStatus | null;
  label: { zh: string; en: string };
  /** The case must be in review (not paused) for this action. */
  needsRunningCase: boolean;
  /** Only the one who holds a claimed task may take it (anyone of the department when unclaimed). */
  holderOnly: boolean;
  /** Needs an opinion or reason text. */
  needsText: boolean;
}

export const taskActions = {
  claim: { from: ['pending'], to: 'claimed', label: { zh: '签收', en: 'Claim' }, needsRunningCase: false, holderOnly: false, needsText: false },
  assign: { from: ['pending', 'claimed'], to: 'claimed', label: { zh: '分派', en: 'Assign' }, needsRunningCase: false, holderOnly: false, needsText: false },
  comment: { from: ['pending', 'claimed'], to: null, label: { zh: '填写意见', en: 'Record an opinion' }, needsRunningCase: false, holderOnly: true, needsText: true },
  approve: { from: ['pending', 'claimed'], to: 'approved', label: { zh: '同意', en: 'Approve' }, needsRunningCase: true, holderOnly: true, needsText: false },
  reject: { from: ['pending', 'claimed'], to: 'rejected', label: { zh: '不予许可', en: 'Reject' }, needsRunningCase: true, holderOnly: true, needsText: true },
  return_previous: { from: ['pending', 'claimed'], to: 'returned', label: { zh: '退回上一环节', en: 'Return to the previous stage' }, needsRunningCase: true, holderOnly: true, needsText: true },
  return_to_applicant: { from: ['pending', 'claimed'], to: null, label: { zh: '退回申请人补正', en: 'Return to the applicant for correction' }, needsRunningCase: true, holderOnly: true, needsText: true },
  suspend: { from: ['pending', 'claimed'], to: null, label: { zh: '特别程序(暂停计时)', en: 'Special procedure (pause the clock)' }, needsRunningCase: true, holderOnly: true, needsText: true },
  resume: { from: ['pending', 'claimed'], to: null, label: { zh: '恢复计时', en: 'Resume the clock' }, needsRunningCase: false, holderOnly: true, needsText: false },
} as const satisfies Record<string, TaskRule>;

export type TaskAction = keyof typeof taskActions;

export interface TaskFacts {
  status: TaskStatus;
  /** Whether the case is in review (clock running) or paused. */
  caseStatus: 'in_review' | 'suspended' | string;
  /** The stage is the first one (nothing to return to). */
  firstStage: boolean;
  /** Whether the one asking holds the task (or it is unclaimed). */
  holder: boolean;
  /** The stage's public notice (公示), when it has one: the day from which it may be decided, and today. */
  notice?: { decideFrom: string; today: string };
}

/** The task actions open to a reviewer of the task's department (or a town approver for a delegated case). */
export function availableTaskActions(facts: TaskFacts): TaskAction[] {
  return (Object.keys(taskActions) as TaskAction[]).filter((action) => taskActionProblem(action, facts) === null);
}

/** Why a task action is not possible now, with the error code that says so, or `null` when it is. */
export function taskActionProblem(action: TaskAction, facts: TaskFacts): { zh: string; en: string; code: TaskProblemCode } | null {
  const rule: TaskRule = taskActions[action];
  if (!rule.from.includes(facts.status))
    return { zh: `该环节已${taskStatusLabels[facts.status].zh}`, en: `The task is already ${taskStatusLabels[facts.status].en.toLowerCase()}`, code: facts.status === 'claimed' ? 'TASK_ALREADY_CLAIMED' : 'TASK_CLOSED' };
  if (rule.holderOnly && !facts.holder) return { zh: '该待办已由他人签收', en: 'Someone else holds this task', code: 'TASK_ALREADY_CLAIMED' };
  if (action === 'resume') return facts.caseStatus === 'suspended' ? null : { zh: '办件未暂停计时', en: 'The case is not paused', code: 'TASK_ACTION_NOT_ALLOWED' };
  if (rule.needsRunningCase && facts.caseStatus !== 'in_review') return { zh: '办件暂停计时中,请先恢复', en: 'The case is paused; resume it first', code: 'TASK_ACTION_NOT_ALLOWED' };
  if ((action === 'approve' || action === 'reject') && facts.notice && facts.notice.today < facts.notice.decideFrom) {
    return { zh: `公示期未满,${facts.notice.decideFrom} 起方可决定`, en: `The public notice is still running; the stage can be decided from ${facts.notice.decideFrom}`, code: 'TASK_ACTION_NOT_ALLOWED' };
  }
  if (action === 'return_previous' && facts.firstStage) return { zh: '已是第一个审查环节,无法退回上一环节', en: 'This is the first stage; there is none to return to', code: 'TASK_ACTION_NOT_ALLOWED' };
  return null;
}

/** The error codes of a refused task action (see src/domain/errors.ts). */
export type TaskProblemCode = Extract<ErrorCode, 'TASK_ALREADY_CLAIMED' | 'TASK_CLOSED' | 'TASK_ACTION_NOT_ALLOWED'>;

/** Who may act on a task: the department's reviewers, or for a delegated case the town approver. */
export function taskRoles(delegated: boolean): CaseActorRole[] {
  return delegated ? ['town_approver'] : ['reviewer'];
}

/** Whether a stage is decided: every task approved (会签) or one approved (或签). */
export function stageOutcome(mode: 'all' | 'any', statuses: readonly TaskStatus[]): 'approved' | 'rejected' | 'open' {
  if (statuses.includes('rejected')) return 'rejected';
  if (mode === 'any') return statuses.includes('approved') ? 'approved' : 'open';
  return statuses.every((s) => s === 'approved') ? 'approved' : 'open';
}

// ---- Materials at the front desk --------------------------------------------------------------

/** Why an applicant had to come again (counted against 最多跑一次). */
export const visitCauses = ['missing_material', 'wrong_guidance', 'cross_level', 'applicant_choice', 'other'] as const;
export type VisitCause = (typeof visitCauses)[number];

export const materialStates = ['provided', 'licence', 'shared_data', 'deferred', 'missing'] as const;
export type MaterialState = (typeof materialStates)[number];
export const materialStateLabels: Record<MaterialState, { zh: string; en: string }> = {
  provided: { zh: '已提交', en: 'Provided' },
  licence: { zh: '证照库调取', en: 'From the licence library' },
  shared_data: { zh: '共享数据获取', en: 'From shared data' },
  deferred: { zh: '容缺后补', en: 'Deferred' },
  missing: { zh: '缺少', en: 'Missing' },
};

/** The materials an application of `scenario` needs (all when no scenario applies). */
export function applicableMaterials(item: ServiceItemContent, scenario: string | null): MaterialRequirement[] {
  return item.materials.filter((m) => m.scenarios.length === 0 || (scenario !== null && m.scenarios.includes(scenario)));
}

export interface MaterialMark {
  key: string;
  state: MaterialState;
  deferredDue?: string | null;
  licenceId?: string | null;
}

export interface MaterialProblem {
  key: string;
  name: string;
  zh: string;
  en: string;
}

export interface MaterialCheck {
  /** Required materials neither provided nor deferred: they go on the one correction notice. */
  missing: MaterialRequirement[];
  /** Marks that are not allowed (a deferral of a key material, a due date past the limit...). */
  problems: MaterialProblem[];
  deferred: { requirement: MaterialRequirement; due: string }[];
}

/** Working days an instant item's applicant is given, at most, to bring a deferred (容缺) material. */
export const instantDeferralDays = 5;

/**
 * How far ahead a deferred (容缺) material may be promised, counted from the day of intake: within
 * the item's promised limit, or for an instant item (decided the same day) within
 * {@link instantDeferralDays} working days. The server refuses a later date; the intake screen
 * counts the same span on the server's calendar and offers no later day.
 *
 * @example
 * deferralSpan({ caseKind: 'promised', limitDays: 3, limitUnit: 'working' }); // { days: 3, unit: 'working' }
 */
export function deferralSpan(c: { caseKind: 'instant' | 'promised'; limitDays: number; limitUnit: DayUnit }): { days: number; unit: DayUnit } {
  return c.caseKind === 'instant' ? { days: instantDeferralDays, unit: 'working' } : { days: c.limitDays, unit: c.limitUnit };
}

/** The last day a deferred material may be promised for, on `calendar`, for a case received `today`. */
export function latestDeferredDue(calendar: CalendarData, today: string, c: { caseKind: 'instant' | 'promised'; limitDays: number; limitUnit: DayUnit }): string {
  const span = deferralSpan(c);
  return limitEnd(calendar, today, span.days, span.unit);
}

/**
 * Checks the front desk's marks against the requirements. Every applicable requirement must be
 * marked; only a deferrable (容缺) material may be deferred, with a due date no later than
 * `latestDeferredDue` (the promised limit); a licence mark must name a held licence.
 */
export function checkMaterials(requirements: readonly MaterialRequirement[], marks: readonly MaterialMark[], options: { latestDeferredDue: string; today: string }): MaterialCheck {
  const byKey = new Map(marks.map((m) => [m.key, m]));
  const missing: MaterialRequirement[] = [];
  const problems: MaterialProblem[] = [];
  const deferred: MaterialCheck['deferred'] = [];
  const known = new Set(requirements.map((r) => r.key));
  for (const mark of marks) {
    if (!known.has(mark.key)) problems.push({ key: mark.key, name: mark.key, zh: `材料 ${mark.key} 不属于该事项(情形)`, en: `Material ${mark.key} does not belong to this item or scenario` });
  }
  for (const requirement of requirements) {
    const mark = byKey.get(requirement.key);
    const state = mark?.state ?? 'missing';
    const problem = (zh: string, en: string) => problems.push({ key: requirement.key, name: requirement.name, zh: `${requirement.name}:${zh}`, en: `${requirement.name}: ${en}` });
    if (state === 'missing') {
      if (requirement.required) missing.push(requirement);
    } else if (state === 'deferred') {
      if (!requirement.deferrable) problem('不是容缺材料,不能后补', 'not deferrable (a key material)');
      else if (!mark?.deferredDue) problem('容缺材料须约定补齐日期', 'a deferred material needs a due date');
      else if (mark.deferredDue < options.today) problem('补齐日期不能早于今天', 'the due date is in the past');
      else if (mark.deferredDue > options.latestDeferredDue) problem(`补齐日期不能晚于承诺办结日 ${options.latestDeferredDue}`, `the due date is after the promised limit ${options.latestDeferredDue}`);
      else deferred.push({ requirement, due: mark.deferredDue });
    } else if (state === 'licence' && !mark?.licenceId) {
      problem('请选择申请人持有的证照', 'choose the licence the applicant holds');
    }
  }
  return { missing, problems, deferred };
}

/** The earliest point a still-missing deferred material blocks. */
export function deferredBlocks(pending: readonly { deferrableUntil: DeferrableUntil | null }[]): 'decision' | 'issuance' | null {
  if (pending.some((m) => m.deferrableUntil === 'decision')) return 'decision';
  if (pending.length > 0) return 'issuance';
  return null;
}
