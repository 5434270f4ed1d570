/**
 * Test databases. Every database test runs on the embedded PGlite and, when TEST_DATABASE_URL
 * (or DATABASE_URL) points at a server, again on PostgreSQL. Each backend migrates and loads the
 * demo organisation ONCE into a template; every test suite gets a fresh copy of it (PGlite clone,
 * PostgreSQL `CREATE DATABASE … TEMPLATE`), well under a second.
 */
import { after } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createDatabase, pgliteExtensions, type Database, type DatabaseKind } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemo } from '../../src/cli/demo.ts';
import { createServices } from '../../src/main.ts';

export interface TestBackend {
  name: DatabaseKind;
  /** A fresh database with migrations applied and the demo organisation loaded. */
  create(): Promise<TestDatabase>;
}

export interface TestDatabase extends Database {
  /** Connection string of the copy (PostgreSQL only), for child processes such as the CLI. */
  url?: string;
}

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

let pgliteTemplate: Promise<PGlite> | undefined;

async function buildPgliteTemplate(): Promise<PGlite> {
  const template = await PGlite.create({ extensions: pgliteExtensions });
  const database = await createDatabase({ pglite: template });
  await migrateToLatest(database.db);
  await loadDemo(createServices(database));
  await database.close();
  return template;
}

const pgliteBackend: TestBackend = {
  name: 'pglite',
  async create() {
    pgliteTemplate ??= buildPgliteTemplate();
    // clone() is typed as the interface; it returns a full PGlite.
    const copy = (await (await pgliteTemplate).clone()) as PGlite;
    const database = await createDatabase({ pglite: copy });
    return {
      ...database,
      async close() {
        await database.close();
        await copy.close();
      },
    };
  },
};

let postgresTemplate: Promise<string> | undefined;
let copies = 0;

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** One statement on its own connection (CREATE / DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function buildPostgresTemplate(url: string): Promise<string> {
  // Databases left behind by test processes that no longer run.
  const stale = await adminQuery(url, `SELECT datname FROM pg_database WHERE datname ~ '^ow_(tpl|t)_[0-9]+'`);
  for (const { datname } of stale.rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) await adminQuery(url, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const name = `ow_tpl_${process.pid}`;
  await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const database = await createDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
  await migrateToLatest(database.db);
  await loadDemo(createServices(database));
  await database.close();
  return name;
}

function postgresBackend(url: string): TestBackend {
  return {
    name: 'postgres',
    async create() {
      postgresTemplate ??= buildPostgresTemplate(url);
      const template = await postgresTemplate;
      const name = `ow_t_${process.pid}_${++copies}`;
      await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      const copyUrl = withDatabase(url, name);
      const database = await createDatabase({ databaseUrl: copyUrl, poolSize: 5 });
      return {
        ...database,
        url: copyUrl,
        async close() {
          await database.close();
          await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  };
}

// Root-level hook: after the whole run (one process), release the templates so the process can exit.
after(async () => {
  if (pgliteTemplate) await (await pgliteTemplate).close();
  const url = postgresUrl();
  if (url && postgresTemplate) await adminQuery(url, `DROP DATABASE IF EXISTS ${await postgresTemplate} WITH (FORCE)`);
});

/** The backends this run tests against: always PGlite; PostgreSQL too when a URL is given. */
export function testBackends(): TestBackend[] {
  const url = postgresUrl();
  return url ? [pgliteBackend, postgresBackend(url)] : [pgliteBackend];
}

/**
 * `skip` for a test whose point is what happens when writes race. PGlite is one session: concurrent
 * transactions run one after another, so there the race never happens and the test would pass
 * without checking it. Such tests run on PostgreSQL only, and say why they are skipped elsewhere.
 */
export function raceNeedsPostgres(backend: TestBackend): string | false {
  return backend.name === 'postgres' ? false : 'a race only PostgreSQL can run: PGlite is one session, so concurrent transactions run one after another';
}

/**
 * A fresh, empty, migrated database of one kind, not a copy of the demo template: for tests that
 * load the demo with its history themselves (the demo loads only where there is nothing yet).
 */
export async function freshDatabase(kind: DatabaseKind): Promise<{ database: Database; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const pglite = await PGlite.create({ extensions: pgliteExtensions });
    const database = await createDatabase({ pglite });
    await migrateToLatest(database.db);
    return {
      database,
      async close() {
        await database.close();
        await pglite.close();
      },
    };
  }
  const url = postgresUrl()!;
  const name = `ow_t_${process.pid}_fresh${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const database = await createDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
  await migrateToLatest(database.db);
  return {
    database,
    async close() {
      await database.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
