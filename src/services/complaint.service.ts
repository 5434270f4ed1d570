/**
 * Complaints, 12345-style (issue 15): received at the hall or from the hotline by staff, online by
 * the applicant, or from a bad rating; dispatched to a department, accepted or returned, reassigned,
 * answered, pressed (督办) when late, closed by the center, revisited and rated. Every action is one
 * write (guard, change, a complaint_steps row, audit row, outbox `complaint.<action>`, idempotency
 * key). The rules (state machine, clocks, escalation) are in src/domain/complaint.ts.
 *
 * Who sees what: `complaint.read` by region subtree; a grant narrowed to a department sees only the
 * complaints dispatched to that department (in the region it handles them in). An anonymous
 * complaint's name and phone are never returned to anyone on staff; otherwise the phone is shown in
 * full only to the center's staff who receive or dispatch complaints there, masked to everyone else
 * (departments always get it masked: they answer through the center or the masked number's record).
 */
import { workingDaysBetween, type CalendarData } from '../domain/calendar.ts';
import { chinaDate, chinaDayStart } from '../domain/china-time.ts';
import {
  complaintActionLabels,
  complaintActionSide,
  complaintDueAt,
  complaintNumber,
  complaintStateLabels,
  escalationLevelDue,
  maskPhone,
  nextComplaintState,
  possibleComplaintActions,
  readClock,
  reasonRequired,
  stepDueAt,
  stepOpen,
  superviseAllowed,
  type ClockReading,
  type ComplaintAction,
  type ComplaintSource,
  type ComplaintState,
} from '../domain/complaint.ts';
import { AppError } from '../domain/errors.ts';
import { taskRegionPath } from '../domain/permissions.ts';
import { complaintCategories, type ComplaintCategory, type RatingLevel, type RevisitResult } from '../domain/rating.ts';
import type { ComplaintRecord, ComplaintReach, ComplaintStep } from '../repositories/complaint.repository.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import { assertMayAnywhere, forbidden, may, notFound, scopesFor, shownName, systemActor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof ComplaintService.repositories)[number];
type Repos = Pick<Repositories, Uses>;

export interface NewComplaint {
  source: 'hall' | 'hotline' | 'rating';
  category: ComplaintCategory;
  urgent: boolean;
  subject: string;
  content: string;
  anonymous: boolean;
  complainantName: string;
  complainantPhone: string;
  caseNo?: string;
  ratingId?: string;
  /** The receiving region (one of the receiver's); their only one when absent. */
  regionCode?: string;
}

export interface NewOnlineComplaint {
  category: ComplaintCategory;
  subject: string;
  content: string;
  anonymous: boolean;
  caseNo?: string;
  regionCode?: string;
}

export interface ComplaintActionInput {
  action: ComplaintAction;
  departmentId?: string;
  reason?: string;
  answer?: string;
  result?: RevisitResult;
  /** With a dissatisfied revisit: send it back to the department that answered. */
  reopen?: boolean;
  satisfaction?: RatingLevel;
}

export interface ComplaintView {
  record: ComplaintRecord;
  /** `null` when hidden (anonymous) from this reader. */
  complainantName: string | null;
  complainantPhone: string | null;
  whole: ClockReading;
  /** The department's step, `null` before the first dispatch or after a return. */
  step: ClockReading | null;
  closedOnTime: boolean | null;
  possibleActions: ComplaintAction[];
  steps?: ComplaintStep[];
}

export interface ComplaintFigures {
  month: string;
  byCategory: { category: ComplaintCategory; received: number; closed: number; closedOnTime: number; overdue: number; averageWorkingDays: number | null }[];
  total: { received: number; closed: number; closedOnTime: number; overdue: number; averageWorkingDays: number | null };
}

export class ComplaintService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['complaints', 'calendar', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: Pick<CalendarService, 'calendarForRegion'>;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: Pick<CalendarService, 'calendarForRegion'> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
  }

  /** 受理 by staff: at the hall, from the hotline, or from a rating (its region). */
  async receive(options: WriteOptions, input: NewComplaint): Promise<ComplaintView> {
    const { actor } = options;
    assertMayAnywhere(actor, 'complaint.receive');
    checkText(input.subject, input.content);
    if (!input.anonymous && !input.complainantName.trim()) throw invalid('请填写诉求人姓名,或选择匿名', 'Give the complainant’s name, or mark it anonymous', 'complainantName');
    if (!input.anonymous && !/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(input.complainantPhone.trim())) throw invalid('请填写有效的联系电话', 'Give a valid phone number', 'complainantPhone');
    if (input.source === 'rating' && !input.ratingId) throw invalid('差评转办须关联评价', 'A complaint from a rating names the rating', 'ratingId');
    const id = await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const rating = input.ratingId ? await repos.complaints.findRating(input.ratingId) : undefined;
      if (input.ratingId && !rating) throw notFound({ zh: '评价', en: 'Rating' });
      const region = rating ? await repos.complaints.findRegion(rating.regionCode) : await this.receivingRegion(repos, actor, input.regionCode);
      if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
      if (!may(actor, 'complaint.receive', { regionPath: region.path, departmentId: null })) throw forbidden('complaint.receive');
      const c = input.caseNo ? await repos.complaints.findCaseByNo(input.caseNo.trim()) : undefined;
      if (input.caseNo && !c) throw invalid(`没有办件编号为 ${input.caseNo} 的办件`, `No case numbered ${input.caseNo}`, 'caseNo');
      return this.insert(repos, actor, now, record, {
        source: input.source,
        category: input.category,
        urgent: input.urgent,
        subject: input.subject.trim(),
        content: input.content.trim(),
        anonymous: input.anonymous,
        complainantName: input.anonymous ? '' : input.complainantName.trim(),
        complainantPhone: input.anonymous ? '' : input.complainantPhone.trim(),
        applicantId: rating?.applicantId ?? null,
        accountId: null,
        caseId: c?.id ?? rating?.caseId ?? null,
        ratingId: rating?.id ?? null,
        region,
        receivedBy: actor.kind === 'staff' ? actor.id : null,
      });
    });
    return this.get(actor, id);
  }

  /** 网上: an applicant signed in online files their own (not urgent: urgent matters go to the hotline). */
  async fileOnline(options: WriteOptions, input: NewOnlineComplaint): Promise<ComplaintView> {
    const { actor } = options;
    const account = applicantAccount(actor);
    checkText(input.subject, input.content);
    const id = await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const applicant = account.applicantId ? await repos.complaints.findApplicant(account.applicantId) : undefined;
      const c = input.caseNo ? await repos.complaints.findCaseByNo(input.caseNo.trim()) : undefined;
      if (input.caseNo && (!c || c.applicantId !== account.applicantId)) throw invalid(`您名下没有办件编号为 ${input.caseNo} 的办件`, `You have no case numbered ${input.caseNo}`, 'caseNo');
      const regionCode = c ? c.regionPath.split('.').at(-1)! : (input.regionCode ?? applicant?.regionCode ?? undefined);
      if (!regionCode) throw invalid('请选择诉求所在地区', 'Choose the region the complaint concerns', 'regionCode');
      const region = await repos.complaints.findRegion(regionCode);
      if (!region) throw invalid('所选地区不存在', 'No such region', 'regionCode');
      return this.insert(repos, actor, now, record, {
        source: 'online',
        category: input.category,
        urgent: false,
        subject: input.subject.trim(),
        content: input.content.trim(),
        anonymous: input.anonymous,
        complainantName: applicant?.name ?? '',
        complainantPhone: account.phone,
        applicantId: account.applicantId,
        accountId: account.accountId,
        caseId: c?.id ?? null,
        ratingId: null,
        region,
        receivedBy: null,
      });
    });
    return this.getOwn(actor, id);
  }

  private async insert(
    repos: Repos,
    actor: Actor,
    now: Date,
    record: WriteScope<Uses>['record'],
    input: {
      source: ComplaintSource;
      category: ComplaintCategory;
      urgent: boolean;
      subject: string;
      content: string;
      anonymous: boolean;
      complainantName: string;
      complainantPhone: string;
      applicantId: string | null;
      accountId: string | null;
      caseId: string | null;
      ratingId: string | null;
      region: { code: string; path: string };
      receivedBy: string | null;
    },
  ): Promise<string> {
    const today = chinaDate(now);
    const [settings, calendar] = await Promise.all([repos.complaints.settingsFor(input.region.path), this.calendar.calendarForRegion({ path: input.region.path }, repos)]);
    const dueAt = complaintDueAt(calendar, settings, input.category, input.urgent, now);
    const complaintNo = complaintNumber(input.region.code, today, await repos.complaints.nextNumber(input.region.code, today));
    const id = await repos.complaints.insert({ ...input, complaintNo, regionCode: input.region.code, regionPath: input.region.path, at: now, dueAt });
    await repos.complaints.insertStep({ complaintId: id, action: 'receive', fromDepartmentId: null, toDepartmentId: null, actorId: staffId(actor), actorLabel: actorLabel(actor), reason: '', at: now, stepDueAt: null });
    await record({
      action: 'complaint.receive',
      entityType: 'complaint',
      entityId: id,
      payload: { complaintNo, source: input.source, category: input.category, urgent: input.urgent, anonymous: input.anonymous, dueAt: dueAt.toISOString() },
      scope: { regionPath: input.region.path, departmentId: null },
      events: [{ topic: 'complaint.receive', payload: { complaintId: id, complaintNo, regionPath: input.region.path, category: input.category, urgent: input.urgent, dueAt: dueAt.toISOString() } }],
    });
    return id;
  }

  /** One action of the loop by staff (the center or the handling department). */
  async act(options: WriteOptions, id: string, input: ComplaintActionInput): Promise<ComplaintView> {
    const { actor } = options;
    assertMayAnywhere(actor, 'complaint.read');
    const reason = (input.reason ?? '').trim();
    if (reasonRequired(input.action) && !reason) throw invalid(`请写明${complaintActionLabels[input.action].zh}的原因`, `Give the reason to ${input.action}`, 'reason');
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const c = await repos.complaints.find(id, { forUpdate: true });
      if (!c || !mayRead(actor, c)) throw notFound({ zh: '诉求件', en: 'Complaint' });
      this.assertMayDo(actor, c, input.action);
      const to = nextComplaintState(c.state, input.action);
      if (!to) throw notPossible(c.state, input.action);
      const calendar = await this.calendar.calendarForRegion({ path: c.regionPath }, repos);
      const settings = await repos.complaints.settingsFor(c.regionPath);
      const newStep = (at: Date) => stepDueAt(calendar, settings, at, c.dueAt, c.urgent);
      let fromDepartmentId: string | null = c.departmentId;
      let toDepartmentId: string | null = null;
      let stepDue: Date | null = null;
      const payload: Record<string, unknown> = { complaintNo: c.complaintNo, from: c.state, to, reason };
      switch (input.action) {
        case 'dispatch':
        case 'reassign': {
          if (!input.departmentId) throw invalid('请选择承办部门', 'Choose the handling department', 'departmentId');
          const department = await repos.complaints.findDepartment(input.departmentId);
          if (!department) throw invalid('承办部门不存在', 'No such department', 'departmentId');
          if (input.action === 'reassign' && department.id === c.departmentId) throw invalid('改派须选择另一个部门', 'Reassign to another department', 'departmentId');
          fromDepartmentId = input.action === 'reassign' ? c.departmentId : null;
          toDepartmentId = department.id;
          stepDue = newStep(now);
          await repos.complaints.update(id, { state: to, department_id: department.id, handler_region_path: taskRegionPath(c.regionPath, department.regionPath), step_started_at: now, step_due_at: stepDue }, now);
          payload.departmentId = department.id;
          payload.stepDueAt = stepDue.toISOString();
          break;
        }
        case 'accept':
          toDepartmentId = c.departmentId;
          stepDue = c.stepDueAt;
          await repos.complaints.update(id, { state: to }, now);
          break;
        case 'return':
          // Back to the center's dispatcher: the department's step ends, the whole clock runs on.
          await repos.complaints.update(id, { state: to, department_id: null, handler_region_path: null, step_started_at: now, step_due_at: null }, now);
          break;
        case 'answer': {
          const answer = (input.answer ?? '').trim();
          if (answer.length < 2) throw invalid('请填写答复内容', 'Write the answer', 'answer');
          if (answer.length > 4000) throw invalid('答复内容过长', 'The answer is too long', 'answer');
          stepDue = c.stepDueAt;
          await repos.complaints.update(id, { state: to, answer, answered_at: now }, now);
          payload.answer = answer;
          break;
        }
        case 'supervise':
          if (!superviseAllowed(c, now)) throw new AppError('COMPLAINT_ACTION_NOT_ALLOWED', { zh: '承办时限或总时限未超期,无需督办', en: 'Neither the step nor the whole limit has run out: nothing to supervise' }, { state: c.state });
          toDepartmentId = c.departmentId;
          stepDue = c.stepDueAt;
          await repos.complaints.update(id, { supervised_count: c.supervisedCount + 1 }, now);
          break;
        case 'close':
          await repos.complaints.update(id, { state: to, closed_at: now }, now);
          payload.onTime = now.getTime() <= c.dueAt.getTime();
          break;
        case 'revisit': {
          if (!input.result) throw invalid('请选择回访结果', 'Choose the revisit result', 'result');
          payload.result = input.result;
          if (input.reopen && input.result !== 'dissatisfied') throw invalid('只有回访不满意时才能重新交办', 'Only a dissatisfied revisit reopens the complaint', 'reopen');
          if (input.reopen) {
            // Reopened to the department that answered: a new step; the whole clock still runs from receipt.
            await repos.complaints.insertStep({
              complaintId: id,
              action: 'revisit',
              fromDepartmentId: null,
              toDepartmentId: null,
              actorId: staffId(actor),
              actorLabel: actorLabel(actor),
              reason: reason || '回访不满意',
              at: now,
              stepDueAt: null,
            });
            stepDue = newStep(now);
            toDepartmentId = c.departmentId;
            fromDepartmentId = null;
            await repos.complaints.update(id, { state: 'dispatched', step_started_at: now, step_due_at: stepDue, answered_at: null, closed_at: null, revisit_result: input.result, revisited_at: now }, now);
            payload.to = 'dispatched';
            payload.reopened = true;
            await repos.complaints.insertStep({
              complaintId: id,
              action: 'dispatch',
              fromDepartmentId: null,
              toDepartmentId,
              actorId: staffId(actor),
              actorLabel: actorLabel(actor),
              reason: `回访不满意,重新交办${reason ? `:${reason}` : ''}`,
              at: now,
              stepDueAt: stepDue,
            });
            await record({
              action: 'complaint.revisit',
              entityType: 'complaint',
              entityId: id,
              payload,
              scope: { regionPath: c.regionPath, departmentId: c.departmentId },
              events: [{ topic: 'complaint.revisit', payload: { complaintId: id, complaintNo: c.complaintNo, result: input.result, reopened: true } }],
            });
            return;
          }
          await repos.complaints.update(id, { state: to, revisit_result: input.result, revisited_at: now }, now);
          break;
        }
        case 'rate':
          if (!input.satisfaction) throw invalid('请选择满意度', 'Choose the satisfaction level', 'satisfaction');
          await repos.complaints.update(id, { state: to, satisfaction: input.satisfaction, rated_at: now }, now);
          payload.satisfaction = input.satisfaction;
          break;
      }
      await repos.complaints.insertStep({ complaintId: id, action: input.action, fromDepartmentId, toDepartmentId, actorId: staffId(actor), actorLabel: actorLabel(actor), reason, at: now, stepDueAt: stepDue });
      await record({
        action: `complaint.${input.action}`,
        entityType: 'complaint',
        entityId: id,
        payload,
        scope: { regionPath: c.regionPath, departmentId: toDepartmentId ?? c.departmentId },
        events: [{ topic: `complaint.${input.action}`, payload: { complaintId: id, complaintNo: c.complaintNo, from: c.state, to, departmentId: toDepartmentId, reason, regionPath: c.regionPath } }],
      });
    });
    // The actor just acted on it: they get the result even when it left their reach (a return).
    return this.detail(actor, id);
  }

  /** The applicant's own 评价 of their complaint once it is closed. */
  async rateOwn(options: WriteOptions, id: string, satisfaction: RatingLevel): Promise<ComplaintView> {
    const { actor } = options;
    const account = applicantAccount(actor);
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const c = await repos.complaints.find(id, { forUpdate: true });
      if (!c || c.accountId !== account.accountId) throw notFound({ zh: '诉求件', en: 'Complaint' });
      const to = nextComplaintState(c.state, 'rate');
      if (!to) throw notPossible(c.state, 'rate');
      await repos.complaints.update(id, { state: to, satisfaction, rated_at: now }, now);
      await repos.complaints.insertStep({ complaintId: id, action: 'rate', fromDepartmentId: null, toDepartmentId: null, actorId: null, actorLabel: '诉求人', reason: '', at: now, stepDueAt: null });
      await record({
        action: 'complaint.rate',
        entityType: 'complaint',
        entityId: id,
        payload: { complaintNo: c.complaintNo, from: c.state, to, satisfaction, by: 'applicant' },
        scope: { regionPath: c.regionPath, departmentId: c.departmentId },
        events: [{ topic: 'complaint.rate', payload: { complaintId: id, complaintNo: c.complaintNo, satisfaction, regionPath: c.regionPath } }],
      });
    });
    return this.getOwn(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ComplaintView> {
    assertMayAnywhere(actor, 'complaint.read');
    const c = await this.uow.read.complaints.find(id);
    if (!c || !mayRead(actor, c)) throw notFound({ zh: '诉求件', en: 'Complaint' });
    return this.detail(actor, id, c);
  }

  private async detail(actor: Actor, id: string, found?: ComplaintRecord): Promise<ComplaintView> {
    const c = found ?? (await this.uow.read.complaints.find(id));
    if (!c) throw notFound({ zh: '诉求件', en: 'Complaint' });
    const calendar = await this.calendar.calendarForRegion({ path: c.regionPath });
    return { ...this.view(actor, c, calendar), steps: await this.uow.read.complaints.steps(id) };
  }

  async list(
    actor: Actor,
    filter: { state?: ComplaintState; category?: ComplaintCategory; source?: ComplaintSource; departmentId?: string; overdue?: boolean; limit: number; offset: number },
  ): Promise<{ items: ComplaintView[]; total: number }> {
    assertMayAnywhere(actor, 'complaint.read');
    const reach: ComplaintReach = scopesFor(actor, 'complaint.read');
    const { rows, total } = await this.uow.read.complaints.list({
      reach,
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.source ? { source: filter.source } : {}),
      ...(filter.departmentId ? { departmentId: filter.departmentId } : {}),
      ...(filter.overdue ? { overdueAt: this.clock.now() } : {}),
      limit: filter.limit,
      offset: filter.offset,
    });
    const calendars = await this.calendarsOf(rows.map((r) => r.regionPath));
    return { items: rows.map((r) => this.view(actor, r, calendars.get(r.regionPath)!)), total };
  }

  /** The applicant's own complaints (online). */
  async listOwn(actor: Actor, page: { limit: number; offset: number }): Promise<{ items: ComplaintView[]; total: number }> {
    const account = applicantAccount(actor);
    const { rows, total } = await this.uow.read.complaints.list({ reach: 'all', accountId: account.accountId, ...page });
    const calendars = await this.calendarsOf(rows.map((r) => r.regionPath));
    return { items: rows.map((r) => this.view(actor, r, calendars.get(r.regionPath)!)), total };
  }

  async getOwn(actor: Actor, id: string): Promise<ComplaintView> {
    const account = applicantAccount(actor);
    const c = await this.uow.read.complaints.find(id);
    if (!c || c.accountId !== account.accountId) throw notFound({ zh: '诉求件', en: 'Complaint' });
    const calendar = await this.calendar.calendarForRegion({ path: c.regionPath });
    // The applicant sees the steps without the staff's names.
    const steps = (await this.uow.read.complaints.steps(id)).map((s) => ({ ...s, actorId: null, actorLabel: '' }));
    return { ...this.view(actor, c, calendar), steps };
  }

  /** Figures for a month (YYYY-MM, China time) within the reader's reach: by category, closed on time, overdue, average working days to close. */
  async figures(actor: Actor, wanted?: string): Promise<ComplaintFigures> {
    assertMayAnywhere(actor, 'complaint.read');
    const month = wanted ?? chinaDate(this.clock.now()).slice(0, 7);
    if (!/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid('月份格式应为 YYYY-MM', 'The month must be YYYY-MM', 'month');
    const from = chinaDayStart(`${month}-01`);
    const [y, m] = month.split('-').map(Number) as [number, number];
    // Years keep four digits (0487-12 runs to 0488-01, not 488-01, which is no date).
    const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
    const to = chinaDayStart(`${next}-01`);
    const rows = await this.uow.read.complaints.forFigures(scopesFor(actor, 'complaint.read'), from, to);
    const now = this.clock.now();
    const calendars = new Map<string, CalendarData>();
    const tally = () => ({ received: 0, closed: 0, closedOnTime: 0, overdue: 0, days: 0 });
    const by = new Map(complaintCategories.map((k) => [k, tally()]));
    const total = tally();
    for (const r of rows) {
      const t = by.get(r.category)!;
      for (const x of [t, total]) x.received++;
      if (r.closedAt) {
        let calendar = calendars.get(r.regionCode);
        if (!calendar) {
          const region = await this.uow.read.complaints.findRegion(r.regionCode);
          calendar = await this.calendar.calendarForRegion({ path: region!.path });
          calendars.set(r.regionCode, calendar);
        }
        const days = workingDaysBetween(calendar, chinaDate(r.receivedAt), chinaDate(r.closedAt));
        const onTime = r.closedAt.getTime() <= r.dueAt.getTime();
        for (const x of [t, total]) {
          x.closed++;
          x.days += days;
          if (onTime) x.closedOnTime++;
          else x.overdue++;
        }
      } else if (now.getTime() > r.dueAt.getTime()) {
        for (const x of [t, total]) x.overdue++;
      }
    }
    const out = (x: ReturnType<typeof tally>) => ({ received: x.received, closed: x.closed, closedOnTime: x.closedOnTime, overdue: x.overdue, averageWorkingDays: x.closed ? Math.round((x.days / x.closed) * 10) / 10 : null });
    return { month, byCategory: complaintCategories.map((category) => ({ category, ...out(by.get(category)!) })), total: out(total) };
  }

  /**
   * The escalation job: an open complaint whose department's step ran out goes to level 1 (an
   * automatic 督办 step, counted as supervised), one whose whole limit ran out to level 2. Levels
   * only rise, so a second run changes nothing; each raise is audited with an outbox event.
   */
  async escalate(batchSize = 200): Promise<{ escalated: number }> {
    const now = this.clock.now();
    const ids = await this.uow.read.complaints.escalationCandidates(now, batchSize);
    if (ids.length === 0) return { escalated: 0 };
    return performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async ({ repos, now: at, record }) => {
      let escalated = 0;
      for (const id of ids) {
        const c = await repos.complaints.find(id, { forUpdate: true });
        if (!c) continue;
        const level = escalationLevelDue(c, at);
        if (level <= c.escalationLevel) continue;
        const pressed = stepOpen(c.state);
        await repos.complaints.update(id, { escalation_level: level, supervised_count: c.supervisedCount + (pressed ? 1 : 0) }, at);
        const reason = level === 2 ? '诉求件总时限已超期,自动升级督办' : '承办环节超时,自动督办';
        await repos.complaints.insertStep({ complaintId: id, action: 'escalate', fromDepartmentId: null, toDepartmentId: c.departmentId, actorId: null, actorLabel: '系统', reason, at, stepDueAt: c.stepDueAt });
        await record({
          action: 'complaint.escalate',
          entityType: 'complaint',
          entityId: id,
          payload: { complaintNo: c.complaintNo, from: c.escalationLevel, level, state: c.state, reason },
          scope: { regionPath: c.regionPath, departmentId: c.departmentId },
          events: [{ topic: 'complaint.escalate', payload: { complaintId: id, complaintNo: c.complaintNo, level, departmentId: c.departmentId, regionPath: c.regionPath } }],
        });
        escalated++;
      }
      return { escalated };
    });
  }

  private view(actor: Actor, c: ComplaintRecord, calendar: CalendarData): ComplaintView {
    const now = this.clock.now();
    const own = actor.kind === 'applicant' && actor.account?.accountId === c.accountId;
    const center = actor.kind === 'system' || may(actor, 'complaint.receive', { regionPath: c.regionPath, departmentId: null }) || may(actor, 'complaint.dispatch', { regionPath: c.regionPath, departmentId: null });
    const stoppedWhole = c.closedAt;
    const whole = readClock(calendar, c.receivedAt, c.dueAt, now, stoppedWhole);
    const step = c.stepDueAt ? readClock(calendar, c.stepStartedAt, c.stepDueAt, now, stepOpen(c.state) ? null : (c.answeredAt ?? c.updatedAt)) : null;
    return {
      record: c,
      complainantName: own ? c.complainantName : c.anonymous ? null : c.complainantName,
      complainantPhone: own ? c.complainantPhone : c.anonymous ? null : center ? c.complainantPhone : maskPhone(c.complainantPhone),
      whole,
      step,
      closedOnTime: c.closedAt ? c.closedAt.getTime() <= c.dueAt.getTime() : null,
      possibleActions: actor.kind === 'applicant' ? (own && nextComplaintState(c.state, 'rate') ? ['rate'] : []) : possibleComplaintActions(c.state).filter((a) => this.mayDo(actor, c, a, now)),
    };
  }

  private mayDo(actor: Actor, c: ComplaintRecord, action: ComplaintAction, now: Date): boolean {
    if (action === 'supervise' && !superviseAllowed(c, now)) return false;
    return this.permitted(actor, c, action);
  }

  private permitted(actor: Actor, c: ComplaintRecord, action: ComplaintAction): boolean {
    const center = { regionPath: c.regionPath, departmentId: null };
    if (complaintActionSide[action] === 'department') {
      return c.departmentId !== null && c.handlerRegionPath !== null && may(actor, 'complaint.handle', { regionPath: c.handlerRegionPath, departmentId: c.departmentId });
    }
    // The complainant's 评价 is recorded by whoever takes it at the center (the desk or the dispatcher).
    if (action === 'rate') return may(actor, 'complaint.dispatch', center) || may(actor, 'complaint.receive', center);
    return may(actor, 'complaint.dispatch', center);
  }

  private assertMayDo(actor: Actor, c: ComplaintRecord, action: ComplaintAction): void {
    if (!this.permitted(actor, c, action)) throw forbidden(complaintActionSide[action] === 'department' ? 'complaint.handle' : 'complaint.dispatch');
  }

  private async calendarsOf(paths: readonly string[]): Promise<Map<string, CalendarData>> {
    const out = new Map<string, CalendarData>();
    for (const path of new Set(paths)) out.set(path, await this.calendar.calendarForRegion({ path }));
    return out;
  }

  private async receivingRegion(repos: Repos, actor: Actor, regionCode: string | undefined): Promise<{ code: string; path: string; name: string } | undefined> {
    if (regionCode) {
      const region = await repos.complaints.findRegion(regionCode);
      if (!region) throw invalid('受理地区划不存在', 'No such region', 'regionCode');
      return region;
    }
    const scopes = scopesFor(actor, 'complaint.receive');
    const paths = scopes === 'all' ? [] : [...new Set(scopes.filter((s) => s.departmentId === null).map((s) => s.regionPath))];
    if (paths.length !== 1) throw invalid('请选择受理地区划', 'Choose the receiving region', 'regionCode');
    return repos.complaints.findRegion(paths[0]!.split('.').at(-1)!);
  }
}

/** Whether the reader sees the complaint: the region subtree, or (a department's grant) the complaints dispatched to it. */
function mayRead(actor: Actor, c: ComplaintRecord): boolean {
  if (may(actor, 'complaint.read', { regionPath: c.regionPath, departmentId: null })) return true;
  return c.departmentId !== null && c.handlerRegionPath !== null && may(actor, 'complaint.read', { regionPath: c.handlerRegionPath, departmentId: c.departmentId });
}

function applicantAccount(actor: Actor): NonNullable<Actor['account']> {
  if (actor.kind !== 'applicant' || !actor.account) throw new AppError('FORBIDDEN', { zh: '该功能仅供网上办事的申请人使用', en: 'Only applicants signed in online may use this' });
  return actor.account;
}

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

function actorLabel(actor: Actor): string {
  if (actor.kind === 'system') return '系统';
  if (actor.kind === 'applicant') return '诉求人(网上)';
  return shownName(actor);
}

function checkText(subject: string, content: string): void {
  if (!subject.trim()) throw invalid('请填写诉求标题', 'Give the subject', 'subject');
  if (content.trim().length < 5) throw invalid('请写明诉求内容(至少 5 个字)', 'Describe the complaint (at least 5 characters)', 'content');
}

function invalid(zh: string, en: string, field: string): AppError {
  return new AppError('VALIDATION_FAILED', { zh, en }, [{ field }]);
}

function notPossible(state: ComplaintState, action: ComplaintAction): AppError {
  const label = complaintStateLabels[state];
  const verb = complaintActionLabels[action];
  return new AppError(
    'COMPLAINT_ACTION_NOT_ALLOWED',
    { zh: `诉求件${label.zh},不能${verb.zh}`, en: `The complaint is ${label.en.toLowerCase()}: ${verb.en.toLowerCase()} is not possible` },
    { state, possible: possibleComplaintActions(state) },
  );
}
