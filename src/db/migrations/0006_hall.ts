import { sql, type Kysely } from 'kysely';

/** The service hall: ticket classes per center, which classes each window serves, clerks at windows, tickets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ticket_classes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      center_id uuid NOT NULL REFERENCES centers (id),
      code text NOT NULL,
      name text NOT NULL,
      name_en text NOT NULL DEFAULT '',
      item_codes text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      CONSTRAINT ticket_classes_center_code_key UNIQUE (center_id, code),
      CONSTRAINT ticket_classes_code_chk CHECK (code ~ '^[A-Z]{1,2}$'),
      CONSTRAINT ticket_classes_name_chk CHECK (length(trim(name)) > 0)
    )`.execute(db);
  await sql`COMMENT ON TABLE ticket_classes IS '业务类别: a queue of a center (综合/无差别, 市场准入 …) with its letter and the items it covers'`.execute(db);

  await sql`
    CREATE TABLE window_classes (
      window_id uuid NOT NULL REFERENCES windows (id),
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      CONSTRAINT window_classes_pkey PRIMARY KEY (window_id, class_id)
    )`.execute(db);

  await sql`
    CREATE TABLE window_sessions (
      window_id uuid PRIMARY KEY REFERENCES windows (id),
      staff_id uuid NOT NULL REFERENCES staff (id),
      staff_name text NOT NULL,
      opened_at timestamptz NOT NULL
    )`.execute(db);
  await sql`COMMENT ON TABLE window_sessions IS 'Which clerk is signed in at which window now'`.execute(db);

  await sql`
    CREATE TABLE ticket_sequences (
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      day date NOT NULL,
      last_value integer NOT NULL,
      CONSTRAINT ticket_sequences_pkey PRIMARY KEY (class_id, day)
    )`.execute(db);

  await sql`
    CREATE TABLE tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      center_id uuid NOT NULL REFERENCES centers (id),
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      issued_class_id uuid NOT NULL REFERENCES ticket_classes (id),
      day date NOT NULL,
      sequence integer NOT NULL,
      number text NOT NULL,
      priority text NOT NULL,
      slot_start timestamptz,
      applicant_id uuid REFERENCES applicants (id),
      status text NOT NULL,
      issued_at timestamptz NOT NULL,
      called_at timestamptz,
      call_count integer NOT NULL DEFAULT 0,
      window_id uuid REFERENCES windows (id),
      target_window_id uuid REFERENCES windows (id),
      staff_id uuid REFERENCES staff (id),
      served_at timestamptz,
      finished_at timestamptz,
      transfers integer NOT NULL DEFAULT 0,
      case_ids uuid[] NOT NULL DEFAULT '{}',
      CONSTRAINT tickets_number_key UNIQUE (issued_class_id, day, sequence),
      CONSTRAINT tickets_priority_chk CHECK (priority IN ('green', 'appointment', 'normal')),
      CONSTRAINT tickets_status_chk CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'))
    )`.execute(db);
  await sql`COMMENT ON TABLE tickets IS '号: one queue ticket of a day; windows claim the next one with FOR UPDATE SKIP LOCKED'`.execute(db);
  await sql`CREATE INDEX tickets_queue_idx ON tickets (center_id, day, class_id, issued_at) WHERE status = 'waiting'`.execute(db);
  await sql`CREATE INDEX tickets_window_idx ON tickets (window_id, day) WHERE window_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
