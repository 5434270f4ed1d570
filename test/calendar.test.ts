import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';

for (const backend of testBackends()) {
  describe(`working-day calendar (${backend.name})`, () => {
    let ctx: TestContext;
    let admin: string;
    before(async () => {
      ctx = await createTestContext(backend);
      admin = await ctx.signIn('admin');
    });
    after(() => ctx.close());

    const due = async (query: string) => ctx.request({ method: 'GET', url: `/api/calendar/due-date?${query}` });

    test('GET /api/calendar/due-date counts working days from the day after, skipping holidays (public)', async () => {
      const response = await due('from=2026-09-30&workingDays=1');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { dueDate: '2026-10-08' });
      assert.deepEqual((await due('from=2026-11-20&workingDays=5')).json(), { dueDate: '2026-11-27' });
      // The Spring Festival of 2026 (15–23 February) and the make-up Saturday 28 February.
      assert.deepEqual((await due('from=2026-02-13&workingDays=2')).json(), { dueDate: '2026-02-24' });
      assert.deepEqual((await due('from=2026-02-26&workingDays=2')).json(), { dueDate: '2026-02-28' });
    });

    test('natural days count calendar days, moved off a closing day off', async () => {
      assert.deepEqual((await due('from=2026-11-23&naturalDays=10')).json(), { dueDate: '2026-12-03' });
      assert.deepEqual((await due('from=2026-09-28&naturalDays=7')).json(), { dueDate: '2026-10-08' });
    });

    test('a date beyond the known calendar is a 422 that says which year, never a guess', async () => {
      const response = await due('from=2026-12-20&workingDays=20');
      assert.equal(response.statusCode, 422);
      assert.equal(response.json().error.code, 'CALENDAR_UNKNOWN');
      assert.match(response.json().error.message, /2027 年的节假日安排尚未公布/);
      assert.match(response.json().error.messageEn, /2027/);
    });

    test('bad queries are 400s in both languages', async () => {
      for (const query of ['from=2026-02-30&workingDays=1', 'from=20261130&workingDays=1', 'from=2026-11-30', 'from=2026-11-30&workingDays=1&naturalDays=1', 'from=2026-11-30&workingDays=-1']) {
        const response = await due(query);
        assert.equal(response.statusCode, 400, query);
        assert.ok(response.json().error.message && response.json().error.messageEn);
      }
    });

    test('an administrator sets local days and publishes a year; the most specific region wins', async () => {
      const set = (region: string, date: string, isWorkday: boolean, note: string) => ctx.request({ method: 'PUT', url: `/api/calendar/overrides/${region}/${date}`, cookie: admin, body: { isWorkday, note }, idempotencyKey: true });
      assert.equal((await set('370982', '2026-11-24', false, '台风停工')).statusCode, 200);
      assert.deepEqual((await due('from=2026-11-23&workingDays=1&regionCode=370982')).json(), { dueDate: '2026-11-25' });
      assert.deepEqual((await due('from=2026-11-23&workingDays=1')).json(), { dueDate: '2026-11-24' }, 'other regions are unaffected');
      // 翟镇 opens that day anyway: a town under the county overrides the county.
      assert.equal((await set('370982103', '2026-11-24', true, '翟镇照常办公')).statusCode, 200);
      assert.deepEqual((await due('from=2026-11-23&workingDays=1&regionCode=370982103')).json(), { dueDate: '2026-11-24' });

      // 2027: enter New Year's Day off, then declare the year entered.
      assert.equal((await set('370982', '2027-01-01', false, '元旦')).statusCode, 200);
      assert.equal((await due('from=2026-12-30&workingDays=2&regionCode=370982')).statusCode, 422);
      const published = await ctx.request({ method: 'PUT', url: '/api/calendar/years/370982/2027', cookie: admin, body: { note: '按国务院办公厅通知录入' }, idempotencyKey: true });
      assert.equal(published.statusCode, 204);
      assert.deepEqual((await due('from=2026-12-30&workingDays=2&regionCode=370982')).json(), { dueDate: '2027-01-04' });

      const year = await ctx.request({ method: 'GET', url: '/api/calendar?regionCode=370982103&year=2026', cookie: admin });
      assert.equal(year.statusCode, 200);
      assert.ok(year.json().holidays.includes('2026-10-01'));
      assert.ok(year.json().makeUpWorkdays.includes('2026-10-10'));
      assert.deepEqual(
        year
          .json()
          .overrides.map((o: { regionCode: string }) => o.regionCode)
          .sort(),
        ['370982', '370982103'],
      );
      assert.ok(year.json().knownYears.includes(2027));
    });

    test('a town administrator cannot change the county calendar', async () => {
      const town = await ctx.signIn('admin.zhaizhen');
      const response = await ctx.request({ method: 'PUT', url: '/api/calendar/overrides/370982/2026-12-01', cookie: town, body: { isWorkday: false }, idempotencyKey: true });
      assert.equal(response.statusCode, 403);
      const own = await ctx.request({ method: 'PUT', url: '/api/calendar/overrides/370982103/2026-12-01', cookie: town, body: { isWorkday: false, note: '镇集中培训' }, idempotencyKey: true });
      assert.equal(own.statusCode, 200);
    });
  });
}
