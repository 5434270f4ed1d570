import { sql, type Kysely } from 'kysely';

/**
 * Complaints, 12345-style (issue 15): 受理 → 派单 → 办理 → 答复 → 督办 → 办结 → 回访 → 评价. A complaint
 * keeps two clocks: the whole complaint's due time (never reset) and the current step's; every step
 * (dispatch, return, reassign, answer, supervise, escalate, close, revisit, rate) is a row in
 * complaint_steps. Numbers run per region and day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE complaint_sequences (
      region_code text NOT NULL,
      day date NOT NULL,
      last_value integer NOT NULL,
      CONSTRAINT complaint_sequences_pkey PRIMARY KEY (region_code, day)
    )`.execute(db);
  await sql`
    CREATE TABLE complaints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_no text NOT NULL UNIQUE,
      source text NOT NULL,
      category text NOT NULL,
      urgent boolean NOT NULL DEFAULT false,
      state text NOT NULL,
      subject text NOT NULL,
      content text NOT NULL,
      complainant_name text NOT NULL DEFAULT '',
      complainant_phone text NOT NULL DEFAULT '',
      anonymous boolean NOT NULL DEFAULT false,
      applicant_id uuid REFERENCES applicants (id),
      account_id uuid,
      case_id uuid REFERENCES cases (id),
      rating_id uuid REFERENCES ratings (id),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      department_id uuid REFERENCES departments (id),
      handler_region_path text,
      received_by uuid REFERENCES staff (id),
      received_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      step_started_at timestamptz NOT NULL,
      step_due_at timestamptz,
      escalation_level integer NOT NULL DEFAULT 0,
      supervised_count integer NOT NULL DEFAULT 0,
      answer text NOT NULL DEFAULT '',
      answered_at timestamptz,
      closed_at timestamptz,
      revisit_result text,
      revisited_at timestamptz,
      satisfaction text,
      rated_at timestamptz,
      updated_at timestamptz NOT NULL,
      CONSTRAINT complaints_source_chk CHECK (source IN ('hall', 'online', 'hotline', 'rating')),
      CONSTRAINT complaints_category_chk CHECK (category IN ('consultation', 'help', 'complaint', 'report')),
      CONSTRAINT complaints_state_chk CHECK (state IN ('received', 'dispatched', 'handling', 'answered', 'closed', 'revisited', 'rated')),
      CONSTRAINT complaints_revisit_chk CHECK (revisit_result IS NULL OR revisit_result IN ('satisfied', 'basic', 'dissatisfied', 'unreachable')),
      CONSTRAINT complaints_satisfaction_chk CHECK (satisfaction IS NULL OR satisfaction IN ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'))
    )`.execute(db);
  await sql`COMMENT ON TABLE complaints IS '投诉 (12345-style): category and time limit, the whole clock (due_at, never reset) beside the current step''s (step_due_at), the handling department, answer, revisit and the complainant''s rating'`.execute(
    db,
  );
  await sql`CREATE INDEX complaints_region_idx ON complaints (region_path text_pattern_ops, received_at)`.execute(db);
  await sql`CREATE INDEX complaints_department_idx ON complaints (department_id, state)`.execute(db);
  await sql`CREATE INDEX complaints_open_due_idx ON complaints (due_at) WHERE state IN ('received', 'dispatched', 'handling')`.execute(db);
  await sql`
    CREATE TABLE complaint_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaints (id),
      seq integer NOT NULL,
      action text NOT NULL,
      from_department_id uuid REFERENCES departments (id),
      to_department_id uuid REFERENCES departments (id),
      actor_id uuid REFERENCES staff (id),
      actor_label text NOT NULL DEFAULT '',
      reason text NOT NULL DEFAULT '',
      at timestamptz NOT NULL,
      step_due_at timestamptz,
      CONSTRAINT complaint_steps_seq_key UNIQUE (complaint_id, seq),
      CONSTRAINT complaint_steps_action_chk CHECK (action IN ('receive', 'dispatch', 'accept', 'return', 'reassign', 'answer', 'supervise', 'escalate', 'close', 'revisit', 'rate'))
    )`.execute(db);
  await sql`COMMENT ON TABLE complaint_steps IS 'Each step of a complaint''s loop with who, why (a return or reassignment needs a reason) and the step''s due time'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
