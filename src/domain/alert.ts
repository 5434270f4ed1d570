/**
 * 电子监察 (issue 16, point 2): the rules that raise an alert to the supervisor, the response each
 * alert waits for, and its states. Pure: the alert service asks `nextAlertState` before every
 * change (and refuses with the possible actions), the web asks `possibleAlertActions` which dialogs
 * to offer.
 *
 *   open ──respond (the department, with its explanation)──▶ responded ──close (supervisor, verdict)──▶ closed
 *     └──────────────────close (supervisor, verdict; no response needed or none came)──────────────▶ closed
 *
 * Each rule raises an alert once per subject (`subjectKey`): the database's unique key makes a
 * second run, or a second process, harmless.
 */
import { addDays, addWorkingDays, isoWeekday, type CalendarData } from './calendar.ts';

export const alertRules = ['case_red', 'deferred_overdue', 'filing_late', 'returns_unusual', 'correction_after_acceptance'] as const;
export type AlertRule = (typeof alertRules)[number];

export interface AlertRuleInfo {
  label: { zh: string; en: string };
  /** What the fact is, as the supervisor reads it. */
  meaning: { zh: string; en: string };
  /** Working days the responsible department has to respond, counted from the day after it was raised. */
  responseDays: number;
}

/**
 * The rules. Response deadlines are constants (a red case is the most urgent: 2 working days; the
 * others 3): a per-region setting would be one more row in the quality settings, which no seed asks
 * for yet.
 */
export const alertRuleInfo: Record<AlertRule, AlertRuleInfo> = {
  case_red: {
    label: { zh: '办件红灯超期', en: 'Case overdue (red)' },
    meaning: { zh: '办件超过办结时限仍未办结(时限监控亮红灯)', en: 'A case ran past its time limit without being concluded (the clock turned red)' },
    responseDays: 2,
  },
  deferred_overdue: {
    label: { zh: '容缺材料逾期未补', en: 'Deferred material overdue' },
    meaning: { zh: '容缺受理的材料过了承诺补齐日期仍未收取', en: 'A material accepted as deferred (容缺) was not collected by the date promised' },
    responseDays: 3,
  },
  filing_late: {
    label: { zh: '备案超期未接收', en: 'Filing not received in time' },
    meaning: {
      zh: '受委托乡镇的审批决定报备后,委托部门3个工作日内未接收备案',
      en: 'A delegated decision’s filing was not received by the delegating department within 3 working days',
    },
    responseDays: 3,
  },
  returns_unusual: {
    label: { zh: '部门退回异常', en: 'Unusual number of returns' },
    meaning: {
      zh: '部门近7天退回(退回上一环节、退回申请人补正)不少于5件,且不少于其前90天周均的2倍',
      en: 'A department returned at least 5 cases in the last 7 days (to the previous stage or to the applicant), and at least twice its weekly average over the 90 days before',
    },
    responseDays: 3,
  },
  correction_after_acceptance: {
    label: { zh: '受理后要求补正', en: 'Correction asked after acceptance' },
    meaning: {
      zh: '办件受理后又退回申请人补正,违反一次性告知',
      en: 'A case was returned to the applicant for correction after it was accepted: the one-time notice (一次性告知) was not kept',
    },
    responseDays: 3,
  },
};

/** The returns rule's thresholds: the last `windowDays` against the `baselineDays` before them. */
export const returnsRule = { windowDays: 7, baselineDays: 90, minReturns: 5, ratio: 2 } as const;

/**
 * Whether a department's returns are unusual: at least `minReturns` in the window and at least
 * `ratio` times its own weekly average over the baseline (a department that never returned before
 * needs only the minimum).
 *
 * @example
 * returnsUnusual(6, 13) // true: 13 in 90 days is about 1 a week, 6 ≥ 2 × 1.01
 */
export function returnsUnusual(recent: number, baseline: number): boolean {
  if (recent < returnsRule.minReturns) return false;
  const weeklyAverage = (baseline / returnsRule.baselineDays) * returnsRule.windowDays;
  return recent >= returnsRule.ratio * weeklyAverage;
}

/**
 * The week an alert of `returns_unusual` is keyed by (ISO 8601 week of the China date, e.g.
 * `2026-W50`): a department is alerted at most once a week, however often the job runs.
 */
export function isoWeek(date: string): string {
  // The week's Thursday decides its year (ISO 8601).
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(`${thursday.slice(0, 4)}-01-04`, 4 - isoWeekday(`${thursday.slice(0, 4)}-01-04`));
  const week = 1 + Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstThursday}T00:00:00Z`)) / (7 * 86_400_000));
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The key that makes an alert unique per rule: the case (or case and material), or the department and week. */
export function subjectKey(rule: AlertRule, subject: { caseId?: string; materialKey?: string; departmentId?: string; week?: string }): string {
  switch (rule) {
    case 'deferred_overdue':
      return `${subject.caseId}:${subject.materialKey}`;
    case 'returns_unusual':
      return `${subject.departmentId}:${subject.week}`;
    default:
      return subject.caseId!;
  }
}

/** The date the response is due: the rule's working days counted after the China day it was raised. */
export function responseDue(calendar: CalendarData, raisedOn: string, rule: AlertRule): string {
  return addWorkingDays(calendar, raisedOn, alertRuleInfo[rule].responseDays);
}

export const alertStates = ['open', 'responded', 'closed'] as const;
export type AlertState = (typeof alertStates)[number];

export const alertStateLabels: Record<AlertState, { zh: string; en: string }> = {
  open: { zh: '待响应', en: 'Awaiting response' },
  responded: { zh: '已响应', en: 'Responded' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const alertActions = ['respond', 'close'] as const;
export type AlertAction = (typeof alertActions)[number];

export const alertActionLabels: Record<AlertAction, { zh: string; en: string }> = {
  respond: { zh: '响应说明', en: 'Respond' },
  close: { zh: '办结', en: 'Close' },
};

/** A supervisor's verdict when closing: the explanation holds, or the department is held at fault (问责). */
export const alertVerdicts = ['justified', 'rectified', 'at_fault'] as const;
export type AlertVerdict = (typeof alertVerdicts)[number];

export const alertVerdictLabels: Record<AlertVerdict, { zh: string; en: string }> = {
  justified: { zh: '情况属实,理由成立', en: 'Justified' },
  rectified: { zh: '已督促整改', en: 'Rectified under supervision' },
  at_fault: { zh: '责任认定,纳入考核', en: 'At fault: counted in the assessment' },
};

/** The state an action leads to, or `null` when it is not possible now. */
export function nextAlertState(state: AlertState, action: AlertAction): AlertState | null {
  if (action === 'respond') return state === 'open' ? 'responded' : null;
  return state === 'closed' ? null : 'closed';
}

export function possibleAlertActions(state: AlertState): AlertAction[] {
  return alertActions.filter((a) => nextAlertState(state, a) !== null);
}

/** Late: still waiting for the department's response (open) after its due date (China date). */
export function responseOverdue(alert: { state: AlertState; responseDue: string }, today: string): boolean {
  return alert.state === 'open' && today > alert.responseDue;
}
