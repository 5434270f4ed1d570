/**
 * The case clock's sweep (DESIGN §7): raises yellow and red warnings on running cases, reminds of
 * overdue deferred materials and of filings the department has not received, and records each
 * notification once. Several processes may sweep at once: cases are claimed with
 * `FOR UPDATE SKIP LOCKED`, and every notification is unique per case, kind and occasion, so a
 * restart or a second process never sends one twice.
 */
import { addDays, type CalendarData } from '../domain/calendar.ts';
import { defaultWarningPolicy, warningLabels, warningLevel, type WarningLevel, type WarningPolicy } from '../domain/case-clock.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { assertMay, assertMayAnywhere, systemActor, type Actor, type Clock } from '../services/actor.ts';
import type { AppointmentService } from '../services/appointment.service.ts';
import type { CalendarService } from '../services/calendar.service.ts';
import { chinaDate } from '../domain/china-time.ts';
import { performWrite } from '../services/write.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export interface SweepReport {
  checked: number;
  yellow: number;
  red: number;
  deferredOverdue: number;
  filingsOverdue: number;
  /** Days the calendar does not know yet (cases there are left as they are and reported). */
  unknownCalendar: number;
  /** Appointments whose slot ended unattended, and reminders sent for tomorrow's. */
  appointmentNoShows: number;
  appointmentReminders: number;
}

const rank: Record<WarningLevel, number> = { none: 0, yellow: 1, red: 2 };
const batchSize = 200;

export class ClockJob {
  private readonly uow: UnitOfWork;
  private readonly clock: Clock;
  private readonly calendar: CalendarService;
  private readonly policy: WarningPolicy;
  private readonly appointments: AppointmentService | undefined;

  constructor(options: { uow: UnitOfWork; clock: Clock; calendar: CalendarService; policy?: WarningPolicy; appointments?: AppointmentService }) {
    this.appointments = options.appointments;
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.policy = options.policy ?? defaultWarningPolicy;
  }

  /**
   * The sweep run by hand (`POST /api/clock/sweep`). It touches every region's cases, so its record
   * is the whole platform: only an administrator or supervisor of every department at a root region
   * (the province) may run it; the timer runs it for everyone anyway.
   */
  async sweepBy(actor: Actor): Promise<SweepReport> {
    assertMayAnywhere(actor, 'clock.sweep');
    for (const root of (await this.uow.read.org.listRegions()).filter((r) => r.parentCode === null)) assertMay(actor, 'clock.sweep', { regionPath: root.path });
    return this.sweep();
  }

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { checked: 0, yellow: 0, red: 0, deferredOverdue: 0, filingsOverdue: 0, unknownCalendar: 0, appointmentNoShows: 0, appointmentReminders: 0 };
    const today = chinaDate(this.clock.now());
    // Yellow can start at most a fifth of the longest limit before the due date; look that far ahead.
    const horizon = addDays(today, 120);
    const calendars = new Map<string, CalendarData>();
    let after: string | null = null;
    for (;;) {
      const last: string | null = await performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async ({ repos, now, record }) => {
        const batch = await repos.cases.claimForClock(horizon, batchSize, after);
        const raised: { caseNo: string; level: WarningLevel }[] = [];
        for (const c of batch) {
          report.checked++;
          let calendar = calendars.get(c.regionCode);
          if (!calendar) calendars.set(c.regionCode, (calendar = await this.calendar.calendarFor(c.regionCode, repos)));
          let level: WarningLevel;
          try {
            level = warningLevel(calendar, today, c.dueDate!, c.limitDays, this.policy);
          } catch {
            report.unknownCalendar++;
            continue;
          }
          if (rank[level] <= rank[c.warning]) continue;
          await repos.cases.updateWarning(c.id, level);
          const label = warningLabels[level].zh;
          const message = level === 'red' ? `办件 ${c.caseNo}(${c.itemName})已超过办结时限 ${c.dueDate},请立即处理并说明原因` : `办件 ${c.caseNo}(${c.itemName})将于 ${c.dueDate} 到期,请抓紧办理`;
          await repos.cases.notifyOnce(c.id, { kind: `warning_${level}`, occasion: c.dueDate!, recipient: `department:${c.departmentId}`, message }, now);
          if (level === 'red') await repos.cases.notifyOnce(c.id, { kind: 'warning_red_supervisor', occasion: c.dueDate!, recipient: `supervisor:${c.regionPath}`, message: `${label}:${message}` }, now);
          await repos.cases.appendAction(c.id, {
            action: `clock.${level}`, fromStatus: c.status, toStatus: c.status, taskId: null, actorKind: 'system', actorId: null, actorName: 'system', channel: 'system', regionCode: c.regionCode, at: now, payload: { dueDate: c.dueDate },
          });
          raised.push({ caseNo: c.caseNo, level });
          if (level === 'red') report.red++;
          else report.yellow++;
        }
        // The sweep runs over every region: its rows are platform-wide.
        if (raised.length > 0) await record({ action: 'clock.warned', entityType: 'clock', entityId: today, payload: { raised }, scope: null });
        return batch.length === batchSize ? batch.at(-1)!.id : null;
      });
      if (!last) break;
      after = last;
    }
    await performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async ({ repos, now, record }) => {
      for (const m of await repos.cases.overdueDeferred(today, 500)) {
        if (await repos.cases.notifyOnce(m.caseId, { kind: 'deferred_overdue', occasion: `${m.key}:${m.due}`, recipient: `applicant:${m.applicantId}`, message: `您的办件 ${m.caseNo} 承诺于 ${m.due} 前补齐的容缺材料“${m.name}”尚未提交,请尽快补交` }, now)) report.deferredOverdue++;
      }
      for (const f of await repos.cases.overdueFilings(today, 500)) {
        if (await repos.cases.notifyOnce(f.caseId, { kind: 'filing_overdue', occasion: f.dueDate, recipient: `department:${f.departmentId}`, message: `${f.fromRegionName}报备的办件 ${f.caseNo}(${f.itemName})应于 ${f.dueDate} 前接收备案,尚未接收` }, now)) report.filingsOverdue++;
      }
      if (report.deferredOverdue + report.filingsOverdue > 0) await record({ action: 'clock.reminded', entityType: 'clock', entityId: today, payload: { deferredOverdue: report.deferredOverdue, filingsOverdue: report.filingsOverdue }, scope: null });
    });
    if (this.appointments) {
      const swept = await this.appointments.sweep();
      report.appointmentNoShows = swept.noShows;
      report.appointmentReminders = swept.reminders;
    }
    return report;
  }
}

/** Runs the sweep now and then every `intervalMs`, one run at a time; `stop()` ends it. */
export function scheduleClock(job: ClockJob, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating('clock sweep', async () => {
    const report = await job.sweep();
    return report.yellow + report.red + report.deferredOverdue + report.filingsOverdue + report.appointmentNoShows + report.appointmentReminders > 0 ? `clock: ${JSON.stringify(report)}` : null;
  }, intervalMs, log);
}
