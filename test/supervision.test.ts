/**
 * Supervision dashboards on both databases, on the demo with its history: every figure read from
 * the rollups equals a count of the demo's cases written here in SQL (not the rollups' code); the
 * cases behind a number are exactly those the count counted; children rows and 本级直接办理 add up
 * to the region; a reviewer narrowed to 民政 sees 民政's figures and cases only; a county's target
 * reaches its towns until a town sets its own, with the gap; the workbook opens with its sheets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { loadDemo } from '../src/cli/demo.ts';
import { defaultDemoSeed } from '../src/cli/demo-history.ts';
import { createServices, type Services } from '../src/main.ts';
import type { Actor } from '../src/services/actor.ts';
import { toGrants } from '../src/services/auth.service.ts';
import type { DrillFigure } from '../src/repositories/supervision-stats.ts';
import { FakeClock } from './support/context.ts';
import { freshDatabase, postgresUrl } from './support/database.ts';

const today = '2026-12-07';
const county = '370982';
const countyPath = '370000.370900.370982';
const period = { from: '2026-09', to: '2026-12' };
const periodStart = "'2026-09-01T00:00:00+08:00'::timestamptz";
const periodEnd = "'2027-01-01T00:00:00+08:00'::timestamptz";

const backends: ('pglite' | 'postgres')[] = postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`supervision dashboards (${backend})`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    let services: Services;
    let supervisor: Actor;
    let reviewerMz: Actor;
    let mz = '';

    const count = async (statement: string): Promise<number> => Number((await sql.raw<{ n: string }>(statement).execute(fresh.database.db)).rows[0]!.n);
    const ids = async (statement: string): Promise<string[]> => (await sql.raw<{ id: string }>(statement).execute(fresh.database.db)).rows.map((r) => String(r.id)).sort();
    const caseScope = (path: string) => `c.parent_id IS NULL AND c.status <> 'draft' AND (c.region_path = '${path}' OR c.region_path LIKE '${path}.%')`;
    const concludedIn = `c.concluded_at >= ${periodStart} AND c.concluded_at < ${periodEnd}`;
    const concludedDay = `((c.concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date`;
    const drillAll = async (actor: Actor, figure: DrillFigure, extra: { region?: string; department?: string } = {}): Promise<string[]> => {
      const out: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await services.supervision.cases(actor, { region: county, ...period, ...extra, figure, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 50);
        out.push(...page.items.map((i) => i.id));
        if (!page.next) return out.sort();
        cursor = page.next;
      }
    };

    before(async () => {
      fresh = await freshDatabase(backend);
      const dataKey = randomBytes(32);
      const loader = createServices(fresh.database, undefined, dataKey);
      assert.equal(await loadDemo(loader, () => {}, { servicesAt: (clock) => createServices(fresh.database, clock, dataKey), today, seed: defaultDemoSeed, days: 24 }), true);
      services = createServices(fresh.database, new FakeClock(new Date(`${today}T02:00:00.000Z`)), dataKey);
      const staff = await services.staff.list({ kind: 'system', id: null, name: 'system', grants: [] });
      const actor = (username: string): Actor => {
        const s = staff.find((m) => m.username === username)!;
        return { kind: 'staff', id: s.id, name: s.username, displayName: s.displayName, grants: toGrants(s) };
      };
      supervisor = actor('supervisor');
      reviewerMz = actor('reviewer.mz');
      mz = reviewerMz.kind === 'staff' ? reviewerMz.grants[0]!.departmentId! : '';
    });
    after(async () => {
      await fresh?.close();
    });

    test('the county’s figures equal a count of its cases', async () => {
      const o = await services.supervision.overview(supervisor, { region: county, ...period });
      const scope = caseScope(countyPath);
      assert.equal(o.totals.received, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      const concluded = await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${concludedIn}`);
      assert.ok(concluded > 0);
      assert.equal(o.totals.concluded, concluded);
      assert.equal(o.totals.onTime, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${concludedIn} AND (c.due_date IS NULL OR ${concludedDay} <= c.due_date)`));
      assert.equal(o.totals.zeroVisit, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${concludedIn} AND c.visits = 0`));
      assert.equal(o.totals.atMostOneVisit, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${concludedIn} AND c.visits <= 1`));
      assert.equal(o.totals.instant, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${concludedIn} AND c.case_kind = 'instant'`));
      assert.equal(o.totals.zeroVisitRate, Math.round((o.totals.zeroVisit * 1000) / concluded) / 10);
      assert.equal(o.totals.corrections, await count(`SELECT count(*) AS n FROM case_notices n JOIN cases c ON c.id = n.case_id WHERE ${scope} AND n.kind = 'correction' AND n.issued_at >= ${periodStart} AND n.issued_at < ${periodEnd}`));
      const running = `c.status IN ('accepted', 'in_review', 'suspended')`;
      assert.equal(o.live.running, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${running}`));
      assert.equal(o.live.red, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${running} AND c.warning = 'red'`));
      assert.equal(o.live.yellow, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND ${running} AND c.warning = 'yellow'`));
      assert.equal(o.live.deferred, await count(`SELECT count(*) AS n FROM case_materials m JOIN cases c ON c.id = m.case_id WHERE ${scope} AND m.state = 'deferred' AND c.status NOT IN ('withdrawn', 'terminated', 'refused')`));
      assert.equal(o.trend.length, 4);
      assert.equal(
        o.trend.reduce((a, m) => a + m.figures.received, 0),
        o.totals.received,
      );
      assert.deepEqual(
        o.trail.map((r) => r.code),
        [county],
      );
      assert.ok(o.children.length > 0);
    });

    test('the cases behind a number are exactly those it counts', async () => {
      const scope = caseScope(countyPath);
      assert.deepEqual(await drillAll(supervisor, 'received'), await ids(`SELECT c.id FROM cases c WHERE ${scope} AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      assert.deepEqual(await drillAll(supervisor, 'late'), await ids(`SELECT c.id FROM cases c WHERE ${scope} AND ${concludedIn} AND c.due_date IS NOT NULL AND ${concludedDay} > c.due_date`));
      assert.deepEqual(await drillAll(supervisor, 'extra_visit'), await ids(`SELECT c.id FROM cases c WHERE ${scope} AND ${concludedIn} AND c.visits > 1`));
      const red = await drillAll(supervisor, 'red');
      assert.deepEqual(red, await ids(`SELECT c.id FROM cases c WHERE ${scope} AND c.status IN ('accepted', 'in_review', 'suspended') AND c.warning = 'red'`));
      const o = await services.supervision.overview(supervisor, { region: county, ...period });
      assert.equal(red.length, o.live.red);
      const page = await services.supervision.cases(supervisor, { region: county, ...period, figure: 'received' });
      const first = page.items[0]!;
      const name = (await sql<{ applicant_name: string }>`SELECT applicant_name FROM cases WHERE id = ${first.id}`.execute(fresh.database.db)).rows[0]!.applicant_name;
      assert.notEqual(first.applicantName, name, 'the applicant’s name is masked');
      assert.ok(first.applicantName.includes('*'));
      await assert.rejects(services.supervision.cases(supervisor, { region: county, ...period, figure: 'received', cursor: 'not-a-cursor' }), { code: 'VALIDATION_FAILED' });
    });

    test('the towns and 本级直接办理 add up to the county, and a town’s figures to its villages', async () => {
      const o = await services.supervision.overview(supervisor, { region: county, ...period });
      const b = await services.supervision.breakdown(supervisor, { region: county, ...period, by: 'region' });
      for (const key of ['received', 'concluded', 'zeroVisit', 'corrections'] as const) {
        assert.equal(
          b.rows.reduce((a, r) => a + r.figures[key], 0),
          o.totals[key],
          key,
        );
      }
      assert.equal(
        b.rows.reduce((a, r) => a + (r.live?.red ?? 0) + (r.live?.running ?? 0), 0),
        o.live.red + o.live.running,
      );
      const own = b.rows.find((r) => r.kind === 'own');
      assert.ok(own, 'the county’s own cases');
      assert.equal(own.figures.received, await count(`SELECT count(*) AS n FROM cases c WHERE ${caseScope(countyPath)} AND c.region_path = '${countyPath}' AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      const town = b.rows.find((r) => r.kind === 'row' && r.figures.received > 0)!;
      const townPath = `${countyPath}.${town.key}`;
      const t = await services.supervision.overview(supervisor, { region: town.key, ...period });
      assert.equal(t.totals.received, town.figures.received);
      assert.equal(t.totals.received, await count(`SELECT count(*) AS n FROM cases c WHERE ${caseScope(townPath)} AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      assert.deepEqual(
        t.trail.map((r) => r.code),
        [county, town.key],
      );
      const items = await services.supervision.breakdown(supervisor, { region: county, ...period, by: 'item' });
      assert.equal(
        items.rows.reduce((a, r) => a + r.figures.received, 0),
        o.totals.received,
      );
      const causes = await services.supervision.breakdown(supervisor, { region: county, ...period, by: 'cause' });
      assert.equal(
        causes.rows.reduce((a, r) => a + r.figures.extraVisits, 0),
        o.totals.extraVisits,
      );
    });

    test('a reviewer narrowed to 民政 sees 民政’s figures and cases only', async () => {
      const o = await services.supervision.overview(reviewerMz, { region: county, ...period });
      assert.equal(o.narrowed, true);
      const scope = `${caseScope(countyPath)} AND c.department_id = '${mz}'`;
      assert.equal(o.totals.received, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      assert.equal(o.live.running, await count(`SELECT count(*) AS n FROM cases c WHERE ${scope} AND c.status IN ('accepted', 'in_review', 'suspended')`));
      const all = await services.supervision.overview(supervisor, { region: county, ...period });
      assert.ok(o.totals.received < all.totals.received);
      const departments = await services.supervision.breakdown(reviewerMz, { region: county, ...period, by: 'department' });
      assert.deepEqual(
        departments.rows.map((r) => r.key),
        [mz],
      );
      const items = await services.supervision.breakdown(reviewerMz, { region: county, ...period, by: 'item' });
      const itemNames = new Set((await sql.raw<{ n: string }>(`SELECT DISTINCT item_name AS n FROM cases c WHERE ${scope}`).execute(fresh.database.db)).rows.map((r) => r.n));
      for (const row of items.rows) assert.ok(itemNames.has(row.label) || row.figures.received === 0, `${row.label} is not 民政’s`);
      assert.deepEqual(await drillAll(reviewerMz, 'received'), await ids(`SELECT c.id FROM cases c WHERE ${scope} AND c.received_at >= ${periodStart} AND c.received_at < ${periodEnd}`));
      const other = (await sql<{ id: string }>`SELECT id FROM departments WHERE id <> ${mz} LIMIT 1`.execute(fresh.database.db)).rows[0]!.id;
      await assert.rejects(services.supervision.overview(reviewerMz, { region: county, ...period, department: other }), { code: 'FORBIDDEN' });
      const filtered = await services.supervision.overview(supervisor, { region: county, ...period, department: mz });
      assert.equal(filtered.totals.received, o.totals.received);
      await assert.rejects(services.supervision.overview(supervisor, { region: '370900', ...period }), { code: 'FORBIDDEN' });
      await assert.rejects(services.supervision.overview(supervisor, { region: '370983', ...period }), { code: 'NOT_FOUND' });
      await assert.rejects(services.supervision.overview(supervisor, { region: county, from: '2026-12', to: '2026-09' }), { code: 'VALIDATION_FAILED' });
    });

    test('a county’s target reaches its towns until a town sets its own; the gap is actual − target', async () => {
      const o = await services.supervision.overview(supervisor, { region: county, ...period });
      const town = o.children[0]!.code;
      await services.supervision.setTargets({ actor: supervisor }, county, { zero_visit_rate: 90, on_time_rate: 98 });
      const t = await services.supervision.overview(supervisor, { region: town, ...period });
      const zv = t.targets.find((x) => x.figure === 'zero_visit_rate')!;
      assert.equal(zv.regionCode, county);
      assert.equal(zv.target, 90);
      if (t.totals.zeroVisitRate === null) assert.equal(zv.gap, null);
      else assert.equal(zv.gap, Math.round((t.totals.zeroVisitRate - 90) * 10) / 10);
      await services.supervision.setTargets({ actor: supervisor }, town, { zero_visit_rate: 80 });
      const own = await services.supervision.targets(supervisor, town);
      assert.deepEqual(
        own.targets.map((x) => [x.figure, x.target, x.own]),
        [
          ['zero_visit_rate', 80, true],
          ['on_time_rate', 98, false],
        ],
      );
      await services.supervision.setTargets({ actor: supervisor }, town, { zero_visit_rate: null });
      assert.equal((await services.supervision.targets(supervisor, town)).targets.find((x) => x.figure === 'zero_visit_rate')!.target, 90);
      await assert.rejects(services.supervision.setTargets({ actor: reviewerMz }, county, { zero_visit_rate: 10 }), { code: 'FORBIDDEN' });
      const audit = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'supervision.targets'");
      assert.equal(audit, 3);
    });

    test('the workbook opens with a sheet per table', async () => {
      const { file } = await services.supervision.workbook(supervisor, { region: county, ...period });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      assert.deepEqual(
        wb.worksheets.map((s) => s.name),
        ['总览', '按下级区划', '按部门', '按事项', '多跑原因', '在办预警'],
      );
      const o = await services.supervision.overview(supervisor, { region: county, ...period });
      const overview = wb.getWorksheet('总览')!;
      let received: unknown;
      overview.eachRow((row) => {
        if (row.getCell(1).value === '受理件数') received = row.getCell(2).value;
      });
      assert.equal(received, o.totals.received);
    });
  });
}
