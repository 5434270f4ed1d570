/**
 * Words for the codes a case carries, in both languages. Statuses, material and task states and
 * warnings come from src/domain (the same words the server uses in its messages); the words of
 * timeline entries are the documents feature's (one dictionary for screen and paper); the rest are
 * the screen's own.
 */
import { caseStatusLabels } from '../../../../src/domain/case-lifecycle.ts';
import { materialStateLabels, taskStatusLabels } from '../../../../src/domain/case-process.ts';
import { warningLabels } from '../../../../src/domain/case-clock.ts';
import { codeLabels } from '../catalog-admin/labels.ts';
import type { DeliveryMethod, NoticeKind, Outcome, VisitCause, VisitReason } from './model.ts';

export interface Label {
  zh: string;
  en: string;
}

export { caseStatusLabels, materialStateLabels, taskStatusLabels, warningLabels };

export const outcomeLabels: Record<Outcome, Label> = {
  approved: { zh: '准予', en: 'Approved' },
  rejected: { zh: '不予许可', en: 'Not approved' },
};

export const caseKindLabels = codeLabels.caseKind;
export const deferrableUntilLabels = codeLabels.deferrableUntil;

export const taskModeLabels: Record<'all' | 'any', Label> = {
  all: { zh: '会签', en: 'All must approve' },
  any: { zh: '或签', en: 'Any one decides' },
};

export const pausedKindLabels: Record<'correction' | 'special', Label> = {
  correction: { zh: '补正暂停计时', en: 'Paused for correction' },
  special: { zh: '特别程序暂停计时', en: 'Paused for a special procedure' },
};

export const deliveryMethodLabels: Record<DeliveryMethod, Label> = {
  window: { zh: '窗口领取', en: 'Collected at the window' },
  express: { zh: '快递送达', en: 'Sent by express' },
  e_licence: { zh: '电子证照', en: 'E-licence' },
  online: { zh: '网上送达', en: 'Delivered online' },
  agent: { zh: '代办员代领', en: 'Received by the proxy agent' },
};

export const noticeKindLabels: Record<NoticeKind, Label> = {
  acceptance: { zh: '受理通知书', en: 'Acceptance notice' },
  correction: { zh: '一次性告知书(补正材料通知书)', en: 'Correction notice (one-time)' },
  refusal: { zh: '不予受理决定书', en: 'Refusal decision' },
  deferred: { zh: '容缺受理通知书', en: 'Deferred-material notice' },
};

export const visitReasonLabels: Record<VisitReason, Label> = {
  application: { zh: '提交申请', en: 'Applied' },
  correction: { zh: '补正材料', en: 'Brought corrections' },
  deferred_material: { zh: '补交容缺材料', en: 'Brought a deferred material' },
  collect_result: { zh: '领取结果', en: 'Collected the result' },
};

export const visitCauseLabels: Record<VisitCause, Label> = {
  missing_material: { zh: '材料不全', en: 'Missing material' },
  wrong_guidance: { zh: '指引有误', en: 'Wrong guidance' },
  cross_level: { zh: '跨层级办理', en: 'Cross-level authority' },
  applicant_choice: { zh: '申请人自愿', en: "Applicant's choice" },
  other: { zh: '其他', en: 'Other' },
};

export const channelLabels: Record<string, Label> = {
  ...codeLabels.channel,
  system: { zh: '系统', en: 'System' },
};

export const verdictLabels: Record<'correct' | 'incorrect', Label> = {
  correct: { zh: '合格', en: 'Correct' },
  incorrect: { zh: '不合格', en: 'Incorrect' },
};

/** The words of a timeline entry (`accept`, `task.claim`, `receive`, `clock.red`…): one dictionary, shared with the printed documents. */
export { actionLabel } from '../documents/actionLabels.ts';

/** A status code's words, also for codes this screen does not know (shown as they are). */
export function statusLabel(status: string): Label {
  return Object.hasOwn(caseStatusLabels, status) ? caseStatusLabels[status as keyof typeof caseStatusLabels] : { zh: status, en: status };
}

export function channelLabel(channel: string): Label {
  return Object.hasOwn(channelLabels, channel) ? channelLabels[channel]! : { zh: channel, en: channel };
}

/** Whom a notification went to, from its `applicant:<id>` / `department:<id>` / `supervisor:<path>` address. */
export const recipientLabels: Record<string, Label> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  department: { zh: '承办部门', en: 'Department' },
  supervisor: { zh: '督查', en: 'Supervisor' },
};
