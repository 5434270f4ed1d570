import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { raceNeedsPostgres, testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

/** A valid resident ID number for person n (born 1980-01-01 in 新泰). */
function residentId(n: number): string {
  const first17 = `37098219800101${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** 2026-11-23 is a Monday; the test clock starts at 09:30 China time. */
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`).toISOString();

for (const backend of testBackends()) {
  describe(`appointments: slots, booking limits, check-in before walk-ins, no-shows and reminders (${backend.name})`, () => {
    let ctx: TestContext;
    let center: string;
    let window1: string;

    before(async () => {
      ctx = await createTestContext(backend);
      const db = ctx.database.db;
      center = (await db.selectFrom('centers').select('id').where('name', '=', '新泰市政务服务中心').executeTakeFirstOrThrow()).id;
      window1 = (await db.selectFrom('windows').select('id').where('center_id', '=', center).where('number', '=', 1).executeTakeFirstOrThrow()).id;
    });
    after(() => ctx.close());

    const book = (person: number, slotStart: string, extra: Record<string, unknown> = {}) =>
      ctx.request({ method: 'POST', url: `/api/centers/${center}/appointments`, body: { classCode: 'B', slotStart, name: `预约人${person}`, idNumber: residentId(person), phone: '13905380000', ...extra } });
    const slotsOf = async (day: string) => {
      const response = await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointment-slots?classCode=B&from=${day}&days=1` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().days[0];
    };
    const hhmm = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

    test('slots follow the calendar: working days, extended hours on Tuesday, Saturday 5+X, none on Sunday; passed slots are gone', async () => {
      const monday = await slotsOf('2026-11-23');
      assert.equal(monday.dayKind, 'working');
      assert.equal(hhmm(monday.slots[0].start), '10:00', '09:00 and 09:30 have begun');
      assert.deepEqual(
        monday.slots.filter((s: { kind: string }) => s.kind === 'extended'),
        [],
      );
      const tuesday = await slotsOf('2026-11-24');
      assert.deepEqual(
        tuesday.slots.filter((s: { kind: string }) => s.kind === 'extended').map((s: { start: string; capacity: number }) => `${hhmm(s.start)}×${s.capacity}`),
        ['17:30×2', '18:00×2', '18:30×2'],
      );
      const saturday = await slotsOf('2026-11-28');
      assert.deepEqual([saturday.dayKind, saturday.slots.map((s: { start: string }) => hhmm(s.start))], ['rest', ['09:00', '10:00', '11:00']]);
      const sunday = await slotsOf('2026-11-29');
      assert.deepEqual([sunday.dayKind, sunday.slots], ['rest', []]);
      const templates = (await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointment-templates` })).json();
      assert.ok(templates.some((t: { kind: string; classCode: string }) => t.kind === 'weekend' && t.classCode === 'D'));
    });

    test('bad bookings get a 4xx that says why, and write nothing', async () => {
      const before = await ctx.database.db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal((await book(1, at('2026-11-23', '10:00'), { idNumber: '370982198001010001' })).statusCode, 400, 'a wrong check digit');
      assert.equal((await book(1, at('2026-11-23', '10:00'), { phone: '12345' })).statusCode, 400);
      const odd = await book(1, at('2026-11-23', '10:15'));
      assert.equal(odd.statusCode, 400);
      assert.match(odd.json().error.message, /不开放预约/);
      assert.equal((await book(1, at('2026-11-23', '09:00'))).statusCode, 400, 'a slot that has begun');
      assert.equal((await book(1, at('2026-12-31', '10:00'))).statusCode, 400, 'beyond 14 days');
      const after = await ctx.database.db
        .selectFrom('appointments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
    });

    test('a slot never takes more than its capacity, even when everyone books at once', { skip: raceNeedsPostgres(backend) }, async () => {
      const slot = at('2026-11-23', '10:30');
      const results = await Promise.all([11, 12, 13, 14, 15, 16].map((p) => book(p, slot)));
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 201, 201, 201, 409, 409]);
      const full = results.find((r) => r.statusCode === 409)!;
      assert.equal(full.json().error.details.reason, 'slot_full');
      assert.equal(full.json().error.code, 'SLOT_FULL');
      const left = (await slotsOf('2026-11-23')).slots.find((s: { start: string }) => s.start === slot).left;
      assert.equal(left, 0);
    });

    test('one person holds at most two open bookings; cancelling frees the place; the code alone reveals nothing', async () => {
      const first = await book(2, at('2026-11-24', '10:00'));
      assert.equal(first.statusCode, 201, first.body);
      assert.match(first.json().code, /^[2-9A-HJKMNP-Z]{6}$/);
      assert.match(first.json().idMasked, /^3709\*+[0-9X]{2,4}$|^370982\*+/);
      assert.ok(!first.body.includes(residentId(2)), 'the ID number is never echoed');
      assert.equal((await book(2, at('2026-11-24', '10:30'))).statusCode, 201);
      const third = await book(2, at('2026-11-24', '11:00'));
      assert.equal(third.statusCode, 409);
      assert.equal(third.json().error.details.reason, 'person_limit');
      const code = first.json().code;
      assert.equal((await ctx.request({ method: 'POST', url: '/api/appointments/cancel', body: { code, idNumber: residentId(3) } })).statusCode, 404, 'someone else’s ID');
      const lookup = await ctx.request({ method: 'POST', url: '/api/appointments/lookup', body: { code: code.toLowerCase(), idNumber: residentId(2) } });
      assert.equal(lookup.json().status, 'booked');
      const leftBefore = (await slotsOf('2026-11-24')).slots.find((s: { start: string }) => s.start === at('2026-11-24', '10:00')).left;
      const cancelled = await ctx.request({ method: 'POST', url: '/api/appointments/cancel', body: { code, idNumber: residentId(2) } });
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal((await slotsOf('2026-11-24')).slots.find((s: { start: string }) => s.start === at('2026-11-24', '10:00')).left, leftBefore + 1);
      assert.equal((await book(2, at('2026-11-24', '11:00'))).statusCode, 201, 'a place again under the limit');
    });

    test('check-in opens half an hour before; once the slot begins the appointment is called before earlier walk-ins', async () => {
      const booking = (await book(4, at('2026-11-23', '11:00'))).json();
      const early = await ctx.request({ method: 'POST', url: `/api/centers/${center}/check-in`, body: { code: booking.code } });
      assert.equal(early.statusCode, 409);
      assert.match(early.json().error.message, /签到 10:30 开始/);
      ctx.clock.advance(70 * 60_000); // 10:40
      const walkIn = (await ctx.request({ method: 'POST', url: `/api/centers/${center}/tickets`, body: { classCode: 'B' } })).json();
      ctx.clock.advance(5 * 60_000); // 10:45
      const checkedIn = await ctx.request({ method: 'POST', url: `/api/centers/${center}/check-in`, body: { idNumber: residentId(4) } });
      assert.equal(checkedIn.statusCode, 201, checkedIn.body);
      assert.deepEqual([checkedIn.json().appointment.status, checkedIn.json().ticket.priority], ['checked_in', 'appointment']);
      assert.equal((await ctx.request({ method: 'POST', url: `/api/centers/${center}/check-in`, body: { code: booking.code } })).statusCode, 409, 'once');
      ctx.clock.advance(16 * 60_000); // 11:01, the slot has begun
      const frontdesk = await ctx.signIn('frontdesk');
      await ctx.request({ method: 'POST', url: `/api/windows/${window1}/open`, cookie: frontdesk, body: {}, idempotencyKey: true });
      const call = async () => (await ctx.request({ method: 'POST', url: `/api/windows/${window1}/call-next`, cookie: frontdesk, body: {}, idempotencyKey: true })).json().ticket;
      assert.equal((await call()).number, checkedIn.json().ticket.number, 'the appointment on time first');
      assert.equal((await call()).number, walkIn.number, 'then the walk-in');
    });

    test('the sweep marks unattended bookings as no-shows and reminds tomorrow’s once; three no-shows stop online booking', async () => {
      const now = ctx.clock.now();
      const today = now.toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' });
      assert.equal((await book(5, at(today, '13:30'))).statusCode, 201);
      assert.equal((await book(5, at(today, '14:00'))).statusCode, 201);
      ctx.clock.advance(6 * 3_600_000); // 17:01: both slots over
      const first = await ctx.services.appointments.sweep();
      assert.ok(first.noShows >= 2, JSON.stringify(first));
      assert.ok(first.reminders >= 1, 'tomorrow’s bookings are reminded');
      const reminders = await ctx.database.db.selectFrom('outbox').select('payload').where('topic', '=', 'notification.sms').execute();
      assert.ok(reminders.some((r) => (r.payload as { template: string }).template === 'appointment_reminder'));
      const again = await ctx.services.appointments.sweep();
      assert.deepEqual(again, { noShows: 0, reminders: 0 }, 'nobody is told twice');

      const tomorrow = '2026-11-24';
      assert.equal((await book(5, at(tomorrow, '09:00'))).statusCode, 201);
      ctx.clock.advance(17 * 3_600_000); // 10:01 next day
      await ctx.services.appointments.sweep();
      const blocked = await book(5, at(tomorrow, '15:00'));
      assert.equal(blocked.statusCode, 409);
      assert.equal(blocked.json().error.details.reason, 'no_show_limit');
      assert.match(blocked.json().error.message, /爽约 3 次/);
      const list = await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointments?day=${today}`, cookie: await ctx.signIn('guide') });
      assert.ok(list.json().filter((a: { status: string }) => a.status === 'no_show').length >= 2);
      assert.equal((await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointments?day=${today}`, cookie: await ctx.signIn('reviewer.mz') })).statusCode, 403);
    });

    test('administrators add and retire slot templates; others may not', async () => {
      const body = { classCode: 'C', kind: 'weekend', weekdays: [6], startTime: '09:00', endTime: '11:00', slotMinutes: 60, capacity: 2 };
      assert.equal((await ctx.request({ method: 'POST', url: `/api/centers/${center}/appointment-templates`, cookie: await ctx.signIn('guide'), body, idempotencyKey: true })).statusCode, 403);
      assert.equal(
        (await ctx.request({ method: 'POST', url: `/api/centers/${center}/appointment-templates`, cookie: await ctx.signIn('admin.zhaizhen'), body, idempotencyKey: true })).statusCode,
        403,
        'a town administrator, not at the city center',
      );
      const admin = await ctx.signIn('admin');
      const wrongDay = await ctx.request({ method: 'POST', url: `/api/centers/${center}/appointment-templates`, cookie: admin, body: { ...body, weekdays: [3] }, idempotencyKey: true });
      assert.equal(wrongDay.statusCode, 400);
      assert.match(wrongDay.json().error.message, /周六、周日/);
      const created = await ctx.request({ method: 'POST', url: `/api/centers/${center}/appointment-templates`, cookie: admin, body, idempotencyKey: true });
      assert.equal(created.statusCode, 201, created.body);
      const saturday = (await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointment-slots?classCode=C&from=2026-11-28&days=1` })).json().days[0];
      assert.equal(saturday.slots.length, 2);
      assert.equal((await ctx.request({ method: 'DELETE', url: `/api/centers/${center}/appointment-templates/${created.json().id}`, cookie: admin, idempotencyKey: true })).statusCode, 204);
      assert.equal((await ctx.request({ method: 'GET', url: `/api/centers/${center}/appointment-slots?classCode=C&from=2026-11-28&days=1` })).json().days[0].slots.length, 0);
    });
  });
}
