/**
 * 差评整改 (issue 15, point 2): the work a bad rating becomes once the rating capture has opened its
 * task. The responsible department verifies and triages it (核实: 立行立改 / 建台账限期整改 / 解释说明)
 * and reports back (反馈); the center (a supervisor or a front-desk clerk of the region) calls the
 * applicant back (回访), records the result and the re-rating, and closes it. A department may appeal
 * a bad rating of its own (申诉复核); a supervisor upholds it (the rating is excluded from the figures
 * but stays in the record with the verdict, the task is annulled) or rejects it (the task returns to
 * where it was, its deadlines moved by the working days the appeal took).
 *
 * Every change is one `performWrite`: the guard in `nextRectificationState`, the change, an audit row
 * and an outbox event `rectification.<action>`, the client's idempotency key.
 */
import type { CalendarData } from '../domain/calendar.ts';
import { chinaDate, chinaDayStart } from '../domain/china-time.ts';
import type { WarningLevel } from '../domain/case-clock.ts';
import { AppError } from '../domain/errors.ts';
import { mayOn, type Permission } from '../domain/permissions.ts';
import { isBadRating, rectificationStateLabels, type AppealReason, type QualitySettings, type RatingLevel, type RectificationState, type RevisitResult, type TriageKind } from '../domain/rating.ts';
import {
  mayReportAtTriage,
  nextRectificationState,
  pendingStep,
  possibleRectificationActions,
  rectificationActionLabels,
  rectificationWarning,
  rectifiedOnTime,
  revisitDue,
  shiftAfterPause,
  type PendingStep,
  type RectificationAction,
} from '../domain/rectification.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { RatingAppeal, Rectification } from '../repositories/rectification.repository.ts';
import { assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof RectificationService.repositories)[number];

/** A task as its readers see it: the rating (rater only when real-name), the step it waits for and its warning. */
export interface RectificationView extends Rectification {
  pending: PendingStep | null;
  /** The case clock's levels: red when the pending step's date has passed (China date, working days). */
  warning: WarningLevel;
  late: boolean;
  possibleActions: RectificationAction[];
}

export interface RectificationDetail extends RectificationView {
  appeals: RatingAppeal[];
}

export interface RectificationFigures {
  month: string;
  /** Bad ratings whose task opened in the month. */
  total: number;
  byState: Record<RectificationState, number>;
  /** Open tasks whose pending step is past its date now. */
  late: number;
  realName: number;
  anonymous: number;
  /** Upheld appeals: excluded from the shares below, kept in the record. */
  excluded: number;
  /** Real-name, not excluded, revisited (回访 recorded). */
  revisited: number;
  /** revisited / realName (excluded ones left out); null when there is none. */
  revisitShare: number | null;
  /** Reported back (not excluded), and of those reported by the rectify date (按期整改, as the published figures count it). */
  reported: number;
  reportedOnTime: number;
  onTimeShare: number | null;
  reRated: number;
}

export class RectificationService {
  static readonly repositories = ['rectifications', 'calendar', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: Pick<CalendarService, 'calendarFor'>;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: Pick<CalendarService, 'calendarFor'> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** The inbox: a department's own tasks, a supervisor's or center's region subtree. */
  async list(actor: Actor, filter: { state?: RectificationState; late?: boolean; departmentId?: string } = {}): Promise<RectificationView[]> {
    assertMayAnywhere(actor, 'rectification.read');
    const rows = await this.uow.read.rectifications.list({
      scopes: scopesFor(actor, 'rectification.read'),
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.departmentId ? { departmentId: filter.departmentId } : {}),
    });
    const views = await this.views(actor, rows);
    return filter.late === undefined ? views : views.filter((v) => v.late === filter.late);
  }

  async get(actor: Actor, id: string): Promise<RectificationDetail> {
    assertMayAnywhere(actor, 'rectification.read');
    const found = await this.uow.read.rectifications.find(id);
    if (!found || !readable(actor, found)) throw notFound({ zh: '差评整改任务', en: 'Rectification task' });
    const [view] = await this.views(actor, [found]);
    return { ...view!, appeals: await this.uow.read.rectifications.appealsOfRating(found.rating.id) };
  }

  /** Appeals in the caller's reach (a department's own, a supervisor's region). */
  async listAppeals(actor: Actor, filter: { state?: RatingAppeal['state'] } = {}): Promise<RatingAppeal[]> {
    assertMayAnywhere(actor, 'rectification.read');
    return this.uow.read.rectifications.listAppeals({ scopes: scopesFor(actor, 'rectification.read'), ...(filter.state ? { state: filter.state } : {}) });
  }

  /**
   * The month's figures over the tasks opened in it (China time) within the caller's reach:
   * counts by state, late now, the revisit share (real-name bad ratings revisited / real-name bad
   * ratings; anonymous ones cannot be called back and are counted apart, upheld appeals too) and
   * the reports made by their date.
   */
  async figures(actor: Actor, month?: string): Promise<RectificationFigures> {
    assertMayAnywhere(actor, 'rectification.read');
    const now = this.clock.now();
    const m = month ?? chinaDate(now).slice(0, 7);
    const [year, mon] = m.split('-').map(Number) as [number, number];
    // Years keep four digits (0487-12 runs to 0488-01, not 488-01, which is no date).
    const next = mon === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(mon + 1).padStart(2, '0')}`;
    const rows = await this.uow.read.rectifications.list({ scopes: scopesFor(actor, 'rectification.read'), createdFrom: chinaDayStart(`${m}-01`), createdTo: chinaDayStart(`${next}-01`) }, 100_000);
    const views = await this.views(actor, rows);
    const byState = Object.fromEntries(Object.keys(rectificationStateLabels).map((s) => [s, 0])) as Record<RectificationState, number>;
    let late = 0;
    let realName = 0;
    let anonymous = 0;
    let excluded = 0;
    let revisited = 0;
    let reported = 0;
    let onTime = 0;
    let reRated = 0;
    for (const v of views) {
      byState[v.state]++;
      if (v.late) late++;
      if (v.rating.excluded) {
        excluded++;
        continue;
      }
      if (v.rating.anonymous) anonymous++;
      else {
        realName++;
        if (v.revisitedAt) revisited++;
      }
      if (v.reLevel) reRated++;
      if (v.reportedAt) {
        reported++;
        if (rectifiedOnTime(chinaDate(v.reportedAt), v)) onTime++;
      }
    }
    return {
      month: m,
      total: views.length,
      byState,
      late,
      realName,
      anonymous,
      excluded,
      revisited,
      revisitShare: realName === 0 ? null : revisited / realName,
      reported,
      reportedOnTime: onTime,
      onTimeShare: reported === 0 ? null : onTime / reported,
      reRated,
    };
  }

  // ---- the department's steps --------------------------------------------------------------

  /**
   * 核实与分类: the department's finding and triage. 立行立改 and 解释说明 may report back at once
   * (`report: true` with the measures or the explanation); a ledger reports when it has rectified.
   */
  async triage(options: WriteOptions, id: string, input: { triage: TriageKind; finding: string; measures?: string; report?: boolean }): Promise<RectificationDetail> {
    const finding = input.finding.trim();
    const measures = (input.measures ?? '').trim();
    if (!finding) throw invalid('请填写核实情况', 'Write what the verification found', 'finding');
    if (input.report && !mayReportAtTriage(input.triage)) throw invalid('建台账限期整改的任务须在整改完成后反馈', 'A ledger task reports back once rectified', 'report');
    if (input.report && !measures) throw invalid(input.triage === 'explain' ? '请填写向申请人的解释说明' : '请填写整改措施', input.triage === 'explain' ? 'Write the explanation' : 'Write the measures taken', 'measures');
    return this.step(options, id, 'triage', 'work', async ({ repos, now, record }, task, calendar, settings) => {
      const to = nextRectificationState(facts(task), 'triage')!;
      await repos.rectifications.update(task.id, { state: to, triage: input.triage, finding, measures, triagedAt: now, assigneeId: options.actor.id, at: now });
      await record(change(task, 'triaged', { triage: input.triage, finding, measures }));
      if (input.report) await this.reportIn({ repos, now, record }, { ...task, state: to, triage: input.triage }, measures, calendar, settings);
    });
  }

  /** 整改反馈: the department reports what it did; the revisit falls due `revisitDays` working days later. */
  async report(options: WriteOptions, id: string, input: { measures: string }): Promise<RectificationDetail> {
    const measures = input.measures.trim();
    if (!measures) throw invalid('请填写整改措施和结果', 'Write the measures and their result', 'measures');
    return this.step(options, id, 'report', 'work', async (scope, task, calendar, settings) => {
      await this.reportIn(scope, task, measures, calendar, settings);
    });
  }

  private async reportIn(scope: WriteScope<Uses>, task: Rectification, measures: string, calendar: CalendarData, settings: QualitySettings): Promise<void> {
    const { repos, now, record } = scope;
    const to = nextRectificationState(facts(task), 'report');
    if (!to) throw notPossible(task, 'report');
    const reportedOn = chinaDate(now);
    // Nobody to call back on an anonymous rating: no revisit falls due.
    const due = task.rating.anonymous ? null : revisitDue(calendar, reportedOn, settings.revisitDays);
    await repos.rectifications.update(task.id, { state: to, measures, reportedAt: now, revisitDue: due, at: now });
    await record(change(task, 'reported', { triage: task.triage, measures, revisitDue: due, onTime: rectifiedOnTime(reportedOn, task) }));
  }

  // ---- the center's steps ------------------------------------------------------------------

  /**
   * 回访: the center called the applicant; the result, a note (required when still dissatisfied) and
   * the re-rating they gave on the call, if any. `close` closes the task with it.
   */
  async revisit(options: WriteOptions, id: string, input: { result: RevisitResult; note: string; reLevel?: RatingLevel; close?: boolean }): Promise<RectificationDetail> {
    const note = input.note.trim();
    if (input.result === 'dissatisfied' && !note) throw invalid('申请人仍不满意时须记录其意见', 'Record what the still dissatisfied applicant said', 'note');
    if (input.result === 'unreachable' && input.reLevel) throw invalid('未联系上申请人,不能记录重新评价', 'The applicant was not reached: there is no re-rating', 'reLevel');
    return this.step(options, id, 'revisit', 'rectification.revisit', async ({ repos, now, record }, task) => {
      const to = nextRectificationState(facts(task), 'revisit')!;
      await repos.rectifications.update(task.id, {
        state: to,
        revisitedAt: now,
        ...(options.actor.kind === 'staff' && options.actor.id ? { revisitedBy: options.actor.id } : {}),
        revisitResult: input.result,
        revisitNote: note,
        ...(input.reLevel ? { reLevel: input.reLevel, reRatedAt: now } : {}),
        at: now,
      });
      const onTime = !task.revisitDue || chinaDate(now) <= task.revisitDue;
      await record(change(task, 'revisited', { result: input.result, note, reLevel: input.reLevel ?? null, onTime }));
      if (input.close) {
        await repos.rectifications.update(task.id, { state: 'closed', closedAt: now, at: now });
        await record(change(task, 'closed', { after: 'revisit' }));
      }
    });
  }

  /** The applicant's re-rating, when they gave it after the call (once). */
  async reRate(options: WriteOptions, id: string, input: { reLevel: RatingLevel }): Promise<RectificationDetail> {
    return this.step(options, id, 're_rate', 'rectification.revisit', async ({ repos, now, record }, task) => {
      await repos.rectifications.update(task.id, { reLevel: input.reLevel, reRatedAt: now, at: now });
      await record(change(task, 're_rated', { reLevel: input.reLevel, stillBad: isBadRating(input.reLevel) }));
    });
  }

  /** 办结: after the revisit; an anonymous rating's task once the department has reported (nobody to call). */
  async close(options: WriteOptions, id: string, input: { note?: string } = {}): Promise<RectificationDetail> {
    return this.step(options, id, 'close', 'rectification.revisit', async ({ repos, now, record }, task) => {
      await repos.rectifications.update(task.id, { state: 'closed', closedAt: now, at: now });
      await record(change(task, 'closed', { note: (input.note ?? '').trim() }));
    });
  }

  // ---- 申诉复核 ----------------------------------------------------------------------------

  /**
   * The department contests the rating (one pending appeal at a time): the task becomes `appealed`
   * and its deadlines stand still from today until the verdict.
   */
  async appeal(options: WriteOptions, id: string, input: { reason: AppealReason; statement: string }): Promise<RectificationDetail> {
    const statement = input.statement.trim();
    if (statement.length < 5) throw invalid('请写明申诉理由和事实(至少 5 个字)', 'State the grounds and facts (5 characters at least)', 'statement');
    return this.step(options, id, 'appeal', 'rating.appeal.file', async ({ repos, now, record }, task) => {
      if (options.actor.kind !== 'staff' || !options.actor.id) throw forbidden('rating.appeal.file');
      const appealId = await repos.rectifications.insertAppeal({
        ratingId: task.rating.id,
        rectificationId: task.id,
        departmentId: task.department?.id ?? null,
        regionPath: task.regionPath,
        reason: input.reason,
        statement,
        filedBy: options.actor.id,
        at: now,
      });
      await repos.rectifications.update(task.id, { state: 'appealed', stateBeforeAppeal: task.state, pausedOn: chinaDate(now), at: now });
      await record(change(task, 'appealed', { appealId, reason: input.reason, statement, from: task.state }));
    });
  }

  /**
   * The supervisor's verdict. Upheld: the rating is excluded (it stays, with the verdict), the task
   * annulled. Rejected: the task returns to its state before the appeal and every deadline not yet
   * met moves by the working days from filing to this verdict.
   */
  async decideAppeal(options: WriteOptions, appealId: string, input: { verdict: 'upheld' | 'rejected'; note: string }): Promise<RatingAppeal> {
    const { actor } = options;
    assertMayAnywhere(actor, 'rating.appeal.decide');
    const note = input.note.trim();
    if (!note) throw invalid('请填写复核意见', 'Write the grounds of the decision', 'note');
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const appeal = await repos.rectifications.findAppeal(appealId, { forUpdate: true });
      if (!appeal || !(actor.kind === 'system' || mayOn(actor.grants, 'rating.appeal.decide', { regionPath: appeal.regionPath, departmentId: appeal.department?.id ?? null }))) {
        throw notFound({ zh: '申诉', en: 'Appeal' });
      }
      if (appeal.state !== 'pending') throw new AppError('APPEAL_ALREADY_DECIDED', { zh: '该申诉已复核,不能再次决定', en: 'The appeal is already decided' }, { state: appeal.state });
      const task = appeal.rectificationId ? await repos.rectifications.find(appeal.rectificationId, { forUpdate: true }) : await repos.rectifications.findByRating(appeal.ratingId);
      if (!task) throw notFound({ zh: '差评整改任务', en: 'Rectification task' });
      const action = input.verdict === 'upheld' ? 'uphold' : 'reject';
      const to = nextRectificationState(facts(task), action, task.stateBeforeAppeal);
      if (!to) throw notPossible(task, action);
      const today = chinaDate(now);
      let paused = 0;
      if (input.verdict === 'upheld') {
        await repos.rectifications.excludeRating(task.rating.id);
        await repos.rectifications.update(task.id, { state: to, stateBeforeAppeal: null, pausedOn: null, closedAt: now, at: now });
      } else {
        const calendar = await this.calendar.calendarFor(task.regionCode, repos);
        const shifted = shiftAfterPause(calendar, task, task.pausedOn ?? today, today, { reported: task.reportedAt !== null, revisited: task.revisitedAt !== null });
        paused = shifted.pausedDays;
        await repos.rectifications.update(task.id, {
          state: to,
          stateBeforeAppeal: null,
          pausedOn: null,
          reportDue: shifted.reportDue,
          rectifyDue: shifted.rectifyDue,
          revisitDue: shifted.revisitDue,
          at: now,
        });
      }
      const decided = await repos.rectifications.decideAppeal(appeal.id, { state: input.verdict, decidedBy: actor.kind === 'staff' ? actor.id : null, note, pausedDays: paused, at: now });
      if (!decided) throw new AppError('APPEAL_ALREADY_DECIDED', { zh: '该申诉已复核,不能再次决定', en: 'The appeal is already decided' });
      await record(change(task, input.verdict === 'upheld' ? 'appeal_upheld' : 'appeal_rejected', { appealId: appeal.id, reason: appeal.reason, note, pausedDays: paused, to }));
      return (await repos.rectifications.findAppeal(appeal.id))!;
    });
  }

  // ---- the common path ----------------------------------------------------------------------

  private async step(
    options: WriteOptions,
    id: string,
    action: RectificationAction,
    needs: Permission | 'work',
    work: (scope: WriteScope<Uses>, task: Rectification, calendar: CalendarData, settings: QualitySettings) => Promise<void>,
  ): Promise<RectificationDetail> {
    const { actor } = options;
    if (needs !== 'work') assertMayAnywhere(actor, needs);
    await performWrite(this.uow, this.clock, options, async (scope) => {
      const task = await scope.repos.rectifications.find(id, { forUpdate: true });
      const permission = needs === 'work' ? workPermission(task) : needs;
      // A task outside the caller's reach is not theirs to see either.
      if (!task || !readable(actor, task)) throw notFound({ zh: '差评整改任务', en: 'Rectification task' });
      if (!(actor.kind === 'system' || mayOn(actor.grants, permission, scopeOf(task)))) throw forbidden(permission);
      if (!nextRectificationState(facts(task), action, task.stateBeforeAppeal)) throw notPossible(task, action);
      const calendar = await this.calendar.calendarFor(task.regionCode, scope.repos);
      const settings = await scope.repos.rectifications.settingsFor(task.regionPath);
      await work(scope, task, calendar, settings);
    });
    return this.get(actor, id);
  }

  private async views(actor: Actor, rows: Rectification[]): Promise<RectificationView[]> {
    const today = chinaDate(this.clock.now());
    const calendars = new Map<string, CalendarData>();
    const settings = new Map<string, QualitySettings>();
    const out: RectificationView[] = [];
    for (const row of rows) {
      let calendar = calendars.get(row.regionCode);
      if (!calendar) {
        calendar = await this.calendar.calendarFor(row.regionCode, this.uow.read);
        calendars.set(row.regionCode, calendar);
      }
      let s = settings.get(row.regionPath);
      if (!s) {
        s = await this.uow.read.rectifications.settingsFor(row.regionPath);
        settings.set(row.regionPath, s);
      }
      const pending = pendingStep({ state: row.state, triage: row.triage, anonymous: row.rating.anonymous, reportDue: row.reportDue, rectifyDue: row.rectifyDue, revisitDue: row.revisitDue }, s);
      const warning = rectificationWarning(calendar, today, pending);
      const possible = possibleRectificationActions(facts(row), row.stateBeforeAppeal).filter((a) => mayAct(actor, a, row));
      out.push({ ...row, rating: row.rating.anonymous ? { ...row.rating, rater: null } : row.rating, pending, warning, late: warning === 'red', possibleActions: possible });
    }
    return out;
  }
}

const actionPermission: Record<RectificationAction, Permission> = {
  triage: 'rectification.work',
  report: 'rectification.work',
  appeal: 'rating.appeal.file',
  revisit: 'rectification.revisit',
  re_rate: 'rectification.revisit',
  close: 'rectification.revisit',
  uphold: 'rating.appeal.decide',
  reject: 'rating.appeal.decide',
};

function scopeOf(task: Rectification): { regionPath: string; departmentId: string | null } {
  return { regionPath: task.regionPath, departmentId: task.department?.id ?? null };
}

function readable(actor: Actor, task: Rectification): boolean {
  return actor.kind === 'system' || mayOn(actor.grants, 'rectification.read', scopeOf(task));
}

function mayAct(actor: Actor, action: RectificationAction, task: Rectification): boolean {
  const permission = actionPermission[action] === 'rectification.work' ? workPermission(task) : actionPermission[action];
  return actor.kind === 'system' || mayOn(actor.grants, permission, scopeOf(task));
}

/**
 * Who verifies and rectifies: the rated department; a visit rated at the center's own window with no
 * case of a department (a consultation, a ticket served without a case) is the center's to answer, so
 * its supervisor works it (rectification.center), as no department's reviewer could.
 */
function workPermission(task: Rectification | undefined | null): Permission {
  return task && !task.department ? 'rectification.center' : 'rectification.work';
}

function facts(task: Rectification): { state: RectificationState; anonymous: boolean; reRated: boolean } {
  return { state: task.state, anonymous: task.rating.anonymous, reRated: task.reLevel !== null };
}

function change(task: Rectification, verb: string, payload: Record<string, unknown>) {
  const action = `rectification.${verb}`;
  return {
    action,
    entityType: 'rating_rectification',
    entityId: task.id,
    payload: { ratingId: task.rating.id, caseNo: task.rating.caseNo, level: task.rating.level, ...payload },
    scope: scopeOf(task),
    events: [{ topic: action, payload: { rectificationId: task.id, ratingId: task.rating.id, departmentId: task.department?.id ?? null, regionPath: task.regionPath } }],
  };
}

function invalid(zh: string, en: string, field: string): AppError {
  return new AppError('VALIDATION_FAILED', { zh, en }, [{ field }]);
}

function notPossible(task: Rectification, action: RectificationAction): AppError {
  const state = rectificationStateLabels[task.state];
  const verb = rectificationActionLabels[action];
  const why =
    action === 'revisit' && task.rating.anonymous && task.state === 'reported'
      ? { zh: '匿名评价无法回访,请直接办结', en: 'an anonymous rating cannot be revisited; close it instead' }
      : action === 'report' && task.state === 'open'
        ? { zh: '请先核实并分类', en: 'verify and triage it first' }
        : null;
  return new AppError(
    'RECTIFICATION_ACTION_NOT_ALLOWED',
    {
      zh: `差评整改任务${state.zh},不能${verb.zh}${why ? `:${why.zh}` : ''}`,
      en: `The rectification task is ${state.en.toLowerCase()}: ${verb.en.toLowerCase()} is not possible${why ? ` (${why.en})` : ''}`,
    },
    { state: task.state, possible: possibleRectificationActions(facts(task), task.stateBeforeAppeal) },
  );
}
