import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bookableClasses,
  chinaClock,
  chinaDay,
  conflictReason,
  dayLabel,
  defaultCenterId,
  firstBookableDay,
  formatWeekdays,
  mayCancel,
  normalised,
  slotsPerDay,
  sortAppointments,
  statusCounts,
  templateProblems,
  timeRange,
  type SlotDay,
  type SlotView,
} from './model.ts';

const slot = (start: string, left: number): SlotView => ({ classCode: 'B', start, end: start, kind: 'regular', capacity: 4, left });

test('slot times are China wall-clock times, whatever the reader’s clock', () => {
  assert.equal(chinaClock('2026-11-23T01:00:00.000Z'), '09:00');
  assert.equal(chinaClock('2026-11-23T09:30:00.000Z'), '17:30');
  assert.equal(chinaClock('2026-11-23T16:05:00.000Z'), '00:05');
  assert.equal(chinaDay('2026-11-23T16:05:00.000Z'), '2026-11-24');
  assert.equal(chinaDay('2026-11-23T15:59:00.000Z'), '2026-11-23');
  assert.equal(timeRange('2026-11-23T01:00:00Z', '2026-11-23T01:30:00Z'), '09:00–09:30');
});

test('weekdays read as people write them', () => {
  assert.equal(formatWeekdays([1, 2, 3, 4, 5], 'zh'), '周一至周五');
  assert.equal(formatWeekdays([4, 2], 'zh'), '周二、周四');
  assert.equal(formatWeekdays([6], 'zh'), '周六');
  assert.equal(formatWeekdays([1, 2, 4, 5, 6, 7], 'zh'), '周一、周二、周四至周日');
  assert.equal(formatWeekdays([1, 2, 3, 4, 5], 'en'), 'Mon–Fri');
  assert.equal(formatWeekdays([6, 7], 'en'), 'Sat, Sun');
});

test('only active classes with templates can be booked', () => {
  const classes = [
    { code: 'A', active: true },
    { code: 'B', active: true },
    { code: 'C', active: false },
    { code: 'D', active: true },
  ];
  const templates = [{ classCode: 'D' }, { classCode: 'B' }, { classCode: 'C' }, { classCode: 'B' }];
  assert.deepEqual(
    bookableClasses(classes, templates).map((c) => c.code),
    ['B', 'D'],
  );
});

test('a rest day the hall opens is weekend service; without slots it is just a rest day', () => {
  assert.equal(dayLabel({ dayKind: 'rest', slots: [slot('2026-11-28T01:00:00Z', 3)] }), 'weekendService');
  assert.equal(dayLabel({ dayKind: 'rest', slots: [] }), 'rest');
  assert.equal(dayLabel({ dayKind: 'holiday', slots: [] }), 'holiday');
  assert.equal(dayLabel({ dayKind: 'working', slots: [] }), 'working');
});

test('the first day shown keeps the choice, else has a free place', () => {
  const days: SlotDay[] = [
    { day: '2026-11-22', dayKind: 'rest', slots: [] },
    { day: '2026-11-23', dayKind: 'working', slots: [slot('2026-11-23T01:00:00Z', 0)] },
    { day: '2026-11-24', dayKind: 'working', slots: [slot('2026-11-24T01:00:00Z', 2)] },
  ];
  assert.equal(firstBookableDay(days), '2026-11-24');
  assert.equal(firstBookableDay(days, '2026-11-23'), '2026-11-23');
  assert.equal(firstBookableDay(days, '2026-11-22'), '2026-11-24');
  assert.equal(firstBookableDay(days.slice(0, 2)), '2026-11-23');
  assert.equal(firstBookableDay([]), undefined);
});

test('pages open on the asked center, else the city hall, else the first', () => {
  const centers = [
    { id: 't', level: 'town' as const },
    { id: 'c', level: 'city' as const },
  ];
  assert.equal(defaultCenterId(centers), 'c');
  assert.equal(defaultCenterId(centers, 't'), 't');
  assert.equal(defaultCenterId(centers, 'gone'), 'c');
  assert.equal(defaultCenterId([{ id: 'v', level: 'village' }]), 'v');
  assert.equal(defaultCenterId([]), undefined);
});

test('a template must fit whole slots, and weekend service runs only on Saturday and Sunday', () => {
  const base = { kind: 'regular' as const, weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '11:30', slotMinutes: 30 };
  assert.equal(slotsPerDay(base), 5);
  assert.equal(slotsPerDay({ ...base, endTime: '11:50' }), 5);
  assert.deepEqual(templateProblems(base), []);
  assert.deepEqual(templateProblems({ ...base, endTime: '09:00' }), ['endBeforeStart']);
  assert.deepEqual(templateProblems({ ...base, endTime: '09:20' }), ['noWholeSlot']);
  assert.deepEqual(templateProblems({ ...base, kind: 'weekend', weekdays: [5, 6] }), ['weekendOnRestDays']);
  assert.deepEqual(templateProblems({ ...base, kind: 'weekend', weekdays: [6, 7] }), []);
});

test('the day counts add up by status', () => {
  const counts = statusCounts([{ status: 'booked' }, { status: 'booked' }, { status: 'checked_in' }, { status: 'no_show' }, { status: 'cancelled' }]);
  assert.deepEqual(counts, { total: 5, booked: 2, checked_in: 1, no_show: 1, cancelled: 1 });
});

test('bookings list in slot order, cancelled last within a slot', () => {
  const list = sortAppointments([
    { code: 'BBBBBB', slotStart: '2026-11-23T05:30:00Z', status: 'booked' as const },
    { code: 'CCCCCC', slotStart: '2026-11-23T01:00:00Z', status: 'cancelled' as const },
    { code: 'DDDDDD', slotStart: '2026-11-23T01:00:00Z', status: 'booked' as const },
  ]);
  assert.deepEqual(
    list.map((a) => a.code),
    ['DDDDDD', 'CCCCCC', 'BBBBBB'],
  );
});

test('a booking may be cancelled only while booked and before its slot', () => {
  const now = new Date('2026-11-23T00:59:00Z');
  assert.equal(mayCancel({ status: 'booked', slotStart: '2026-11-23T01:00:00Z' }, now), true);
  assert.equal(mayCancel({ status: 'booked', slotStart: '2026-11-23T00:59:00Z' }, now), false);
  assert.equal(mayCancel({ status: 'checked_in', slotStart: '2026-11-23T01:00:00Z' }, now), false);
});

test('409 reasons and typed codes are read the way the server reads them', () => {
  assert.equal(conflictReason({ reason: 'slot_full' }), 'slot_full');
  assert.equal(conflictReason({ status: 'booked' }), undefined);
  assert.equal(conflictReason(null), undefined);
  assert.equal(normalised(' 37098219800505123x '), '37098219800505123X');
  assert.equal(normalised('k7m 2qx'), 'K7M2QX');
});
