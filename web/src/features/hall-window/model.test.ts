import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intakeForTicket, mayCallNext, ticketButtons } from './model.ts';

test('a called ticket offers serve first, then recall, no-show and transfer; one being served transfer and finish', () => {
  assert.deepEqual(ticketButtons({ status: 'called' }), ['serve', 'recall', 'skip', 'transfer']);
  assert.deepEqual(ticketButtons({ status: 'serving' }), ['transfer', 'finish']);
  assert.deepEqual(ticketButtons({ status: 'done' }), []);
  assert.deepEqual(ticketButtons(null), []);
});

test('only the clerk signed in at the window, with no ticket in hand, calls the next one', () => {
  assert.equal(mayCallNext({ mine: true, current: null }), true);
  assert.equal(mayCallNext({ mine: false, current: null }), false);
  assert.equal(mayCallNext({ mine: true, current: { status: 'called' } as never }), false);
});

test('intake is opened with the ticket it serves', () => {
  assert.equal(intakeForTicket('/intake', { id: 'abc', number: 'A001' }), '/intake?ticket=abc&ticketNumber=A001');
});
