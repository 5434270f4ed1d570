import { sql, type Kysely } from 'kysely';

/**
 * Online applications (一网通办): a case an applicant starts on the web or a phone is a `draft` row
 * until it is submitted, owned by the person (or business) applicant it was started for and the
 * online account that started it; the files uploaded for its materials are kept beside it and go
 * with it when an untouched draft expires. The account is a plain uuid: the accounts table comes
 * with the identity work, which links it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN account_id uuid`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN delivery_choice jsonb`.execute(db);
  await sql`COMMENT ON COLUMN cases.account_id IS 'The online account that started the case (一网通办); NULL for a case received at a window'`.execute(db);
  await sql`COMMENT ON COLUMN cases.delivery_choice IS 'How the applicant asked for the result online: window, express (with address) or e_licence'`.execute(db);
  await sql`CREATE INDEX cases_account_idx ON cases (account_id, updated_at DESC) WHERE account_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_drafts_idx ON cases (updated_at) WHERE status = 'draft'`.execute(db);
  await sql`
    CREATE TABLE case_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      material_key text NOT NULL,
      name text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL,
      sha256 text NOT NULL,
      data bytea NOT NULL,
      uploaded_at timestamptz NOT NULL,
      uploaded_by uuid,
      CONSTRAINT case_files_size_chk CHECK (size > 0 AND size <= 10485760),
      CONSTRAINT case_files_type_chk CHECK (content_type IN ('application/pdf', 'application/ofd', 'image/jpeg', 'image/png'))
    )`.execute(db);
  await sql`COMMENT ON TABLE case_files IS 'Files an applicant uploaded online for a material of a case, checked by their content (PDF, OFD, JPEG, PNG)'`.execute(db);
  await sql`CREATE INDEX case_files_case_idx ON case_files (case_id, material_key)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
