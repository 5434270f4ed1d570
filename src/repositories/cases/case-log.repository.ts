/**
 * What is recorded about a case: its action log (append-only, numbered from the case row), notices,
 * the visit ledger (counted on the case row) and notifications (each once).
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import { chinaDate } from '../../domain/china-time.ts';
import { countCaseEvent, withStanding } from './case-stats.ts';
import { toAction, type CaseActionRecord, type CaseNotice, type CaseNotification, type CaseVisit } from './records.ts';

export class CaseLogRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Appends one action to the case's log; its sequence number comes from the (locked) case row. */
  async appendAction(caseId: string, action: Omit<CaseActionRecord, 'seq'>): Promise<number> {
    const { action_seq: seq } = await this.db
      .updateTable('cases')
      .set((eb) => ({ action_seq: eb('action_seq', '+', 1) }))
      .where('id', '=', caseId)
      .returning('action_seq')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('case_actions')
      .values({
        case_id: caseId,
        seq,
        action: action.action,
        from_status: action.fromStatus,
        to_status: action.toStatus,
        task_id: action.taskId,
        actor_kind: action.actorKind,
        actor_id: action.actorId,
        actor_name: action.actorName,
        channel: action.channel,
        region_code: action.regionCode,
        at: action.at,
        payload: JSON.stringify(action.payload),
      })
      .execute();
    return seq;
  }

  /**
   * Writes the first actions of a case inserted with `actionSeq` equal to their number (the intake
   * writes its log in one go); returns them as `listActions` reads them.
   */
  async insertActions(caseId: string, actions: readonly CaseActionRecord[]): Promise<CaseActionRecord[]> {
    if (actions.length === 0) return [];
    const rows = await this.db
      .insertInto('case_actions')
      .values(
        actions.map((a) => ({
          case_id: caseId,
          seq: a.seq,
          action: a.action,
          from_status: a.fromStatus,
          to_status: a.toStatus,
          task_id: a.taskId,
          actor_kind: a.actorKind,
          actor_id: a.actorId,
          actor_name: a.actorName,
          channel: a.channel,
          region_code: a.regionCode,
          at: a.at,
          payload: JSON.stringify(a.payload),
        })),
      )
      .returningAll()
      .execute();
    return rows.map(toAction).sort((a, b) => a.seq - b.seq);
  }

  async listActions(caseId: string): Promise<CaseActionRecord[]> {
    const rows = await this.db.selectFrom('case_actions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
    return rows.map(toAction);
  }

  /** Creates the case log's monthly partitions from one month to another (0032); returns how many were made. */
  async ensurePartitions(fromMonth: string, toMonth: string): Promise<number> {
    const result = await sql<{ made: number }>`SELECT case_actions_ensure_partitions(${fromMonth}::date, ${toMonth}::date) AS made`.execute(this.db);
    return Number(result.rows[0]?.made ?? 0);
  }

  async insertNotice(caseId: string, kind: CaseNotice['kind'], content: Record<string, unknown>, at: Date): Promise<string> {
    const row = await this.db
      .insertInto('case_notices')
      .values({ case_id: caseId, kind, content: JSON.stringify(content), issued_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (kind === 'correction') await countCaseEvent(this.db, caseId, chinaDate(at), { corrections: 1 });
    return row.id;
  }

  /** Several notices at once, returned in the order given. */
  async insertNotices(caseId: string, notices: readonly { kind: CaseNotice['kind']; content: Record<string, unknown> }[], at: Date): Promise<CaseNotice[]> {
    if (notices.length === 0) return [];
    const rows = await this.db
      .insertInto('case_notices')
      .values(notices.map((n) => ({ case_id: caseId, kind: n.kind, content: JSON.stringify(n.content), issued_at: at })))
      .returningAll()
      .execute();
    // A correction notice is a figure of its item (which guides fail applicants), in the month it was issued.
    const corrections = notices.filter((n) => n.kind === 'correction').length;
    if (corrections > 0) await countCaseEvent(this.db, caseId, chinaDate(at), { corrections });
    return rows.map((r) => ({ id: r.id, kind: r.kind as CaseNotice['kind'], content: r.content, issuedAt: r.issued_at }));
  }

  async listNotices(caseId: string): Promise<CaseNotice[]> {
    const rows = await this.db.selectFrom('case_notices').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind as CaseNotice['kind'], content: r.content, issuedAt: r.issued_at }));
  }

  /**
   * Records one in-person visit and counts it on the case. A trip is one day: a second appearance
   * for the same case on the same day (bringing a material and collecting the result at once) is
   * the same trip and is not counted again. Returns whether a new trip was counted.
   */
  async insertVisit(caseId: string, visit: Omit<CaseVisit, 'id'>, day: { from: Date; to: Date }): Promise<boolean> {
    const same = await this.db.selectFrom('case_visits').select('id').where('case_id', '=', caseId).where('at', '>=', day.from).where('at', '<', day.to).executeTakeFirst();
    if (same) return false;
    // A visit after the conclusion (collecting the result) moves the conclusion's visit figures and
    // the causes of its extra trips: the ledger row and the count change inside one standing.
    await withStanding(this.db, caseId, async () => {
      await this.db.insertInto('case_visits').values({ case_id: caseId, at: visit.at, reason: visit.reason, cause: visit.cause, region_code: visit.regionCode, recorded_by: visit.recordedBy }).execute();
      await this.db
        .updateTable('cases')
        .set((eb) => ({ visits: eb('visits', '+', 1) }))
        .where('id', '=', caseId)
        .execute();
    });
    return true;
  }

  /**
   * The first visit of a case inserted with `visits: 1` (the intake at the window): only the ledger
   * row, there is no earlier one the same day to merge with.
   */
  async insertFirstVisit(caseId: string, visit: Omit<CaseVisit, 'id'>): Promise<CaseVisit> {
    const r = await this.db
      .insertInto('case_visits')
      .values({ case_id: caseId, at: visit.at, reason: visit.reason, cause: visit.cause, region_code: visit.regionCode, recorded_by: visit.recordedBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: r.id, at: r.at, reason: r.reason as CaseVisit['reason'], cause: r.cause, regionCode: r.region_code, recordedBy: r.recorded_by };
  }

  async listVisits(caseId: string): Promise<CaseVisit[]> {
    const rows = await this.db.selectFrom('case_visits').selectAll().where('case_id', '=', caseId).orderBy('at').execute();
    return rows.map((r) => ({ id: r.id, at: r.at, reason: r.reason as CaseVisit['reason'], cause: r.cause, regionCode: r.region_code, recordedBy: r.recorded_by }));
  }

  /** Records a notification once: returns false when (case, kind, occasion) was already sent. */
  async notifyOnce(caseId: string, n: Omit<CaseNotification, 'createdAt'>, at: Date): Promise<boolean> {
    const rows = await this.db
      .insertInto('case_notifications')
      .values({ case_id: caseId, kind: n.kind, occasion: n.occasion, recipient: n.recipient, message: n.message, created_at: at })
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'occasion']).doNothing())
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  async listNotifications(caseId: string): Promise<CaseNotification[]> {
    const rows = await this.db.selectFrom('case_notifications').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
    return rows.map((r) => ({ kind: r.kind, occasion: r.occasion, recipient: r.recipient, message: r.message, createdAt: r.created_at }));
  }
}
