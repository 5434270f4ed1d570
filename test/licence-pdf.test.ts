/**
 * The e-licence as a PDF (issue 11 point 6): A4, the CJK font embedded as a subset, the identifier
 * and the status when printed in its metadata, the QR address on this site (or PUBLIC_ORIGIN);
 * for staff who see the issuing case, and for the holder behind the case's query password with
 * wrong passwords counted as the progress query counts them; a bilingual 503 without a font.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { createServices } from '../src/main.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { licencePdfDisposition, licenceVerifyUrl } from '../src/services/licence-pdf.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { completeForm } from './support/forms.ts';
import { allProvided } from './support/second-county.ts';

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;
const itemCode = '370982-MZ-003';

/** A PDF string object from the info dictionary: `(literal)` or `<hex>`, UTF-16BE when it starts with a BOM. */
function infoString(pdf: string, key: string): string {
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf);
  const source = ref ? new RegExp(`\\n${ref[1]} 0 obj\\s*([\\s\\S]*?)\\s*endobj`).exec(pdf)![1]! : new RegExp(`/${key} (\\([^)]*\\)|<[0-9a-fA-F]*>)`).exec(pdf)![1]!;
  let bytes: Buffer;
  if (source.startsWith('<')) bytes = Buffer.from(source.slice(1, -1), 'hex');
  else {
    const body = source
      .slice(1, -1)
      .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e)));
    bytes = Buffer.from(body, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

function assertLicencePdf(response: LightMyRequestResponse, identifier: string, licenceType: string): string {
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.headers['content-type'], 'application/pdf');
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  const disposition = String(response.headers['content-disposition']);
  assert.match(disposition, /^attachment; /);
  assert.equal(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!), `${licenceType}-${identifier}.pdf`);
  const pdf = response.rawPayload.toString('latin1');
  assert.ok(pdf.startsWith('%PDF-'), 'a PDF');
  assert.match(pdf, /\/MediaBox \[0 0 595\.28 841\.89\]/, 'A4');
  assert.match(pdf, /\/FontFile[23]? \d+ 0 R/, 'a font is embedded');
  assert.match(pdf, /\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/, 'the Chinese font, as a subset');
  assert.equal(infoString(pdf, 'Title'), `${licenceType} ${identifier}`);
  return pdf;
}

for (const backend of testBackends()) {
  describe(`e-licence PDF (${backend.name})`, () => {
    let ctx: TestContext;
    let caseId: string;
    let caseNo: string;
    let password: string;
    let identifier: string;
    let licenceType: string;
    let issuer: string;

    before(async () => {
      ctx = await createTestContext(backend);
      const frontdesk = await ctx.signIn('frontdesk');
      const person = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: frontdesk,
        idempotencyKey: true,
        body: { kind: 'person', idNumber: idOf('37098219880517122'), name: '孙秀兰', phone: '13905381234', address: '新泰市青云街道' },
      });
      assert.equal(person.statusCode, 201, person.body);
      const item = await ctx.services.catalog.getPublished(itemCode);
      const created = await ctx.request({
        method: 'POST',
        url: '/api/cases',
        cookie: frontdesk,
        idempotencyKey: true,
        body: {
          itemCode,
          scenario: null,
          applicantId: person.json().id,
          channel: 'window',
          materials: allProvided(item.content),
          form: completeForm(item.content.formFields, { applicant_name: '孙秀兰', phone: '13905381234' }),
          decision: 'accept',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      ({ id: caseId, caseNo, queryPassword: password } = created.json());
      const mz = await ctx.signIn('reviewer.mz');
      const task = (await ctx.request({ method: 'GET', url: '/api/inbox', cookie: mz })).json().find((e: { caseNo: string }) => e.caseNo === caseNo);
      const approved = await ctx.request({ method: 'POST', url: `/api/cases/${caseId}/tasks/${task.taskId}/actions`, cookie: mz, idempotencyKey: true, body: { action: 'approve', opinion: '同意' } });
      assert.equal(approved.json().status, 'concluded', approved.body);
      issuer = await ctx.signIn('issuer');
      const delivered = await ctx.request({ method: 'POST', url: `/api/cases/${caseId}/actions`, cookie: issuer, idempotencyKey: true, body: { action: 'deliver', method: 'e_licence' } });
      assert.equal(delivered.statusCode, 200, delivered.body);
      ({ identifier, licenceType } = delivered.json().licences[0]);
    });
    after(() => ctx.close());

    /** The licence's identifier with another last character: one that is not this case's (the identifier itself may end in 0). */
    const otherIdentifier = () => identifier.slice(0, -1) + (identifier.endsWith('0') ? '1' : '0');
    const holderPdf = (body: { caseNo: string; password: string }, ip: string, id = identifier) => ctx.app.inject({ method: 'POST', url: `/api/public/licences/${id}/pdf`, payload: body, remoteAddress: ip });

    test('staff who see the case get the licence as an A4 PDF with the CJK font embedded and the QR to this site', async () => {
      const response = await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/pdf`, cookie: issuer });
      const pdf = assertLicencePdf(response, identifier, licenceType);
      assert.match(infoString(pdf, 'Subject'), /有效 \/ Valid$/);
      assert.ok(infoString(pdf, 'Keywords').includes(licenceVerifyUrl('http://localhost:80', identifier)), 'the QR code and footer point to the site the request came to');
      const reviewer = await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/pdf`, cookie: await ctx.signIn('reviewer.mz') });
      assert.equal(reviewer.statusCode, 200, 'the reviewer of the case too');
    });

    test('staff who do not see the case, and callers signed out, get none', async () => {
      const other = await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/pdf`, cookie: await ctx.signIn('reviewer.scjg') });
      assert.equal(other.statusCode, 404, other.body);
      assert.equal((await ctx.request({ method: 'GET', url: `/api/licences/${identifier}/pdf` })).statusCode, 401);
      const unknown = await ctx.request({ method: 'GET', url: `/api/licences/${otherIdentifier()}/pdf`, cookie: issuer });
      assert.equal(unknown.statusCode, 404);
    });

    test('with PUBLIC_ORIGIN set, the QR address is on that site', async () => {
      const app = await buildApp({ services: ctx.services, databaseKind: ctx.database.kind, version: 'test', publicOrigin: 'https://zwfw.example.gov.cn' });
      try {
        const response = await app.inject({ method: 'GET', url: `/api/licences/${identifier}/pdf`, headers: { cookie: issuer } });
        const pdf = assertLicencePdf(response, identifier, licenceType);
        assert.ok(infoString(pdf, 'Keywords').includes(`https://zwfw.example.gov.cn/verify/${identifier}`));
      } finally {
        await app.close();
      }
      assert.equal(licenceVerifyUrl('https://zwfw.example.gov.cn/', '1.2.156.3005.2.X'), 'https://zwfw.example.gov.cn/verify/1.2.156.3005.2.X');
    });

    test('the holder: the public query lists the licence; the right query password gives the PDF', async () => {
      const query = await ctx.app.inject({ method: 'POST', url: '/api/public/cases/query', payload: { caseNo, password }, remoteAddress: '10.9.0.1' });
      assert.deepEqual(query.json().licences, [{ identifier, licenceType, status: 'valid' }]);
      assertLicencePdf(await holderPdf({ caseNo, password }, '10.9.0.1'), identifier, licenceType);
      assertLicencePdf(await holderPdf({ caseNo, password }, '10.9.0.1', identifier.toLowerCase()), identifier, licenceType);
      const notOfThisCase = await holderPdf({ caseNo, password }, '10.9.0.1', otherIdentifier());
      assert.equal(notOfThisCase.statusCode, 404);
      assert.match(notOfThisCase.json().error.message, /该办件没有这份电子证照/);
    });

    test('wrong query passwords for the PDF count with the progress query: five lock both', async () => {
      const wrong = password === '000000' ? '000001' : '000000';
      for (let i = 0; i < 3; i++) assert.equal((await holderPdf({ caseNo, password: wrong }, `10.9.1.${i}`)).statusCode, 404);
      for (let i = 3; i < 5; i++) {
        assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/public/cases/query', payload: { caseNo, password: wrong }, remoteAddress: `10.9.1.${i}` })).statusCode, 404);
      }
      const locked = await holderPdf({ caseNo, password }, '10.9.2.1');
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/public/cases/query', payload: { caseNo, password }, remoteAddress: '10.9.2.1' })).statusCode, 429);
      // Staff give a new password, which lifts the lock.
      const reset = await ctx.request({ method: 'POST', url: `/api/cases/${caseId}/query-password`, cookie: issuer, idempotencyKey: true, body: {} });
      assert.equal(reset.statusCode, 200, reset.body);
      password = reset.json().queryPassword;
      assertLicencePdf(await holderPdf({ caseNo, password }, '10.9.2.1'), identifier, licenceType);
    });

    test('a revoked licence still prints, marked revoked', async () => {
      const revoked = await ctx.request({ method: 'POST', url: `/api/licences/${identifier}/revoke`, cookie: issuer, body: { reason: '申请人申请注销' } });
      assert.equal(revoked.statusCode, 200, revoked.body);
      const pdf = assertLicencePdf(await holderPdf({ caseNo, password }, '10.9.3.1'), identifier, licenceType);
      assert.match(infoString(pdf, 'Subject'), /已注销.*申请人申请注销.* \/ Revoked$/);
    });

    test('without a CJK font: a bilingual 503 that says what to install', async () => {
      const services = createServices(ctx.database, ctx.clock, ctx.dataKey, { cjkFont: '/nonexistent/NotoSansCJK-Regular.ttc' });
      const app = await buildApp({ services, databaseKind: ctx.database.kind, version: 'test' });
      try {
        const response = await app.inject({ method: 'GET', url: `/api/licences/${identifier}/pdf`, headers: { cookie: issuer } });
        assert.equal(response.statusCode, 503, response.body);
        assert.equal(response.json().error.code, 'UNAVAILABLE');
        assert.match(response.json().error.message, /中文字体.*fonts-noto-cjk.*ONEWINDOW_CJK_FONT/);
        assert.match(response.json().error.messageEn, /Chinese font.*ONEWINDOW_CJK_FONT/);
      } finally {
        await app.close();
      }
    });
  });
}

test('the download is named after the licence type and identifier (RFC 5987) with an ASCII fallback', () => {
  const header = licencePdfDisposition({ licenceType: '食品经营许可证', identifier: '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S' });
  assert.equal(
    header,
    'attachment; filename="e-licence-1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S.pdf"; filename*=UTF-8\'\'%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF%E8%AF%81-1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S.pdf',
  );
});
