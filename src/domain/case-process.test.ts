import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaterialRequirement, ServiceItemContent } from './catalog.ts';
import type { CalendarData } from './calendar.ts';
import { applicableMaterials, availableTaskActions, checkMaterials, deferralSpan, deferredBlocks, latestDeferredDue, reviewStages, stageEnds, stageOutcome, taskActionProblem } from './case-process.ts';
import { checkItemContent } from './catalog.ts';
import { demoItems } from '../cli/demo-catalog.ts';

const material = (key: string, extra: Partial<MaterialRequirement> = {}): MaterialRequirement => ({
  key,
  name: key,
  scenarios: [],
  required: true,
  deferrable: false,
  deferrableUntil: null,
  originals: 1,
  copies: 0,
  source: 'applicant',
  licenceType: null,
  notes: '',
  ...extra,
});

const item = {
  name: '社会团体成立登记',
  departmentName: '民政局',
  caseKind: 'promised',
  promisedDays: 12,
  processSteps: [
    { name: '受理', description: '', days: 1, actor: '窗口' },
    { name: '并联审查', description: '', days: 6, actor: '', departments: ['民政局', '公安局'], mode: 'all' },
    { name: '决定', description: '', days: 5, actor: '', departments: ['民政局'] },
  ],
  materials: [material('a'), material('b', { deferrable: true, deferrableUntil: 'issuance' }), material('c', { scenarios: ['x'] }), material('d', { required: false })],
} as unknown as ServiceItemContent;

test('stages are the process steps that name departments; an item without them is reviewed by its own department', () => {
  assert.deepEqual(
    reviewStages(item).map((s) => [s.name, s.mode, s.departments]),
    [
      ['并联审查', 'all', ['民政局', '公安局']],
      ['决定', 'all', ['民政局']],
    ],
  );
  assert.deepEqual(reviewStages({ ...item, processSteps: [] }), [{ name: '审查决定', mode: 'all', departments: ['民政局'], days: 12 }]);
  assert.deepEqual(reviewStages({ ...item, caseKind: 'instant' }), []);
  assert.deepEqual(stageEnds(reviewStages(item), 12), [6, 12]);
});

test('低保 as the guide tells it: 调查核实, 审核确认 and a 7-day 公示 are its review stages, in order', () => {
  const dibao = demoItems.find((i) => i.implementationCode === '370982-MZ-001')!;
  assert.deepEqual(
    reviewStages(dibao).map((s) => [s.name, s.days, s.publicityDays ?? null]),
    [
      ['调查核实', 7, null],
      ['审核确认', 2, null],
      ['公示与决定', 5, 7],
    ],
  );
  // What the guide shows: the steps, and the notice in words.
  const guideSteps = dibao.processSteps.map((s) => s.name);
  for (const stage of reviewStages(dibao)) assert.ok(guideSteps.includes(stage.name));
  assert.match(dibao.processSteps.find((s) => s.publicityDays)!.description, /公示7天/);
});

test('a stage with a public notice is decided only once the notice has run', () => {
  const facts = { status: 'pending' as const, caseStatus: 'in_review', firstStage: false, holder: true };
  const running = { ...facts, notice: { decideFrom: '2026-11-14', today: '2026-11-13' } };
  assert.equal(taskActionProblem('approve', running)?.code, 'TASK_ACTION_NOT_ALLOWED');
  assert.match(taskActionProblem('reject', running)!.zh, /公示期未满,2026-11-14 起方可决定/);
  assert.equal(taskActionProblem('comment', running), null, 'objections can be recorded meanwhile');
  assert.equal(taskActionProblem('approve', { ...facts, notice: { decideFrom: '2026-11-14', today: '2026-11-14' } }), null);
  assert.ok(!availableTaskActions(running).includes('approve'));
});

test('a public notice belongs to a review stage after the first', () => {
  const steps = (publicityDays: number, first: boolean) => [
    ...(first ? [] : [{ name: '调查', description: '', days: 6, actor: '', departments: ['民政局'] }]),
    { name: '公示', description: '', days: first ? 12 : 6, actor: '', departments: ['民政局'], publicityDays },
  ];
  const problems = (processSteps: ServiceItemContent['processSteps']) =>
    checkItemContent({ ...demoItems.find((i) => i.implementationCode === '370982-MZ-006')!, promisedDays: 12, statutoryDays: 30, processSteps }).filter((p) => p.field.endsWith('publicityDays'));
  assert.deepEqual(problems(steps(7, false)), []);
  assert.equal(problems(steps(7, true)).length, 1, 'not the first stage');
  assert.equal(problems(steps(0, false)).length, 1, 'at least a day');
  assert.equal(problems([{ name: '公示', description: '', days: 12, actor: '', publicityDays: 7 }]).length, 1, 'a stage names its departments');
});

test('会签 needs every department, 或签 one; any rejection decides the stage', () => {
  assert.equal(stageOutcome('all', ['approved', 'pending']), 'open');
  assert.equal(stageOutcome('all', ['approved', 'approved']), 'approved');
  assert.equal(stageOutcome('any', ['approved', 'pending']), 'approved');
  assert.equal(stageOutcome('all', ['approved', 'rejected']), 'rejected');
});

test('a task held by someone else offers only claim-free actions; a paused case offers resume', () => {
  assert.deepEqual(availableTaskActions({ status: 'claimed', caseStatus: 'in_review', firstStage: true, holder: false }), ['assign']);
  assert.deepEqual(availableTaskActions({ status: 'claimed', caseStatus: 'suspended', firstStage: false, holder: true }), ['assign', 'comment', 'resume']);
  assert.ok(availableTaskActions({ status: 'pending', caseStatus: 'in_review', firstStage: false, holder: true }).includes('return_previous'));
  assert.deepEqual(availableTaskActions({ status: 'approved', caseStatus: 'in_review', firstStage: false, holder: true }), []);
});

test('the material check lists every missing required material at once and refuses a deferral it may not take', () => {
  const needed = applicableMaterials(item, null);
  assert.deepEqual(
    needed.map((m) => m.key),
    ['a', 'b', 'd'],
  );
  const all = checkMaterials(needed, [], { latestDeferredDue: '2026-12-01', today: '2026-11-20' });
  assert.deepEqual(
    all.missing.map((m) => m.key),
    ['a', 'b'],
  );
  const marks = [
    { key: 'a', state: 'deferred' as const, deferredDue: '2026-11-25' },
    { key: 'b', state: 'deferred' as const, deferredDue: '2026-12-02' },
  ];
  const bad = checkMaterials(needed, marks, { latestDeferredDue: '2026-12-01', today: '2026-11-20' });
  assert.equal(bad.problems.length, 2);
  const good = checkMaterials(
    needed,
    [
      { key: 'a', state: 'provided' },
      { key: 'b', state: 'deferred', deferredDue: '2026-11-30' },
    ],
    { latestDeferredDue: '2026-12-01', today: '2026-11-20' },
  );
  assert.deepEqual([good.missing, good.problems, good.deferred.map((d) => d.due)], [[], [], ['2026-11-30']]);
  assert.equal(deferredBlocks([{ deferrableUntil: 'issuance' }]), 'issuance');
  assert.equal(deferredBlocks([{ deferrableUntil: 'issuance' }, { deferrableUntil: 'decision' }]), 'decision');
});

test('容缺: a deferred material may be promised within the promised limit, or 5 working days for an instant item', () => {
  const calendar: CalendarData = { holidays: new Set(['2026-10-01', '2026-10-02']), makeUpWorkdays: new Set(), knownYears: new Set([2026]), overrides: new Map() };
  assert.deepEqual(deferralSpan({ caseKind: 'promised', limitDays: 30, limitUnit: 'natural' }), { days: 30, unit: 'natural' });
  assert.deepEqual(deferralSpan({ caseKind: 'instant', limitDays: 0, limitUnit: 'working' }), { days: 5, unit: 'working' });
  assert.equal(latestDeferredDue(calendar, '2026-11-23', { caseKind: 'promised', limitDays: 3, limitUnit: 'working' }), '2026-11-26');
  assert.equal(latestDeferredDue(calendar, '2026-11-23', { caseKind: 'instant', limitDays: 0, limitUnit: 'working' }), '2026-11-30', 'five working days over a weekend');
  assert.equal(latestDeferredDue(calendar, '2026-09-30', { caseKind: 'promised', limitDays: 1, limitUnit: 'working' }), '2026-10-05', 'holidays are not counted');
});
