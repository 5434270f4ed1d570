import { sql, type Kysely } from 'kysely';

/**
 * 电子监察 (issue 16, point 2): alerts the rules raise to the supervisor (a red case, a deferred
 * material overdue, a filing not received in time, a department returning unusually many cases, a
 * correction asked after acceptance), each with the department's response due and the supervisor's
 * verdict. A rule raises an alert once per subject: (rule, subject_key) is unique, and the weekly
 * returns rule keys its subject by department and week.
 *
 * The job that raises them must never scan all cases (10 million): each rule reads a partial index
 * of its exceptions only (red running cases: cases_warning_running_idx of 0015; deferred materials
 * still due, filings not received, return actions: the indexes below), and the log-based rule reads
 * only what was written since its last run (supervision_alert_marks).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE supervision_alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule text NOT NULL,
      subject_key text NOT NULL,
      case_id uuid REFERENCES cases (id),
      department_id uuid NOT NULL REFERENCES departments (id),
      region_path text NOT NULL,
      raised_at timestamptz NOT NULL,
      raised_on date NOT NULL,
      facts jsonb NOT NULL DEFAULT '{}'::jsonb,
      response_due date NOT NULL,
      state text NOT NULL DEFAULT 'open',
      responded_by uuid REFERENCES staff (id),
      responded_by_name text,
      responded_at timestamptz,
      response text NOT NULL DEFAULT '',
      closed_by uuid REFERENCES staff (id),
      closed_by_name text,
      closed_at timestamptz,
      verdict text,
      verdict_note text NOT NULL DEFAULT '',
      CONSTRAINT supervision_alerts_subject_key UNIQUE (rule, subject_key),
      CONSTRAINT supervision_alerts_rule_chk CHECK (rule IN ('case_red', 'deferred_overdue', 'filing_late', 'returns_unusual', 'correction_after_acceptance')),
      CONSTRAINT supervision_alerts_state_chk CHECK (state IN ('open', 'responded', 'closed')),
      CONSTRAINT supervision_alerts_verdict_chk CHECK (verdict IS NULL OR verdict IN ('justified', 'rectified', 'at_fault')),
      CONSTRAINT supervision_alerts_subject_chk CHECK ((rule = 'returns_unusual') = (case_id IS NULL)),
      CONSTRAINT supervision_alerts_responded_chk CHECK (state <> 'responded' OR responded_at IS NOT NULL),
      CONSTRAINT supervision_alerts_closed_chk CHECK ((state = 'closed') = (closed_at IS NOT NULL AND verdict IS NOT NULL))
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_alerts IS '电子监察 alerts: a rule''s fact about a case or a department, the department''s response (due response_due, working days) and the supervisor''s verdict; unique per rule and subject'`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN supervision_alerts.subject_key IS 'The case id (deferred_overdue: case id and material key; returns_unusual: department id and ISO week)'`.execute(db);
  // The supervisor's list: a region subtree by state, newest first; a department's own list.
  await sql`CREATE INDEX supervision_alerts_region_idx ON supervision_alerts (region_path text_pattern_ops, state, raised_at DESC)`.execute(db);
  await sql`CREATE INDEX supervision_alerts_department_idx ON supervision_alerts (department_id, state, raised_at DESC)`.execute(db);
  // The dashboards' counts per rule and period.
  await sql`CREATE INDEX supervision_alerts_period_idx ON supervision_alerts (raised_on, rule)`.execute(db);
  await sql`CREATE INDEX supervision_alerts_case_idx ON supervision_alerts (case_id) WHERE case_id IS NOT NULL`.execute(db);

  // Where each rule's last incremental read ended (the log-based rules read only what came since).
  await sql`
    CREATE TABLE supervision_alert_marks (
      rule text PRIMARY KEY,
      read_until timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`COMMENT ON TABLE supervision_alert_marks IS 'The alert job''s watermark per rule: the case-log time read up to (re-read with an overlap for transactions still open)'`.execute(db);

  // The rules' exceptions, each a small partial index of a large table.
  await sql`CREATE INDEX case_materials_deferred_due_idx ON case_materials (deferred_due) WHERE state = 'deferred'`.execute(db);
  await sql`CREATE INDEX filings_unreceived_due_idx ON filings (due_date) WHERE received_at IS NULL`.execute(db);
  await sql`CREATE INDEX case_actions_returns_idx ON case_actions (at) WHERE action IN ('task.return_previous', 'return_to_applicant')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
