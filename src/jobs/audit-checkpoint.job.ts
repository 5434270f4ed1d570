/**
 * The audit checkpoint job (DESIGN §9): every few minutes, signs the audit chain's head if it moved.
 * Several processes may run it: writers queue on one lock and the head is signed once. The interval
 * bounds what truncation could hide: rows written after the newest checkpoint and removed before
 * the next one.
 */
import type { AuditCheckpointService } from '../services/audit-checkpoint.service.ts';

/** Writes a checkpoint now and then every `intervalMs`, one run at a time; `stop()` ends it. */
export function scheduleAuditCheckpoints(service: AuditCheckpointService, intervalMs: number, log: (message: string, error?: unknown) => void): { stop(): void } {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const result = await service.checkpoint();
      if (result.written) log(`audit checkpoint: row ${result.checkpoint.seq} signed with ${result.checkpoint.keyId}`);
    } catch (error) {
      log('audit checkpoint failed', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  void run();
  return { stop: () => { stopped = true; clearInterval(timer); } };
}
