import { sql, type Kysely } from 'kysely';

/** The service catalog: versioned items, bundles, stored downloads, and the working-day calendar. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalog_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL,
      sha256 text NOT NULL,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT catalog_files_size_chk CHECK (size >= 0 AND size <= 20971520),
      CONSTRAINT catalog_files_name_chk CHECK (length(trim(name)) > 0)
    )`.execute(db);
  await sql`COMMENT ON TABLE catalog_files IS 'Blank forms and samples applicants download from the guide'`.execute(db);

  await sql`
    CREATE TABLE service_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      implementation_code text NOT NULL,
      department_id uuid NOT NULL REFERENCES departments (id),
      created_at timestamptz NOT NULL,
      CONSTRAINT service_items_code_key UNIQUE (implementation_code),
      CONSTRAINT service_items_code_chk CHECK (implementation_code ~ '^[0-9A-Za-z-]{4,64}$')
    )`.execute(db);
  await sql`COMMENT ON TABLE service_items IS '事项: the identity of an item; its content lives in versions'`.execute(db);

  await sql`
    CREATE TABLE service_item_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      item_id uuid NOT NULL REFERENCES service_items (id),
      version integer NOT NULL,
      status text NOT NULL,
      content jsonb NOT NULL,
      name text NOT NULL,
      department_id uuid NOT NULL REFERENCES departments (id),
      case_kind text NOT NULL,
      visits_required smallint NOT NULL,
      channels text[] NOT NULL,
      service_objects text[] NOT NULL,
      search_text text NOT NULL,
      search_pinyin text NOT NULL,
      search_initials text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text,
      published_at timestamptz,
      published_by text,
      CONSTRAINT service_item_versions_item_version_key UNIQUE (item_id, version),
      CONSTRAINT service_item_versions_status_chk CHECK (status IN ('draft', 'published', 'superseded')),
      CONSTRAINT service_item_versions_case_kind_chk CHECK (case_kind IN ('instant', 'promised')),
      CONSTRAINT service_item_versions_visits_chk CHECK (visits_required IN (0, 1)),
      CONSTRAINT service_item_versions_published_chk CHECK ((status = 'draft') = (published_at IS NULL))
    )`.execute(db);
  await sql`COMMENT ON TABLE service_item_versions IS 'One immutable version of an item once published; a case keeps the version it was accepted under. At most one draft and one published version per item.'`.execute(db);
  await sql`CREATE UNIQUE INDEX service_item_versions_one_published_idx ON service_item_versions (item_id) WHERE status = 'published'`.execute(db);
  await sql`CREATE UNIQUE INDEX service_item_versions_one_draft_idx ON service_item_versions (item_id) WHERE status = 'draft'`.execute(db);
  await sql`CREATE INDEX service_item_versions_search_trgm_idx ON service_item_versions USING gin (search_text gin_trgm_ops) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX service_item_versions_pinyin_trgm_idx ON service_item_versions USING gin (search_pinyin gin_trgm_ops) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX service_item_versions_initials_idx ON service_item_versions (search_initials text_pattern_ops) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX service_item_versions_department_idx ON service_item_versions (department_id) WHERE status = 'published'`.execute(db);

  await sql`
    CREATE TABLE item_search_tokens (
      item_id uuid NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
      token text NOT NULL,
      weight smallint NOT NULL,
      CONSTRAINT item_search_tokens_pkey PRIMARY KEY (item_id, token)
    )`.execute(db);
  await sql`COMMENT ON TABLE item_search_tokens IS 'Search keys of the published version of each item: every suffix of its names, of their pinyin at syllable starts and of their initials, so any substring search is an indexed prefix lookup'`.execute(
    db,
  );
  await sql`CREATE INDEX item_search_tokens_token_idx ON item_search_tokens (token text_pattern_ops) INCLUDE (weight)`.execute(db);

  await sql`
    CREATE TABLE bundles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL,
      status text NOT NULL,
      content jsonb NOT NULL,
      name text NOT NULL,
      lead_department_id uuid NOT NULL REFERENCES departments (id),
      search_text text NOT NULL,
      search_pinyin text NOT NULL,
      search_initials text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT bundles_code_key UNIQUE (code),
      CONSTRAINT bundles_code_chk CHECK (code ~ '^[0-9A-Za-z-]{2,64}$'),
      CONSTRAINT bundles_status_chk CHECK (status IN ('draft', 'published', 'retired'))
    )`.execute(db);
  await sql`COMMENT ON TABLE bundles IS '一件事: member items by implementation code, done with one form, one material list, one issuance'`.execute(db);

  await sql`
    CREATE TABLE calendar_overrides (
      region_code text NOT NULL REFERENCES regions (code),
      date date NOT NULL,
      is_workday boolean NOT NULL,
      note text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL,
      CONSTRAINT calendar_overrides_pkey PRIMARY KEY (region_code, date)
    )`.execute(db);
  await sql`COMMENT ON TABLE calendar_overrides IS 'Local calendar decisions; the most specific region on a date wins over the national arrangement'`.execute(db);

  await sql`
    CREATE TABLE calendar_years (
      region_code text NOT NULL REFERENCES regions (code),
      year integer NOT NULL,
      note text NOT NULL DEFAULT '',
      published_at timestamptz NOT NULL,
      CONSTRAINT calendar_years_pkey PRIMARY KEY (region_code, year),
      CONSTRAINT calendar_years_year_chk CHECK (year BETWEEN 2000 AND 2100)
    )`.execute(db);
  await sql`COMMENT ON TABLE calendar_years IS 'Years an administrator has entered completely (beyond the published national data), so counting may enter them'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
