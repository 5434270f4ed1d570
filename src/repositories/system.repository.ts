import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

export class SystemRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** A round trip to the database, for the health check. */
  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }

  /**
   * The next case-number sequence of a region on a day, taken with one atomic upsert: concurrent
   * callers queue on the counter row and each gets its own value. Inside a write's transaction the
   * row stays locked until commit, so numbers of rolled-back intakes are given out again.
   */
  async nextCaseSequence(regionCode: string, day: string): Promise<number> {
    const row = await sql<{ last_value: number }>`
      INSERT INTO case_number_sequences (region_code, day, last_value) VALUES (${regionCode}, ${day}, 1)
      ON CONFLICT (region_code, day) DO UPDATE SET last_value = case_number_sequences.last_value + 1
      RETURNING last_value`.execute(this.db);
    return row.rows[0]!.last_value;
  }

  /** Whether anything at all has been set up (the demo loader and first-run checks ask this). */
  async countRows(table: 'regions' | 'staff' | 'departments'): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
