/**
 * The six kinds of input that once answered 500, each by hand: a NUL character, an unpaired
 * UTF-16 surrogate, a PATCH with nothing in it, a list that repeats an entry, a malformed upload
 * and JSON nested 100,000 deep. Each gets a 4xx that says what is wrong in Chinese and English,
 * and writes nothing. (test/openapi.fuzz.test.ts throws the same and more at every route.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { toAppError } from '../src/http/errors.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

interface Reply {
  statusCode: number;
  body: string;
  json(): any;
}

function assertBilingual(response: Reply, status: number, code?: string): { code: string; message: string; messageEn: string; details?: any } {
  assert.equal(response.statusCode, status, response.body);
  const error = response.json().error;
  assert.ok(error, `error body: ${response.body}`);
  if (code) assert.equal(error.code, code);
  assert.match(error.message, /[\u4e00-\u9fff]/, `Chinese message: ${error.message}`);
  assert.match(error.messageEn, /[A-Za-z]/, `English message: ${error.messageEn}`);
  return error;
}

/** The one field a refusal names in its details. */
function fieldOf(error: { details?: { field: string }[] }): string | undefined {
  return error.details?.[0]?.field;
}

for (const backend of testBackends()) {
  describe(`bad input gets a clear 4xx and writes nothing (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    let frontdesk: string;
    let guide: string;
    let center: string;
    let windowId: string;

    const count = async (table: 'audit_log' | 'catalog_files' | 'window_classes' | 'cases' | 'departments') =>
      Number(
        (
          await ctx.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: string | Buffer, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method, url, headers: { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload }) });

    before(async () => {
      ctx = await createTestContext(backend);
      [admin, frontdesk, guide] = [await ctx.signIn('admin'), await ctx.signIn('frontdesk'), await ctx.signIn('guide')];
      const db = ctx.database.db;
      center = (await db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
      windowId = (await db.selectFrom('windows').select('id').where('center_id', '=', center).where('number', '=', 1).executeTakeFirstOrThrow()).id;
    });
    after(() => ctx.close());

    test('a NUL character in any string, signed out or in, is refused naming the field', async () => {
      const audit = await count('audit_log');
      const signIn = assertBilingual(await send('POST', '/api/auth/login', JSON.stringify({ username: 'admin\u0000', password: 'demo1234' })), 400, 'VALIDATION_FAILED');
      assert.equal(fieldOf(signIn), 'body.username');
      assert.match(signIn.message, /body\.username 含有空字符/);
      const publicQuery = assertBilingual(await send('POST', '/api/public/cases/query', JSON.stringify({ caseNo: '3709822026\u00001', password: '123456' })), 400);
      assert.equal(fieldOf(publicQuery), 'body.caseNo');
      // The guide's search of the catalog is a GET: the query string is checked like a body.
      assert.equal(fieldOf(assertBilingual(await send('GET', '/api/items?q=%E7%99%BB%00%E8%AE%B0', undefined, { cookie: guide }), 400)), 'query.q');
      assert.equal(fieldOf(assertBilingual(await send('GET', '/api/licences/1.2.156%00/verify'), 400)), 'params.identifier');
      assert.equal(fieldOf(assertBilingual(await send('POST', '/api/cases/search', JSON.stringify({ caseNo: '\u0000' }), { cookie: guide }), 400)), 'body.caseNo');
      // Keys too: a form is a free record whose keys would land in jsonb.
      const key = assertBilingual(await send('POST', '/api/departments', JSON.stringify({ name: '统计局', regionCode: '370982', phone: null, 'x\u0000': 1 }), { cookie: admin }), 400);
      assert.equal(fieldOf(key), 'body.x\\u0000');
      const deep = assertBilingual(await send('PUT', '/api/items/370982-MZ-006/draft', JSON.stringify({ materials: [{ name: 'a' }, { name: 'b\u0000' }] }), { cookie: admin }), 400);
      assert.equal(fieldOf(deep), 'body.materials.1.name');
      assert.equal(await count('audit_log'), audit);
    });

    test('an unpaired UTF-16 surrogate is refused like NUL; a proper pair (an emoji) is stored', async () => {
      const audit = await count('audit_log');
      // JSON.stringify writes a lone surrogate as the escape \ud800, which is what a client sends.
      const signIn = assertBilingual(await send('POST', '/api/auth/login', '{"username":"\\ud800","password":"x"}'), 400, 'VALIDATION_FAILED');
      assert.equal(fieldOf(signIn), 'body.username');
      assert.match(signIn.messageEn, /unpaired UTF-16 surrogate/);
      assertBilingual(await send('POST', '/api/departments', JSON.stringify({ name: '统计局\udfff', regionCode: '370982' }), { cookie: admin }), 400);
      assert.equal(await count('audit_log'), audit);
      const created = await send('POST', '/api/departments', JSON.stringify({ name: '统计局 📊', regionCode: '370982' }), { cookie: admin });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().name, '统计局 📊');
    });

    test('a PATCH with nothing in it is a 400 "nothing to change" on every PATCH route, and changes nothing', async () => {
      const db = ctx.database.db;
      const ids: Record<string, string> = {
        '/api/departments/{id}': (await db.selectFrom('departments').select('id').executeTakeFirstOrThrow()).id,
        '/api/centers/{id}': center,
        '/api/windows/{id}': windowId,
        '/api/staff/{id}': (await db.selectFrom('staff').select('id').where('username', '=', 'guide').executeTakeFirstOrThrow()).id,
        '/api/regions/{code}': '370982',
      };
      const spec = (await send('GET', '/api/openapi.json')).json();
      const patchPaths = Object.keys(spec.paths).filter((path) => spec.paths[path].patch);
      assert.ok(patchPaths.length >= 6, `PATCH routes: ${patchPaths.join(', ')}`);
      const audit = await count('audit_log');
      for (const path of patchPaths) {
        const url = path.replace(/\{[^}]+\}/, ids[path] ?? '00000000-0000-4000-8000-000000000000');
        // Whoever may call the route: the administrator, or the clerk for applicants.
        let response = await send('PATCH', url, '{}', { cookie: admin });
        if (response.statusCode === 403) response = await send('PATCH', url, '{}', { cookie: frontdesk });
        const error = assertBilingual(response, 400, 'VALIDATION_FAILED');
        assert.match(error.message, /没有要修改的内容/, path);
        assert.match(error.messageEn, /Nothing to change/, path);
      }
      assert.equal(await count('audit_log'), audit);
      // One field is enough.
      const renamed = await send('PATCH', `/api/windows/${windowId}`, JSON.stringify({ name: '1号综合窗口' }), { cookie: admin });
      assert.equal(renamed.statusCode, 200, renamed.body);
    });

    test('a list that repeats an entry is refused naming the repeat, before the database sees it', async () => {
      const before = { audit: await count('audit_log'), classes: await count('window_classes'), cases: await count('cases') };
      const classes = assertBilingual(await send('PUT', `/api/windows/${windowId}/classes`, JSON.stringify({ codes: ['A', 'B', 'A'] }), { cookie: admin }), 400, 'VALIDATION_FAILED');
      assert.equal(fieldOf(classes), 'body.codes.2');
      assert.match(classes.message, /业务类别 A 重复/);
      assert.match(classes.messageEn, /ticket class A repeats/);

      const id = '37098219650708101';
      const person = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: frontdesk,
        idempotencyKey: true,
        body: { kind: 'person', idNumber: id + residentIdCheckChar(id), name: '王建国', phone: '13905380001', address: '新泰' },
      });
      const content = (await send('GET', '/api/items/370982-MZ-006')).json().content;
      const marks = content.materials.map((m: { key: string }) => ({ key: m.key, state: 'provided' }));
      before.audit = await count('audit_log');
      // The same material marked twice, once present and once missing: which would the clerk mean?
      const intake = await ctx.request({
        method: 'POST',
        url: '/api/cases',
        cookie: frontdesk,
        idempotencyKey: true,
        body: { itemCode: '370982-MZ-006', scenario: 'general', applicantId: person.json().id, materials: [...marks, { key: marks[0].key, state: 'missing' }], decision: 'accept' },
      });
      const error = assertBilingual(intake, 400, 'VALIDATION_FAILED');
      assert.equal(fieldOf(error), `body.materials.${marks.length}`);
      assert.match(error.message, new RegExp(`材料 ${marks[0].key} 重复`));
      assert.deepEqual({ audit: await count('audit_log'), classes: await count('window_classes'), cases: await count('cases') }, before);
    });

    test('a day that does not exist is refused by the schema, not by the database', async () => {
      const audit = await count('audit_log');
      for (const url of [`/api/centers/${center}/appointment-slots?from=2026-02-30`, `/api/centers/${center}/appointments?day=2026-13-01`]) {
        assert.match(assertBilingual(await send('GET', url, undefined, { cookie: admin }), 400, 'VALIDATION_FAILED').message, /不是有效的日期/, url);
      }
      assertBilingual(
        await ctx.request({
          method: 'POST',
          url: '/api/applicants/00000000-0000-4000-8000-000000000000/licences',
          cookie: admin,
          body: { licenceType: '营业执照', number: '1', name: '营业执照', issuer: '市场监管局', issuedOn: '2026-02-29' },
        }),
        400,
      );
      // Found by the long fuzz run: removing an override on a day that does not exist, and year 0000 (none in PostgreSQL).
      for (const day of ['2026-02-29', '2026-13-01', '0000-01-01']) {
        const error = assertBilingual(await ctx.request({ method: 'DELETE', url: `/api/calendar/overrides/370982/${day}`, cookie: admin }), 400, 'VALIDATION_FAILED');
        assert.equal(fieldOf(error), 'params.date', day);
        assertBilingual(await ctx.request({ method: 'PUT', url: `/api/calendar/overrides/370982/${day}`, cookie: admin, body: { isWorkday: true } }), 400);
      }
      assert.equal(await count('audit_log'), audit);
    });

    test('malformed uploads get 400, 413 or 415; a well-formed one is stored', async () => {
      const before = { audit: await count('audit_log'), files: await count('catalog_files') };
      const multipart = (payload: string | Buffer, boundary: string | null = 'ow-boundary') =>
        send('POST', '/api/files', payload, { cookie: admin, 'content-type': boundary === null ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}` });
      const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
      const part = (name: string, filename?: string, content = pdf) =>
        `--ow-boundary\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
      const end = '--ow-boundary--\r\n';

      assertBilingual(await multipart(part('file', 'a.txt') + end, null), 400, 'BAD_REQUEST'); // no boundary
      assertBilingual(await multipart(part('file', 'a.txt') + end, 'another-boundary'), 400); // boundary never found
      assertBilingual(await multipart(part('file', 'a.txt').slice(0, -10)), 400, 'BAD_REQUEST'); // truncated
      assert.match(assertBilingual(await multipart(end), 400).message, /没有收到文件/); // no part at all
      assert.match(assertBilingual(await multipart(part('file') + end), 400).message, /没有收到文件/); // a field, not a file
      assert.match(assertBilingual(await multipart(part('attachment', 'a.txt') + end), 400).message, /file/); // a file under another name
      assert.match(assertBilingual(await multipart(part('file', 'a.txt') + part('file', 'b.txt') + end), 400).message, /一次只能上传一个文件/);
      assert.equal(fieldOf(assertBilingual(await multipart(part('file', 'a\u0000.txt') + end), 400)), 'file.filename');
      assertBilingual(await send('POST', '/api/files', '{"file":"a.txt"}', { cookie: admin }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      assertBilingual(await send('POST', '/api/admin/catalog/import', part('file', 'catalog.xlsx', 'not a workbook').slice(0, -6), { cookie: admin, 'content-type': 'multipart/form-data; boundary=ow-boundary' }), 400);
      assert.deepEqual({ audit: await count('audit_log'), files: await count('catalog_files') }, before);

      const stored = await multipart(part('file', '申请表.pdf') + end);
      assert.equal(stored.statusCode, 201, stored.body);
      assert.equal(stored.json().name, '申请表.pdf');
      // A part with a binary type and no filename is still a file (busboy's rule); it is stored under a plain name.
      const nameless = await multipart(`--ow-boundary\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\n${pdf}\r\n${end}`);
      assert.equal(nameless.statusCode, 201, nameless.body);
      assert.equal(nameless.json().name, 'file.pdf');
    });

    test('JSON nested 100,000 deep is refused with 400 before it is parsed; long strings and arrays are ordinary 400s', async () => {
      const audit = await count('audit_log');
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      // Routes with a body schema, without one (the request digest of a write walks the body), and signed out.
      for (const [method, url] of [
        ['POST', '/api/departments'],
        ['DELETE', '/api/items/370982-MZ-006/draft'],
        ['POST', '/api/items/370982-MZ-006/publish'],
        ['POST', '/api/auth/login'],
      ] as const) {
        const error = assertBilingual(await send(method, url, `{"name":${deep}}`, { cookie: admin }), 400, 'BAD_REQUEST');
        assert.match(error.message, /嵌套层级过深/, url);
        assert.match(error.messageEn, /nests too deeply/, url);
      }
      // Brackets inside strings are text, not depth.
      const bracketsInText = await send('POST', '/api/departments', JSON.stringify({ name: '['.repeat(200), regionCode: '370982' }), { cookie: admin });
      assert.equal(fieldOf(assertBilingual(bracketsInText, 400, 'VALIDATION_FAILED')), 'body.name');
      // 64 levels is within the limit: the schema answers.
      const nested64 = '['.repeat(63) + ']'.repeat(63);
      assert.equal(assertBilingual(await send('POST', '/api/departments', `{"name":${nested64}}`, { cookie: admin }), 400).code, 'VALIDATION_FAILED');
      assertBilingual(await send('POST', '/api/departments', JSON.stringify({ name: '统'.repeat(300_000), regionCode: '370982' }), { cookie: admin }), 400, 'VALIDATION_FAILED');
      assertBilingual(await send('PUT', `/api/windows/${windowId}/classes`, JSON.stringify({ codes: Array.from({ length: 100_000 }, () => 'A') }), { cookie: admin }), 400, 'VALIDATION_FAILED');
      assert.equal(await count('audit_log'), audit);
    });

    test('the live board stream refuses bad input like any route (the fuzzer leaves it out: it never ends)', async () => {
      assert.equal(fieldOf(assertBilingual(await send('GET', '/api/centers/not-a-center/board/stream'), 400, 'VALIDATION_FAILED')), 'params.id');
      assert.equal(fieldOf(assertBilingual(await send('GET', '/api/centers/%00/board/stream'), 400)), 'params.id');
      assertBilingual(await send('GET', '/api/centers/00000000-0000-4000-8000-000000000000/board/stream'), 404, 'NOT_FOUND');
    });

    test('whatever the database still refuses is a 4xx, not a 500: the safety net under validation', async () => {
      const refusal = async (statement: Promise<unknown>) => {
        try {
          await statement;
        } catch (error) {
          return toAppError(error);
        }
        assert.fail('the database accepted it');
      };
      const db = ctx.database.db;
      const duplicate = await refusal(db.insertInto('regions').values({ code: '370982', name: '新泰市', level: 'county', parent_code: null, path: '370982' }).execute());
      assert.deepEqual([duplicate.code, duplicate.status], ['ALREADY_EXISTS', 409]);
      assert.match(duplicate.messageZh, /重复/);
      const badText = await refusal(sql`SELECT ${'a\u0000b'}::text`.execute(db));
      assert.deepEqual([badText.code, badText.status], ['VALIDATION_FAILED', 400]);
      const badUuid = await refusal(sql`SELECT ${'not-a-uuid'}::uuid`.execute(db));
      assert.equal(badUuid.status, 400);
      const badDay = await refusal(sql`SELECT ${'2026-02-30'}::date`.execute(db));
      assert.equal(badDay.status, 400);
      // A database fault that is not about the input stays a 500.
      const missingTable = await refusal(sql`SELECT * FROM no_such_table`.execute(db));
      assert.equal(missingTable.status, 500);
    });
  });
}
