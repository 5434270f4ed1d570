import { sql, type Kysely } from 'kysely';

/**
 * Resident ID numbers in application forms are sealed at rest (DESIGN §9): `cases.form` keeps what
 * screens may show (every resident ID masked), `cases.form_sealed` the original values of the
 * fields that were masked, sealed with the data key (AES-256-GCM, see id-protection.ts).
 *
 * A migration has no data key, so rows written before cannot be sealed here: their clear numbers
 * are masked in place (region code and last four kept, the rest lost), in the form and in stored
 * replies of intakes (`idempotency_keys.response`). Only demo data predates this migration. The
 * pattern takes any 18-character run (17 digits and a digit or X) not inside a longer run of digits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN form_sealed text`.execute(db);
  await sql`COMMENT ON COLUMN cases.form IS 'The application form as screens show it: every resident ID number masked'`.execute(db);
  await sql`COMMENT ON COLUMN cases.form_sealed IS 'The original values of the form fields that hold a resident ID number, as one sealed JSON object (null when none)'`.execute(db);
  const pattern = '(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])';
  const masked = '\\1********\\2';
  await sql`UPDATE cases SET form = regexp_replace(form::text, ${sql.lit(pattern)}, ${sql.lit(masked)}, 'g')::jsonb WHERE form::text ~ ${sql.lit(pattern)}`.execute(db);
  await sql`UPDATE idempotency_keys SET response = regexp_replace(response::text, ${sql.lit(pattern)}, ${sql.lit(masked)}, 'g')::jsonb WHERE response::text ~ ${sql.lit(pattern)}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
