/**
 * 一网通办: the rules of applying online, shared by the server and the web app. An item is offered
 * online when its 办理形式 include 网上办理 or 移动端办理 (`web`, `mobile`); a 一件事 when every member
 * is. The materials the licence library or shared data supply are marked so and never asked for;
 * what remains the applicant uploads. An untouched draft expires.
 */
import type { Channel, MaterialRequirement } from './catalog.ts';
import type { CaseStatus } from './case-lifecycle.ts';
import type { MaterialMark } from './case-process.ts';

/** The channels that are "online" (GB/T 39046 办理形式 2 网上, 3 移动端). */
export const onlineChannels = ['web', 'mobile'] as const satisfies readonly Channel[];
export type OnlineChannel = (typeof onlineChannels)[number];

export function isOnlineChannel(channel: string): channel is OnlineChannel {
  return (onlineChannels as readonly string[]).includes(channel);
}

/** Whether an item with these channels may be applied for online. */
export function isOfferedOnline(channels: readonly string[]): boolean {
  return channels.some(isOnlineChannel);
}

/**
 * A case's status in the applicant's plain words (我的办件, the case page): the staff labels carry the
 * hall's terms (已接件, 出件) that mean nothing to a citizen, and say nothing of what happens next.
 */
export const applicantStatusLabels: Record<CaseStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿(未提交)', en: 'Draft (not submitted)' },
  submitted: { zh: '已提交,等待预审', en: 'Submitted, awaiting pre-review' },
  needs_correction: { zh: '待补正', en: 'Needs correction' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_review: { zh: '审查中', en: 'In review' },
  suspended: { zh: '暂停计时(特别程序)', en: 'Paused (special procedure)' },
  concluded: { zh: '已办结,等待送达', en: 'Decided, awaiting delivery' },
  delivered: { zh: '已送达', en: 'Delivered' },
  archived: { zh: '已办结归档', en: 'Completed and archived' },
  refused: { zh: '不予受理', en: 'Refused' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  terminated: { zh: '已终止', en: 'Terminated' },
};

/** Days an untouched draft is kept (ONLINE_DRAFT_DAYS overrides). */
export const defaultDraftDays = 30;

/** The moment before which an untouched draft has expired. */
export function draftExpiryCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** How the applicant asks for the result: at a window (one trip), by express, or as an e-licence. */
export type DeliveryChoice = { method: 'window' } | { method: 'express'; address: string; recipient: string; phone: string } | { method: 'e_licence' };

/**
 * The starting marks of an online application: a material of the licence library that the applicant
 * holds is taken from there (with the licence), one of shared data from shared data; the rest are
 * missing until a file is uploaded for them.
 *
 * @example initialMarks([{ key: 'id_card', source: 'licence', licenceType: '居民身份证', ... }], [{ id: 'l1', licenceType: '居民身份证', status: 'valid' }])
 *   // [{ key: 'id_card', state: 'licence', licenceId: 'l1' }]
 */
export function initialMarks(requirements: readonly MaterialRequirement[], held: readonly { id: string; licenceType: string; status: string }[]): MaterialMark[] {
  return requirements.map((r) => {
    if (r.source === 'licence' && r.licenceType !== null) {
      const licence = held.find((l) => l.status === 'valid' && l.licenceType === r.licenceType);
      if (licence) return { key: r.key, state: 'licence', licenceId: licence.id };
    }
    if (r.source === 'shared_data') return { key: r.key, state: 'shared_data' };
    return { key: r.key, state: 'missing' };
  });
}
