/**
 * Appointments (预约): which slots a center offers on a day, and the rules of booking. Pure rules
 * shared by the server and the booking page.
 *
 * - A *regular* template runs on working days (by the region's calendar), an *extended* one adds
 *   hours after closing (延时服务), a *weekend* one opens a rest day (5+X: Saturday service).
 * - A weekend day made a working day by arrangement (调休上班) runs the Monday timetable; a
 *   national holiday runs none.
 */
import { isoWeekday } from './calendar.ts';
import { chinaDayStart } from './china-time.ts';

export const slotKinds = ['regular', 'extended', 'weekend'] as const;
export type SlotKind = (typeof slotKinds)[number];
export const slotKindLabels: Record<SlotKind, { zh: string; en: string }> = {
  regular: { zh: '工作日', en: 'Working day' },
  extended: { zh: '延时服务', en: 'Extended hours' },
  weekend: { zh: '周末服务(5+X)', en: 'Weekend service (5+X)' },
};

export const appointmentStatuses = ['booked', 'cancelled', 'checked_in', 'no_show'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
export const appointmentStatusLabels: Record<AppointmentStatus, { zh: string; en: string }> = {
  booked: { zh: '已预约', en: 'Booked' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  checked_in: { zh: '已签到', en: 'Checked in' },
  no_show: { zh: '爽约', en: 'No-show' },
};

/** The booking rules a center runs by. */
export const bookingRules = {
  /** Slots can be booked from now up to this many days ahead. */
  daysAhead: 14,
  /** Open (booked, not yet due) appointments one person may hold at once. */
  maxOpenPerPerson: 2,
  /** This many no-shows within `noShowWindowDays` stop online booking until the oldest leaves it. */
  noShowLimit: 3,
  noShowWindowDays: 90,
  /** Check-in opens this many minutes before the slot and closes when the slot ends. */
  checkInEarlyMinutes: 30,
  /** The reminder goes out this many hours before the slot. */
  remindHoursBefore: 24,
} as const;

export interface SlotTemplate {
  id: string;
  classId: string;
  kind: SlotKind;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** 'HH:MM', China time. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  capacity: number;
}

export type DayKind = 'working' | 'rest' | 'holiday';

export interface Slot {
  templateId: string;
  classId: string;
  kind: SlotKind;
  start: Date;
  end: Date;
  capacity: number;
}

export const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** A China-time wall clock on a day, as an instant. */
export function chinaTime(day: string, minutes: number): Date {
  return new Date(chinaDayStart(day).getTime() + minutes * 60_000);
}

/** The slots of a day, from the templates that apply to it, in time order. */
export function slotsOfDay(templates: readonly SlotTemplate[], day: string, dayKind: DayKind): Slot[] {
  if (dayKind === 'holiday') return [];
  const weekday = isoWeekday(day);
  const timetable = dayKind === 'working' && weekday > 5 ? 1 : weekday;
  const slots: Slot[] = [];
  for (const t of templates) {
    const applies = dayKind === 'working' ? t.kind !== 'weekend' : t.kind === 'weekend';
    if (!applies || !t.weekdays.includes(timetable)) continue;
    const end = minutesOf(t.endTime);
    for (let m = minutesOf(t.startTime); m + t.slotMinutes <= end; m += t.slotMinutes) {
      slots.push({ templateId: t.id, classId: t.classId, kind: t.kind, start: chinaTime(day, m), end: chinaTime(day, m + t.slotMinutes), capacity: t.capacity });
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.classId.localeCompare(b.classId));
}

/** Whether a booking may be checked in at `now`, and if not, why. */
export function checkInState(slot: { start: Date; end: Date }, now: Date): 'early' | 'open' | 'late' {
  if (now.getTime() < slot.start.getTime() - bookingRules.checkInEarlyMinutes * 60_000) return 'early';
  if (now.getTime() >= slot.end.getTime()) return 'late';
  return 'open';
}

/** Booking codes avoid letters and digits read alike (0/O, 1/I/L). */
export const bookingCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const bookingCodePattern = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

export function bookingCode(random: Uint8Array): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += bookingCodeAlphabet[random[i]! % bookingCodeAlphabet.length];
  return code;
}

export const mainlandMobilePattern = /^1[3-9][0-9]{9}$/;
