/**
 * The demo as `npm start` loads it: the organisation, catalog and three months of history written
 * through the services, on a fresh database. Every status, hall tickets, appointments, filings and
 * visits are there; the audit chain holds; every department that receives review tasks has a demo
 * account that sees them and can work them; and the same anchor and seed give the same cases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { demoAccounts, loadDemo } from '../src/cli/demo.ts';
import { defaultDemoSeed } from '../src/cli/demo-history.ts';
import { demoItems } from '../src/cli/demo-catalog.ts';
import { caseStatuses } from '../src/domain/case-lifecycle.ts';
import type { Database } from '../src/db/database.ts';
import { createServices, type Services } from '../src/main.ts';
import { rebuildSupervisionStats, supervisionCounters } from '../src/repositories/supervision-stats.ts';
import { systemActor, type Actor } from '../src/services/actor.ts';
import { toGrants } from '../src/services/auth.service.ts';
import { freshDatabase, postgresUrl } from './support/database.ts';

const today = '2026-12-07';

async function loadInto(database: Database, days?: number): Promise<Services> {
  const dataKey = randomBytes(32);
  const services = createServices(database, undefined, dataKey);
  const loaded = await loadDemo(services, () => {}, { servicesAt: (clock) => createServices(database, clock, dataKey), today, seed: defaultDemoSeed, days });
  assert.equal(loaded, true);
  return services;
}

function staffActor(staff: Awaited<ReturnType<Services['staff']['list']>>, username: string): Actor {
  const s = staff.find((m) => m.username === username)!;
  return { kind: 'staff', id: s.id, name: s.username, displayName: s.displayName, grants: toGrants(s) };
}

async function rows<T>(database: Database, statement: string): Promise<T[]> {
  return (await sql.raw<T>(statement).execute(database.db)).rows;
}

test('every department the demo catalog routes review tasks to has a demo reviewer', () => {
  const reviewing = new Set<string>();
  for (const item of demoItems) {
    reviewing.add(item.departmentName);
    for (const step of item.processSteps) for (const d of step.departments ?? []) reviewing.add(d);
  }
  const departmentNames: Record<string, string> = { mz: '民政', scjg: '市场监督', ga: '公安', wjw: '卫生健康', rs: '人力资源', zj: '住房', zr: '自然资源', jy: '教育' };
  const covered = demoAccounts.filter((a) => a.role === 'reviewer' && a.department).map((a) => departmentNames[a.department!]!);
  for (const name of reviewing)
    assert.ok(
      covered.some((part) => name.includes(part)),
      `${name} has no demo reviewer`,
    );
});

const backends: ('pglite' | 'postgres')[] = postgresUrl() ? ['pglite', 'postgres'] : ['pglite'];

for (const backend of backends) {
  describe(`the demo with its history (${backend})`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    let services: Services;
    before(async () => {
      fresh = await freshDatabase(backend);
      services = await loadInto(fresh.database);
    });
    after(async () => {
      await fresh?.close();
    });

    test('cases in every status a front line sees, from intake to archive', async () => {
      const counts = new Map((await rows<{ status: string; n: string }>(fresh.database, 'SELECT status, count(*) AS n FROM cases WHERE parent_id IS NULL GROUP BY status')).map((r) => [r.status, Number(r.n)]));
      // Draft is the applicant's own (online, unsent): the front line never makes one.
      for (const status of caseStatuses.filter((s) => s !== 'draft')) assert.ok((counts.get(status) ?? 0) > 0, `no case ${status}: ${JSON.stringify([...counts])}`);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      assert.ok(total >= 200, `${total} cases`);
      const [pendingDeferred] = await rows<{ n: string }>(
        fresh.database,
        "SELECT count(*) AS n FROM case_materials m JOIN cases c ON c.id = m.case_id WHERE m.state = 'deferred' AND c.status IN ('accepted', 'in_review', 'suspended', 'concluded')",
      );
      assert.ok(Number(pendingDeferred!.n) > 0, 'a deferred (容缺) material still due');
      const [rejected] = await rows<{ n: string }>(fresh.database, "SELECT count(*) AS n FROM cases WHERE outcome = 'rejected'");
      assert.ok(Number(rejected!.n) > 0, 'a 不予许可 decision');
    });

    test('hall tickets, appointments (kept and to come), filings and visits', async () => {
      const one = async (statement: string) => Number((await rows<{ n: string }>(fresh.database, statement))[0]!.n);
      assert.ok((await one("SELECT count(*) AS n FROM tickets WHERE status = 'done'")) > 100);
      assert.ok((await one("SELECT count(*) AS n FROM tickets WHERE priority = 'green'")) > 0);
      assert.ok((await one("SELECT count(*) AS n FROM appointments WHERE status = 'checked_in'")) > 0);
      assert.ok((await one(`SELECT count(*) AS n FROM appointments WHERE status = 'booked' AND slot_start >= '${today}T00:00:00+08:00'`)) > 0);
      assert.ok((await one('SELECT count(*) AS n FROM filings WHERE received_at IS NOT NULL')) > 0);
      assert.ok((await one('SELECT count(*) AS n FROM filings WHERE received_at IS NULL')) > 0);
      assert.ok((await one('SELECT count(*) AS n FROM case_visits')) > 100);
      // Written on the story's clock: the history spans the three months before today, none of it after.
      const [span] = await rows<{ first: Date; last: Date }>(fresh.database, 'SELECT min(received_at) AS first, max(received_at) AS last FROM cases');
      assert.ok(new Date(span!.first) < new Date(`2026-09-15T00:00:00+08:00`), String(span!.first));
      assert.ok(new Date(span!.last) < new Date(`${today}T00:00:00+08:00`), String(span!.last));
    });

    test('电子监察: the history leaves alerts of several rules on the page, a red case among them, one answered and closed', async () => {
      const byRule = new Map((await rows<{ rule: string; n: string }>(fresh.database, 'SELECT rule, count(*) AS n FROM supervision_alerts GROUP BY rule')).map((r) => [r.rule, Number(r.n)]));
      assert.ok((byRule.get('case_red') ?? 0) > 0, `a red case: ${JSON.stringify([...byRule])}`);
      assert.ok((byRule.get('correction_after_acceptance') ?? 0) > 0, 'the case returned for correction after acceptance');
      assert.ok(byRule.size >= 3, JSON.stringify([...byRule]));
      const closed = await rows<{ verdict: string; response: string }>(fresh.database, "SELECT verdict, response FROM supervision_alerts WHERE state = 'closed'");
      assert.equal(closed.length, 1);
      assert.equal(closed[0]!.verdict, 'rectified');
      assert.ok(closed[0]!.response.length > 0);
      const supervisor = staffActor(await services.staff.list(systemActor), 'supervisor');
      const page = await services.alerts.list(supervisor, { state: 'open' }, { limit: 10, offset: 0 });
      assert.ok(page.total > 0 && page.items.every((a) => a.possibleActions.includes('close')));
    });

    test('the audit chain holds over the whole history', async () => {
      const report = await services.audit.verifyChain();
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.ok(report.rows > 2000, `${report.rows} audit rows`);
    });

    test('好差评: pad, online and agent ratings at every level, the default 基本满意, and a few bad ones', async () => {
      const levels = await rows<{ source: string; level: string; n: string }>(fresh.database, 'SELECT source, level, count(*) AS n FROM ratings GROUP BY source, level');
      const count = (where: (r: { source: string; level: string }) => boolean) => levels.filter(where).reduce((a, r) => a + Number(r.n), 0);
      const all = count(() => true);
      for (const level of ['very_satisfied', 'satisfied', 'basic']) assert.ok(count((r) => r.level === level) > 10, `few ${level}: ${JSON.stringify(levels)}`);
      const bad = count((r) => r.level === 'dissatisfied' || r.level === 'very_dissatisfied');
      const given = count((r) => r.source !== 'default');
      assert.ok(bad >= 4 && bad <= given * 0.08, `${bad} bad of ${given} given`);
      assert.ok(count((r) => r.source === 'pad') > 100, 'rated at the window pad');
      assert.ok(count((r) => r.source === 'web') > 5, 'rated online by the applicant');
      assert.ok(count((r) => r.source === 'agent') > 0, 'rated by the agent for the applicant');
      assert.ok(count((r) => r.source === 'default') > 50, 'default 基本满意 after 7 days');
      assert.ok(all > given);
      const [anonymous] = await rows<{ n: string }>(fresh.database, 'SELECT count(*) AS n FROM ratings WHERE anonymous');
      assert.ok(Number(anonymous!.n) > 0, 'some anonymous');
      // The default comes 7 days after the conclusion, never before.
      const [early] = await rows<{ n: string }>(fresh.database, "SELECT count(*) AS n FROM ratings r JOIN cases c ON c.id = r.case_id WHERE r.source = 'default' AND r.given_at < c.concluded_at + interval '7 days'");
      assert.equal(Number(early!.n), 0);
    });

    test('bad ratings worked through: closed on time and late, an appeal upheld and one rejected, the latest still open', async () => {
      const states = new Map((await rows<{ state: string; n: string }>(fresh.database, 'SELECT state, count(*) AS n FROM rating_rectifications GROUP BY state')).map((r) => [r.state, Number(r.n)]));
      assert.ok((states.get('closed') ?? 0) >= 3, JSON.stringify([...states]));
      assert.ok((states.get('open') ?? 0) >= 1, JSON.stringify([...states]));
      assert.ok((states.get('annulled') ?? 0) >= 1, JSON.stringify([...states]));
      assert.ok(states.size >= 4, JSON.stringify([...states]));
      const [late] = await rows<{ n: string }>(fresh.database, "SELECT count(*) AS n FROM rating_rectifications WHERE reported_at IS NOT NULL AND (reported_at AT TIME ZONE 'Asia/Shanghai')::date > rectify_due");
      const [onTime] = await rows<{ n: string }>(fresh.database, "SELECT count(*) AS n FROM rating_rectifications WHERE reported_at IS NOT NULL AND (reported_at AT TIME ZONE 'Asia/Shanghai')::date <= rectify_due AND state = 'closed'");
      assert.ok(Number(late!.n) >= 1, 'a rectification reported late');
      assert.ok(Number(onTime!.n) >= 2, 'rectifications closed on time');
      const appeals = await rows<{ state: string; reason: string }>(fresh.database, 'SELECT state, reason FROM rating_appeals');
      assert.ok(
        appeals.some((a) => a.state === 'upheld' && a.reason === 'malicious'),
        JSON.stringify(appeals),
      );
      assert.ok(
        appeals.some((a) => a.state === 'rejected'),
        JSON.stringify(appeals),
      );
      const [excluded] = await rows<{ n: string }>(fresh.database, 'SELECT count(*) AS n FROM ratings WHERE excluded');
      assert.equal(Number(excluded!.n), appeals.filter((a) => a.state === 'upheld').length);
      // The open ones are in the department's inbox, one past its report-back date (red).
      const supervisor = staffActor(await services.staff.list(systemActor), 'supervisor');
      const open = await services.rectifications.list(supervisor, { state: 'open' });
      assert.ok(open.length > 0);
      assert.ok(
        open.some((r) => r.warning === 'red'),
        JSON.stringify(open.map((r) => [r.reportDue, r.warning])),
      );
    });

    test('complaints from the hall and the hotline, in several states, returned once, urgent, one escalated', async () => {
      const states = new Map((await rows<{ state: string; n: string }>(fresh.database, 'SELECT state, count(*) AS n FROM complaints GROUP BY state')).map((r) => [r.state, Number(r.n)]));
      const total = [...states.values()].reduce((a, b) => a + b, 0);
      assert.ok(total >= 15 && total <= 25, `${total} complaints`);
      for (const state of ['received', 'dispatched', 'handling', 'rated']) assert.ok((states.get(state) ?? 0) > 0, `no complaint ${state}: ${JSON.stringify([...states])}`);
      const one = async (statement: string) => Number((await rows<{ n: string }>(fresh.database, statement))[0]!.n);
      assert.ok((await one("SELECT count(*) AS n FROM complaints WHERE source = 'hall'")) > 0);
      assert.ok((await one("SELECT count(*) AS n FROM complaints WHERE source = 'hotline'")) > 0);
      assert.ok((await one('SELECT count(*) AS n FROM complaints WHERE urgent')) > 0);
      assert.ok((await one('SELECT count(DISTINCT category) AS n FROM complaints')) >= 3);
      assert.ok((await one("SELECT count(*) AS n FROM complaint_steps WHERE action = 'return'")) > 0);
      assert.ok((await one("SELECT count(*) AS n FROM complaints WHERE escalation_level > 0 AND state NOT IN ('closed', 'revisited', 'rated')")) > 0);
      assert.ok((await one('SELECT count(*) AS n FROM complaints WHERE satisfaction IS NOT NULL')) > 5);
    });

    test('the supervision rollups kept with each change equal a recount from the cases', async () => {
      await services.supervision.fold();
      const nonZero = supervisionCounters.map((c) => `${c} <> 0`).join(' OR ');
      const snapshot = async () => ({
        stats: await rows<Record<string, unknown>>(fresh.database, `SELECT * FROM supervision_stats WHERE ${nonZero} ORDER BY region_path, dim, dim_key, month`),
        live: await rows<Record<string, unknown>>(fresh.database, 'SELECT * FROM supervision_live ORDER BY region_path, dim, dim_key, kind, due_date'),
      });
      const kept = await snapshot();
      assert.ok(kept.stats.length > 50 && kept.live.length > 5, `${kept.stats.length} period rows, ${kept.live.length} open rows`);
      await rebuildSupervisionStats(fresh.database.db);
      const recounted = await snapshot();
      assert.deepEqual(kept, recounted);
      // The county's own row holds what its cases say, and each level above it the same.
      const [cases] = await rows<{ received: string; concluded: string; running: string; timed: string }>(
        fresh.database,
        `SELECT count(*) AS received, count(concluded_at) AS concluded, count(*) FILTER (WHERE status IN ('accepted', 'in_review', 'suspended')) AS running,
                count(working_days_used) AS timed FROM cases WHERE parent_id IS NULL AND status <> 'draft'`,
      );
      for (const path of ['370000', '370000.370900', '370000.370900.370982']) {
        const [sums] = await rows<{ received: string; concluded: string }>(fresh.database, `SELECT sum(received) AS received, sum(concluded) AS concluded FROM supervision_stats WHERE region_path = '${path}' AND dim = 'all'`);
        assert.equal(Number(sums!.received), Number(cases!.received), path);
        assert.equal(Number(sums!.concluded), Number(cases!.concluded), path);
        const [open] = await rows<{ n: string }>(fresh.database, `SELECT sum(n) AS n FROM supervision_live WHERE region_path = '${path}' AND dim = 'all' AND kind = 'running'`);
        assert.equal(Number(open!.n), Number(cases!.running), path);
      }
      assert.equal(Number(cases!.timed), Number(cases!.concluded), 'every case concluded through the services has its days taken');
      const [causes] = await rows<{ n: string }>(fresh.database, "SELECT count(*) AS n FROM supervision_stats WHERE dim = 'cause' AND extra_visits > 0");
      assert.ok(Number(causes!.n) > 0, 'the causes of extra trips');
    });

    test("last month's 好差评 report has ratings, rectifications and complaints", async () => {
      const supervisor = staffActor(await services.staff.list(systemActor), 'supervisor');
      const report = await services.qualityReports.report(supervisor, '370982', '2026-11');
      const t = report.totals;
      assert.ok(t.total > 50, `${t.total} ratings`);
      assert.ok(t.levels.very_satisfied > 0 && t.levels.satisfied > 0 && t.levels.basic > 0);
      assert.ok(t.defaults > 0);
      assert.ok(t.satisfactionRate !== null && t.satisfactionRate > 80 && t.satisfactionRate < 100, String(t.satisfactionRate));
      assert.ok(t.rectOpened > 0, 'bad ratings opened rectifications');
      assert.ok(t.complaintsTotal > 0 && t.complaintsClosed > 0);
      assert.ok(report.departments.length >= 4);
    });

    test('every department with review tasks has a demo account that sees them and can work them', async () => {
      const staff = await services.staff.list(systemActor);
      const actorOf = (username: string): Actor => {
        const s = staff.find((m) => m.username === username)!;
        return { kind: 'staff', id: s.id, name: s.username, displayName: s.displayName, grants: toGrants(s) };
      };
      const open = await rows<{ department_id: string; name: string; delegated: boolean }>(
        fresh.database,
        "SELECT DISTINCT t.department_id, d.name, t.delegated FROM case_tasks t JOIN departments d ON d.id = t.department_id JOIN cases c ON c.id = t.case_id WHERE t.status IN ('pending', 'claimed') AND c.status = 'in_review'",
      );
      assert.ok(open.length >= 4, `open tasks in ${open.length} departments`);
      for (const department of open) {
        const accounts = demoAccounts.filter((a) => (department.delegated ? a.role === 'town_approver' : a.role === 'reviewer'));
        let worked = false;
        for (const account of accounts) {
          const actor = actorOf(account.username);
          const inbox = (await services.cases.queries.inbox(actor)).filter((e) => e.taskDepartmentName === department.name && e.status === 'in_review' && e.delegated === department.delegated);
          const entry = inbox.find((e) => e.taskStatus === 'pending' || e.assigneeName === actor.displayName);
          if (!entry) continue;
          if (entry.taskStatus === 'pending') await services.cases.tasks.taskAct({ actor }, entry.id, entry.taskId, { action: 'claim' });
          const after = await services.cases.tasks.taskAct({ actor }, entry.id, entry.taskId, { action: 'approve', opinion: '同意' });
          assert.equal(after.tasks.find((t) => t.id === entry.taskId)?.status, 'approved');
          worked = true;
          break;
        }
        assert.ok(worked, `no demo account sees and works the tasks of ${department.name}${department.delegated ? ' (delegated)' : ''}`);
      }
    });
  });
}

test('the same anchor date and seed give the same cases (two fresh databases)', async () => {
  const numbered: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const fresh = await freshDatabase('pglite');
    try {
      await loadInto(fresh.database, 21);
      numbered.push((await rows<{ case_no: string; status: string; item_code: string }>(fresh.database, 'SELECT case_no, status, item_code FROM cases ORDER BY case_no')).map((r) => `${r.case_no} ${r.status} ${r.item_code}`));
    } finally {
      await fresh.close();
    }
  }
  assert.ok(numbered[0]!.length > 40, `${numbered[0]!.length} cases`);
  assert.deepEqual(numbered[1], numbered[0]);
});
