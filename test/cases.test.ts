import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseCaseNumber } from '../src/domain/case-number.ts';
import { isValidLicenceIdentifier } from '../src/domain/licence-id.ts';
import { validUntilFor } from '../src/domain/licence-payload.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { usccCheckChar } from '../src/domain/uscc.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { completeForm, withCompleteForm } from './support/forms.ts';
import { allProvided } from './support/second-county.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const day = 86_400_000;

for (const backend of testBackends()) {
  describe(`the case lifecycle (${backend.name})`, () => {
    let ctx: TestContext;
    let org: { id: string };
    let serial = 100;

    before(async () => {
      ctx = await createTestContext(backend);
      const frontdesk = await ctx.signIn('frontdesk');
      // A person on file besides the organisation, as at a real front desk.
      await ctx.request({ method: 'POST', url: '/api/applicants', cookie: frontdesk, idempotencyKey: true, body: { kind: 'person', idNumber: idOf('37098219650708101'), name: '王建国', phone: '13905380001', address: '新泰市青云街道' } });
      const uscc = `52370982MJD${String(654321).padStart(6, '0')}`;
      org = (
        await ctx.request({
          method: 'POST',
          url: '/api/applicants',
          cookie: frontdesk,
          idempotencyKey: true,
          body: { kind: 'organisation', uscc: uscc + usccCheckChar(uscc), name: '新泰市书法家协会筹备组', legalRepresentative: '王建国', phone: '13905380002', address: '新泰市青云街道' },
        })
      ).json();
    });
    after(() => ctx.close());

    const nextPerson = async () => {
      const created = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: await ctx.signIn('frontdesk'),
        idempotencyKey: true,
        body: { kind: 'person', idNumber: idOf(`37098219700101${serial++}`), name: `申请人${serial}`, phone: `139053${String(serial).padStart(5, '0')}`, address: '翟镇' },
      });
      assert.equal(created.statusCode, 201, created.body);
      return created.json() as { id: string };
    };
    const intake = async (body: Record<string, unknown>, cookie?: string, key: string = randomUUID()) =>
      ctx.request({ method: 'POST', url: '/api/cases', cookie: cookie ?? (await ctx.signIn('frontdesk')), body: await withCompleteForm(ctx.services, body), idempotencyKey: key });
    const act = (id: string, body: Record<string, unknown>, cookie: string, key: string = randomUUID()) => ctx.request({ method: 'POST', url: `/api/cases/${id}/actions`, cookie, body, idempotencyKey: key });
    const taskAct = (id: string, taskId: string, body: Record<string, unknown>, cookie: string, key: string = randomUUID()) =>
      ctx.request({ method: 'POST', url: `/api/cases/${id}/tasks/${taskId}/actions`, cookie, body, idempotencyKey: key });
    const view = async (id: string, cookie?: string) => {
      const response = await ctx.request({ method: 'GET', url: `/api/cases/${id}`, cookie: cookie ?? (await ctx.signIn('frontdesk')) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const openTask = (c: { tasks: { id: string; status: string; departmentName: string; stageName: string; dueDate: string; assigneeName: string | null }[] }, department: string) =>
      c.tasks.find((t) => ['pending', 'claimed'].includes(t.status) && t.departmentName === department)!;

    const societyMaterials = (deferred: string) => [
      { key: 'society_application', state: 'provided' },
      { key: 'supervisor_approval', state: 'provided' },
      { key: 'articles_of_association', state: 'provided' },
      { key: 'capital_proof', state: 'provided' },
      { key: 'lease_contract', state: 'provided' },
      { key: 'property_certificate', state: 'deferred', deferredDue: deferred },
      { key: 'id_card', state: 'provided' },
      { key: 'leader_info', state: 'provided' },
      { key: 'member_list', state: 'provided' },
    ];

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

    test('the clock: a special procedure pauses it and moves the due date; warnings are raised once, across sweeps', async () => {
      const c = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      assert.equal(c.dueDate, '2026-12-10');
      const mz = await ctx.signIn('reviewer.mz');
      const task = openTask(c, '新泰市民政局');
      const paused = await taskAct(c.id, task.id, { action: 'suspend', opinion: '组织专家评审', procedure: '专家评审' }, mz);
      assert.equal(paused.json().status, 'suspended');
      assert.equal((await taskAct(c.id, task.id, { action: 'approve' }, mz)).statusCode, 409, 'no decision while paused');
      const frontdesk = await ctx.signIn('frontdesk');
      assert.ok(!(await view(c.id, frontdesk)).available.includes('resume'), 'the front desk is not offered the end of a special procedure');
      const byFrontDesk = await act(c.id, { action: 'resume' }, frontdesk);
      assert.equal(byFrontDesk.statusCode, 409, 'nor can it POST one');
      assert.match(byFrontDesk.json().error.message, /特别程序须由审查部门结束/);
      assert.deepEqual(byFrontDesk.json().error.details, { status: 'suspended', allowed: ['collect_material', 'withdraw'] });
      assert.equal((await view(c.id, mz)).status, 'suspended');
      ctx.clock.advance(3 * day); // Monday → Thursday: 3 working days stood still
      const resumed = await taskAct(c.id, task.id, { action: 'resume' }, await ctx.signIn('reviewer.mz'));
      assert.equal(resumed.statusCode, 200, resumed.body);
      assert.equal(resumed.json().status, 'in_review');
      assert.equal(resumed.json().dueDate, '2026-12-15');
      assert.equal(resumed.json().pausedDays, 3);
      assert.equal(openTask(resumed.json(), '新泰市民政局').dueDate, '2026-12-03');

      ctx.clock.advance(15 * day); // 2026-12-11: two working days left
      const first = await ctx.services.clockJob.sweep();
      assert.ok(first.yellow >= 1);
      const again = await ctx.services.clockJob.sweep();
      assert.equal(again.yellow + again.red, 0, 'never twice');
      ctx.clock.advance(5 * day); // 2026-12-16: overdue
      assert.ok((await ctx.services.clockJob.sweep()).red >= 1);
      const seen = await view(c.id);
      assert.equal(seen.warning, 'red');
      assert.deepEqual(
        seen.notifications.filter((n: { kind: string }) => n.kind.startsWith('warning')).map((n: { kind: string }) => n.kind),
        ['warning_yellow', 'warning_red', 'warning_red_supervisor'],
      );
      ctx.clock.advance(-23 * day);
    });

    test('a delegated 低保 case is decided by the town, filed to the city within 3 working days, and sampled for case-file review', async () => {
      const supervisor = await ctx.signIn('supervisor');
      const admin = await ctx.signIn('admin');
      const mzId = (await ctx.request({ method: 'GET', url: '/api/departments', cookie: admin })).json().find((d: { name: string }) => d.name === '新泰市民政局').id;
      const policy = await ctx.request({ method: 'PUT', url: `/api/departments/${mzId}/file-review-policy`, cookie: supervisor, idempotencyKey: true, body: { samplePercent: 100 } });
      assert.equal(policy.statusCode, 200, policy.body);
      const town = await ctx.signIn('town.zhaizhen');
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const materials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: m.source === 'shared_data' ? 'shared_data' : 'provided' }));
      const created = await intake({ itemCode: '370982-MZ-001', scenario: 'general', applicantId: applicant.id, channel: 'window', materials, decision: 'accept' }, town);
      assert.equal(created.statusCode, 201, created.body);
      const c = created.json();
      assert.equal(c.delegated, true);
      assert.equal(c.regionCode, '370982103');
      const mz = await ctx.signIn('reviewer.mz');
      assert.ok(!(await ctx.request({ method: 'GET', url: '/api/inbox', cookie: mz })).json().some((e: { id: string }) => e.id === c.id), 'the city reviewer does not decide it');
      const task = c.tasks[0];
      assert.equal((await taskAct(c.id, task.id, { action: 'approve' }, mz)).statusCode, 403);
      assert.ok((await ctx.request({ method: 'GET', url: '/api/inbox', cookie: town })).json().some((e: { id: string }) => e.id === c.id));
      const decided = await taskAct(c.id, task.id, { action: 'approve', opinion: '经入户调查,家庭人均收入低于低保标准,同意纳入' }, town);
      assert.equal(decided.json().status, 'concluded', decided.body);
      const filing = decided.json().filing;
      assert.equal(filing.dueDate, '2026-11-26');
      assert.equal(filing.sampled, true);
      const filings = (await ctx.request({ method: 'GET', url: '/api/filings', cookie: mz })).json();
      assert.ok(filings.some((f: { caseNo: string }) => f.caseNo === c.caseNo));
      const received = await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/receive`, cookie: mz, idempotencyKey: true, body: {} });
      assert.equal(received.statusCode, 200, received.body);
      const reviewed = await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/review`, cookie: mz, idempotencyKey: true, body: { verdict: 'correct', note: '调查核实充分,程序合法' } });
      assert.equal(reviewed.json().verdict, 'correct', reviewed.body);
      assert.equal((await ctx.request({ method: 'POST', url: `/api/filings/${filing.id}/review`, cookie: mz, idempotencyKey: true, body: { verdict: 'incorrect', note: 'x' } })).statusCode, 409);
    });

    test('an 企业开办 bundle runs its child cases in parallel and issues them together', async () => {
      const bundle = await ctx.services.catalog.getBundle('370982-YJS-001');
      const applicant = await nextPerson();
      const marks = bundle.merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem))).map((m) => ({ key: m.key, state: 'provided' }));
      const created = await intake({ bundleCode: '370982-YJS-001', applicantId: applicant.id, channel: 'web', materials: marks, decision: 'accept' });
      assert.equal(created.statusCode, 201, created.body);
      const parent = created.json();
      assert.equal(parent.children.length, 4);
      assert.equal(parent.visits, 0, 'applied online');
      const reviewers: Record<string, string> = { 新泰市市场监督管理局: 'reviewer.scjg', 新泰市公安局: 'reviewer.ga', 新泰市人力资源和社会保障局: 'reviewer.rs' };
      for (const [index, child] of parent.children.entries()) {
        const detail = await view(child.id);
        assert.equal(detail.status, 'in_review');
        const task = detail.tasks[0];
        const response = await taskAct(child.id, task.id, { action: 'approve' }, await ctx.signIn(reviewers[task.departmentName]!));
        assert.equal(response.statusCode, 200, response.body);
        assert.equal((await view(parent.id)).status, index === parent.children.length - 1 ? 'concluded' : 'in_review');
      }
      const issuer = await ctx.signIn('issuer');
      assert.equal((await act(parent.children[0].id, { action: 'deliver', method: 'window' }, issuer)).statusCode, 409, 'a child is issued with its parent');
      const sent = await act(parent.id, { action: 'deliver', method: 'express', express: { company: 'EMS', trackingNo: '1100123456789', address: '新泰市青云街道府前街1号' } }, issuer);
      assert.equal(sent.statusCode, 200, sent.body);
      assert.equal(sent.json().visits, 0);
      for (const child of parent.children) assert.equal((await view(child.id)).status, 'delivered');
      const child = await view(parent.children[0].id, issuer);
      assert.deepEqual(child.available, [], 'a child of a bundle is archived with its parent');
      const childArchived = await act(child.id, { action: 'archive' }, issuer);
      assert.equal(childArchived.statusCode, 409, childArchived.body);
      assert.match(childArchived.json().error.message, /子件随主件办理/);
      assert.deepEqual(childArchived.json().error.details, { status: 'delivered', allowed: [] });
      const archived = await act(parent.id, { action: 'archive' }, issuer);
      assert.equal(archived.statusCode, 200, archived.body);
      for (const c of parent.children) assert.equal((await view(c.id)).status, 'archived');
    });

    test('an instant item is decided on the spot and handed over on the same trip; case search finds it by ID number and phone', async () => {
      const applicant = await nextPerson();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const c = (await intake({ itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'window', materials: marks, decision: 'accept' })).json();
      assert.equal(c.status, 'accepted');
      assert.deepEqual(c.available, ['decide_on_spot', 'reject_on_spot', 'withdraw']);
      const decided = await act(c.id, { action: 'decide_on_spot' }, await ctx.signIn('frontdesk'));
      assert.equal(decided.json().status, 'concluded');
      const handed = await act(c.id, { action: 'deliver', method: 'window' }, await ctx.signIn('frontdesk'));
      assert.equal(handed.json().visits, 1, 'one trip');
      const found = await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: await ctx.signIn('frontdesk'), body: { phone: handed.json().applicantPhone } });
      assert.deepEqual(
        found.json().cases.map((x: { id: string }) => x.id),
        [c.id],
      );
      const byNumber = await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: await ctx.signIn('supervisor'), body: { caseNo: c.caseNo } });
      assert.equal(byNumber.json().total, 1);
      const agentCookie = await ctx.signIn('agent');
      assert.equal((await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: agentCookie, body: { caseNo: c.caseNo } })).json().total, 0, 'a village agent sees only the village');
    });

    test('permission matrix: who sees a case and who may act on it, across departments and regions', async () => {
      const county = (await intake({ itemCode: '370982-MZ-006', scenario: 'general', applicantId: org.id, channel: 'window', materials: societyMaterials('2026-12-04'), decision: 'accept' })).json();
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const dibaoMaterials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: 'provided' }));
      const town = (await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials: dibaoMaterials, decision: 'accept' }, await ctx.signIn('town.zhaizhen'))).json();
      const callers = ['admin', 'supervisor', 'guide', 'frontdesk', 'reviewer.mz', 'reviewer.ga', 'reviewer.scjg', 'issuer', 'agent', 'town.zhaizhen', 'admin.zhaizhen'] as const;
      const expected: Record<string, [number, number, number, number, number]> = {
        //                 see county case, see town case, inbox, issuance, filings
        admin: [200, 200, 403, 403, 200],
        supervisor: [200, 200, 403, 403, 200],
        guide: [200, 200, 403, 403, 403],
        frontdesk: [200, 200, 403, 200, 403],
        'reviewer.mz': [200, 200, 200, 403, 200],
        'reviewer.ga': [200, 404, 200, 403, 200],
        'reviewer.scjg': [404, 404, 200, 403, 200],
        issuer: [200, 200, 403, 200, 403],
        agent: [404, 404, 403, 403, 403],
        'town.zhaizhen': [404, 200, 200, 200, 403],
        'admin.zhaizhen': [404, 200, 403, 403, 200],
      };
      for (const caller of callers) {
        const cookie = await ctx.signIn(caller);
        const got = [
          (await ctx.request({ method: 'GET', url: `/api/cases/${county.id}`, cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: `/api/cases/${town.id}`, cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/inbox', cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/issuance', cookie })).statusCode,
          (await ctx.request({ method: 'GET', url: '/api/filings', cookie })).statusCode,
        ];
        assert.deepEqual(got, expected[caller], caller);
      }
      // Acting: only the task's department approves; the front desk and the issuer cannot; nothing is written when refused.
      const task = openTask(county, '新泰市公安局');
      const before = (
        await ctx.database.db
          .selectFrom('case_actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('case_id', '=', county.id)
          .executeTakeFirstOrThrow()
      ).n;
      for (const [caller, status] of [
        ['reviewer.mz', 403],
        ['reviewer.scjg', 404],
        ['frontdesk', 403],
        ['issuer', 403],
        ['town.zhaizhen', 404],
      ] as const) {
        assert.equal((await taskAct(county.id, task.id, { action: 'approve' }, await ctx.signIn(caller))).statusCode, status, caller);
      }
      for (const [caller, status] of [
        ['reviewer.mz', 403],
        ['guide', 403],
        ['issuer', 403],
        ['supervisor', 403],
      ] as const) {
        assert.equal((await intake({ itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'window', materials: [], decision: 'correction' }, await ctx.signIn(caller))).statusCode, status, caller);
      }
      assert.equal((await act(county.id, { action: 'withdraw', reason: 'x' }, await ctx.signIn('reviewer.ga'))).statusCode, 409, 'a reviewer cannot withdraw for the applicant');
      const after = (
        await ctx.database.db
          .selectFrom('case_actions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('case_id', '=', county.id)
          .executeTakeFirstOrThrow()
      ).n;
      assert.equal(after, before);

      // Filings follow region and department: the 翟镇 admin and the civil-affairs reviewer see it, public security does not.
      const decided = await taskAct(town.id, town.tasks[0].id, { action: 'approve' }, await ctx.signIn('town.zhaizhen'));
      assert.equal(decided.json().status, 'concluded', decided.body);
      const filingsOf = async (caller: string) => (await ctx.request({ method: 'GET', url: '/api/filings', cookie: await ctx.signIn(caller) })).json().map((f: { caseNo: string }) => f.caseNo);
      assert.ok((await filingsOf('admin.zhaizhen')).includes(town.caseNo));
      assert.ok((await filingsOf('reviewer.mz')).includes(town.caseNo));
      assert.ok(!(await filingsOf('reviewer.ga')).includes(town.caseNo));
    });

    test('a proxy agent submits for the applicant (no trip); the town accepts it', async () => {
      const agent = await ctx.signIn('agent');
      const applicant = await nextPerson();
      const dibao = await ctx.services.catalog.getPublished('370982-MZ-001');
      const materials = dibao.content.materials.filter((m) => m.scenarios.length === 0 && m.required).map((m) => ({ key: m.key, state: 'provided' }));
      assert.equal((await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials, decision: 'accept' }, agent)).statusCode, 403);
      const submitted = await intake({ itemCode: '370982-MZ-001', applicantId: applicant.id, channel: 'window', materials, decision: 'submit' }, agent);
      assert.equal(submitted.statusCode, 201, submitted.body);
      assert.deepEqual([submitted.json().status, submitted.json().visits, submitted.json().viaAgent], ['submitted', 0, true]);
      const accepted = await act(submitted.json().id, { action: 'accept' }, await ctx.signIn('town.zhaizhen'));
      assert.equal(accepted.json().status, 'in_review', accepted.body);
    });
  });
}
