/**
 * 数据推送's SQL: subscriptions, the fan-out of outbox rows to deliveries, claiming deliveries to
 * send (SKIP LOCKED, with a lease), replays, and the cursors of the webhook fan-out and the NATS
 * publisher.
 *
 * Reading the outbox in order: ids come from a sequence before commit, so a transaction may commit
 * row 7 after another committed row 8. A cursor over ids that read 8 would never see 7. Each row
 * keeps its writing transaction's id (outbox.xid, migration 0028), and the cursors read in
 * (xid, id) order only rows of transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): every such transaction has finished, so no row can appear behind the cursor
 * later. A row of a transaction still running waits until it ends (and a session left idle in a
 * transaction holds the push back: docs/PUSH.md).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PushDeliveryState } from '../domain/push.ts';
import type { Tables } from '../db/schema.ts';

export interface PushSubscription {
  id: string;
  departmentId: string;
  departmentName: string;
  regionPath: string;
  name: string;
  url: string;
  secretSealed: string;
  topics: string[];
  itemCodes: string[];
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PushDelivery {
  id: string;
  subscriptionId: string;
  outboxId: string;
  topic: string;
  itemCode: string | null;
  state: PushDeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  occurredAt: Date;
}

/** A claimed delivery with what is needed to post it. */
export interface DeliveryToSend {
  id: string;
  attempts: number;
  url: string;
  secretSealed: string;
  event: PushEvent;
}

/** An outbox row as the push sends it. */
export interface PushEvent {
  outboxId: string;
  topic: string;
  occurredAt: Date;
  regionPath: string | null;
  departmentId: string | null;
  itemCode: string | null;
  payload: unknown;
}

export interface Cursor {
  lastXid: string;
  lastId: string;
}

export type Scopes = readonly { regionPath: string; departmentId: string | null }[] | 'all';

const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A payload field as a uuid, or null when it is not one (never a cast error on someone's odd payload). */
const payloadUuid = (field: string) => sql`(CASE WHEN o.payload->>${field} ~ ${uuidText.source} THEN (o.payload->>${field})::uuid END)`;

/**
 * The outbox rows as events: where they lie (the write's scope, else what the payload says) and the
 * service item they concern (a case's, a rating's, a complaint's case's).
 */
function events(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT o.id, o.xid::text AS xid_text, o.topic, o.created_at, o.payload,
      COALESCE(o.region_path, o.payload->>'regionPath') AS region_path,
      COALESCE(o.department_id, ${payloadUuid('departmentId')}) AS department_id,
      COALESCE(
        (SELECT c.item_code FROM cases c WHERE o.payload->>'entityType' = 'case' AND c.id = ${payloadUuid('entityId')}),
        (SELECT c.item_code FROM cases c WHERE c.id = ${payloadUuid('caseId')}),
        (SELECT r.item_code FROM ratings r WHERE r.id = ${payloadUuid('ratingId')}),
        (SELECT c.item_code FROM complaints p JOIN cases c ON c.id = p.case_id WHERE p.id = ${payloadUuid('complaintId')})
      ) AS item_code
    FROM outbox o WHERE ${where}`;
}

/** Whether subscription `s` takes event `e`: its department, in its region subtree, its topics and items. */
const subscriptionTakes = sql`
  s.department_id = e.department_id
  AND (e.region_path = s.region_path OR e.region_path LIKE s.region_path || '.%')
  AND (cardinality(s.item_codes) = 0 OR e.item_code = ANY (s.item_codes))
  AND EXISTS (SELECT 1 FROM unnest(s.topics) t WHERE t = e.topic OR (right(t, 2) = '.*' AND left(e.topic, length(t) - 1) = left(t, length(t) - 1)))`;

// biome-ignore lint/suspicious/noExplicitAny: a row of push_subscriptions joined with its department's name
const toSubscription = (r: any): PushSubscription => ({
  id: r.id,
  departmentId: r.department_id,
  departmentName: r.department_name,
  regionPath: r.region_path,
  name: r.name,
  url: r.url,
  secretSealed: r.secret_sealed,
  topics: r.topics,
  itemCodes: r.item_codes,
  active: r.active,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

// biome-ignore lint/suspicious/noExplicitAny: a row of push_deliveries joined with its outbox row's time
const toDelivery = (r: any): PushDelivery => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  outboxId: String(r.outbox_id),
  topic: r.topic,
  itemCode: r.item_code,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: new Date(r.created_at),
  deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
  occurredAt: new Date(r.occurred_at),
});

// biome-ignore lint/suspicious/noExplicitAny: a row of events()
const toEvent = (r: any): PushEvent => ({
  outboxId: String(r.id),
  topic: r.topic,
  occurredAt: new Date(r.created_at),
  regionPath: r.region_path,
  departmentId: r.department_id,
  itemCode: r.item_code,
  payload: r.payload,
});

export class PushRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  // ---- subscriptions -----------------------------------------------------------------------------

  private subscriptionQuery() {
    return this.db.selectFrom('push_subscriptions as s').innerJoin('departments as d', 'd.id', 's.department_id').selectAll('s').select('d.name as department_name');
  }

  async insertSubscription(input: { departmentId: string; regionPath: string; name: string; url: string; secretSealed: string; topics: string[]; itemCodes: string[]; active: boolean; createdBy: string | null; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('push_subscriptions')
      .values({
        department_id: input.departmentId,
        region_path: input.regionPath,
        name: input.name,
        url: input.url,
        secret_sealed: input.secretSealed,
        topics: input.topics,
        item_codes: input.itemCodes,
        active: input.active,
        created_by: input.createdBy,
        created_at: input.at,
        updated_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findSubscription(id: string): Promise<PushSubscription | undefined> {
    const row = await this.subscriptionQuery().where('s.id', '=', id).executeTakeFirst();
    return row && toSubscription(row);
  }

  /** The subscription, locked for this transaction. */
  async lockSubscription(id: string): Promise<PushSubscription | undefined> {
    const row = await this.subscriptionQuery().where('s.id', '=', id).forUpdate('s').executeTakeFirst();
    return row && toSubscription(row);
  }

  async listSubscriptions(scopes: Scopes): Promise<PushSubscription[]> {
    let query = this.subscriptionQuery();
    if (scopes !== 'all') {
      query = query.where((eb) =>
        eb.or([
          eb.lit(false),
          ...scopes.map((s) => {
            const inRegion = eb.or([eb('s.region_path', '=', s.regionPath), eb('s.region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId ? eb.and([inRegion, eb('s.department_id', '=', s.departmentId)]) : inRegion;
          }),
        ]),
      );
    }
    const rows = await query.orderBy('s.region_path').orderBy('d.name').orderBy('s.name').orderBy('s.id').execute();
    return rows.map(toSubscription);
  }

  async updateSubscription(id: string, patch: { name?: string; url?: string; topics?: string[]; itemCodes?: string[]; active?: boolean; secretSealed?: string }, at: Date): Promise<void> {
    await this.db
      .updateTable('push_subscriptions')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.topics !== undefined ? { topics: patch.topics } : {}),
        ...(patch.itemCodes !== undefined ? { item_codes: patch.itemCodes } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.secretSealed !== undefined ? { secret_sealed: patch.secretSealed } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Removes the subscription and its delivery log (the audit row keeps what it was). */
  async deleteSubscription(id: string): Promise<void> {
    await this.db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
  }

  // ---- the fan-out -------------------------------------------------------------------------------

  /**
   * Takes the named cursor for this transaction, or `undefined` when another process holds it (SKIP
   * LOCKED: it is fanning out now; this run has nothing to add).
   */
  async lockCursor(name: string): Promise<Cursor | undefined> {
    const result = await sql<{ last_xid: string; last_id: string }>`SELECT last_xid::text AS last_xid, last_id FROM push_cursors WHERE name = ${name} FOR UPDATE SKIP LOCKED`.execute(this.db);
    const row = result.rows[0];
    return row && { lastXid: row.last_xid, lastId: String(row.last_id) };
  }

  /**
   * Leases the named cursor until `until` for work done outside a transaction (publishing to NATS),
   * or `undefined` when another process holds an unexpired lease.
   */
  async leaseCursor(name: string, now: Date, until: Date): Promise<Cursor | undefined> {
    const result = await sql<{ last_xid: string; last_id: string }>`
      UPDATE push_cursors SET claimed_until = ${until}
      WHERE name = ${name} AND (claimed_until IS NULL OR claimed_until <= ${now})
      RETURNING last_xid::text AS last_xid, last_id`.execute(this.db);
    const row = result.rows[0];
    return row && { lastXid: row.last_xid, lastId: String(row.last_id) };
  }

  /**
   * Moves the cursor to `to`. With `lease`, only if that lease is still this process's (another that
   * took the cursor over after it expired moves it instead), and gives the lease back.
   */
  async moveCursor(name: string, to: Cursor, at: Date, lease?: Date): Promise<boolean> {
    const result = await sql`
      UPDATE push_cursors SET last_xid = ${to.lastXid}::xid8, last_id = ${to.lastId}, updated_at = ${at}, claimed_until = NULL
      WHERE name = ${name} ${lease ? sql`AND claimed_until = ${lease}` : sql``}`.execute(this.db);
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  /** Gives a lease back without moving the cursor. */
  async releaseCursor(name: string, lease: Date): Promise<void> {
    await sql`UPDATE push_cursors SET claimed_until = NULL WHERE name = ${name} AND claimed_until = ${lease}`.execute(this.db);
  }

  /**
   * The next outbox rows after the cursor, of finished transactions only, oldest first: each row's
   * position (where the cursor moves once it is handled) and its event.
   */
  async outboxAfter(cursor: Cursor, limit: number): Promise<{ position: Cursor; event: PushEvent }[]> {
    const result = await sql<Record<string, unknown>>`
      ${events(sql`
        (o.xid, o.id) > (${cursor.lastXid}::xid8, ${cursor.lastId}::bigint)
        AND o.xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY o.xid, o.id
        LIMIT ${limit}`)}`.execute(this.db);
    return result.rows.map((r) => ({ position: { lastXid: String(r.xid_text), lastId: String(r.id) }, event: toEvent(r) }));
  }

  /**
   * Writes a delivery for every active subscription that takes one of these outbox rows (and
   * existed when it was written). Returns how many were written; one already there stays.
   */
  async fanOut(outboxIds: readonly string[], at: Date): Promise<number> {
    if (outboxIds.length === 0) return 0;
    const result = await sql`
      INSERT INTO push_deliveries (subscription_id, outbox_id, topic, item_code, next_attempt_at, created_at)
      SELECT s.id, e.id, e.topic, e.item_code, ${at}, ${at}
      FROM (${events(sql`o.id IN (${sql.join(outboxIds.map((id) => sql`${id}::bigint`))})`)}) e
      JOIN push_subscriptions s ON s.active AND s.created_at <= e.created_at AND ${subscriptionTakes}
      ON CONFLICT (subscription_id, outbox_id) DO NOTHING`.execute(this.db);
    return Number(result.numAffectedRows ?? 0n);
  }

  // ---- sending -----------------------------------------------------------------------------------

  /**
   * Claims up to `limit` pending deliveries that are due and that no other sender holds (SKIP
   * LOCKED), of active subscriptions, leasing them until `leaseUntil` and counting the attempt. A
   * sender that dies leaves them to be claimed again once the lease has passed.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DeliveryToSend[]> {
    const claimed = await sql<{ id: string; attempts: number }>`
      UPDATE push_deliveries SET claimed_until = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT d.id FROM push_deliveries d JOIN push_subscriptions s ON s.id = d.subscription_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= ${now} AND (d.claimed_until IS NULL OR d.claimed_until <= ${now}) AND s.active
        ORDER BY d.next_attempt_at, d.outbox_id
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED
      )
      RETURNING id, attempts`.execute(this.db);
    if (claimed.rows.length === 0) return [];
    const attempts = new Map(claimed.rows.map((r) => [r.id, r.attempts]));
    const rows = await sql<Record<string, unknown>>`
      SELECT d.id AS delivery_id, s.url, s.secret_sealed, e.* FROM push_deliveries d
      JOIN push_subscriptions s ON s.id = d.subscription_id
      JOIN (${events(sql`o.id IN (SELECT outbox_id FROM push_deliveries WHERE id IN (${sql.join(claimed.rows.map((r) => sql`${r.id}::uuid`))}))`)}) e ON e.id = d.outbox_id
      WHERE d.id IN (${sql.join(claimed.rows.map((r) => sql`${r.id}::uuid`))})
      ORDER BY d.outbox_id`.execute(this.db);
    return rows.rows.map((r) => ({ id: String(r.delivery_id), attempts: attempts.get(String(r.delivery_id)) ?? 1, url: String(r.url), secretSealed: String(r.secret_sealed), event: toEvent(r) }));
  }

  /** A 2xx came back: delivered (unless a replay gave the delivery a new id meanwhile). */
  async markDelivered(id: string, status: number, at: Date): Promise<void> {
    await this.db.updateTable('push_deliveries').set({ state: 'delivered', delivered_at: at, last_status: status, last_error: null, claimed_until: null }).where('id', '=', id).where('state', '=', 'pending').execute();
  }

  /** A failed attempt: to be tried again at `retryAt`, or a dead letter when `retryAt` is null. */
  async markFailed(id: string, status: number | null, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .updateTable('push_deliveries')
      .set({ state: retryAt ? 'pending' : 'dead', last_status: status, last_error: error.slice(0, 500), claimed_until: null, ...(retryAt ? { next_attempt_at: retryAt } : {}) })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();
  }

  // ---- the log, replays --------------------------------------------------------------------------

  async listDeliveries(filter: { subscriptionId: string; state?: PushDeliveryState; topic?: string }, limit: number, offset: number): Promise<{ items: PushDelivery[]; total: number; byState: Record<string, number> }> {
    let query = this.db.selectFrom('push_deliveries as d').innerJoin('outbox as o', 'o.id', 'd.outbox_id').where('d.subscription_id', '=', filter.subscriptionId);
    if (filter.topic) query = query.where('d.topic', '=', filter.topic);
    const counts = await query
      .select(['d.state', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('d.state')
      .execute();
    const byState: Record<string, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const c of counts) byState[c.state] = Number(c.n);
    if (filter.state) query = query.where('d.state', '=', filter.state);
    const rows = await query.selectAll('d').select('o.created_at as occurred_at').orderBy('o.created_at', 'desc').orderBy('d.outbox_id', 'desc').limit(limit).offset(offset).execute();
    const total = filter.state ? (byState[filter.state] ?? 0) : Object.values(byState).reduce((a, b) => a + b, 0);
    return { items: rows.map(toDelivery), total, byState };
  }

  async findDelivery(id: string): Promise<PushDelivery | undefined> {
    const row = await this.db.selectFrom('push_deliveries as d').innerJoin('outbox as o', 'o.id', 'd.outbox_id').selectAll('d').select('o.created_at as occurred_at').where('d.id', '=', id).executeTakeFirst();
    return row && toDelivery(row);
  }

  /**
   * Sends one delivery again from now: a new id (the receiver sees a new delivery of the same
   * event), no attempts yet. Returns the new id.
   */
  async resend(id: string, at: Date): Promise<string | undefined> {
    const row = await sql<{ id: string }>`
      UPDATE push_deliveries SET id = gen_random_uuid(), state = 'pending', attempts = 0, next_attempt_at = ${at}, claimed_until = NULL, last_status = NULL, last_error = NULL, delivered_at = NULL
      WHERE id = ${id}::uuid RETURNING id`.execute(this.db);
    return row.rows[0]?.id;
  }

  /**
   * Delivers again every event the subscription takes that was written from `from` on: deliveries
   * already made start over under new ids, events it has none for (written before it existed, or
   * while it was inactive) get one. Returns how many deliveries are pending for it now.
   */
  async replay(subscriptionId: string, from: Date, at: Date): Promise<number> {
    const reset = await sql`
      UPDATE push_deliveries d SET id = gen_random_uuid(), state = 'pending', attempts = 0, next_attempt_at = ${at}, claimed_until = NULL, last_status = NULL, last_error = NULL, delivered_at = NULL
      FROM outbox o WHERE o.id = d.outbox_id AND d.subscription_id = ${subscriptionId}::uuid AND o.created_at >= ${from}`.execute(this.db);
    const added = await sql`
      INSERT INTO push_deliveries (subscription_id, outbox_id, topic, item_code, next_attempt_at, created_at)
      SELECT s.id, e.id, e.topic, e.item_code, ${at}, ${at}
      FROM (${events(sql`o.created_at >= ${from}`)}) e
      JOIN push_subscriptions s ON s.id = ${subscriptionId}::uuid AND ${subscriptionTakes}
      ON CONFLICT (subscription_id, outbox_id) DO NOTHING`.execute(this.db);
    return Number(reset.numAffectedRows ?? 0n) + Number(added.numAffectedRows ?? 0n);
  }
}
