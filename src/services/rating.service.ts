/**
 * 好差评, capturing (issue 15 §1): the region's settings, the forms in force, and the ratings
 * themselves: 现场"一次一评" at the window's pad (the ticket just served), 网上"一事一评" by the
 * SMS invitation's token, by the applicant signed in online and by the proxy agent for the
 * applicant, and the default 基本满意 of a case left unrated. One rating per visit or case
 * (`subject_key`), changed within the region's `changeHours`. A bad rating opens its rectification
 * task in the same transaction. Staff never see who gave an anonymous rating.
 */
import { createHash, randomBytes } from 'node:crypto';
import { addWorkingDays } from '../domain/calendar.ts';
import { chinaDate } from '../domain/china-time.ts';
import { AppError } from '../domain/errors.ts';
import { mayOn } from '../domain/permissions.ts';
import { defaultQualitySettings, isBadRating, ratingLevels, type QualitySettings, type RatingChannel, type RatingLevel, type RatingSource } from '../domain/rating.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { PadTicket, RatedCase, RatingFormRecord, RatingRecord } from '../repositories/rating.repository.ts';
import { assertMay, assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof RatingService.repositories)[number];

export interface RatingInput {
  level: RatingLevel;
  indicators?: Partial<Record<string, RatingLevel>>;
  tags?: string[];
  comment?: string;
  anonymous?: boolean;
}

/** A rating as staff read it: an anonymous rater's person, account and phone are never in it. */
export interface StaffRating extends Omit<RatingRecord, 'applicantId' | 'applicantName' | 'accountId' | 'raterPhone'> {
  applicantId: string | null;
  applicantName: string | null;
  raterPhone: string | null;
}

/** What the pad shows: the ticket to rate (or none), the evaluated clerk, and the onsite form. */
export interface PadState {
  windowId: string;
  windowName: string;
  ticket: { id: string; number: string; staffName: string | null; status: string } | null;
  form: RatingFormRecord;
}

/** What the invitation's page shows: nothing personal beyond the masked name. */
export interface InvitationView {
  caseNo: string;
  itemName: string;
  applicantMasked: string;
  concludedOn: string | null;
  form: RatingFormRecord;
  rating: { level: RatingLevel; indicators: Record<string, string>; tags: string[]; comment: string; anonymous: boolean; givenAt: Date; changeUntil: Date; changeable: boolean } | null;
}

export interface RatingPage {
  rows: StaffRating[];
  total: number;
}

/** How long an invitation's link lives. */
export const invitationDays = 30;

/** How a token is kept: only its hash. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new invitation token (URL-safe, 128 bits). */
export function newInvitationToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The invitation of a concluded case, made inside the notification's transaction: its token for the
 * link, or `null` when the case was invited already (the same conclusion seen from another outbox
 * row: its message is a duplicate the unique source key drops).
 */
export async function createInvitation(repos: Pick<Repositories, 'ratings'>, caseId: string, at: Date): Promise<string | null> {
  const token = newInvitationToken();
  const made = await repos.ratings.saveInvitation(caseId, tokenHash(token), at, new Date(at.getTime() + invitationDays * 86_400_000));
  return made ? token : null;
}

const caseWord = { zh: '办件', en: 'Case' };
/** What a rectification closed by the rater's own change to a good rating says. */
const raterChangedFinding = '评价人已修改为满意';
const concludedStates = ['concluded', 'delivered', 'archived'];

function invalid(zh: string, en: string, field: string): AppError {
  return new AppError('VALIDATION_FAILED', { zh, en }, [{ field }]);
}

/** The settings' ranges (as the table's check says), with the field named when one is out. */
const ranges: Record<keyof QualitySettings, [number, number]> = {
  defaultRatingDays: [1, 60],
  changeHours: [0, 720],
  reportBackDays: [1, 60],
  rectifyDays: [1, 120],
  revisitDays: [1, 60],
  consultationDays: [1, 60],
  complaintDays: [1, 120],
  stepDays: [1, 30],
};

export function checkSettings(s: QualitySettings): void {
  for (const [key, [min, max]] of Object.entries(ranges) as [keyof QualitySettings, [number, number]][]) {
    const value = s[key];
    if (key === 'defaultRatingDays' && value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(`${settingWords[key]}应为 ${min} 到 ${max} 之间的整数`, `${key} must be a whole number from ${min} to ${max}`, key);
    }
  }
  if (s.rectifyDays < s.reportBackDays) throw invalid('整改期限不能短于核实反馈期限', 'rectifyDays cannot be shorter than reportBackDays', 'rectifyDays');
}

const settingWords: Record<keyof QualitySettings, string> = {
  defaultRatingDays: '默认评价天数',
  changeHours: '可修改评价的小时数',
  reportBackDays: '差评核实反馈工作日',
  rectifyDays: '差评整改工作日',
  revisitDays: '回访工作日',
  consultationDays: '咨询求助办理工作日',
  complaintDays: '投诉举报办理工作日',
  stepDays: '单个环节办理工作日',
};

/** A name shown masked: 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

interface Subject {
  subjectKey: string;
  channel: RatingChannel;
  caseId: string | null;
  ticketId: string | null;
  staffId: string | null;
  departmentId: string | null;
  regionCode: string;
  regionPath: string;
  centerId: string | null;
  windowId: string | null;
  itemCode: string | null;
  itemVersion: number | null;
}

interface Rater {
  source: RatingSource;
  applicantId: string | null;
  accountId: string | null;
  phone: string | null;
}

export class RatingService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['ratings', 'org', 'calendar', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: Pick<CalendarService, 'calendarForRegion'>;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: Pick<CalendarService, 'calendarForRegion'> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
  }

  // ---- settings ----------------------------------------------------------------------------------

  /** The settings in force in a region: its own row, else its nearest ancestor's, else the defaults. */
  async settingsFor(regionCode: string, repos: Pick<Repositories, 'ratings' | 'org'> = this.uow.read): Promise<{ settings: QualitySettings; from: string | null }> {
    const region = await repos.org.findRegion(regionCode);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    return this.settingsForPath(region.path, repos);
  }

  private async settingsForPath(path: string, repos: Pick<Repositories, 'ratings'>): Promise<{ settings: QualitySettings; from: string | null }> {
    return repos.ratings.effectiveSettings(path);
  }

  async setSettings(options: WriteOptions, regionCode: string, settings: QualitySettings): Promise<{ settings: QualitySettings; from: string | null }> {
    assertMayAnywhere(options.actor, 'quality.settings');
    checkSettings(settings);
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const region = await repos.org.findRegion(regionCode);
      if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
      assertMay(options.actor, 'quality.settings', { regionPath: region.path, departmentId: null });
      const before = await this.settingsForPath(region.path, repos);
      await repos.ratings.saveSettings(region.code, settings, options.actor.kind === 'staff' ? options.actor.id : null, now);
      await record({
        action: 'quality.settings_saved',
        entityType: 'quality_settings',
        entityId: region.code,
        payload: { before: before.settings, after: settings },
        scope: { regionPath: region.path, departmentId: null },
      });
      return { settings, from: region.code };
    });
  }

  // ---- forms -------------------------------------------------------------------------------------

  async form(channel: RatingChannel, repos: Pick<Repositories, 'ratings'> = this.uow.read): Promise<RatingFormRecord> {
    const form = await repos.ratings.currentForm(channel, this.clock.now());
    if (!form) throw notFound({ zh: '评价表', en: 'Rating form' });
    return form;
  }

  // ---- the window's pad (现场一次一评) --------------------------------------------------------------

  private async padWindow(actor: Actor, windowId: string, repos: Pick<Repositories, 'org'>) {
    assertMayAnywhere(actor, 'rating.pad');
    const window = await repos.org.findWindow(windowId);
    if (!window) throw notFound({ zh: '窗口', en: 'Window' });
    assertMay(actor, 'rating.pad', { regionPath: window.regionPath, departmentId: null });
    return window;
  }

  /** The ticket served at the window last today, when it is not rated yet. */
  private async padTicket(repos: Pick<Repositories, 'ratings'>, windowId: string, now: Date): Promise<PadTicket | null> {
    const ticket = await repos.ratings.lastServedAt(windowId, chinaDate(now));
    if (!ticket) return null;
    if (await repos.ratings.findBySubject(`ticket:${ticket.id}`)) return null;
    return ticket;
  }

  async padState(actor: Actor, windowId: string): Promise<PadState> {
    const repos = this.uow.read;
    const window = await this.padWindow(actor, windowId, repos);
    const ticket = await this.padTicket(repos, window.id, this.clock.now());
    return {
      windowId: window.id,
      windowName: window.name,
      ticket: ticket ? { id: ticket.id, number: ticket.number, staffName: ticket.staffName, status: ticket.status } : null,
      form: await this.form('onsite'),
    };
  }

  /**
   * Records the rating of the ticket served at the window. `ticketId` is the one the pad showed, so a
   * rating meant for the last visitor never lands on the next; a second one within the change time changes it.
   */
  async rateAtPad(options: WriteOptions, windowId: string, ticketId: string, input: RatingInput): Promise<StaffRating> {
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const window = await this.padWindow(options.actor, windowId, repos);
      await repos.ratings.lockTicket(ticketId);
      const subjectKey = `ticket:${ticketId}`;
      const existing = await repos.ratings.findBySubject(subjectKey);
      let ticket: PadTicket | null = null;
      if (!existing) {
        ticket = await this.padTicket(repos, window.id, now);
        if (!ticket || ticket.id !== ticketId) throw new AppError('NOTHING_TO_RATE', { zh: '该号已不是本窗口待评价的办理', en: 'That ticket is not the visit to rate at this window' });
      } else if (existing.windowId !== window.id) {
        throw new AppError('NOTHING_TO_RATE', { zh: '该号不是在本窗口办理的', en: 'That ticket was not served at this window' });
      }
      const subject = existing ? subjectOf(existing) : await this.ticketSubject(repos, window, ticket!);
      const phone = ticket?.applicantId ? await repos.ratings.applicantPhone(ticket.applicantId) : null;
      const rater: Rater = { source: 'pad', applicantId: ticket?.applicantId ?? existing?.applicantId ?? null, accountId: null, phone: phone ?? existing?.raterPhone ?? null };
      return this.staffView(await this.give(scope, options.actor, subject, rater, input));
    });
  }

  // ---- the hall kiosk (by ticket number, public) ------------------------------------------------

  /** The day's ticket of that number served at the center, unrated; the kiosk gives no second rating (nobody proves they held it). */
  private async kioskTicket(repos: Pick<Repositories, 'ratings' | 'org'>, centerId: string, number: string) {
    const center = await repos.org.findCenter(centerId);
    if (!center) throw notFound({ zh: '服务中心', en: 'Center' });
    const ticket = /^[A-Z]{1,3}\d{1,4}$/.test(number) ? await repos.ratings.servedByNumber(center.id, chinaDate(this.clock.now()), number) : undefined;
    if (!ticket) throw new AppError('NOT_FOUND', { zh: `今天没有已办理的 ${number} 号`, en: `No ticket ${number} was served today` });
    if (await repos.ratings.findBySubject(`ticket:${ticket.id}`)) throw new AppError('RATING_CLOSED', { zh: '该号已评价', en: 'That visit is already rated' });
    const window = await repos.org.findWindow(ticket.windowId);
    if (!window) throw notFound({ zh: '窗口', en: 'Window' });
    return { ticket, window };
  }

  async kioskState(centerId: string, number: string): Promise<PadState> {
    const { ticket, window } = await this.kioskTicket(this.uow.read, centerId, number);
    return { windowId: window.id, windowName: window.name, ticket: { id: ticket.id, number: ticket.number, staffName: ticket.staffName, status: ticket.status }, form: await this.form('onsite') };
  }

  async rateAtKiosk(options: WriteOptions, centerId: string, number: string, input: RatingInput): Promise<{ ratingId: string; level: RatingLevel }> {
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos } = scope;
      const { ticket, window } = await this.kioskTicket(repos, centerId, number);
      await repos.ratings.lockTicket(ticket.id);
      if (await repos.ratings.lockSubject(`ticket:${ticket.id}`)) throw new AppError('RATING_CLOSED', { zh: '该号已评价', en: 'That visit is already rated' });
      const phone = ticket.applicantId ? await repos.ratings.applicantPhone(ticket.applicantId) : null;
      const subject = await this.ticketSubject(repos, window, ticket);
      const given = await this.give(scope, options.actor, subject, { source: 'kiosk', applicantId: ticket.applicantId, accountId: null, phone }, input);
      return { ratingId: given.id, level: given.level };
    });
  }

  private async ticketSubject(repos: Pick<Repositories, 'ratings' | 'org'>, window: { id: string; centerId: string; departmentId: string | null; regionPath: string }, ticket: PadTicket): Promise<Subject> {
    const first = ticket.caseIds[0] ? await repos.ratings.ratedCase(ticket.caseIds[0]) : undefined;
    const staffDepartment = ticket.staffId ? await repos.ratings.staffDepartment(ticket.staffId) : null;
    const regionPath = first?.regionPath ?? window.regionPath;
    return {
      subjectKey: `ticket:${ticket.id}`,
      channel: 'onsite',
      caseId: first?.id ?? null,
      ticketId: ticket.id,
      staffId: ticket.staffId,
      departmentId: first?.departmentId ?? window.departmentId ?? staffDepartment,
      regionCode: first?.regionCode ?? regionPath.split('.').at(-1)!,
      regionPath,
      centerId: ticket.centerId,
      windowId: window.id,
      itemCode: first?.itemCode ?? null,
      itemVersion: first?.itemVersion ?? null,
    };
  }

  // ---- per case (网上一事一评) ---------------------------------------------------------------------

  private caseSubject(c: RatedCase): Subject {
    return {
      subjectKey: `case:${c.id}`,
      channel: 'online',
      caseId: c.id,
      ticketId: null,
      staffId: null,
      departmentId: c.departmentId,
      regionCode: c.regionCode,
      regionPath: c.regionPath,
      centerId: null,
      windowId: null,
      itemCode: c.itemCode,
      itemVersion: c.itemVersion,
    };
  }

  private async invitationCase(repos: Pick<Repositories, 'ratings'>, token: string): Promise<RatedCase> {
    const invitation = /^[\w-]{10,64}$/.test(token) ? await repos.ratings.findInvitation(tokenHash(token)) : undefined;
    if (!invitation) throw new AppError('NOT_FOUND', { zh: '评价链接无效', en: 'No such rating link' });
    if (invitation.expiresAt <= this.clock.now()) throw new AppError('EXPIRED', { zh: '评价链接已过期', en: 'The rating link has expired' });
    const c = await repos.ratings.ratedCase(invitation.caseId);
    if (!c) throw new AppError('NOT_FOUND', { zh: '评价链接无效', en: 'No such rating link' });
    return c;
  }

  private async caseView(repos: Pick<Repositories, 'ratings'>, c: RatedCase): Promise<InvitationView> {
    const rating = await repos.ratings.findBySubject(`case:${c.id}`);
    const now = this.clock.now();
    return {
      caseNo: c.caseNo,
      itemName: c.itemName,
      applicantMasked: maskName(c.applicantName),
      concludedOn: c.concludedAt ? chinaDate(c.concludedAt) : null,
      form: await this.form('online', repos),
      rating: rating
        ? { level: rating.level, indicators: rating.indicators, tags: rating.tags, comment: rating.comment, anonymous: rating.anonymous, givenAt: rating.givenAt, changeUntil: rating.changeUntil, changeable: now < rating.changeUntil }
        : null,
    };
  }

  async invitation(token: string): Promise<InvitationView> {
    const c = await this.invitationCase(this.uow.read, token);
    return this.caseView(this.uow.read, c);
  }

  async rateByInvitation(options: WriteOptions, token: string, input: RatingInput): Promise<InvitationView> {
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const c = await this.invitationCase(scope.repos, token);
      await this.give(scope, options.actor, this.caseSubject(assertConcluded(c)), { source: 'sms', applicantId: c.applicantId, accountId: null, phone: c.applicantPhone || null }, input);
      await scope.repos.ratings.markInvitationRated(c.id, scope.now);
      return this.caseView(scope.repos, c);
    });
  }

  /** The applicant signed in online: their own (or their business's) concluded case; anyone else's is unknown (404). */
  private async ownCase(repos: Pick<Repositories, 'ratings'>, actor: Actor, caseId: string): Promise<RatedCase> {
    if (actor.kind !== 'applicant' || !actor.account) throw new AppError('FORBIDDEN', { zh: '该功能仅供网上办事的申请人使用', en: 'Only applicants signed in online may use this' });
    const owned = [actor.account.applicantId, actor.account.actingFor?.applicantId].filter((id): id is string => typeof id === 'string');
    const c = await repos.ratings.ratedCase(caseId);
    if (!c || c.parentId !== null || !owned.includes(c.applicantId)) throw notFound(caseWord);
    return c;
  }

  async ownCaseRating(actor: Actor, caseId: string): Promise<InvitationView> {
    const c = await this.ownCase(this.uow.read, actor, caseId);
    return this.caseView(this.uow.read, c);
  }

  async rateOwnCase(options: WriteOptions, caseId: string, input: RatingInput): Promise<InvitationView> {
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const c = assertConcluded(await this.ownCase(scope.repos, options.actor, caseId));
      const account = options.actor.account!;
      await this.give(scope, options.actor, this.caseSubject(c), { source: 'web', applicantId: c.applicantId, accountId: account.accountId, phone: account.phone }, input);
      await scope.repos.ratings.markInvitationRated(c.id, scope.now);
      return this.caseView(scope.repos, c);
    });
  }

  /** The proxy agent records the applicant's rating of a case they handled under an authorisation. */
  async rateForApplicant(options: WriteOptions, caseId: string, input: RatingInput): Promise<InvitationView> {
    const { actor } = options;
    assertMayAnywhere(actor, 'rating.agent');
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const c = await scope.repos.ratings.ratedCase(caseId);
      if (!c || c.parentId !== null) throw notFound(caseWord);
      if (!c.agentAuthorisationId || c.agentId !== actor.id || !mayOn(actor.grants, 'rating.agent', { regionPath: c.regionPath, departmentId: null })) throw forbidden('rating.agent');
      assertConcluded(c);
      await this.give(scope, actor, this.caseSubject(c), { source: 'agent', applicantId: c.applicantId, accountId: null, phone: c.applicantPhone || null }, input);
      await scope.repos.ratings.markInvitationRated(c.id, scope.now);
      return this.caseView(scope.repos, c);
    });
  }

  // ---- the rating itself -------------------------------------------------------------------------

  /** Gives or changes the subject's one rating; a bad one opens (or a good one closes) its rectification. */
  private async give(scope: WriteScope<Uses>, actor: Actor, subject: Subject, rater: Rater, input: RatingInput): Promise<RatingRecord> {
    const { repos, now, record } = scope;
    const form = await this.form(subject.channel, repos);
    const clean = checkInput(form, input);
    const { settings } = await this.settingsForPath(subject.regionPath, repos);
    const existingId = await repos.ratings.lockSubject(subject.subjectKey);
    const anonymous = input.anonymous === true;
    const who = { applicantId: rater.applicantId, accountId: rater.accountId, raterPhone: rater.phone };
    const words = { level: clean.level, indicators: clean.indicators, tags: clean.tags, comment: clean.comment, anonymous, source: rater.source, formVersion: form.version };
    let id: string;
    let wasBad = false;
    if (existingId) {
      const before = (await repos.ratings.find(existingId))!;
      if (now >= before.changeUntil) throw new AppError('RATING_CLOSED', { zh: '已评价,且已过可修改的期限', en: 'Already rated, and the time to change it has passed' });
      wasBad = isBadRating(before.level);
      await repos.ratings.change(existingId, { source: rater.source, formId: form.id, ...clean, anonymous, ...who, changedAt: now });
      id = existingId;
      await record({
        action: 'rating.changed',
        entityType: 'rating',
        entityId: id,
        payload: { before: { level: before.level, indicators: before.indicators, tags: before.tags, comment: before.comment, anonymous: before.anonymous, source: before.source }, after: words },
        scope: { regionPath: subject.regionPath, departmentId: subject.departmentId },
        events: [{ topic: 'rating.changed', payload: eventOf(id, subject, clean.level, rater.source) }],
      });
    } else {
      id = await repos.ratings.insert({
        ...subject,
        source: rater.source,
        formId: form.id,
        ...clean,
        anonymous,
        ...who,
        givenAt: now,
        changeUntil: new Date(now.getTime() + settings.changeHours * 3_600_000),
      });
      if (!id) throw new AppError('RATING_CLOSED', { zh: '已评价', en: 'Already rated' });
      await record({
        action: 'rating.given',
        entityType: 'rating',
        entityId: id,
        payload: { subject: subject.subjectKey, ...words },
        scope: { regionPath: subject.regionPath, departmentId: subject.departmentId },
        events: [{ topic: 'rating.given', payload: eventOf(id, subject, clean.level, rater.source) }],
      });
    }
    await this.followBadness(scope, actor, id, subject, settings, wasBad, isBadRating(clean.level));
    return (await repos.ratings.find(id))!;
  }

  /**
   * A rating turned bad opens its rectification (or re-opens one closed when the rater had changed to
   * good); a bad one changed to good closes it while nobody has triaged it yet.
   */
  private async followBadness(scope: WriteScope<Uses>, _actor: Actor, ratingId: string, subject: Subject, settings: QualitySettings, wasBad: boolean, isBad: boolean): Promise<void> {
    const { repos, now, record } = scope;
    if (wasBad === isBad) return;
    const task = await repos.ratings.rectificationOf(ratingId);
    if (isBad) {
      const region = await repos.org.findRegion(subject.regionCode);
      const calendar = await this.calendar.calendarForRegion({ path: region?.path ?? subject.regionPath }, repos);
      const today = chinaDate(now);
      const dues = { reportDue: addWorkingDays(calendar, today, settings.reportBackDays), rectifyDue: addWorkingDays(calendar, today, settings.rectifyDays), at: now };
      let taskId: string;
      if (task) {
        // Only a task the rater's own change closed opens again; one worked through (or still open) stays as it is.
        if (task.state !== 'closed' || task.finding !== raterChangedFinding) return;
        await repos.ratings.reopenRectification(task.id, dues);
        taskId = task.id;
      } else {
        taskId = await repos.ratings.openRectification({ ratingId, departmentId: subject.departmentId, regionCode: subject.regionCode, regionPath: subject.regionPath, ...dues });
      }
      await record({
        action: 'rating.bad',
        entityType: 'rating',
        entityId: ratingId,
        payload: { rectificationId: taskId, reportDue: dues.reportDue, rectifyDue: dues.rectifyDue },
        scope: { regionPath: subject.regionPath, departmentId: subject.departmentId },
        events: [{ topic: 'rating.bad', payload: { ratingId, rectificationId: taskId, departmentId: subject.departmentId, regionPath: subject.regionPath, reportDue: dues.reportDue, rectifyDue: dues.rectifyDue } }],
      });
    } else if (task && task.state === 'open' && task.triagedAt === null) {
      await repos.ratings.closeRectification(task.id, raterChangedFinding, now);
      await record({
        action: 'rating.rectification_closed',
        entityType: 'rating',
        entityId: ratingId,
        payload: { rectificationId: task.id, finding: raterChangedFinding },
        scope: { regionPath: subject.regionPath, departmentId: subject.departmentId },
      });
    }
  }

  // ---- the default rating ------------------------------------------------------------------------

  /**
   * Cases concluded more than their region's `defaultRatingDays` ago with no rating get 基本满意
   * (source `default`, not changeable). Reads concluded cases by conclusion time in batches (the
   * partial index on concluded_at), each batch one write; the subject key makes a rerun harmless.
   */
  async assignDefaults(options: { batchSize?: number; lookbackDays?: number } = {}): Promise<{ rated: number }> {
    const batchSize = options.batchSize ?? 200;
    const now = this.clock.now();
    const lookback = (options.lookbackDays ?? 61) * 86_400_000;
    // Nothing concluded within the shortest period in force can be due: read only older cases, so
    // an hourly run does not read the last week's cases again each time.
    const shortest = Math.min(...[defaultQualitySettings, ...(await this.uow.read.ratings.allSettings())].flatMap((s) => (s.defaultRatingDays === null ? [] : [s.defaultRatingDays])));
    if (!Number.isFinite(shortest)) return { rated: 0 };
    const from = new Date(now.getTime() - lookback);
    const to = new Date(now.getTime() - shortest * 86_400_000);
    const form = await this.form('online');
    let after: { at: Date; id: string } | null = null;
    let rated = 0;
    const settingsCache = new Map<string, QualitySettings>();
    const settingsOf = async (path: string, repos: Pick<Repositories, 'ratings'>) => {
      const cached = settingsCache.get(path);
      if (cached) return cached;
      const found = (await this.settingsForPath(path, repos)).settings;
      settingsCache.set(path, found);
      return found;
    };
    for (;;) {
      const batch = await this.uow.read.ratings.unratedConcluded(from, to, after, batchSize);
      if (batch.length === 0) break;
      after = { at: batch.at(-1)!.concludedAt, id: batch.at(-1)!.id };
      rated += await performWrite(this.uow, this.clock, { actor: { kind: 'system', id: null, name: 'system', grants: [] }, mayChangeNothing: true }, async ({ repos, record }) => {
        let n = 0;
        for (const row of batch) {
          const settings = await settingsOf(row.regionPath, repos);
          if (settings.defaultRatingDays === null) continue;
          if (now.getTime() - row.concludedAt.getTime() < settings.defaultRatingDays * 86_400_000) continue;
          const c = await repos.ratings.ratedCase(row.id);
          if (!c) continue;
          const subject = this.caseSubject(c);
          const id = await repos.ratings.insert({
            ...subject,
            source: 'default',
            formId: form.id,
            level: 'basic',
            indicators: Object.fromEntries(form.indicators.map((i) => [i.key, 'basic'])),
            tags: [],
            comment: '',
            anonymous: false,
            applicantId: c.applicantId,
            accountId: null,
            raterPhone: null,
            givenAt: now,
            changeUntil: now,
          });
          if (!id) continue;
          n++;
          await record({
            action: 'rating.defaulted',
            entityType: 'rating',
            entityId: id,
            payload: { subject: subject.subjectKey, level: 'basic', days: settings.defaultRatingDays },
            scope: { regionPath: subject.regionPath, departmentId: subject.departmentId },
            events: [{ topic: 'rating.given', payload: eventOf(id, subject, 'basic', 'default') }],
          });
        }
        return n;
      });
      if (batch.length < batchSize) break;
    }
    return { rated };
  }

  // ---- staff reads -------------------------------------------------------------------------------

  /** A rating as staff see it: an anonymous one without its rater. */
  staffView(r: RatingRecord): StaffRating {
    if (!r.anonymous) return r;
    const { accountId: _account, ...rest } = r;
    return { ...rest, applicantId: null, applicantName: null, raterPhone: null };
  }

  async list(actor: Actor, query: { from?: string; until?: string; level?: RatingLevel; badOnly?: boolean; departmentId?: string; channel?: RatingChannel; page?: number; pageSize?: number }): Promise<RatingPage> {
    assertMayAnywhere(actor, 'rating.read');
    const pageSize = query.pageSize ?? 20;
    const page = query.page ?? 1;
    const found = await this.uow.read.ratings.list({
      scopes: scopesFor(actor, 'rating.read'),
      ...(query.from ? { from: new Date(`${query.from}T00:00:00+08:00`) } : {}),
      ...(query.until ? { until: new Date(new Date(`${query.until}T00:00:00+08:00`).getTime() + 86_400_000) } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(query.badOnly ? { badOnly: true } : {}),
      ...(query.departmentId ? { departmentId: query.departmentId } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { rows: found.rows.map((r) => this.staffView(r)), total: found.total };
  }

  async get(actor: Actor, id: string): Promise<StaffRating> {
    assertMayAnywhere(actor, 'rating.read');
    const r = await this.uow.read.ratings.find(id);
    if (!r) throw notFound({ zh: '评价', en: 'Rating' });
    assertMay(actor, 'rating.read', { regionPath: r.regionPath, departmentId: r.departmentId });
    return this.staffView(r);
  }
}

function subjectOf(r: RatingRecord): Subject {
  return {
    subjectKey: r.subjectKey,
    channel: r.channel,
    caseId: r.caseId,
    ticketId: r.ticketId,
    staffId: r.staffId,
    departmentId: r.departmentId,
    regionCode: r.regionCode,
    regionPath: r.regionPath,
    centerId: r.centerId,
    windowId: r.windowId,
    itemCode: r.itemCode,
    itemVersion: r.itemVersion,
  };
}

function eventOf(id: string, subject: Subject, level: RatingLevel, source: RatingSource) {
  return { ratingId: id, subject: subject.subjectKey, level, source, channel: subject.channel, caseId: subject.caseId, departmentId: subject.departmentId, regionPath: subject.regionPath };
}

function assertConcluded(c: RatedCase): RatedCase {
  if (!c.concludedAt || !concludedStates.includes(c.status)) {
    throw new AppError('NOTHING_TO_RATE', { zh: '办件办结后才能评价', en: 'A case can be rated once it is concluded' });
  }
  return c;
}

/** The input against the form: known indicators and tags only; indicators not given take the overall level. */
export function checkInput(form: RatingFormRecord, input: RatingInput): { level: RatingLevel; indicators: Record<string, string>; tags: string[]; comment: string } {
  if (!ratingLevels.includes(input.level)) throw invalid('请选择评价等级', 'Choose a level', 'level');
  const indicators: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.indicators ?? {})) {
    if (!form.indicators.some((i) => i.key === key)) throw invalid(`评价表没有指标“${key}”`, `The form has no indicator ${key}`, 'indicators');
    if (value === undefined || !ratingLevels.includes(value)) throw invalid('指标的评价等级无效', 'An indicator’s level is not valid', 'indicators');
    indicators[key] = value;
  }
  for (const i of form.indicators) indicators[i.key] ??= input.level;
  indicators.overall = input.level;
  const tags = [...new Set(input.tags ?? [])];
  for (const tag of tags) if (!form.tags.some((t) => t.key === tag)) throw invalid(`评价表没有标签“${tag}”`, `The form has no tag ${tag}`, 'tags');
  const comment = (input.comment ?? '').trim();
  if ([...comment].length > 500) throw invalid('评价内容不能超过500字', 'The comment is at most 500 characters', 'comment');
  return { level: input.level, indicators, tags, comment };
}
