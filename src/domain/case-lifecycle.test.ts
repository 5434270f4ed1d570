import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableActions, caseActions, caseStatuses, decide, terminalStatuses, type CaseFacts } from './case-lifecycle.ts';

const promised: CaseFacts = { caseKind: 'promised', deferredBlocks: null, openTasks: 0, correctionNoticeIssued: false };

test('every action leads from and to known statuses, and terminal statuses lead nowhere', () => {
  for (const [action, rule] of Object.entries(caseActions)) {
    for (const from of rule.from) assert.ok(caseStatuses.includes(from), `${action} from ${from}`);
    assert.ok(caseStatuses.includes(rule.to), `${action} to ${rule.to}`);
    for (const terminal of terminalStatuses) assert.ok(!(rule.from as readonly string[]).includes(terminal), `${action} leaves terminal ${terminal}`);
  }
});

test('the front desk sees accept, correction notice, refuse and withdraw on a submitted case; a reviewer sees none of them', () => {
  assert.deepEqual(availableActions('submitted', ['front_desk'], promised), ['accept', 'request_correction', 'refuse', 'withdraw']);
  assert.deepEqual(availableActions('submitted', ['reviewer'], promised), []);
});

test('only an instant item is decided on the spot, and not while a deferred material blocks the decision', () => {
  assert.deepEqual(decide('accepted', 'decide_on_spot', ['front_desk'], promised), { allowed: false, why: 'guard', reason: { zh: '只有即办件可以在受理后当场办结', en: 'Only an instant item is decided on the spot' } });
  assert.deepEqual(decide('accepted', 'decide_on_spot', ['front_desk'], { ...promised, caseKind: 'instant' }), { allowed: true, to: 'concluded' });
  assert.equal(decide('accepted', 'decide_on_spot', ['front_desk'], { ...promised, caseKind: 'instant', deferredBlocks: 'decision' }).allowed, false);
});

test('a case concludes when no department task is open; a material deferred to issuance blocks delivery only', () => {
  assert.equal(decide('in_review', 'conclude', ['system'], { ...promised, openTasks: 1 }).allowed, false);
  assert.deepEqual(decide('in_review', 'conclude', ['system'], { ...promised, deferredBlocks: 'issuance' }), { allowed: true, to: 'concluded' });
  assert.equal(decide('concluded', 'deliver', ['issuer'], { ...promised, deferredBlocks: 'issuance' }).allowed, false);
  assert.deepEqual(decide('concluded', 'deliver', ['issuer'], promised), { allowed: true, to: 'delivered' });
});

test('a refused case cannot be accepted afterwards; the reason is the status', () => {
  assert.deepEqual(decide('refused', 'accept', ['front_desk'], promised), { allowed: false, why: 'status' });
});

test('a second correction notice for the same application is refused: everything missing goes on the first', () => {
  assert.equal(decide('submitted', 'request_correction', ['front_desk'], promised).allowed, true);
  const second = decide('submitted', 'request_correction', ['front_desk'], { ...promised, correctionNoticeIssued: true });
  assert.equal(second.allowed, false);
  assert.equal(second.allowed === false && second.why, 'guard');
});
