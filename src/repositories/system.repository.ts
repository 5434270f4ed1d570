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

  /** Whether anything at all has been set up (the demo loader and first-run checks ask this). */
  async countRows(table: 'regions' | 'staff' | 'departments'): Promise<number> {
    const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
