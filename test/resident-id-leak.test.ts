/**
 * DESIGN §9: resident ID numbers are sealed at rest wherever they are stored (forms included),
 * masked in every response, printout and log. Two planted numbers — the applicant's own, and a
 * relative's typed into the form's free text — go through a whole journey over HTTP: registration,
 * lookup, a refused form, intake and its replay, review, e-licence issuance, search, the public
 * progress query, licence verification, the audit log, the catalog export and an appointment with
 * its check-in. Then every table, every response body and the server's log (at trace level) are
 * scanned: neither number appears in clear, in either spelling of its X.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { canonicalJson } from '../src/domain/audit-chain.ts';
import { maskResidentId, residentIdCheckChar } from '../src/domain/resident-id.ts';
import { createIdProtector } from '../src/services/id-protection.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type RequestOptions, type TestContext } from './support/context.ts';
import { completeForm } from './support/forms.ts';

/** A valid resident ID with the given region and birth date whose check character is X. */
function residentIdEndingInX(regionAndBirth: string): string {
  for (let sequence = 100; sequence < 1000; sequence++) {
    const first17 = `${regionAndBirth}${sequence}`;
    if (residentIdCheckChar(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no sequence gives X');
}

const applicantId = residentIdEndingInX('37098219880517');
const relativeId = residentIdEndingInX('37098219600229');
/** Another valid number that masks exactly like the applicant's (same region, same last four). */
const lookalikeId = (() => {
  const tail = applicantId.slice(14, 17);
  for (let day = 1; day <= 28; day++) {
    const first17 = `37098219880${day < 10 ? 6 : 7}${String(day).padStart(2, '0')}${tail}`;
    if (residentIdCheckChar(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no lookalike');
})();
const planted = [applicantId, relativeId, lookalikeId].flatMap((id) => [id, id.toLowerCase()]);
const itemCode = '370982-MZ-003';

/** Which planted numbers a text holds in clear. */
function clearIdsIn(text: string): string[] {
  return planted.filter((id) => text.includes(id));
}

for (const backend of testBackends()) {
  describe(`resident ID numbers never leave sealed storage in clear (${backend.name})`, () => {
    let ctx: TestContext;
    const log: string[] = [];
    const bodies: { what: string; body: string }[] = [];

    before(async () => {
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          log.push(chunk.toString('utf8'));
          done();
        },
      });
      ctx = await createTestContext(backend, { logger: { level: 'trace', stream } });
    });
    after(() => ctx.close());

    /** A request whose response body is kept for the scan. */
    const call = async (what: string, options: RequestOptions) => {
      const response = await ctx.request(options);
      bodies.push({ what, body: response.body });
      return response;
    };

    test('a full journey, then every table, every response and the log are scanned', async () => {
      const frontdesk = await ctx.signIn('frontdesk');
      // The front desk types the lower-case x; the server keeps the number in capitals, sealed.
      const registered = await call('register applicant', {
        method: 'POST',
        url: '/api/applicants',
        cookie: frontdesk,
        idempotencyKey: true,
        body: { kind: 'person', idNumber: applicantId.toLowerCase(), name: '孙秀兰', phone: '13905381234', address: '新泰市青云街道府前街1号' },
      });
      assert.equal(registered.statusCode, 201, registered.body);
      const applicant = registered.json();
      assert.equal(applicant.idMasked, maskResidentId(applicantId));
      const found = await call('lookup by ID', { method: 'POST', url: '/api/applicants/lookup', cookie: frontdesk, body: { idNumber: applicantId } });
      assert.deepEqual(
        found.json().map((a: { id: string }) => a.id),
        [applicant.id],
      );

      // The ID card in the licence library: its number is the resident ID, kept masked and sealed too.
      const admin = await ctx.signIn('admin');
      const idCard = { licenceType: '居民身份证', number: applicantId.toLowerCase(), name: '居民身份证', issuer: '新泰市公安局', issuedOn: '2016-05-20', validUntil: '2036-05-20' };
      const imported = await call('import ID card', { method: 'POST', url: `/api/applicants/${applicant.id}/licences`, cookie: admin, idempotencyKey: true, body: idCard });
      assert.equal(imported.statusCode, 201, imported.body);
      assert.equal(imported.json().number, maskResidentId(applicantId));
      const twice = await call('import ID card again', { method: 'POST', url: `/api/applicants/${applicant.id}/licences`, cookie: admin, idempotencyKey: true, body: { ...idCard, number: applicantId } });
      assert.equal(twice.statusCode, 409, 'the same card twice, told apart by fingerprint, not by the masked number');
      const lookalike = await call('import a card that masks the same', { method: 'POST', url: `/api/applicants/${applicant.id}/licences`, cookie: admin, idempotencyKey: true, body: { ...idCard, number: lookalikeId } });
      assert.equal(lookalike.statusCode, 201, lookalike.body);
      assert.equal(lookalike.json().number, maskResidentId(applicantId), 'another number, the same masked form');

      const item = await ctx.services.catalog.getPublished(itemCode);
      const materials = item.content.materials
        .filter((m) => m.required && m.scenarios.length === 0)
        .map((m) => (m.licenceType === '居民身份证' ? { key: m.key, state: 'licence', licenceId: imported.json().id } : { key: m.key, state: 'provided' }));
      assert.ok(
        materials.some((m) => m.state === 'licence'),
        'the item asks for the ID card',
      );
      const form = completeForm(item.content.formFields, {
        applicant_name: '孙秀兰',
        id_number: applicantId,
        gender: '女',
        birth_date: '1988-05-17',
        phone: '13905381234',
        application_reason: `本人无劳动能力,唯一亲属(身份证号${relativeId.toLowerCase()})年老体弱,无赡养能力`,
      });
      assert.deepEqual(clearIdsIn(JSON.stringify(form)).sort(), [applicantId, relativeId.toLowerCase()].sort(), 'the scan sees a number in clear when it is there');

      // A form that breaks its definition: every failing field is named, no value is repeated.
      const refused = await call('intake with a bad form', {
        method: 'POST',
        url: '/api/cases',
        cookie: frontdesk,
        idempotencyKey: true,
        body: { itemCode, applicantId: applicant.id, channel: 'window', form: { ...form, phone: '5381234', care_mode: '随便', unknown_field: applicantId, gender: '' }, materials, decision: 'accept' },
      });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().error.code, 'FORM_INVALID');
      assert.deepEqual(
        refused
          .json()
          .error.details.map((d: { field: string }) => d.field)
          .sort(),
        ['form.care_mode', 'form.gender', 'form.phone', 'form.unknown_field'],
      );
      assert.match(refused.json().error.message, /联系电话/);
      assert.equal(await ctx.database.db.selectFrom('cases').select('id').where('applicant_id', '=', applicant.id).executeTakeFirst(), undefined, 'nothing was written');

      const key = randomUUID();
      const intakeBody = { itemCode, applicantId: applicant.id, channel: 'window', form, materials, decision: 'accept' };
      const accepted = await call('intake', { method: 'POST', url: '/api/cases', cookie: frontdesk, idempotencyKey: key, body: intakeBody });
      assert.equal(accepted.statusCode, 201, accepted.body);
      const c = accepted.json();
      assert.equal(c.form.id_number, maskResidentId(applicantId), 'the form shows the number masked');
      assert.ok(c.form.application_reason.includes(maskResidentId(relativeId)), 'and a number inside free text too');
      assert.equal(c.applicantRef, maskResidentId(applicantId));
      const replay = await call('intake replayed', { method: 'POST', url: '/api/cases', cookie: frontdesk, idempotencyKey: key, body: intakeBody });
      assert.deepEqual(replay.json(), c);
      // The replay was recognised by a keyed digest of the request: a plain SHA-256 of a body whose
      // other parts can be read elsewhere would give the number away to a search over birth dates.
      const kept = await ctx.database.db.selectFrom('idempotency_keys').select('request_hash').where('key', '=', key).executeTakeFirstOrThrow();
      assert.notEqual(
        kept.request_hash,
        createHash('sha256')
          .update(`POST /api/cases\n${canonicalJson(intakeBody)}`)
          .digest('hex'),
      );

      const mz = await ctx.signIn('reviewer.mz');
      const inbox = await call('inbox', { method: 'GET', url: '/api/inbox', cookie: mz });
      const entry = inbox.json().find((e: { caseNo: string }) => e.caseNo === c.caseNo);
      assert.ok(entry, inbox.body);
      await call('case as reviewer', { method: 'GET', url: `/api/cases/${c.id}`, cookie: mz });
      const approved = await call('approve', {
        method: 'POST',
        url: `/api/cases/${c.id}/tasks/${entry.taskId}/actions`,
        cookie: mz,
        idempotencyKey: true,
        body: { action: 'approve', opinion: `经入户调查(核对亲属身份证号${relativeId}),符合特困人员认定条件` },
      });
      assert.equal(approved.json().status, 'concluded', approved.body);
      const opinion = approved.json().tasks.find((t: { id: string }) => t.id === entry.taskId).opinion as string;
      assert.ok(opinion.includes(maskResidentId(relativeId)), `a reviewer's opinion keeps the number masked: ${opinion}`);

      const issuer = await ctx.signIn('issuer');
      assert.ok((await call('issuance queue', { method: 'GET', url: '/api/issuance', cookie: issuer })).json().some((e: { id: string }) => e.id === c.id));
      const delivered = await call('deliver e-licence', { method: 'POST', url: `/api/cases/${c.id}/actions`, cookie: issuer, idempotencyKey: true, body: { action: 'deliver', method: 'e_licence' } });
      assert.equal(delivered.statusCode, 200, delivered.body);
      const [licence] = delivered.json().licences;
      const verified = await call('verify licence', { method: 'GET', url: `/api/licences/${encodeURIComponent(licence.identifier)}/verify` });
      assert.equal(verified.json().valid, true, verified.body);
      assert.equal(verified.json().licence.holderRef, maskResidentId(applicantId), 'the signed payload names the holder masked');
      await call('licence library', { method: 'GET', url: `/api/applicants/${applicant.id}/licences`, cookie: issuer });
      await call('archive', { method: 'POST', url: `/api/cases/${c.id}/actions`, cookie: issuer, idempotencyKey: true, body: { action: 'archive' } });

      const searched = await call('search by ID', { method: 'POST', url: '/api/cases/search', cookie: frontdesk, body: { idNumber: applicantId.toLowerCase() } });
      assert.deepEqual(
        searched.json().cases.map((s: { id: string }) => s.id),
        [c.id],
      );
      await call('search by number', { method: 'POST', url: '/api/cases/search', cookie: frontdesk, body: { caseNo: c.caseNo } });
      await call('case as front desk', { method: 'GET', url: `/api/cases/${c.id}`, cookie: frontdesk });
      const progress = await call('public progress query', { method: 'POST', url: '/api/public/cases/query', body: { caseNo: c.caseNo, password: c.queryPassword } });
      assert.equal(progress.json().status, 'archived', progress.body);

      const supervisor = await ctx.signIn('supervisor');
      await call('clock sweep', { method: 'POST', url: '/api/clock/sweep', cookie: supervisor, body: {} });
      const audit = await call('audit log', { method: 'GET', url: '/api/audit?limit=200', cookie: supervisor });
      const stray = await call('a number typed into an address that does not exist', { method: 'GET', url: `/api/applicants/by-id/${applicantId}`, cookie: supervisor });
      assert.equal(stray.statusCode, 404);
      assert.ok(stray.body.includes(maskResidentId(applicantId)), `the 404 says the path back masked: ${stray.body}`);
      assert.equal(audit.statusCode, 200, audit.body);
      const exported = await ctx.request({ method: 'GET', url: '/api/admin/catalog/export', cookie: await ctx.signIn('admin') });
      assert.equal(exported.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => cells.push(JSON.stringify(row.values))));
      assert.ok(cells.length > 40, 'the export was read');
      bodies.push({ what: 'catalog export (cells)', body: cells.join('\n') });

      // The hall: a booking, its lookup and the check-in by ID number, and the ticket it gives.
      const center = (await ctx.database.db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
      // With an Idempotency-Key, as the web app sends one with every write: its record must not keep the body in clear.
      const booked = await call('book appointment', {
        method: 'POST',
        url: `/api/centers/${center}/appointments`,
        idempotencyKey: true,
        body: { classCode: 'B', slotStart: '2026-11-23T03:00:00.000Z', name: '孙秀兰', idNumber: applicantId.toLowerCase(), phone: '13905381234' },
      });
      assert.equal(booked.statusCode, 201, booked.body);
      await call('appointment lookup', { method: 'POST', url: '/api/appointments/lookup', body: { code: booked.json().code, idNumber: applicantId } });
      ctx.clock.advance(75 * 60_000);
      const checkedIn = await call('check-in by ID', { method: 'POST', url: `/api/centers/${center}/check-in`, idempotencyKey: true, body: { idNumber: applicantId } });
      assert.equal(checkedIn.statusCode, 201, checkedIn.body);
      await call('ticket status', { method: 'GET', url: `/api/tickets/${checkedIn.json().ticket.id}/status` });
      ctx.clock.advance(-75 * 60_000);

      // Every column of every row of every table, as text.
      const db = ctx.database.db;
      const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db);
      assert.ok(tables.rows.length >= 20, `tables: ${tables.rows.length}`);
      const leaks: string[] = [];
      let rows = 0;
      for (const { name } of tables.rows) {
        const result = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} AS t`.execute(db);
        rows += result.rows.length;
        for (const { row } of result.rows) if (clearIdsIn(row).length > 0) leaks.push(`table ${name}: ${row.slice(0, 200)}`);
      }
      for (const { what, body } of bodies) if (clearIdsIn(body).length > 0) leaks.push(`response ${what}`);
      const logText = log.join('');
      for (const line of logText.split('\n')) if (clearIdsIn(line).length > 0) leaks.push(`log: ${line.slice(0, 200)}`);
      assert.deepEqual(leaks, []);

      // The scan looked at something: rows, bodies and log lines of this journey.
      assert.ok(rows > 1000, `rows scanned: ${rows}`);
      assert.ok(bodies.length >= 20, `bodies: ${bodies.length}`);
      assert.match(logText, /"msg":"incoming request"/);
      assert.match(logText, /FORM_INVALID/, 'the refused form was logged, without its values');

      // Sealed, not lost: the originals open with the data key, and only with it.
      const stored = await db.selectFrom('cases').select(['form', 'form_sealed']).where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal((stored.form as Record<string, string>).id_number, maskResidentId(applicantId));
      const opened = JSON.parse(createIdProtector(ctx.dataKey).open(stored.form_sealed!)) as Record<string, string>;
      assert.deepEqual(Object.keys(opened).sort(), ['application_reason', 'id_number']);
      assert.equal(opened.id_number, applicantId);
      assert.ok(opened.application_reason!.includes(relativeId.toLowerCase()), 'the free text is kept as typed');
    });
  });
}
