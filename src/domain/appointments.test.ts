import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookingCode, bookingCodePattern, checkInState, slotsOfDay, type SlotTemplate } from './appointments.ts';

const templates: SlotTemplate[] = [
  { id: 't1', classId: 'B', kind: 'regular', weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '10:00', slotMinutes: 30, capacity: 4 },
  { id: 't2', classId: 'B', kind: 'extended', weekdays: [2, 4], startTime: '17:30', endTime: '19:00', slotMinutes: 45, capacity: 2 },
  { id: 't3', classId: 'B', kind: 'weekend', weekdays: [6], startTime: '09:00', endTime: '12:00', slotMinutes: 60, capacity: 3 },
];
const hhmm = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

test('a working Tuesday has the regular slots and the extended hours; a slot never runs past closing', () => {
  const slots = slotsOfDay(templates, '2026-11-24', 'working');
  assert.deepEqual(
    slots.map((s) => `${s.kind} ${hhmm(s.start)}-${hhmm(s.end)}`),
    ['regular 09:00-09:30', 'regular 09:30-10:00', 'extended 17:30-18:15', 'extended 18:15-19:00'],
  );
  assert.equal(slots[0]!.start.toISOString(), '2026-11-24T01:00:00.000Z');
});

test('Saturday opens for 5+X service only; Sunday and holidays have none; a make-up Saturday runs the Monday timetable', () => {
  assert.deepEqual(
    slotsOfDay(templates, '2026-11-28', 'rest').map((s) => `${s.kind} ${hhmm(s.start)}`),
    ['weekend 09:00', 'weekend 10:00', 'weekend 11:00'],
  );
  assert.deepEqual(slotsOfDay(templates, '2026-11-29', 'rest'), []);
  assert.deepEqual(slotsOfDay(templates, '2026-10-01', 'holiday'), []);
  assert.deepEqual(
    slotsOfDay(templates, '2026-09-26', 'working').map((s) => s.kind),
    ['regular', 'regular'],
  );
});

test('check-in opens half an hour before the slot and closes when it ends', () => {
  const slot = { start: new Date('2026-11-24T01:00:00Z'), end: new Date('2026-11-24T01:30:00Z') };
  assert.equal(checkInState(slot, new Date('2026-11-24T00:29:00Z')), 'early');
  assert.equal(checkInState(slot, new Date('2026-11-24T00:30:00Z')), 'open');
  assert.equal(checkInState(slot, new Date('2026-11-24T01:29:59Z')), 'open');
  assert.equal(checkInState(slot, new Date('2026-11-24T01:30:00Z')), 'late');
});

test('booking codes are six characters without look-alikes', () => {
  const code = bookingCode(new Uint8Array([0, 1, 2, 30, 31, 255]));
  assert.match(code, bookingCodePattern);
  assert.equal(code, '234Z29');
});
