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

  /** A region's own rows per month of the period (months as first days, `to` inclusive): at most a row per month. */
  async monthly(regionPath: string, filter: StatFilter, from: string, to: string): Promise<{ month: string; counts: SupervisionCounts }[]> {
    const rows = await sql<Record<string, unknown>>`
      SELECT to_char(month, 'YYYY-MM') AS key, ${sums} FROM supervision_stats
      WHERE region_path = ${regionPath} AND ${filterSql(filter)} AND month >= ${from}::date AND month <= ${to}::date
      GROUP BY month ORDER BY month`.execute(this.db);
    return rows.rows.map((r) => ({ month: String(r.key), counts: countsOf(r) }));
  }

  /** The children regions' period figures (rows WHERE parent_path = the region): a row per child, month and key. */
  async children(regionPath: string, filter: StatFilter, from: string, to: string): Promise<{ key: string; label: string; counts: SupervisionCounts }[]> {
    const rows = await sql<Record<string, unknown>>`
      SELECT s.region_path AS key, coalesce(max(r.name), '') AS label, ${sums} FROM supervision_stats s
      LEFT JOIN regions r ON r.path = s.region_path
      WHERE s.parent_path = ${regionPath} AND ${filterSql(filter, 's')} AND s.month >= ${from}::date AND s.month <= ${to}::date
      GROUP BY s.region_path ORDER BY s.region_path`.execute(this.db);
    return rows.rows.map((r) => ({ key: String(r.key), label: String(r.label), counts: countsOf(r) }));
  }

  /** A region's period figures per department, item (basic code) or cause of an extra trip; `keys` narrows (a department's). */
  async byKey(regionPath: string, dim: 'department' | 'item' | 'cause', keys: readonly string[] | undefined, from: string, to: string): Promise<{ key: string; label: string; counts: SupervisionCounts }[]> {
    const narrow = keys === undefined ? sql`` : keys.length === 0 ? sql` AND false` : sql` AND dim_key IN (${sql.join(keys)})`;
    const rows = await sql<Record<string, unknown>>`
      SELECT dim_key AS key, max(label) AS label, ${sums} FROM supervision_stats
      WHERE region_path = ${regionPath} AND dim = ${dim}${narrow} AND month >= ${from}::date AND month <= ${to}::date
      GROUP BY dim_key`.execute(this.db);
    return rows.rows.map((r) => ({ key: String(r.key), label: String(r.label ?? ''), counts: countsOf(r) }));
  }

  /**
   * What is open now, per group (`own`: the region itself under the filter; `children`: per child
   * region; a dimension: per key): running, yellow, red and deferred counts, the red and deferred
   * past `today`, and the earliest red due date (the longest overdue).
   */
  async live(regionPath: string, group: 'own' | 'children' | 'department' | 'item', filter: StatFilter, today: string, keys?: readonly string[]): Promise<Map<string, LiveFigures>> {
    const where =
      group === 'own'
        ? sql`region_path = ${regionPath} AND ${filterSql(filter)}`
        : group === 'children'
          ? sql`parent_path = ${regionPath} AND ${filterSql(filter)}`
          : sql`region_path = ${regionPath} AND dim = ${group}${keys === undefined ? sql`` : keys.length === 0 ? sql` AND false` : sql` AND dim_key IN (${sql.join(keys)})`}`;
    const key = group === 'children' ? sql.raw('region_path') : group === 'own' ? sql.raw(`''`) : sql.raw('dim_key');
    const rows = await sql<Record<string, unknown>>`
      SELECT ${key} AS key,
        coalesce(sum(n) FILTER (WHERE kind = 'running'), 0)::int AS running,
        coalesce(sum(n) FILTER (WHERE kind = 'yellow'), 0)::int AS yellow,
        coalesce(sum(n) FILTER (WHERE kind = 'red'), 0)::int AS red,
        coalesce(sum(n) FILTER (WHERE kind = 'red' AND due_date < ${today}::date), 0)::int AS red_past_due,
        to_char(min(due_date) FILTER (WHERE kind = 'red'), 'YYYY-MM-DD') AS earliest_red_due,
        coalesce(sum(n) FILTER (WHERE kind = 'deferred'), 0)::int AS deferred,
        coalesce(sum(n) FILTER (WHERE kind = 'deferred' AND due_date < ${today}::date), 0)::int AS deferred_overdue
      FROM supervision_live WHERE ${where} GROUP BY 1`.execute(this.db);
    return new Map(
      rows.rows.map((r) => [
        String(r.key),
        {
          running: Number(r.running),
          yellow: Number(r.yellow),
          red: Number(r.red),
          earliestRedDue: r.earliest_red_due === null ? null : String(r.earliest_red_due),
          deferred: Number(r.deferred),
          deferredOverdue: Number(r.deferred_overdue),
        },
      ]),
    );
  }

  /** A region's direct children (the sub-region picker, and child rows with open cases only). */
  async childRegions(code: string): Promise<{ code: string; name: string; level: string; path: string }[]> {
    return this.db.selectFrom('regions').select(['code', 'name', 'level', 'path']).where('parent_code', '=', code).orderBy('code').execute();
  }

  /** A region and its ancestors, the root first (the breadcrumb, the targets that apply). */
  async lineage(path: string): Promise<{ code: string; name: string; level: string; path: string }[]> {
    const codes = path.split('.');
    const rows = await this.db.selectFrom('regions').select(['code', 'name', 'level', 'path']).where('code', 'in', codes).execute();
    return rows.sort((a: { path: string }, b: { path: string }) => a.path.length - b.path.length);
  }

  /** The basic codes (the item dimension's keys) of the departments' catalog items: a department's items. */
  async departmentItemKeys(departmentIds: readonly string[]): Promise<string[]> {
    if (departmentIds.length === 0) return [];
    const rows = await sql<{ key: string }>`
      SELECT DISTINCT coalesce(nullif(v.content->>'basicCode', ''), i.implementation_code) AS key
      FROM service_items i JOIN service_item_versions v ON v.item_id = i.id
      WHERE i.department_id IN (${sql.join(departmentIds)})`.execute(this.db);
    return rows.rows.map((r) => r.key);
  }

  /** The targets set on any of these regions (a region and its ancestors). */
  async targets(regionCodes: readonly string[]): Promise<{ regionCode: string; figure: string; target: number; setAt: Date }[]> {
    if (regionCodes.length === 0) return [];
    const rows = await this.db.selectFrom('supervision_targets').select(['region_code', 'figure', 'target', 'set_at']).where('region_code', 'in', regionCodes).execute();
    return rows.map((r: { region_code: string; figure: string; target: string | number; set_at: Date }) => ({ regionCode: r.region_code, figure: r.figure, target: Number(r.target), setAt: r.set_at }));
  }

  /** Sets (or with null, removes) a region's target for a figure. */
  async setTarget(regionCode: string, figure: string, target: number | null, setBy: string | null, at: Date): Promise<void> {
    if (target === null) {
      await this.db.deleteFrom('supervision_targets').where('region_code', '=', regionCode).where('figure', '=', figure).execute();
      return;
    }
    await sql`
      INSERT INTO supervision_targets (region_code, figure, target, set_by, set_at) VALUES (${regionCode}, ${figure}, ${target}, ${setBy}, ${at})
      ON CONFLICT (region_code, figure) DO UPDATE SET target = excluded.target, set_by = excluded.set_by, set_at = excluded.set_at`.execute(this.db);
  }

  /**
   * The cases behind a number, a page at a time (keyset on the figure's time or due date and the id,
   * by the indexes of 0031 and 0015; see there). Rows carry what the list shows, nothing more.
   */
  async cases(q: CaseDrillQuery): Promise<{ rows: DrillRow[]; next: string | null }> {
    const subtree = `${q.regionPath}%`;
    const filters: RawBuilder<unknown>[] = [sql`c.region_path LIKE ${subtree}`];
    if (q.departmentIds !== undefined) filters.push(q.departmentIds.length === 0 ? sql`false` : sql`c.department_id IN (${sql.join(q.departmentIds)})`);
    if (q.itemKey !== undefined) filters.push(sql`coalesce(nullif(v.content->>'basicCode', ''), c.item_code) = ${q.itemKey}`);
    const concludedDay = sql`((c.concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date`;
    const running = sql`c.status IN ('accepted', 'in_review', 'suspended')`;
    let from = sql`cases c`;
    let order: { at: RawBuilder<unknown>; cast: 'timestamptz' | 'date'; desc: boolean; tie: RawBuilder<unknown> };
    const byReceived = { at: sql`c.received_at`, cast: 'timestamptz' as const, desc: true, tie: sql`c.id::text` };
    const byConcluded = { at: sql`c.concluded_at`, cast: 'timestamptz' as const, desc: true, tie: sql`c.id::text` };
    const inPeriod = (column: RawBuilder<unknown>) => sql`${column} >= ${q.from} AND ${column} < ${q.to}`;
    switch (q.figure) {
      case 'received':
        order = byReceived;
        filters.push(sql`c.parent_id IS NULL AND c.status <> 'draft'`, inPeriod(sql`c.received_at`));
        break;
      case 'concluded':
      case 'late':
      case 'not_zero_visit':
      case 'extra_visit':
      case 'instant':
        order = byConcluded;
        filters.push(sql`c.parent_id IS NULL AND c.concluded_at IS NOT NULL`, inPeriod(sql`c.concluded_at`));
        if (q.figure === 'late') filters.push(sql`c.due_date IS NOT NULL AND ${concludedDay} > c.due_date`);
        if (q.figure === 'not_zero_visit') filters.push(sql`c.visits > 0`);
        if (q.figure === 'extra_visit') filters.push(sql`c.visits > 1`);
        if (q.figure === 'instant') filters.push(sql`c.case_kind = 'instant'`);
        break;
      case 'red':
      case 'yellow':
        order = { at: sql`coalesce(c.due_date, '9999-12-31'::date)`, cast: 'date', desc: false, tie: sql`c.id::text` };
        filters.push(sql`c.parent_id IS NULL AND ${running} AND c.warning = ${q.figure}`);
        break;
      case 'deferred_overdue':
        from = sql`case_materials m JOIN cases c ON c.id = m.case_id`;
        order = { at: sql`m.deferred_due`, cast: 'date', desc: false, tie: sql`(c.id::text || '/' || m.key)` };
        filters.push(sql`m.state = 'deferred' AND m.deferred_due < ${q.today}::date AND c.parent_id IS NULL AND c.status NOT IN ('withdrawn', 'terminated', 'refused')`);
        break;
      case 'corrections':
        from = sql`case_notices n JOIN cases c ON c.id = n.case_id`;
        order = { at: sql`n.issued_at`, cast: 'timestamptz', desc: true, tie: sql`n.id::text` };
        filters.push(sql`n.kind = 'correction' AND c.parent_id IS NULL AND c.status <> 'draft'`, inPeriod(sql`n.issued_at`));
        break;
    }
    if (q.cursor) {
      const at = order.cast === 'date' ? sql`${q.cursor.at}::date` : sql`${q.cursor.at}::timestamptz`;
      filters.push(order.desc ? sql`(${order.at}, ${order.tie}) < (${at}, ${q.cursor.tie})` : sql`(${order.at}, ${order.tie}) > (${at}, ${q.cursor.tie})`);
    }
    const dir = sql.raw(order.desc ? 'DESC' : 'ASC');
    const atText = order.cast === 'date' ? sql`to_char(${order.at}, 'YYYY-MM-DD')` : sql`to_char(${order.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const rows = await sql<Record<string, unknown>>`
      SELECT c.id, c.case_no, c.item_name, c.department_id, d.name AS department_name, c.applicant_name, c.received_at, c.due_date::text AS due_date,
             c.concluded_at, c.status, c.warning, c.visits, ${atText} AS sort_at, ${order.tie} AS sort_tie
      FROM ${from}
      LEFT JOIN service_item_versions v ON v.id = c.item_version_id
      LEFT JOIN departments d ON d.id = c.department_id
      WHERE ${sql.join(filters, sql` AND `)}
      ORDER BY ${order.at} ${dir}, ${order.tie} ${dir}
      LIMIT ${q.limit + 1}`.execute(this.db);
    const page = rows.rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      rows: page.map((r) => ({
        id: String(r.id),
        caseNo: String(r.case_no),
        itemName: String(r.item_name),
        departmentId: String(r.department_id),
        departmentName: String(r.department_name ?? ''),
        applicantName: String(r.applicant_name),
        receivedAt: new Date(r.received_at as string),
        dueDate: r.due_date === null ? null : String(r.due_date),
        concludedAt: r.concluded_at === null ? null : new Date(r.concluded_at as string),
        status: String(r.status),
        warning: String(r.warning),
        visits: Number(r.visits),
      })),
      next: rows.rows.length > q.limit && last ? JSON.stringify([String(last.sort_at), String(last.sort_tie)]) : null,
    };
  }
}

/** Which rows of a region make its figure: every department's (`all`), or some departments' only. */
export type StatFilter = { dim: 'all' } | { dim: 'department'; keys: readonly string[] };

function filterSql(filter: StatFilter, alias?: string): RawBuilder<unknown> {
  const p = alias ? `${alias}.` : '';
  if (filter.dim === 'all') return sql.raw(`${p}dim = 'all' AND ${p}dim_key = ''`);
  if (filter.keys.length === 0) return sql`false`;
  return sql`${sql.raw(`${p}dim`)} = 'department' AND ${sql.raw(`${p}dim_key`)} IN (${sql.join(filter.keys)})`;
}

function countsOf(row: Record<string, unknown>): SupervisionCounts {
  return Object.fromEntries(supervisionCounters.map((c) => [c, Number(row[c] ?? 0)])) as SupervisionCounts;
}

export interface LiveFigures {
  running: number;
  yellow: number;
  red: number;
  /** The due date of the red case overdue longest (null: none red). */
  earliestRedDue: string | null;
  deferred: number;
  deferredOverdue: number;
}

export const drillFigures = ['received', 'concluded', 'late', 'not_zero_visit', 'extra_visit', 'instant', 'red', 'yellow', 'deferred_overdue', 'corrections'] as const;
export type DrillFigure = (typeof drillFigures)[number];

export interface CaseDrillQuery {
  regionPath: string;
  figure: DrillFigure;
  /** The period as instants [from, to). */
  from: Date;
  to: Date;
  today: string;
  departmentIds?: readonly string[];
  itemKey?: string;
  cursor?: { at: string; tie: string };
  limit: number;
}

export interface DrillRow {
  id: string;
  caseNo: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicantName: string;
  receivedAt: Date;
  dueDate: string | null;
  concludedAt: Date | null;
  status: string;
  warning: string;
  visits: number;
}
