/**
 * The case rollup (`case_stats`, 0015) kept in step with the case rows: each repository write that
 * can move a case's figures (received, concluded, its due date, its visits) reads what the case
 * counted for before and after, and adds the difference, on the transaction it runs in.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import { chinaDate } from '../../domain/china-time.ts';

/** What a case counts for in the rollup: `null` for a child of a 一件事 (the bundle counts once). */
export type CaseStanding = {
  regionPath: string;
  departmentId: string;
  receivedDay: string;
  concluded: { day: string; onTime: boolean; visits: number } | null;
} | null;

type Counts = { received: number; concluded: number; on_time: number; zero_visit: number; at_most_one_visit: number };
const zero = (): Counts => ({ received: 0, concluded: 0, on_time: 0, zero_visit: 0, at_most_one_visit: 0 });

export const caseStatCounters = ['received', 'concluded', 'on_time', 'zero_visit', 'at_most_one_visit'] as const;

/** Reads what the case counts for now (inside the caller's transaction). */
export async function caseStanding(db: Kysely<Tables>, caseId: string): Promise<CaseStanding> {
  const row = await db.selectFrom('cases').select(['region_path', 'department_id', 'parent_id', 'status', 'received_at', 'concluded_at', 'due_date', 'visits']).where('id', '=', caseId).executeTakeFirst();
  // A draft (online, not submitted yet) is no application: it counts from the day it is submitted.
  if (!row || row.parent_id !== null || row.status === 'draft') return null;
  const concludedDay = row.concluded_at ? chinaDate(row.concluded_at) : null;
  return {
    regionPath: row.region_path,
    departmentId: row.department_id,
    receivedDay: chinaDate(row.received_at),
    concluded: concludedDay ? { day: concludedDay, onTime: row.due_date === null || concludedDay <= row.due_date, visits: row.visits } : null,
  };
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

/** Adds to the rollup the difference between what the case counted for `before` and `after` a change. */
export async function applyStanding(db: Kysely<Tables>, before: CaseStanding, after: CaseStanding): Promise<void> {
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
