/**
 * 电子监察 (issue 16, point 2): the rules raise alerts to the supervisor (src/domain/alert.ts), the
 * responsible department responds with its explanation by the response date, the supervisor closes
 * each with a verdict; the counts feed the dashboards.
 *
 * The job (`evaluate`) never scans all cases: each rule reads the partial index of its exceptions
 * (red running cases, deferred materials still due, filings not received, return actions), the
 * correction rule only the log written since its last run (with an overlap for transactions still
 * open then), and every alert is inserted once per (rule, subject) by the database's unique key. Two
 * processes running it at once: the second finds the job's advisory lock held and skips the rule.
 * Every raise, response and close is one `performWrite` with its audit row and outbox event
 * (`alert.raised`, `alert.responded`, `alert.closed`).
 */
import { addDays, type CalendarData } from '../domain/calendar.ts';
import { chinaDate, chinaDayStart } from '../domain/china-time.ts';
import {
  alertActionLabels,
  alertRules,
  alertStateLabels,
  alertStates,
  isoWeek,
  nextAlertState,
  possibleAlertActions,
  responseDue,
  responseOverdue,
  returnsRule,
  returnsUnusual,
  subjectKey,
  type AlertAction,
  type AlertRule,
  type AlertState,
  type AlertVerdict,
} from '../domain/alert.ts';
import { AppError } from '../domain/errors.ts';
import { isWithinRegion } from '../domain/region.ts';
import type { Alert, AlertCandidate, AlertFilter } from '../repositories/alert.repository.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { assertMay, assertMayAnywhere, forbidden, may, notFound, scopesFor, shownName, systemActor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof AlertService.repositories)[number];

/** An alert as its reader sees it: late or not, and what the reader may do with it now. */
export interface AlertView extends Alert {
  overdue: boolean;
  possibleActions: AlertAction[];
}

export interface AlertSummary {
  regionCode: string | null;
  from: string;
  to: string;
  byRule: { rule: AlertRule; total: number; byState: Record<AlertState, number>; overdue: number }[];
  total: number;
  byState: Record<AlertState, number>;
  /** Open alerts past their response date now (of those raised in the period). */
  overdue: number;
}

export interface EvaluationReport {
  raised: Record<AlertRule, number>;
  /** Alerts left for a later run: the region's calendar does not know the response date's year. */
  unknownCalendar: number;
  /** Another process held the job's lock: it raised what was due. */
  skipped: boolean;
}

const batchSize = 200;
/** The correction rule re-reads this far before its watermark: a write still open then commits with an earlier time. */
const logOverlapMs = 15 * 60_000;
const alertWord = { zh: '监察预警', en: 'Alert' };

export class AlertService {
  static readonly repositories = ['alerts', 'calendar', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: Pick<CalendarService, 'calendarFor'>;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: Pick<CalendarService, 'calendarFor'> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
  }

  // ---- the job ---------------------------------------------------------------------------------

  /** Evaluates every rule once and raises the alerts due; a second run raises nothing new. */
  async evaluate(): Promise<EvaluationReport> {
    const report: EvaluationReport = { raised: Object.fromEntries(alertRules.map((r) => [r, 0])) as Record<AlertRule, number>, unknownCalendar: 0, skipped: false };
    const calendars = new Map<string, CalendarData>();
    const today = chinaDate(this.clock.now());
    const add = (batch: { raised: number; unknownCalendar: number; skipped: boolean; more: boolean }, rule: AlertRule) => {
      report.raised[rule] += batch.raised;
      report.unknownCalendar += batch.unknownCalendar;
      report.skipped ||= batch.skipped;
      // A batch that raised nothing new leaves only rows a later run must see again (calendar unknown).
      return batch.more && batch.raised > 0 && !batch.skipped;
    };
    const sources: [AlertRule, (repos: WriteScope<Uses>['repos']) => Promise<AlertCandidate[]>][] = [
      ['case_red', (repos) => repos.alerts.redCases(batchSize)],
      ['deferred_overdue', (repos) => repos.alerts.overdueDeferred(today, batchSize)],
      ['filing_late', (repos) => repos.alerts.lateFilings(today, batchSize)],
    ];
    for (const [rule, read] of sources) {
      while (add(await this.raiseBatch(calendars, async (repos) => read(repos)), rule));
    }
    report.raised.correction_after_acceptance = await this.raiseCorrections(calendars, report);
    if (!report.skipped) add(await this.raiseBatch(calendars, (repos) => this.unusualReturns(repos, today)), 'returns_unusual');
    return report;
  }

  /** One transaction: the job's lock, the candidates, each raised once with its audit row and event. */
  private async raiseBatch(calendars: Map<string, CalendarData>, read: (repos: WriteScope<Uses>['repos']) => Promise<AlertCandidate[]>, after?: (scope: WriteScope<Uses>, candidates: AlertCandidate[]) => Promise<void>) {
    return performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async (scope) => {
      const result = { raised: 0, unknownCalendar: 0, skipped: false, more: false };
      if (!(await scope.repos.alerts.tryJobLock())) return { ...result, skipped: true };
      const candidates = await read(scope.repos);
      result.more = candidates.length === batchSize;
      for (const candidate of candidates) {
        const raised = await this.raise(scope, calendars, candidate);
        if (raised === 'unknown_calendar') result.unknownCalendar++;
        else if (raised) result.raised++;
      }
      await after?.(scope, candidates);
      return result;
    });
  }

  private async raise(scope: WriteScope<Uses>, calendars: Map<string, CalendarData>, candidate: AlertCandidate): Promise<boolean | 'unknown_calendar'> {
    const { repos, now } = scope;
    const raisedOn = chinaDate(now);
    const calendar = calendars.get(candidate.regionCode) ?? (await this.calendar.calendarFor(candidate.regionCode, repos));
    calendars.set(candidate.regionCode, calendar);
    let due: string;
    try {
      due = responseDue(calendar, raisedOn, candidate.rule);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CALENDAR_UNKNOWN') return 'unknown_calendar';
      throw error;
    }
    const id = await repos.alerts.insertOnce({ ...candidate, raisedAt: now, raisedOn, responseDue: due });
    if (!id) return false;
    const payload = { rule: candidate.rule, subjectKey: candidate.subjectKey, caseId: candidate.caseId, departmentId: candidate.departmentId, responseDue: due, facts: candidate.facts };
    await scope.record({
      action: 'alert.raised',
      entityType: 'supervision_alert',
      entityId: id,
      payload,
      scope: { regionPath: candidate.regionPath, departmentId: candidate.departmentId },
      events: [{ topic: 'alert.raised', payload: { id, ...payload } }],
    });
    return true;
  }

  /** 受理后补正: the return actions logged since the last run (and the overlap), batch by batch; then the watermark. */
  private async raiseCorrections(calendars: Map<string, CalendarData>, report: EvaluationReport): Promise<number> {
    const startedAt = this.clock.now();
    const mark = await this.uow.read.alerts.readMark('correction_after_acceptance');
    const since = new Date((mark ?? new Date(0)).getTime() - logOverlapMs);
    let after: { at: Date; caseId: string; seq: number } | null = null;
    let raised = 0;
    for (;;) {
      let last = null as { at: Date; caseId: string; seq: number } | null;
      const batch = await this.raiseBatch(
        calendars,
        async (repos) => {
          const rows = await repos.alerts.correctionsSince(since, after, batchSize);
          const tail = rows.at(-1);
          last = tail ? { at: tail.at, caseId: tail.caseId!, seq: tail.seq } : null;
          return rows;
        },
        async (scope, candidates) => {
          if (candidates.length < batchSize) await scope.repos.alerts.setMark('correction_after_acceptance', startedAt, scope.now);
        },
      );
      raised += batch.raised;
      report.unknownCalendar += batch.unknownCalendar;
      if (batch.skipped) {
        report.skipped = true;
        break;
      }
      if (!batch.more || !last) break;
      after = last;
    }
    return raised;
  }

  /** 退回异常: departments whose returns of the last 7 days reach the rule's thresholds, keyed by the week. */
  private async unusualReturns(repos: WriteScope<Uses>['repos'], today: string): Promise<AlertCandidate[]> {
    const windowFrom = addDays(today, -(returnsRule.windowDays - 1));
    const baselineFrom = addDays(windowFrom, -returnsRule.baselineDays);
    const week = isoWeek(today);
    const rows = await repos.alerts.departmentReturns(chinaDayStart(windowFrom), chinaDayStart(baselineFrom), returnsRule.minReturns);
    return rows
      .filter((r) => returnsUnusual(r.recent, r.baseline))
      .map((r) => ({
        rule: 'returns_unusual' as const,
        subjectKey: subjectKey('returns_unusual', { departmentId: r.departmentId, week }),
        caseId: null,
        departmentId: r.departmentId,
        regionPath: r.regionPath,
        regionCode: r.regionCode,
        facts: {
          departmentName: r.departmentName,
          week,
          recent: r.recent,
          baseline: r.baseline,
          weeklyAverage: Math.round((r.baseline / returnsRule.baselineDays) * returnsRule.windowDays * 10) / 10,
          windowFrom,
          windowTo: today,
        },
      }));
  }

  // ---- reads -----------------------------------------------------------------------------------

  async list(actor: Actor, filter: Omit<AlertFilter, 'scopes' | 'regionPath' | 'overdueOn'> & { regionCode?: string; overdue?: boolean }, page: { limit: number; offset: number }): Promise<{ items: AlertView[]; total: number }> {
    assertMayAnywhere(actor, 'alert.read');
    const today = chinaDate(this.clock.now());
    const { regionCode, overdue, ...rest } = filter;
    const regionPath = regionCode ? (await this.regionOf(regionCode)).path : undefined;
    const result = await this.uow.read.alerts.list({ ...rest, scopes: scopesFor(actor, 'alert.read'), ...(regionPath ? { regionPath } : {}), ...(overdue ? { overdueOn: today } : {}) }, page);
    return { items: result.items.map((a) => this.view(actor, a, today)), total: result.total };
  }

  async get(actor: Actor, id: string): Promise<AlertView> {
    assertMayAnywhere(actor, 'alert.read');
    const alert = await this.uow.read.alerts.find(id);
    if (!alert || !may(actor, 'alert.read', scopeOf(alert))) throw notFound(alertWord);
    return this.view(actor, alert, chinaDate(this.clock.now()));
  }

  /**
   * The dashboards' figures: alerts raised from `from` to `to` (China dates, default this month to
   * today) in the region asked for (default: all the caller reaches), per rule and state, and how
   * many wait for a response past their date.
   */
  async summary(actor: Actor, query: { regionCode?: string; from?: string; to?: string }): Promise<AlertSummary> {
    assertMayAnywhere(actor, 'alert.read');
    const today = chinaDate(this.clock.now());
    const from = query.from ?? `${today.slice(0, 7)}-01`;
    const to = query.to ?? today;
    if (from > to) throw new AppError('VALIDATION_FAILED', { zh: '起始日期不能晚于截止日期', en: 'The period starts after it ends' }, [{ field: 'from' }]);
    let regionPath: string | undefined;
    if (query.regionCode) {
      regionPath = (await this.regionOf(query.regionCode)).path;
      const scopes = scopesFor(actor, 'alert.read');
      if (scopes !== 'all' && !scopes.some((s) => isWithinRegion(regionPath!, s.regionPath))) throw forbidden('alert.read');
    }
    const rows = await this.uow.read.alerts.counts({ scopes: scopesFor(actor, 'alert.read'), from, to, ...(regionPath ? { regionPath } : {}) }, today);
    const emptyStates = () => Object.fromEntries(alertStates.map((s) => [s, 0])) as Record<AlertState, number>;
    const byRule = alertRules.map((rule) => ({ rule, total: 0, byState: emptyStates(), overdue: 0 }));
    const byState = emptyStates();
    let total = 0;
    let overdue = 0;
    for (const r of rows) {
      const entry = byRule.find((b) => b.rule === r.rule)!;
      entry.total += r.count;
      entry.byState[r.state] += r.count;
      entry.overdue += r.overdue;
      byState[r.state] += r.count;
      total += r.count;
      overdue += r.overdue;
    }
    return { regionCode: query.regionCode ?? null, from, to, byRule, total, byState, overdue };
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** The responsible department explains (once): open → responded. */
  async respond(options: WriteOptions, id: string, input: { text: string }): Promise<AlertView> {
    const text = input.text.trim();
    if (!text) throw new AppError('VALIDATION_FAILED', { zh: '请填写响应说明', en: 'Write the response' }, [{ field: 'text' }]);
    return this.act(options, id, 'respond', async (scope, alert) => {
      assertMay(options.actor, 'alert.respond', scopeOf(alert));
      await scope.repos.alerts.respond(alert.id, { by: staffId(options.actor), byName: shownName(options.actor), at: scope.now, text });
      return { text };
    });
  }

  /** The supervisor closes with a verdict (after the response, or without one when none is needed or none came). */
  async close(options: WriteOptions, id: string, input: { verdict: AlertVerdict; note: string }): Promise<AlertView> {
    const note = input.note.trim();
    if (input.verdict === 'at_fault' && !note) throw new AppError('VALIDATION_FAILED', { zh: '认定责任须写明理由', en: 'A verdict of fault needs a note' }, [{ field: 'note' }]);
    return this.act(options, id, 'close', async (scope, alert) => {
      assertMay(options.actor, 'alert.close', scopeOf(alert));
      await scope.repos.alerts.close(alert.id, { by: staffId(options.actor), byName: shownName(options.actor), at: scope.now, verdict: input.verdict, note });
      return { verdict: input.verdict, note };
    });
  }

  private async act(options: WriteOptions, id: string, action: AlertAction, work: (scope: WriteScope<Uses>, alert: Alert) => Promise<Record<string, unknown>>): Promise<AlertView> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const alert = await scope.repos.alerts.lock(id);
      if (!alert || !may(actor, 'alert.read', scopeOf(alert))) throw notFound(alertWord);
      if (!nextAlertState(alert.state, action)) {
        throw new AppError(
          'ALERT_ACTION_NOT_ALLOWED',
          { zh: `不能${alertActionLabels[action].zh}:预警${alertStateLabels[alert.state].zh}`, en: `Cannot ${alertActionLabels[action].en.toLowerCase()}: the alert is ${alertStateLabels[alert.state].en.toLowerCase()}` },
          { state: alert.state, allowed: possibleAlertActions(alert.state) },
        );
      }
      const payload = await work(scope, alert);
      const topic = eventOf(action);
      await scope.record({
        action: topic,
        entityType: 'supervision_alert',
        entityId: alert.id,
        payload: { rule: alert.rule, caseNo: alert.caseNo, ...payload },
        scope: scopeOf(alert),
        events: [{ topic, payload: { id: alert.id, rule: alert.rule, departmentId: alert.departmentId, ...payload } }],
      });
      const changed = (await scope.repos.alerts.find(alert.id))!;
      return this.view(actor, changed, chinaDate(scope.now));
    });
  }

  private view(actor: Actor, alert: Alert, today: string): AlertView {
    const record = scopeOf(alert);
    const possibleActions = possibleAlertActions(alert.state).filter((a) => may(actor, a === 'respond' ? 'alert.respond' : 'alert.close', record));
    return { ...alert, overdue: responseOverdue(alert, today), possibleActions };
  }

  private async regionOf(code: string): Promise<{ path: string }> {
    const region = await this.uow.read.org.findRegion(code);
    if (!region) throw notFound({ zh: '区划', en: 'Region' });
    return region;
  }
}

function scopeOf(alert: Pick<Alert, 'regionPath' | 'departmentId'>): { regionPath: string; departmentId: string } {
  return { regionPath: alert.regionPath, departmentId: alert.departmentId };
}

/** The audit action and outbox topic of a step. */
function eventOf(action: AlertAction): 'alert.responded' | 'alert.closed' {
  if (action === 'respond') return 'alert.responded';
  return 'alert.closed';
}

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}
