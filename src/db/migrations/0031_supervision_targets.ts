import { sql, type Kysely } from 'kysely';

/**
 * Supervision targets and the drill-down's indexes (issue 16 point 1).
 *
 * - `supervision_targets`: a figure's target for a region (e.g. 零跑动率 ≥ 90% for 新泰市); the
 *   nearest ancestor's target applies below it, so a county's target reaches its towns and villages
 *   until one sets its own.
 * - The cases behind a number are read by index, a page of 50 at a time, newest first:
 *   - received in a period: `cases_supervision_received_idx (received_at, region_path text_pattern_ops)`;
 *     text_pattern_ops turns the subtree prefix into an index condition on the second column. Plan
 *     (checked by EXPLAIN): `Sort (received_at DESC, id) ← Index Scan Backward using
 *     cases_supervision_received_idx, Index Cond: received_at >= $from AND received_at < $to AND
 *     region_path ~>=~ 'p' AND region_path ~<~ 'q'`: only the period's cases of the subtree are read
 *     and sorted (the id tie-break keeps the keyset pages exact), never the table.
 *   - concluded (and late, visits, instant among them): the same on `cases_supervision_concluded_idx
 *     (concluded_at, region_path text_pattern_ops)` (or 0002's cases_concluded_idx on a small table).
 *   - red and yellow now: the partial index cases_warning_running_idx (warning, region_path) of 0015.
 *   - corrections: case_notices by (kind, issued_at) here, joined to its case by primary key.
 *   - deferred materials overdue: case_materials by deferred_due, partial on state = 'deferred', here, joined likewise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE supervision_targets (
      region_code text NOT NULL REFERENCES regions (code),
      figure text NOT NULL,
      target numeric(5, 2) NOT NULL CHECK (target >= 0 AND target <= 100),
      set_by uuid,
      set_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT supervision_targets_pkey PRIMARY KEY (region_code, figure)
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_targets IS 'A figure''s target (a share in percent) for a region; the nearest ancestor''s target applies below it'`.execute(db);
  await sql`CREATE INDEX cases_supervision_received_idx ON cases (received_at, region_path text_pattern_ops) WHERE parent_id IS NULL AND status <> 'draft'`.execute(db);
  await sql`CREATE INDEX cases_supervision_concluded_idx ON cases (concluded_at, region_path text_pattern_ops) WHERE parent_id IS NULL AND concluded_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX case_notices_kind_issued_idx ON case_notices (kind, issued_at)`.execute(db);
  // Deferred materials by due date: case_materials_deferred_due_idx, made by 0026 for the alert rules.
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
