/**
 * One database code path: Kysely over a `pg.Pool`. With `DATABASE_URL` the pool talks to a real
 * PostgreSQL server; without it, to an embedded PGlite (PostgreSQL in WASM) through PGlite's
 * node-postgres adapter, with its data in `DATA_DIR`.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Tables } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Where the embedded database keeps its files; `memory://` keeps them in memory. */
  dataDir?: string;
  /** An already open PGlite (tests pass a clone of a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

// Dates and bigints come back as strings we parse where needed; `date` columns stay `YYYY-MM-DD`
// text so no time zone can shift a calendar day.
pg.types.setTypeParser(1082, (value: string) => value);
pg.types.setTypeParser(20, (value: string) => value);

export async function openPglite(dataDir: string): Promise<PGlite> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  return PGlite.create({ dataDir, extensions: { pg_trgm } });
}

export const pgliteExtensions = { pg_trgm };

export async function createDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its server; the pool replaces it on next use.
    });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const ownsPglite = !config.pglite;
  const pglite = config.pglite ?? (await openPglite(config.dataDir ?? './data'));
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      if (ownsPglite) await pglite.close();
    },
  };
}
