/**
 * The case clock (DESIGN §7) as the clock job drives it: yellow and red warnings raised on running
 * cases, reminders of overdue deferred materials and of filings not received. Each call is one
 * transaction through `performWrite`; several processes may run them at once: cases are claimed
 * with `FOR UPDATE SKIP LOCKED`, and every notification is unique per case, kind and occasion, so a
 * restart or a second process never sends one twice.
 */
import type { CalendarData } from '../../domain/calendar.ts';
import { defaultWarningPolicy, warningLabels, warningLevel, type WarningLevel, type WarningPolicy } from '../../domain/case-clock.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import { systemActor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite } from '../write.ts';
import { CaseSteps } from './shared.ts';

import { caseStepRepositories } from './shared.ts';
type Uses = (typeof CaseClock.repositories)[number];

const rank: Record<WarningLevel, number> = { none: 0, yellow: 1, red: 2 };

/** What one batch of the warning sweep did. */
export interface WarningBatch {
  /** The last case of a full batch, to continue after; `null` when this was the last batch. */
  next: string | null;
  checked: number;
  yellow: number;
  red: number;
  /** Cases on days the calendar does not know yet (left as they are). */
  unknownCalendar: number;
}

export class CaseClock {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseStepRepositories, 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: CalendarService;
  private readonly policy: WarningPolicy;
  private readonly steps: CaseSteps;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector; policy?: WarningPolicy }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.policy = options.policy ?? defaultWarningPolicy;
    this.steps = new CaseSteps(options);
  }

  /**
   * Raises the warnings of one batch of running cases due by `horizon`, after the case `after`:
   * a level only ever goes up, each with its notifications and action-log row, and one platform-wide
   * audit row for the batch when anything was raised.
   *
   * @param calendars the regions' calendars read so far in this sweep (filled in as they are read).
   */
  async raiseWarnings(input: { today: string; horizon: string; after: string | null; batchSize: number; calendars: Map<string, CalendarData> }): Promise<WarningBatch> {
    const { today, calendars } = input;
    return performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async (scope) => {
      const { repos, now, record } = scope;
      const result: WarningBatch = { next: null, checked: 0, yellow: 0, red: 0, unknownCalendar: 0 };
      const batch = await repos.cases.claimForClock(input.horizon, input.batchSize, input.after);
      const raised: { caseNo: string; level: WarningLevel }[] = [];
      for (const c of batch) {
        result.checked++;
        const calendar = calendars.get(c.regionCode) ?? (await this.calendar.calendarFor(c.regionCode, repos));
        calendars.set(c.regionCode, calendar);
        let level: WarningLevel;
        try {
          level = warningLevel(calendar, today, c.dueDate!, c.limitDays, this.policy);
        } catch {
          result.unknownCalendar++;
          continue;
        }
        if (rank[level] <= rank[c.warning]) continue;
        await repos.cases.updateWarning(c.id, level);
        const label = warningLabels[level].zh;
        const message = level === 'red' ? `办件 ${c.caseNo}(${c.itemName})已超过办结时限 ${c.dueDate},请立即处理并说明原因` : `办件 ${c.caseNo}(${c.itemName})将于 ${c.dueDate} 到期,请抓紧办理`;
        await repos.caseLog.notifyOnce(c.id, { kind: `warning_${level}`, occasion: c.dueDate!, recipient: `department:${c.departmentId}`, message }, now);
        if (level === 'red') await repos.caseLog.notifyOnce(c.id, { kind: 'warning_red_supervisor', occasion: c.dueDate!, recipient: `supervisor:${c.regionPath}`, message: `${label}:${message}` }, now);
        await this.steps.log(scope, systemActor, c, `clock.${level}`, c.status, { payload: { dueDate: c.dueDate } });
        raised.push({ caseNo: c.caseNo, level });
        if (level === 'red') result.red++;
        else result.yellow++;
      }
      // The sweep runs over every region: its rows are platform-wide.
      if (raised.length > 0) await record({ action: 'clock.warned', entityType: 'clock', entityId: today, payload: { raised }, scope: null });
      result.next = batch.length === input.batchSize ? batch.at(-1)!.id : null;
      return result;
    });
  }

  /**
   * Makes the case log's monthly partitions (0032) from this month to twelve ahead, those missing:
   * a row of a month without one lands in the default partition, never fails.
   */
  async ensureLogPartitions(today: string): Promise<number> {
    const ahead = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 7)}-01`;
    return this.uow.transaction((repos) => repos.caseLog.ensurePartitions(`${today.slice(0, 7)}-01`, ahead));
  }

  /** Reminds applicants of deferred materials overdue and departments of filings not received, each once. */
  async remindOverdue(today: string): Promise<{ deferredOverdue: number; filingsOverdue: number }> {
    return performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async ({ repos, now, record }) => {
      const result = { deferredOverdue: 0, filingsOverdue: 0 };
      for (const m of await repos.caseMaterials.overdueDeferred(today, 500)) {
        if (
          await repos.caseLog.notifyOnce(
            m.caseId,
            { kind: 'deferred_overdue', occasion: `${m.key}:${m.due}`, recipient: `applicant:${m.applicantId}`, message: `您的办件 ${m.caseNo} 承诺于 ${m.due} 前补齐的容缺材料“${m.name}”尚未提交,请尽快补交` },
            now,
          )
        )
          result.deferredOverdue++;
      }
      for (const f of await repos.filings.overdueFilings(today, 500)) {
        if (
          await repos.caseLog.notifyOnce(
            f.caseId,
            { kind: 'filing_overdue', occasion: f.dueDate, recipient: `department:${f.departmentId}`, message: `${f.fromRegionName}报备的办件 ${f.caseNo}(${f.itemName})应于 ${f.dueDate} 前接收备案,尚未接收` },
            now,
          )
        )
          result.filingsOverdue++;
      }
      if (result.deferredOverdue + result.filingsOverdue > 0) await record({ action: 'clock.reminded', entityType: 'clock', entityId: today, payload: result, scope: null });
      return result;
    });
  }
}
