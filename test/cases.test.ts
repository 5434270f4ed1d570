import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseCaseNumber } from '../src/domain/case-number.ts';
import { isValidLicenceIdentifier } from '../src/domain/licence-id.ts';
import { validUntilFor } from '../src/domain/licence-payload.ts';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day, onFile } from './support/case-steps.ts';
import { completeForm } from './support/forms.ts';
import { allProvided } from './support/second-county.ts';
import { deferralSpan } from '../src/domain/case-process.ts';
import { defaultDeferredDue } from '../web/src/features/intake/model.ts';

for (const backend of testBackends()) {
  describe(`the case lifecycle (${backend.name})`, () => {
    let ctx: TestContext;
    let org: { id: string };
    const { nextPerson, intake, act, taskAct, view, openTask, societyMaterials } = caseSteps(() => ctx, 100);

    before(async () => {
      ctx = await createTestContext(backend);
      org = await onFile(ctx);
    });
    after(() => ctx.close());

    test('社会团体成立登记: accepted with a deferred material, countersigned by two departments in parallel, collected and issued as a signed e-licence', async () => {
      const created = await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json();
      assert.equal(c.status, 'in_review');
      assert.deepEqual(parseCaseNumber(c.caseNo), { regionCode: '370982', day: '2026-11-23', sequence: 1 });
      assert.match(c.queryPassword, /^\d{6}$/);
      assert.equal(c.acceptedOn, '2026-11-23');
      assert.equal(c.dueDate, '2026-12-10', '13 working days after Monday 2026-11-23');
      assert.deepEqual(
        c.notices.map((n: { kind: string }) => n.kind),
        ['acceptance', 'deferred'],
      );
      assert.equal(c.visits, 1);
      assert.deepEqual(c.tasks.map((t: { departmentName: string; stageName: string; dueDate: string }) => [t.stageName, t.departmentName, t.dueDate]).sort(), [
        ['同步审核', '新泰市公安局', '2026-11-30'],
        ['同步审核', '新泰市民政局', '2026-11-30'],
      ]);

      const mz = await ctx.signIn('reviewer.mz');
      const ga = await ctx.signIn('reviewer.ga');
      const inbox = (await ctx.request({ method: 'GET', url: '/api/inbox', cookie: ga })).json();
      assert.ok(
        inbox.some((e: { caseNo: string }) => e.caseNo === c.caseNo),
        'the public-security reviewer sees the countersign task',
      );
      const scjg = await ctx.signIn('reviewer.scjg');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/cases/${c.id}`, cookie: scjg })).statusCode, 404, 'another department does not see the case');

      let current = await view(c.id, mz);
      const approvedByMz = await taskAct(c.id, openTask(current, '新泰市民政局').id, { action: 'approve', opinion: '章程、资金符合要求' }, mz);
      assert.equal(approvedByMz.statusCode, 200, approvedByMz.body);
      assert.equal(approvedByMz.json().status, 'in_review', 'the stage waits for the other department');
      current = await view(c.id, ga);
      const approvedByGa = await taskAct(c.id, openTask(current, '新泰市公安局').id, { action: 'approve', opinion: '拟任负责人无刑事处罚记录' }, ga);
      assert.equal(approvedByGa.statusCode, 200, approvedByGa.body);
      current = approvedByGa.json();
      const decision = openTask(current, '新泰市民政局');
      assert.equal(decision.stageName, '决定');

      const final = await taskAct(c.id, decision.id, { action: 'approve', opinion: '准予登记' }, mz);
      assert.equal(final.json().status, 'concluded');
      assert.equal(final.json().outcome, 'approved');

      ctx.clock.advance(4 * day); // the applicant comes for the certificate on Friday
      const issuer = await ctx.signIn('issuer');
      assert.ok((await ctx.request({ method: 'GET', url: '/api/issuance', cookie: issuer })).json().some((e: { id: string }) => e.id === c.id));
      const blocked = await act(c.id, { action: 'deliver', method: 'e_licence' }, issuer);
      assert.equal(blocked.statusCode, 409, blocked.body);
      assert.match(blocked.json().error.message, /容缺材料尚未补齐/);
      const collected = await act(c.id, { action: 'collect_material', key: 'property_certificate', inPerson: true }, issuer);
      assert.equal(collected.statusCode, 200, collected.body);
      const delivered = await act(c.id, { action: 'deliver', method: 'e_licence' }, issuer);
      assert.equal(delivered.statusCode, 200, delivered.body);
      const done = delivered.json();
      assert.equal(done.status, 'delivered');
      assert.equal(done.visits, 2, 'applying, and bringing the deferred material; the e-licence is no trip');
      assert.deepEqual(
        done.visitLog.map((v: { reason: string }) => v.reason),
        ['application', 'deferred_material'],
      );
      const [licence] = done.licences;
      assert.ok(isValidLicenceIdentifier(licence.identifier));
      const verified = await ctx.request({ method: 'GET', url: `/api/licences/${encodeURIComponent(licence.identifier)}/verify` });
      assert.equal(verified.json().valid, true, verified.body);
      const shown = verified.json().licence;
      assert.deepEqual(
        [shown.licenceType, shown.licenceTypeCode, shown.holderName, shown.issuedOn, shown.validUntil],
        ['社会团体法人登记证书', '11100000000019002H004', '新泰市书法家协会筹备组', '2026-11-27', '2031-11-26'],
        'the organisation holds it, valid 5 years from its type',
      );

      const archived = await act(c.id, { action: 'archive' }, issuer);
      assert.equal(archived.json().status, 'archived');
      const timeline = archived.json().actions.map((a: { action: string }) => a.action);
      assert.deepEqual(timeline.slice(0, 3), ['receive', 'accept', 'start_review']);
      assert.ok(timeline.includes('next_stage') && timeline.includes('conclude') && timeline.includes('collect_material') && timeline.at(-1) === 'archive');

      const publicQuery = await ctx.request({ method: 'POST', url: '/api/public/cases/query', body: { caseNo: c.caseNo, password: c.queryPassword } });
      assert.equal(publicQuery.json().status, 'archived');
      assert.equal((await ctx.request({ method: 'POST', url: '/api/public/cases/query', body: { caseNo: c.caseNo, password: '000000x' } })).statusCode, 404);
      ctx.clock.advance(-4 * day);
    });

    test('a person at the desk applying for an organisation: the e-licence names the organisation and its USCC, not the person', async () => {
      const applicant = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-SCJG-003');
      const uscc17 = '91370982MA3C8K2X1';
      const uscc = uscc17 + usccCheckChar(uscc17);
      const form = completeForm(item.content.formFields, { org_name: '新泰市鲁味轩餐饮有限公司', uscc });
      const created = await intake({ itemCode: '370982-SCJG-003', scenario: 'catering', applicantId: applicant.id, channel: 'window', materials: allProvided(item.content, 'catering'), form, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      let current = created.json();
      const scjg = await ctx.signIn('reviewer.scjg');
      for (let i = 0; i < 5 && current.status !== 'concluded'; i++) {
        const task = openTask(current, '新泰市市场监督管理局');
        const done = await taskAct(current.id, task.id, { action: 'approve', opinion: '符合条件' }, scjg);
        assert.equal(done.statusCode, 200, done.body);
        current = done.json();
      }
      assert.equal(current.outcome, 'approved');
      const delivered = await act(current.id, { action: 'deliver', method: 'e_licence' }, await ctx.signIn('issuer'));
      assert.equal(delivered.statusCode, 200, delivered.body);
      const [licence] = delivered.json().licences;
      const body = (await ctx.request({ method: 'GET', url: `/api/licences/${licence.identifier}/verify` })).json();
      assert.deepEqual([body.valid, body.licence.holderName, body.licence.holderRef, body.licence.licenceType], [true, '新泰市鲁味轩餐饮有限公司', uscc, '食品经营许可证']);
      assert.equal(body.licence.validUntil, validUntilFor(body.licence.issuedOn, 5), 'a food business licence: 5 years');
      const holder = await ctx.database.db.selectFrom('applicants').select(['kind', 'name']).where('uscc', '=', uscc).executeTakeFirstOrThrow();
      assert.deepEqual(holder, { kind: 'organisation', name: '新泰市鲁味轩餐饮有限公司' }, 'registered as an applicant, holding the licence in the library');
    });

    test('a disallowed action is a 409 that lists the allowed ones; an action replayed with its key gives the first result once', async () => {
      const c = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'web', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      const wrong = await act(c.id, { action: 'archive' }, await ctx.signIn('frontdesk'));
      assert.equal(wrong.statusCode, 409);
      assert.equal(wrong.json().error.code, 'CASE_ACTION_NOT_ALLOWED');
      // The front desk may also take in the deferred 不动产权证书 while the case is in review.
      assert.deepEqual(wrong.json().error.details, { status: 'in_review', allowed: ['collect_material', 'withdraw'] });
      assert.match(wrong.json().error.message, /不能归档/);

      const key = randomUUID();
      const first = await act(c.id, { action: 'withdraw', reason: '申请人主动撤回' }, await ctx.signIn('frontdesk'), key);
      const replay = await act(c.id, { action: 'withdraw', reason: '申请人主动撤回' }, await ctx.signIn('frontdesk'), key);
      assert.equal(first.statusCode, 200);
      assert.deepEqual(replay.json(), first.json());
      assert.equal(first.json().actions.filter((a: { action: string }) => a.action === 'withdraw').length, 1);
      assert.equal((await act(c.id, { action: 'withdraw', reason: '另一个理由' }, await ctx.signIn('frontdesk'), key)).statusCode, 422, 'the same key for another request');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/cases/${c.id}/actions`, cookie: await ctx.signIn('frontdesk'), body: { action: 'archive' } })).statusCode, 400, 'no key, no action');
    });

    // A second reviewer of 民政局, for the tests below (made once, by whichever runs first).
    let secondReviewer: Promise<void> | undefined;
    const withSecondReviewer = () =>
      (secondReviewer ??= (async () => {
        const admin = await ctx.signIn('admin');
        const departments = (await ctx.request({ method: 'GET', url: '/api/departments', cookie: admin })).json();
        const mzId = departments.find((d: { name: string }) => d.name === '新泰市民政局').id;
        const second = await ctx.request({
          method: 'POST',
          url: '/api/staff',
          cookie: admin,
          idempotencyKey: true,
          body: { username: 'reviewer.mz2', displayName: '民政局审批员 钱多', password: 'demo1234', phone: '', grants: [{ role: 'reviewer', departmentId: mzId, regionCode: '370982' }] },
        });
        assert.equal(second.statusCode, 201, second.body);
      })());

    test('two reviewers approving one task at once: one succeeds, the other gets 409', { skip: raceNeedsPostgres(backend) }, async () => {
      await withSecondReviewer();
      const c = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      const task = openTask(c, '新泰市民政局');
      const [a, b] = await Promise.all([taskAct(c.id, task.id, { action: 'approve' }, await ctx.signIn('reviewer.mz')), taskAct(c.id, task.id, { action: 'approve' }, await ctx.signIn('reviewer.mz2'))]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409], `${a.body} ${b.body}`);
      const loser = a.statusCode === 409 ? a : b;
      assert.match(loser.json().error.message, /已同意/);
      assert.equal(loser.json().error.code, 'TASK_CLOSED');
      const after = await view(c.id);
      assert.equal(after.tasks.filter((t: { status: string }) => t.status === 'approved').length, 1);
      assert.equal(after.actions.filter((x: { action: string }) => x.action === 'task.approve').length, 1);
    });

    test('a reviewer hands a task to a colleague of the department; then only the holder decides it', async () => {
      await withSecondReviewer();
      const c = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      const task = openTask(c, '新泰市民政局');
      const mz = await ctx.signIn('reviewer.mz');
      const list = await ctx.request({ method: 'GET', url: `/api/cases/${c.id}/tasks/${task.id}/assignees`, cookie: mz });
      assert.deepEqual(
        list
          .json()
          .map((s: { username: string }) => s.username)
          .sort(),
        ['reviewer.mz', 'reviewer.mz2'],
      );
      assert.equal((await ctx.request({ method: 'GET', url: `/api/cases/${c.id}/tasks/${task.id}/assignees`, cookie: await ctx.signIn('reviewer.ga') })).statusCode, 403);
      const mz2 = list.json().find((s: { username: string }) => s.username === 'reviewer.mz2');
      const assigned = await taskAct(c.id, task.id, { action: 'assign', assigneeId: mz2.id }, mz);
      assert.equal(assigned.statusCode, 200, assigned.body);
      assert.equal(openTask(assigned.json(), '新泰市民政局').assigneeName, '民政局审批员 钱多');
      const notMine = await taskAct(c.id, task.id, { action: 'approve' }, mz);
      assert.equal(notMine.statusCode, 409);
      assert.match(notMine.json().error.message, /已由他人签收/);
      assert.equal(notMine.json().error.code, 'TASK_ALREADY_CLAIMED');
      assert.equal((await taskAct(c.id, task.id, { action: 'approve' }, await ctx.signIn('reviewer.mz2'))).statusCode, 200);
    });

    test('one correction notice lists everything missing; the same case continues when the applicant comes back', async () => {
      const applicant = await nextPerson();
      const materials = [
        { key: 'society_application', state: 'provided' },
        { key: 'supervisor_approval', state: 'provided' },
      ];
      const accepted = await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: applicant.id, channel: 'window', materials, decision: 'accept' });
      assert.equal(accepted.statusCode, 409, 'materials are missing');
      assert.deepEqual(accepted.json().error.details.allowed, ['request_correction', 'refuse']);
      assert.equal(accepted.json().error.code, 'MATERIALS_MISSING');
      const noticed = await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: applicant.id, channel: 'window', materials, decision: 'correction' });
      assert.equal(noticed.statusCode, 201, noticed.body);
      const c = noticed.json();
      assert.equal(c.status, 'needs_correction');
      const notice = c.notices.find((n: { kind: string }) => n.kind === 'correction');
      assert.deepEqual(notice.content.missing.map((m: { key: string }) => m.key).sort(), ['articles_of_association', 'capital_proof', 'id_card', 'leader_info', 'lease_contract', 'member_list', 'property_certificate']);
      assert.equal(c.notifications[0].kind, 'correction_notice');

      ctx.clock.advance(day);
      const back = await act(c.id, { action: 'resubmit', materials: societyMaterials('2026-12-04'), inPerson: true }, await ctx.signIn('frontdesk'));
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().status, 'submitted');
      const second = await act(c.id, { action: 'request_correction' }, await ctx.signIn('frontdesk'));
      assert.equal(second.statusCode, 409, 'no second notice');
      const ok = await act(c.id, { action: 'accept' }, await ctx.signIn('frontdesk'));
      assert.equal(ok.json().status, 'in_review');
      assert.equal(ok.json().caseNo, c.caseNo, 'the same case');
      assert.equal(ok.json().visits, 2);
      assert.deepEqual(
        ok.json().visitLog.map((v: { reason: string; cause: string | null }) => [v.reason, v.cause]),
        [
          ['application', null],
          ['correction', 'missing_material'],
        ],
      );
      ctx.clock.advance(-day);
    });

    test('a refusal carries its reason and legal basis; a deferral of a key material or past the limit is refused', async () => {
      const applicant = await nextPerson();
      const refused = await intake({
        itemCode: '370982-MZ-006',
        applicantId: applicant.id,
        channel: 'window',
        materials: [],
        decision: 'refuse',
        refusal: { reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条第一款第(二)项' },
      });
      assert.equal(refused.statusCode, 201, refused.body);
      assert.equal(refused.json().status, 'refused');
      assert.equal(refused.json().notices[0].content.legalBasis, '《行政许可法》第三十二条第一款第(二)项');
      const bad = await intake({
        itemCode: '370982-MZ-006',
        scenario: 'general',
        applicantId: applicant.id,
        channel: 'window',
        materials: [...societyMaterials('2027-03-01').slice(0, 5), { key: 'property_certificate', state: 'deferred', deferredDue: '2027-03-01' }, { key: 'member_list', state: 'deferred', deferredDue: '2026-11-30' }],
        decision: 'accept',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /不能晚于承诺办结日 2026-12-10/);
      assert.match(bad.json().error.message, /会员名册:不是容缺材料/);
    });

    test('容缺: the last day the screen offers (the calendar endpoint counting the domain span) is accepted, the next is refused; so is the default', async () => {
      const item = await ctx.services.catalog.getPublished('370982-SCJG-003');
      const span = deferralSpan({ caseKind: item.content.caseKind, limitDays: item.content.promisedDays, limitUnit: item.content.promisedUnit });
      assert.deepEqual(span, { days: 3, unit: 'working' });
      const today = '2026-11-23';
      const counted = await ctx.request({ method: 'GET', url: `/api/calendar/due-date?from=${today}&workingDays=${span.days}&regionCode=370982` });
      assert.equal(counted.statusCode, 200, counted.body);
      const latest = counted.json().dueDate;
      assert.equal(latest, '2026-11-26', 'Monday + 3 working days');
      const food = (due: string) => [...allProvided(item.content, 'catering').filter((m) => m.key !== 'food_safety_rules'), { key: 'food_safety_rules', state: 'deferred', deferredDue: due }];
      const apply = async (due: string) => intake({ itemCode: '370982-SCJG-003', scenario: 'catering', applicantId: (await nextPerson()).id, channel: 'window', materials: food(due), decision: 'accept' });
      const late = await apply('2026-11-27');
      assert.equal(late.statusCode, 400, late.body);
      assert.match(late.json().error.message, /不能晚于承诺办结日 2026-11-26/);
      const old = await apply('2026-11-28');
      assert.equal(old.statusCode, 400, 'five calendar days ahead, the old default, is past this limit');
      const onTheDay = await apply(latest);
      assert.equal(onTheDay.statusCode, 201, onTheDay.body);
      assert.equal(onTheDay.json().materials.find((m: { key: string }) => m.key === 'food_safety_rules').deferredDue, latest);
      const byDefault = await apply(defaultDeferredDue({ today, latest }));
      assert.equal(byDefault.statusCode, 201, byDefault.body);
    });
  });
}
