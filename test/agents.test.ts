/**
 * 帮办代办 end to end over HTTP, on both databases: the village agent takes an elderly resident's
 * 代办服务委托书, the resident's signed form makes it active, and under it the agent applies (no
 * authorisation, a pending, suspended, ended or other-item one: refused), the town accepts and
 * decides, the result is handed to the agent (代办员代领, zero visits for the applicant), the agent
 * follows up, and the seven steps and the figures say so. Renewal replaces the form.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps } from './support/case-steps.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function multipart(file: Buffer, name = 'file'): { body: Buffer; contentType: string } {
  const boundary = 'ow-agent-test';
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="weituoshu.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const backend of testBackends()) {
  describe(`proxy agents (帮办代办) (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, intake, act } = caseSteps(() => ctx, 700);
    before(async () => {
      // Codes shown in the answer, as `serve --demo` does: the test reads the one the applicant would receive.
      ctx = await createTestContext(backend, {}, { exposeCodes: true });
    });
    after(() => ctx.close());

    const today = () => new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(ctx.clock.now().getTime() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

    async function authorise(applicantId: string, codes: string[], powers = ['apply', 'correct', 'receive']) {
      const created = await ctx.request({
        method: 'POST',
        url: '/api/agent/authorisations',
        cookie: await ctx.signIn('agent'),
        idempotencyKey: true,
        body: { applicantId, matters: codes.map((code) => ({ kind: 'item', code })), powers, validFrom: today(), validUntil: inDays(180) },
      });
      assert.equal(created.statusCode, 201, created.body);
      return created.json() as { id: string; authorisationNo: string; state: string; possibleActions: string[] };
    }

    async function confirmByPaper(id: string, file = pdf) {
      const { body, contentType } = multipart(file);
      return ctx.request({ method: 'POST', url: `/api/agent/authorisations/${id}/paper`, cookie: await ctx.signIn('agent'), idempotencyKey: true, body, headers: { 'content-type': contentType } });
    }

    const youhuiMaterials = async () => {
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      return item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
    };

    test('an authorisation is pending until the signed form is uploaded; only then does it cover an application', async () => {
      const elder = await nextPerson();
      const materials = await youhuiMaterials();
      const agent = await ctx.signIn('agent');
      const body = { itemCode: '370982-MZ-004', applicantId: elder.id, channel: 'window', materials, decision: 'submit' };
      const without = await intake(body, agent);
      assert.equal(without.statusCode, 400, without.body);
      assert.match(without.json().error.message, /委托书/);

      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      assert.equal(authorisation.state, 'pending');
      assert.match(authorisation.authorisationNo, /^DB370982103201\d{8}\d{3}$/);
      const pending = await intake({ ...body, authorisationId: authorisation.id }, agent);
      assert.equal(pending.statusCode, 409, pending.body);
      assert.equal(pending.json().error.code, 'AUTHORISATION_DOES_NOT_COVER');

      const notAScan = await confirmByPaper(authorisation.id, Buffer.from('<html>signed</html>'));
      assert.equal(notAScan.statusCode, 415, notAScan.body);
      const confirmed = await confirmByPaper(authorisation.id);
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.deepEqual([confirmed.json().state, confirmed.json().confirmationMethod, confirmed.json().hasPaperScan], ['active', 'paper', true]);
      const scan = await ctx.request({ method: 'GET', url: `/api/agent/authorisations/${authorisation.id}/paper`, cookie: await ctx.signIn('frontdesk') });
      assert.equal(scan.statusCode, 200);
      assert.equal(scan.headers['content-type'], 'application/pdf');

      const otherItem = await intake({ ...body, itemCode: '370982-MZ-001', authorisationId: authorisation.id }, agent);
      assert.equal(otherItem.statusCode, 409, otherItem.body);
      assert.match(otherItem.json().error.message, /未包含该事项/);
      const otherApplicant = await nextPerson();
      const notTheirs = await intake({ ...body, applicantId: otherApplicant.id, authorisationId: authorisation.id }, agent);
      assert.equal(notTheirs.statusCode, 409, notTheirs.body);

      const applied = await intake({ ...body, authorisationId: authorisation.id }, agent);
      assert.equal(applied.statusCode, 201, applied.body);
      assert.deepEqual([applied.json().status, applied.json().visits, applied.json().viaAgent, applied.json().agentAuthorisationId], ['submitted', 0, true, authorisation.id]);
    });

    test('the seven steps run to the follow-up: the town accepts and decides, the agent receives the result, the applicant makes no trip', async () => {
      const elder = await nextPerson();
      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      assert.equal((await confirmByPaper(authorisation.id)).statusCode, 200);
      const agent = await ctx.signIn('agent');
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: elder.id, channel: 'window', materials: await youhuiMaterials(), decision: 'submit', authorisationId: authorisation.id }, agent)).json();
      const town = await ctx.signIn('town.zhaizhen');
      const early = await ctx.request({ method: 'POST', url: `/api/agent/cases/${c.id}/follow-up`, cookie: agent, idempotencyKey: true, body: { result: 'satisfied' } });
      assert.equal(early.statusCode, 409, early.body);
      assert.equal((await act(c.id, { action: 'accept' }, town)).statusCode, 200);
      const decided = await act(c.id, { action: 'decide_on_spot' }, town);
      assert.equal(decided.json().status, 'concluded', decided.body);
      const delivered = await act(c.id, { action: 'deliver', method: 'agent' }, town);
      assert.equal(delivered.statusCode, 200, delivered.body);
      assert.deepEqual([delivered.json().status, delivered.json().visits], ['delivered', 0]);

      const publicQuery = await ctx.request({ method: 'POST', url: '/api/public/cases/query', body: { caseNo: c.caseNo, password: c.queryPassword } });
      assert.equal(publicQuery.json().steps.at(-1).delivery.method, 'agent');

      const dissatisfiedWithoutWords = await ctx.request({ method: 'POST', url: `/api/agent/cases/${c.id}/follow-up`, cookie: agent, idempotencyKey: true, body: { result: 'dissatisfied' } });
      assert.equal(dissatisfiedWithoutWords.statusCode, 400);
      const followed = await ctx.request({ method: 'POST', url: `/api/agent/cases/${c.id}/follow-up`, cookie: agent, idempotencyKey: true, body: { result: 'satisfied', note: '老人已收到优待证' } });
      assert.equal(followed.statusCode, 200, followed.body);
      const steps = followed.json().steps;
      assert.deepEqual(
        Object.entries(steps)
          .filter(([, done]) => done)
          .map(([s]) => s),
        ['authorise', 'accept', 'handle', 'deliver', 'follow_up'],
      );

      const mine = (await ctx.request({ method: 'GET', url: '/api/agent/cases?mine=true', cookie: agent })).json() as { id: string; authorisationNo: string }[];
      assert.equal(mine.find((x) => x.id === c.id)?.authorisationNo, authorisation.authorisationNo);
      const figures = (await ctx.request({ method: 'GET', url: '/api/agent/figures', cookie: agent })).json();
      assert.ok(figures.mine.cases >= 1 && figures.mine.followedUp >= 1 && figures.mine.zeroVisit >= 1, JSON.stringify(figures));
      assert.ok(figures.area.cases >= figures.mine.cases);
      assert.equal(figures.areaName, '翟镇');

      // A case not applied under an authorisation is never handed to an agent.
      const walkIn = await nextPerson();
      const other = (await intake({ itemCode: '370982-MZ-004', applicantId: walkIn.id, channel: 'window', materials: await youhuiMaterials(), decision: 'accept' }, town)).json();
      await act(other.id, { action: 'decide_on_spot' }, town);
      const refused = await act(other.id, { action: 'deliver', method: 'agent' }, town);
      assert.equal(refused.statusCode, 400, refused.body);
    });

    test('suspend, resume, end and renew: each state covers exactly what it should', async () => {
      const elder = await nextPerson();
      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      await confirmByPaper(authorisation.id);
      const agent = await ctx.signIn('agent');
      const apply = async (id: string) => (await intake({ itemCode: '370982-MZ-004', applicantId: elder.id, channel: 'window', materials: await youhuiMaterials(), decision: 'submit', authorisationId: id }, agent)).statusCode;
      const action = (id: string, body: Record<string, unknown>) => ctx.request({ method: 'POST', url: `/api/agent/authorisations/${id}/actions`, cookie: agent, idempotencyKey: true, body });

      assert.equal((await action(authorisation.id, { action: 'suspend' })).statusCode, 400, 'a reason is needed');
      assert.equal((await action(authorisation.id, { action: 'suspend', reason: '委托人住院' })).json().state, 'suspended');
      assert.equal(await apply(authorisation.id), 409);
      const resumeTwice = await action(authorisation.id, { action: 'suspend', reason: '再次' });
      assert.equal(resumeTwice.statusCode, 409);
      assert.equal(resumeTwice.json().error.code, 'AUTHORISATION_ACTION_NOT_ALLOWED');
      assert.equal((await action(authorisation.id, { action: 'resume' })).json().state, 'active');
      assert.equal(await apply(authorisation.id), 201);

      const renewed = await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/renewal`, cookie: agent, idempotencyKey: true, body: { validUntil: inDays(300) } });
      assert.equal(renewed.statusCode, 201, renewed.body);
      assert.equal(renewed.json().state, 'pending');
      const old = (await ctx.request({ method: 'GET', url: `/api/agent/authorisations/${authorisation.id}`, cookie: agent })).json();
      assert.equal(old.state, 'renewed');
      assert.equal(await apply(authorisation.id), 409, 'the renewed form covers nothing any more');
      await confirmByPaper(renewed.json().id);
      assert.equal(await apply(renewed.json().id), 201);

      assert.equal((await action(renewed.json().id, { action: 'end', reason: '委托人自行办理' })).json().state, 'ended');
      assert.equal(await apply(renewed.json().id), 409);
      assert.equal((await action(renewed.json().id, { action: 'resume' })).statusCode, 409);

      const tooLong = await ctx.request({
        method: 'POST',
        url: '/api/agent/authorisations',
        cookie: agent,
        idempotencyKey: true,
        body: { applicantId: elder.id, matters: [{ kind: 'item', code: '370982-MZ-004' }], powers: ['apply'], validFrom: today(), validUntil: inDays(400) },
      });
      assert.equal(tooLong.statusCode, 400, tooLong.body);
    });

    test('the applicant confirms by the code sent to their phone: a wrong code is refused, the right one is used once', async () => {
      const elder = await nextPerson();
      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      const agent = await ctx.signIn('agent');
      const sent = await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/code`, cookie: agent, idempotencyKey: true });
      assert.equal(sent.statusCode, 200, sent.body);
      const code = sent.json().demoCode as string;
      assert.match(code, /^\d{6}$/);
      const outbox = await ctx.database.db.selectFrom('outbox').select('payload').where('topic', '=', 'otp.requested').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual([(outbox.payload as { purpose: string }).purpose, (outbox.payload as { subjectId: string }).subjectId], ['confirm', authorisation.id], 'the text goes to the applicant, for this authorisation');
      const confirm = (body: Record<string, unknown>) => ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/confirm`, cookie: agent, idempotencyKey: true, body });
      const wrong = await confirm({ code: code === '000000' ? '111111' : '000000' });
      assert.equal(wrong.statusCode, 400, wrong.body);
      assert.equal(wrong.json().error.code, 'CODE_INVALID');
      const right = await confirm({ code });
      assert.equal(right.statusCode, 200, right.body);
      assert.deepEqual([right.json().state, right.json().confirmationMethod], ['active', 'code']);
      const again = await confirm({ code });
      assert.equal(again.statusCode, 409, 'confirmed once');
      const other = await authorise(elder.id, ['370982-MZ-001']);
      const borrowed = await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${other.id}/confirm`, cookie: agent, idempotencyKey: true, body: { code } });
      assert.equal(borrowed.statusCode, 400, 'a code confirms only the authorisation it was sent for');
    });

    test('the applicant is told at every step: the authorisation taken, its code, its confirmation, the result received by the agent', async () => {
      const elder = await nextPerson();
      const applicantPhone = (await ctx.database.db.selectFrom('applicants').select('phone').where('id', '=', elder.id).executeTakeFirstOrThrow()).phone;
      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      const agent = await ctx.signIn('agent');
      const code = (await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/code`, cookie: agent, idempotencyKey: true })).json().demoCode as string;
      assert.equal((await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/confirm`, cookie: agent, idempotencyKey: true, body: { code } })).statusCode, 200);
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: elder.id, channel: 'window', materials: await youhuiMaterials(), decision: 'submit', authorisationId: authorisation.id }, agent)).json();
      const town = await ctx.signIn('town.zhaizhen');
      for (const body of [{ action: 'accept' }, { action: 'decide_on_spot' }, { action: 'deliver', method: 'agent' }]) assert.equal((await act(c.id, body, town)).statusCode, 200);
      for (let i = 0; i < 20 && (await ctx.services.notifier.consume()).claimed > 0; i++);
      const texts = await ctx.database.db.selectFrom('notification_messages').select(['event', 'body']).where('recipient', '=', applicantPhone).orderBy('created_at').orderBy('id').execute();
      const events = texts.map((t) => t.event);
      for (const event of ['agent_authorised', 'authorisation_code', 'agent_authorisation_changed', 'agent_received']) assert.ok(events.includes(event), `${event} in ${events.join(', ')}`);
      const authorised = texts.find((t) => t.event === 'agent_authorised')!.body;
      assert.match(authorised, new RegExp(authorisation.authorisationNo));
      assert.match(authorised, /老年人优待证办理/);
      assert.match(texts.find((t) => t.event === 'agent_authorisation_changed')!.body, /已确认生效/);
      assert.match(texts.find((t) => t.event === 'agent_received')!.body, new RegExp(c.caseNo));
    });

    test('correcting for the applicant needs the authorisation’s correct power, and the agent’s corrections cost the applicant no trip', async () => {
      const agent = await ctx.signIn('agent');
      const town = await ctx.signIn('town.zhaizhen');
      for (const [powers, expected] of [
        [['apply', 'receive'], 409],
        [['apply', 'correct', 'receive'], 200],
      ] as const) {
        const elder = await nextPerson();
        const authorisation = await authorise(elder.id, ['370982-MZ-004'], [...powers]);
        assert.equal((await confirmByPaper(authorisation.id)).statusCode, 200);
        const materials = await youhuiMaterials();
        const [first, ...rest] = materials;
        const submitted = await intake({ itemCode: '370982-MZ-004', applicantId: elder.id, channel: 'window', materials: [{ ...first!, state: 'missing' }, ...rest], decision: 'submit', authorisationId: authorisation.id }, agent);
        assert.equal(submitted.statusCode, 201, submitted.body);
        const notice = await act(submitted.json().id, { action: 'request_correction' }, town);
        assert.equal(notice.json().status, 'needs_correction', notice.body);
        const resubmitted = await act(submitted.json().id, { action: 'resubmit', materials }, agent);
        assert.equal(resubmitted.statusCode, expected, resubmitted.body);
        if (expected === 409) assert.match(resubmitted.json().error.message, /代为补正/);
        else assert.deepEqual([resubmitted.json().status, resubmitted.json().visits], ['submitted', 0]);
      }
    });

    test('who sees and manages authorisations: the agent and the center’s staff of the region read; only the agent manages', async () => {
      const elder = await nextPerson();
      const authorisation = await authorise(elder.id, ['370982-MZ-004']);
      const read = async (who: string) => (await ctx.request({ method: 'GET', url: `/api/agent/authorisations/${authorisation.id}`, cookie: await ctx.signIn(who) })).statusCode;
      assert.equal(await read('frontdesk'), 200);
      assert.equal(await read('supervisor'), 200);
      assert.equal(await read('reviewer.mz'), 403);
      const byFrontDesk = await ctx.request({ method: 'POST', url: `/api/agent/authorisations/${authorisation.id}/actions`, cookie: await ctx.signIn('frontdesk'), idempotencyKey: true, body: { action: 'end', reason: 'x' } });
      assert.equal(byFrontDesk.statusCode, 403);
      const list = (await ctx.request({ method: 'GET', url: '/api/agent/authorisations?mine=true', cookie: await ctx.signIn('agent') })).json() as { id: string; applicant: { phone: string } }[];
      const listed = list.find((a) => a.id === authorisation.id);
      assert.ok(listed);
      assert.match(listed.applicant.phone, /^\d{3}\*{4}\d{4}$/, 'the applicant’s phone is masked');
    });
  });
}
