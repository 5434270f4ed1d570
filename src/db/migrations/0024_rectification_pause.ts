import { sql, type Kysely } from 'kysely';

/**
 * 申诉复核 pauses a rectification task (issue 15): the task remembers the state it was in and the day
 * (China date) the appeal was filed, so a rejected appeal returns it to that state with its deadlines
 * moved by the working days it stood still; the appeal keeps those days as part of its verdict.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE rating_rectifications ADD COLUMN state_before_appeal text, ADD COLUMN paused_on date`.execute(db);
  await sql`ALTER TABLE rating_rectifications ADD CONSTRAINT rating_rectifications_paused_chk CHECK (
    (state = 'appealed') = (state_before_appeal IS NOT NULL AND paused_on IS NOT NULL)
    AND (state_before_appeal IS NULL OR state_before_appeal IN ('open', 'triaged', 'reported')))`.execute(db);
  await sql`COMMENT ON COLUMN rating_rectifications.state_before_appeal IS 'While appealed: the state a rejected appeal returns the task to'`.execute(db);
  await sql`COMMENT ON COLUMN rating_rectifications.paused_on IS 'While appealed: the China date the appeal was filed; the deadlines stand still from then'`.execute(db);
  await sql`ALTER TABLE rating_appeals ADD COLUMN rectification_id uuid REFERENCES rating_rectifications (id), ADD COLUMN paused_days integer`.execute(db);
  await sql`COMMENT ON COLUMN rating_appeals.paused_days IS 'Working days the task''s deadlines stood still (set when the appeal is rejected; they were added to the deadlines)'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
