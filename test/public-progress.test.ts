/**
 * The public progress query (`POST /api/public/cases/query`) tells the applicant their case in
 * their own words: the back office's steps (department tasks, opinions, who did what, time-limit
 * warnings, archiving) never leave the server; once decided, it says where to collect the result.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps } from './support/case-steps.ts';

for (const backend of testBackends()) {
  describe(`the citizen's progress query (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act, taskAct, view, openTask } = caseSteps(() => ctx, 700);

    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const query = async (caseNo: string, password: string) => {
      const response = await ctx.request({ method: 'POST', url: '/api/public/cases/query', body: { caseNo, password } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as {
        status: string;
        steps: { step: string; outcome: string | null; delivery: { method: string; company: string | null; trackingNo: string | null } | null }[];
        collect: { name: string; address: string } | null;
      };
    };

    test('received, under review, decided, ready to collect where, delivered: and nothing internal', async () => {
      const person = await nextPerson();
      const created = await intake({ itemCode: '370982-GA-007', applicantId: person.id, channel: 'window', materials: [{ key: 'id_card', state: 'provided' }], decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json() as { id: string; caseNo: string; queryPassword: string };

      const inReview = await query(c.caseNo, c.queryPassword);
      assert.deepEqual(
        inReview.steps.map((s) => s.step),
        ['received', 'accepted', 'under_review'],
      );
      assert.equal(inReview.collect, null, 'nothing to collect before the decision');

      const ga = await ctx.signIn('reviewer.ga');
      const task = openTask(await view(c.id, ga), '新泰市公安局');
      for (const body of [{ action: 'claim' }, { action: 'comment', opinion: '内部核查意见:无犯罪记录' }, { action: 'approve', opinion: '同意出具' }]) {
        const done = await taskAct(c.id, task.id, body, ga);
        assert.equal(done.statusCode, 200, done.body);
      }
      const staffView = await view(c.id, ga);
      assert.ok(
        staffView.actions.some((a: { action: string }) => a.action.startsWith('task.')),
        'the staff timeline has the department steps',
      );

      const decided = await query(c.caseNo, c.queryPassword);
      assert.equal(decided.status, 'concluded');
      assert.deepEqual(
        decided.steps.map((s) => [s.step, s.outcome]),
        [
          ['received', null],
          ['accepted', null],
          ['under_review', null],
          ['decided', 'approved'],
        ],
      );
      assert.ok(decided.collect, 'a decided result says where to collect it');
      assert.match(decided.collect.name, /政务服务中心/);
      const words = JSON.stringify(decided);
      assert.doesNotMatch(words, /task\.|clock\.|内部核查意见|同意出具|周伟|李娜|actorName|payload|actor/);

      const issuer = await ctx.signIn('issuer');
      const delivered = await act(c.id, { action: 'deliver', method: 'express', express: { company: '中国邮政EMS', trackingNo: 'EA100200300CN', address: '新泰市青云街道府前街8号' } }, issuer);
      assert.equal(delivered.statusCode, 200, delivered.body);
      const after = await query(c.caseNo, c.queryPassword);
      assert.deepEqual(after.steps.at(-1), { step: 'delivered', at: (after.steps.at(-1) as unknown as { at: string }).at, outcome: null, delivery: { method: 'express', company: '中国邮政EMS', trackingNo: 'EA100200300CN' } });
      assert.equal(after.collect, null, 'once delivered there is nothing left to collect');
      assert.doesNotMatch(JSON.stringify(after), /府前街|吴芳/, 'the address and the clerk stay off the public page');
    });
  });
}
