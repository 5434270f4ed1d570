/**
 * What an outbox row means for the people to be told: zero or more notices (an event, whom, the
 * values of the template). Case writes put `case.<action>` rows with the case's id; the case's
 * steps written at that same instant say what happened (accepted, a correction notice, concluded,
 * delivered by express or as an e-licence), read from the case's own log, so every way a case
 * moves (the window, a task, a bundle's last child, the online channel) is covered by one rule. A
 * 一件事 is told as one matter: its parent case's steps. Other topics: `notification.sms`
 * (appointments) and `otp.requested` (sign-in codes); any other topic makes no notice.
 */
import { chineseDate, type NotificationEvent } from '../../domain/notification-templates.ts';
import { chinaClock, chinaDate } from '../../domain/china-time.ts';
import type { NotificationRepository, OutboxRow } from '../../repositories/notification.repository.ts';

export interface Notice {
  event: NotificationEvent;
  /** One happening seen from any outbox row makes its messages once (`case:<id>:<seq>`, or `outbox:<id>`). */
  sourceKey: string;
  /** A mobile number ('' when none is known: no SMS). */
  phone: string;
  values: Record<string, string>;
  caseId: string | null;
  regionPath: string | null;
  departmentId: string | null;
}

export interface NoticeContext {
  /**
   * The rating invitation's link for a concluded case (`<PUBLIC_ORIGIN>/rate/<token>`): the
   * consumer makes the invitation (its token's hash kept) in the transaction that consumes the row.
   */
  ratingLink(caseId: string): Promise<string | null>;
}

/** What an authorisation's change is called in the applicant's text (created has its own). */
const agentStateWords: Record<string, string> = { confirmed: '已确认生效', suspended: '已中止', resumed: '已恢复', ended: '已终止', renewed: '已续办,新委托书待您确认' };

const concluding: Record<string, 'approved' | 'rejected'> = { conclude: 'approved', decide_on_spot: 'approved', reject: 'rejected', reject_on_spot: 'rejected' };

/**
 * How the applicant asked to receive the result, if they did: the form's 领取方式 (`delivery_method`,
 * whose options the catalog words as 窗口领取 / 邮寄送达 / 电子证照), or a `preferred` method the
 * online channel records on the case's delivery.
 */
export function preferredDelivery(c: { form: Record<string, unknown>; delivery: Record<string, unknown> | null }): 'window' | 'express' | 'e_licence' | null {
  const asked = c.delivery?.preferred ?? c.form.delivery_method;
  if (typeof asked !== 'string') return null;
  if (asked === 'window' || asked.includes('窗口')) return 'window';
  if (asked === 'express' || /邮寄|快递/.test(asked)) return 'express';
  if (asked === 'e_licence' || asked.includes('电子')) return 'e_licence';
  return null;
}

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** At most `n` characters, with an ellipsis when cut. */
function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length <= n ? text : `${chars.slice(0, n - 1).join('')}…`;
}

/** A slot's start as the texts write it: `12月4日 09:00` (China time). */
function slotText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const [, m, d] = chinaDate(at).split('-');
  return `${Number(m)}月${Number(d)}日 ${chinaClock(at)}`;
}

export async function noticesOf(repo: Pick<NotificationRepository, 'findCase' | 'caseActionsAt' | 'materialNames' | 'collectionPlace' | 'appointmentRegion' | 'authorisation'>, row: OutboxRow, context: NoticeContext): Promise<Notice[]> {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const outboxKey = `outbox:${row.id}`;
  if (row.topic === 'otp.requested' && payload.purpose === 'confirm') {
    // A code that confirms a proxy authorisation says which one, so the applicant knows what they agree to.
    const authorisation = await repo.authorisation(str(payload.subjectId));
    if (!authorisation) return [];
    const values = { code: str(payload.code), minutes: str(payload.minutes) || '5', authorisationNo: authorisation.authorisationNo };
    return [{ event: 'authorisation_code', sourceKey: outboxKey, phone: str(payload.phone), values, caseId: null, regionPath: authorisation.regionPath, departmentId: null }];
  }
  if (row.topic.startsWith('agent_authorisation.')) {
    const state = agentStateWords[row.topic.slice('agent_authorisation.'.length)];
    const where = { sourceKey: outboxKey, phone: str(payload.phone), caseId: null, regionPath: str(payload.regionPath) || null, departmentId: null };
    if (row.topic === 'agent_authorisation.created') {
      const until = str(payload.validUntil);
      return [{ event: 'agent_authorised', ...where, values: { agent: clip(str(payload.agentName), 20), matters: clip(str(payload.matters), 40), authorisationNo: str(payload.authorisationNo), until: until ? chineseDate(until) : '' } }];
    }
    return state ? [{ event: 'agent_authorisation_changed', ...where, values: { authorisationNo: str(payload.authorisationNo), state } }] : [];
  }
  if (row.topic === 'otp.requested') {
    return [{ event: 'otp', sourceKey: outboxKey, phone: str(payload.phone), values: { code: str(payload.code), minutes: str(payload.minutes) || '5' }, caseId: null, regionPath: null, departmentId: null }];
  }
  if (row.topic === 'notification.sms') {
    const template = str(payload.template);
    if (template !== 'appointment_booked' && template !== 'appointment_reminder') return [];
    const params = (payload.params ?? {}) as Record<string, unknown>;
    // Read where the center is (its administrators and supervisors see the hall's texts).
    const regionPath = (await repo.appointmentRegion(str(params.code))) ?? null;
    return [
      {
        event: template,
        sourceKey: outboxKey,
        phone: str(payload.phone),
        values: { code: str(params.code), center: str(params.center), className: str(params.className), time: slotText(str(params.slot)) },
        caseId: null,
        regionPath,
        departmentId: null,
      },
    ];
  }
  if (!row.topic.startsWith('case.') || payload.entityType !== 'case' || typeof payload.entityId !== 'string') return [];
  const c = await repo.findCase(payload.entityId);
  if (!c) return [];
  const root = c.parentId ? await repo.findCase(c.parentId) : c;
  if (!root) return [];
  const base = { phone: root.applicantPhone, caseId: root.id, regionPath: root.regionPath, departmentId: root.departmentId };
  const named = { item: root.itemName, caseNo: root.caseNo };
  const notices: Notice[] = [];
  for (const step of await repo.caseActionsAt(root.id, row.createdAt)) {
    const sourceKey = `case:${root.id}:${step.seq}`;
    const add = (event: NotificationEvent, values: Record<string, string>) => notices.push({ event, sourceKey, ...base, values: { ...named, ...values } });
    if (step.action === 'accept') {
      // An item decided on the spot has no promised date: its decision is the message.
      const due = str(step.payload.dueDate) || root.dueDate;
      if (due) add('accepted', { dueDate: chineseDate(due) });
    } else if (step.action === 'request_correction' || step.action === 'return_to_applicant') {
      const keys = Array.isArray(step.payload.missing) ? step.payload.missing.map(str).filter(Boolean) : [];
      const names = await repo.materialNames(root.id, keys);
      const said = names.length > 0 ? names.join('、') : str(step.payload.note) || str(step.payload.reason) || str(step.payload.opinion) || '详见补正告知书';
      add('correction_needed', { missing: clip(said, 60) });
    } else if (concluding[step.action]) {
      const approved = concluding[step.action] === 'approved';
      const preferred = preferredDelivery(root);
      if (approved && (preferred === null || preferred === 'window')) {
        add('ready_to_collect', { place: (await repo.collectionPlace(root.regionCode)) ?? '办理窗口' });
      } else {
        const reason = root.outcomeReason || str(step.payload.reason);
        add('decided', { outcome: approved ? '准予' : clip(reason ? `不予许可(${reason})` : '不予许可', 40) });
      }
      // null: the case was invited already (this conclusion seen again from another row).
      const link = await context.ratingLink(root.id);
      if (link) add('rating_invitation', { link });
    } else if (step.action === 'deliver') {
      const express = (step.payload.express ?? {}) as Record<string, unknown>;
      if (step.payload.method === 'express') add('sent_by_express', { company: str(express.company), trackingNo: str(express.trackingNo) });
      const licences = Array.isArray(step.payload.licences) ? step.payload.licences.map(str) : [];
      if (step.payload.method === 'e_licence' && licences.length > 0) add('licence_issued', { licenceNo: licences.join('、') });
      if (step.payload.method === 'agent') add('agent_received', { agent: clip(str(step.payload.agent), 20) });
    }
  }
  return notices;
}
