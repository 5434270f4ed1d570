import { sql, type Kysely } from 'kysely';

/**
 * Bundles that create a business (一件事: 企业开办, 开办餐饮店): the registration child (设立登记)
 * registers the new organisation when it is approved; the other children's results are held by
 * that organisation, and those that need its USCC are not decided before it exists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN holder_id uuid REFERENCES applicants (id)`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN awaits_registration boolean NOT NULL DEFAULT false`.execute(db);
  await sql`COMMENT ON COLUMN cases.holder_id IS 'Who holds the case''s results when not the applicant: the organisation its 一件事 registered (设立登记核准), for every case of that bundle'`.execute(db);
  await sql`COMMENT ON COLUMN cases.awaits_registration IS 'A child of a business-creating 一件事 that needs the new subject (its USCC, its 营业执照): not concluded until the registration child is approved'`.execute(db);
  await sql`ALTER TABLE cases ADD CONSTRAINT cases_awaits_registration_chk CHECK (NOT awaits_registration OR parent_id IS NOT NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN awaits_registration`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN holder_id`.execute(db);
}
