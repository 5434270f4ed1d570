import { sql, type Kysely } from 'kysely';

/**
 * 帮办代办: the 代办服务委托书 as a record with a state (src/domain/agent-authorisation.ts), the cases
 * each one covers, and the agents' follow-up calls (回访). Numbers run per service point and day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agent_authorisation_sequences (
      region_code text NOT NULL,
      day date NOT NULL,
      last_value integer NOT NULL,
      CONSTRAINT agent_authorisation_sequences_pkey PRIMARY KEY (region_code, day)
    )`.execute(db);
  await sql`
    CREATE TABLE agent_authorisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      authorisation_no text NOT NULL UNIQUE,
      applicant_id uuid NOT NULL REFERENCES applicants (id),
      agent_id uuid NOT NULL REFERENCES staff (id),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      matters jsonb NOT NULL,
      powers text[] NOT NULL,
      valid_from date NOT NULL,
      valid_until date NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      state_reason text NOT NULL DEFAULT '',
      confirmation_method text,
      confirmed_at timestamptz,
      paper_scan bytea,
      paper_scan_kind text,
      renewed_from uuid REFERENCES agent_authorisations (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT agent_authorisations_state_chk CHECK (state IN ('pending', 'active', 'suspended', 'renewed', 'ended')),
      CONSTRAINT agent_authorisations_method_chk CHECK (confirmation_method IS NULL OR confirmation_method IN ('code', 'paper')),
      CONSTRAINT agent_authorisations_period_chk CHECK (valid_from <= valid_until),
      CONSTRAINT agent_authorisations_confirmed_chk CHECK (state = 'pending' OR state = 'ended' OR confirmed_at IS NOT NULL)
    )`.execute(db);
  await sql`COMMENT ON TABLE agent_authorisations IS '代办服务委托书: who authorises which agent, for which items, with which powers, for which period; state pending/active/suspended/renewed/ended'`.execute(db);
  await sql`CREATE INDEX agent_authorisations_agent_idx ON agent_authorisations (agent_id, state)`.execute(db);
  await sql`CREATE INDEX agent_authorisations_applicant_idx ON agent_authorisations (applicant_id)`.execute(db);
  await sql`CREATE INDEX agent_authorisations_region_idx ON agent_authorisations (region_path text_pattern_ops)`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN agent_authorisation_id uuid REFERENCES agent_authorisations (id)`.execute(db);
  await sql`CREATE INDEX cases_agent_authorisation_idx ON cases (agent_authorisation_id) WHERE agent_authorisation_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE agent_follow_ups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases (id),
      authorisation_id uuid NOT NULL REFERENCES agent_authorisations (id),
      at timestamptz NOT NULL,
      recorded_by uuid REFERENCES staff (id),
      result text NOT NULL,
      note text NOT NULL DEFAULT '',
      CONSTRAINT agent_follow_ups_result_chk CHECK (result IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'))
    )`.execute(db);
  await sql`COMMENT ON TABLE agent_follow_ups IS '回访: the agent''s follow-up call with the applicant after a proxy case, and its result'`.execute(db);
  await sql`CREATE INDEX agent_follow_ups_case_idx ON agent_follow_ups (case_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
