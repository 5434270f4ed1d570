/**
 * The scale generator's SQL (issue 16): what it reads of the demo county to clone, the catalog it
 * clones per county by INSERT … SELECT, the counters and rollups it rebuilds after loading. The
 * generated rows themselves go in by COPY (`BulkSession.copy`), as text the generator builds.
 * It runs on a `BulkSession` (one connection, one transaction), not on the unit of work: it is a
 * load fixture for benchmarks, written in bulk and not audited.
 */
import type { BulkSession } from '../db/database.ts';

export interface TemplateDepartment {
  id: string;
  name: string;
  phone: string | null;
}

export interface TemplateVersion {
  id: string;
  itemId: string;
  implementationCode: string;
  departmentId: string;
}

/** One clone of the demo county's catalog: a department's published item for another county. */
export interface CatalogClone {
  sourceVersionId: string;
  sourceItemId: string;
  itemId: string;
  versionId: string;
  implementationCode: string;
  departmentId: string;
  countyName: string;
  countyCode: string;
}

export class ScaleRepository {
  private readonly session: BulkSession;
  constructor(session: BulkSession) {
    this.session = session;
  }

  async regionExists(code: string): Promise<boolean> {
    return (await this.session.query('SELECT 1 FROM regions WHERE code = $1', [code])).length > 0;
  }

  async regionPath(code: string): Promise<string | undefined> {
    const rows = await this.session.query<{ path: string }>('SELECT path FROM regions WHERE code = $1', [code]);
    return rows[0]?.path;
  }

  async departmentsOf(regionCode: string): Promise<TemplateDepartment[]> {
    return this.session.query<TemplateDepartment>('SELECT id, name, phone FROM departments WHERE region_code = $1 ORDER BY name', [regionCode]);
  }

  /** The published item versions of the departments of `regionCode`. */
  async publishedVersionsOf(regionCode: string): Promise<TemplateVersion[]> {
    return this.session.query<TemplateVersion>(
      `SELECT v.id, v.item_id AS "itemId", i.implementation_code AS "implementationCode", v.department_id AS "departmentId"
       FROM service_item_versions v JOIN service_items i ON i.id = v.item_id JOIN departments d ON d.id = v.department_id
       WHERE v.status = 'published' AND d.region_code = $1 ORDER BY i.implementation_code`,
      [regionCode],
    );
  }

  async ratingForms(): Promise<Map<string, string>> {
    const rows = await this.session.query<{ channel: string; id: string }>(`SELECT DISTINCT ON (channel) channel, id FROM rating_forms ORDER BY channel, active_from DESC, version DESC`);
    return new Map(rows.map((r) => [r.channel, r.id]));
  }

  /** The case-number counters already given out in a window of days (the demo history's), `region|day` → last value. */
  async caseSequences(from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.session.query<{ region_code: string; day: string; last_value: number }>(`SELECT region_code, to_char(day, 'YYYY-MM-DD') AS day, last_value FROM case_number_sequences WHERE day BETWEEN $1 AND $2`, [from, to]);
    return new Map(rows.map((r) => [`${r.region_code}|${r.day}`, r.last_value]));
  }

  /**
   * The demo county's published items, cloned for other counties: a new item (its own implementation
   * code) and a published version 1 whose content names that county and its department. Their search
   * tokens are not copied (about 150 a item: 30 s of a minute on PGlite): 129 items of one name would
   * only crowd the guide's search, which finds the demo county's. Clones are given as JSON so both
   * backends take the same statement.
   */
  async cloneCatalog(clones: readonly CatalogClone[], at: Date): Promise<void> {
    const json = JSON.stringify(clones);
    const mapping = `json_to_recordset($1::json) AS m ("sourceVersionId" uuid, "sourceItemId" uuid, "itemId" uuid, "versionId" uuid, "implementationCode" text, "departmentId" uuid, "countyName" text, "countyCode" text)`;
    await this.session.query(`INSERT INTO service_items (id, implementation_code, department_id, created_at) SELECT m."itemId", m."implementationCode", m."departmentId", $2 FROM ${mapping}`, [json, at]);
    await this.session.query(
      `INSERT INTO service_item_versions (id, item_id, version, status, content, name, department_id, case_kind, visits_required, channels, service_objects,
         search_text, search_pinyin, search_initials, created_at, created_by, published_at, published_by)
       SELECT m."versionId", m."itemId", 1, 'published',
              replace(replace(v.content::text, '新泰市', m."countyName"), '"370982-', '"' || m."countyCode" || '-')::jsonb,
              v.name, m."departmentId", v.case_kind, v.visits_required, v.channels, v.service_objects,
              v.search_text, v.search_pinyin, v.search_initials, $2, 'generator', $2, 'generator'
       FROM ${mapping} JOIN service_item_versions v ON v.id = m."sourceVersionId"`,
      [json, at],
    );
  }

  /** The case log's monthly partitions (0032) for the generated window, so its rows do not pile into the default. */
  async ensureLogPartitions(from: string, to: string): Promise<void> {
    await this.session.query('SELECT case_actions_ensure_partitions($1::date, $2::date)', [from, to]);
  }

  async copy(table: string, columns: readonly string[], text: string): Promise<void> {
    await this.session.copy(table, columns, text);
  }

  /** The counters of every region and day the generated cases used, so the next real intake continues after them. */
  async advanceCaseSequences(from: string, to: string): Promise<void> {
    await this.session.query(
      `INSERT INTO case_number_sequences (region_code, day, last_value)
       SELECT region_code, to_date(substr(case_no, length(region_code) + 1, 8), 'YYYYMMDD'), max(right(case_no, 6)::int)
       FROM cases WHERE received_at >= $1::date - 1 AND received_at < $2::date + 2
       GROUP BY 1, 2
       ON CONFLICT (region_code, day) DO UPDATE SET last_value = greatest(case_number_sequences.last_value, excluded.last_value)`,
      [from, to],
    );
  }

  /** `case_stats` rebuilt from the cases, as migration 0015 first filled it (China days: UTC + 8 hours). */
  async rebuildCaseStats(): Promise<void> {
    await this.session.query('DELETE FROM case_stats');
    await this.session.query(`
      INSERT INTO case_stats (region_path, department_id, day, received, concluded, on_time, zero_visit, at_most_one_visit)
      SELECT region_path, department_id, day, sum(received), sum(concluded), sum(on_time), sum(zero_visit), sum(at_most_one_visit)
      FROM (
        SELECT region_path, department_id, ((received_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
               1 AS received, 0 AS concluded, 0 AS on_time, 0 AS zero_visit, 0 AS at_most_one_visit
        FROM cases WHERE parent_id IS NULL
        UNION ALL
        SELECT region_path, department_id, ((concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
               0, 1,
               CASE WHEN due_date IS NULL OR ((concluded_at AT TIME ZONE 'UTC') + interval '8 hours')::date <= due_date THEN 1 ELSE 0 END,
               CASE WHEN visits = 0 THEN 1 ELSE 0 END,
               CASE WHEN visits <= 1 THEN 1 ELSE 0 END
        FROM cases WHERE parent_id IS NULL AND concluded_at IS NOT NULL
      ) AS contributions
      GROUP BY region_path, department_id, day`);
  }

  /** Fresh planner statistics after a bulk load (autovacuum would get there, later). */
  async analyze(tables: readonly string[]): Promise<void> {
    for (const table of tables) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`Bad table ${table}`);
      await this.session.query(`ANALYZE ${table}`);
    }
  }
}
