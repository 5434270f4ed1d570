/**
 * Supervision (督查): the dashboards' figures from the rollups of migration 0025. The fold moves the
 * deltas each case change wrote into the rollups; the job runs it every few seconds and every read
 * of the figures runs it first, so a dashboard shows every change committed before it was asked.
 */
import type { UnitOfWork } from '../repositories/index.ts';
import type { Clock } from './actor.ts';

type Uses = (typeof SupervisionService.repositories)[number];

export class SupervisionService {
  static readonly repositories = ['supervision', 'org'] as const;

  private readonly uow: UnitOfWork<Uses>;
  readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /**
   * Folds pending deltas into the rollups, a batch per transaction, until none is left or another
   * process is folding (it holds the lock and will take the rest). Returns how many were moved.
   */
  async fold(batch = 20_000): Promise<number> {
    let moved = 0;
    for (;;) {
      const n = await this.uow.transaction((repos) => repos.supervision.fold(batch));
      moved += n;
      if (n < batch) return moved;
    }
  }
}
