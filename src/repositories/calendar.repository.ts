/** Local calendar overrides and the years administrators have entered. */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

export interface CalendarOverride {
  regionCode: string;
  date: string;
  isWorkday: boolean;
  note: string;
}

export class CalendarRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Overrides set for any of `regionCodes` (a region and its ancestors), optionally within a year. */
  async listOverrides(regionCodes: readonly string[], year?: number): Promise<CalendarOverride[]> {
    if (regionCodes.length === 0) return [];
    let query = this.db.selectFrom('calendar_overrides').select(['region_code', 'date', 'is_workday', 'note']).where('region_code', 'in', regionCodes);
    if (year !== undefined) query = query.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
    const rows = await query.orderBy('date').execute();
    return rows.map((r) => ({ regionCode: r.region_code, date: r.date, isWorkday: r.is_workday, note: r.note }));
  }

  async upsertOverride(override: CalendarOverride, at: Date): Promise<void> {
    await this.db
      .insertInto('calendar_overrides')
      .values({ region_code: override.regionCode, date: override.date, is_workday: override.isWorkday, note: override.note, updated_at: at })
      .onConflict((oc) => oc.columns(['region_code', 'date']).doUpdateSet({ is_workday: override.isWorkday, note: override.note, updated_at: at }))
      .execute();
  }

  async deleteOverride(regionCode: string, date: string): Promise<boolean> {
    const result = await this.db.deleteFrom('calendar_overrides').where('region_code', '=', regionCode).where('date', '=', date).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async listYears(regionCodes: readonly string[]): Promise<{ regionCode: string; year: number; note: string }[]> {
    if (regionCodes.length === 0) return [];
    const rows = await this.db.selectFrom('calendar_years').select(['region_code', 'year', 'note']).where('region_code', 'in', regionCodes).orderBy('year').execute();
    return rows.map((r) => ({ regionCode: r.region_code, year: r.year, note: r.note }));
  }

  async upsertYear(input: { regionCode: string; year: number; note: string }, at: Date): Promise<void> {
    await this.db
      .insertInto('calendar_years')
      .values({ region_code: input.regionCode, year: input.year, note: input.note, published_at: at })
      .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ note: input.note, published_at: at }))
      .execute();
  }

  async deleteYear(regionCode: string, year: number): Promise<boolean> {
    const result = await this.db.deleteFrom('calendar_years').where('region_code', '=', regionCode).where('year', '=', year).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
