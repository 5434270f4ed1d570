/**
 * The service hall (DESIGN §8): ticket classes, ticket numbers, the queue order and the ticket's
 * lifecycle. Pure rules shared by the server, the kiosk, the window screen and the display board.
 */

/** The classes a center starts with (administrators may rename, add or retire them). */
export const defaultTicketClasses = [
  { code: 'A', name: '综合受理(无差别)', nameEn: 'Any item (undifferentiated)' },
  { code: 'B', name: '市场准入', nameEn: 'Market entry' },
  { code: 'C', name: '投资建设', nameEn: 'Investment and construction' },
  { code: 'D', name: '社会事务', nameEn: 'Social affairs' },
  { code: 'E', name: '出件', nameEn: 'Collect results' },
  { code: 'F', name: '咨询', nameEn: 'Enquiries' },
] as const;

export const ticketClassCodePattern = /^[A-Z]{1,2}$/;

/** A001 …: the class code and the day's sequence of that class, three digits at least. */
export function ticketNumber(classCode: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `${classCode}${String(sequence).padStart(3, '0')}`;
}

/** Green channel (elderly, disabled, pregnant…), a booked appointment, or an ordinary walk-in. */
export const ticketPriorities = ['green', 'appointment', 'normal'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketPriorityLabels: Record<TicketPriority, { zh: string; en: string }> = {
  green: { zh: '绿色通道', en: 'Green channel' },
  appointment: { zh: '预约', en: 'Appointment' },
  normal: { zh: '普通', en: 'Walk-in' },
};

export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketStatusLabels: Record<TicketStatus, { zh: string; en: string }> = {
  waiting: { zh: '等候中', en: 'Waiting' },
  called: { zh: '已叫号', en: 'Called' },
  serving: { zh: '办理中', en: 'Being served' },
  done: { zh: '已办结', en: 'Done' },
  no_show: { zh: '过号', en: 'No-show' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** What a window may do with a ticket, from which status, and where it leads. */
export const ticketActions = {
  recall: { from: ['called'], to: 'called', label: { zh: '重呼', en: 'Call again' } },
  skip: { from: ['called'], to: 'no_show', label: { zh: '过号', en: 'No-show' } },
  serve: { from: ['called'], to: 'serving', label: { zh: '开始办理', en: 'Serve' } },
  transfer: { from: ['called', 'serving'], to: 'waiting', label: { zh: '转移', en: 'Transfer' } },
  link: { from: ['serving'], to: 'serving', label: { zh: '关联办件', en: 'Link a case' } },
  finish: { from: ['serving'], to: 'done', label: { zh: '办结', en: 'Finish' } },
} as const satisfies Record<string, { from: readonly TicketStatus[]; to: TicketStatus; label: { zh: string; en: string } }>;
export type TicketAction = keyof typeof ticketActions;

export function ticketActionsFor(status: TicketStatus): TicketAction[] {
  return (Object.keys(ticketActions) as TicketAction[]).filter((a) => (ticketActions[a].from as readonly TicketStatus[]).includes(status));
}

export interface QueuedTicket {
  priority: TicketPriority;
  /** For an appointment: when its slot starts. */
  slotStart: Date | null;
  issuedAt: Date;
}

/**
 * The queue's order (§8): the green channel first, then appointments whose slot has begun (on
 * time), then everyone by the time they took their ticket. An appointment that is early waits like
 * a walk-in until its slot begins. The repository's SQL orders the same way; this is the reference.
 */
export function compareTickets(a: QueuedTicket, b: QueuedTicket, now: Date): number {
  return rank(a, now) - rank(b, now) || a.issuedAt.getTime() - b.issuedAt.getTime();
}

function rank(t: QueuedTicket, now: Date): number {
  if (t.priority === 'green') return 0;
  if (t.priority === 'appointment' && t.slotStart !== null && t.slotStart.getTime() <= now.getTime()) return 1;
  return 2;
}

/** What the hall's speakers say: 请A001号到3号窗口办理. */
export function spokenCall(number: string, windowNumber: number): string {
  return `请${number}号到${windowNumber}号窗口办理`;
}

/** Minutes are kept in whole minutes up to this cap (a longer wait counts as the cap). */
export const statMinuteCap = 480;

export function statMinutes(from: Date, to: Date): number {
  return Math.min(statMinuteCap, Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000)));
}

/**
 * The p-th percentile (0 < p ≤ 1, nearest rank) of a histogram of whole minutes; `null` when empty.
 * The median is p = 0.5: of waits 1, 2, 2, 9 minutes it is 2.
 */
export function histogramPercentile(histogram: ReadonlyMap<number, number>, p: number): number | null {
  let total = 0;
  for (const n of histogram.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const minute of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(minute)!;
    if (seen >= rank) return minute;
  }
  return null;
}
