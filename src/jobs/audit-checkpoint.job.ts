/**
 * The audit checkpoint job (DESIGN §9): every few minutes, signs the audit chain's head if it moved.
 * Several processes may run it: writers queue on one lock and the head is signed once. The interval
 * bounds what truncation could hide: rows written after the newest checkpoint and removed before
 * the next one.
 */
import type { AuditCheckpointService } from '../services/audit-checkpoint.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

/** Writes a checkpoint now and then every `intervalMs`, one run at a time; `stop()` ends it. */
export function scheduleAuditCheckpoints(service: AuditCheckpointService, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'audit checkpoint',
    async () => {
      const result = await service.checkpoint();
      return result.written ? `audit checkpoint: row ${result.checkpoint.seq} signed with ${result.checkpoint.keyId}` : null;
    },
    intervalMs,
    log,
  );
}
