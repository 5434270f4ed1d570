/** The service hall: ticket classes, windows' classes and clerks, tickets and the queue. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { TicketPriority, TicketStatus } from '../domain/hall.ts';

export interface TicketClass {
  id: string;
  centerId: string;
  code: string;
  name: string;
  nameEn: string;
  itemCodes: string[];
  active: boolean;
}

export interface Ticket {
  id: string;
  centerId: string;
  classId: string;
  classCode: string;
  className: string;
  day: string;
  sequence: number;
  number: string;
  priority: TicketPriority;
  slotStart: Date | null;
  applicantId: string | null;
  status: TicketStatus;
  issuedAt: Date;
  calledAt: Date | null;
  callCount: number;
  windowId: string | null;
  windowNumber: number | null;
  targetWindowId: string | null;
  staffId: string | null;
  servedAt: Date | null;
  finishedAt: Date | null;
  transfers: number;
  caseIds: string[];
}

type Row = Record<string, any>;

function toTicket(r: Row): Ticket {
  return {
    id: r.id, centerId: r.center_id, classId: r.class_id, classCode: r.class_code, className: r.class_name, day: r.day, sequence: r.sequence, number: r.number, priority: r.priority,
    slotStart: r.slot_start, applicantId: r.applicant_id, status: r.status, issuedAt: r.issued_at, calledAt: r.called_at, callCount: r.call_count, windowId: r.window_id,
    windowNumber: r.window_number, targetWindowId: r.target_window_id, staffId: r.staff_id, servedAt: r.served_at, finishedAt: r.finished_at, transfers: r.transfers, caseIds: r.case_ids,
  };
}

function toClass(r: Row): TicketClass {
  return { id: r.id, centerId: r.center_id, code: r.code, name: r.name, nameEn: r.name_en, itemCodes: r.item_codes, active: r.active };
}

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

  async setWindowClasses(windowId: string, classIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('window_classes').where('window_id', '=', windowId).execute();
    if (classIds.length > 0) await this.db.insertInto('window_classes').values(classIds.map((classId) => ({ window_id: windowId, class_id: classId }))).execute();
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
        center_id: input.centerId, class_id: input.classId, issued_class_id: input.classId, day: input.day, sequence: input.sequence, number: input.number, priority: input.priority,
        slot_start: input.slotStart, applicant_id: input.applicantId, status: 'waiting', issued_at: input.at,
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
      .where((eb) => eb.or([
        eb('issued_at', '<', ticket.issuedAt),
        eb.and([eb('issued_at', '=', ticket.issuedAt), eb('sequence', '<', ticket.sequence)]),
        eb('priority', '=', 'green'),
      ]))
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
      .where((eb) => eb.or([
        eb.and([eb('class_id', 'in', [...input.classIds]), eb('target_window_id', 'is', null)]),
        eb('target_window_id', '=', input.windowId),
      ]))
      .orderBy(sql`CASE WHEN priority = 'green' THEN 0 WHEN priority = 'appointment' AND slot_start <= ${input.now} THEN 1 ELSE 2 END`)
      .orderBy('issued_at')
      .orderBy('sequence')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    return row?.id;
  }

  async updateTicket(id: string, patch: Partial<{ status: TicketStatus; calledAt: Date | null; callCount: number; windowId: string | null; targetWindowId: string | null; classId: string; staffId: string | null; servedAt: Date; finishedAt: Date; transfers: number; caseIds: string[] }>): Promise<void> {
    const columns: Record<string, string> = {
      status: 'status', calledAt: 'called_at', callCount: 'call_count', windowId: 'window_id', targetWindowId: 'target_window_id', classId: 'class_id', staffId: 'staff_id',
      servedAt: 'served_at', finishedAt: 'finished_at', transfers: 'transfers', caseIds: 'case_ids',
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
}
