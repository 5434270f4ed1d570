/**
 * A bad rating as the rating capture saves it (issue 15, point 1), written straight into the
 * tables: the rectification tests run before (and apart from) the rating pad's code. One ratings
 * row (onsite, from the window's pad, on the version-1 form, real-name or anonymous) and, in the
 * same transaction, the rectification task it opens: state 'open', the case's department and
 * region, report_due and rectify_due counted in working days from the day it was given (China date)
 * with the region's settings.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/schema.ts';
import { chinaDate } from '../../src/domain/china-time.ts';
import { isBadRating, ratingForms, type RatingLevel } from '../../src/domain/rating.ts';
import { initialDeadlines } from '../../src/domain/rectification.ts';
import { RectificationRepository } from '../../src/repositories/rectification.repository.ts';
import type { Services } from '../../src/main.ts';

export interface BadRatingInput {
  caseId: string;
  level?: RatingLevel;
  anonymous?: boolean;
  givenAt: Date;
  /** The window clerk rated (窗口人员), by username. */
  staffUsername?: string;
  comment?: string;
  tags?: string[];
}

export interface BadRating {
  ratingId: string;
  rectificationId: string;
  reportDue: string;
  rectifyDue: string;
}

export async function insertBadRating(db: Kysely<Tables>, services: Pick<Services, 'calendar'>, input: BadRatingInput): Promise<BadRating> {
  const level = input.level ?? 'very_dissatisfied';
  if (!isBadRating(level)) throw new Error('insertBadRating makes bad ratings only');
  const c = await db.selectFrom('cases').select(['id', 'department_id', 'region_code', 'region_path', 'applicant_id', 'applicant_phone', 'item_code']).where('id', '=', input.caseId).executeTakeFirstOrThrow();
  const form = await db.selectFrom('rating_forms').select('id').where('channel', '=', 'onsite').where('version', '=', ratingForms.onsite.version).executeTakeFirstOrThrow();
  const staff = await db
    .selectFrom('staff')
    .select('id')
    .where('username', '=', input.staffUsername ?? 'frontdesk')
    .executeTakeFirstOrThrow();
  const calendar = await services.calendar.calendarFor(c.region_code);
  return db.transaction().execute(async (trx) => {
    const settings = await new RectificationRepository(trx).settingsFor(c.region_path);
    const anonymous = input.anonymous ?? false;
    const rating = await trx
      .insertInto('ratings')
      .values({
        subject_key: `visit:${randomUUID()}`,
        channel: 'onsite',
        source: 'pad',
        form_id: form.id,
        case_id: c.id,
        level,
        indicators: JSON.stringify({ overall: level, efficiency: 'dissatisfied', competence: 'basic', attitude: level }),
        tags: input.tags ?? ['attitude', 'more_trips'],
        comment: input.comment ?? '窗口让我跑了两趟,态度也不好',
        anonymous,
        applicant_id: anonymous ? null : c.applicant_id,
        rater_phone: anonymous ? null : c.applicant_phone,
        staff_id: staff.id,
        department_id: c.department_id,
        region_code: c.region_code,
        region_path: c.region_path,
        item_code: c.item_code,
        item_version: 1,
        given_at: input.givenAt,
        change_until: new Date(input.givenAt.getTime() + settings.changeHours * 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const due = initialDeadlines(calendar, chinaDate(input.givenAt), settings);
    const task = await trx
      .insertInto('rating_rectifications')
      .values({
        rating_id: rating.id,
        department_id: c.department_id,
        region_code: c.region_code,
        region_path: c.region_path,
        state: 'open',
        report_due: due.reportDue,
        rectify_due: due.rectifyDue,
        created_at: input.givenAt,
        updated_at: input.givenAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ratingId: rating.id, rectificationId: task.id, ...due };
  });
}
