/**
 * Appointments on the web (预约 and 预约管理): shapes of the appointment routes and the pure helpers
 * the booking page and the staff page share. Clock times are China time whatever the reader's
 * clock says, as on the server (src/domain/appointments.ts).
 */
import type { z } from 'zod';
import type { AppointmentStatus, SlotKind } from '../../../../src/domain/appointments.ts';
import { addDays, isoWeekday } from '../../../../src/domain/calendar.ts';
import type { addTemplateBody, appointmentSchema, slotDaysSchema, slotTemplateSchema } from '../../../../src/http/contracts/hall.ts';
import type { Center, TicketClass } from '../../api.ts';

// ---- Shapes the API takes and returns (src/http/contracts/hall.ts) ---------------------------------

export type { PublicCenter, TicketClass } from '../../api.ts';

export type SlotTemplateView = z.input<typeof slotTemplateSchema>;
export type SlotDay = z.input<typeof slotDaysSchema>['days'][number];
export type DayKind = SlotDay['dayKind'];
/** A slot; `start` is booked by sending it back exactly as it came. */
export type SlotView = SlotDay['slots'][number];
export type Appointment = z.input<typeof appointmentSchema>;
export type TemplateInput = z.input<typeof addTemplateBody>;

export const appointmentApi = {
  publicCenters: '/api/hall/centers',
  staffCenters: '/api/centers',
  classes: (centerId: string) => `/api/centers/${centerId}/ticket-classes`,
  templates: (centerId: string) => `/api/centers/${centerId}/appointment-templates`,
  template: (centerId: string, templateId: string) => `/api/centers/${centerId}/appointment-templates/${templateId}`,
  slots: (centerId: string, query: { classCode: string; from: string; days: number }) =>
    `/api/centers/${centerId}/appointment-slots?${new URLSearchParams({ classCode: query.classCode, from: query.from, days: String(query.days) }).toString()}`,
  book: (centerId: string) => `/api/centers/${centerId}/appointments`,
  ofDay: (centerId: string, day: string) => `/api/centers/${centerId}/appointments?day=${day}`,
  lookup: '/api/appointments/lookup',
  cancel: '/api/appointments/cancel',
};

// ---- China time -------------------------------------------------------------------------------

const chinaOffsetMs = 8 * 3_600_000;

function shifted(instant: string | Date): Date | null {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return Number.isNaN(ms) ? null : new Date(ms + chinaOffsetMs);
}

/** The China day (`YYYY-MM-DD`) of an instant: the one documents use. */
export { chinaDay } from '../documents/model.ts';

/** The China wall clock `HH:MM` of an instant (slot buttons are named by it: `slot-09:30`). */
export function chinaClock(instant: string | Date): string {
  return shifted(instant)?.toISOString().slice(11, 16) ?? String(instant);
}

/** `09:00–09:30`. */
export function timeRange(start: string, end: string): string {
  return `${chinaClock(start)}–${chinaClock(end)}`;
}

export { addDays, isoWeekday };

// ---- Centers ----------------------------------------------------------------------------------

/** The center a page opens on: the one asked for if it exists, else the city hall, else the first. */
export function defaultCenterId(centers: readonly Pick<Center, 'id' | 'level'>[], wanted?: string | null): string | undefined {
  if (wanted && centers.some((c) => c.id === wanted)) return wanted;
  return (centers.find((c) => c.level === 'city') ?? centers[0])?.id;
}

// ---- Booking ----------------------------------------------------------------------------------

/** Active classes that have at least one slot template, in the center's order. */
export function bookableClasses<T extends Pick<TicketClass, 'code' | 'active'>>(classes: readonly T[], templates: readonly Pick<SlotTemplateView, 'classCode'>[]): T[] {
  const offered = new Set(templates.map((t) => t.classCode));
  return classes.filter((c) => c.active && offered.has(c.code));
}

/**
 * What a day is to the applicant: a working day, a rest day the hall opens (周末服务, 5+X), an
 * ordinary rest day, a holiday, or a day whose calendar is not known yet.
 */
export type DayLabel = 'working' | 'weekendService' | 'rest' | 'holiday' | 'unknown';

export function dayLabel(day: Pick<SlotDay, 'dayKind' | 'slots'>): DayLabel {
  if (day.dayKind === 'rest') return day.slots.length > 0 ? 'weekendService' : 'rest';
  return day.dayKind;
}

/** Places still free on a day (0 when nothing is offered or all is taken). */
export function placesLeft(day: Pick<SlotDay, 'slots'>): number {
  return day.slots.reduce((sum, s) => sum + s.left, 0);
}

/** The day to show first: the chosen one while it still has slots, else the first with a free place, else the first with slots, else the first. */
export function firstBookableDay(days: readonly SlotDay[], current?: string | null): string | undefined {
  const kept = current ? days.find((d) => d.day === current && d.slots.length > 0) : undefined;
  return (kept ?? days.find((d) => placesLeft(d) > 0) ?? days.find((d) => d.slots.length > 0) ?? days[0])?.day;
}

/** `11-23` of a day, for the day list. */
export function monthDay(day: string): string {
  return `${day.slice(5, 7)}-${day.slice(8, 10)}`;
}

/** Why a booking was refused with 409, when the server said (`slot_full`, `person_limit`, `no_show_limit`). */
export function conflictReason(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const reason = (details as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** Trimmed, upper-case X: how the server compares ID numbers and booking codes. */
export function normalised(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

// ---- Weekdays ---------------------------------------------------------------------------------

export const weekdayLabels: Record<number, { zh: string; en: string }> = {
  1: { zh: '周一', en: 'Mon' },
  2: { zh: '周二', en: 'Tue' },
  3: { zh: '周三', en: 'Wed' },
  4: { zh: '周四', en: 'Thu' },
  5: { zh: '周五', en: 'Fri' },
  6: { zh: '周六', en: 'Sat' },
  7: { zh: '周日', en: 'Sun' },
};

/**
 * Weekdays as people write them: runs of three or more joined (`周一至周五`), others listed
 * (`周二、周四`).
 */
export function formatWeekdays(weekdays: readonly number[], locale: 'zh' | 'en'): string {
  const days = [...new Set(weekdays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const name = (d: number) => weekdayLabels[d]![locale];
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) parts.push(locale === 'zh' ? `${name(days[i]!)}至${name(days[j]!)}` : `${name(days[i]!)}–${name(days[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(name(days[k]!));
    i = j + 1;
  }
  return parts.join(locale === 'zh' ? '、' : ', ');
}

// ---- Slot templates ---------------------------------------------------------------------------

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** How many slots a template cuts a day into (a last piece shorter than a slot is not offered). */
export function slotsPerDay(template: Pick<TemplateInput, 'startTime' | 'endTime' | 'slotMinutes'>): number {
  const length = minutesOf(template.endTime) - minutesOf(template.startTime);
  return template.slotMinutes > 0 && length > 0 ? Math.floor(length / template.slotMinutes) : 0;
}

export type TemplateProblem = 'endBeforeStart' | 'noWholeSlot' | 'weekendOnRestDays';

/** What the server would refuse in a new template, checked before sending. */
export function templateProblems(input: Pick<TemplateInput, 'kind' | 'weekdays' | 'startTime' | 'endTime' | 'slotMinutes'>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (input.startTime >= input.endTime) problems.push('endBeforeStart');
  else if (slotsPerDay(input) === 0) problems.push('noWholeSlot');
  if (input.kind === 'weekend' && input.weekdays.some((d) => d < 6)) problems.push('weekendOnRestDays');
  return problems;
}

/** Templates by class code, then kind (regular, extended, weekend), then start time. */
export function sortTemplates<T extends Pick<SlotTemplateView, 'classCode' | 'kind' | 'startTime'>>(templates: readonly T[]): T[] {
  const kindOrder: Record<SlotKind, number> = { regular: 0, extended: 1, weekend: 2 };
  return [...templates].sort((a, b) => a.classCode.localeCompare(b.classCode) || kindOrder[a.kind] - kindOrder[b.kind] || a.startTime.localeCompare(b.startTime));
}

// ---- The day's appointments -------------------------------------------------------------------

/** Tag colours of the appointment statuses (antd presets). */
export const statusColors: Record<AppointmentStatus, string> = {
  booked: 'processing',
  checked_in: 'success',
  no_show: 'error',
  cancelled: 'default',
};

export type StatusCounts = Record<AppointmentStatus, number> & { total: number };

export function statusCounts(appointments: readonly Pick<Appointment, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { total: appointments.length, booked: 0, cancelled: 0, checked_in: 0, no_show: 0 };
  for (const a of appointments) counts[a.status]++;
  return counts;
}

/** A day's bookings in slot order, cancelled ones last within their slot. */
export function sortAppointments<T extends Pick<Appointment, 'slotStart' | 'status' | 'code'>>(appointments: readonly T[]): T[] {
  const rank = (a: T) => (a.status === 'cancelled' ? 1 : 0);
  return [...appointments].sort((a, b) => Date.parse(a.slotStart) - Date.parse(b.slotStart) || rank(a) - rank(b) || a.code.localeCompare(b.code));
}

/** Whether the applicant may still cancel: booked and the slot not begun. */
export function mayCancel(appointment: Pick<Appointment, 'status' | 'slotStart'>, now: Date): boolean {
  return appointment.status === 'booked' && Date.parse(appointment.slotStart) > now.getTime();
}
