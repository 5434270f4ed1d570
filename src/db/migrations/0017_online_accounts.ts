import { sql, type Kysely } from 'kysely';

/**
 * The online channel's identities (一网通办): accounts behind mobile numbers, the one-time codes
 * that sign them in (kept hashed), their sessions, the businesses they act for (法定代表人 and
 * 授权经办人), and the identities a province's OIDC platform (统一身份认证) vouches for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE online_accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      phone text NOT NULL,
      applicant_id uuid REFERENCES applicants (id),
      binding text NOT NULL DEFAULT 'unbound',
      verified_by text,
      bound_at timestamptz,
      created_at timestamptz NOT NULL,
      last_sign_in_at timestamptz,
      CONSTRAINT online_accounts_phone_key UNIQUE (phone),
      CONSTRAINT online_accounts_applicant_key UNIQUE (applicant_id),
      CONSTRAINT online_accounts_phone_chk CHECK (phone ~ '^1[3-9][0-9]{9}$'),
      CONSTRAINT online_accounts_binding_chk CHECK (binding IN ('unbound', 'unverified', 'verified')),
      CONSTRAINT online_accounts_bound_chk CHECK ((binding = 'unbound') = (applicant_id IS NULL) AND (binding = 'unbound') = (bound_at IS NULL)),
      CONSTRAINT online_accounts_verified_by_chk CHECK ((binding = 'verified') = (verified_by IS NOT NULL) AND (verified_by IS NULL OR verified_by IN ('oidc', 'counter')))
    )`.execute(db);
  await sql`COMMENT ON TABLE online_accounts IS '网上办事账号: one per mobile number, made at the first sign-in; bound once to a person applicant (实名), unverified unless the OIDC platform or a counter vouched for it'`.execute(db);
  await sql`COMMENT ON COLUMN online_accounts.verified_by IS 'how a verified binding was verified: oidc (统一身份认证) or counter (窗口核验)'`.execute(db);

  await sql`
    CREATE TABLE one_time_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      phone text NOT NULL,
      purpose text NOT NULL,
      subject_id text,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      consumed_at timestamptz,
      CONSTRAINT one_time_codes_purpose_chk CHECK (purpose IN ('sign_in', 'confirm')),
      CONSTRAINT one_time_codes_attempts_chk CHECK (attempts BETWEEN 0 AND 5),
      CONSTRAINT one_time_codes_expiry_chk CHECK (expires_at > created_at),
      CONSTRAINT one_time_codes_subject_chk CHECK (subject_id IS NULL OR length(subject_id) BETWEEN 1 AND 100)
    )`.execute(db);
  await sql`CREATE INDEX one_time_codes_phone_idx ON one_time_codes (phone, purpose, created_at DESC)`.execute(db);
  await sql`CREATE INDEX one_time_codes_expires_idx ON one_time_codes (expires_at)`.execute(db);
  await sql`COMMENT ON TABLE one_time_codes IS '短信验证码: only a keyed HMAC of the code is kept; dead after 5 wrong tries, at expiry or once used. purpose confirm (with subject_id) confirms something else, e.g. an agent authorisation'`.execute(
    db,
  );

  await sql`
    CREATE TABLE applicant_sessions (
      token_hash text PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES online_accounts (id),
      method text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text NOT NULL DEFAULT '',
      user_agent text NOT NULL DEFAULT '',
      CONSTRAINT applicant_sessions_method_chk CHECK (method IN ('code', 'oidc'))
    )`.execute(db);
  await sql`CREATE INDEX applicant_sessions_account_idx ON applicant_sessions (account_id)`.execute(db);
  await sql`COMMENT ON TABLE applicant_sessions IS 'Sessions of online accounts (cookie ow_applicant); the token is kept only as its SHA-256'`.execute(db);

  await sql`
    CREATE TABLE business_handlers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES applicants (id),
      person_id uuid NOT NULL REFERENCES applicants (id),
      account_id uuid NOT NULL REFERENCES online_accounts (id),
      role text NOT NULL,
      added_by uuid NOT NULL REFERENCES online_accounts (id),
      added_at timestamptz NOT NULL,
      removed_at timestamptz,
      removed_by uuid REFERENCES online_accounts (id),
      CONSTRAINT business_handlers_role_chk CHECK (role IN ('legal_representative', 'handler')),
      CONSTRAINT business_handlers_removed_chk CHECK ((removed_at IS NULL) = (removed_by IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX business_handlers_live_key ON business_handlers (organisation_id, person_id) WHERE removed_at IS NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX business_handlers_one_representative_key ON business_handlers (organisation_id) WHERE removed_at IS NULL AND role = 'legal_representative'`.execute(db);
  await sql`CREATE INDEX business_handlers_person_idx ON business_handlers (person_id) WHERE removed_at IS NULL`.execute(db);
  await sql`COMMENT ON TABLE business_handlers IS 'Who acts online for an organisation applicant: its legal representative (法定代表人), and the handlers (授权经办人) the representative added; rows are ended (removed_at), never deleted'`.execute(
    db,
  );

  await sql`
    CREATE TABLE oidc_identities (
      issuer text NOT NULL,
      subject text NOT NULL,
      account_id uuid NOT NULL REFERENCES online_accounts (id),
      created_at timestamptz NOT NULL,
      last_sign_in_at timestamptz NOT NULL,
      CONSTRAINT oidc_identities_pkey PRIMARY KEY (issuer, subject),
      CONSTRAINT oidc_identities_issuer_chk CHECK (length(issuer) BETWEEN 1 AND 500),
      CONSTRAINT oidc_identities_subject_chk CHECK (length(subject) BETWEEN 1 AND 255)
    )`.execute(db);
  await sql`CREATE INDEX oidc_identities_account_idx ON oidc_identities (account_id)`.execute(db);
  await sql`COMMENT ON TABLE oidc_identities IS 'An OIDC platform''s user (issuer + sub) and the online account it signs in to'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
