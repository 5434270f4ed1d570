import { sql, type Kysely } from 'kysely';

/**
 * The case figures the home pages show (办结, 按时办结, 零跑腿, 最多跑一次), as a rollup per region,
 * department and China day, kept in the same transaction as every case change that moves them (the
 * case repositories: a case received, concluded, its due date moved, a visit counted), so the rates
 * are read from a few rows, never by scanning cases. Only top-level cases count (a 一件事 is one
 * matter for the applicant, its children are not counted again). Existing cases are counted here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_stats (
      region_path text NOT NULL,
      department_id uuid NOT NULL REFERENCES departments (id),
      day date NOT NULL,
      received integer NOT NULL DEFAULT 0,
      concluded integer NOT NULL DEFAULT 0,
      on_time integer NOT NULL DEFAULT 0,
      zero_visit integer NOT NULL DEFAULT 0,
      at_most_one_visit integer NOT NULL DEFAULT 0,
      CONSTRAINT case_stats_pkey PRIMARY KEY (region_path, department_id, day)
    )`.execute(db);
  await sql`COMMENT ON TABLE case_stats IS 'Rollup per region, department and China day: cases received, and of those concluded that day how many on time, with no visit, with at most one visit'`.execute(db);
  await sql`CREATE INDEX case_stats_day_idx ON case_stats (day)`.execute(db);
  // China days without relying on the server's time zone data: UTC wall clock plus eight hours.
  await sql`
    INSERT INTO case_stats (region_path, department_id, day, received, concluded, on_time, zero_visit, at_most_one_visit)
    SELECT region_path, department_id, day, sum(received), sum(concluded), sum(on_time), sum(zero_visit), sum(at_most_one_visit)
    FROM (
      SELECT region_path, department_id, ((received_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
             1 AS received, 0 AS concluded, 0 AS on_time, 0 AS zero_visit, 0 AS at_most_one_visit
      FROM cases WHERE parent_id IS NULL
      UNION ALL
      SELECT region_path, department_id, ((concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
             0, 1,
             CASE WHEN due_date IS NULL OR ((concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date <= due_date THEN 1 ELSE 0 END,
             CASE WHEN visits = 0 THEN 1 ELSE 0 END,
             CASE WHEN visits <= 1 THEN 1 ELSE 0 END
      FROM cases WHERE parent_id IS NULL AND concluded_at IS NOT NULL
    ) AS contributions
    GROUP BY region_path, department_id, day`.execute(db);
  // The home's counts of warned cases still running, per scope.
  // The audit ledger's filters: by person (newest first, paged by seq) and by day.
  await sql`CREATE INDEX audit_log_actor_seq_idx ON audit_log (actor_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);
  await sql`CREATE INDEX cases_warning_running_idx ON cases (warning, region_path) WHERE status IN ('accepted', 'in_review', 'suspended')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
