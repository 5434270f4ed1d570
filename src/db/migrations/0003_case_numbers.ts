import { sql, type Kysely } from 'kysely';

/** Counters behind case numbers: one row per region and day. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_number_sequences (
      region_code text NOT NULL REFERENCES regions (code),
      day date NOT NULL,
      last_value integer NOT NULL,
      CONSTRAINT case_number_sequences_pkey PRIMARY KEY (region_code, day),
      CONSTRAINT case_number_sequences_range_chk CHECK (last_value BETWEEN 1 AND 999999)
    )`.execute(db);
  await sql`COMMENT ON TABLE case_number_sequences IS 'Last case-number sequence given out per region and day; taken with one atomic upsert'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
