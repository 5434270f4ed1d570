import { sql, type Kysely } from 'kysely';

/**
 * The case log (`case_actions`, about eight rows a case: the table that grows fastest) partitioned
 * by China month of `at` (issue 16). A month's rows sit together: old months can be detached and
 * archived whole, vacuum and index upkeep touch the current month only, and a bulk load writes one
 * month's partition at a time. `cases` itself stays one table: many tables reference cases(id)
 * and a partitioned table's key must include the partition column; every read of it is an index
 * probe by id, number or search key (one more B-tree level from 10 thousand to 10 million), and no
 * figure reads it (the rollups of 0015 and 0025 do).
 *
 * Partitions are made ahead (`case_actions_ensure_partitions`: by this migration for the history's
 * months, the last twelve and the next twelve, and by every clock sweep for the next twelve); a row
 * outside every month goes to the DEFAULT partition, so no write ever fails for want of one, and a
 * month whose rows already sit in the default is left there rather than moved (the log is append-only). Each partition carries the
 * append-only trigger: statement triggers on the parent do not fire for a partition named directly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE case_actions RENAME TO case_actions_unpartitioned`.execute(db);
  await sql`ALTER TABLE case_actions_unpartitioned RENAME CONSTRAINT case_actions_pkey TO case_actions_unpartitioned_pkey`.execute(db);
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
      CONSTRAINT case_actions_pkey PRIMARY KEY (case_id, seq, at)
    ) PARTITION BY RANGE (at)`.execute(db);
  await sql`COMMENT ON TABLE case_actions IS 'Every action on a case, in order, never changed: who, when, where, through which channel, with what. Partitioned by China month of at (0032)'`.execute(db);
  await sql`
    CREATE TRIGGER case_actions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_actions
    FOR EACH STATEMENT EXECUTE FUNCTION case_actions_forbid_change()`.execute(db);
  await sql`CREATE TABLE case_actions_default PARTITION OF case_actions DEFAULT`.execute(db);
  await sql`
    CREATE TRIGGER case_actions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_actions_default
    FOR EACH STATEMENT EXECUTE FUNCTION case_actions_forbid_change()`.execute(db);
  await sql`
    CREATE FUNCTION case_actions_ensure_partitions(from_month date, to_month date) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      m date := date_trunc('month', from_month)::date;
      made integer := 0;
      lo timestamptz;
      hi timestamptz;
      name text;
    BEGIN
      WHILE m <= to_month LOOP
        name := 'case_actions_' || to_char(m, 'YYYYMM');
        lo := (m::text || ' 00:00:00+08')::timestamptz;
        hi := ((m + interval '1 month')::date::text || ' 00:00:00+08')::timestamptz;
        IF to_regclass(name) IS NULL AND NOT EXISTS (SELECT 1 FROM case_actions_default WHERE at >= lo AND at < hi) THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF case_actions FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
          EXECUTE format('CREATE TRIGGER case_actions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION case_actions_forbid_change()', name);
          made := made + 1;
        END IF;
        m := (m + interval '1 month')::date;
      END LOOP;
      RETURN made;
    END $$`.execute(db);
  await sql`COMMENT ON FUNCTION case_actions_ensure_partitions(date, date) IS 'Creates the monthly partitions of case_actions from one month to another (China months), skipping those that exist or whose rows sit in the default'`.execute(
    db,
  );
  // The history's months, the last twelve and the next twelve (China time), then the rows, then the old table.
  await sql`
    SELECT case_actions_ensure_partitions(
      least((SELECT min(at) FROM case_actions_unpartitioned), now() - interval '12 months')::date - 1,
      ((now() AT TIME ZONE 'UTC') + interval '8 hours' + interval '12 months')::date)`.execute(db);
  await sql`INSERT INTO case_actions SELECT * FROM case_actions_unpartitioned`.execute(db);
  await sql`DROP TABLE case_actions_unpartitioned`.execute(db);
  // The indexes the old table had besides its key, on every partition now (0026: the alert rules' returns).
  await sql`CREATE INDEX case_actions_returns_idx ON case_actions (at) WHERE action IN ('task.return_previous', 'return_to_applicant')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
