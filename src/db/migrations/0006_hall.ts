import { sql, type Kysely } from 'kysely';

/** The service hall: ticket classes per center, which classes each window serves, clerks at windows, tickets, appointments, statistics. */
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

  // Appointments (预约): slot templates per center and class, the booked count of each slot (its
  // capacity is enforced by one conditional upsert), and the bookings themselves.
  await sql`
    CREATE TABLE appointment_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      center_id uuid NOT NULL REFERENCES centers (id),
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      kind text NOT NULL,
      weekdays smallint[] NOT NULL,
      start_time text NOT NULL,
      end_time text NOT NULL,
      slot_minutes integer NOT NULL,
      capacity integer NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      CONSTRAINT appointment_templates_kind_chk CHECK (kind IN ('regular', 'extended', 'weekend')),
      CONSTRAINT appointment_templates_time_chk CHECK (start_time ~ '^[0-2][0-9]:[0-5][0-9]$' AND end_time ~ '^[0-2][0-9]:[0-5][0-9]$' AND start_time < end_time),
      CONSTRAINT appointment_templates_slot_chk CHECK (slot_minutes BETWEEN 5 AND 240 AND capacity BETWEEN 1 AND 500)
    )`.execute(db);
  await sql`COMMENT ON TABLE appointment_templates IS '预约时段模板: working-day hours, extended hours (延时服务) and Saturday service (5+X)'`.execute(db);

  await sql`
    CREATE TABLE appointment_slot_counts (
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      slot_start timestamptz NOT NULL,
      booked integer NOT NULL,
      CONSTRAINT appointment_slot_counts_pkey PRIMARY KEY (class_id, slot_start),
      CONSTRAINT appointment_slot_counts_booked_chk CHECK (booked >= 0)
    )`.execute(db);

  await sql`
    CREATE TABLE appointments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      center_id uuid NOT NULL REFERENCES centers (id),
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      day date NOT NULL,
      slot_start timestamptz NOT NULL,
      slot_end timestamptz NOT NULL,
      code text NOT NULL,
      name text NOT NULL,
      phone text NOT NULL,
      id_fingerprint text NOT NULL,
      id_masked text NOT NULL,
      status text NOT NULL,
      ticket_id uuid REFERENCES tickets (id),
      booked_at timestamptz NOT NULL,
      cancelled_at timestamptz,
      checked_in_at timestamptz,
      reminded_at timestamptz,
      CONSTRAINT appointments_code_key UNIQUE (code),
      CONSTRAINT appointments_status_chk CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show'))
    )`.execute(db);
  await sql`COMMENT ON TABLE appointments IS '预约: a booked slot; check-in turns it into a priority ticket, a missed one counts as a no-show'`.execute(db);
  await sql`CREATE INDEX appointments_person_idx ON appointments (id_fingerprint, slot_start)`.execute(db);
  await sql`CREATE INDEX appointments_open_idx ON appointments (slot_start) WHERE status = 'booked'`.execute(db);
  await sql`CREATE INDEX appointments_center_day_idx ON appointments (center_id, day)`.execute(db);

  // Hall statistics as a rollup kept in the write transaction: per center, day, class and window,
  // a histogram of waiting and service minutes plus counters, so reports stay flat as tickets grow.
  await sql`
    CREATE TABLE hall_stats (
      center_id uuid NOT NULL REFERENCES centers (id),
      day date NOT NULL,
      class_id uuid NOT NULL REFERENCES ticket_classes (id),
      window_id uuid REFERENCES windows (id),
      metric text NOT NULL,
      minute integer NOT NULL,
      n integer NOT NULL,
      CONSTRAINT hall_stats_key UNIQUE NULLS NOT DISTINCT (center_id, day, class_id, window_id, metric, minute),
      CONSTRAINT hall_stats_metric_chk CHECK (metric IN ('issued', 'wait', 'service', 'no_show', 'transfer'))
    )`.execute(db);
  await sql`COMMENT ON TABLE hall_stats IS 'Rollup: minute histograms of waiting (issue→first call) and service (serve→finish) times, and counts'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
