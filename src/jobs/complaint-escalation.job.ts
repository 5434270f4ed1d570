/**
 * Complaint escalation: every few minutes, open complaints whose department's step ran out go to
 * escalation level 1 (an automatic 督办 step), those whose whole limit ran out to level 2. Levels only
 * rise, so runs are idempotent; each raise is audited with an outbox event (complaint.escalate).
 */
import type { ComplaintService } from '../services/complaint.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function scheduleComplaintEscalation(complaints: Pick<ComplaintService, 'escalate'>, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'complaint escalation',
    async () => {
      const report = await complaints.escalate();
      return report.escalated > 0 ? `complaint escalation: ${report.escalated} complaints escalated` : null;
    },
    intervalMs,
    log,
  );
}
