import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareTickets, spokenCall, ticketActionsFor, ticketNumber, type QueuedTicket } from './hall.ts';

test('ticket numbers are the class code and a three-digit sequence', () => {
  assert.equal(ticketNumber('A', 1), 'A001');
  assert.equal(ticketNumber('D', 1234), 'D1234');
  assert.throws(() => ticketNumber('A', 0), RangeError);
});

test('green channel first, then appointments on time, then first come first served; an early appointment waits its turn', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const walkIn: QueuedTicket = { priority: 'normal', slotStart: null, issuedAt: at(-30) };
  const green: QueuedTicket = { priority: 'green', slotStart: null, issuedAt: at(-1) };
  const onTime: QueuedTicket = { priority: 'appointment', slotStart: at(-5), issuedAt: at(-2) };
  const early: QueuedTicket = { priority: 'appointment', slotStart: at(30), issuedAt: at(-40) };
  const later: QueuedTicket = { priority: 'normal', slotStart: null, issuedAt: at(-10) };
  const order = [later, early, walkIn, onTime, green].sort((a, b) => compareTickets(a, b, now));
  assert.deepEqual(order, [green, onTime, early, walkIn, later]);
});

test('a called ticket can be called again, skipped, served or transferred; one being served linked to cases and finished; a finished one nothing', () => {
  assert.deepEqual(ticketActionsFor('called'), ['recall', 'skip', 'serve', 'transfer']);
  assert.deepEqual(ticketActionsFor('serving'), ['transfer', 'link', 'finish'], 'while serving, cases handled are linked');
  assert.deepEqual(ticketActionsFor('done'), []);
  assert.equal(spokenCall('A001', 3), '请A001号到3号窗口办理');
});

test('percentiles come from minute histograms: nearest rank, null when nothing was measured', async () => {
  const { histogramPercentile, statMinutes } = await import('./hall.ts');
  const h = new Map([
    [1, 1],
    [2, 2],
    [9, 1],
  ]);
  assert.equal(histogramPercentile(h, 0.5), 2);
  assert.equal(histogramPercentile(h, 0.9), 9);
  assert.equal(histogramPercentile(new Map(), 0.5), null);
  assert.equal(statMinutes(new Date(0), new Date(119_999)), 1);
  assert.equal(statMinutes(new Date(0), new Date(86_400_000)), 480);
});
