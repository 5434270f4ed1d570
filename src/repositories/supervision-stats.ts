/**
 * The supervision rollups (migration 0025): deltas written with each case change, folded into one
 * row per region at every level, dimension and month (`supervision_stats`) and per kind and due date
 * of what is open now (`supervision_live`). The same expansion serves the fold and the rebuild from
 * the cases (the migration's backfill, the scale generator), so both count alike.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

/** The additive figures of a region's month (migration 0025 creates a column for each). */
export const supervisionCounters = [
  'received',
  'concluded',
  'approved',
  'on_time',
  'instant',
  'zero_visit',
  'at_most_one_visit',
  'extra_visits',
  'timed',
  'working_days',
  'promised_days',
  'statutory_timed',
  'statutory_days',
  'corrections',
  'filings_filed',
  'filings_received',
  'filings_received_late',
  'filings_reviewed',
  'filings_incorrect',
] as const;
export type SupervisionCounter = (typeof supervisionCounters)[number];
export type SupervisionCounts = Record<SupervisionCounter, number>;

export const liveKinds = ['running', 'yellow', 'red', 'deferred'] as const;
export type LiveKind = (typeof liveKinds)[number];
/** The due date of an open case that has none (not accepted yet, or an item without a limit). */
export const noDueDate = '9999-12-31';

/** Where a case counts: its region, department and item (by the catalog's basic code). */
export interface CaseDims {
  regionPath: string;
  departmentId: string;
  itemKey: string;
  itemName: string;
}

export interface PeriodDelta extends CaseDims {
  /** First day of the China month. */
  month: string;
  /** '' for the case's figures; an extra trip's cause for a `cause` row (extra_visits only). */
  cause: string;
  counts: Partial<SupervisionCounts>;
}

export interface LiveDelta extends CaseDims {
  kind: LiveKind;
  dueDate: string;
  n: number;
}

/** The first day of the month of a China date (YYYY-MM-DD). */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

// biome-ignore lint/suspicious/noExplicitAny: called from migrations and repositories, on no one table type
type AnyDb = Kysely<any>;

/** Writes the deltas of one change (inside the caller's transaction). */
export async function writeSupervisionDeltas(db: AnyDb, period: readonly PeriodDelta[], live: readonly LiveDelta[]): Promise<void> {
  const periodRows = period.filter((d) => supervisionCounters.some((c) => (d.counts[c] ?? 0) !== 0));
  if (periodRows.length > 0) {
    await db
      .insertInto('supervision_stat_deltas')
      .values(
        periodRows.map((d) => ({
          region_path: d.regionPath,
          department_id: d.departmentId,
          item_key: d.itemKey,
          item_name: d.itemName,
          month: d.month,
          cause: d.cause,
          ...Object.fromEntries(supervisionCounters.map((c) => [c, d.counts[c] ?? 0])),
        })),
      )
      .execute();
  }
  const liveRows = live.filter((d) => d.n !== 0);
  if (liveRows.length > 0) {
    await db
      .insertInto('supervision_live_deltas')
      .values(liveRows.map((d) => ({ region_path: d.regionPath, department_id: d.departmentId, item_key: d.itemKey, item_name: d.itemName, kind: d.kind, due_date: d.dueDate, n: d.n })))
      .execute();
  }
}

const sums = sql.raw(supervisionCounters.map((c) => `sum(${c})::int AS ${c}`).join(', '));
const columns = sql.raw(supervisionCounters.join(', '));
const addExcluded = sql.raw(supervisionCounters.map((c) => `${c} = supervision_stats.${c} + excluded.${c}`).join(', '));
const zeroes = sql.raw(supervisionCounters.map((c) => (c === 'extra_visits' ? 'g.extra_visits' : `0 AS ${c}`)).join(', '));

/** A region path's levels: the path itself and each ancestor, with the parent of each ('' above the root). */
const levels = (alias: string) =>
  sql.raw(`CROSS JOIN LATERAL (
      SELECT array_to_string(s.p[1:k], '.') AS at_path, CASE WHEN k = 1 THEN '' ELSE array_to_string(s.p[1:k - 1], '.') END AS at_parent
      FROM (SELECT string_to_array(${alias}.region_path, '.') AS p) AS s, generate_series(1, cardinality(s.p)) AS k
    ) AS lv`);

/**
 * Adds `source` (rows of region_path, department_id, item_key, item_name, month, cause and the
 * counters) to `supervision_stats` at every level of each row's region, under `all`, its department
 * and its item (a cause row under its cause only). `source` is grouped first, so a rebuild expands
 * each region, department, item and month once, not each case.
 */
function upsertStats(source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    WITH src AS (${source}),
    g AS (
      SELECT region_path, department_id, item_key, max(item_name) AS item_name, month, cause, ${sums}
      FROM src GROUP BY region_path, department_id, item_key, month, cause
    ),
    expanded AS (
      SELECT lv.at_path, lv.at_parent, dm.dim, dm.dim_key, g.month, dm.label, ${sql.raw(supervisionCounters.map((c) => `g.${c}`).join(', '))}
      FROM g ${levels('g')}
      CROSS JOIN LATERAL (VALUES ('all', '', ''), ('department', g.department_id::text, ''), ('item', g.item_key, g.item_name)) AS dm(dim, dim_key, label)
      WHERE g.cause = ''
      UNION ALL
      SELECT lv.at_path, lv.at_parent, 'cause', g.cause, g.month, '', ${zeroes}
      FROM g ${levels('g')}
      WHERE g.cause <> ''
    )
    INSERT INTO supervision_stats (region_path, parent_path, dim, dim_key, month, label, ${columns})
    SELECT at_path, at_parent, dim, dim_key, month, max(label), ${sums}
    FROM expanded GROUP BY at_path, at_parent, dim, dim_key, month
    ORDER BY at_path, dim, dim_key, month
    ON CONFLICT (region_path, dim, dim_key, month) DO UPDATE SET ${addExcluded},
      label = CASE WHEN excluded.label = '' THEN supervision_stats.label ELSE excluded.label END`;
}

/** The same for the open-now counts (`source`: region_path, department_id, item_key, item_name, kind, due_date, n). */
function upsertLive(source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    WITH src AS (${source}),
    g AS (
      SELECT region_path, department_id, item_key, max(item_name) AS item_name, kind, due_date, sum(n)::int AS n
      FROM src GROUP BY region_path, department_id, item_key, kind, due_date
    )
    INSERT INTO supervision_live (region_path, parent_path, dim, dim_key, kind, due_date, label, n)
    SELECT lv.at_path, lv.at_parent, dm.dim, dm.dim_key, g.kind, g.due_date, max(dm.label), sum(g.n)::int
    FROM g ${levels('g')}
    CROSS JOIN LATERAL (VALUES ('all', '', ''), ('department', g.department_id::text, ''), ('item', g.item_key, g.item_name)) AS dm(dim, dim_key, label)
    GROUP BY lv.at_path, lv.at_parent, dm.dim, dm.dim_key, g.kind, g.due_date
    ORDER BY lv.at_path, dm.dim, dm.dim_key, g.kind, g.due_date
    ON CONFLICT (region_path, dim, dim_key, kind, due_date) DO UPDATE SET n = supervision_live.n + excluded.n,
      label = CASE WHEN excluded.label = '' THEN supervision_live.label ELSE excluded.label END`;
}

/** Advisory lock key of the fold: one folder at a time (another one skips, the rows are being moved). */
const foldLock = 16_025_001;

/**
 * Moves up to `limit` pending deltas of each table into the rollups, in one transaction of its own
 * or the caller's. Returns how many were moved; 0 when another fold holds the lock.
 */
export async function foldSupervisionDeltas(db: AnyDb, limit = 20_000): Promise<number> {
  const fold = async (tx: AnyDb): Promise<number> => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${foldLock}) AS ok`.execute(tx);
    if (!locked.rows[0]?.ok) return 0;
    const stats = await upsertStats(
      sql`DELETE FROM supervision_stat_deltas WHERE id IN (SELECT id FROM supervision_stat_deltas ORDER BY id LIMIT ${limit}) RETURNING region_path, department_id, item_key, item_name, month, cause, ${columns}`,
    ).execute(tx);
    const live = await upsertLive(
      sql`DELETE FROM supervision_live_deltas WHERE id IN (SELECT id FROM supervision_live_deltas ORDER BY id LIMIT ${limit}) RETURNING region_path, department_id, item_key, item_name, kind, due_date, n`,
    ).execute(tx);
    const moved = Number(stats.numAffectedRows ?? 0n) + Number(live.numAffectedRows ?? 0n);
    if (Number(live.numAffectedRows ?? 0n) > 0) await sql`DELETE FROM supervision_live WHERE n = 0`.execute(tx);
    return moved;
  };
  return db.isTransaction ? fold(db) : db.transaction().execute(fold);
}

/** Folds until nothing is pending (tests, the end of a load). */
export async function foldAllSupervisionDeltas(db: AnyDb): Promise<void> {
  for (;;) {
    const pending = await sql<{ n: number }>`SELECT (SELECT count(*) FROM (SELECT 1 FROM supervision_stat_deltas LIMIT 1) a) + (SELECT count(*) FROM (SELECT 1 FROM supervision_live_deltas LIMIT 1) b) AS n`.execute(db);
    if (Number(pending.rows[0]?.n ?? 0) === 0) return;
    await foldSupervisionDeltas(db);
  }
}

/** China month of a timestamp column, as the first day of the month. */
const chinaMonth = (column: string) => sql.raw(`date_trunc('month', (${column} AT TIME ZONE 'UTC') + interval '8 hours')::date`);

/** Figures columns of a contribution: the named ones as given, every other 0. */
function counts(given: Partial<Record<SupervisionCounter, string>>): RawBuilder<unknown> {
  return sql.raw(supervisionCounters.map((c) => `${given[c] ?? '0'} AS ${c}`).join(', '));
}

/**
 * Empties the rollups and their deltas and counts every case again (the migration's backfill, the
 * scale generator's last step). What it counts is what `caseSupervision` (repositories/cases/case-stats.ts)
 * counts for one case; test/supervision-stats.test.ts holds the two to the same figures.
 */
export async function rebuildSupervisionStats(db: AnyDb): Promise<void> {
  await sql`TRUNCATE supervision_stats, supervision_stat_deltas, supervision_live, supervision_live_deltas`.execute(db);
  const base = sql`
    SELECT c.id, c.region_path, c.department_id, coalesce(nullif(v.content->>'basicCode', ''), c.item_code) AS item_key, c.item_name,
           c.received_at, c.concluded_at, c.due_date, c.visits, c.case_kind, c.outcome, c.limit_unit, c.limit_days, c.working_days_used,
           c.status, c.warning, (v.content->>'statutoryDays')::int AS statutory_days, v.content->>'statutoryUnit' AS statutory_unit
    FROM cases c LEFT JOIN service_item_versions v ON v.id = c.item_version_id
    WHERE c.parent_id IS NULL AND c.status <> 'draft'`;
  const timed = `(b.working_days_used IS NOT NULL AND b.limit_unit = 'working')`;
  const statutoryTimed = `(${timed} AND b.statutory_unit = 'working' AND coalesce(b.statutory_days, 0) > 0)`;
  const concludedDay = `((b.concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date`;
  await upsertStats(sql`
    WITH b AS (${base})
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('b.received_at')} AS month, '' AS cause, ${counts({ received: '1' })}
    FROM b
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('b.concluded_at')}, '', ${counts({
      concluded: '1',
      approved: `(b.outcome = 'approved')::int`,
      on_time: `(b.due_date IS NULL OR ${concludedDay} <= b.due_date)::int`,
      instant: `(b.case_kind = 'instant')::int`,
      zero_visit: `(b.visits = 0)::int`,
      at_most_one_visit: `(b.visits <= 1)::int`,
      extra_visits: 'greatest(b.visits - 1, 0)',
      timed: `${timed}::int`,
      working_days: `CASE WHEN ${timed} THEN b.working_days_used ELSE 0 END`,
      promised_days: `CASE WHEN ${timed} THEN b.limit_days ELSE 0 END`,
      statutory_timed: `${statutoryTimed}::int`,
      statutory_days: `CASE WHEN ${statutoryTimed} THEN b.statutory_days ELSE 0 END`,
    })}
    FROM b WHERE b.concluded_at IS NOT NULL
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('b.concluded_at')}, x.cause, ${counts({ extra_visits: '1' })}
    FROM b CROSS JOIN LATERAL (
      SELECT coalesce(nullif(v.cause, ''), v.reason) AS cause FROM case_visits v WHERE v.case_id = b.id ORDER BY v.at OFFSET 1
    ) AS x
    WHERE b.concluded_at IS NOT NULL AND b.visits > 1
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('n.issued_at')}, '', ${counts({ corrections: '1' })}
    FROM b JOIN case_notices n ON n.case_id = b.id AND n.kind = 'correction'
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('f.filed_at')}, '', ${counts({ filings_filed: '1' })}
    FROM b JOIN filings f ON f.case_id = b.id
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('f.received_at')}, '', ${counts({ filings_received: '1', filings_received_late: `(((f.received_at AT TIME ZONE 'UTC') + interval '8 hours')::date > f.due_date)::int` })}
    FROM b JOIN filings f ON f.case_id = b.id AND f.received_at IS NOT NULL
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, ${chinaMonth('f.reviewed_at')}, '', ${counts({ filings_reviewed: '1', filings_incorrect: `(f.verdict = 'incorrect')::int` })}
    FROM b JOIN filings f ON f.case_id = b.id AND f.reviewed_at IS NOT NULL AND f.verdict IS NOT NULL`).execute(db);
  await upsertLive(sql`
    WITH b AS (${base})
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, 'running' AS kind, coalesce(b.due_date, ${noDueDate}::date) AS due_date, 1 AS n
    FROM b WHERE b.status IN ('accepted', 'in_review', 'suspended')
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, b.warning, coalesce(b.due_date, ${noDueDate}::date), 1
    FROM b WHERE b.status IN ('accepted', 'in_review', 'suspended') AND b.warning IN ('yellow', 'red')
    UNION ALL
    SELECT b.region_path, b.department_id, b.item_key, b.item_name, 'deferred', coalesce(m.deferred_due, ${noDueDate}::date), 1
    FROM b JOIN case_materials m ON m.case_id = b.id AND m.state = 'deferred'
    WHERE b.status NOT IN ('withdrawn', 'terminated', 'refused')`).execute(db);
}

/** The rollups as a repository of the unit of work (`supervision`): the fold, and the dashboards' reads. */
export class SupervisionRepository {
  private readonly db: AnyDb;

  constructor(db: AnyDb) {
    this.db = db;
  }

  /** Moves up to `limit` pending deltas into the rollups; 0 when another fold is at it. */
  fold(limit?: number): Promise<number> {
    return foldSupervisionDeltas(this.db, limit);
  }
}
