/**
 * Short words for the steps of a case's action log (`CaseView.actions[].action`, the public
 * query's `steps[].action`), in both languages. Lifecycle actions come first and must cover the
 * whole transition table (the typecheck says so); the rest are steps the platform logs on its own.
 *
 * @example
 * const { pick } = useI18n();
 * pick(actionLabel('start_review')); // '开始审查' or 'Review started'
 */
import type { CaseAction } from '../../../../src/domain/case-lifecycle.ts';

export interface ActionLabel {
  zh: string;
  en: string;
}

/** Every action of the transition table (src/domain/case-lifecycle.ts), as a step that happened. */
export const lifecycleActionLabels: Record<CaseAction, ActionLabel> = {
  submit: { zh: '提交申请', en: 'Submitted' },
  accept: { zh: '受理', en: 'Accepted' },
  request_correction: { zh: '一次性告知补正', en: 'Correction notice issued' },
  resubmit: { zh: '补正后重新提交', en: 'Resubmitted with corrections' },
  refuse: { zh: '不予受理', en: 'Refused' },
  start_review: { zh: '开始审查', en: 'Review started' },
  suspend: { zh: '特别程序(暂停计时)', en: 'Special procedure (clock paused)' },
  return_to_applicant: { zh: '退回申请人补正', en: 'Returned to the applicant for correction' },
  resume: { zh: '恢复计时', en: 'Clock resumed' },
  decide_on_spot: { zh: '当场办结', en: 'Decided on the spot' },
  conclude: { zh: '办结', en: 'Concluded' },
  reject_on_spot: { zh: '当场不予许可', en: 'Rejected on the spot' },
  reject: { zh: '不予许可', en: 'Rejected' },
  collect_material: { zh: '收取容缺材料', en: 'Deferred material received' },
  deliver: { zh: '出件送达', en: 'Result delivered' },
  archive: { zh: '归档', en: 'Archived' },
  withdraw: { zh: '撤回申请', en: 'Withdrawn' },
  terminate: { zh: '终止办理', en: 'Terminated' },
};

/** Steps logged by the platform or the back office that are not transitions of the case. */
export const otherActionLabels: Record<string, ActionLabel> = {
  receive: { zh: '收件', en: 'Received' },
  next_stage: { zh: '转入下一审查环节', en: 'Moved to the next review stage' },
  publicity: { zh: '公示(不计入办理时限)', en: 'Public notice (outside the time limit)' },
  file: { zh: '报送备案', en: 'Filed with the delegating department' },
  'clock.yellow': { zh: '临近时限预警', en: 'Due soon' },
  'clock.red': { zh: '超过时限预警', en: 'Overdue' },
  'task.claim': { zh: '签收', en: 'Task claimed' },
  'task.assign': { zh: '分派', en: 'Task assigned' },
  'task.comment': { zh: '填写意见', en: 'Opinion recorded' },
  'task.approve': { zh: '部门审查同意', en: 'Department approved' },
  'task.reject': { zh: '部门审查不同意', en: 'Department rejected' },
  'task.return_previous': { zh: '退回上一环节', en: 'Returned to the previous stage' },
  'task.return_to_applicant': { zh: '退回申请人补正', en: 'Returned to the applicant for correction' },
  'task.suspend': { zh: '特别程序(暂停计时)', en: 'Special procedure (clock paused)' },
  'task.resume': { zh: '恢复计时', en: 'Clock resumed' },
};

/** The words for one logged action; an unknown code is shown as it is rather than hidden. */
export function actionLabel(action: string): ActionLabel {
  if (Object.hasOwn(lifecycleActionLabels, action)) return lifecycleActionLabels[action as CaseAction];
  if (Object.hasOwn(otherActionLabels, action)) return otherActionLabels[action]!;
  return { zh: action, en: action };
}
