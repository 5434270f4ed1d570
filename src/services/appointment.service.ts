/**
 * Appointments (预约, DESIGN §8): slot templates per center and class (working days, extended
 * hours, Saturday 5+X service), booking by ID number and phone within a per-person limit,
 * cancelling, check-in at the kiosk that turns a booking into a priority ticket, and the sweep that
 * counts no-shows and puts reminders into the notification outbox.
 */
import { randomBytes } from 'node:crypto';
import { bookingCode, bookingRules, checkInState, slotsOfDay, type DayKind, type SlotTemplate } from '../domain/appointments.ts';
import { addDays, isWorkingDay, type CalendarData } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { maskResidentId, parseResidentId } from '../domain/resident-id.ts';
import { chinaClock, chinaDate, chinaDayStart } from '../domain/china-time.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { Appointment, Ticket, TicketClass } from '../repositories/hall.repository.ts';
import type { Center } from '../repositories/org.repository.ts';
import { assertMay, notFound, systemActor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import { createTicket } from './hall.service.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof AppointmentService.repositories)[number];

export interface SlotView {
  classCode: string;
  start: Date;
  end: Date;
  kind: SlotTemplate['kind'];
  capacity: number;
  left: number;
}

export interface BookingInput {
  centerId: string;
  classCode: string;
  slotStart: Date;
  name: string;
  idNumber: string;
  phone: string;
}

export interface CheckedIn {
  appointment: Appointment;
  ticket: Ticket & { ahead: number };
}

export class AppointmentService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['hall', 'org', 'calendar', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: CalendarService;
  private readonly ids: IdProtector;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.ids = options.ids;
  }

  private async center(repos: Pick<Repositories, Uses>, centerId: string): Promise<Center> {
    const center = await repos.org.findCenter(centerId);
    if (!center) throw notFound({ zh: '服务中心', en: 'Center' });
    return center;
  }

  private async ticketClass(repos: Pick<Repositories, Uses>, centerId: string, code: string): Promise<TicketClass> {
    const found = (await repos.hall.listClasses(centerId)).find((c) => c.code === code && c.active);
    if (!found) throw new AppError('VALIDATION_FAILED', { zh: `本中心没有业务类别 ${code}`, en: `This center has no ticket class ${code}` });
    return found;
  }

  private static dayKind(calendar: CalendarData, day: string): DayKind | null {
    try {
      if (isWorkingDay(calendar, day)) return 'working';
    } catch {
      return null; // A year nobody has entered yet: no slots rather than a guess.
    }
    return calendar.holidays.has(day) ? 'holiday' : 'rest';
  }

  /** The center's slot templates with their class codes. */
  async templates(centerId: string): Promise<(SlotTemplate & { classCode: string })[]> {
    const repos = this.uow.read;
    await this.center(repos, centerId);
    const [templates, classes] = await Promise.all([repos.hall.listTemplates(centerId), repos.hall.listClasses(centerId)]);
    const code = new Map(classes.map((c) => [c.id, c.code]));
    return templates.map((t) => ({ ...t, classCode: code.get(t.classId) ?? '' }));
  }

  /** Adds a slot template (an administrator of the center's region). */
  async addTemplate(options: WriteOptions, centerId: string, input: Omit<SlotTemplate, 'id' | 'classId'> & { classCode: string }): Promise<string> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const center = await this.center(repos, centerId);
      assertMay(options.actor, 'appointment.manage', { regionPath: center.regionPath });
      const ticketClass = await this.ticketClass(repos, centerId, input.classCode);
      if (input.startTime >= input.endTime) throw new AppError('VALIDATION_FAILED', { zh: '开始时间应早于结束时间', en: 'The start time must be before the end time' });
      if (input.kind === 'weekend' && input.weekdays.some((d) => d < 6)) {
        throw new AppError('VALIDATION_FAILED', { zh: '周末服务(5+X)只能选择周六、周日', en: 'Weekend service (5+X) runs on Saturday or Sunday only' });
      }
      const id = await repos.hall.insertTemplate(
        centerId,
        { classId: ticketClass.id, kind: input.kind, weekdays: [...new Set(input.weekdays)].sort(), startTime: input.startTime, endTime: input.endTime, slotMinutes: input.slotMinutes, capacity: input.capacity },
        now,
      );
      await record({ action: 'appointment.template_added', entityType: 'center', entityId: centerId, payload: { id, ...input }, scope: { regionPath: center.regionPath } });
      return id;
    });
  }

  async removeTemplate(options: WriteOptions, centerId: string, templateId: string): Promise<void> {
    await performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const center = await this.center(repos, centerId);
      assertMay(options.actor, 'appointment.manage', { regionPath: center.regionPath });
      if (!(await repos.hall.deactivateTemplate(centerId, templateId))) throw notFound({ zh: '预约时段模板', en: 'Slot template' });
      await record({ action: 'appointment.template_removed', entityType: 'center', entityId: centerId, payload: { id: templateId }, scope: { regionPath: center.regionPath } });
    });
  }

  /** Open slots from a day for a number of days (at most the booking horizon), with places left. */
  async slots(centerId: string, query: { classCode?: string; from?: string; days?: number }): Promise<{ days: { day: string; dayKind: DayKind | 'unknown'; slots: SlotView[] }[] }> {
    const repos = this.uow.read;
    const center = await this.center(repos, centerId);
    const now = this.clock.now();
    const today = chinaDate(now);
    const from = query.from && query.from > today ? query.from : today;
    const last = addDays(today, bookingRules.daysAhead);
    const days = Math.max(0, Math.min(query.days ?? 7, bookingRules.daysAhead + 1));
    const [templates, classes, calendar] = await Promise.all([repos.hall.listTemplates(centerId), repos.hall.listClasses(centerId), this.calendar.calendarForRegion({ path: center.regionPath }, repos)]);
    const classCode = new Map(classes.map((c) => [c.id, c.code]));
    const chosen = query.classCode ? templates.filter((t) => classCode.get(t.classId) === query.classCode) : templates;
    const result: { day: string; dayKind: DayKind | 'unknown'; slots: SlotView[] }[] = [];
    const end = addDays(from, days);
    const booked = await repos.hall.bookedCounts([...new Set(chosen.map((t) => t.classId))], chinaDayStart(from), chinaDayStart(end));
    const taken = new Map(booked.map((b) => [`${b.classId} ${b.slotStart.getTime()}`, b.booked]));
    for (let day = from; day < end && day <= last; day = addDays(day, 1)) {
      const kind = AppointmentService.dayKind(calendar, day);
      const slots = kind ? slotsOfDay(chosen, day, kind).filter((s) => s.start.getTime() > now.getTime()) : [];
      result.push({
        day,
        dayKind: kind ?? 'unknown',
        slots: slots.map((s) => ({ classCode: classCode.get(s.classId) ?? '', start: s.start, end: s.end, kind: s.kind, capacity: s.capacity, left: Math.max(0, s.capacity - (taken.get(`${s.classId} ${s.start.getTime()}`) ?? 0)) })),
      });
    }
    return { days: result };
  }

  /** Books a slot for a person (no sign-in: ID number, name and phone), within the per-person limits. */
  async book(options: WriteOptions, input: BookingInput): Promise<Appointment> {
    const parsed = parseResidentId(input.idNumber.toUpperCase());
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', { zh: '身份证号码不正确', en: 'The resident ID number is not valid' }, { field: 'idNumber' });
    const idNumber = input.idNumber.toUpperCase();
    const fingerprint = this.ids.fingerprint(idNumber);
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const center = await this.center(repos, input.centerId);
      const ticketClass = await this.ticketClass(repos, input.centerId, input.classCode);
      const day = chinaDate(input.slotStart);
      if (input.slotStart.getTime() <= now.getTime()) throw new AppError('VALIDATION_FAILED', { zh: '该时段已过,请选择其他时段', en: 'That slot has passed; choose another' });
      if (day > addDays(chinaDate(now), bookingRules.daysAhead)) {
        throw new AppError('VALIDATION_FAILED', { zh: `最多可预约 ${bookingRules.daysAhead} 天内的时段`, en: `Slots can be booked up to ${bookingRules.daysAhead} days ahead` });
      }
      const calendar = await this.calendar.calendarForRegion({ path: center.regionPath }, repos);
      const kind = AppointmentService.dayKind(calendar, day);
      const slot = kind
        ? slotsOfDay(
            (await repos.hall.listTemplates(input.centerId)).filter((t) => t.classId === ticketClass.id),
            day,
            kind,
          ).find((s) => s.start.getTime() === input.slotStart.getTime())
        : undefined;
      if (!slot) throw new AppError('VALIDATION_FAILED', { zh: '该时段不开放预约', en: 'That slot is not open for booking' });

      await repos.hall.lockPerson(fingerprint);
      const since = new Date(now.getTime() - bookingRules.noShowWindowDays * 86_400_000);
      const noShows = await repos.hall.noShowsSince(fingerprint, since);
      if (noShows.length >= bookingRules.noShowLimit) {
        const until = chinaDate(new Date(noShows[noShows.length - bookingRules.noShowLimit]!.getTime() + bookingRules.noShowWindowDays * 86_400_000));
        throw new AppError(
          'APPOINTMENT_NO_SHOW_LIMIT',
          {
            zh: `${bookingRules.noShowWindowDays} 天内爽约 ${noShows.length} 次,${until} 前暂停网上预约,请到现场取号`,
            en: `${noShows.length} missed appointments in ${bookingRules.noShowWindowDays} days: online booking is closed until ${until}; take a ticket at the hall`,
          },
          { reason: 'no_show_limit', until },
        );
      }
      if ((await repos.hall.countOpenBookings(fingerprint, now)) >= bookingRules.maxOpenPerPerson) {
        throw new AppError(
          'APPOINTMENT_PERSON_LIMIT',
          { zh: `每人最多同时持有 ${bookingRules.maxOpenPerPerson} 个有效预约`, en: `One person may hold at most ${bookingRules.maxOpenPerPerson} open appointments` },
          { reason: 'person_limit' },
        );
      }
      if (!(await repos.hall.takeSlotPlace(ticketClass.id, slot.start, slot.capacity))) {
        throw new AppError('SLOT_FULL', { zh: '该时段已约满,请选择其他时段', en: 'That slot is full; choose another' }, { reason: 'slot_full' });
      }
      let id: string | undefined;
      for (let attempt = 0; !id; attempt++) {
        const code = bookingCode(randomBytes(6));
        if (attempt < 5 && (await repos.hall.findAppointmentByCode(code))) continue;
        id = await repos.hall.insertAppointment({
          centerId: input.centerId,
          classId: ticketClass.id,
          day,
          slotStart: slot.start,
          slotEnd: slot.end,
          code,
          name: input.name.trim(),
          phone: input.phone,
          idFingerprint: fingerprint,
          idMasked: maskResidentId(idNumber),
          at: now,
        });
      }
      const appointment = (await repos.hall.findAppointment(id))!;
      await record({
        action: 'appointment.booked',
        entityType: 'appointment',
        entityId: id,
        payload: { code: appointment.code, slotStart: slot.start.toISOString(), classCode: ticketClass.code },
        scope: { regionPath: center.regionPath },
        events: [{ topic: 'notification.sms', payload: { phone: input.phone, template: 'appointment_booked', params: { code: appointment.code, center: center.name, slot: slot.start.toISOString(), className: ticketClass.name } } }],
      });
      return appointment;
    });
  }

  private async ownBooking(repos: Pick<Repositories, Uses>, code: string, idNumber: string, lock: boolean): Promise<Appointment> {
    const found = await repos.hall.findAppointmentByCode(code.toUpperCase());
    // One answer for "no such code" and "not yours": a code cannot be probed.
    if (!found || (await repos.hall.appointmentFingerprint(found.id)) !== this.ids.fingerprint(idNumber.toUpperCase())) {
      throw new AppError('NOT_FOUND', { zh: '没有找到该预约,请核对预约码和身份证号', en: 'No such appointment: check the booking code and ID number' });
    }
    return lock ? (await repos.hall.lockAppointment(found.id))! : found;
  }

  /** The applicant looks a booking up by its code and their ID number. */
  async find(code: string, idNumber: string): Promise<Appointment> {
    return this.ownBooking(this.uow.read, code, idNumber, false);
  }

  /** Cancels a booking before its slot starts; the place is free again. */
  async cancel(options: WriteOptions, code: string, idNumber: string): Promise<Appointment> {
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const booking = await this.ownBooking(repos, code, idNumber, true);
      if (booking.status !== 'booked') throw new AppError('APPOINTMENT_NOT_CANCELLABLE', { zh: '该预约已不能取消', en: 'This appointment can no longer be cancelled' }, { status: booking.status });
      if (booking.slotStart.getTime() <= now.getTime()) throw new AppError('APPOINTMENT_NOT_CANCELLABLE', { zh: '时段已开始,不能取消', en: 'The slot has begun: it cannot be cancelled' });
      await repos.hall.updateAppointment(booking.id, { status: 'cancelled', cancelledAt: now });
      await repos.hall.releaseSlotPlace(booking.classId, booking.slotStart);
      const center = await this.center(repos, booking.centerId);
      await record({ action: 'appointment.cancelled', entityType: 'appointment', entityId: booking.id, payload: { code: booking.code }, scope: { regionPath: center.regionPath } });
      return (await repos.hall.findAppointment(booking.id))!;
    });
  }

  /**
   * Check-in at the kiosk, by booking code or ID number: from half an hour before the slot until it
   * ends, the booking becomes a priority ticket (called before walk-ins once its slot begins).
   */
  async checkIn(options: WriteOptions, centerId: string, by: { code?: string; idNumber?: string }): Promise<CheckedIn> {
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const center = await this.center(repos, centerId);
      let booking: Appointment | undefined;
      if (by.code) {
        booking = await repos.hall.findAppointmentByCode(by.code.toUpperCase());
        if (booking && booking.centerId !== centerId) booking = undefined;
      } else if (by.idNumber) {
        const mine = await repos.hall.openBookingsOfPerson(centerId, this.ids.fingerprint(by.idNumber.toUpperCase()), chinaDate(now));
        booking = mine.find((b) => checkInState({ start: b.slotStart, end: b.slotEnd }, now) === 'open') ?? mine[0];
      }
      if (!booking) throw new AppError('NOT_FOUND', { zh: '今天在本中心没有找到您的预约', en: 'No appointment of yours at this center today' });
      booking = (await repos.hall.lockAppointment(booking.id))!;
      if (booking.status !== 'booked')
        throw new AppError(
          'APPOINTMENT_NOT_ACTIVE',
          { zh: booking.status === 'checked_in' ? '该预约已签到' : '该预约已失效', en: booking.status === 'checked_in' ? 'Already checked in' : 'This appointment is no longer valid' },
          { status: booking.status },
        );
      const state = checkInState({ start: booking.slotStart, end: booking.slotEnd }, now);
      if (state === 'early') {
        const opens = new Date(booking.slotStart.getTime() - bookingRules.checkInEarlyMinutes * 60_000);
        const at = chinaClock(opens);
        throw new AppError(
          'CHECK_IN_TOO_EARLY',
          { zh: `签到 ${at} 开始(预约时段前 ${bookingRules.checkInEarlyMinutes} 分钟)`, en: `Check-in opens at ${at} (${bookingRules.checkInEarlyMinutes} minutes before the slot)` },
          { reason: 'early' },
        );
      }
      if (state === 'late') throw new AppError('CHECK_IN_TOO_LATE', { zh: '预约时段已过,请取普通号', en: 'The slot has passed: please take an ordinary ticket' }, { reason: 'late' });
      const ticketClass = (await repos.hall.listClasses(centerId)).find((c) => c.id === booking!.classId)!;
      const ticket = await createTicket(repos, now, { centerId, classId: ticketClass.id, classCode: ticketClass.code, priority: 'appointment', slotStart: booking.slotStart });
      await repos.hall.updateAppointment(booking.id, { status: 'checked_in', checkedInAt: now, ticketId: ticket.id });
      await record({ action: 'appointment.checked_in', entityType: 'appointment', entityId: booking.id, payload: { code: booking.code, ticket: ticket.number }, scope: { regionPath: center.regionPath } });
      return { appointment: (await repos.hall.findAppointment(booking.id))!, ticket: { ...ticket, ahead: await repos.hall.ahead(ticket) } };
    });
  }

  /** A day's bookings of a center, for the guide's desk. */
  async list(actor: Actor, centerId: string, day: string): Promise<Appointment[]> {
    const repos = this.uow.read;
    const center = await this.center(repos, centerId);
    assertMay(actor, 'appointment.read', { regionPath: center.regionPath });
    return repos.hall.listAppointments(centerId, day);
  }

  /**
   * The sweep (with the case clock): bookings whose slot ended unattended become no-shows;
   * bookings starting within the reminder lead get one reminder in the outbox. Claimed with SKIP
   * LOCKED in batches, so several processes share the work and nobody is told twice.
   */
  async sweep(options: { batch?: number } = {}): Promise<{ noShows: number; reminders: number }> {
    const batch = options.batch ?? 200;
    const actor = systemActor;
    let noShows = 0;
    let reminders = 0;
    for (;;) {
      const n = await performWrite(this.uow, this.clock, { actor, mayChangeNothing: true }, async ({ repos, now, record }) => {
        const missed = await repos.hall.claimMissed(now, batch);
        const where = centerScopes(repos);
        for (const a of missed) {
          await repos.hall.updateAppointment(a.id, { status: 'no_show' });
          await record({ action: 'appointment.no_show', entityType: 'appointment', entityId: a.id, payload: { code: a.code }, scope: await where(a.centerId) });
        }
        return missed.length;
      });
      noShows += n;
      if (n < batch) break;
    }
    for (;;) {
      const n = await performWrite(this.uow, this.clock, { actor, mayChangeNothing: true }, async ({ repos, now, record }) => {
        const due = await repos.hall.claimDueReminders(now, new Date(now.getTime() + bookingRules.remindHoursBefore * 3_600_000), batch);
        const where = centerScopes(repos);
        for (const a of due) {
          await repos.hall.updateAppointment(a.id, { remindedAt: now });
          await record({
            action: 'appointment.reminded',
            entityType: 'appointment',
            entityId: a.id,
            payload: { code: a.code },
            scope: await where(a.centerId),
            events: [{ topic: 'notification.sms', payload: { phone: a.phone, template: 'appointment_reminder', params: { code: a.code, slot: a.slotStart.toISOString(), className: a.className } } }],
          });
        }
        return due.length;
      });
      reminders += n;
      if (n < batch) break;
    }
    return { noShows, reminders };
  }
}

/** Each center's region, read once per batch: where an appointment's audit row is filed. */
function centerScopes(repos: Pick<Repositories, Uses>): (centerId: string) => Promise<{ regionPath: string } | null> {
  const known = new Map<string, { regionPath: string } | null>();
  return async (centerId) => {
    if (!known.has(centerId)) {
      const center = await repos.org.findCenter(centerId);
      known.set(centerId, center ? { regionPath: center.regionPath } : null);
    }
    return known.get(centerId)!;
  };
}
