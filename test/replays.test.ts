import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { withCompleteForm } from './support/forms.ts';

/**
 * A replayed write returns what the first call returned, not the record as it is now: each test
 * changes the case between the first call and its replay, and the replay must not show that change.
 */
for (const backend of testBackends()) {
  describe(`replays return the first result (${backend.name})`, () => {
    let ctx: TestContext;
    let org: { id: string };

    before(async () => {
      ctx = await createTestContext(backend);
      const uscc = `52370982MJD${String(765432).padStart(6, '0')}`;
      const created = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: await ctx.signIn('frontdesk'),
        idempotencyKey: true,
        body: { kind: 'organisation', uscc: uscc + usccCheckChar(uscc), name: '新泰市围棋协会筹备组', legalRepresentative: '李明', phone: '13905380009', address: '新泰市青云街道' },
      });
      assert.equal(created.statusCode, 201, created.body);
      org = created.json();
    });
    after(() => ctx.close());

    const materials = [
      { key: 'society_application', state: 'provided' },
      { key: 'supervisor_approval', state: 'provided' },
      { key: 'articles_of_association', state: 'provided' },
      { key: 'capital_proof', state: 'provided' },
      { key: 'lease_contract', state: 'provided' },
      { key: 'property_certificate', state: 'deferred', deferredDue: '2026-12-04' },
      { key: 'id_card', state: 'provided' },
      { key: 'leader_info', state: 'provided' },
      { key: 'member_list', state: 'provided' },
    ];
    const intake = async (key: string) => {
      const body = await withCompleteForm(ctx.services, { itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials, decision: 'accept' });
      return ctx.request({ method: 'POST', url: '/api/cases', cookie: await ctx.signIn('frontdesk'), body, idempotencyKey: key });
    };
    const act = async (id: string, body: Record<string, unknown>, key: string = randomUUID()) => ctx.request({ method: 'POST', url: `/api/cases/${id}/actions`, cookie: await ctx.signIn('frontdesk'), body, idempotencyKey: key });
    const taskAct = async (id: string, taskId: string, body: Record<string, unknown>, key: string = randomUUID()) =>
      ctx.request({ method: 'POST', url: `/api/cases/${id}/tasks/${taskId}/actions`, cookie: await ctx.signIn('reviewer.ga'), body, idempotencyKey: key });
    const view = async (id: string, user: string) => (await ctx.request({ method: 'GET', url: `/api/cases/${id}`, cookie: await ctx.signIn(user) })).json();
    const gaTask = (c: { tasks: { id: string; departmentName: string; status: string; opinion: string | null }[] }) => c.tasks.find((t) => t.departmentName === '新泰市公安局')!;

    test('a case action replayed after the case moved on answers as the first call did', async () => {
      const created = await intake(randomUUID());
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json();
      const key = randomUUID();
      const first = await act(c.id, { action: 'collect_material', key: 'property_certificate' }, key);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().materials.find((m: { key: string }) => m.key === 'property_certificate').state, 'provided');
      // Meanwhile the public-security reviewer claims their task.
      const claimed = await taskAct(c.id, gaTask(c).id, { action: 'claim' });
      assert.equal(claimed.statusCode, 200, claimed.body);
      const now = await view(c.id, 'frontdesk');
      assert.equal(gaTask(now).status, 'claimed');

      const replay = await act(c.id, { action: 'collect_material', key: 'property_certificate' }, key);
      assert.equal(replay.statusCode, 200, replay.body);
      assert.deepEqual(replay.json(), first.json(), 'the stored first result');
      assert.notDeepEqual(replay.json(), now, 'not the case as it is now');
      assert.equal(gaTask(replay.json()).status, 'pending');
      assert.equal(replay.json().actions.length, now.actions.length - 1, 'without the claim that came after');
    });

    test('a task action replayed after the case moved on answers as the first call did', async () => {
      const c = (await intake(randomUUID())).json();
      const task = gaTask(c);
      const key = randomUUID();
      const first = await taskAct(c.id, task.id, { action: 'claim' }, key);
      assert.equal(first.statusCode, 200, first.body);
      const commented = await taskAct(c.id, task.id, { action: 'comment', opinion: '经核查,负责人无违法犯罪记录' });
      assert.equal(commented.statusCode, 200, commented.body);
      const now = await view(c.id, 'reviewer.ga');
      assert.equal(gaTask(now).opinion, '经核查,负责人无违法犯罪记录');

      const replay = await taskAct(c.id, task.id, { action: 'claim' }, key);
      assert.equal(replay.statusCode, 200, replay.body);
      assert.deepEqual(replay.json(), first.json(), 'the stored first result');
      assert.notEqual(gaTask(replay.json()).opinion, gaTask(now).opinion, 'not the case as it is now');
    });

    test('an intake replayed after the case was withdrawn answers as the first call did, with the same query password', async () => {
      const key = randomUUID();
      const first = await intake(key);
      assert.equal(first.statusCode, 201, first.body);
      assert.match(first.json().queryPassword, /^\d{6}$/);
      const withdrawn = await act(first.json().id, { action: 'withdraw', reason: '申请人主动撤回' });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json().status, 'withdrawn');

      const replay = await intake(key);
      assert.equal(replay.statusCode, 201, replay.body);
      assert.deepEqual(replay.json(), first.json(), 'the stored first result');
      assert.equal(replay.json().status, 'in_review');
      // What is kept for the replay holds the password only sealed.
      const stored = await ctx.database.db.selectFrom('idempotency_keys').select('response').where('key', '=', key).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored.response).includes(`"queryPassword":"${first.json().queryPassword}"`), 'no password in clear among the stored replies');
    });
  });
}
