import { sql, type Kysely } from 'kysely';
import { rebuildSupervisionStats, supervisionCounters } from '../../repositories/supervision-stats.ts';

/**
 * The supervision rollups (issue 16): the figures of the dashboards, kept so that no dashboard ever
 * reads the cases themselves, however many there are.
 *
 * - Each case change writes what it moves to a delta table in its own transaction (insert only: no
 *   hot row to queue on, however many windows conclude at once). A fold (the supervision job, and
 *   every dashboard read first) moves the deltas into the rollups, one row per region at every
 *   level above the case (village → town → county → city → province), so a region's figure is one
 *   row and its children's are a few rows (`parent_path`), never a sum over its villages.
 * - `supervision_stats`: per region, month and dimension (`all`, a department, an item by its basic
 *   code, an extra trip's cause): received, concluded and how (on time, instant, visits), the working
 *   days taken against the promised and the statutory limits, corrections, filings and their review.
 * - `supervision_live`: what is open now, per region, dimension, kind (running, yellow, red, a
 *   deferred material) and due date: overdue now and the longest overdue are read from a few rows.
 * - `cases.working_days_used`: the working days a concluded case took (set when it concludes, by the
 *   region's calendar); cases concluded before this migration have none and are left out of averages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN working_days_used integer`.execute(db);
  await sql`COMMENT ON COLUMN cases.working_days_used IS 'Working (or natural, by limit_unit) days from acceptance to conclusion, less paused days; set at conclusion'`.execute(db);

  const counters = sql.raw(supervisionCounters.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      '));
  await sql`
    CREATE TABLE supervision_stats (
      region_path text NOT NULL,
      parent_path text NOT NULL,
      dim text NOT NULL,
      dim_key text NOT NULL,
      month date NOT NULL,
      label text NOT NULL DEFAULT '',
      ${counters},
      CONSTRAINT supervision_stats_pkey PRIMARY KEY (region_path, dim, dim_key, month),
      CONSTRAINT supervision_stats_dim_chk CHECK (dim IN ('all', 'department', 'item', 'cause'))
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_stats IS 'Rollup per region (every level above a case), dimension and China month: the dashboards'' period figures'`.execute(db);
  await sql`CREATE INDEX supervision_stats_children_idx ON supervision_stats (parent_path, dim, month)`.execute(db);

  await sql`
    CREATE TABLE supervision_stat_deltas (
      id bigserial PRIMARY KEY,
      region_path text NOT NULL,
      department_id uuid NOT NULL,
      item_key text NOT NULL,
      item_name text NOT NULL,
      month date NOT NULL,
      cause text NOT NULL DEFAULT '',
      ${counters}
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_stat_deltas IS 'What each case change moved, written in its transaction; folded into supervision_stats and deleted'`.execute(db);

  await sql`
    CREATE TABLE supervision_live (
      region_path text NOT NULL,
      parent_path text NOT NULL,
      dim text NOT NULL,
      dim_key text NOT NULL,
      kind text NOT NULL,
      due_date date NOT NULL,
      label text NOT NULL DEFAULT '',
      n integer NOT NULL DEFAULT 0,
      CONSTRAINT supervision_live_pkey PRIMARY KEY (region_path, dim, dim_key, kind, due_date),
      CONSTRAINT supervision_live_dim_chk CHECK (dim IN ('all', 'department', 'item')),
      CONSTRAINT supervision_live_kind_chk CHECK (kind IN ('running', 'yellow', 'red', 'deferred'))
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_live IS 'Open now, per region (every level), dimension, kind and due date (9999-12-31: none); rows at 0 are removed by the fold'`.execute(db);
  await sql`CREATE INDEX supervision_live_children_idx ON supervision_live (parent_path, dim, kind)`.execute(db);

  await sql`
    CREATE TABLE supervision_live_deltas (
      id bigserial PRIMARY KEY,
      region_path text NOT NULL,
      department_id uuid NOT NULL,
      item_key text NOT NULL,
      item_name text NOT NULL,
      kind text NOT NULL,
      due_date date NOT NULL,
      n integer NOT NULL
    )`.execute(db);

  await rebuildSupervisionStats(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
