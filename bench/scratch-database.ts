/** The PostgreSQL database a benchmark may wipe: only one whose name says it is for benchmarks. */
import pg from 'pg';

export const benchDatabaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/onewindow_bench';

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Drops and recreates the scratch database named in `url`. */
export async function freshPostgres(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name) || !/bench|scratch/.test(name)) throw new Error(`Refusing to drop database "${name}": give a scratch database whose name contains "bench" or "scratch"`);
  parsed.pathname = '/postgres';
  await adminQuery(parsed.toString(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(parsed.toString(), `CREATE DATABASE ${name}`);
}
