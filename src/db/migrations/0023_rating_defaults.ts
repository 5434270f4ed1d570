import { sql, type Kysely } from 'kysely';

/**
 * 好差评 (issue 15): the default-rating job reads concluded cases by the day they concluded; this
 * index keeps that a range scan however many cases there are (only top-level concluded cases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_concluded_idx ON cases (concluded_at) WHERE parent_id IS NULL AND concluded_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
