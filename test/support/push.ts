/** Push fixtures shared by the permission matrix and the fuzz world. */
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/schema.ts';

/** A `case.accept` event of a department and its delivery to `subscriptionId` that failed its last attempt, as the push job leaves it. */
export async function insertDeadLetter(db: Kysely<Tables>, subscriptionId: string, department: { id: string; regionPath: string }, at: Date): Promise<string> {
  const event = await db
    .insertInto('outbox')
    .values({ topic: 'case.accept', payload: JSON.stringify({ entityType: 'case', entityId: department.id }), created_at: at, available_at: at, region_path: department.regionPath, department_id: department.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const delivery = await db
    .insertInto('push_deliveries')
    .values({
      subscription_id: subscriptionId,
      outbox_id: event.id,
      topic: 'case.accept',
      item_code: null,
      state: 'dead',
      attempts: 8,
      next_attempt_at: at,
      claimed_until: null,
      last_status: 500,
      last_error: 'HTTP 500',
      created_at: at,
      delivered_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return delivery.id;
}
