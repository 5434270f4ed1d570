/**
 * The supervision fold: every few seconds the deltas written with each case change are moved into
 * the rollups (one transaction per batch, one folder at a time across processes: an advisory lock),
 * so the dashboards read a few rows however many cases there are.
 */
import type { SupervisionService } from '../services/supervision.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function scheduleSupervisionFold(supervision: Pick<SupervisionService, 'fold'>, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'supervision fold',
    async () => {
      const moved = await supervision.fold();
      return moved > 1000 ? `supervision fold: ${moved} deltas folded` : null;
    },
    intervalMs,
    log,
  );
}
