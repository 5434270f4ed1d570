/**
 * The case rollups kept in step with the case rows: each repository write that can move a case's
 * figures (received, concluded, its status, warning or due date, its visits, a deferred material)
 * reads what the case counted for before and after, and adds the difference on the transaction it
 * runs in: to `case_stats` (0015, the home pages) at once, to the supervision rollups (0025) as deltas.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import { chinaDate } from '../../domain/china-time.ts';
import { monthOf, noDueDate, writeSupervisionDeltas, type CaseDims, type LiveDelta, type LiveKind, type PeriodDelta, type SupervisionCounter, type SupervisionCounts } from '../supervision-stats.ts';

/** What a case counts for in the rollups: `null` for a child of a 一件事 (the bundle counts once) or a draft. */
export type CaseStanding = {
  regionPath: string;
  departmentId: string;
  receivedDay: string;
  concluded: {
    day: string;
    onTime: boolean;
    visits: number;
    approved: boolean;
    instant: boolean;
    /** Working days taken, when the limit is in working days and the conclusion counted them. */
    workingDays: number | null;
    promisedDays: number;
    /** The statutory limit in working days, when the item states one. */
    statutoryDays: number | null;
    /** The cause of each trip after the first. */
    extraCauses: string[];
  } | null;
  /** Where the supervision rollups count it. */
  dims: CaseDims;
  /** What it holds open now: running (with its warning) and each deferred material, by due date. */
  live: { kind: LiveKind; dueDate: string }[];
} | null;

type Counts = { received: number; concluded: number; on_time: number; zero_visit: number; at_most_one_visit: number };
const zero = (): Counts => ({ received: 0, concluded: 0, on_time: 0, zero_visit: 0, at_most_one_visit: 0 });

export const caseStatCounters = ['received', 'concluded', 'on_time', 'zero_visit', 'at_most_one_visit'] as const;

const openStatuses = ['accepted', 'in_review', 'suspended'];
const closedForMaterials = ['withdrawn', 'terminated', 'refused'];

/** Reads what the case counts for now (inside the caller's transaction). */
export async function caseStanding(db: Kysely<Tables>, caseId: string): Promise<CaseStanding> {
  const row = await db
    .selectFrom('cases as c')
    .leftJoin('service_item_versions as v', 'v.id', 'c.item_version_id')
    .select([
      'c.region_path',
      'c.department_id',
      'c.parent_id',
      'c.status',
      'c.received_at',
      'c.concluded_at',
      'c.due_date',
      'c.visits',
      'c.item_code',
      'c.item_name',
      'c.outcome',
      'c.case_kind',
      'c.limit_days',
      'c.limit_unit',
      'c.working_days_used',
      'c.warning',
      sql<string | null>`nullif(v.content->>'basicCode', '')`.as('basic_code'),
      sql<string | null>`v.content->>'statutoryDays'`.as('statutory_days'),
      sql<string | null>`v.content->>'statutoryUnit'`.as('statutory_unit'),
      sql<string[] | null>`(SELECT array_agg(coalesce(m.deferred_due, ${noDueDate}::date)::text) FROM case_materials m WHERE m.case_id = c.id AND m.state = 'deferred')`.as('deferred'),
      sql<
        string[] | null
      >`CASE WHEN c.visits > 1 AND c.concluded_at IS NOT NULL THEN (SELECT array_agg(x.cause) FROM (SELECT coalesce(nullif(cv.cause, ''), cv.reason) AS cause FROM case_visits cv WHERE cv.case_id = c.id ORDER BY cv.at OFFSET 1) AS x) END`.as(
        'causes',
      ),
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  // A draft (online, not submitted yet) is no application: it counts from the day it is submitted.
  if (!row || row.parent_id !== null || row.status === 'draft') return null;
  const concludedDay = row.concluded_at ? chinaDate(row.concluded_at) : null;
  const statutory = Number(row.statutory_days ?? 0);
  const live: { kind: LiveKind; dueDate: string }[] = [];
  if (openStatuses.includes(row.status)) {
    live.push({ kind: 'running', dueDate: row.due_date ?? noDueDate });
    if (row.warning === 'yellow' || row.warning === 'red') live.push({ kind: row.warning, dueDate: row.due_date ?? noDueDate });
  }
  if (!closedForMaterials.includes(row.status)) for (const due of row.deferred ?? []) live.push({ kind: 'deferred', dueDate: due });
  return {
    regionPath: row.region_path,
    departmentId: row.department_id,
    receivedDay: chinaDate(row.received_at),
    concluded: concludedDay
      ? {
          day: concludedDay,
          onTime: row.due_date === null || concludedDay <= row.due_date,
          visits: row.visits,
          approved: row.outcome === 'approved',
          instant: row.case_kind === 'instant',
          workingDays: row.limit_unit === 'working' ? row.working_days_used : null,
          promisedDays: row.limit_days,
          statutoryDays: row.statutory_unit === 'working' && statutory > 0 ? statutory : null,
          extraCauses: row.causes ?? [],
        }
      : null,
    dims: { regionPath: row.region_path, departmentId: row.department_id, itemKey: row.basic_code ?? row.item_code, itemName: row.item_name },
    live,
  };
}

/** The supervision figures a case's standing adds (`sign` 1) or takes back (-1). */
function supervisionContributions(standing: CaseStanding, sign: 1 | -1, period: Map<string, PeriodDelta>, live: Map<string, LiveDelta>): void {
  if (!standing) return;
  const { dims } = standing;
  const add = (month: string, cause: string, counts: Partial<SupervisionCounts>) => {
    const key = JSON.stringify([dims.regionPath, dims.departmentId, dims.itemKey, month, cause]);
    const delta = period.get(key) ?? { ...dims, month, cause, counts: {} };
    period.set(key, delta);
    for (const [counter, n] of Object.entries(counts) as [SupervisionCounter, number][]) delta.counts[counter] = (delta.counts[counter] ?? 0) + sign * n;
  };
  add(monthOf(standing.receivedDay), '', { received: 1 });
  const c = standing.concluded;
  if (c) {
    const month = monthOf(c.day);
    const timed = c.workingDays !== null;
    add(month, '', {
      concluded: 1,
      approved: c.approved ? 1 : 0,
      on_time: c.onTime ? 1 : 0,
      instant: c.instant ? 1 : 0,
      zero_visit: c.visits === 0 ? 1 : 0,
      at_most_one_visit: c.visits <= 1 ? 1 : 0,
      extra_visits: Math.max(c.visits - 1, 0),
      timed: timed ? 1 : 0,
      working_days: c.workingDays ?? 0,
      promised_days: timed ? c.promisedDays : 0,
      statutory_timed: timed && c.statutoryDays !== null ? 1 : 0,
      statutory_days: timed && c.statutoryDays !== null ? c.statutoryDays : 0,
    });
    for (const cause of c.extraCauses) add(month, cause, { extra_visits: 1 });
  }
  for (const open of standing.live) {
    const key = JSON.stringify([dims.regionPath, dims.departmentId, dims.itemKey, open.kind, open.dueDate]);
    const delta = live.get(key) ?? { ...dims, kind: open.kind, dueDate: open.dueDate, n: 0 };
    live.set(key, delta);
    delta.n += sign;
  }
}

/** The region, department and item a case counts under (`null` for a bundle's child or a draft). */
export async function caseDims(db: Kysely<Tables>, caseId: string): Promise<CaseDims | null> {
  return (await caseStanding(db, caseId))?.dims ?? null;
}

/** Counts an event of a case (a correction notice, a filing received…) in the month it happened. */
export async function countCaseEvent(db: Kysely<Tables>, caseId: string, day: string, counts: Partial<SupervisionCounts>): Promise<void> {
  const dims = await caseDims(db, caseId);
  if (dims) await writeSupervisionDeltas(db, [{ ...dims, month: monthOf(day), cause: '', counts }], []);
}

function contributions(standing: CaseStanding, sign: 1 | -1, into: Map<string, Counts>): void {
  if (!standing) return;
  const at = (day: string) => {
    const key = JSON.stringify([standing.regionPath, standing.departmentId, day]);
    const counts = into.get(key) ?? zero();
    into.set(key, counts);
    return counts;
  };
  at(standing.receivedDay).received += sign;
  const c = standing.concluded;
  if (c) {
    const counts = at(c.day);
    counts.concluded += sign;
    if (c.onTime) counts.on_time += sign;
    if (c.visits === 0) counts.zero_visit += sign;
    if (c.visits <= 1) counts.at_most_one_visit += sign;
  }
}

/** Adds to the rollups the difference between what the case counted for `before` and `after` a change. */
export async function applyStanding(db: Kysely<Tables>, before: CaseStanding, after: CaseStanding): Promise<void> {
  const period = new Map<string, PeriodDelta>();
  const live = new Map<string, LiveDelta>();
  supervisionContributions(before, -1, period, live);
  supervisionContributions(after, 1, period, live);
  await writeSupervisionDeltas(db, [...period.values()], [...live.values()]);
  const deltas = new Map<string, Counts>();
  contributions(before, -1, deltas);
  contributions(after, 1, deltas);
  for (const [key, counts] of deltas) {
    if (caseStatCounters.every((k) => counts[k] === 0)) continue;
    const [regionPath, departmentId, day] = JSON.parse(key) as [string, string, string];
    await db
      .insertInto('case_stats')
      .values({ region_path: regionPath, department_id: departmentId, day, ...counts })
      .onConflict((oc) =>
        oc.columns(['region_path', 'department_id', 'day']).doUpdateSet({
          received: sql`case_stats.received + excluded.received`,
          concluded: sql`case_stats.concluded + excluded.concluded`,
          on_time: sql`case_stats.on_time + excluded.on_time`,
          zero_visit: sql`case_stats.zero_visit + excluded.zero_visit`,
          at_most_one_visit: sql`case_stats.at_most_one_visit + excluded.at_most_one_visit`,
        }),
      )
      .execute();
  }
}

/** Runs `change` on a case and brings the rollup along with it. */
export async function withStanding<T>(db: Kysely<Tables>, caseId: string, change: () => Promise<T>): Promise<T> {
  const before = await caseStanding(db, caseId);
  const result = await change();
  await applyStanding(db, before, await caseStanding(db, caseId));
  return result;
}
