import { sql, type Kysely } from 'kysely';

/**
 * Resident ID numbers in application forms are sealed at rest (DESIGN §9): `cases.form` keeps what
 * screens may show (every resident ID masked), `cases.form_sealed` the original values of the
 * fields that were masked, sealed with the data key (AES-256-GCM, see id-protection.ts).
 *
 * Licences whose number is a resident ID (居民身份证, and the 社会保障卡 and 驾驶证 that reuse it)
 * keep it the same way: `number` masked, `number_sealed` the original, `number_fingerprint` (keyed
 * HMAC) what makes a licence unique in place of the number.
 *
 * A migration has no data key, so rows written before cannot be sealed here: their clear numbers
 * are masked in place (region code and last four kept, the rest lost), in the form and in stored
 * replies of intakes (`idempotency_keys.response`) and in licence numbers. Only demo data predates
 * this migration. The
 * pattern takes any 18-character run (17 digits and a digit or X) not inside a longer run of digits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN form_sealed text`.execute(db);
  await sql`COMMENT ON COLUMN cases.form IS 'The application form as screens show it: every resident ID number masked'`.execute(db);
  await sql`COMMENT ON COLUMN cases.form_sealed IS 'The original values of the form fields that hold a resident ID number, as one sealed JSON object (null when none)'`.execute(db);
  const pattern = '(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])';
  const masked = '\\1********\\2';
  await sql`UPDATE cases SET form = regexp_replace(form::text, ${sql.lit(pattern)}, ${sql.lit(masked)}, 'g')::jsonb WHERE form::text ~ ${sql.lit(pattern)}`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN number_fingerprint text, ADD COLUMN number_sealed text`.execute(db);
  await sql`ALTER TABLE licences DROP CONSTRAINT licences_type_number_key`.execute(db);
  await sql`UPDATE licences SET number = regexp_replace(number, ${sql.lit(pattern)}, ${sql.lit(masked)}, 'g') WHERE number ~ ${sql.lit(pattern)}`.execute(db);
  await sql`CREATE UNIQUE INDEX licences_type_number_key ON licences (licence_type, coalesce(number_fingerprint, number))`.execute(db);
  await sql`COMMENT ON COLUMN licences.number IS 'The licence number as screens show it: a resident ID number masked'`.execute(db);
  await sql`COMMENT ON COLUMN licences.number_fingerprint IS 'Keyed fingerprint of a number that is a resident ID: unique per licence type in its place'`.execute(db);
  await sql`UPDATE idempotency_keys SET response = regexp_replace(response::text, ${sql.lit(pattern)}, ${sql.lit(masked)}, 'g')::jsonb WHERE response::text ~ ${sql.lit(pattern)}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
