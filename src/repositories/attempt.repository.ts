/** Attempt counters (`attempt_counters`): the one place their SQL lives. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { AttemptState } from '../domain/attempt-limits.ts';

export interface AttemptKey {
  kind: string;
  subject: string;
}

export class AttemptRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /**
   * The counter of `key`, locked for the rest of the transaction (created empty when missing, so
   * that two first attempts cannot both read "no counter" and both write one).
   */
  async lock(key: AttemptKey, now: Date): Promise<AttemptState> {
    await this.db
      .insertInto('attempt_counters')
      .values({ kind: key.kind, subject: key.subject, last_at: now })
      .onConflict((oc) => oc.columns(['kind', 'subject']).doNothing())
      .execute();
    const row = await this.db.selectFrom('attempt_counters').select(['attempts', 'window_end', 'locked_until', 'level', 'last_at']).where('kind', '=', key.kind).where('subject', '=', key.subject).forUpdate().executeTakeFirstOrThrow();
    return { attempts: row.attempts, windowEnd: row.window_end, lockedUntil: row.locked_until, level: row.level, lastAt: row.last_at };
  }

  async save(key: AttemptKey, state: AttemptState): Promise<void> {
    await this.db
      .updateTable('attempt_counters')
      .set({ attempts: state.attempts, window_end: state.windowEnd, locked_until: state.lockedUntil, level: state.level, last_at: state.lastAt })
      .where('kind', '=', key.kind)
      .where('subject', '=', key.subject)
      .execute();
  }

  async remove(key: AttemptKey): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('kind', '=', key.kind).where('subject', '=', key.subject).execute();
  }

  async find(key: AttemptKey): Promise<AttemptState | undefined> {
    const row = await this.db.selectFrom('attempt_counters').select(['attempts', 'window_end', 'locked_until', 'level', 'last_at']).where('kind', '=', key.kind).where('subject', '=', key.subject).executeTakeFirst();
    return row && { attempts: row.attempts, windowEnd: row.window_end, lockedUntil: row.locked_until, level: row.level, lastAt: row.last_at };
  }

  /**
   * Counts one request in a fixed window of `windowMs` (one statement, so concurrent requests of
   * every process are each counted once) and returns the count and when the window closes.
   */
  async hit(key: AttemptKey, now: Date, windowMs: number): Promise<{ count: number; windowEnd: Date }> {
    const end = new Date(now.getTime() + windowMs);
    const row = await this.db
      .insertInto('attempt_counters')
      .values({ kind: key.kind, subject: key.subject, attempts: 1, window_end: end, last_at: now })
      .onConflict((oc) =>
        oc.columns(['kind', 'subject']).doUpdateSet({
          attempts: sql<number>`CASE WHEN attempt_counters.window_end IS NULL OR attempt_counters.window_end <= ${now} THEN 1 ELSE attempt_counters.attempts + 1 END`,
          window_end: sql<Date>`CASE WHEN attempt_counters.window_end IS NULL OR attempt_counters.window_end <= ${now} THEN ${end}::timestamptz ELSE attempt_counters.window_end END`,
          last_at: now,
        }),
      )
      .returning(['attempts', 'window_end'])
      .executeTakeFirstOrThrow();
    return { count: row.attempts, windowEnd: row.window_end! };
  }

  /** Deletes counters idle since `idleBefore` that block nobody any more; returns how many. */
  async prune(idleBefore: Date, now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('attempt_counters')
      .where('last_at', '<', idleBefore)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .where((eb) => eb.or([eb('window_end', 'is', null), eb('window_end', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
