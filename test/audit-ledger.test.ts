/**
 * The audit log reads like a ledger: every action the services record has words (read from their
 * source, so a new action without a label fails here), and GET /api/audit filters by person, object
 * (id or number) and China day, a page at a time, each row with its summary in words. Both databases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { complaintActions } from '../src/domain/complaint.ts';
import { auditActionLabels } from '../src/domain/audit-labels.ts';
import { caseActions } from '../src/domain/case-lifecycle.ts';
import { taskActions } from '../src/domain/case-process.ts';
import { ticketActions } from '../src/domain/hall.ts';
import { intakeAuditAction } from '../src/services/cases/intake.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day } from './support/case-steps.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The actions a template writes, by its exact text in the source; a new template must be added here. */
const templates: Record<string, string[]> = {
  'case.${input.action}': Object.keys(caseActions).map((a) => `case.${a}`),
  'case.task.${input.action}': Object.keys(taskActions).map((a) => `case.task.${a}`),
  'case.${intakeAuditAction[input.decision]}': Object.values(intakeAuditAction).map((a) => `case.${a}`),
  'hall.ticket_${input.action}': Object.keys(ticketActions).map((a) => `hall.ticket_${a}`),
  'complaint.${input.action}': complaintActions.map((a) => `complaint.${a}`),
  'agent_authorisation.${verb}': ['confirmed', 'suspended', 'resumed', 'ended'].map((v) => `agent_authorisation.${v}`),
};

test('every action the services write to the audit log has a label in Chinese and English', () => {
  const written = new Set<string>();
  let sites = 0;
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/record\(\{\s*action(?::\s*([^,\n]+))?,/g)) {
      sites++;
      const expression = (match[1] ?? 'action').trim();
      const where = `${file.slice(src.length + 1)}: ${expression}`;
      if (/^'[^']+'$/.test(expression)) written.add(expression.slice(1, -1));
      else if (/^`[^`]+`$/.test(expression)) {
        const expansion = templates[expression.slice(1, -1)];
        assert.ok(expansion, `${where}: an action template the test does not know; list what it writes in \`templates\``);
        for (const action of expansion) written.add(action);
      } else {
        // An action passed in a variable: the literals the file returns for it (filings: 'filing.received', ...).
        const returned = [...text.matchAll(/return '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!);
        assert.ok(returned.length > 0, `${where}: an action in a variable, but the file returns no action literal`);
        for (const action of returned) written.add(action);
      }
    }
  }
  assert.ok(sites >= 50, `audit writes found: ${sites}`);
  const missing = [...written].filter((action) => !auditActionLabels[action]?.zh || !auditActionLabels[action]?.en);
  assert.deepEqual(missing, [], 'actions written without a label (src/domain/audit-labels.ts)');
  assert.ok(written.has('case.accepted') && written.has('filing.received') && written.has('hall.ticket_called') && written.has('staff.signed_in'));
});

interface LedgerRow {
  seq: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  actionLabel: { zh: string; en: string };
  entityType: string;
  entityId: string;
  subject: string | null;
  summary: { zh: string; en: string };
}

for (const backend of testBackends()) {
  describe(`the audit log as a ledger (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act } = caseSteps(() => ctx, 800);

    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const ledger = async (query: string, username = 'supervisor') => {
      const response = await ctx.request({ method: 'GET', url: `/api/audit?${query}`, cookie: await ctx.signIn(username) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as LedgerRow[];
    };

    test('filters by person, object (id or case number) and China day, a page at a time, each row in words', async () => {
      const staff = await ctx.database.db.selectFrom('staff').select(['id', 'username']).execute();
      const frontdeskId = staff.find((s) => s.username === 'frontdesk')!.id;
      const person = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: person.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      // The next day (China time), the case is decided.
      ctx.clock.advance(day);
      const decided = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.statusCode, 200, decided.body);

      const byPerson = await ledger(`actorId=${frontdeskId}&limit=200`);
      assert.ok(byPerson.length >= 3);
      assert.ok(
        byPerson.every((r) => r.actorId === frontdeskId && r.actorName === '综合受理员 李娜'),
        'only the person’s rows, with their name',
      );

      const byCase = await ledger(`entity=${c.caseNo}`);
      assert.deepEqual(
        byCase.map((r) => r.action),
        ['case.decide_on_spot', 'case.accepted'],
        'the case found by its number, newest first',
      );
      const accepted = byCase[1]!;
      assert.deepEqual(accepted.actionLabel, { zh: '受理', en: 'Accepted' });
      assert.equal(accepted.summary.zh, `受理 办件 ${c.caseNo}（${c.itemName}）`);
      assert.equal(accepted.summary.en, `Accepted: case ${c.caseNo} (${c.itemName})`);
      assert.deepEqual(
        (await ledger(`entityType=case&entity=${c.id}`)).map((r) => r.seq),
        byCase.map((r) => r.seq),
        'or by its id',
      );

      // China days: the test clock starts 2026-11-23 09:30 in China.
      const onDay = async (from: string, to: string) => (await ledger(`entity=${c.caseNo}&from=${from}&to=${to}`)).map((r) => r.action);
      assert.deepEqual(await onDay('2026-11-23', '2026-11-23'), ['case.accepted']);
      assert.deepEqual(await onDay('2026-11-24', '2026-11-30'), ['case.decide_on_spot']);
      assert.deepEqual(await onDay('2026-11-22', '2026-11-24'), ['case.decide_on_spot', 'case.accepted']);
      assert.deepEqual(await onDay('2026-11-25', '2026-11-30'), []);
      const backwards = await ctx.request({ method: 'GET', url: '/api/audit?from=2026-11-24&to=2026-11-23', cookie: await ctx.signIn('supervisor') });
      assert.equal(backwards.statusCode, 400, backwards.body);
      assert.match(backwards.json().error.message, /开始日期不能晚于结束日期/);

      // Pages: each the rows before the last one shown, none twice.
      const first = await ledger(`actorId=${frontdeskId}&limit=2`);
      const second = await ledger(`actorId=${frontdeskId}&limit=2&beforeSeq=${first.at(-1)!.seq}`);
      assert.equal(first.length, 2);
      assert.ok(second.length >= 1);
      assert.ok(BigInt(second[0]!.seq) < BigInt(first[1]!.seq));
      assert.deepEqual(
        [...first, ...second].map((r) => r.seq),
        byPerson.slice(0, first.length + second.length).map((r) => r.seq),
      );

      // Every row of the log is in words: a label for each action, a summary with no JSON.
      const all = await ledger('limit=200', 'admin');
      assert.ok(all.length > 10);
      for (const row of all) {
        assert.notEqual(row.actionLabel.zh, row.action, `${row.action} has a Chinese label`);
        assert.ok(!/[{}"]/.test(row.summary.zh), row.summary.zh);
      }
      const signIn = all.find((r) => r.action === 'staff.signed_in')!;
      assert.match(signIn.summary.zh, /^登录 工作人员 \S+/);

      // Another county's supervisor sees none of it; a reviewer may not read the log.
      assert.equal((await ctx.request({ method: 'GET', url: `/api/audit?entity=${c.caseNo}`, cookie: await ctx.signIn('reviewer.mz') })).statusCode, 403);
    });
  });
}
