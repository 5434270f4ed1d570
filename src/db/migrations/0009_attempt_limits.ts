import { sql, type Kysely } from 'kysely';

/**
 * Counters of attempts at public secrets (query passwords, sign-ins) and of requests to limited
 * public routes, kept in the database so that every server process counts the same attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attempt_counters (
      kind text NOT NULL,
      subject text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      window_end timestamptz,
      locked_until timestamptz,
      level integer NOT NULL DEFAULT 0,
      last_at timestamptz NOT NULL,
      CONSTRAINT attempt_counters_pkey PRIMARY KEY (kind, subject),
      CONSTRAINT attempt_counters_attempts_chk CHECK (attempts >= 0),
      CONSTRAINT attempt_counters_level_chk CHECK (level >= 0),
      CONSTRAINT attempt_counters_kind_chk CHECK (length(kind) BETWEEN 1 AND 200),
      CONSTRAINT attempt_counters_subject_chk CHECK (length(subject) BETWEEN 1 AND 200)
    )`.execute(db);
  await sql`CREATE INDEX attempt_counters_last_at_idx ON attempt_counters (last_at)`.execute(db);
  await sql`COMMENT ON TABLE attempt_counters IS 'Guessing limits shared by all processes: attempts per (kind, subject), e.g. (caseQuery, case number), (signInClient, client address), (rate:POST /api/appointments/lookup, address)'`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN attempt_counters.window_end IS 'window rules: when the current window closes; attempts at or over the limit are refused until then'`.execute(db);
  await sql`COMMENT ON COLUMN attempt_counters.locked_until IS 'back-off rules: no attempt before this instant'`.execute(db);
  await sql`COMMENT ON COLUMN attempt_counters.level IS 'window rules: windows spent in a row; each doubles the next'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
