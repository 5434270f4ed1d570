import { sql, type Kysely } from 'kysely';
import { ratingForms } from '../../domain/rating.ts';

/**
 * 好差评 (issue 15, src/domain/rating.ts): region settings, the versioned rating forms, the ratings
 * themselves (one per visit on site, one per case online: `subject_key`), the invitations sent when a
 * case concludes (a token in the SMS link), the rectification task each bad rating opens, and the
 * departments' appeals (申诉复核). A rating is never deleted: an upheld appeal marks it excluded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE quality_settings (
      region_code text PRIMARY KEY REFERENCES regions (code),
      default_rating_days integer,
      change_hours integer NOT NULL,
      report_back_days integer NOT NULL,
      rectify_days integer NOT NULL,
      revisit_days integer NOT NULL,
      consultation_days integer NOT NULL,
      complaint_days integer NOT NULL,
      step_days integer NOT NULL,
      updated_by uuid REFERENCES staff (id),
      updated_at timestamptz NOT NULL,
      CONSTRAINT quality_settings_days_chk CHECK (
        (default_rating_days IS NULL OR default_rating_days BETWEEN 1 AND 60) AND change_hours BETWEEN 0 AND 720
        AND report_back_days BETWEEN 1 AND 60 AND rectify_days BETWEEN 1 AND 120 AND revisit_days BETWEEN 1 AND 60
        AND consultation_days BETWEEN 1 AND 60 AND complaint_days BETWEEN 1 AND 120 AND step_days BETWEEN 1 AND 30)
    )`.execute(db);
  await sql`COMMENT ON TABLE quality_settings IS '好差评 and complaint time limits of a region; a region without a row takes its nearest ancestor''s, then the defaults in src/domain/rating.ts'`.execute(db);

  await sql`
    CREATE TABLE rating_forms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel text NOT NULL,
      version integer NOT NULL,
      indicators jsonb NOT NULL,
      tags jsonb NOT NULL,
      active_from timestamptz NOT NULL,
      CONSTRAINT rating_forms_version_key UNIQUE (channel, version),
      CONSTRAINT rating_forms_channel_chk CHECK (channel IN ('onsite', 'online'))
    )`.execute(db);
  await sql`COMMENT ON TABLE rating_forms IS 'The rating form per channel, versioned: indicators and tags; a rating keeps the form it was given on'`.execute(db);
  for (const form of Object.values(ratingForms)) {
    await sql`INSERT INTO rating_forms (channel, version, indicators, tags, active_from)
      VALUES (${form.channel}, ${form.version}, ${JSON.stringify(form.indicators)}::jsonb, ${JSON.stringify(form.tags)}::jsonb, '2026-01-01T00:00:00+08:00')`.execute(db);
  }

  await sql`
    CREATE TABLE ratings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subject_key text NOT NULL UNIQUE,
      channel text NOT NULL,
      source text NOT NULL,
      form_id uuid NOT NULL REFERENCES rating_forms (id),
      case_id uuid REFERENCES cases (id),
      ticket_id uuid REFERENCES tickets (id),
      level text NOT NULL,
      indicators jsonb NOT NULL DEFAULT '{}',
      tags text[] NOT NULL DEFAULT '{}',
      comment text NOT NULL DEFAULT '',
      anonymous boolean NOT NULL DEFAULT false,
      applicant_id uuid REFERENCES applicants (id),
      account_id uuid,
      rater_phone text,
      staff_id uuid REFERENCES staff (id),
      department_id uuid REFERENCES departments (id),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      center_id uuid REFERENCES centers (id),
      window_id uuid REFERENCES windows (id),
      item_code text,
      item_version integer,
      given_at timestamptz NOT NULL,
      changed_at timestamptz,
      change_until timestamptz NOT NULL,
      excluded boolean NOT NULL DEFAULT false,
      CONSTRAINT ratings_channel_chk CHECK (channel IN ('onsite', 'online')),
      CONSTRAINT ratings_source_chk CHECK (source IN ('pad', 'kiosk', 'web', 'sms', 'agent', 'default')),
      CONSTRAINT ratings_level_chk CHECK (level IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied')),
      CONSTRAINT ratings_subject_chk CHECK (case_id IS NOT NULL OR ticket_id IS NOT NULL)
    )`.execute(db);
  await sql`COMMENT ON TABLE ratings IS '好差评: one per visit (onsite, subject ticket:<id> or visit:<id>) or per case (online, subject case:<id>); level stored as its meaning; anonymous raters are never shown to staff'`.execute(db);
  await sql`CREATE INDEX ratings_region_idx ON ratings (region_path text_pattern_ops, given_at)`.execute(db);
  await sql`CREATE INDEX ratings_department_idx ON ratings (department_id, given_at)`.execute(db);
  await sql`CREATE INDEX ratings_case_idx ON ratings (case_id) WHERE case_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE rating_invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL UNIQUE REFERENCES cases (id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      rated_at timestamptz
    )`.execute(db);
  await sql`COMMENT ON TABLE rating_invitations IS 'The invitation to rate a concluded case: the SMS link carries a token whose hash is kept here'`.execute(db);

  await sql`
    CREATE TABLE rating_rectifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rating_id uuid NOT NULL UNIQUE REFERENCES ratings (id),
      department_id uuid REFERENCES departments (id),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      assignee_id uuid REFERENCES staff (id),
      state text NOT NULL DEFAULT 'open',
      triage text,
      finding text NOT NULL DEFAULT '',
      measures text NOT NULL DEFAULT '',
      report_due date NOT NULL,
      rectify_due date NOT NULL,
      revisit_due date,
      triaged_at timestamptz,
      reported_at timestamptz,
      revisited_at timestamptz,
      revisited_by uuid REFERENCES staff (id),
      revisit_result text,
      revisit_note text NOT NULL DEFAULT '',
      re_level text,
      re_rated_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT rating_rectifications_state_chk CHECK (state IN ('open', 'triaged', 'reported', 'revisited', 'closed', 'appealed', 'annulled')),
      CONSTRAINT rating_rectifications_triage_chk CHECK (triage IS NULL OR triage IN ('immediate', 'ledger', 'explain')),
      CONSTRAINT rating_rectifications_revisit_chk CHECK (revisit_result IS NULL OR revisit_result IN ('satisfied', 'basic', 'dissatisfied', 'unreachable')),
      CONSTRAINT rating_rectifications_re_level_chk CHECK (re_level IS NULL OR re_level IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'))
    )`.execute(db);
  await sql`COMMENT ON TABLE rating_rectifications IS '差评整改: the task a bad rating opens for the responsible department: 核实 and triage, report back, rectify, 回访 and re-rating; deadlines in working days from the region''s settings'`.execute(
    db,
  );
  await sql`CREATE INDEX rating_rectifications_open_idx ON rating_rectifications (department_id, state) WHERE state NOT IN ('closed', 'annulled')`.execute(db);
  await sql`CREATE INDEX rating_rectifications_region_idx ON rating_rectifications (region_path text_pattern_ops, created_at)`.execute(db);

  await sql`
    CREATE TABLE rating_appeals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rating_id uuid NOT NULL REFERENCES ratings (id),
      department_id uuid REFERENCES departments (id),
      region_path text NOT NULL,
      reason text NOT NULL,
      statement text NOT NULL,
      filed_by uuid NOT NULL REFERENCES staff (id),
      filed_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      decided_by uuid REFERENCES staff (id),
      decided_at timestamptz,
      decision_note text NOT NULL DEFAULT '',
      CONSTRAINT rating_appeals_reason_chk CHECK (reason IN ('mistaken', 'malicious', 'not_responsible', 'beyond_policy')),
      CONSTRAINT rating_appeals_state_chk CHECK (state IN ('pending', 'upheld', 'rejected'))
    )`.execute(db);
  await sql`COMMENT ON TABLE rating_appeals IS '申诉复核: a department contests a bad rating; a supervisor upholds (the rating is excluded from the figures, kept in the record) or rejects'`.execute(db);
  await sql`CREATE UNIQUE INDEX rating_appeals_one_pending_idx ON rating_appeals (rating_id) WHERE state = 'pending'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
