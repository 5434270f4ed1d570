/** The service hall: ticket classes, windows' classes and clerks, tickets and the queue. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { TicketPriority, TicketStatus } from '../domain/hall.ts';
import type { AppointmentStatus, SlotKind, SlotTemplate } from '../domain/appointments.ts';
import { toAppointment, toClass, toTicket, type Appointment, type HallMetric, type HallStatRow, type Ticket, type TicketClass } from './hall.records.ts';

/** The channel hall changes are announced on (NOTIFY inside the write, delivered at commit). */
export const hallChannel = 'onewindow_hall';

export type { Appointment, HallMetric, HallStatRow, Ticket, TicketClass } from './hall.records.ts';

export class HallRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async listClasses(centerId: string): Promise<TicketClass[]> {
    return (await this.db.selectFrom('ticket_classes').selectAll().where('center_id', '=', centerId).orderBy('code').execute()).map(toClass);
  }

  async insertClass(input: { centerId: string; code: string; name: string; nameEn: string; itemCodes: string[]; at: Date }): Promise<void> {
    await this.db
      .insertInto('ticket_classes')
      .values({ center_id: input.centerId, code: input.code, name: input.name, name_en: input.nameEn, item_codes: input.itemCodes, created_at: input.at })
      .onConflict((oc) => oc.columns(['center_id', 'code']).doNothing())
      .execute();
  }

  /** Adds a class or changes its name, items and whether it is in use. */
  async upsertClass(input: { centerId: string; code: string; name: string; nameEn: string; itemCodes: string[]; active: boolean; at: Date }): Promise<void> {
    await this.db
      .insertInto('ticket_classes')
      .values({ center_id: input.centerId, code: input.code, name: input.name, name_en: input.nameEn, item_codes: input.itemCodes, active: input.active, created_at: input.at })
      .onConflict((oc) => oc.columns(['center_id', 'code']).doUpdateSet({ name: input.name, name_en: input.nameEn, item_codes: input.itemCodes, active: input.active }))
      .execute();
  }

  async setWindowClasses(windowId: string, classIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('window_classes').where('window_id', '=', windowId).execute();
    if (classIds.length > 0)
      await this.db
        .insertInto('window_classes')
        .values(classIds.map((classId) => ({ window_id: windowId, class_id: classId })))
        .execute();
  }

  async windowClasses(windowId: string): Promise<string[]> {
    return (await this.db.selectFrom('window_classes').select('class_id').where('window_id', '=', windowId).execute()).map((r) => r.class_id);
  }

  async openSession(windowId: string, staff: { id: string; name: string }, at: Date): Promise<void> {
    await this.db
      .insertInto('window_sessions')
      .values({ window_id: windowId, staff_id: staff.id, staff_name: staff.name, opened_at: at })
      .onConflict((oc) => oc.column('window_id').doUpdateSet({ staff_id: staff.id, staff_name: staff.name, opened_at: at }))
      .execute();
  }

  async session(windowId: string): Promise<{ staffId: string; staffName: string } | undefined> {
    const row = await this.db.selectFrom('window_sessions').select(['staff_id', 'staff_name']).where('window_id', '=', windowId).executeTakeFirst();
    return row && { staffId: row.staff_id, staffName: row.staff_name };
  }

  /** The next number of a class on a day: one atomic upsert, so concurrent kiosks never share one. */
  async nextSequence(classId: string, day: string): Promise<number> {
    const row = await sql<{ last_value: number }>`
      INSERT INTO ticket_sequences (class_id, day, last_value) VALUES (${classId}, ${day}, 1)
      ON CONFLICT (class_id, day) DO UPDATE SET last_value = ticket_sequences.last_value + 1
      RETURNING last_value`.execute(this.db);
    return row.rows[0]!.last_value;
  }

  private ticketQuery() {
    return this.db
      .selectFrom('tickets as t')
      .innerJoin('ticket_classes as k', 'k.id', 't.class_id')
      .leftJoin('windows as w', 'w.id', 't.window_id')
      .selectAll('t')
      .select(['k.code as class_code', 'k.name as class_name', 'w.number as window_number']);
  }

  async insertTicket(input: { centerId: string; classId: string; day: string; sequence: number; number: string; priority: TicketPriority; slotStart: Date | null; applicantId: string | null; at: Date }): Promise<Ticket> {
    const { id } = await this.db
      .insertInto('tickets')
      .values({
        center_id: input.centerId,
        class_id: input.classId,
        issued_class_id: input.classId,
        day: input.day,
        sequence: input.sequence,
        number: input.number,
        priority: input.priority,
        slot_start: input.slotStart,
        applicant_id: input.applicantId,
        status: 'waiting',
        issued_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.findTicket(id))!;
  }

  async findTicket(id: string): Promise<Ticket | undefined> {
    const row = await this.ticketQuery().where('t.id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  }

  async lockTicket(id: string): Promise<Ticket | undefined> {
    const locked = await this.db.selectFrom('tickets').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? this.findTicket(id) : undefined;
  }

  /** How many wait before a ticket in its queue (same class, earlier or prioritised). */
  async ahead(ticket: Ticket): Promise<number> {
    const row = await this.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('center_id', '=', ticket.centerId)
      .where('day', '=', ticket.day)
      .where('class_id', '=', ticket.classId)
      .where('status', '=', 'waiting')
      .where('id', '<>', ticket.id)
      .where((eb) => eb.or([eb('issued_at', '<', ticket.issuedAt), eb.and([eb('issued_at', '=', ticket.issuedAt), eb('sequence', '<', ticket.sequence)]), eb('priority', '=', 'green')]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Claims the next waiting ticket for a window: of the classes it serves (or sent to it), green
   * channel first, then appointments whose slot has begun, then by issue time (domain/hall.ts
   * compareTickets). Locked with SKIP LOCKED, so two windows calling at once get different tickets.
   */
  async claimNext(input: { centerId: string; day: string; classIds: readonly string[]; windowId: string; now: Date }): Promise<string | undefined> {
    if (input.classIds.length === 0) return undefined;
    const row = await this.db
      .selectFrom('tickets')
      .select('id')
      .where('center_id', '=', input.centerId)
      .where('day', '=', input.day)
      .where('status', '=', 'waiting')
      .where((eb) => eb.or([eb.and([eb('class_id', 'in', [...input.classIds]), eb('target_window_id', 'is', null)]), eb('target_window_id', '=', input.windowId)]))
      .orderBy(sql`CASE WHEN priority = 'green' THEN 0 WHEN priority = 'appointment' AND slot_start <= ${input.now} THEN 1 ELSE 2 END`)
      .orderBy('issued_at')
      .orderBy('sequence')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    return row?.id;
  }

  async updateTicket(
    id: string,
    patch: Partial<{
      status: TicketStatus;
      calledAt: Date | null;
      callCount: number;
      windowId: string | null;
      targetWindowId: string | null;
      classId: string;
      staffId: string | null;
      servedAt: Date;
      finishedAt: Date;
      transfers: number;
      caseIds: string[];
    }>,
  ): Promise<void> {
    const columns: Record<string, string> = {
      status: 'status',
      calledAt: 'called_at',
      callCount: 'call_count',
      windowId: 'window_id',
      targetWindowId: 'target_window_id',
      classId: 'class_id',
      staffId: 'staff_id',
      servedAt: 'served_at',
      finishedAt: 'finished_at',
      transfers: 'transfers',
      caseIds: 'case_ids',
    };
    const set: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) set[columns[key]!] = value;
    await this.db.updateTable('tickets').set(set).where('id', '=', id).execute();
  }

  async waitingCounts(centerId: string, day: string): Promise<{ classId: string; waiting: number }[]> {
    const rows = await this.db
      .selectFrom('tickets')
      .select(['class_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('center_id', '=', centerId)
      .where('day', '=', day)
      .where('status', '=', 'waiting')
      .groupBy('class_id')
      .execute();
    return rows.map((r) => ({ classId: r.class_id, waiting: Number(r.n) }));
  }

  async recentCalls(centerId: string, day: string, limit: number): Promise<Ticket[]> {
    const rows = await this.ticketQuery().where('t.center_id', '=', centerId).where('t.day', '=', day).where('t.called_at', 'is not', null).orderBy('t.called_at', 'desc').limit(limit).execute();
    return rows.map(toTicket);
  }

  /** Announces a change of the hall to every process listening (sent when the transaction commits). */
  async notify(payload: unknown): Promise<void> {
    await sql`SELECT pg_notify(${hallChannel}, ${JSON.stringify(payload)})`.execute(this.db);
  }

  // --- appointments -------------------------------------------------------------------------

  async listTemplates(centerId: string): Promise<SlotTemplate[]> {
    const rows = await this.db.selectFrom('appointment_templates').selectAll().where('center_id', '=', centerId).where('active', '=', true).orderBy('kind').orderBy('start_time').execute();
    return rows.map((r) => ({ id: r.id, classId: r.class_id, kind: r.kind as SlotKind, weekdays: r.weekdays.map(Number), startTime: r.start_time, endTime: r.end_time, slotMinutes: r.slot_minutes, capacity: r.capacity }));
  }

  async insertTemplate(centerId: string, t: Omit<SlotTemplate, 'id'>, at: Date): Promise<string> {
    const row = await this.db
      .insertInto('appointment_templates')
      .values({ center_id: centerId, class_id: t.classId, kind: t.kind, weekdays: [...t.weekdays], start_time: t.startTime, end_time: t.endTime, slot_minutes: t.slotMinutes, capacity: t.capacity, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async deactivateTemplate(centerId: string, id: string): Promise<boolean> {
    const result = await this.db.updateTable('appointment_templates').set({ active: false }).where('id', '=', id).where('center_id', '=', centerId).where('active', '=', true).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Takes one place of a slot if it has one left: one statement, so concurrent bookings never overfill it. */
  async takeSlotPlace(classId: string, slotStart: Date, capacity: number): Promise<boolean> {
    const result = await sql<{ booked: number }>`
      INSERT INTO appointment_slot_counts (class_id, slot_start, booked) VALUES (${classId}, ${slotStart}, 1)
      ON CONFLICT (class_id, slot_start) DO UPDATE SET booked = appointment_slot_counts.booked + 1
      WHERE appointment_slot_counts.booked < ${capacity}
      RETURNING booked`.execute(this.db);
    return result.rows.length === 1;
  }

  async releaseSlotPlace(classId: string, slotStart: Date): Promise<void> {
    await this.db
      .updateTable('appointment_slot_counts')
      .set((eb) => ({ booked: eb('booked', '-', 1) }))
      .where('class_id', '=', classId)
      .where('slot_start', '=', slotStart)
      .where('booked', '>', 0)
      .execute();
  }

  async bookedCounts(classIds: readonly string[], from: Date, to: Date): Promise<{ classId: string; slotStart: Date; booked: number }[]> {
    if (classIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('appointment_slot_counts')
      .selectAll()
      .where('class_id', 'in', [...classIds])
      .where('slot_start', '>=', from)
      .where('slot_start', '<', to)
      .execute();
    return rows.map((r) => ({ classId: r.class_id, slotStart: r.slot_start, booked: r.booked }));
  }

  /** Serialises one person's bookings (the per-person limit is checked under it). */
  async lockPerson(fingerprint: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`appointment:${fingerprint}`}, 0))`.execute(this.db);
  }

  async countOpenBookings(fingerprint: string, now: Date): Promise<number> {
    const row = await this.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('id_fingerprint', '=', fingerprint)
      .where('status', '=', 'booked')
      .where('slot_end', '>', now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The person's no-shows since a time, oldest first. */
  async noShowsSince(fingerprint: string, since: Date): Promise<Date[]> {
    const rows = await this.db.selectFrom('appointments').select('slot_start').where('id_fingerprint', '=', fingerprint).where('status', '=', 'no_show').where('slot_start', '>=', since).orderBy('slot_start').execute();
    return rows.map((r) => r.slot_start);
  }

  async insertAppointment(input: { centerId: string; classId: string; day: string; slotStart: Date; slotEnd: Date; code: string; name: string; phone: string; idFingerprint: string; idMasked: string; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('appointments')
      .values({
        center_id: input.centerId,
        class_id: input.classId,
        day: input.day,
        slot_start: input.slotStart,
        slot_end: input.slotEnd,
        code: input.code,
        name: input.name,
        phone: input.phone,
        id_fingerprint: input.idFingerprint,
        id_masked: input.idMasked,
        status: 'booked',
        booked_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private appointmentQuery() {
    return this.db.selectFrom('appointments as a').innerJoin('ticket_classes as k', 'k.id', 'a.class_id').selectAll('a').select(['k.code as class_code', 'k.name as class_name']);
  }

  async findAppointment(id: string): Promise<Appointment | undefined> {
    const row = await this.appointmentQuery().where('a.id', '=', id).executeTakeFirst();
    return row && toAppointment(row);
  }

  async findAppointmentByCode(code: string): Promise<Appointment | undefined> {
    const row = await this.appointmentQuery().where('a.code', '=', code).executeTakeFirst();
    return row && toAppointment(row);
  }

  async appointmentFingerprint(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('appointments').select('id_fingerprint').where('id', '=', id).executeTakeFirst())?.id_fingerprint;
  }

  async lockAppointment(id: string): Promise<Appointment | undefined> {
    const locked = await this.db.selectFrom('appointments').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? this.findAppointment(id) : undefined;
  }

  /** A person's bookings at a center on a day that are still open, soonest first (kiosk check-in by ID). */
  async openBookingsOfPerson(centerId: string, fingerprint: string, day: string): Promise<Appointment[]> {
    const rows = await this.appointmentQuery().where('a.center_id', '=', centerId).where('a.id_fingerprint', '=', fingerprint).where('a.day', '=', day).where('a.status', '=', 'booked').orderBy('a.slot_start').execute();
    return rows.map(toAppointment);
  }

  async listAppointments(centerId: string, day: string): Promise<Appointment[]> {
    const rows = await this.appointmentQuery().where('a.center_id', '=', centerId).where('a.day', '=', day).orderBy('a.slot_start').orderBy('a.booked_at').execute();
    return rows.map(toAppointment);
  }

  async updateAppointment(id: string, patch: Partial<{ status: AppointmentStatus; ticketId: string; cancelledAt: Date; checkedInAt: Date; remindedAt: Date }>): Promise<void> {
    const set: Record<string, unknown> = {};
    if (patch.status) set.status = patch.status;
    if (patch.ticketId) set.ticket_id = patch.ticketId;
    if (patch.cancelledAt) set.cancelled_at = patch.cancelledAt;
    if (patch.checkedInAt) set.checked_in_at = patch.checkedInAt;
    if (patch.remindedAt) set.reminded_at = patch.remindedAt;
    await this.db.updateTable('appointments').set(set).where('id', '=', id).execute();
  }

  /** Bookings whose slot has ended unattended, claimed for the sweep (SKIP LOCKED: one process each). */
  async claimMissed(now: Date, limit: number): Promise<Appointment[]> {
    const ids = await this.db.selectFrom('appointments').select('id').where('status', '=', 'booked').where('slot_end', '<=', now).orderBy('slot_end').limit(limit).forUpdate().skipLocked().execute();
    if (ids.length === 0) return [];
    const rows = await this.appointmentQuery()
      .where(
        'a.id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    return rows.map(toAppointment);
  }

  /** Bookings starting before `until` that have had no reminder yet, claimed for the sweep. */
  async claimDueReminders(now: Date, until: Date, limit: number): Promise<Appointment[]> {
    const ids = await this.db
      .selectFrom('appointments')
      .select('id')
      .where('status', '=', 'booked')
      .where('reminded_at', 'is', null)
      .where('slot_start', '>', now)
      .where('slot_start', '<=', until)
      .orderBy('slot_start')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (ids.length === 0) return [];
    const rows = await this.appointmentQuery()
      .where(
        'a.id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    return rows.map(toAppointment);
  }

  // --- statistics (rollup) -------------------------------------------------------------------

  /** Adds one to a rollup cell in the write's transaction. */
  async bumpStat(input: { centerId: string; day: string; classId: string; windowId: string | null; metric: HallMetric; minute: number }): Promise<void> {
    await sql`
      INSERT INTO hall_stats (center_id, day, class_id, window_id, metric, minute, n)
      VALUES (${input.centerId}, ${input.day}, ${input.classId}, ${input.windowId}, ${input.metric}, ${input.minute}, 1)
      ON CONFLICT ON CONSTRAINT hall_stats_key DO UPDATE SET n = hall_stats.n + 1`.execute(this.db);
  }

  async statRows(centerId: string, from: string, to: string): Promise<HallStatRow[]> {
    const rows = await this.db.selectFrom('hall_stats').select(['day', 'class_id', 'window_id', 'metric', 'minute', 'n']).where('center_id', '=', centerId).where('day', '>=', from).where('day', '<=', to).execute();
    return rows.map((r) => ({ day: r.day, classId: r.class_id, windowId: r.window_id, metric: r.metric as HallMetric, minute: r.minute, n: r.n }));
  }

  /** Who has waited longest right now (today's waiting tickets, oldest first). */
  async longestWaiting(centerId: string, day: string, limit: number): Promise<Ticket[]> {
    const rows = await this.ticketQuery().where('t.center_id', '=', centerId).where('t.day', '=', day).where('t.status', '=', 'waiting').orderBy('t.issued_at').limit(limit).execute();
    return rows.map(toTicket);
  }

  /** The ticket a window has in hand today (called or being served), if any. */
  async currentAtWindow(windowId: string, day: string): Promise<Ticket | undefined> {
    const row = await this.ticketQuery().where('t.window_id', '=', windowId).where('t.day', '=', day).where('t.status', 'in', ['called', 'serving']).orderBy('t.called_at', 'desc').limit(1).executeTakeFirst();
    return row && toTicket(row);
  }
}
