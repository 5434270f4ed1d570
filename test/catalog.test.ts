import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

const dibao = '370982-MZ-001';

for (const backend of testBackends()) {
  describe(`service catalog (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const search = async (query: string) => {
      const response = await ctx.request({ method: 'GET', url: `/api/items?${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { total: number; items: { implementationCode: string; name: string; visitsRequired: number; departmentName: string; channels: string[] }[] };
    };

    test('search finds 最低生活保障 by alias, full pinyin, initials and a typo, best first, without sign-in', async () => {
      for (const q of ['低保', 'dibao', 'di%20bao', 'db', '最低生活', 'zuidishenghuo', '生活保障', '最低生活保证对象认定', 'dibo', '低保%20申请', '最低%20认定']) {
        const found = await search(`q=${encodeURIComponent(decodeURIComponent(q))}`);
        assert.equal(found.items[0]?.implementationCode, dibao, `${q} → ${found.items.map((i) => i.name).join(', ')}`);
      }
      // Several words: every one must match.
      const both = await search(`q=${encodeURIComponent('养老 备案')}`);
      assert.equal(both.items[0]?.name, '养老机构备案', both.items.map((i) => i.name).join());
      assert.deepEqual(await search(`q=${encodeURIComponent('养老 户口')}`), { total: 0, items: [] });
      const none = await search('q=xyzxyz');
      assert.deepEqual(none, { total: 0, items: [] });
    });

    test('filters: department, service object, channel and zero-visit', async () => {
      const departments = (await ctx.request({ method: 'GET', url: '/api/departments', cookie: admin })).json() as { id: string; name: string }[];
      const police = departments.find((d) => d.name === '新泰市公安局')!;
      const byDepartment = await search(`departmentId=${police.id}&limit=100`);
      assert.ok(byDepartment.total >= 3);
      assert.ok(byDepartment.items.every((i) => i.departmentName === '新泰市公安局'));
      const zeroVisit = await search('zeroVisit=true&limit=100');
      assert.ok(zeroVisit.total > 0 && zeroVisit.items.every((i) => i.visitsRequired === 0));
      const mobile = await search('channel=mobile&limit=100');
      assert.ok(mobile.items.every((i) => i.channels.includes('mobile')));
      const all = await search('limit=100');
      assert.ok(all.total >= 40 && zeroVisit.total < all.total);
      assert.equal((await ctx.request({ method: 'GET', url: '/api/items?channel=fax' })).statusCode, 400);
    });

    test('an item page carries the standard elements and its materials; an unknown code is a 404', async () => {
      const response = await ctx.request({ method: 'GET', url: `/api/items/${dibao}` });
      assert.equal(response.statusCode, 200);
      const item = response.json();
      assert.equal(item.version, 1);
      assert.equal(item.content.name, '最低生活保障对象认定');
      assert.ok(item.content.aliases.includes('低保'));
      assert.ok(item.content.legalBasis.includes('社会救助暂行办法'));
      assert.ok(item.content.materials.some((m: { source: string }) => m.source === 'licence'), 'some materials come from the licence library');
      assert.equal(item.content.delegatedToTowns, true);
      const missing = await ctx.request({ method: 'GET', url: '/api/items/370982-XX-999' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.message, '事项不存在');
    });

    test('editing a published item makes a new version on publish; the old version stays readable', async () => {
      const current = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content;
      const edited = { ...current, materials: current.materials.map((m: { key: string; notes: string }, i: number) => (i === 0 ? { ...m, notes: `${m.notes}(可由村代办员代为填写)` } : m)) };
      const saved = await ctx.request({ method: 'PUT', url: `/api/items/${dibao}/draft`, cookie: admin, body: edited, idempotencyKey: true });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual([saved.json().version, saved.json().status], [2, 'draft']);
      assert.equal((await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().version, 1, 'the public still sees version 1');
      assert.equal((await ctx.request({ method: 'GET', url: `/api/items/${dibao}/draft` })).statusCode, 401, 'drafts are not public');
      const listed = (await ctx.request({ method: 'GET', url: '/api/admin/items', cookie: admin })).json() as { implementationCode: string; version: number; status: string; draftVersion: number | null }[];
      assert.ok(listed.length >= 40);
      assert.deepEqual(listed.find((i) => i.implementationCode === dibao), {
        ...listed.find((i) => i.implementationCode === dibao), version: 1, status: 'published', draftVersion: 2,
      });
      assert.equal(listed.find((i) => i.implementationCode === '370982-GA-001')!.draftVersion, null);

      const published = await ctx.request({ method: 'POST', url: `/api/items/${dibao}/publish`, cookie: admin, idempotencyKey: true });
      assert.equal(published.statusCode, 200);
      assert.deepEqual([published.json().version, published.json().status], [2, 'published']);
      assert.match((await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content.materials[0].notes, /村代办员/);
      const versions = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}/versions` })).json();
      assert.deepEqual(versions.map((v: { version: number; status: string }) => [v.version, v.status]), [[2, 'published'], [1, 'superseded']]);
      const old = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}/versions/1` })).json();
      assert.doesNotMatch(old.content.materials[0].notes, /村代办员/);
      const again = await ctx.request({ method: 'POST', url: `/api/items/${dibao}/publish`, cookie: admin, idempotencyKey: true });
      assert.equal(again.statusCode, 409);
    });

    test('who may edit: the item’s department administrator and region administrators, nobody else', async () => {
      const content = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content;
      const put = async (username: string) =>
        (await ctx.request({ method: 'PUT', url: `/api/items/${dibao}/draft`, cookie: await ctx.signIn(username), body: content, idempotencyKey: true })).statusCode;
      assert.equal(await put('reviewer.mz'), 403);
      assert.equal(await put('admin.zhaizhen'), 403, 'a town administrator does not edit a county item');
      assert.equal(await put('admin.mz'), 200, 'the civil-affairs administrator edits civil-affairs items');
      const police = { ...(await ctx.request({ method: 'GET', url: '/api/items/370982-GA-001' })).json().content };
      const asMz = await ctx.request({ method: 'PUT', url: '/api/items/370982-GA-001/draft', cookie: await ctx.signIn('admin.mz'), body: police, idempotencyKey: true });
      assert.equal(asMz.statusCode, 403);
      assert.equal((await ctx.request({ method: 'DELETE', url: `/api/items/${dibao}/draft`, cookie: admin, idempotencyKey: true })).statusCode, 204);
    });

    test('content that breaks the rules is refused with every problem named', async () => {
      const content = (await ctx.request({ method: 'GET', url: '/api/items/370982-GA-001' })).json().content;
      const broken = {
        ...content,
        caseKind: 'promised',
        promisedDays: content.statutoryDays + 5,
        statutoryUnit: content.promisedUnit,
        materials: [{ ...content.materials[0], required: true, deferrable: true, deferrableUntil: null }],
      };
      const response = await ctx.request({ method: 'PUT', url: '/api/items/370982-GA-001/draft', cookie: admin, body: broken, idempotencyKey: true });
      assert.equal(response.statusCode, 400);
      const fields = response.json().error.details.map((d: { field: string }) => d.field);
      assert.ok(fields.includes('promisedDays'), fields.join());
      assert.ok(fields.includes('materials.0.deferrableUntil'), fields.join());
      assert.match(response.json().error.message, /容缺材料须写明补齐时点/);
    });

    test('a bundle merges its members’ forms and materials and says how many were saved', async () => {
      const list = (await ctx.request({ method: 'GET', url: '/api/bundles' })).json() as { code: string; content: { name: string } }[];
      assert.ok(list.length >= 4);
      for (const name of ['企业开办', '开办餐饮店', '出生一件事', '退休一件事']) assert.ok(list.some((b) => b.content.name.includes(name)), name);
      const birth = list.find((b) => b.content.name === '出生一件事')!;
      const view = (await ctx.request({ method: 'GET', url: `/api/bundles/${birth.code}` })).json();
      assert.equal(view.members.length, 5);
      assert.deepEqual(view.missing, []);
      assert.ok(view.merged.saved.materials > 0, 'shared materials are asked once');
      assert.equal(view.merged.materials.length, view.merged.separately.materials - view.merged.saved.materials);
      const keys = view.merged.materials.map((m: { key: string }) => m.key);
      assert.equal(new Set(keys).size, keys.length);
    });

    test('blank forms upload as multipart and download by id', async () => {
      const boundary = '----onewindow';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="低保申请书.docx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n`),
        Buffer.from('PK fake docx bytes'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const uploaded = await ctx.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': 'upload-0001' }, payload });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const file = await ctx.request({ method: 'GET', url: `/api/files/${uploaded.json().id}` });
      assert.equal(file.statusCode, 200);
      assert.equal(file.body, 'PK fake docx bytes');
      assert.match(file.headers['content-disposition'] as string, /filename\*=UTF-8''%E4%BD%8E%E4%BF%9D/);
      const asReviewer = await ctx.app.inject({ method: 'POST', url: '/api/files', headers: { cookie: await ctx.signIn('reviewer.mz'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      assert.equal(asReviewer.statusCode, 403);
    });
  });

  describe(`catalog workbook (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const system = { actor: { kind: 'system' as const, id: null, name: 'test', grants: [] } };
    const versionCount = async () => Number((await ctx.database.db.selectFrom('service_item_versions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

    async function cells(file: Buffer): Promise<string> {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      return workbook.worksheets.map((sheet) => {
        const rows: string[] = [];
        sheet.eachRow((row) => rows.push(JSON.stringify(row.values)));
        return `${sheet.name}\n${rows.join('\n')}`;
      }).join('\n\n');
    }

    test('export → import round-trips unchanged: nothing republished, the same cells exported again', async () => {
      const first = await ctx.services.catalog.exportWorkbook();
      assert.ok(first.items >= 40 && first.bundles >= 4);
      const before = await versionCount();
      const result = await ctx.services.catalog.importWorkbook(system, first.file);
      assert.deepEqual(result, { published: 0, unchanged: first.items, bundles: first.bundles });
      assert.equal(await versionCount(), before);
      const second = await ctx.services.catalog.exportWorkbook();
      assert.equal(await cells(second.file), await cells(first.file));
    });

    test('an edited row publishes a new version of that item only', async () => {
      const exported = await ctx.services.catalog.exportWorkbook();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.file as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('事项')!;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === dibao) row.getCell(25).value = '0538-7220000';
      });
      const result = await ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer()));
      assert.equal(result.published, 1);
      const item = await ctx.services.catalog.getPublished(dibao);
      assert.deepEqual([item.version, item.content.phone], [2, '0538-7220000']);
    });

    test('a workbook with mistakes changes nothing and names each by sheet, row and column', async () => {
      const exported = await ctx.services.catalog.exportWorkbook();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.file as unknown as ArrayBuffer);
      const items = workbook.getWorksheet('事项')!;
      items.getRow(2).getCell(14).value = '马上办';
      items.getRow(3).getCell(7).value = '新泰市不存在局';
      const materials = workbook.getWorksheet('材料')!;
      materials.getRow(2).getCell(6).value = '是';
      materials.getRow(2).getCell(7).value = '';
      workbook.getWorksheet('一件事')!.getRow(2).getCell(7).value = '370982-NO-SUCH;370982-MZ-002';
      const before = await versionCount();
      const auditBefore = (await ctx.database.db.selectFrom('audit_log').select('seq').execute()).length;
      await assert.rejects(ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer())), (error: { code: string; messageZh: string; details: { sheet: string; row: number; column: string; message: string }[] }) => {
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.match(error.messageZh, /导入失败,未做任何更改/);
        const where = error.details.map((d) => `${d.sheet}/${d.row}/${d.column}`);
        assert.ok(where.includes('事项/2/办件类型'), where.join(' '));
        assert.ok(where.includes('材料/2/容缺补齐时点'), where.join(' '));
        assert.ok(where.includes('一件事/2/包含事项(实施编码)'), where.join(' '));
        assert.ok(error.details.every((d) => (d as { messageEn?: string }).messageEn), 'every problem in English too');
        return true;
      });
      // The unknown department is found at write time; that also rolls back everything.
      items.getRow(2).getCell(14).value = '承诺件';
      materials.getRow(2).getCell(6).value = '否';
      workbook.getWorksheet('一件事')!.getRow(2).getCell(7).value = '370982-MZ-001;370982-MZ-002';
      await assert.rejects(ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer())), /新泰市不存在局/);
      assert.equal(await versionCount(), before);
      assert.equal((await ctx.database.db.selectFrom('audit_log').select('seq').execute()).length, auditBefore);
      await assert.rejects(ctx.services.catalog.importWorkbook(system, Buffer.from('not a workbook')), (e: { details: { message: string }[] }) => /不是有效的 Excel/.test(e.details[0]!.message));
    });
  });
}
