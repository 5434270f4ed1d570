import { sql, type Kysely } from 'kysely';

/**
 * Cases (办件) and everything that happens to them: the append-only action log the case row
 * projects, material checks, department tasks by stage, notices, the visit ledger, clock
 * notifications, filings of delegated decisions and their case-file review, and signed e-licences.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_no text NOT NULL,
      parent_id uuid REFERENCES cases (id),
      bundle_code text,
      item_version_id uuid REFERENCES service_item_versions (id),
      item_code text NOT NULL,
      item_name text NOT NULL,
      department_id uuid NOT NULL REFERENCES departments (id),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      applicant_id uuid NOT NULL REFERENCES applicants (id),
      applicant_name text NOT NULL,
      applicant_ref text NOT NULL,
      applicant_phone text NOT NULL DEFAULT '',
      scenario text,
      channel text NOT NULL,
      via_agent boolean NOT NULL DEFAULT false,
      status text NOT NULL,
      outcome text,
      outcome_reason text NOT NULL DEFAULT '',
      case_kind text NOT NULL,
      limit_days integer NOT NULL,
      limit_unit text NOT NULL,
      delegated boolean NOT NULL DEFAULT false,
      form jsonb NOT NULL DEFAULT '{}'::jsonb,
      query_secret text NOT NULL,
      received_at timestamptz NOT NULL,
      accepted_on date,
      due_date date,
      paused_since date,
      paused_kind text,
      paused_days integer NOT NULL DEFAULT 0,
      warning text NOT NULL DEFAULT 'none',
      concluded_at timestamptz,
      delivered_at timestamptz,
      delivery jsonb,
      archived_at timestamptz,
      visits integer NOT NULL DEFAULT 0,
      action_seq integer NOT NULL DEFAULT 0,
      created_by text,
      updated_at timestamptz NOT NULL,
      CONSTRAINT cases_case_no_key UNIQUE (case_no),
      CONSTRAINT cases_status_chk CHECK (status IN ('draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended', 'concluded', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated')),
      CONSTRAINT cases_outcome_chk CHECK (outcome IS NULL OR outcome IN ('approved', 'rejected')),
      CONSTRAINT cases_kind_chk CHECK (case_kind IN ('instant', 'promised')),
      CONSTRAINT cases_unit_chk CHECK (limit_unit IN ('working', 'natural')),
      CONSTRAINT cases_channel_chk CHECK (channel IN ('window', 'web', 'mobile', 'kiosk', 'express')),
      CONSTRAINT cases_warning_chk CHECK (warning IN ('none', 'yellow', 'red')),
      CONSTRAINT cases_paused_chk CHECK ((paused_since IS NULL) = (paused_kind IS NULL)),
      CONSTRAINT cases_concluded_outcome_chk CHECK ((concluded_at IS NULL) = (outcome IS NULL))
    )`.execute(db);
  await sql`COMMENT ON TABLE cases IS '办件: the projection of a case''s action log; a bundle case (bundle_code set) is the parent of one child case per item'`.execute(db);
  await sql`CREATE INDEX cases_parent_idx ON cases (parent_id) WHERE parent_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_applicant_idx ON cases (applicant_id, received_at DESC)`.execute(db);
  await sql`CREATE INDEX cases_phone_idx ON cases (applicant_phone) WHERE applicant_phone <> ''`.execute(db);
  await sql`CREATE INDEX cases_status_idx ON cases (status, region_path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX cases_clock_idx ON cases (due_date) WHERE status IN ('accepted', 'in_review') AND due_date IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_item_idx ON cases (item_code, received_at DESC)`.execute(db);

  await sql`
    CREATE TABLE case_actions (
      case_id uuid NOT NULL REFERENCES cases (id),
      seq integer NOT NULL,
      action text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      task_id uuid,
      actor_kind text NOT NULL,
      actor_id text,
      actor_name text NOT NULL,
      channel text NOT NULL,
      region_code text,
      at timestamptz NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      CONSTRAINT case_actions_pkey PRIMARY KEY (case_id, seq)
    )`.execute(db);
  await sql`COMMENT ON TABLE case_actions IS 'Every action on a case, in order, never changed: who, when, where, through which channel, with what'`.execute(db);
  await sql`
    CREATE FUNCTION case_actions_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_actions is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER case_actions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_actions
    FOR EACH STATEMENT EXECUTE FUNCTION case_actions_forbid_change()`.execute(db);

  await sql`
    CREATE TABLE case_materials (
      case_id uuid NOT NULL REFERENCES cases (id),
      key text NOT NULL,
      name text NOT NULL,
      required boolean NOT NULL,
      deferrable_until text,
      state text NOT NULL,
      licence_id uuid REFERENCES licences (id),
      deferred_due date,
      collected_at timestamptz,
      note text NOT NULL DEFAULT '',
      CONSTRAINT case_materials_pkey PRIMARY KEY (case_id, key),
      CONSTRAINT case_materials_state_chk CHECK (state IN ('provided', 'licence', 'shared_data', 'deferred', 'missing')),
      CONSTRAINT case_materials_deferred_chk CHECK (state <> 'deferred' OR (deferred_due IS NOT NULL AND deferrable_until IS NOT NULL))
    )`.execute(db);
  await sql`COMMENT ON TABLE case_materials IS 'Each material requirement of a case as the front desk checked it; a deferred one is collected later'`.execute(db);

  await sql`
    CREATE TABLE case_tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      stage_index integer NOT NULL,
      stage_name text NOT NULL,
      mode text NOT NULL,
      round integer NOT NULL DEFAULT 1,
      department_id uuid NOT NULL REFERENCES departments (id),
      region_path text NOT NULL,
      delegated boolean NOT NULL DEFAULT false,
      status text NOT NULL,
      assignee_id uuid REFERENCES staff (id),
      assignee_name text,
      due_date date,
      opinion text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      done_at timestamptz,
      CONSTRAINT case_tasks_mode_chk CHECK (mode IN ('all', 'any')),
      CONSTRAINT case_tasks_status_chk CHECK (status IN ('pending', 'claimed', 'approved', 'rejected', 'returned', 'skipped', 'cancelled'))
    )`.execute(db);
  await sql`COMMENT ON TABLE case_tasks IS '环节待办: one department''s work on a stage of a case; tasks of one stage run in parallel (all: 会签, any: 或签)'`.execute(db);
  await sql`CREATE INDEX case_tasks_case_idx ON case_tasks (case_id, stage_index)`.execute(db);
  await sql`CREATE INDEX case_tasks_inbox_idx ON case_tasks (department_id, due_date) WHERE status IN ('pending', 'claimed')`.execute(db);

  await sql`
    CREATE TABLE case_notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      kind text NOT NULL,
      content jsonb NOT NULL,
      issued_at timestamptz NOT NULL,
      CONSTRAINT case_notices_kind_chk CHECK (kind IN ('acceptance', 'correction', 'refusal', 'deferred'))
    )`.execute(db);
  await sql`COMMENT ON TABLE case_notices IS 'Written notices given to the applicant: 受理通知书, 一次性告知书, 不予受理决定书, 容缺受理通知书'`.execute(db);
  await sql`CREATE INDEX case_notices_case_idx ON case_notices (case_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX case_notices_one_correction_idx ON case_notices (case_id) WHERE kind = 'correction'`.execute(db);

  await sql`
    CREATE TABLE case_visits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      at timestamptz NOT NULL,
      reason text NOT NULL,
      cause text,
      region_code text,
      recorded_by text,
      CONSTRAINT case_visits_reason_chk CHECK (reason IN ('application', 'correction', 'deferred_material', 'collect_result'))
    )`.execute(db);
  await sql`COMMENT ON TABLE case_visits IS '跑动台账: each in-person appearance of the applicant for a case; online, express, proxy and e-licence steps add none'`.execute(db);
  await sql`CREATE INDEX case_visits_case_idx ON case_visits (case_id)`.execute(db);

  await sql`
    CREATE TABLE case_notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      kind text NOT NULL,
      occasion text NOT NULL,
      recipient text NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT case_notifications_once_key UNIQUE (case_id, kind, occasion)
    )`.execute(db);
  await sql`COMMENT ON TABLE case_notifications IS 'Messages the clock and the lifecycle sent; (case, kind, occasion) is unique so a sweep never sends one twice'`.execute(db);

  await sql`
    CREATE TABLE filings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      department_id uuid NOT NULL REFERENCES departments (id),
      from_region_code text NOT NULL REFERENCES regions (code),
      filed_at timestamptz NOT NULL,
      due_date date NOT NULL,
      received_at timestamptz,
      received_by text,
      sampled boolean NOT NULL,
      verdict text,
      verdict_note text NOT NULL DEFAULT '',
      reviewed_at timestamptz,
      reviewed_by text,
      CONSTRAINT filings_case_key UNIQUE (case_id),
      CONSTRAINT filings_verdict_chk CHECK (verdict IS NULL OR verdict IN ('correct', 'incorrect'))
    )`.execute(db);
  await sql`COMMENT ON TABLE filings IS '备案: a delegated decision reported to the delegating department (due in 3 working days); a sampled share gets a case-file review (案卷评查)'`.execute(db);
  await sql`CREATE INDEX filings_department_idx ON filings (department_id, filed_at DESC)`.execute(db);

  await sql`
    CREATE TABLE file_review_policies (
      department_id uuid PRIMARY KEY REFERENCES departments (id),
      sample_percent integer NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT file_review_policies_percent_chk CHECK (sample_percent BETWEEN 0 AND 100)
    )`.execute(db);

  await sql`
    CREATE TABLE signing_keys (
      id text PRIMARY KEY,
      algorithm text NOT NULL,
      public_key text NOT NULL,
      private_key_sealed text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`COMMENT ON TABLE signing_keys IS 'SM2 keys of the electronic seal; the private key is sealed with the data key'`.execute(db);

  await sql`
    CREATE TABLE licence_serials (
      issuer_uscc text NOT NULL,
      type_code text NOT NULL,
      last_value integer NOT NULL,
      CONSTRAINT licence_serials_pkey PRIMARY KEY (issuer_uscc, type_code)
    )`.execute(db);

  await sql`ALTER TABLE licences ADD COLUMN case_id uuid REFERENCES cases (id)`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN signed_payload text`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN signature text`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN key_id text REFERENCES signing_keys (id)`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN revoked_at timestamptz`.execute(db);
  await sql`ALTER TABLE licences ADD COLUMN revoked_reason text NOT NULL DEFAULT ''`.execute(db);
  await sql`ALTER TABLE licences ADD CONSTRAINT licences_signed_chk CHECK ((signature IS NULL) = (signed_payload IS NULL) AND (signature IS NULL) = (key_id IS NULL))`.execute(db);
  await sql`CREATE INDEX licences_case_idx ON licences (case_id) WHERE case_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
