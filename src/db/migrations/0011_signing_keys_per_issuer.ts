import { sql, type Kysely } from 'kysely';

/**
 * E-licence keys per issuing body (issue 11): each issuer (by its USCC) signs with a key of its own,
 * published with its validity. Rotation retires a key (it signs nothing after) and makes a new one;
 * a compromised key is marked with the time from which what it signed is no longer trusted
 * (licences signed before still verify). The one key of earlier releases, shared by every issuer,
 * is retired here: its licences keep verifying, new ones are signed with their issuer's key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE signing_keys ADD COLUMN issuer_uscc text`.execute(db);
  await sql`ALTER TABLE signing_keys ADD COLUMN issuer_name text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE signing_keys ADD COLUMN valid_from timestamptz`.execute(db);
  await sql`UPDATE signing_keys SET valid_from = created_at`.execute(db);
  await sql`ALTER TABLE signing_keys ALTER COLUMN valid_from SET NOT NULL`.execute(db);
  await sql`ALTER TABLE signing_keys ADD COLUMN retired_at timestamptz`.execute(db);
  await sql`ALTER TABLE signing_keys ADD COLUMN compromised_since timestamptz`.execute(db);
  await sql`ALTER TABLE signing_keys ADD COLUMN compromised_reason text NOT NULL DEFAULT ''`.execute(db);
  await sql`UPDATE signing_keys SET retired_at = now() WHERE purpose = 'licence' AND issuer_uscc IS NULL`.execute(db);
  await sql`ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_issuer_chk CHECK (purpose <> 'licence' OR issuer_uscc IS NOT NULL OR retired_at IS NOT NULL)`.execute(db);
  await sql`ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_compromised_chk CHECK ((compromised_since IS NULL) = (compromised_reason = ''))`.execute(db);
  // At most one key signs for an issuer at a time.
  await sql`CREATE UNIQUE INDEX signing_keys_active_issuer_key ON signing_keys (issuer_uscc) WHERE purpose = 'licence' AND retired_at IS NULL`.execute(db);
  await sql`COMMENT ON COLUMN signing_keys.issuer_uscc IS 'The issuing body (USCC) whose e-licences the key signs; null only for the retired shared key of earlier releases and for audit keys'`.execute(db);
  await sql`COMMENT ON COLUMN signing_keys.retired_at IS 'From this time the key signs nothing new (rotation); what it signed before keeps verifying'`.execute(db);
  await sql`COMMENT ON COLUMN signing_keys.compromised_since IS 'Licences this key signed at or after this time verify as key_compromised; earlier ones stay valid'`.execute(db);
  // The public verify route finds a licence by its identifier on every request.
  await sql`CREATE INDEX licences_issued_number_idx ON licences (number) WHERE source = 'issued'`.execute(db);
  await sql`COMMENT ON COLUMN licences.created_at IS 'When the licence was issued and, for an issued e-licence, signed (compared with its key''s compromised_since)'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
