import { sql, type Kysely } from 'kysely';

/**
 * Licence types (证照类型) as the national licence catalogue defines them, and e-licence versions.
 *
 * A type's code is the defining authority's unified social credit code and a 3-digit type number
 * (`11100000000013338W011`): it is the first part of every e-licence identifier of the type, so it
 * is set by an administrator from the catalogue, never derived. Its validity in years (null: 长期)
 * gives every licence of the type its end date.
 *
 * A change (变更) issues a new version of a licence: same serial, version + 1, `replaces_id` naming
 * the version it replaces, which then reads `superseded`. Serials are random from this migration on;
 * `licence_serials` (the counter that made them walkable) is no longer written and is kept only
 * because dropping it would gain nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE licence_types (
      code text PRIMARY KEY,
      name text NOT NULL,
      authority_name text NOT NULL,
      validity_years integer,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT licence_types_code_chk CHECK (code ~ '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$'),
      CONSTRAINT licence_types_name_key UNIQUE (name),
      CONSTRAINT licence_types_name_chk CHECK (length(trim(name)) > 0),
      CONSTRAINT licence_types_authority_chk CHECK (length(trim(authority_name)) > 0),
      CONSTRAINT licence_types_validity_chk CHECK (validity_years IS NULL OR validity_years BETWEEN 1 AND 100)
    )`.execute(db);
  await sql`COMMENT ON TABLE licence_types IS '证照类型: code = defining authority USCC + 3-digit type number (national licence catalogue); the first part of every e-licence identifier of the type'`.execute(db);
  await sql`COMMENT ON COLUMN licence_types.validity_years IS 'Years a licence of this type is valid (valid until = issued on + years - 1 day); null = 长期'`.execute(db);

  await sql`ALTER TABLE licences DROP CONSTRAINT licences_status_chk`.execute(db);
  await sql`ALTER TABLE licences ADD CONSTRAINT licences_status_chk CHECK (status IN ('valid', 'revoked', 'superseded'))`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN replaces_id uuid REFERENCES licences (id)`.execute(db);
  await sql`ALTER TABLE licences ADD CONSTRAINT licences_replaces_key UNIQUE (replaces_id)`.execute(db);
  await sql`COMMENT ON COLUMN licences.replaces_id IS 'For a new version issued by a change (变更): the version it replaces, which is then superseded'`.execute(db);
  // Random serials are unique by this index, not by a counter: an insert that collides fails and is retried.
  await sql`CREATE UNIQUE INDEX licences_issued_number_key ON licences (number) WHERE source = 'issued'`.execute(db);
  await sql`COMMENT ON TABLE licence_serials IS 'Unused since 0012 (serials are random); kept, not dropped'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
