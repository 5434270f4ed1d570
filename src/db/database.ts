/**
 * One database code path: Kysely over a `pg.Pool`. With `DATABASE_URL` the pool talks to a real
 * PostgreSQL server; without it, to an embedded PGlite (PostgreSQL in WASM) through PGlite's
 * node-postgres adapter, with its data in `DATA_DIR`.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Tables } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /**
   * LISTEN on a channel: `handler` gets each payload NOTIFY sends there after its transaction
   * commits (from any process on the same database), and `null` after a lost connection was
   * re-established, when notifications may have been missed. Resolves to the way to stop.
   */
  listen(channel: string, handler: (payload: string | null) => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` holding a database-wide advisory lock (session-scoped, for work that spans many
   * transactions): another process asking for the same key, or another caller in this one, waits
   * until `work` has finished.
   */
  withSessionLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  /**
   * Bulk loading (the scale generator): runs `work` in one transaction on one connection, where
   * `copy` streams rows already in COPY text format (PostgreSQL: COPY FROM STDIN; PGlite: COPY from
   * a blob), several times faster than INSERT. Callers are repositories only.
   */
  bulk<T>(work: (session: BulkSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface BulkSession {
  /** COPY `text` (tab-separated, `\N` for NULL, one row a line) into `table (columns)`. */
  copy(table: string, columns: readonly string[], text: string): Promise<void>;
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

const identifier = /^[a-z_][a-z0-9_]*$/;

function copyStatement(table: string, columns: readonly string[], source: string): string {
  if (!identifier.test(table) || !columns.every((c) => identifier.test(c))) throw new Error(`Bad COPY target ${table} (${columns.join(', ')})`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
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
    const listener = new PostgresListener(config.databaseUrl);
    const url = config.databaseUrl;
    const queue = new LocalQueue();
    return {
      db,
      kind: 'postgres',
      listen: (channel, handler) => listener.listen(channel, handler),
      // A connection of its own: a pooled one goes back to the pool, and the unlock must run on the
      // session that locked. It ends with the work, and a session that dies releases its locks.
      withSessionLock: (key, work) =>
        queue.run(key, async () => {
          const client = new pg.Client({ connectionString: url });
          client.on('error', () => {
            // The lock died with the session; the work's own queries report any real trouble.
          });
          await client.connect();
          try {
            await client.query('SELECT pg_advisory_lock($1)', [key]);
            return await work();
          } finally {
            await client.end().catch(() => undefined);
          }
        }),
      async bulk(work) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work({
            async copy(table, columns, text) {
              if (text === '') return;
              const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
              await new Promise<void>((resolve, reject) => {
                stream.on('finish', resolve);
                stream.on('error', reject);
                stream.end(text);
              });
            },
            query: async (text, params) => (await client.query(text, params)).rows,
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      async close() {
        await listener.close();
        await db.destroy();
      },
    };
  }
  const ownsPglite = !config.pglite;
  const pglite = config.pglite ?? (await openPglite(config.dataDir ?? './data'));
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const queue = new LocalQueue();
  return {
    db,
    kind: 'pglite',
    // PGlite is one session, opened by this process alone: an advisory lock is re-entrant within a
    // session and would hold nobody back, so callers queue here instead.
    withSessionLock: (key, work) => queue.run(key, work),
    bulk: (work) =>
      pglite.transaction((tx) =>
        work({
          async copy(table, columns, text) {
            if (text === '') return;
            await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
          },
          query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
        }),
      ),
    async listen(channel, handler) {
      assertChannel(channel);
      const stop = await pglite.listen(channel, (payload) => handler(payload));
      return async () => {
        if (!pglite.closed) await stop();
      };
    },
    async close() {
      await db.destroy();
      if (ownsPglite) await pglite.close();
    },
  };
}

/** Runs the callers of one key in this process one after another. */
class LocalQueue {
  private readonly tails = new Map<number, Promise<unknown>>();

  run<T>(key: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

const channelPattern = /^[a-z][a-z0-9_]{0,62}$/;

function assertChannel(channel: string): void {
  if (!channelPattern.test(channel)) throw new Error(`Bad channel name ${channel}`);
}

/**
 * One dedicated connection per process for LISTEN (a pooled one would be handed back and lose it).
 * A lost connection is re-opened with back-off; its channels are listened to again and every
 * handler is told (`null`) that it may have missed notifications meanwhile.
 */
class PostgresListener {
  private readonly url: string;
  private readonly handlers = new Map<string, Set<(payload: string | null) => void>>();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay = 250;

  constructor(url: string) {
    this.url = url;
  }

  async listen(channel: string, handler: (payload: string | null) => void): Promise<() => Promise<void>> {
    assertChannel(channel);
    const first = !this.handlers.has(channel);
    const set = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, set);
    set.add(handler);
    const client = await this.connection();
    if (first) await client.query(`LISTEN ${channel}`);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      if (this.client) await this.client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    if (this.closed) throw new Error('The database is closed');
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', () => {
      // 'end' follows; the reconnect happens there.
    });
    client.on('end', () => {
      if (this.client === client) this.client = null;
      this.scheduleReconnect();
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.retryDelay = 250;
    return client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.handlers.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connection().then(
        () => {
          for (const set of this.handlers.values()) for (const handler of set) handler(null);
        },
        () => {
          this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
          this.scheduleReconnect();
        },
      );
    }, this.retryDelay);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client ?? (this.connecting ? await this.connecting.catch(() => null) : null);
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
