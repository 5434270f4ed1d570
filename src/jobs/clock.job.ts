/**
 * The case clock's sweep (DESIGN §7): raises yellow and red warnings on running cases, batch by
 * batch, then reminds of overdue deferred materials and of filings the department has not
 * received, all through the case clock use case (`CaseClock`, which writes them and records each
 * notification once); then sweeps the appointments. Several processes may sweep at once.
 */
import { addDays, type CalendarData } from '../domain/calendar.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { assertMay, assertMayAnywhere, type Actor, type Clock } from '../services/actor.ts';
import type { AppointmentService } from '../services/appointment.service.ts';
import type { CaseClock } from '../services/cases/clock.ts';
import { chinaDate } from '../domain/china-time.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

type Uses = (typeof ClockJob.repositories)[number];

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

const batchSize = 200;

export class ClockJob {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly cases: CaseClock;
  private readonly appointments: AppointmentService | undefined;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; cases: CaseClock; appointments?: AppointmentService }) {
    this.appointments = options.appointments;
    this.uow = options.uow;
    this.clock = options.clock;
    this.cases = options.cases;
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
    await this.cases.ensureLogPartitions(today);
    const calendars = new Map<string, CalendarData>();
    let after: string | null = null;
    do {
      const batch = await this.cases.raiseWarnings({ today, horizon, after, batchSize, calendars });
      report.checked += batch.checked;
      report.yellow += batch.yellow;
      report.red += batch.red;
      report.unknownCalendar += batch.unknownCalendar;
      after = batch.next;
    } while (after);
    const reminded = await this.cases.remindOverdue(today);
    report.deferredOverdue = reminded.deferredOverdue;
    report.filingsOverdue = reminded.filingsOverdue;
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
  return scheduleRepeating(
    'clock sweep',
    async () => {
      const report = await job.sweep();
      return report.yellow + report.red + report.deferredOverdue + report.filingsOverdue + report.appointmentNoShows + report.appointmentReminders > 0 ? `clock: ${JSON.stringify(report)}` : null;
    },
    intervalMs,
    log,
  );
}
