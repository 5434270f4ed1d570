/**
 * 一网通办 end to end on both databases: an applicant signed in online (an Actor of kind
 * `applicant`, as the identity work will make it) starts a draft of 失业保险金申领, finds it filled
 * from their profile with the materials the licence library and shared data supply marked so,
 * uploads the rest (the content decides the type), submits; the department's reviewer pre-reviews
 * it and gives the one correction notice, answered online in the same case; accepted (the clock
 * starts then), reviewed, concluded, sent by express with a tracking number: zero visits, counted
 * so in the rollup. Another applicant never reaches the case; an unverified binding gets no
 * e-licence; untouched drafts expire with their files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { parseCaseNumber } from '../src/domain/case-number.ts';
import { AppError } from '../src/domain/errors.ts';
import type { Actor } from '../src/services/actor.ts';
import type { OnlineCaseView } from '../src/services/online.service.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { caseSteps, day } from './support/case-steps.ts';
import { completeForm } from './support/forms.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082', 'hex');
const html = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/auth/me")</script></body></html>');

const item = '370982-RS-008';

function applicant(applicantId: string | null, verified = false): Actor {
  const accountId = randomUUID();
  return { kind: 'applicant', id: accountId, name: '13800000000', grants: [], account: { accountId, phone: '13800000000', applicantId, verified } };
}

const refusedWith = (code: string, message?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, code, error.message);
  if (message) assert.match(error.messageZh, message);
  return true;
};

for (const backend of testBackends()) {
  describe(`online applications (${backend.name})`, () => {
    let ctx: TestContext;
    const { nextPerson, act, view, approveThrough } = caseSteps(() => ctx, 400);
    const w = (actor: Actor, idempotencyKey?: string) => ({ actor, ...(idempotencyKey ? { idempotencyKey } : {}) });
    const stats = async () => {
      const row = await sql<{ received: string; concluded: string; zero_visit: string }>`
        SELECT coalesce(sum(s.received), 0) AS received, coalesce(sum(s.concluded), 0) AS concluded, coalesce(sum(s.zero_visit), 0) AS zero_visit
        FROM case_stats s JOIN departments d ON d.id = s.department_id WHERE d.name = '新泰市人力资源和社会保障局'`.execute(ctx.database.db);
      const r = row.rows[0]!;
      return { received: Number(r.received), concluded: Number(r.concluded), zeroVisit: Number(r.zero_visit) };
    };

    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    test('失业保险金申领 online: draft, uploads, submit, one correction answered online, accept, review, express delivery; zero visits', async () => {
      const person = await nextPerson();
      const issuer = await ctx.signIn('issuer');
      const licence = await ctx.request({
        method: 'POST',
        url: `/api/applicants/${person.id}/licences`,
        cookie: issuer,
        idempotencyKey: true,
        body: { licenceType: '居民身份证', number: 'ID-ONLINE-1', name: '居民身份证', issuer: '新泰市公安局', issuedOn: '2018-05-01', validUntil: '2038-05-01' },
      });
      assert.equal(licence.statusCode, 201, licence.body);
      const me = applicant(person.id);
      const before = await stats();

      const offer = await ctx.services.online.offer();
      assert.ok(offer.items.some((i) => i.code === item));
      assert.ok(!offer.items.some((i) => i.code === '370982-GA-001'), '居民身份证申领 needs the person at the window: not offered online');

      let c: OnlineCaseView = await ctx.services.online.startDraft(w(me, randomUUID()), { itemCode: item, channel: 'mobile' });
      assert.equal(c.status, 'draft');
      assert.equal(c.caseNo, null);
      assert.match(c.form.applicant_name!, /^申请人/, 'the form comes filled from the profile (一表申请)');
      assert.match(c.form.id_number!, /\*/, 'the resident ID shows masked');
      const state = (key: string) => c.materials.find((m) => m.key === key)!;
      assert.equal(state('id_card').state, 'licence', 'the licence library supplies the ID card');
      assert.equal(state('id_card').uploadable, false);
      assert.equal(state('social_security_record').state, 'shared_data', 'shared data supplies the contribution record');
      assert.equal(state('termination_proof').state, 'missing');
      assert.ok(c.expiresAt && c.expiresAt.getTime() - ctx.clock.now().getTime() === 30 * day, 'kept 30 days untouched');
      assert.deepEqual(await stats(), before, 'a draft is no application: the rollup does not count it');

      const frontdesk = await ctx.signIn('frontdesk');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/cases/${c.id}`, cookie: frontdesk })).statusCode, 404, 'staff do not see a draft');
      const searched = await ctx.request({ method: 'POST', url: '/api/cases/search', cookie: frontdesk, body: { status: ['draft'], limit: 100 } });
      assert.equal(searched.statusCode, 200, searched.body);
      assert.ok(!searched.json().cases.some((x: { id: string }) => x.id === c.id), 'nor find one, whatever the filter');

      // Autosave: the same key replays the first save.
      const key = randomUUID();
      const form = { ...c.form, termination_date: '2026-10-31', bank_account: '6217000000000000001' };
      const saved = await ctx.services.online.saveDraft(w(me, key), c.id, { form });
      const replayed = await ctx.services.online.saveDraft(w(me, key), c.id, { form });
      assert.equal(replayed.updatedAt.getTime(), saved.updatedAt.getTime());
      assert.equal(saved.form.termination_date, '2026-10-31');
      await assert.rejects(ctx.services.online.saveDraft(w(me), c.id, { form: { ...form, termination_date: '2026-02-30' } }), refusedWith('FORM_INVALID'));

      // Uploads: the content decides; HTML named .pdf is refused, a PNG is taken whatever its name.
      await assert.rejects(ctx.services.online.upload(w(me), c.id, 'termination_proof', { name: '证明.pdf', data: html }), refusedWith('UNSUPPORTED_MEDIA_TYPE', /按文件内容判断/));
      await assert.rejects(ctx.services.online.upload(w(me), c.id, 'termination_proof', { name: 'empty.pdf', data: Buffer.alloc(0) }), refusedWith('VALIDATION_FAILED'));
      await assert.rejects(ctx.services.online.upload(w(me), c.id, 'termination_proof', { name: 'big.pdf', data: Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]) }), refusedWith('PAYLOAD_TOO_LARGE'));
      await assert.rejects(ctx.services.online.upload(w(me), c.id, 'id_card', { name: 'id.pdf', data: pdf }), refusedWith('CASE_ACTION_NOT_ALLOWED', /证照库/));

      await assert.rejects(ctx.services.online.submit(w(me), c.id), refusedWith('MATERIALS_MISSING', /失业保险金申领登记表/));
      c = await ctx.services.online.upload(w(me), c.id, 'unemployment_claim_form', { name: '登记表.pdf', data: pdf });
      c = await ctx.services.online.upload(w(me), c.id, 'termination_proof', { name: '解除劳动合同证明.jpg', data: png });
      assert.equal(state('termination_proof').files[0]!.contentType, 'image/png');
      assert.equal(state('termination_proof').files[0]!.name, '解除劳动合同证明.png');
      c = await ctx.services.online.upload(w(me), c.id, 'social_security_card', { name: '社保卡.pdf', data: pdf });

      // Another applicant never reaches the case, whatever they try.
      const stranger = applicant((await nextPerson()).id, true);
      await assert.rejects(ctx.services.online.get(stranger, c.id), refusedWith('NOT_FOUND'));
      await assert.rejects(ctx.services.online.saveDraft(w(stranger), c.id, { form }), refusedWith('NOT_FOUND'));
      await assert.rejects(ctx.services.online.upload(w(stranger), c.id, 'termination_proof', { name: 'x.pdf', data: pdf }), refusedWith('NOT_FOUND'));
      await assert.rejects(ctx.services.online.submit(w(stranger), c.id), refusedWith('NOT_FOUND'));
      await assert.rejects(ctx.services.online.withdraw(w(stranger), c.id, '不要了'), refusedWith('NOT_FOUND'));
      await assert.rejects(ctx.services.online.getFile(stranger, c.id, state('termination_proof').files[0]!.id), refusedWith('NOT_FOUND'));
      assert.ok(!(await ctx.services.online.listMine(stranger)).some((x) => x.id === c.id));

      c = await ctx.services.online.submit(w(me, randomUUID()), c.id, { delivery: { method: 'express', address: '新泰市青云街道府前街1号', recipient: '张三', phone: '13900000000' } });
      assert.equal(c.status, 'submitted');
      assert.deepEqual(c.statusLabel, { zh: '已提交,等待预审', en: 'Submitted, awaiting pre-review' }, 'in plain words, not the hall term 已接件');
      assert.equal(parseCaseNumber(c.caseNo!)?.regionCode, '370982');
      assert.deepEqual(
        c.steps.map((s) => s.step),
        ['received'],
      );
      assert.equal((await stats()).received, before.received + 1, 'counted as received when submitted');
      assert.deepEqual(c.available, ['withdraw']);

      // 网上预审: the item's department reviewer, and the center's desk, see it; another department does not.
      const rs = await ctx.signIn('reviewer.rs');
      const queue = async (cookie: string) => (await ctx.request({ method: 'GET', url: '/api/prereview', cookie })).json() as { id: string }[];
      assert.ok((await queue(rs)).some((x) => x.id === c.id));
      assert.ok((await queue(frontdesk)).some((x) => x.id === c.id));
      assert.ok(!(await queue(await ctx.signIn('reviewer.mz'))).some((x) => x.id === c.id));
      assert.equal((await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: await ctx.signIn('reviewer.mz'), idempotencyKey: true, body: { action: 'accept' } })).statusCode, 404, 'another department does not see it');
      const files = await ctx.request({ method: 'GET', url: `/api/online-cases/${c.id}/files`, cookie: rs });
      assert.equal(files.json().length, 3, files.body);
      const download = await ctx.request({ method: 'GET', url: `/api/online-cases/${c.id}/files/${files.json()[0].id}`, cookie: rs });
      assert.equal(download.statusCode, 200);
      assert.match(download.headers['content-disposition'] as string, /^attachment/);

      const correction = await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: rs, idempotencyKey: true, body: { action: 'request_correction', unfit: ['termination_proof'], note: '证明无单位盖章' } });
      assert.equal(correction.statusCode, 200, correction.body);
      assert.equal(correction.json().status, 'needs_correction');

      c = await ctx.services.online.get(me, c.id);
      assert.deepEqual(c.correction, { missing: [{ key: 'termination_proof', name: '终止或者解除劳动关系证明' }], note: '证明无单位盖章' });
      assert.equal(state('termination_proof').state, 'missing');
      assert.equal(state('termination_proof').uploadable, true);
      await assert.rejects(ctx.services.online.resubmit(w(me), c.id), refusedWith('MATERIALS_MISSING', /终止或者解除劳动关系证明/));
      await assert.rejects(ctx.services.online.removeFile(w(me), c.id, state('termination_proof').files[0]!.id), refusedWith('CASE_ACTION_NOT_ALLOWED'), 'what the notice was about stays on file');
      c = await ctx.services.online.upload(w(me), c.id, 'termination_proof', { name: '盖章证明.pdf', data: pdf });
      c = await ctx.services.online.resubmit(w(me, randomUUID()), c.id);
      assert.equal(c.status, 'submitted');
      assert.deepEqual(
        c.steps.map((s) => s.step),
        ['received', 'correction', 'corrected'],
      );

      const second = await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: rs, idempotencyKey: true, body: { action: 'request_correction', unfit: ['unemployment_claim_form'] } });
      assert.equal(second.statusCode, 409, 'one correction notice per application');
      ctx.clock.advance(day);
      const accepted = await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: await ctx.signIn('reviewer.rs'), idempotencyKey: true, body: { action: 'accept' } });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().status, 'in_review');
      assert.equal(accepted.json().acceptedOn, '2026-11-24', 'the clock starts at acceptance, as at the window');
      assert.equal(accepted.json().dueDate, '2026-11-27', '3 working days after Tuesday');

      const concluded = await approveThrough(c.id, 'reviewer.rs');
      assert.equal(concluded.json().status, 'concluded');

      const delivered = await act(c.id, { action: 'deliver', method: 'express', express: { company: '中国邮政EMS', trackingNo: 'EMS1234567890', address: '新泰市青云街道府前街1号' } }, await ctx.signIn('issuer'));
      assert.equal(delivered.statusCode, 200, delivered.body);
      c = await ctx.services.online.get(me, c.id);
      assert.equal(c.status, 'delivered');
      assert.deepEqual(c.delivery, { method: 'express', company: '中国邮政EMS', trackingNo: 'EMS1234567890' });
      assert.equal(c.steps.at(-1)!.delivery?.trackingNo, 'EMS1234567890');
      assert.equal(c.visits, 0, 'an online case ends with zero visits');
      assert.deepEqual((await view(c.id)).visitLog, []);
      const after = await stats();
      assert.equal(after.concluded, before.concluded + 1);
      assert.equal(after.zeroVisit, before.zeroVisit + 1, 'the rollup counts it as a zero-visit case');

      const mine = await ctx.services.online.listMine(me);
      assert.equal(mine.find((x) => x.id === c.id)?.status, 'delivered');
      assert.equal(mine.find((x) => x.id === c.id)?.statusLabel.zh, '已送达', 'in plain words, not the hall term 出件');

      // An e-licence needs a verified binding.
      await assert.rejects(ctx.services.online.assertLicenceDownload(me, c.id, '1.2.156.3005.2.X'), refusedWith('FORBIDDEN', /实名信息尚未核验/));
      await assert.rejects(ctx.services.online.assertLicenceDownload({ ...me, account: { ...me.account!, verified: true } }, c.id, '1.2.156.3005.2.X'), refusedWith('NOT_FOUND'));
    });

    test('企业开办一件事 online: one merged form, one set of materials, one child case per item once submitted; accepted together', async () => {
      const me = applicant((await nextPerson()).id, true);
      const offer = await ctx.services.online.offer();
      assert.ok(offer.bundles.some((b) => b.code === '370982-YJS-001'));
      let c = await ctx.services.online.startDraft(w(me), { bundleCode: '370982-YJS-001', channel: 'web' });
      assert.equal(c.status, 'draft');
      assert.equal(c.bundleCode, '370982-YJS-001');
      assert.ok(!c.formFields.some((f) => f.key === 'uscc'), 'the registration produces the USCC: not asked for');
      const fields = await ctx.services.catalog.getBundle('370982-YJS-001');
      c = await ctx.services.online.saveDraft(w(me), c.id, { form: { ...completeForm(fields.merged.formFields), ...c.form } });
      for (const m of c.materials.filter((x) => x.state === 'missing')) c = await ctx.services.online.upload(w(me), c.id, m.key, { name: `${m.name}.pdf`, data: pdf });
      c = await ctx.services.online.submit(w(me, randomUUID()), c.id);
      assert.equal(c.status, 'submitted');
      const staffView = await view(c.id);
      assert.equal(staffView.children.length, 4);
      assert.ok(staffView.children.every((child: { caseNo: string }) => child.caseNo.startsWith(`${c.caseNo}-`)));
      const accepted = await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: await ctx.signIn('frontdesk'), idempotencyKey: true, body: { action: 'accept' } });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.ok(['in_review', 'accepted'].includes(accepted.json().status));
      assert.equal((await ctx.services.online.get(me, c.id)).visits, 0);
    });

    test('临时救助 online with two deferred (容缺) materials: promised at submission, handed in online after acceptance, no trip', async () => {
      const me = applicant((await nextPerson()).id);
      const item = await ctx.services.catalog.getPublished('370982-MZ-002');
      let c = await ctx.services.online.startDraft(w(me), { itemCode: '370982-MZ-002', scenario: 'urgent' });
      c = await ctx.services.online.saveDraft(w(me), c.id, { form: { ...completeForm(item.content.formFields), ...c.form } });
      const deferrable = ['household_register', 'hardship_proof'];
      for (const m of c.materials.filter((x) => x.state === 'missing' && !deferrable.includes(x.key))) c = await ctx.services.online.upload(w(me), c.id, m.key, { name: `${m.name}.pdf`, data: pdf });
      await assert.rejects(ctx.services.online.submit(w(me), c.id, { deferred: ['temp_relief_application'] }), refusedWith('VALIDATION_FAILED'), 'only a deferrable material may be promised');
      c = await ctx.services.online.submit(w(me, randomUUID()), c.id, { deferred: deferrable });
      assert.deepEqual(
        c.materials
          .filter((m) => m.state === 'deferred')
          .map((m) => m.key)
          .sort(),
        [...deferrable].sort(),
      );
      const accepted = await ctx.request({ method: 'POST', url: `/api/prereview/${c.id}`, cookie: await ctx.signIn('reviewer.mz'), idempotencyKey: true, body: { action: 'accept' } });
      assert.equal(accepted.statusCode, 200, accepted.body);
      c = await ctx.services.online.get(me, c.id);
      assert.ok(c.materials.find((m) => m.key === 'hardship_proof')!.uploadable, 'a deferred material is handed in online');
      c = await ctx.services.online.upload(w(me), c.id, 'hardship_proof', { name: '困难证明.pdf', data: pdf });
      assert.equal(c.materials.find((m) => m.key === 'hardship_proof')!.state, 'provided');
      const staff = await view(c.id, await ctx.signIn('reviewer.mz'));
      assert.ok(staff.actions.some((a: { action: string; channel: string }) => a.action === 'collect_material' && a.channel === 'mobile'));
      assert.equal(staff.visits, 0, 'handed in online: no visit');

      // Withdrawn after submission: the table's step, logged; the applicant's case page says so.
      const out = await ctx.services.online.withdraw(w(me, randomUUID()), c.id, '已通过其他途径解决');
      assert.equal(out.deleted, false);
      assert.equal(out.case?.status, 'withdrawn');
      assert.equal(out.case?.steps.at(-1)?.step, 'withdrawn');
    });

    test('an account without a real-name binding cannot start an application; an item not offered online is refused', async () => {
      await assert.rejects(ctx.services.online.startDraft(w(applicant(null)), { itemCode: item }), refusedWith('FORBIDDEN', /实名/));
      const person = await nextPerson();
      await assert.rejects(ctx.services.online.startDraft(w(applicant(person.id)), { itemCode: '370982-GA-001' }), refusedWith('FORBIDDEN', /不支持网上办理/));
      const staff = { kind: 'staff', id: randomUUID(), name: 'x', grants: [] } as Actor;
      await assert.rejects(ctx.services.online.listMine(staff), refusedWith('FORBIDDEN'));
    });

    test('a withdrawn draft is deleted with its files', async () => {
      const me = applicant((await nextPerson()).id);
      const draft = await ctx.services.online.startDraft(w(me), { itemCode: item });
      await ctx.services.online.upload(w(me), draft.id, 'termination_proof', { name: 'a.pdf', data: pdf });
      const gone = await ctx.services.online.withdraw(w(me), draft.id, '填错了');
      assert.deepEqual(gone, { deleted: true, case: null });
      await assert.rejects(ctx.services.online.get(me, draft.id), refusedWith('NOT_FOUND'));
    });

    test('drafts untouched for 30 days are deleted with their files, audited; touched ones stay; a second run finds none', async () => {
      const me = applicant((await nextPerson()).id);
      const old = await ctx.services.online.startDraft(w(me), { itemCode: item });
      await ctx.services.online.upload(w(me), old.id, 'termination_proof', { name: 'a.pdf', data: pdf });
      await ctx.services.online.upload(w(me), old.id, 'unemployment_claim_form', { name: 'b.png', data: png });
      const kept = await ctx.services.online.startDraft(w(me), { itemCode: item });
      const moved = 31 * day;
      try {
        ctx.clock.advance(20 * day);
        await ctx.services.online.saveDraft(w(me), kept.id, { form: { bank_account: '6217000000000000002' } });
        ctx.clock.advance(11 * day);
        const files = async (caseId: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM case_files WHERE case_id = ${caseId}`.execute(ctx.database.db)).rows[0]!.n);
        assert.equal(await files(old.id), 2);
        const report = await ctx.services.online.expireDrafts();
        assert.ok(report.drafts >= 1 && report.files >= 2, JSON.stringify(report));
        await assert.rejects(ctx.services.online.get(me, old.id), refusedWith('NOT_FOUND'));
        assert.equal(await files(old.id), 0, 'its files went with it');
        assert.equal((await ctx.services.online.get(me, kept.id)).status, 'draft', 'a draft saved 11 days ago stays');
        const audited = await sql<{ payload: { why: string; files: number } }>`SELECT payload FROM audit_log WHERE action = 'online.draft_deleted' AND entity_id = ${old.id}`.execute(ctx.database.db);
        assert.deepEqual(
          audited.rows.map((r) => [r.payload.why, r.payload.files]),
          [['expired', 2]],
        );
        assert.deepEqual(await ctx.services.online.expireDrafts(), { drafts: 0, files: 0 }, 'run twice, one result');
      } finally {
        ctx.clock.advance(-moved);
      }
    });
  });
}
