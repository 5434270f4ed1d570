import { sql, type Kysely } from 'kysely';

/**
 * Signed checkpoints of the audit chain (DESIGN §9): they anchor its head, so rows deleted from
 * the end show in `onewindow verify audit`. Kept apart from `audit_log` and signed with an SM2 key
 * of their own (`signing_keys.purpose = 'audit'`), which e-licences never use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE signing_keys ADD COLUMN purpose text NOT NULL DEFAULT 'licence'`.execute(db);
  await sql`ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_purpose_chk CHECK (purpose IN ('licence', 'audit'))`.execute(db);
  await sql`COMMENT ON COLUMN signing_keys.purpose IS 'licence: signs e-licences; audit: signs audit checkpoints. A key serves one purpose only'`.execute(db);

  // No foreign key to audit_log: a checkpoint must outlive the rows it anchors, to report them missing.
  await sql`
    CREATE TABLE audit_checkpoints (
      seq bigint PRIMARY KEY,
      hash text NOT NULL,
      at timestamptz NOT NULL,
      key_id text NOT NULL REFERENCES signing_keys (id),
      signature text NOT NULL,
      CONSTRAINT audit_checkpoints_seq_chk CHECK (seq > 0),
      CONSTRAINT audit_checkpoints_hash_chk CHECK (hash ~ '^[0-9a-f]{64}$')
    )`.execute(db);
  await sql`COMMENT ON TABLE audit_checkpoints IS 'Append-only, SM2-signed (seq, hash, at) of the audit chain head; exported with onewindow audit export-checkpoints and checked by onewindow verify audit'`.execute(db);
  await sql`
    CREATE FUNCTION audit_checkpoints_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_checkpoints is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_forbid_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
