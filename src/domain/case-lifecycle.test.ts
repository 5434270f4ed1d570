import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableActions, carriesWarning, caseActions, caseStatuses, decide, terminalStatuses, type CaseAction, type CaseActorRole, type CaseFacts } from './case-lifecycle.ts';
import { roles } from './roles.ts';

const promised: CaseFacts = {
  caseKind: 'promised',
  bundle: 'single',
  delegated: false,
  pausedKind: null,
  missingRequired: 0,
  deferredPending: 0,
  deferredBlocks: null,
  openTasks: 0,
  correctionNoticeIssued: false,
};
const people: CaseActorRole[] = [...roles, 'applicant'];

test('every action leads from and to known statuses, and terminal statuses lead nowhere', () => {
  for (const [action, rule] of Object.entries(caseActions)) {
    for (const from of rule.from) assert.ok(caseStatuses.includes(from), `${action} from ${from}`);
    if (rule.to !== null) assert.ok(caseStatuses.includes(rule.to), `${action} to ${rule.to}`);
    for (const terminal of terminalStatuses) assert.ok(!(rule.from as readonly string[]).includes(terminal), `${action} leaves terminal ${terminal}`);
  }
});

test('the front desk sees accept, refuse and withdraw on a complete submitted case; a reviewer sees none of them', () => {
  assert.deepEqual(availableActions('submitted', ['front_desk'], promised), ['accept', 'refuse', 'withdraw']);
  assert.deepEqual(availableActions('submitted', ['reviewer'], promised), []);
});

test('a case with a required material missing is not accepted: it gets its one correction notice instead', () => {
  const incomplete = { ...promised, missingRequired: 2 };
  assert.deepEqual(availableActions('submitted', ['front_desk'], incomplete), ['request_correction', 'refuse', 'withdraw']);
  const accepted = decide('submitted', 'accept', ['front_desk'], incomplete);
  assert.equal(accepted.allowed === false && accepted.reason?.zh, '材料不齐,不能受理,请出具一次性告知书');
  assert.equal(decide('submitted', 'request_correction', ['front_desk'], promised).allowed, false, 'nothing to correct');
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
  const incomplete = { ...promised, missingRequired: 1 };
  assert.equal(decide('submitted', 'request_correction', ['front_desk'], incomplete).allowed, true);
  const second = decide('submitted', 'request_correction', ['front_desk'], { ...incomplete, correctionNoticeIssued: true });
  assert.equal(second.allowed, false);
  assert.equal(second.allowed === false && second.why, 'guard');
});

test('the transitions a department task drives are the platform’s alone: no person takes them as case actions', () => {
  const driven: CaseAction[] = ['start_review', 'suspend', 'return_to_applicant', 'conclude', 'reject'];
  for (const action of driven) {
    for (const status of caseStatuses) {
      for (const facts of [promised, { ...promised, delegated: true }, { ...promised, bundle: 'child' as const }]) {
        assert.equal(decide(status, action, people, facts).allowed, false, `${action} from ${status}`);
      }
    }
  }
  assert.deepEqual(decide('in_review', 'suspend', ['system'], promised), { allowed: true, to: 'suspended' });
  assert.deepEqual(decide('accepted', 'start_review', ['system'], promised), { allowed: true, to: 'in_review' });
});

test('a special procedure is ended by the deciding side only; a return for correction also by whoever receives the corrections', () => {
  const special = { ...promised, pausedKind: 'special' as const };
  const correction = { ...promised, pausedKind: 'correction' as const };
  const frontDesk = decide('suspended', 'resume', ['front_desk'], special);
  assert.deepEqual(frontDesk, { allowed: false, why: 'guard', reason: { zh: '特别程序须由审查部门结束', en: 'Only the reviewing department ends a special procedure' } });
  assert.equal(decide('suspended', 'resume', ['agent'], special).allowed, false);
  assert.equal(decide('suspended', 'resume', ['reviewer'], special).allowed, true);
  for (const role of ['front_desk', 'agent', 'applicant', 'reviewer'] as const) assert.equal(decide('suspended', 'resume', [role], correction).allowed, true, role);
  assert.equal(decide('suspended', 'resume', ['issuer'], correction).allowed, false);
});

test('a delegated item is decided by the town: the city reviewer neither resumes nor terminates it, the town does', () => {
  const delegated = { ...promised, delegated: true, pausedKind: 'special' as const };
  assert.equal(decide('suspended', 'resume', ['reviewer'], delegated).allowed, false);
  assert.equal(decide('suspended', 'terminate', ['reviewer'], delegated).allowed, false);
  assert.equal(decide('suspended', 'resume', ['town_approver'], delegated).allowed, true);
  assert.equal(decide('suspended', 'terminate', ['town_approver'], delegated).allowed, true);
  assert.equal(decide('in_review', 'terminate', ['town_approver'], promised).allowed, false, 'a town does not end a city department’s review');
  assert.equal(decide('suspended', 'resume', ['town_approver'], { ...promised, pausedKind: 'correction' }).allowed, true, 'the town window receives corrections');
});

test('a bundle’s child case follows its parent: none of accept, refuse, withdraw, terminate, collect, deliver, archive of its own', () => {
  const child = { ...promised, bundle: 'child' as const, deferredPending: 1 };
  const cases: [CaseAction, (typeof caseStatuses)[number]][] = [
    ['accept', 'submitted'],
    ['refuse', 'submitted'],
    ['withdraw', 'in_review'],
    ['terminate', 'in_review'],
    ['collect_material', 'in_review'],
    ['deliver', 'concluded'],
    ['archive', 'delivered'],
  ];
  for (const [action, status] of cases) {
    const decision = decide(status, action, people, child);
    assert.equal(decision.allowed === false && decision.reason?.en, 'A child case of a bundle follows its parent; act on the parent case', action);
    assert.equal(decide(status, action, ['system'], child).allowed, true, `${action} cascades from the parent`);
  }
  assert.equal(decide('suspended', 'resume', ['front_desk'], { ...child, pausedKind: 'correction' }).allowed, true, 'corrections for one item resume that item');
  assert.deepEqual(availableActions('delivered', ['issuer'], { ...promised, bundle: 'child' }), []);
  assert.deepEqual(availableActions('delivered', ['issuer'], { ...promised, bundle: 'parent' }), ['archive']);
});

test('collecting a deferred material keeps the case where it is, and needs one to collect', () => {
  assert.deepEqual(decide('concluded', 'collect_material', ['issuer'], { ...promised, deferredPending: 1 }), { allowed: true, to: 'concluded' });
  assert.equal(decide('concluded', 'collect_material', ['issuer'], promised).allowed, false);
  assert.equal(decide('delivered', 'collect_material', ['issuer'], { ...promised, deferredPending: 1 }).allowed, false);
  assert.equal(decide('in_review', 'collect_material', ['reviewer'], { ...promised, deferredPending: 1 }).allowed, false);
});

test('a bundle child that needs the new business is concluded only after its registration', () => {
  const waiting = { ...promised, bundle: 'child' as const, awaitingRegistration: true };
  const blocked = decide('in_review', 'conclude', ['system'], waiting);
  assert.equal(blocked.allowed, false);
  assert.match((blocked as { reason?: { zh: string } }).reason?.zh ?? '', /设立登记核准/);
  assert.equal(decide('in_review', 'conclude', ['system'], { ...waiting, awaitingRegistration: false }).allowed, true);
  assert.equal(decide('in_review', 'reject', ['system'], waiting).allowed, true, 'a refusal does not wait');
});

test('a clock warning belongs to a running or paused case only: once decided or ended it is gone', () => {
  assert.deepEqual(
    caseStatuses.filter((s) => carriesWarning(s)),
    ['accepted', 'in_review', 'suspended'],
  );
  for (const action of ['decide_on_spot', 'reject_on_spot', 'conclude', 'reject', 'withdraw', 'terminate'] as const) {
    assert.equal(carriesWarning(caseActions[action].to), false, action);
  }
});
