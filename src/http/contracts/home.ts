/** The signed-in home (/api/home). */
import { z } from 'zod';
import { calendarDate } from './common.ts';

const count = z.number().int().min(0);

export const homeSchema = z.object({
  day: calendarDate.describe('today in China'),
  queues: z
    .array(
      z.object({
        key: z.enum([
          'toAccept',
          'awaitingCorrection',
          'toReview',
          'toIssue',
          'filingsDue',
          'filingsOverdue',
          'rectificationsToWork',
          'rectificationsToRevisit',
          'rectificationsLate',
          'appealsToDecide',
          'complaintsToDispatch',
          'complaintsToHandle',
          'complaintsOverdue',
        ]),
        count,
      }),
    )
    .describe('the queues the person works: counted exactly as their lists (intake, inbox, issuance, filings, rectifications, appeals, complaints)'),
  warnings: z.object({ yellow: count, red: count }).describe('running cases with a yellow or red warning, in the person’s case scope'),
  hall: z.array(z.object({ centerId: z.uuid(), centerName: z.string(), issued: count, waiting: count, served: count, noShows: count, waitMedian: z.number().nullable() })).describe('today at the centers of the person’s regions'),
  rates: z
    .object({ from: calendarDate, to: calendarDate, received: count, concluded: count, onTime: count, zeroVisit: count, atMostOneVisit: count, overdueNow: count })
    .nullable()
    .describe('for those who oversee the center: concluded cases of the period (from the rollup) and running cases overdue now'),
});
