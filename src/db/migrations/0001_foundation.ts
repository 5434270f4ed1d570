import { sql, type Kysely } from 'kysely';

/** Organisation, staff and their grants, sessions, API keys, the audit chain, the outbox, idempotency. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE regions (
      code text PRIMARY KEY,
      name text NOT NULL,
      level text NOT NULL,
      parent_code text REFERENCES regions (code),
      path text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT regions_code_format_chk CHECK (code ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
      CONSTRAINT regions_level_chk CHECK (level IN ('province', 'city', 'county', 'town', 'village')),
      CONSTRAINT regions_name_chk CHECK (length(trim(name)) > 0),
      CONSTRAINT regions_path_key UNIQUE (path)
    )`.execute(db);
  await sql`COMMENT ON TABLE regions IS '行政区划: GB/T 2260 codes to county, statistical codes for towns and villages; path is the chain of codes joined by dots'`.execute(db);
  await sql`CREATE INDEX regions_path_pattern_idx ON regions (path text_pattern_ops)`.execute(db);

  await sql`
    CREATE TABLE departments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      uscc text,
      region_code text NOT NULL REFERENCES regions (code),
      phone text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT departments_name_chk CHECK (length(trim(name)) > 0),
      CONSTRAINT departments_uscc_format_chk CHECK (uscc IS NULL OR uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
      CONSTRAINT departments_uscc_key UNIQUE (uscc),
      CONSTRAINT departments_region_name_key UNIQUE (region_code, name)
    )`.execute(db);
  await sql`COMMENT ON TABLE departments IS '部门: an office with its unified social credit code, located in a region'`.execute(db);

  await sql`
    CREATE TABLE centers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      level text NOT NULL,
      region_code text NOT NULL REFERENCES regions (code),
      address text NOT NULL DEFAULT '',
      phone text NOT NULL DEFAULT '',
      opening_hours text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT centers_level_chk CHECK (level IN ('city', 'town', 'village')),
      CONSTRAINT centers_name_chk CHECK (length(trim(name)) > 0),
      CONSTRAINT centers_name_key UNIQUE (name)
    )`.execute(db);
  await sql`COMMENT ON TABLE centers IS '政务服务中心 (city) / 便民服务中心 (town) / 便民服务站 (village)'`.execute(db);

  await sql`
    CREATE TABLE windows (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      center_id uuid NOT NULL REFERENCES centers (id),
      number integer NOT NULL,
      name text NOT NULL,
      department_id uuid REFERENCES departments (id),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT windows_number_chk CHECK (number > 0),
      CONSTRAINT windows_center_number_key UNIQUE (center_id, number)
    )`.execute(db);
  await sql`COMMENT ON TABLE windows IS '窗口: a numbered counter of a center; department_id is set for a department window, null for an undifferentiated one'`.execute(db);

  await sql`
    CREATE TABLE staff (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL,
      display_name text NOT NULL,
      phone text NOT NULL DEFAULT '',
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT staff_username_format_chk CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
      CONSTRAINT staff_username_key UNIQUE (username)
    )`.execute(db);
  await sql`COMMENT ON TABLE staff IS '工作人员: signs in with a password (argon2id hash)'`.execute(db);

  await sql`
    CREATE TABLE staff_grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
      role text NOT NULL,
      department_id uuid REFERENCES departments (id),
      region_code text NOT NULL REFERENCES regions (code),
      CONSTRAINT staff_grants_role_chk CHECK (role IN ('guide', 'front_desk', 'reviewer', 'issuer', 'agent', 'town_approver', 'supervisor', 'admin')),
      CONSTRAINT staff_grants_scope_key UNIQUE NULLS NOT DISTINCT (staff_id, role, department_id, region_code)
    )`.execute(db);
  await sql`COMMENT ON TABLE staff_grants IS 'One role over a region subtree, narrowed to one department when department_id is set'`.execute(db);
  await sql`CREATE INDEX staff_grants_staff_idx ON staff_grants (staff_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text NOT NULL DEFAULT '',
      user_agent text NOT NULL DEFAULT ''
    )`.execute(db);
  await sql`COMMENT ON TABLE sessions IS 'Server-side sessions; the cookie holds the token, the table only its SHA-256'`.execute(db);
  await sql`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`.execute(db);

  await sql`
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL,
      department_id uuid REFERENCES departments (id),
      region_code text NOT NULL REFERENCES regions (code),
      created_by uuid REFERENCES staff (id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      CONSTRAINT api_keys_hash_key UNIQUE (key_hash),
      CONSTRAINT api_keys_name_chk CHECK (length(trim(name)) > 0)
    )`.execute(db);
  await sql`COMMENT ON TABLE api_keys IS 'Keys for external systems (外部系统); only the SHA-256 of a key is kept, the key is shown once'`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_kind text NOT NULL,
      actor_id text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      payload jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      CONSTRAINT audit_log_actor_kind_chk CHECK (actor_kind IN ('staff', 'api_key', 'applicant', 'system')),
      CONSTRAINT audit_log_hash_key UNIQUE (hash)
    )`.execute(db);
  await sql`COMMENT ON TABLE audit_log IS 'Append-only audit chain: hash = SHA-256 over prev_hash and the row; onewindow verify audit checks it'`.execute(db);
  await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change()`.execute(db);

  await sql`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      available_at timestamptz NOT NULL,
      delivered_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`.execute(db);
  await sql`COMMENT ON TABLE outbox IS 'Events written in the same transaction as the change; jobs deliver them after commit'`.execute(db);
  await sql`CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE delivered_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE idempotency_keys (
      actor text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL,
      CONSTRAINT idempotency_keys_pkey PRIMARY KEY (actor, key),
      CONSTRAINT idempotency_keys_key_chk CHECK (length(key) BETWEEN 8 AND 128)
    )`.execute(db);
  await sql`COMMENT ON TABLE idempotency_keys IS 'A client write and its first result; a replay with the same key returns that result'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
