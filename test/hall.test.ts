import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { openEventStream } from './support/event-stream.ts';
import { completeForm } from './support/forms.ts';
import { addSecondCounty, allProvided } from './support/second-county.ts';

for (const backend of testBackends()) {
  describe(`the service hall: tickets, windows, calls (${backend.name})`, () => {
    let ctx: TestContext;
    let center: string;
    const windows = new Map<number, string>();

    before(async () => {
      ctx = await createTestContext(backend);
      const db = ctx.database.db;
      center = (await db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
      for (const w of await db.selectFrom('windows').select(['id', 'number']).where('center_id', '=', center).execute()) windows.set(w.number, w.id);
    });
    after(() => ctx.close());

    // Each ticket a second after the last, as at a real kiosk.
    const take = async (classCode: string, priority?: 'green') => {
      const response = await ctx.request({ method: 'POST', url: `/api/centers/${center}/tickets`, body: { classCode, ...(priority ? { priority } : {}) }, ...(priority ? { cookie: await ctx.signIn('guide') } : {}) });
      ctx.clock.advance(1000);
      return response;
    };
    const open = async (username: string, number: number) => {
      const response = await ctx.request({ method: 'POST', url: `/api/windows/${windows.get(number)}/open`, cookie: await ctx.signIn(username), body: {}, idempotencyKey: true });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const callNext = async (username: string, number: number) => ctx.request({ method: 'POST', url: `/api/windows/${windows.get(number)}/call-next`, cookie: await ctx.signIn(username), body: {}, idempotencyKey: true });
    const act = async (username: string, ticketId: string, body: Record<string, unknown>) => ctx.request({ method: 'POST', url: `/api/tickets/${ticketId}/actions`, cookie: await ctx.signIn(username), body, idempotencyKey: true });

    test('a kiosk issues numbers per class and day without signing in, and says how many are ahead', async () => {
      const classes = (await ctx.request({ method: 'GET', url: `/api/centers/${center}/ticket-classes` })).json();
      assert.deepEqual(
        classes.map((c: { code: string; name: string }) => `${c.code} ${c.name}`),
        ['A 综合受理(无差别)', 'B 市场准入', 'C 投资建设', 'D 社会事务', 'E 出件', 'F 咨询'],
      );
      const first = await take('A');
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual([first.json().number, first.json().ahead, first.json().status], ['A001', 0, 'waiting']);
      const second = (await take('A')).json();
      assert.deepEqual([second.number, second.ahead], ['A002', 1]);
      assert.equal((await take('D')).json().number, 'D001');
      const unknown = await take('Z');
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().error.message, /没有业务类别 Z/);
    });

    test('concurrent kiosks never share a number', { skip: raceNeedsPostgres(backend) }, async () => {
      const issued = await Promise.all(Array.from({ length: 30 }, () => take('B')));
      const numbers = issued.map((r) => r.json().number).sort();
      assert.deepEqual(
        numbers,
        Array.from({ length: 30 }, (_, i) => `B${String(i + 1).padStart(3, '0')}`),
      );
    });

    test('a window calls green channel first, then first come first served; only the clerk signed in at it may call', async () => {
      assert.equal((await callNext('frontdesk', 1)).statusCode, 409, 'not signed in at the window');
      assert.equal((await ctx.request({ method: 'POST', url: `/api/windows/${windows.get(1)}/open`, cookie: await ctx.signIn('reviewer.mz'), body: {}, idempotencyKey: true })).statusCode, 403);
      const opened = await open('frontdesk', 1);
      assert.deepEqual(opened.classCodes, ['A', 'B', 'C', 'D']);
      const refused = await ctx.request({ method: 'POST', url: `/api/centers/${center}/tickets`, body: { classCode: 'A', priority: 'green' } });
      assert.equal(refused.statusCode, 403, 'a bare kiosk gives no green-channel ticket');
      assert.match(refused.json().error.message, /导办员/);
      const green = (await take('A', 'green')).json();
      const call = await callNext('frontdesk', 1);
      assert.equal(call.statusCode, 200, call.body);
      assert.equal(call.json().ticket.number, green.number, 'the green channel goes first');
      assert.equal(call.json().ticket.announcement, `请${green.number}号到1号窗口办理`);
      assert.deepEqual(call.json().ticket.actions, ['recall', 'skip', 'serve', 'transfer']);
      const next = (await callNext('frontdesk', 1)).json().ticket;
      assert.equal(next.number, 'A001', 'then the earliest ticket');
      await open('issuer', 9);
      assert.equal((await callNext('issuer', 9)).json().ticket, null, 'nobody waits for 出件');
    });

    test('two windows calling at once never get the same ticket', { skip: raceNeedsPostgres(backend) }, async () => {
      await open('frontdesk', 1);
      await open('issuer', 2);
      const calls = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? callNext('frontdesk', 1) : callNext('issuer', 2))));
      for (const c of calls) assert.equal(c.statusCode, 200, c.body);
      const numbers = calls.map((c) => c.json().ticket?.number).filter(Boolean);
      assert.equal(new Set(numbers).size, numbers.length, `distinct: ${numbers.join(' ')}`);
      const rows = await ctx.database.db.selectFrom('tickets').select(['number', 'window_id']).where('status', '=', 'called').execute();
      assert.equal(new Set(rows.map((r) => r.number)).size, rows.length);
    });

    test('recall, no-show, transfer keeping its place, then serve and finish linked to a case, which records the visit', async () => {
      await open('frontdesk', 3);
      await open('issuer', 9);
      // Drain the queue of window 3's classes, then take fresh tickets.
      while ((await callNext('frontdesk', 3)).json().ticket) {
        /* called away */
      }
      const a = (await take('A')).json();
      const b = (await take('A')).json();
      const called = (await callNext('frontdesk', 3)).json().ticket;
      assert.equal(called.number, a.number);
      const recalled = await act('frontdesk', called.id, { action: 'recall' });
      assert.equal(recalled.json().callCount, 2);
      assert.equal((await act('frontdesk', called.id, { action: 'skip' })).json().status, 'no_show');
      assert.equal((await act('frontdesk', called.id, { action: 'serve' })).statusCode, 409, 'a no-show is not served');

      const second = (await callNext('frontdesk', 3)).json().ticket;
      assert.equal(second.number, b.number);
      const moved = await act('frontdesk', second.id, { action: 'transfer', classCode: 'E' });
      assert.deepEqual([moved.json().status, moved.json().transfers, moved.json().classCode], ['waiting', 1, 'E']);
      const atIssuance = (await callNext('issuer', 9)).json().ticket;
      assert.equal(atIssuance.number, b.number, 'called at 出件 with its number');
      assert.equal((await act('frontdesk', atIssuance.id, { action: 'serve' })).statusCode, 409, 'another window’s ticket');
      assert.equal((await act('issuer', atIssuance.id, { action: 'serve' })).json().status, 'serving');

      const frontdesk = await ctx.signIn('frontdesk');
      const id = '37098219770101' + '123';
      const applicant = (
        await ctx.request({ method: 'POST', url: '/api/applicants', cookie: frontdesk, idempotencyKey: true, body: { kind: 'person', idNumber: id + residentIdCheckChar(id), name: '窗口来人', phone: '13905389999', address: '新泰' } })
      ).json();
      const item = await ctx.services.catalog.getPublished('370982-MZ-004');
      const marks = item.content.materials.filter((m) => m.required && m.scenarios.length === 0).map((m) => ({ key: m.key, state: 'provided' }));
      const c = (
        await ctx.request({
          method: 'POST',
          url: '/api/cases',
          cookie: frontdesk,
          idempotencyKey: randomUUID(),
          body: { itemCode: '370982-MZ-004', applicantId: applicant.id, channel: 'web', form: completeForm(item.content.formFields), materials: marks, decision: 'accept' },
        })
      ).json();
      assert.equal(c.visits, 0, 'applied online');
      const linked = await act('issuer', atIssuance.id, { action: 'link', caseIds: [c.id] });
      assert.deepEqual([linked.json().status, linked.json().caseIds], ['serving', [c.id]], linked.body);
      assert.equal((await act('issuer', atIssuance.id, { action: 'link', caseIds: [randomUUID()] })).statusCode, 404, 'an unknown case is not linked');
      const finished = await act('issuer', atIssuance.id, { action: 'finish', caseIds: [c.id] });
      assert.equal(finished.json().status, 'done', finished.body);
      assert.deepEqual(finished.json().caseIds, [c.id]);
      const after = (await ctx.request({ method: 'GET', url: `/api/cases/${c.id}`, cookie: frontdesk })).json();
      assert.equal(after.visits, 1, 'coming to the window for it is one trip');
    });

    test('the display board shows waiting per class and the latest calls with what the speakers say', async () => {
      const board = await ctx.request({ method: 'GET', url: `/api/centers/${center}/board` });
      assert.equal(board.statusCode, 200);
      const data = board.json();
      assert.equal(data.center.name, '新泰市政务服务中心');
      assert.ok(data.classes.some((c: { code: string; waiting: number }) => c.code === 'B' && c.waiting >= 0));
      assert.ok(data.recent.length > 0);
      assert.match(data.recent[0].announcement, /^请[A-F]\d{3}号到\d+号窗口办理$/);
      assert.equal((await ctx.request({ method: 'POST', url: `/api/windows/${windows.get(1)}/call-next`, body: {} })).statusCode, 401);
    });

    test('a display on the live stream gets the board, then each call as it is made, with what the speakers say', async () => {
      const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const missing = await fetch(`${address}/api/centers/${randomUUID()}/board/stream`);
      assert.equal(missing.status, 404, 'an unknown center is a plain 404, not a stream');
      const display = await openEventStream(`${address}/api/centers/${center}/board/stream`);
      try {
        assert.equal(display.status, 200);
        assert.match(display.contentType, /^text\/event-stream/);
        const first = await display.next('board');
        assert.equal(first.data.center.name, '新泰市政务服务中心');
        await open('frontdesk', 5);
        while ((await callNext('frontdesk', 5)).json().ticket) {
          /* an empty queue first */
        }
        const ticket = (await take('C')).json();
        const waitingNow = await display.next('board', (b) => b.classes.find((c: { code: string }) => c.code === 'C').waiting === 1);
        assert.ok(waitingNow, 'the waiting count follows the kiosk');
        const called = (await callNext('frontdesk', 5)).json().ticket;
        const call = await display.next('call', (c) => c.number === ticket.number);
        assert.deepEqual([call.data.windowNumber, call.data.announcement], [5, `请${ticket.number}号到5号窗口办理`]);
        await act('frontdesk', called.id, { action: 'recall' });
        assert.equal((await display.next('call', (c) => c.number === ticket.number)).data.announcement, `请${ticket.number}号到5号窗口办理`, 'a recall is spoken again');
        const board = await display.next('board', (b) => b.recent[0]?.number === ticket.number);
        assert.equal(board.data.recent[0].windowNumber, 5);
      } finally {
        display.close();
      }
    });

    test('statistics: waiting and service minutes per class and window (median, 90th percentile), no-shows, transfers, longest waits now', async () => {
      const db = ctx.database.db;
      const town = (await db.selectFrom('centers').select('id').where('region_code', '=', '370982103').where('level', '=', 'town').executeTakeFirstOrThrow()).id;
      const townWindows = new Map((await db.selectFrom('windows').select(['id', 'number']).where('center_id', '=', town).execute()).map((w) => [w.number, w.id]));
      const frontdesk = await ctx.signIn('frontdesk');
      const post = (url: string, body: unknown = {}) => ctx.request({ method: 'POST', url, cookie: frontdesk, body, idempotencyKey: true });
      assert.equal((await post(`/api/windows/${townWindows.get(1)}/open`)).statusCode, 200);
      const minute = 60_000;
      // Five tickets a minute apart (the last at +4); called at +5, +5, +8, +15, +29: waits 5, 4, 6, 12, 25 minutes.
      const tickets = [];
      for (let i = 0; i < 5; i++) {
        tickets.push((await ctx.request({ method: 'POST', url: `/api/centers/${town}/tickets`, body: { classCode: 'A' } })).json());
        ctx.clock.advance(minute);
      }
      const waits = [5, 4, 6, 12, 25];
      const served = [];
      for (let i = 0; i < 5; i++) {
        const due = new Date(tickets[i].issuedAt).getTime() + waits[i]! * minute;
        ctx.clock.advance(Math.max(0, due - ctx.clock.now().getTime()));
        const call = await post(`/api/windows/${townWindows.get(1)}/call-next`);
        assert.equal(call.json().ticket.number, tickets[i].number);
        served.push(call.json().ticket);
        if (i === 0) {
          assert.equal((await post(`/api/tickets/${call.json().ticket.id}/actions`, { action: 'skip' })).statusCode, 200);
        } else if (i === 1) {
          assert.equal((await post(`/api/tickets/${call.json().ticket.id}/actions`, { action: 'transfer', classCode: 'D' })).statusCode, 200);
        } else {
          await post(`/api/tickets/${call.json().ticket.id}/actions`, { action: 'serve' });
          ctx.clock.advance(i * 3 * minute); // 6, 9, 12 minutes of service
          assert.equal((await post(`/api/tickets/${call.json().ticket.id}/actions`, { action: 'finish' })).json().status, 'done');
        }
      }
      const waiting = (await ctx.request({ method: 'POST', url: `/api/centers/${town}/tickets`, body: { classCode: 'B' } })).json();
      ctx.clock.advance(7 * minute);
      const day = ctx.clock.now().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
      const forbidden = await ctx.request({ method: 'GET', url: `/api/centers/${town}/hall-stats?from=${day}&to=${day}`, cookie: frontdesk });
      assert.equal(forbidden.statusCode, 403, 'a front-desk clerk does not read hall statistics');
      const response = await ctx.request({ method: 'GET', url: `/api/centers/${town}/hall-stats?from=${day}&to=${day}`, cookie: await ctx.signIn('supervisor') });
      assert.equal(response.statusCode, 200, response.body);
      const stats = response.json();
      assert.deepEqual(
        [stats.totals.issued, stats.totals.called, stats.totals.served, stats.totals.noShows, stats.totals.transfers, stats.totals.waitMedian, stats.totals.waitP90, stats.totals.serviceMedian, stats.totals.serviceP90],
        [6, 5, 3, 1, 1, 6, 25, 9, 12],
      );
      const classA = stats.byClass.find((c: { code: string }) => c.code === 'A');
      assert.deepEqual([classA.issued, classA.called, classA.waitMedian], [5, 5, 6]);
      assert.deepEqual(
        stats.byWindow.map((w: { number: number; called: number }) => [w.number, w.called]),
        [[1, 5]],
      );
      assert.deepEqual(
        stats.byDay.map((d: { day: string }) => d.day),
        [day],
      );
      assert.equal(stats.longestWaiting[0].number, tickets[1].number, 'the transferred ticket kept its place and waits longest');
      assert.ok(stats.longestWaiting.some((t: { number: string; minutes: number }) => t.number === waiting.number && t.minutes === 7));
      const bad = await ctx.request({ method: 'GET', url: `/api/centers/${town}/hall-stats?from=${day}&to=2020-01-01`, cookie: await ctx.signIn('supervisor') });
      assert.equal(bad.statusCode, 400);
    });

    test('a printed ticket’s QR shows where it stands, without signing in', async () => {
      const ticket = (await take('F')).json();
      const status = await ctx.request({ method: 'GET', url: `/api/tickets/${ticket.id}/status` });
      assert.equal(status.statusCode, 200);
      assert.deepEqual([status.json().number, status.json().status, status.json().centerName], [ticket.number, 'waiting', '新泰市政务服务中心']);
      assert.equal((await ctx.request({ method: 'GET', url: `/api/tickets/${randomUUID()}/status` })).statusCode, 404);
    });

    test('administrators rename, add, map items to and retire classes; kiosks offer only classes in use', async () => {
      const admin = await ctx.signIn('admin');
      const put = (code: string, body: unknown, cookie = admin) => ctx.request({ method: 'PUT', url: `/api/centers/${center}/ticket-classes/${code}`, cookie, body, idempotencyKey: true });
      assert.equal((await put('G', { name: '不动产登记' }, await ctx.signIn('guide'))).statusCode, 403);
      assert.equal((await put('G', { name: '不动产登记', itemCodes: ['NO-SUCH-ITEM'] })).statusCode, 400);
      const added = await put('G', { name: '不动产登记', nameEn: 'Real estate', itemCodes: ['370982-MZ-004'] });
      assert.equal(added.statusCode, 200, added.body);
      assert.deepEqual([added.json().code, added.json().itemCodes], ['G', ['370982-MZ-004']]);
      assert.equal((await take('G')).json().number, 'G001');
      assert.equal((await put('G', { name: '不动产登记', active: false })).statusCode, 200);
      const offered = (await ctx.request({ method: 'GET', url: `/api/centers/${center}/ticket-classes` })).json().map((c: { code: string }) => c.code);
      assert.ok(!offered.includes('G'));
      assert.equal((await take('G')).statusCode, 400, 'a retired class issues no tickets');
    });
    test('a clerk linking a ticket to a case outside their grants is refused as unknown, and nothing is written', async () => {
      const second = await addSecondCounty(ctx.services);
      // A case received in 肥城 (another county), and one of 新泰 that the 新泰 clerk may link.
      const register = async (username: string, first17: string, name: string) =>
        (
          await ctx.request({
            method: 'POST',
            url: '/api/applicants',
            cookie: await ctx.signIn(username),
            idempotencyKey: true,
            body: { kind: 'person', idNumber: first17 + residentIdCheckChar(first17), name, phone: '13905381111', address: '' },
          })
        ).json();
      const intake = async (username: string, itemCode: string, applicantId: string, scenario: string | null) => {
        const item = await ctx.services.catalog.getPublished(itemCode);
        const created = await ctx.request({
          method: 'POST',
          url: '/api/cases',
          cookie: await ctx.signIn(username),
          idempotencyKey: randomUUID(),
          body: { itemCode, scenario, applicantId, channel: 'web', materials: allProvided(item.content, scenario), form: completeForm(item.content.formFields), decision: 'accept' },
        });
        assert.equal(created.statusCode, 201, created.body);
        return created.json();
      };
      const elsewhere = await intake('fc.frontdesk', second.itemCode, (await register('fc.frontdesk', '37098319820506064', '外县来人')).id, 'general');
      const here = await intake('frontdesk', '370982-MZ-004', (await register('frontdesk', '37098219830607065', '本县来人')).id, null);

      await open('frontdesk', 1);
      while ((await callNext('frontdesk', 1)).json().ticket) {
        /* an empty queue first */
      }
      await take('A');
      const ticket = (await callNext('frontdesk', 1)).json().ticket;
      assert.equal((await act('frontdesk', ticket.id, { action: 'serve' })).statusCode, 200);

      const db = ctx.database.db;
      const visits = async () => (await db.selectFrom('case_visits').select('case_id').where('case_id', 'in', [here.id, elsewhere.id]).execute()).length;
      const audits = async () =>
        Number(
          (
            await db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = { visits: await visits(), audits: await audits() };
      for (const caseIds of [[elsewhere.id], [here.id, elsewhere.id]]) {
        for (const action of ['link', 'finish']) {
          const refused = await act('frontdesk', ticket.id, { action, caseIds });
          assert.equal(refused.statusCode, 404, refused.body);
          assert.equal(refused.json().error.message, `办件 ${elsewhere.id}不存在`, 'the same answer as for a case that does not exist');
        }
      }
      assert.deepEqual({ visits: await visits(), audits: await audits() }, before, 'no visit, no audit row: the whole write rolled back');
      const rows = await db.selectFrom('cases').select(['id', 'visits']).where('id', 'in', [here.id, elsewhere.id]).execute();
      assert.deepEqual(
        rows.map((r) => r.visits),
        [0, 0],
      );
      const unchanged = await db.selectFrom('tickets').select(['status', 'case_ids']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
      assert.deepEqual([unchanged.status, unchanged.case_ids], ['serving', []]);
      // The case of the clerk's own county is linked as before.
      const linked = await act('frontdesk', ticket.id, { action: 'link', caseIds: [here.id] });
      assert.deepEqual([linked.statusCode, linked.json().caseIds], [200, [here.id]], linked.body);
      assert.equal(await visits(), 1);
    });
  });
}
