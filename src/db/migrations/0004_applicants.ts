import { sql, type Kysely } from 'kysely';

/** Applicants (persons and organisations) and the licences they hold. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE applicants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      name text NOT NULL,
      id_fingerprint text,
      id_sealed text,
      id_masked text,
      uscc text,
      legal_representative text NOT NULL DEFAULT '',
      phone text NOT NULL DEFAULT '',
      address text NOT NULL DEFAULT '',
      gender text,
      birth_date date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT applicants_kind_chk CHECK (kind IN ('person', 'organisation')),
      CONSTRAINT applicants_person_id_chk CHECK (kind <> 'person' OR (id_fingerprint IS NOT NULL AND id_sealed IS NOT NULL AND id_masked IS NOT NULL)),
      CONSTRAINT applicants_organisation_uscc_chk CHECK (kind <> 'organisation' OR uscc IS NOT NULL),
      CONSTRAINT applicants_id_fingerprint_key UNIQUE (id_fingerprint),
      CONSTRAINT applicants_uscc_key UNIQUE (uscc),
      CONSTRAINT applicants_name_chk CHECK (length(trim(name)) > 0)
    )`.execute(db);
  await sql`COMMENT ON TABLE applicants IS '申请人: a resident ID is kept only sealed (AES-256-GCM), as a keyed fingerprint for lookups, and masked for screens'`.execute(db);
  await sql`CREATE INDEX applicants_phone_idx ON applicants (phone)`.execute(db);

  await sql`
    CREATE TABLE licences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      holder_id uuid NOT NULL REFERENCES applicants (id),
      licence_type text NOT NULL,
      number text NOT NULL,
      name text NOT NULL,
      issuer text NOT NULL,
      issued_on date NOT NULL,
      valid_until date,
      source text NOT NULL,
      status text NOT NULL DEFAULT 'valid',
      created_at timestamptz NOT NULL,
      CONSTRAINT licences_type_number_key UNIQUE (licence_type, number),
      CONSTRAINT licences_source_chk CHECK (source IN ('issued', 'imported')),
      CONSTRAINT licences_status_chk CHECK (status IN ('valid', 'revoked')),
      CONSTRAINT licences_validity_chk CHECK (valid_until IS NULL OR valid_until >= issued_on)
    )`.execute(db);
  await sql`COMMENT ON TABLE licences IS '证照库: licences held by applicants, issued here or imported; a material sourced from a held licence type is not asked for again'`.execute(db);
  await sql`CREATE INDEX licences_holder_idx ON licences (holder_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
