import { sql, type Kysely } from 'kysely';

/**
 * Case search at ten million cases (issue 16 §5). Staff search a case number by its prefix
 * (`LIKE '3709822026…%'`); the unique index on case_no follows the database's collation, where a
 * LIKE prefix cannot use it, so the search read every case. A text_pattern_ops index answers the
 * prefix from an index range in any collation (the unique index stays: it is the key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_case_no_prefix_idx ON cases (case_no text_pattern_ops)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
