/**
 * Notifications' SQL: claiming outbox rows (SKIP LOCKED, with a lease), the case facts a message
 * is written from, the messages and their sending, and the versioned templates.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: unknown;
  createdAt: Date;
  /** How many times consumers have claimed it (this claim included). */
  attempts: number;
}

export interface CaseFacts {
  id: string;
  parentId: string | null;
  caseNo: string;
  itemName: string;
  applicantPhone: string;
  status: string;
  outcome: string | null;
  outcomeReason: string;
  dueDate: string | null;
  delivery: Record<string, unknown> | null;
  form: Record<string, unknown>;
  regionCode: string;
  regionPath: string;
  departmentId: string;
}

export interface CaseActionFact {
  seq: number;
  action: string;
  toStatus: string;
  payload: Record<string, unknown>;
}

export interface NewMessage {
  outboxId: string;
  sourceKey: string;
  event: string;
  channel: string;
  recipient: string;
  recipientDisplay: string;
  templateVersion: number;
  body: string;
  fields: unknown;
  params: Record<string, string>;
  status: 'pending' | 'technical-failure';
  lastError: string | null;
  regionPath: string | null;
  departmentId: string | null;
  caseId: string | null;
  at: Date;
}

export interface MessageRecord {
  id: string;
  outboxId: string;
  event: string;
  channel: string;
  recipient: string;
  recipientDisplay: string;
  templateVersion: number;
  body: string;
  fields: unknown;
  params: Record<string, string>;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date;
  provider: string | null;
  providerReference: string | null;
  lastError: string | null;
  regionPath: string | null;
  caseId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export type MessageStatus = 'pending' | 'sending' | 'delivered' | 'temporary-failure' | 'permanent-failure' | 'technical-failure';

export interface TemplateRecord {
  event: string;
  channel: string;
  version: number;
  body: string;
  fields: unknown;
  enabled: boolean;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date;
}

export interface MessageFilter {
  scopes: readonly { regionPath: string; departmentId: string | null }[] | 'all';
  status?: string;
  event?: string;
  from?: Date;
  to?: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a row of notification_messages as selected
const toMessage = (r: any): MessageRecord => ({
  id: r.id,
  outboxId: String(r.outbox_id),
  event: r.event,
  channel: r.channel,
  recipient: r.recipient,
  recipientDisplay: r.recipient_display,
  templateVersion: r.template_version,
  body: r.body,
  fields: r.fields,
  params: r.params ?? {},
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  provider: r.provider,
  providerReference: r.provider_reference,
  lastError: r.last_error,
  regionPath: r.region_path,
  caseId: r.case_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  sentAt: r.sent_at ? new Date(r.sent_at) : null,
});

export class NotificationRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  // ---- the outbox ------------------------------------------------------------------------------

  /**
   * Claims up to `limit` pending outbox rows no other consumer holds (SKIP LOCKED: two consumers
   * take different rows), sign-in codes first, leasing them until `leaseUntil`. A consumer that dies leaves its rows
   * to be claimed again once the lease has passed.
   */
  async claimOutbox(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
    const result = await sql<{ id: string; topic: string; payload: unknown; created_at: Date; attempts: number }>`
      UPDATE outbox SET claimed_until = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE delivered_at IS NULL AND available_at <= ${now} AND (claimed_until IS NULL OR claimed_until <= ${now})
        ORDER BY (topic = 'otp.requested') DESC, available_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, topic, payload, created_at, attempts`.execute(this.db);
    return result.rows.map((r) => ({ id: String(r.id), topic: r.topic, payload: r.payload, createdAt: new Date(r.created_at), attempts: r.attempts })).sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** The row, locked for this transaction, if it is still to be consumed. */
  async lockPendingOutbox(id: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('outbox').select('id').where('id', '=', id).where('delivered_at', 'is', null).forUpdate().executeTakeFirst();
  }

  /** Marks the row consumed (its messages are written in the same transaction). */
  async consumeOutbox(id: string, at: Date, note: string | null): Promise<void> {
    await this.db.updateTable('outbox').set({ delivered_at: at, claimed_until: null, last_error: note }).where('id', '=', id).execute();
  }

  /** Gives a row back after a failed consumption, to be tried again from `retryAt`. */
  async releaseOutbox(id: string, error: string, retryAt: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ claimed_until: null, last_error: error.slice(0, 1000), available_at: retryAt })
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .execute();
  }

  /** Blanks a one-time code in the row's payload once its message is final: no code stays at rest. */
  async blankOutboxCode(id: string): Promise<void> {
    await sql`UPDATE outbox SET payload = jsonb_set(payload, '{code}', '""'::jsonb) WHERE id = ${id} AND payload ? 'code'`.execute(this.db);
  }

  // ---- what messages are written from ---------------------------------------------------------

  async findCase(id: string): Promise<CaseFacts | undefined> {
    const r = await this.db
      .selectFrom('cases')
      .select(['id', 'parent_id', 'case_no', 'item_name', 'applicant_phone', 'status', 'outcome', 'outcome_reason', 'due_date', 'delivery', 'form', 'region_code', 'region_path', 'department_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        parentId: r.parent_id,
        caseNo: r.case_no,
        itemName: r.item_name,
        applicantPhone: r.applicant_phone,
        status: r.status,
        outcome: r.outcome,
        outcomeReason: r.outcome_reason,
        dueDate: r.due_date === null ? null : String(r.due_date).slice(0, 10),
        delivery: r.delivery,
        form: r.form,
        regionCode: r.region_code,
        regionPath: r.region_path,
        departmentId: r.department_id,
      }
    );
  }

  /** The case's steps written at one instant (the instant of the write whose outbox row this is). */
  async caseActionsAt(caseId: string, at: Date): Promise<CaseActionFact[]> {
    const rows = await this.db.selectFrom('case_actions').select(['seq', 'action', 'to_status', 'payload']).where('case_id', '=', caseId).where('at', '=', at).orderBy('seq').execute();
    return rows.map((r) => ({ seq: r.seq, action: r.action, toStatus: r.to_status, payload: r.payload }));
  }

  async materialNames(caseId: string, keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('case_materials').select(['key', 'name']).where('case_id', '=', caseId).where('key', 'in', keys).execute();
    const names = new Map(rows.map((r) => [r.key, r.name]));
    return keys.map((k) => names.get(k) ?? k);
  }

  /** The service center where a case's results are collected: the one in its region, else the nearest above. */
  /** An authorisation's number and region (a confirmation code names what it confirms). */
  async authorisation(id: string): Promise<{ authorisationNo: string; regionPath: string } | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
    const row = await this.db.selectFrom('agent_authorisations').select(['authorisation_no', 'region_path']).where('id', '=', id).executeTakeFirst();
    return row && { authorisationNo: row.authorisation_no, regionPath: row.region_path };
  }

  async collectionPlace(regionCode: string): Promise<string | undefined> {
    const row = await sql<{ name: string }>`
      SELECT c.name FROM centers c JOIN regions r ON r.code = c.region_code
      WHERE (SELECT path FROM regions WHERE code = ${regionCode}) LIKE r.path || '%'
      ORDER BY length(r.path) DESC, c.name LIMIT 1`.execute(this.db);
    return row.rows[0]?.name;
  }

  /** The region of the center an appointment is at (its messages are read there). */
  async appointmentRegion(code: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('appointments as a').innerJoin('centers as c', 'c.id', 'a.center_id').innerJoin('regions as r', 'r.code', 'c.region_code').select('r.path').where('a.code', '=', code).executeTakeFirst();
    return row?.path;
  }

  // ---- messages -----------------------------------------------------------------------------------

  /** Writes the messages; one already written for the same outbox row or case step is left as it is. */
  async insertMessages(messages: readonly NewMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = await this.db
      .insertInto('notification_messages')
      .values(
        messages.map((m) => ({
          outbox_id: m.outboxId,
          source_key: m.sourceKey,
          event: m.event,
          channel: m.channel,
          recipient: m.recipient,
          recipient_display: m.recipientDisplay,
          template_version: m.templateVersion,
          body: m.body,
          fields: JSON.stringify(m.fields),
          params: JSON.stringify(m.params),
          status: m.status,
          last_error: m.lastError,
          next_attempt_at: m.at,
          region_path: m.regionPath,
          department_id: m.departmentId,
          case_id: m.caseId,
          created_at: m.at,
          updated_at: m.at,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    return rows.length;
  }

  /**
   * Claims messages due to be sent, sign-in codes first (new, due for a retry, or `sending` whose
   * lease ran out: the process that sent it died), marks them `sending` with one more attempt and a lease until
   * `leaseUntil`, and returns them. Committed before the provider is called.
   */
  async claimDueMessages(now: Date, leaseUntil: Date, limit: number): Promise<MessageRecord[]> {
    const result = await sql`
      UPDATE notification_messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = ${leaseUntil}, updated_at = ${now}
      WHERE id IN (
        SELECT id FROM notification_messages
        WHERE status IN ('pending', 'sending', 'temporary-failure') AND next_attempt_at <= ${now}
        ORDER BY (event IN ('otp', 'authorisation_code')) DESC, next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING *`.execute(this.db);
    // RETURNING keeps no order: codes first again, then the oldest due.
    const code = (m: MessageRecord) => Number(m.event === 'otp' || m.event === 'authorisation_code');
    return result.rows.map(toMessage).sort((a, b) => code(b) - code(a) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  /**
   * Records the outcome of attempt `attempt`, unless another claim has taken the message since
   * (then that claim's outcome counts). Returns whether it was recorded.
   */
  async finishAttempt(
    id: string,
    attempt: number,
    outcome: { status: MessageStatus; provider: string; providerReference?: string | null; error?: string | null; nextAttemptAt?: Date; body?: string; params?: Record<string, string>; at: Date },
  ): Promise<boolean> {
    const updated = await this.db
      .updateTable('notification_messages')
      .set({
        status: outcome.status,
        provider: outcome.provider,
        provider_reference: outcome.providerReference ?? null,
        last_error: outcome.error ?? null,
        updated_at: outcome.at,
        ...(outcome.status === 'delivered' ? { sent_at: outcome.at } : {}),
        ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
        ...(outcome.body === undefined ? {} : { body: outcome.body }),
        ...(outcome.params === undefined ? {} : { params: JSON.stringify(outcome.params) }),
      })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /**
   * Extends the lease of attempt `attempt` to `until` right before its send, so a slow batch never
   * lets another process take a message its own process is about to send. False: another claim
   * has it now.
   */
  async renewLease(id: string, attempt: number, until: Date): Promise<boolean> {
    const updated = await this.db.updateTable('notification_messages').set({ next_attempt_at: until }).where('id', '=', id).where('status', '=', 'sending').where('attempts', '=', attempt).executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async findMessage(id: string): Promise<MessageRecord | undefined> {
    const row = await this.db.selectFrom('notification_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMessage(row);
  }

  private filtered(filter: MessageFilter) {
    let query = this.db.selectFrom('notification_messages');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.event) query = query.where('event', '=', filter.event);
    if (filter.from) query = query.where('created_at', '>=', filter.from);
    if (filter.to) query = query.where('created_at', '<', filter.to);
    const { scopes } = filter;
    if (scopes !== 'all') {
      query = query.where((eb) =>
        eb.or([
          eb.lit(false),
          ...scopes.map((s) => {
            const inRegion = eb.or([eb('region_path', '=', s.regionPath), eb('region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId ? eb.and([inRegion, eb('department_id', '=', s.departmentId)]) : inRegion;
          }),
        ]),
      );
    }
    return query;
  }

  /** The newest messages first. */
  async listMessages(filter: MessageFilter, limit: number, offset: number): Promise<MessageRecord[]> {
    const rows = await this.filtered(filter).selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
    return rows.map(toMessage);
  }

  /** Counts per status, and how many messages needed more than one attempt. */
  async countMessages(filter: Omit<MessageFilter, 'status'>): Promise<{ byStatus: Record<string, number>; retried: number; total: number }> {
    const rows = await this.filtered(filter)
      .select((eb) => ['status', eb.fn.countAll<string>().as('n'), sql<string>`count(*) FILTER (WHERE attempts > 1)`.as('retried')])
      .groupBy('status')
      .execute();
    const byStatus: Record<string, number> = {};
    let retried = 0;
    let total = 0;
    for (const r of rows) {
      byStatus[r.status] = Number(r.n);
      retried += Number(r.retried);
      total += Number(r.n);
    }
    return { byStatus, retried, total };
  }

  // ---- templates ------------------------------------------------------------------------------

  /** Every template in force: the newest version of each event and channel. */
  async currentTemplates(): Promise<TemplateRecord[]> {
    const rows = await this.db
      .selectFrom('notification_templates as t')
      .leftJoin('staff as s', 's.id', 't.updated_by')
      .select(['t.event', 't.channel', 't.version', 't.body', 't.fields', 't.enabled', 't.updated_by', 't.updated_at', 's.display_name as updated_by_name'])
      .where(({ eb, selectFrom }) =>
        eb(
          't.version',
          '=',
          selectFrom('notification_templates as n')
            .select((e) => e.fn.max('n.version').as('v'))
            .whereRef('n.event', '=', 't.event')
            .whereRef('n.channel', '=', 't.channel'),
        ),
      )
      .orderBy('t.event')
      .orderBy('t.channel')
      .execute();
    return rows.map((r) => ({ event: r.event, channel: r.channel, version: r.version, body: r.body, fields: r.fields, enabled: r.enabled, updatedBy: r.updated_by, updatedByName: r.updated_by_name, updatedAt: r.updated_at }));
  }

  /** Every version of one event and channel's template, newest first. */
  async templateHistory(event: string, channel: string): Promise<TemplateRecord[]> {
    const rows = await this.db
      .selectFrom('notification_templates as t')
      .leftJoin('staff as s', 's.id', 't.updated_by')
      .select(['t.event', 't.channel', 't.version', 't.body', 't.fields', 't.enabled', 't.updated_by', 't.updated_at', 's.display_name as updated_by_name'])
      .where('t.event', '=', event)
      .where('t.channel', '=', channel)
      .orderBy('t.version', 'desc')
      .execute();
    return rows.map((r) => ({ event: r.event, channel: r.channel, version: r.version, body: r.body, fields: r.fields, enabled: r.enabled, updatedBy: r.updated_by, updatedByName: r.updated_by_name, updatedAt: r.updated_at }));
  }

  /**
   * Adds the next version of a template (locking the event's versions, so two edits at once get
   * versions n+1 and n+2, never both n+1). Returns the version written.
   */
  async addTemplateVersion(input: { event: string; channel: string; body: string; fields: unknown; enabled: boolean; updatedBy: string | null; at: Date }): Promise<number> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`notification_template:${input.event}:${input.channel}`}))`.execute(this.db);
    const last = await this.db
      .selectFrom('notification_templates')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('event', '=', input.event)
      .where('channel', '=', input.channel)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await this.db
      .insertInto('notification_templates')
      .values({ event: input.event, channel: input.channel, version, body: input.body, fields: JSON.stringify(input.fields), enabled: input.enabled, updated_by: input.updatedBy, updated_at: input.at })
      .execute();
    return version;
  }
}
