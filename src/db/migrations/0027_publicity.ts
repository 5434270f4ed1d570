import { sql, type Kysely } from 'kysely';

/**
 * 公示 (issue 16 §3): which items' results a center's public page publishes, and how.
 *
 * `item_publications` holds one row per item an administrator decided to publish: the kind of
 * publication (行政许可结果公示 or a 低保/特困 publicity list) and, for a list, how many natural days
 * a result stays on it from its conclusion. No row, or `published = false`: nothing of the item is
 * shown.
 *
 * The results themselves are not copied anywhere: they are read from the cases by the partial index
 * `cases_publicity_idx`, which holds only approved concluded cases ordered newest first per region
 * and item. A center's page reads, for each region of its subtree and each published item, at most
 * one page of entries from that index (a bounded number of index probes, never a scan of cases);
 * turning an item's publication off hides its results at once, with nothing to rewrite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE item_publications (
      item_id uuid PRIMARY KEY REFERENCES service_items (id),
      published boolean NOT NULL,
      kind text NOT NULL CONSTRAINT item_publications_kind_check CHECK (kind IN ('licence_granted', 'assistance_list')),
      period_days integer CONSTRAINT item_publications_period_check CHECK (period_days IS NULL OR period_days BETWEEN 1 AND 366),
      updated_at timestamptz NOT NULL,
      updated_by uuid,
      CONSTRAINT item_publications_list_period_check CHECK (kind <> 'assistance_list' OR period_days IS NOT NULL)
    )`.execute(db);
  await sql`COMMENT ON TABLE item_publications IS 'Per item: whether its approved results are published on the centers'' public pages (公示), as licences granted or as an assistance list shown period_days natural days from conclusion'`.execute(
    db,
  );
  await sql`
    CREATE INDEX cases_publicity_idx ON cases (region_path, item_code, concluded_at DESC, id DESC)
    WHERE outcome = 'approved' AND concluded_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
