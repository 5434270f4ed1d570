import { sql, type Kysely } from 'kysely';

/**
 * 信息双推送 (issue 16 §4): departments subscribe to events and get them by webhook, and a province
 * may have every event published to NATS JetStream. The outbox learns where each event lies (the
 * region and department of the write that recorded it) and which transaction wrote it: ids are
 * taken before commit, so a row with a lower id can become visible after a higher one, and a cursor
 * over ids alone would skip it. A cursor over (transaction id, id), read only below the oldest
 * transaction still running, never does (see src/repositories/push.repository.ts). The push keeps
 * its own cursors and deliveries: outbox.delivered_at belongs to the notification consumer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN region_path text`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN department_id uuid`.execute(db);
  // Rows already written get this migration's transaction id: all of them are committed, so the
  // push cursors read them in id order as one transaction.
  await sql`ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`.execute(db);
  await sql`COMMENT ON COLUMN outbox.region_path IS 'Region of the write that recorded the event (its audit scope); null for a platform-wide one'`.execute(db);
  await sql`COMMENT ON COLUMN outbox.department_id IS 'Department owning the record the event is about, if one does'`.execute(db);
  await sql`COMMENT ON COLUMN outbox.xid IS 'Transaction that wrote the row: the push cursors read rows only of finished transactions, in (xid, id) order'`.execute(db);
  await sql`CREATE INDEX outbox_xid_idx ON outbox (xid, id)`.execute(db);

  await sql`
    CREATE TABLE push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      department_id uuid NOT NULL REFERENCES departments (id),
      region_path text NOT NULL,
      name text NOT NULL,
      url text NOT NULL,
      secret_sealed text NOT NULL,
      topics text[] NOT NULL,
      item_codes text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES staff (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`COMMENT ON TABLE push_subscriptions IS '数据推送订阅: a department''s receiver of events by webhook, for events of its department in its region subtree'`.execute(db);
  await sql`COMMENT ON COLUMN push_subscriptions.secret_sealed IS 'The HMAC signing secret, sealed with the data key (AES-256-GCM): it must be read back to sign, so it cannot be hashed'`.execute(db);
  await sql`COMMENT ON COLUMN push_subscriptions.topics IS 'Event topics, exact (case.accept) or a family (case.*)'`.execute(db);
  await sql`COMMENT ON COLUMN push_subscriptions.item_codes IS 'Service item codes; empty: every item of the department (and events about no item)'`.execute(db);
  await sql`CREATE INDEX push_subscriptions_department_idx ON push_subscriptions (department_id)`.execute(db);

  await sql`
    CREATE TABLE push_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subscription_id uuid NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
      outbox_id bigint NOT NULL REFERENCES outbox (id),
      topic text NOT NULL,
      item_code text,
      state text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_status integer,
      last_error text,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz,
      CONSTRAINT push_deliveries_once UNIQUE (subscription_id, outbox_id),
      CONSTRAINT push_deliveries_state CHECK (state IN ('pending', 'delivered', 'dead'))
    )`.execute(db);
  await sql`COMMENT ON TABLE push_deliveries IS 'One event for one subscription: retried with back-off until delivered (2xx) or dead; a replay gives it a new id'`.execute(db);
  await sql`COMMENT ON COLUMN push_deliveries.claimed_until IS 'Lease of the sender posting it; after this another sender may post it again (at least once)'`.execute(db);
  await sql`CREATE INDEX push_deliveries_due_idx ON push_deliveries (next_attempt_at) WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX push_deliveries_log_idx ON push_deliveries (subscription_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE push_cursors (
      name text PRIMARY KEY,
      last_xid xid8 NOT NULL DEFAULT '0',
      last_id bigint NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      updated_at timestamptz
    )`.execute(db);
  await sql`COMMENT ON TABLE push_cursors IS 'How far each push consumer has read the outbox: webhook fan-out, NATS publisher; (last_xid, last_id) in outbox order'`.execute(db);
  // Both start at the end of the outbox: subscriptions and the stream get events from now on (a
  // replay reaches back further).
  await sql`INSERT INTO push_cursors (name, last_xid, last_id) SELECT n, COALESCE((SELECT xid FROM outbox ORDER BY xid DESC, id DESC LIMIT 1), '0'), COALESCE((SELECT max(id) FROM outbox), 0) FROM (VALUES ('webhook'), ('nats')) v (n)`.execute(
    db,
  );
}
