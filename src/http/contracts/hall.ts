/**
 * The service hall and appointments (DESIGN §8): ticket classes, tickets, the window screen, the
 * display board and its live stream, hall statistics, slot templates, bookings and check-in.
 * Timestamps are Dates on the server and ISO strings on the wire (`timestamp`).
 */
import { z } from 'zod';
import { appointmentStatuses, bookingCodePattern, mainlandMobilePattern, slotKinds, timePattern } from '../../domain/appointments.ts';
import { ticketActions, ticketPriorities, ticketStatuses, type TicketAction } from '../../domain/hall.ts';
import { calendarDate, distinct, timestamp } from './common.ts';
import { windowSchema } from './org.ts';

// ---- Request pieces -----------------------------------------------------------------------------

const classCode = z.string().regex(/^[A-Z]{1,2}$/);
const idNumber = z
  .string()
  .trim()
  .regex(/^[0-9]{17}[0-9Xx]$/, { error: 'must be an 18-character resident ID number' });
const code = z.string().trim().toUpperCase().regex(bookingCodePattern, { error: 'must be a 6-character booking code' });

export const centerAndTemplateParams = z.strictObject({ id: z.uuid(), templateId: z.uuid() });
export const centerAndClassParams = z.strictObject({ id: z.uuid(), code: z.string().regex(/^[A-Z]{1,2}$/, { error: 'must be one or two capital letters' }) });

export const statsQuery = z.strictObject({ from: calendarDate, to: calendarDate });

export const addTemplateBody = z.strictObject({
  classCode,
  kind: z.enum(slotKinds),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  startTime: z.string().regex(timePattern, { error: 'must be HH:MM' }),
  endTime: z.string().regex(timePattern, { error: 'must be HH:MM' }),
  slotMinutes: z.number().int().min(5).max(240),
  capacity: z.number().int().min(1).max(500),
});

export const slotsQuery = z.strictObject({ classCode: classCode.optional(), from: calendarDate.optional(), days: z.coerce.number().int().min(1).max(15).optional() });

export const bookBody = z.strictObject({
  classCode,
  slotStart: z.iso.datetime({ offset: true }),
  name: z.string().trim().min(1).max(50),
  idNumber,
  phone: z.string().trim().regex(mainlandMobilePattern, { error: 'must be an 11-digit mobile number' }),
});

/** Code and resident ID number: looking up or cancelling one's own booking. */
export const ownBookingBody = z.strictObject({ code, idNumber });
export const checkInBody = z.union([z.strictObject({ code }), z.strictObject({ idNumber })]);
export const dayQuery = z.strictObject({ day: calendarDate });

export const saveClassBody = z.strictObject({ name: z.string().trim().min(1).max(30), nameEn: z.string().trim().max(60).default(''), itemCodes: z.array(z.string().min(1).max(64)).max(500).default([]), active: z.boolean().default(true) });
export const windowClassesBody = z.strictObject({ codes: distinct(z.array(z.string().regex(/^[A-Z]{1,2}$/)).max(26), { zh: '业务类别', en: 'ticket class' }) });
export const issueTicketBody = z.strictObject({ classCode, priority: z.enum(['normal', 'green']).default('normal') });
export const ticketActionBody = z.strictObject({
  action: z.enum(Object.keys(ticketActions) as [TicketAction, ...TicketAction[]]),
  classCode: classCode.optional(),
  windowId: z.uuid().optional(),
  caseIds: z.array(z.uuid()).max(20).optional(),
});

// ---- Responses ----------------------------------------------------------------------------------

/** A queue of a center (业务类别). */
export const ticketClassSchema = z.object({
  id: z.string(),
  centerId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  itemCodes: z.array(z.string()),
  active: z.boolean(),
});

const classWithWaiting = ticketClassSchema.extend({ waiting: z.number().int() });

export const ticketSchema = z.object({
  id: z.string(),
  centerId: z.string(),
  classId: z.string(),
  classCode: z.string(),
  className: z.string(),
  day: z.string(),
  sequence: z.number().int(),
  number: z.string().describe('A001 …'),
  priority: z.enum(ticketPriorities),
  slotStart: timestamp.nullable().describe('for an appointment: when its slot starts'),
  applicantId: z.string().nullable(),
  status: z.enum(ticketStatuses),
  issuedAt: timestamp,
  calledAt: timestamp.nullable(),
  callCount: z.number().int(),
  windowId: z.string().nullable(),
  windowNumber: z.number().int().nullable(),
  targetWindowId: z.string().nullable(),
  staffId: z.string().nullable(),
  servedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  transfers: z.number().int(),
  caseIds: z.array(z.string()),
});

/** A ticket as the kiosk gets it back: how many are called before it, as things stand. */
export const issuedTicketSchema = ticketSchema.extend({ ahead: z.number().int() });

/** A ticket at a window: what the speakers say and what the clerk may do with it. */
export const calledTicketSchema = ticketSchema.extend({ announcement: z.string(), actions: z.array(z.enum(Object.keys(ticketActions) as [TicketAction, ...TicketAction[]])) });

export const callNextSchema = z.object({ ticket: calledTicketSchema.nullable().describe('null when nobody waits') });

export const openWindowSchema = z.object({ windowId: z.string(), staffName: z.string(), classCodes: z.array(z.string()) });

export const windowClassesSchema = z.object({ codes: z.array(z.string()) });

/** `GET /api/windows/:id/hall`: the clerk's window screen. */
export const windowViewSchema = z.object({
  window: windowSchema,
  centerName: z.string(),
  classes: z.array(classWithWaiting),
  staffName: z.string().nullable(),
  mine: z.boolean().describe('the caller is the one signed in at the window'),
  current: calledTicketSchema.nullable(),
  windows: z.array(z.object({ id: z.string(), number: z.number().int(), name: z.string() })),
});

/** `GET /api/tickets/:id/status` (public; the QR on the ticket). */
export const ticketProgressSchema = z.object({
  id: z.string(),
  number: z.string(),
  className: z.string(),
  status: z.enum(ticketStatuses),
  ahead: z.number().int(),
  windowNumber: z.number().int().nullable(),
  issuedAt: timestamp,
  centerName: z.string(),
  announcement: z.string(),
});

export const boardCallSchema = z.object({ number: z.string(), windowNumber: z.number().int().nullable(), calledAt: timestamp.nullable(), className: z.string(), announcement: z.string() });

/** What the hall display shows; also the `board` event of the live stream. */
export const boardSchema = z.object({
  center: z.object({ id: z.string(), name: z.string() }),
  day: z.string(),
  classes: z.array(classWithWaiting),
  recent: z.array(boardCallSchema).describe('the latest calls of the day, newest first (up to 10)'),
});

/** The `call` event of the live stream: a call or a recall, to be shown and said at once. */
export const callEventSchema = z.object({ number: z.string(), windowNumber: z.number().int(), announcement: z.string(), at: z.iso.datetime({ offset: true }) });

/** The live stream is text/event-stream, never JSON: `board` events carry a board, `call` events a call. */
export const boardStreamResponse = {
  description: 'text/event-stream: `event: board` with the board (as GET /api/centers/{id}/board), `event: call` with a call; `retry: 3000`, a ping every 20 s',
  content: { 'text/event-stream': { schema: z.string() } },
};

const figures = {
  issued: z.number().int(),
  called: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  transfers: z.number().int(),
  waitMedian: z.number().nullable(),
  waitP90: z.number().nullable(),
  serviceMedian: z.number().nullable(),
  serviceP90: z.number().nullable(),
};
export const figuresSchema = z.object(figures);

/** `GET /api/centers/:id/hall-stats`: minutes, `null` when nothing was measured. */
export const hallStatsSchema = z.object({
  center: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  totals: figuresSchema,
  byClass: z.array(z.object({ ...figures, classId: z.string(), code: z.string(), name: z.string() })),
  byWindow: z.array(z.object({ ...figures, windowId: z.string(), number: z.number().int(), name: z.string() })),
  byDay: z.array(z.object({ ...figures, day: z.string() }).describe('days without tickets are left out')),
  longestWaiting: z.array(z.object({ id: z.string(), number: z.string(), className: z.string(), priority: z.enum(ticketPriorities), issuedAt: timestamp, minutes: z.number() })),
});

export const slotTemplateSchema = z.object({
  id: z.string(),
  classId: z.string(),
  classCode: z.string(),
  kind: z.enum(slotKinds),
  weekdays: z.array(z.number().int()).describe('ISO weekdays, 1 = Monday … 7 = Sunday'),
  startTime: z.string(),
  endTime: z.string(),
  slotMinutes: z.number().int(),
  capacity: z.number().int(),
});

export const createdSchema = z.object({ id: z.string() });

export const slotSchema = z.object({
  classCode: z.string(),
  start: timestamp.describe('booked by sending it back exactly as it came'),
  end: timestamp,
  kind: z.enum(slotKinds),
  capacity: z.number().int(),
  left: z.number().int(),
});

export const slotDaysSchema = z.object({
  days: z.array(z.object({ day: z.string(), dayKind: z.enum(['working', 'rest', 'holiday', 'unknown']), slots: z.array(slotSchema) })),
});

export const appointmentSchema = z.object({
  id: z.string(),
  centerId: z.string(),
  classId: z.string(),
  classCode: z.string(),
  className: z.string(),
  day: z.string(),
  slotStart: timestamp,
  slotEnd: timestamp,
  code: z.string(),
  name: z.string(),
  phone: z.string(),
  idMasked: z.string(),
  status: z.enum(appointmentStatuses),
  ticketId: z.string().nullable(),
  bookedAt: timestamp,
  cancelledAt: timestamp.nullable(),
  checkedInAt: timestamp.nullable(),
  remindedAt: timestamp.nullable(),
});

/** `POST /api/centers/:id/check-in`: the booking and the priority ticket it became. */
export const checkedInSchema = z.object({ appointment: appointmentSchema, ticket: issuedTicketSchema });
