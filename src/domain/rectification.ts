/**
 * 差评整改 (issue 15, point 2): what may happen to the task a bad rating opens, and when it runs late.
 * Pure: the service asks `nextRectificationState` before every change (and refuses with the possible
 * actions), the web asks `possibleRectificationActions` which forms to show.
 *
 *   open ──triage──▶ triaged ──report──▶ reported ──revisit──▶ revisited ──close──▶ closed
 *     │  (立行立改 / 解释说明 may report at triage: open ──triage+report──▶ reported)
 *     │                                   └──close (anonymous: nobody to call)──▶ closed
 *     └─ open / triaged / reported ──appeal──▶ appealed ──uphold──▶ annulled
 *                                               └──reject──▶ the state before the appeal
 *
 * Deadlines: report_due (核实反馈) and rectify_due (建台账限期整改) are set when the rating is saved,
 * revisit_due when the department reports. An appeal pauses them: the working days from the day it
 * was filed to the day it was rejected move every deadline not yet met (as a suspended case's clock).
 */
import { addWorkingDays, type CalendarData } from './calendar.ts';
import { pausedDays, shiftDue, warningLevel, type WarningLevel, type WarningPolicy, defaultWarningPolicy } from './case-clock.ts';
import type { RectificationState, TriageKind } from './rating.ts';

export const rectificationActions = ['triage', 'report', 'revisit', 're_rate', 'close', 'appeal', 'uphold', 'reject'] as const;
export type RectificationAction = (typeof rectificationActions)[number];

export const rectificationActionLabels: Record<RectificationAction, { zh: string; en: string }> = {
  triage: { zh: '核实与分类', en: 'Verify and triage' },
  report: { zh: '整改反馈', en: 'Report back' },
  revisit: { zh: '回访', en: 'Revisit' },
  re_rate: { zh: '记录重新评价', en: 'Record the re-rating' },
  close: { zh: '办结', en: 'Close' },
  appeal: { zh: '申诉', en: 'Appeal' },
  uphold: { zh: '申诉成立', en: 'Uphold the appeal' },
  reject: { zh: '申诉驳回', en: 'Reject the appeal' },
};

/** Who does each action: the department (rectification.work), the center (rectification.revisit), the supervisor (rating.appeal.*). */
export const rectificationActionActor: Record<RectificationAction, 'department' | 'center' | 'supervisor'> = {
  triage: 'department',
  report: 'department',
  appeal: 'department',
  revisit: 'center',
  re_rate: 'center',
  close: 'center',
  uphold: 'supervisor',
  reject: 'supervisor',
};

/** The facts beyond the state that decide an action. */
export interface RectificationFacts {
  state: RectificationState;
  /** The rating was anonymous: nobody can be called back. */
  anonymous: boolean;
  /** A re-rating is already recorded. */
  reRated: boolean;
}

/** The state an action leads to, or `null` when it is not possible now. `reject` returns to `stateBeforeAppeal`. */
export function nextRectificationState(facts: RectificationFacts, action: RectificationAction, stateBeforeAppeal?: RectificationState | null): RectificationState | null {
  const { state } = facts;
  switch (action) {
    case 'triage':
      return state === 'open' ? 'triaged' : null;
    case 'report':
      return state === 'triaged' ? 'reported' : null;
    case 'revisit':
      return state === 'reported' && !facts.anonymous ? 'revisited' : null;
    case 're_rate':
      return (state === 'revisited' || state === 'closed') && !facts.anonymous && !facts.reRated ? state : null;
    case 'close':
      return state === 'revisited' || (state === 'reported' && facts.anonymous) ? 'closed' : null;
    case 'appeal':
      return state === 'open' || state === 'triaged' || state === 'reported' ? 'appealed' : null;
    case 'uphold':
      return state === 'appealed' ? 'annulled' : null;
    case 'reject':
      return state === 'appealed' && stateBeforeAppeal ? stateBeforeAppeal : null;
  }
}

export function possibleRectificationActions(facts: RectificationFacts, stateBeforeAppeal?: RectificationState | null): RectificationAction[] {
  return rectificationActions.filter((a) => nextRectificationState(facts, a, stateBeforeAppeal) !== null);
}

/** 立行立改 and 解释说明 may report back at triage (nothing left to do later); a ledger reports when rectified. */
export function mayReportAtTriage(triage: TriageKind): boolean {
  return triage !== 'ledger';
}

/** The deadlines of a task, as stored. */
export interface RectificationDeadlines {
  reportDue: string;
  rectifyDue: string;
  revisitDue: string | null;
}

/** The deadlines a bad rating given on `ratedOn` (China date) starts with: counted from the next working day. */
export function initialDeadlines(calendar: CalendarData, ratedOn: string, settings: { reportBackDays: number; rectifyDays: number }): Omit<RectificationDeadlines, 'revisitDue'> {
  return { reportDue: addWorkingDays(calendar, ratedOn, settings.reportBackDays), rectifyDue: addWorkingDays(calendar, ratedOn, settings.rectifyDays) };
}

/** The revisit is due `revisitDays` working days after the department reported (on `reportedOn`). */
export function revisitDue(calendar: CalendarData, reportedOn: string, revisitDays: number): string {
  return addWorkingDays(calendar, reportedOn, revisitDays);
}

/** The step the task waits for now, and the date it is due; `null` when it waits for nothing timed (closed, annulled, under appeal). */
export interface PendingStep {
  step: 'report' | 'rectify' | 'revisit';
  due: string;
  /** The limit in working days (for the yellow warning's share). */
  limitDays: number;
}

export function pendingStep(task: { state: RectificationState; triage: TriageKind | null; anonymous: boolean } & RectificationDeadlines, settings: { reportBackDays: number; rectifyDays: number; revisitDays: number }): PendingStep | null {
  switch (task.state) {
    case 'open':
      return { step: 'report', due: task.reportDue, limitDays: settings.reportBackDays };
    case 'triaged':
      // A ledger (建台账) has until rectify_due; 立行立改 and 解释说明 report within report_due.
      return task.triage === 'ledger' ? { step: 'rectify', due: task.rectifyDue, limitDays: settings.rectifyDays } : { step: 'report', due: task.reportDue, limitDays: settings.reportBackDays };
    case 'reported':
      return task.anonymous || !task.revisitDue ? null : { step: 'revisit', due: task.revisitDue, limitDays: settings.revisitDays };
    default:
      return null;
  }
}

/** Late (red) when `today` (China date) is past the pending step's due date; the same levels and colours as a case's clock. */
export function rectificationWarning(calendar: CalendarData, today: string, step: PendingStep | null, policy: WarningPolicy = defaultWarningPolicy): WarningLevel {
  if (!step) return 'none';
  if (today > step.due) return 'red';
  try {
    return warningLevel(calendar, today, step.due, step.limitDays, policy);
  } catch {
    // A due date in a year the calendar does not know yet: not late, and too far off to warn of.
    return 'none';
  }
}

export const pendingStepLabels: Record<PendingStep['step'], { zh: string; en: string }> = {
  report: { zh: '核实反馈', en: 'Verify and report back' },
  rectify: { zh: '限期整改', en: 'Rectify' },
  revisit: { zh: '回访', en: 'Revisit' },
};

/**
 * The deadlines after a rejected appeal: the working days from `pausedOn` (the day it was filed) to
 * `resumedOn` (the day it was rejected) are added to each deadline not yet met. Met ones stay.
 */
export function shiftAfterPause(calendar: CalendarData, deadlines: RectificationDeadlines, pausedOn: string, resumedOn: string, met: { reported: boolean; revisited: boolean }): RectificationDeadlines & { pausedDays: number } {
  const days = pausedDays(calendar, pausedOn, resumedOn, 'working');
  return {
    reportDue: met.reported ? deadlines.reportDue : shiftDue(calendar, deadlines.reportDue, days, 'working'),
    rectifyDue: met.reported ? deadlines.rectifyDue : shiftDue(calendar, deadlines.rectifyDue, days, 'working'),
    revisitDue: deadlines.revisitDue && !met.revisited ? shiftDue(calendar, deadlines.revisitDue, days, 'working') : deadlines.revisitDue,
    pausedDays: days,
  };
}

/**
 * 按期整改: the department reported (rectified, or explained) by the rectify date. The same rule as the
 * published monthly figures (quality report); a report later than `report_due` shows as a red
 * warning while it is pending, not here.
 */
export function rectifiedOnTime(reportedOn: string, deadlines: Pick<RectificationDeadlines, 'rectifyDue'>): boolean {
  return reportedOn <= deadlines.rectifyDue;
}
