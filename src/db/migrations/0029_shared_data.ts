import { sql, type Kysely } from 'kysely';

/**
 * The shared-data API (数据共享, issue 16): what an API key may read (items, fields), how often, until
 * when; a per-key, per-minute request counter shared by every server process; and the read log.
 *
 * The read log is its own append-only table, not the audit chain: every chained append takes the
 * chain's one lock, and another department's system reading a thousand results an hour would
 * queue every staff write behind it. Reads change nothing, so they need the chain's order less
 * than they need to be cheap; the log is still written in the read's own transaction and can
 * never be changed or deleted (trigger below).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE api_keys
      ADD COLUMN share_items jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN share_fields jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN rate_per_minute integer NOT NULL DEFAULT 60,
      ADD COLUMN expires_at timestamptz,
      ADD CONSTRAINT api_keys_rate_chk CHECK (rate_per_minute BETWEEN 1 AND 6000),
      ADD CONSTRAINT api_keys_share_items_chk CHECK (jsonb_typeof(share_items) = 'array'),
      ADD CONSTRAINT api_keys_share_fields_chk CHECK (jsonb_typeof(share_fields) = 'array')`.execute(db);
  await sql`COMMENT ON COLUMN api_keys.share_items IS 'Item codes the key may read through /api/shared (empty: none)'`.execute(db);
  await sql`COMMENT ON COLUMN api_keys.share_fields IS 'Shareable fields (src/domain/shared-data.ts) the key may read (empty: none)'`.execute(db);

  await sql`
    CREATE TABLE shared_data_rate (
      api_key_id uuid NOT NULL REFERENCES api_keys (id),
      minute timestamptz NOT NULL,
      count integer NOT NULL,
      CONSTRAINT shared_data_rate_pkey PRIMARY KEY (api_key_id, minute)
    )`.execute(db);
  await sql`COMMENT ON TABLE shared_data_rate IS 'Requests per API key per clock minute on /api/shared, counted by every process alike'`.execute(db);

  await sql`
    CREATE TABLE shared_data_reads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      api_key_id uuid NOT NULL REFERENCES api_keys (id),
      route text NOT NULL,
      subject_kind text NOT NULL,
      subject text NOT NULL,
      subject_label text NOT NULL DEFAULT '',
      item_codes jsonb NOT NULL DEFAULT '[]',
      fields jsonb NOT NULL DEFAULT '[]',
      returned jsonb NOT NULL DEFAULT '[]',
      result_count integer NOT NULL,
      reason text NOT NULL,
      request_ref text NOT NULL DEFAULT '',
      request_id text NOT NULL,
      at timestamptz NOT NULL,
      CONSTRAINT shared_data_reads_kind_chk CHECK (subject_kind IN ('case', 'licence', 'person', 'results')),
      CONSTRAINT shared_data_reads_reason_chk CHECK (length(reason) BETWEEN 4 AND 200)
    )`.execute(db);
  await sql`
    COMMENT ON TABLE shared_data_reads IS 'Append-only log of every shared-data read: key, route, subject (a person by ID fingerprint, never the ID), fields, the reason given'`.execute(db);
  await sql`CREATE INDEX shared_data_reads_key_idx ON shared_data_reads (api_key_id, at DESC, id)`.execute(db);
  await sql`CREATE INDEX shared_data_reads_subject_idx ON shared_data_reads (subject)`.execute(db);
  await sql`
    CREATE FUNCTION shared_data_reads_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'shared_data_reads is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER shared_data_reads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON shared_data_reads
    FOR EACH STATEMENT EXECUTE FUNCTION shared_data_reads_forbid_change()`.execute(db);
  await sql`CREATE INDEX cases_shared_results_idx ON cases (item_code, concluded_at, id) WHERE concluded_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
