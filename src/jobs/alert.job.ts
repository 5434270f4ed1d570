/**
 * 电子监察: every clock interval, the alert rules (src/domain/alert.ts) are evaluated through the alert
 * service, which reads only each rule's exceptions (partial indexes) and the log since its last run,
 * raises each alert once per subject (a unique key) and holds an advisory lock while it does, so a
 * second process running the same job at the same moment skips instead of doubling the work.
 */
import type { AlertService } from '../services/alert.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function scheduleAlerts(alerts: Pick<AlertService, 'evaluate'>, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'supervision alerts',
    async () => {
      const report = await alerts.evaluate();
      const raised = Object.values(report.raised).reduce((a, b) => a + b, 0);
      return raised > 0 || report.unknownCalendar > 0 ? `supervision alerts: ${JSON.stringify(report)}` : null;
    },
    intervalMs,
    log,
  );
}
