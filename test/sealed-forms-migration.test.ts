/**
 * Migration 0008 has no data key: resident ID numbers stored in clear before it (a case's form, the
 * stored reply of its intake, a licence number) are masked in place. Runs on PGlite and, when
 * TEST_DATABASE_URL is set, on a scratch PostgreSQL database.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { createDatabase, pgliteExtensions, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import * as foundation from '../src/db/migrations/0001_foundation.ts';
import * as catalog from '../src/db/migrations/0002_catalog.ts';
import * as caseNumbers from '../src/db/migrations/0003_case_numbers.ts';
import * as applicants from '../src/db/migrations/0004_applicants.ts';
import * as cases from '../src/db/migrations/0005_cases.ts';
import * as hall from '../src/db/migrations/0006_hall.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { postgresUrl } from './support/database.ts';

const clear = `37098219880517101${residentIdCheckChar('37098219880517101')}`;
const masked = `370982********${clear.slice(-4)}`;

/** The schema as it stood before 0008 (the same names, so migrateToLatest carries on from there). */
const before0008: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_catalog': catalog,
  '0003_case_numbers': caseNumbers,
  '0004_applicants': applicants,
  '0005_cases': cases,
  '0006_hall': hall,
};

async function migrateBefore0008(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => before0008 }, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

async function check(database: Database): Promise<void> {
  const db = database.db as Kysely<any>;
  await migrateBefore0008(db);
  const at = new Date('2026-11-20T02:00:00Z');
  await sql`INSERT INTO regions (code, name, level, path) VALUES ('370982', '新泰市', 'county', '370982')`.execute(db);
  const department = (await sql<{ id: string }>`INSERT INTO departments (name, region_code) VALUES ('新泰市民政局', '370982') RETURNING id`.execute(db)).rows[0]!.id;
  const applicant = (await sql<{ id: string }>`INSERT INTO applicants (kind, name, id_fingerprint, id_sealed, id_masked, created_at, updated_at) VALUES ('person', '孙秀兰', 'f', 's', ${masked}, ${at}, ${at}) RETURNING id`.execute(db))
    .rows[0]!.id;
  const form = JSON.stringify({ id_number: clear, application_reason: `亲属身份证号${clear.toLowerCase()}`, bank_account: '6222021234567890123', phone: '13905381234' });
  await sql`INSERT INTO cases (case_no, item_code, item_name, department_id, region_code, region_path, applicant_id, applicant_name, applicant_ref, channel, status, case_kind, limit_days, limit_unit, form, query_secret, received_at, updated_at)
    VALUES ('37098220261120000001', '370982-MZ-003', '特困人员认定', ${department}, '370982', '370982', ${applicant}, '孙秀兰', ${masked}, 'window', 'accepted', 'promised', 12, 'working', ${form}::jsonb, 'q', ${at}, ${at})`.execute(db);
  await sql`INSERT INTO idempotency_keys (actor, key, request_hash, status_code, response, created_at) VALUES ('staff:x', 'key-00000001', 'h', 200, ${JSON.stringify({ caseNo: '37098220261120000001', form: JSON.parse(form) })}::jsonb, ${at})`.execute(
    db,
  );
  await sql`INSERT INTO licences (holder_id, licence_type, number, name, issuer, issued_on, source, created_at) VALUES (${applicant}, '居民身份证', ${clear}, '居民身份证', '新泰市公安局', '2016-05-20', 'imported', ${at})`.execute(db);

  await migrateToLatest(db);

  const stored = (await sql<{ form: Record<string, string>; form_sealed: string | null }>`SELECT form, form_sealed FROM cases`.execute(db)).rows[0]!;
  assert.deepEqual(stored.form, { id_number: masked, application_reason: `亲属身份证号370982********${clear.slice(-4).toLowerCase()}`, bank_account: '6222021234567890123', phone: '13905381234' });
  assert.equal(stored.form_sealed, null, 'without the key the originals cannot be sealed: they are gone');
  const reply = (await sql<{ response: { caseNo: string; form: Record<string, string> } }>`SELECT response FROM idempotency_keys`.execute(db)).rows[0]!.response;
  assert.equal(reply.caseNo, '37098220261120000001', 'a 20-digit case number is not a resident ID');
  assert.equal(reply.form.id_number, masked);
  assert.equal((await sql<{ number: string }>`SELECT number FROM licences`.execute(db)).rows[0]!.number, masked);
  const everything = (
    await sql<{ row: string }>`SELECT concat_ws(' ', (SELECT string_agg(c::text, ' ') FROM cases c), (SELECT string_agg(k::text, ' ') FROM idempotency_keys k), (SELECT string_agg(l::text, ' ') FROM licences l)) AS row`.execute(db)
  ).rows[0]!.row;
  assert.ok(!everything.includes(clear) && !everything.includes(clear.toLowerCase()));
}

describe('migration 0008 masks resident IDs stored in clear before it', () => {
  test('pglite', async () => {
    const pglite = await PGlite.create({ extensions: pgliteExtensions });
    const database = await createDatabase({ pglite });
    try {
      await check(database);
    } finally {
      await database.close();
      await pglite.close();
    }
  });

  const url = postgresUrl();
  if (url) {
    const name = `ow_mig0008_${process.pid}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    after(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    test('postgres', async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${name}`);
      const scratch = new URL(url);
      scratch.pathname = `/${name}`;
      const database = await createDatabase({ databaseUrl: scratch.toString(), poolSize: 2 });
      try {
        await check(database);
      } finally {
        await database.close();
      }
    });
  }
});
