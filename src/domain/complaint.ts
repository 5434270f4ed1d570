/**
 * Complaints, 12345-style (issue 15): the loop 受理 → 派单 → 办理 → 答复 → 督办 → 办结 → 回访 → 评价 as
 * a state machine, and its two clocks. Pure: no database, no clock of its own.
 *
 * States: received (受理, at the center) → dispatched (派单, waiting for the department) → handling
 * (办理, the department accepted) → answered (答复) → closed (办结, by the center) → revisited (回访)
 * → rated (评价). A department returns (退回) a dispatched or handling complaint to the center with a
 * reason (→ received); the center reassigns (改派) it to another department with a reason; the
 * center presses (督办) a department whose step or whole limit has run out. A dissatisfied revisit
 * may reopen the complaint to the department that answered (→ dispatched, a new step).
 *
 * Clocks: the WHOLE clock (`due_at`) is set once at receipt and never moves: urgent complaints are
 * due at the end of the day they were received (24:00 China time: 12345 urgent items are worked the
 * same day, evenings included), others at the end (24:00) of the N-th working day after receipt
 * (consultation and help 3, complaint and report 13 by default; region settings). The STEP clock
 * restarts with each dispatch, reassignment, return and reopening: the step is due at the end of
 * the `stepDays`-th working day after it started; an urgent complaint's step is due with it.
 */
import { addWorkingDays, workingDaysBetween, type CalendarData } from './calendar.ts';
import { chinaDate, chinaDayStart } from './china-time.ts';
import { complaintLimitDays, type ComplaintCategory, type QualitySettings } from './rating.ts';

export const complaintStates = ['received', 'dispatched', 'handling', 'answered', 'closed', 'revisited', 'rated'] as const;
export type ComplaintState = (typeof complaintStates)[number];

export const complaintSources = ['hall', 'online', 'hotline', 'rating'] as const;
export type ComplaintSource = (typeof complaintSources)[number];

/** What a person does to a complaint (the job's `escalate` and the first `receive` are not actions one picks). */
export const complaintActions = ['dispatch', 'reassign', 'accept', 'return', 'answer', 'supervise', 'close', 'revisit', 'rate'] as const;
export type ComplaintAction = (typeof complaintActions)[number];

export type ComplaintStepAction = ComplaintAction | 'receive' | 'escalate';

/** Who does what: the center (dispatcher, supervisor) or the handling department. */
export const complaintActionSide: Record<ComplaintAction, 'center' | 'department'> = {
  dispatch: 'center',
  reassign: 'center',
  supervise: 'center',
  close: 'center',
  revisit: 'center',
  rate: 'center',
  accept: 'department',
  return: 'department',
  answer: 'department',
};

const transitions: Record<ComplaintAction, Partial<Record<ComplaintState, ComplaintState>>> = {
  dispatch: { received: 'dispatched' },
  reassign: { dispatched: 'dispatched', handling: 'dispatched' },
  accept: { dispatched: 'handling' },
  return: { dispatched: 'received', handling: 'received' },
  answer: { handling: 'answered' },
  supervise: { dispatched: 'dispatched', handling: 'handling' },
  close: { answered: 'closed' },
  revisit: { closed: 'revisited' },
  rate: { closed: 'rated', revisited: 'rated' },
};

/** The state after `action`, or `null` when the action is not possible from `state`. */
export function nextComplaintState(state: ComplaintState, action: ComplaintAction): ComplaintState | null {
  return transitions[action][state] ?? null;
}

export function possibleComplaintActions(state: ComplaintState): ComplaintAction[] {
  return complaintActions.filter((a) => nextComplaintState(state, a) !== null);
}

/** Actions that must say why. */
export function reasonRequired(action: ComplaintAction): boolean {
  return action === 'return' || action === 'reassign' || action === 'supervise';
}

export const complaintStateLabels: Record<ComplaintState, { zh: string; en: string }> = {
  received: { zh: '已受理待派单', en: 'Received, to dispatch' },
  dispatched: { zh: '已派单待签收', en: 'Dispatched, to accept' },
  handling: { zh: '办理中', en: 'Being handled' },
  answered: { zh: '已答复待办结', en: 'Answered, to close' },
  closed: { zh: '已办结待回访', en: 'Closed, to revisit' },
  revisited: { zh: '已回访', en: 'Revisited' },
  rated: { zh: '已评价', en: 'Rated' },
};

export const complaintActionLabels: Record<ComplaintStepAction, { zh: string; en: string }> = {
  receive: { zh: '受理', en: 'Receive' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  reassign: { zh: '改派', en: 'Reassign' },
  accept: { zh: '签收办理', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  answer: { zh: '答复', en: 'Answer' },
  supervise: { zh: '督办', en: 'Supervise' },
  escalate: { zh: '超时自动督办', en: 'Escalated when overdue' },
  close: { zh: '办结', en: 'Close' },
  revisit: { zh: '回访', en: 'Revisit' },
  rate: { zh: '评价', en: 'Rate' },
};

export const complaintSourceLabels: Record<ComplaintSource, { zh: string; en: string }> = {
  hall: { zh: '大厅现场', en: 'At the hall' },
  online: { zh: '网上', en: 'Online' },
  hotline: { zh: '热线电话', en: 'Hotline' },
  rating: { zh: '差评转办', en: 'From a rating' },
};

/** The instant a China day ends (the next day's 00:00). */
export function endOfChinaDay(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 86_400_000);
}

/** The whole complaint's due time, set once at receipt. */
export function complaintDueAt(calendar: CalendarData, settings: QualitySettings, category: ComplaintCategory, urgent: boolean, receivedAt: Date): Date {
  const days = complaintLimitDays(settings, category, urgent);
  const today = chinaDate(receivedAt);
  return endOfChinaDay(days === 0 ? today : addWorkingDays(calendar, today, days));
}

/** A step's due time: `stepDays` working days from its start, never after the whole complaint's (urgent: the same day). */
export function stepDueAt(calendar: CalendarData, settings: QualitySettings, startedAt: Date, wholeDueAt: Date, urgent: boolean): Date {
  if (urgent) return wholeDueAt;
  const due = endOfChinaDay(addWorkingDays(calendar, chinaDate(startedAt), settings.stepDays));
  return due.getTime() > wholeDueAt.getTime() ? wholeDueAt : due;
}

export type ClockTone = 'ok' | 'due_soon' | 'overdue' | 'done';

export interface ClockReading {
  startedAt: Date;
  dueAt: Date;
  /** Whether the time ran out (for a stopped clock: whether it stopped late). */
  overdue: boolean;
  /** Working days left after today (0: due today); 0 when overdue. */
  workingDaysLeft: number;
  /** Working days past the due date (0 when not overdue or overdue today). */
  workingDaysOverdue: number;
  /** Hours left (may be negative: hours past due). */
  hoursLeft: number;
  tone: ClockTone;
  /** When the clock stopped (the answer, for a step; closing, for the whole complaint). */
  stoppedAt: Date | null;
}

/**
 * Reads a clock at `now`, or at `stoppedAt` when it stopped. `due_soon`: due today or on the next
 * working day.
 */
export function readClock(calendar: CalendarData, startedAt: Date, dueAt: Date, now: Date, stoppedAt: Date | null = null): ClockReading {
  const at = stoppedAt ?? now;
  const overdue = at.getTime() > dueAt.getTime();
  const atDay = chinaDate(at);
  // The due day is the day before the instant `dueAt` (24:00 ends a day).
  const dueDay = chinaDate(new Date(dueAt.getTime() - 1));
  const workingDaysLeft = overdue ? 0 : workingDaysBetween(calendar, atDay, dueDay);
  const workingDaysOverdue = overdue ? workingDaysBetween(calendar, dueDay, atDay) : 0;
  const hoursLeft = Math.round(((dueAt.getTime() - at.getTime()) / 3_600_000) * 10) / 10;
  const tone: ClockTone = stoppedAt ? (overdue ? 'overdue' : 'done') : overdue ? 'overdue' : workingDaysLeft <= 1 ? 'due_soon' : 'ok';
  return { startedAt, dueAt, overdue, workingDaysLeft, workingDaysOverdue, hoursLeft, tone, stoppedAt };
}

/** States in which a department holds the step (the step clock runs). */
export function stepOpen(state: ComplaintState): boolean {
  return state === 'dispatched' || state === 'handling';
}

/** States in which the whole clock still runs (not yet answered and closed). */
export function wholeOpen(state: ComplaintState): boolean {
  return state === 'received' || state === 'dispatched' || state === 'handling' || state === 'answered';
}

/**
 * The escalation level a complaint should have at `now`: 2 when the whole complaint is overdue
 * (still open), 1 when the department's step is overdue, else 0. Levels never go down: the job
 * raises a complaint to this level only when it is higher than the one recorded, so a second run
 * changes nothing.
 */
export function escalationLevelDue(c: { state: ComplaintState; dueAt: Date; stepDueAt: Date | null }, now: Date): 0 | 1 | 2 {
  if (wholeOpen(c.state) && now.getTime() > c.dueAt.getTime()) return 2;
  if (stepOpen(c.state) && c.stepDueAt && now.getTime() > c.stepDueAt.getTime()) return 1;
  return 0;
}

/** Whether 督办 is due: the step or the whole complaint is overdue while a department holds it. */
export function superviseAllowed(c: { state: ComplaintState; dueAt: Date; stepDueAt: Date | null }, now: Date): boolean {
  return stepOpen(c.state) && escalationLevelDue(c, now) > 0;
}

/** A phone shown masked: 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone ? '****' : '';
}

/** 投诉编号: TS + region code + date + the day's sequence (3 digits). */
export function complaintNumber(regionCode: string, day: string, seq: number): string {
  return `TS${regionCode}${day.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
}
