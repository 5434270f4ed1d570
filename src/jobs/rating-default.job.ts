/**
 * 好差评: a case concluded more than its region's `defaultRatingDays` natural days ago (7 by
 * default; a region may turn it off) and not rated at all (online, by link, by its agent, or a visit for it at a window) counts as 基本满意 (source `default`).
 * Hourly, through the rating service: concluded cases read by conclusion time in batches, each
 * batch one audited write; the one-rating-per-case key makes a rerun, or a second process, harmless.
 */
import type { RatingService } from '../services/rating.service.ts';
import { scheduleRepeating, type JobLog } from './schedule.ts';

export function scheduleDefaultRatings(ratings: RatingService, intervalMs: number, log: JobLog): { stop(): void } {
  return scheduleRepeating(
    'default ratings',
    async () => {
      const report = await ratings.assignDefaults();
      return report.rated > 0 ? `default ratings: ${report.rated} cases rated 基本满意` : null;
    },
    intervalMs,
    log,
  );
}
