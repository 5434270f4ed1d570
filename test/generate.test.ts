/**
 * The scale generator (`onewindow demo generate`): the same seed writes the same rows; what it
 * writes is found by the app's own case search (case number, resident ID, phone), the home's rates
 * read from the rebuilt rollup agree with the cases, and the mix has what a province's history has.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { generateHistory, type GenerateSummary } from '../src/cli/generate.ts';
import { addDays } from '../src/domain/calendar.ts';
import { isValidResidentId } from '../src/domain/resident-id.ts';
import { createServices } from '../src/main.ts';
import { rateDays } from '../src/services/home.service.ts';
import { createIdProtector } from '../src/services/id-protection.ts';
import { toGrants } from '../src/services/auth.service.ts';
import { systemActor, type Actor } from '../src/services/actor.ts';
import { testBackends, type TestDatabase } from './support/database.ts';

const to = '2026-12-07';
const cases = 2_000;

async function rows<T>(database: TestDatabase, statement: string): Promise<T[]> {
  return (await sql.raw<T>(statement).execute(database.db)).rows;
}

/** A digest of what the generator chose: every case, action, visit, task, notice and rating (the sealed columns left out). */
async function fingerprintOf(database: TestDatabase): Promise<string> {
  const hash = createHash('sha256');
  const statements = [
    `SELECT id, case_no, status, item_code, region_code, applicant_id, applicant_ref, applicant_phone, channel, via_agent, warning, visits, action_seq,
            received_at, accepted_on, due_date, concluded_at, delivered_at, archived_at, outcome FROM cases WHERE created_by IS NULL ORDER BY case_no`,
    'SELECT a.case_id, a.seq, a.action, a.to_status, a.at FROM case_actions a JOIN cases c ON c.id = a.case_id WHERE c.created_by IS NULL ORDER BY a.case_id, a.seq',
    'SELECT id, case_id, reason, cause, at FROM case_visits ORDER BY id',
    'SELECT id, case_id, department_id, due_date FROM case_tasks ORDER BY id',
    'SELECT id, case_id, kind, content::text FROM case_notices ORDER BY id',
    'SELECT id, subject_key, level, given_at FROM ratings ORDER BY id',
    "SELECT id, name, id_fingerprint, id_masked, uscc, phone FROM applicants WHERE id::text LIKE '00000007-%' ORDER BY id",
  ];
  for (const statement of statements) hash.update(JSON.stringify(await rows(database, statement)));
  return hash.digest('hex');
}

for (const backend of testBackends()) {
  describe(`the scale generator (${backend.name})`, () => {
    const dataKey = randomBytes(32);
    const ids = createIdProtector(dataKey);
    let first: TestDatabase;
    let second: TestDatabase;
    let summary: GenerateSummary;
    before(async () => {
      first = await backend.create();
      second = await backend.create();
      // Small batches, so that several transactions and a batch boundary are crossed.
      summary = await generateHistory(first, ids, { cases, seed: 7, to, batchSize: 700 });
      await generateHistory(second, ids, { cases, seed: 7, to, batchSize: 1_500 });
    });
    after(async () => {
      await first?.close();
      await second?.close();
    });

    test('the same seed gives the same rows, whatever the batch size', async () => {
      assert.equal(summary.cases, cases);
      assert.equal(summary.regions, 15 + 128 + 1_280 + 19_200);
      assert.equal(await fingerprintOf(first), await fingerprintOf(second));
      const [counted] = await rows<{ n: string }>(first, 'SELECT count(*) AS n FROM cases');
      assert.equal(Number(counted!.n), cases);
    });

    test('a generated case is found by its number, its resident ID and its phone, as staff search', async () => {
      const services = createServices(first, undefined, dataKey);
      const picked = await rows<{ case_no: string; id_sealed: string; applicant_phone: string; id: string }>(
        first,
        "SELECT c.id, c.case_no, a.id_sealed, c.applicant_phone FROM cases c JOIN applicants a ON a.id = c.applicant_id WHERE a.kind = 'person' AND c.region_code LIKE '3701%' ORDER BY c.case_no LIMIT 3",
      );
      assert.equal(picked.length, 3);
      for (const p of picked) {
        const idNumber = ids.open(p.id_sealed);
        assert.ok(isValidResidentId(idNumber), `${idNumber} is a valid resident ID (check digit)`);
        const byNumber = await services.cases.queries.search(systemActor, { caseNo: p.case_no });
        assert.deepEqual(
          byNumber.cases.map((c) => c.caseNo),
          [p.case_no],
        );
        const byId = await services.cases.queries.search(systemActor, { idNumber, limit: 100 });
        assert.ok(byId.total >= 1 && byId.cases.some((c) => c.id === p.id), `found by resident ID ${idNumber}`);
        const byPhone = await services.cases.queries.search(systemActor, { phone: p.applicant_phone, limit: 100 });
        assert.ok(
          byPhone.cases.some((c) => c.id === p.id),
          `found by phone ${p.applicant_phone}`,
        );
      }
      // And the case opens as staff see it.
      const view = await services.cases.queries.view(systemActor, picked[0]!.id);
      assert.equal(view.caseNo, picked[0]!.case_no);
    });

    test("the home's rates, read from the rebuilt rollup, agree with the cases", async () => {
      const at = new Date(`${to}T10:00:00+08:00`);
      const services = createServices(first, { now: () => at }, dataKey);
      // The demo's admin, granted the province as well: the generated counties are where the cases are.
      const admin = (await services.staff.list(systemActor)).find((m) => m.username === 'admin')!;
      const actor: Actor = { kind: 'staff', id: admin.id, name: admin.username, displayName: admin.displayName, grants: [...toGrants(admin), { role: 'admin', departmentId: null, regionPath: '370000' }] };
      const home = await services.home.summary(actor);
      const from = addDays(to, -(rateDays - 1));
      const china = (column: string) => `((${column} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
      const [expected] = await rows<{ received: string; concluded: string; zero: string }>(
        first,
        `SELECT count(*) FILTER (WHERE ${china('received_at')} BETWEEN '${from}' AND '${to}') AS received,
                count(*) FILTER (WHERE ${china('concluded_at')} BETWEEN '${from}' AND '${to}') AS concluded,
                count(*) FILTER (WHERE ${china('concluded_at')} BETWEEN '${from}' AND '${to}' AND visits = 0) AS zero
         FROM cases WHERE parent_id IS NULL`,
      );
      assert.ok(home.rates);
      assert.ok(Number(expected!.received) > 0);
      assert.equal(home.rates.received, Number(expected!.received));
      assert.equal(home.rates.concluded, Number(expected!.concluded));
      assert.equal(home.rates.zeroVisit, Number(expected!.zero));
      // The supervision rollup of the province counts every case, and the concluded ones with their days.
      const [province] = await rows<{ received: string; concluded: string; timed: string }>(
        first,
        "SELECT sum(received) AS received, sum(concluded) AS concluded, sum(timed) AS timed FROM supervision_stats WHERE region_path = '370000' AND dim = 'all'",
      );
      const [all] = await rows<{ n: string; concluded: string }>(first, 'SELECT count(*) AS n, count(concluded_at) AS concluded FROM cases');
      assert.equal(Number(province!.received), Number(all!.n));
      assert.equal(Number(province!.concluded), Number(all!.concluded));
      assert.ok(Number(province!.timed) > 0, 'concluded cases carry the working days they took');
    });

    test('a province-like mix: statuses by age, warnings, visits, ratings, corrections, 容缺', async () => {
      const count = async (where: string, table = 'cases') => Number((await rows<{ n: string }>(first, `SELECT count(*) AS n FROM ${table} WHERE ${where}`))[0]!.n);
      for (const status of ['archived', 'delivered', 'in_review', 'needs_correction', 'refused', 'withdrawn']) assert.ok((await count(`status = '${status}'`)) > 0, `some ${status}`);
      // Old cases are closed; nothing still running was received more than a few months ago.
      assert.equal(await count(`status IN ('accepted', 'in_review') AND received_at < '${addDays(to, -120)}'`), 0);
      assert.ok((await count(`status = 'archived'`)) > cases / 3);
      assert.ok((await count(`warning <> 'none'`)) > 0, 'some yellow or red warnings');
      assert.ok((await count('visits = 0')) > 0 && (await count('visits = 1')) > 0 && (await count('visits >= 2')) > 0, 'visits 0, 1 and 2+');
      assert.ok((await count(`cause = 'missing_material'`, 'case_visits')) > 0);
      const concluded = await count('concluded_at IS NOT NULL');
      const rated = await count('true', 'ratings');
      assert.ok(rated > concluded * 0.3 && rated < concluded * 0.5, `${rated} ratings of ${concluded} concluded cases`);
      assert.ok((await count(`kind = 'correction'`, 'case_notices')) > 0);
      assert.ok((await count(`state = 'deferred'`, 'case_materials')) + (await count(`kind = 'deferred'`, 'case_notices')) > 0);
      assert.ok((await count(`status IN ('in_review') `)) <= (await count('true', 'case_tasks')));
      const channels = await rows<{ channel: string }>(first, 'SELECT DISTINCT channel FROM cases');
      assert.ok(channels.length >= 3);
      // Zipf-like: the most asked-for item far above the median one.
      const perItem = (await rows<{ n: string }>(first, 'SELECT count(*) AS n FROM cases GROUP BY substr(item_code, 8) ORDER BY 1 DESC')).map((r) => Number(r.n));
      assert.ok(perItem[0]! > 4 * perItem[Math.floor(perItem.length / 2)]!, `item popularity ${perItem.slice(0, 5).join(', ')} …`);
      // The next intake's case number continues after the generated ones.
      const [lagging] = await rows<{ behind: string }>(
        first,
        "SELECT count(*) AS behind FROM cases c LEFT JOIN case_number_sequences s ON s.region_code = c.region_code AND s.day = to_date(substr(c.case_no, length(c.region_code) + 1, 8), 'YYYYMMDD') WHERE s.last_value IS NULL OR s.last_value < right(c.case_no, 6)::int",
      );
      assert.equal(Number(lagging!.behind), 0);
    });

    test('a second run on the same database is refused', async () => {
      await assert.rejects(generateHistory(first, ids, { cases: 10, seed: 7, to }), /already holds a generated province/);
    });
  });
}

describe('onewindow demo generate', () => {
  test('runs on a fresh embedded database: loads the demo organisation, then the cases', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-generate-'));
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '..', 'bin', 'onewindow.js'), 'demo', 'generate', '--cases', '300', '--seed', '3', '--to', to], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        timeout: 300_000,
      });
      assert.match(stdout, /Generated 已生成: 20623 regions, 1024 departments, 6144 items; \d+ applicants, 300 cases/);
      assert.match(stderr, /100\.0%/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
