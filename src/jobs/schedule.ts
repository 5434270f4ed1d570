/** Timed work: run now, then every interval, never two runs of one job at once in this process. */

export type JobLog = (message: string, error?: unknown) => void;

/**
 * Runs `work` now and then every `intervalMs`, one run at a time (a run still going when the next is
 * due makes that one skip); `stop()` ends it. A failed run is logged and the next one goes ahead.
 * Several processes may each schedule the same job: the work itself claims its rows. `runNow()`
 * runs it at once (a signal that work arrived), or right after the run in progress.
 *
 * @example
 * const clock = scheduleRepeating('clock sweep', () => job.sweep(), 300_000, log);
 */
export function scheduleRepeating(name: string, work: () => Promise<string | null>, intervalMs: number, log: JobLog): { stop(): void; runNow(): void } {
  let running = false;
  let stopped = false;
  let again = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const said = await work();
      if (said) log(said);
    } catch (error) {
      log(`${name} failed`, error);
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      void run();
    }
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  void run();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    runNow: () => {
      if (running) again = true;
      else void run();
    },
  };
}
