import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citizenSteps, collectionCenter, readyToCollect, type LoggedAction } from './citizen-progress.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 2, minute));
const logged = (action: string, minute: number, payload: Record<string, unknown> = {}): LoggedAction => ({ action, at: at(minute), toStatus: '', payload });

test('the applicant sees their steps, never the back office’s', () => {
  const steps = citizenSteps(
    [
      logged('receive', 0, { itemCode: '370982-MZ-006', viaAgent: false }),
      logged('accept', 1),
      logged('start_review', 2),
      logged('task.claim', 3, { assignee: '赵强' }),
      logged('task.comment', 4, { opinion: '材料齐全' }),
      logged('clock.yellow', 5, { dueDate: '2026-12-20' }),
      logged('task.return_to_applicant', 6, { opinion: '章程缺页' }),
      logged('return_to_applicant', 6),
      logged('resume', 7, { inPerson: true }),
      logged('task.suspend', 8, { procedure: '现场核查' }),
      logged('suspend', 8, { procedure: '现场核查' }),
      logged('resume', 9),
      logged('task.approve', 10),
      logged('next_stage', 10, { stage: '审批' }),
      logged('clock.red', 11),
      logged('conclude', 12),
      logged('file', 13),
      logged('deliver', 14, { method: 'express', express: { company: '中国邮政EMS', trackingNo: 'EA123', address: '新泰市府前街8号' }, by: '吴芳' }),
      logged('archive', 15),
    ],
    'approved',
  );
  assert.deepEqual(
    steps.map((s) => s.step),
    ['received', 'accepted', 'under_review', 'correction', 'corrected', 'paused', 'resumed', 'decided', 'delivered'],
  );
  assert.equal(steps.find((s) => s.step === 'decided')?.outcome, 'approved');
  // The carrier and tracking number are the applicant's to know; the address and the clerk are not repeated.
  assert.deepEqual(steps.at(-1)?.delivery, { method: 'express', company: '中国邮政EMS', trackingNo: 'EA123' });
  assert.doesNotMatch(JSON.stringify(steps), /赵强|材料齐全|现场核查|章程缺页|吴芳|府前街|clock|task|file|archive/);
});

test('a refused, corrected or rejected application reads in order, each step once', () => {
  assert.deepEqual(
    citizenSteps([logged('submit', 1), logged('receive', 0), logged('request_correction', 2), logged('resubmit', 3), logged('refuse', 4)], null).map((s) => s.step),
    ['received', 'correction', 'corrected', 'refused'],
  );
  const rejected = citizenSteps([logged('receive', 0), logged('accept', 1), logged('start_review', 2), logged('reject', 3)], 'rejected');
  assert.deepEqual(rejected.at(-1), { step: 'decided', at: at(3), outcome: 'rejected', delivery: null });
  assert.equal(citizenSteps([logged('receive', 0), logged('accept', 0), logged('decide_on_spot', 0)], 'approved').at(-1)?.outcome, 'approved');
});

test('a result is collected at the center of the case’s region, else the nearest above it', () => {
  const place = (name: string, regionPath: string) => ({ name, regionPath, address: `${name}地址`, phone: '0538-1', openingHours: '9:00-17:00' });
  const centers = [place('泰安市', '370000.370900'), place('新泰市', '370000.370900.370982'), place('翟镇', '370000.370900.370982.370982103'), place('肥城市', '370000.370900.370983')];
  assert.equal(collectionCenter(centers, '370000.370900.370982')?.name, '新泰市');
  assert.equal(collectionCenter(centers, '370000.370900.370982.370982103.370982103201')?.name, '翟镇');
  assert.equal(collectionCenter(centers, '370000.370900.3709821')?.name, '泰安市');
  assert.equal(collectionCenter(centers, '110000'), null);
  assert.equal(readyToCollect('concluded'), true);
  assert.equal(readyToCollect('delivered'), false);
  assert.equal(readyToCollect('in_review'), false);
});
