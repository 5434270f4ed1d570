/**
 * Online drafts (一网通办) nobody touched for ONLINE_DRAFT_DAYS days (30 by default) are deleted with
 * their uploaded files, each batch in one transaction with an audit row per draft, through the
 * online service. Several processes may run it: the drafts are claimed with SKIP LOCKED.
 */
import type { OnlineService } from '../services/online.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function scheduleDraftExpiry(online: OnlineService, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'draft expiry',
    async () => {
      const report = await online.expireDrafts();
      return report.drafts > 0 ? `draft expiry: ${report.drafts} drafts, ${report.files} files deleted` : null;
    },
    intervalMs,
    log,
  );
}

/** ONLINE_DRAFT_DAYS: whole days, at least 1; 30 when unset. */
export function parseDraftDays(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 30;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`ONLINE_DRAFT_DAYS must be a whole number of days (at least 1), not ${JSON.stringify(value)}`);
  return n;
}
