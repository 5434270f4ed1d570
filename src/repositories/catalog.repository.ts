/** Versioned service items, bundles and their downloads. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { BundleContent, ServiceItemContent } from '../domain/catalog.ts';
import { exactBonus, soundsLikePenalty, type QueryWord, type SearchKeys, type SearchToken } from '../domain/search-keys.ts';

export type VersionStatus = 'draft' | 'published' | 'superseded';

export interface ItemVersion {
  id: string;
  itemId: string;
  implementationCode: string;
  version: number;
  status: VersionStatus;
  departmentId: string;
  content: ServiceItemContent;
  createdAt: Date;
  publishedAt: Date | null;
}

export interface ItemSummary {
  implementationCode: string;
  name: string;
  departmentId: string;
  departmentName: string;
  caseKind: string;
  visitsRequired: number;
  channels: string[];
  serviceObjects: string[];
  version: number;
  status: VersionStatus;
  /** The version number of an unpublished draft, if one is open. */
  draftVersion?: number | null;
}

export interface ItemSearch {
  text: string;
  latin: string | null;
  /** The words a hit must match (see `queryWords`): all of them, or any one (the pieces of a query, `queryPieces`). */
  words: QueryWord[];
  match?: 'all' | 'any';
  /** Whether typo-tolerant trigram matches fill a short page (the default). */
  fuzzy?: boolean;
  departmentId?: string;
  serviceObject?: string;
  channel?: string;
  zeroVisit?: boolean;
  limit: number;
  offset: number;
}

export interface Bundle {
  id: string;
  code: string;
  status: 'draft' | 'published' | 'retired';
  leadDepartmentId: string;
  content: BundleContent;
  updatedAt: Date;
}

export interface VersionRow {
  itemId: string;
  version: number;
  status: VersionStatus;
  content: ServiceItemContent;
  departmentId: string;
  keys: SearchKeys;
  at: Date;
  by: string | null;
}

export class CatalogRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async findItem(implementationCode: string): Promise<{ id: string; implementationCode: string; departmentId: string } | undefined> {
    const row = await this.db.selectFrom('service_items').select(['id', 'implementation_code', 'department_id']).where('implementation_code', '=', implementationCode).executeTakeFirst();
    return row && { id: row.id, implementationCode: row.implementation_code, departmentId: row.department_id };
  }

  async insertItem(input: { implementationCode: string; departmentId: string; at: Date }): Promise<string> {
    const row = await this.db.insertInto('service_items').values({ implementation_code: input.implementationCode, department_id: input.departmentId, created_at: input.at }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async setItemDepartment(itemId: string, departmentId: string): Promise<void> {
    await this.db.updateTable('service_items').set({ department_id: departmentId }).where('id', '=', itemId).execute();
  }

  private columns(row: VersionRow) {
    return {
      content: JSON.stringify(row.content),
      name: row.content.name,
      department_id: row.departmentId,
      case_kind: row.content.caseKind,
      visits_required: row.content.visitsRequired,
      channels: row.content.channels,
      service_objects: row.content.serviceObjects,
      search_text: row.keys.text,
      search_pinyin: row.keys.pinyin,
      search_initials: row.keys.initials,
    };
  }

  async insertVersion(row: VersionRow): Promise<string> {
    const inserted = await this.db
      .insertInto('service_item_versions')
      .values({
        item_id: row.itemId,
        version: row.version,
        status: row.status,
        ...this.columns(row),
        created_at: row.at,
        created_by: row.by,
        published_at: row.status === 'draft' ? null : row.at,
        published_by: row.status === 'draft' ? null : row.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }

  /** Rewrites the open draft; false when there is none (published versions never change). */
  async updateDraft(itemId: string, row: Omit<VersionRow, 'itemId' | 'version' | 'status'>): Promise<boolean> {
    const result = await this.db
      .updateTable('service_item_versions')
      .set({ ...this.columns({ ...row, itemId, version: 0, status: 'draft' }), created_at: row.at, created_by: row.by })
      .where('item_id', '=', itemId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deleteDraft(itemId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('service_item_versions').where('item_id', '=', itemId).where('status', '=', 'draft').executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** The published version becomes superseded and the draft becomes published, guarded by status. */
  async publishDraft(itemId: string, at: Date, by: string | null): Promise<boolean> {
    await this.db.updateTable('service_item_versions').set({ status: 'superseded' }).where('item_id', '=', itemId).where('status', '=', 'published').execute();
    const result = await this.db.updateTable('service_item_versions').set({ status: 'published', published_at: at, published_by: by }).where('item_id', '=', itemId).where('status', '=', 'draft').executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private versionQuery() {
    return this.db
      .selectFrom('service_item_versions as v')
      .innerJoin('service_items as i', 'i.id', 'v.item_id')
      .select(['v.id', 'v.item_id', 'i.implementation_code', 'v.version', 'v.status', 'v.department_id', 'v.content', 'v.created_at', 'v.published_at']);
  }

  async findVersion(implementationCode: string, which: { status: 'draft' | 'published' } | { version: number }): Promise<ItemVersion | undefined> {
    let query = this.versionQuery().where('i.implementation_code', '=', implementationCode);
    query = 'status' in which ? query.where('v.status', '=', which.status) : query.where('v.version', '=', which.version);
    const row = await query.executeTakeFirst();
    return row && toVersion(row);
  }

  async findVersionById(id: string): Promise<ItemVersion | undefined> {
    const row = await this.versionQuery().where('v.id', '=', id).executeTakeFirst();
    return row && toVersion(row);
  }

  async latestVersionNumber(itemId: string): Promise<number> {
    const row = await this.db
      .selectFrom('service_item_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  async listVersions(implementationCode: string): Promise<Omit<ItemVersion, 'content'>[]> {
    const rows = await this.db
      .selectFrom('service_item_versions as v')
      .innerJoin('service_items as i', 'i.id', 'v.item_id')
      .select(['v.id', 'v.item_id', 'i.implementation_code', 'v.version', 'v.status', 'v.department_id', 'v.created_at', 'v.published_at'])
      .where('i.implementation_code', '=', implementationCode)
      .orderBy('v.version', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      implementationCode: r.implementation_code,
      version: r.version,
      status: r.status as VersionStatus,
      departmentId: r.department_id,
      createdAt: r.created_at,
      publishedAt: r.published_at,
    }));
  }

  /** Every published version's content, in code order (export, bundles). */
  async listPublished(codes?: readonly string[]): Promise<ItemVersion[]> {
    let query = this.versionQuery().where('v.status', '=', 'published');
    if (codes) {
      if (codes.length === 0) return [];
      query = query.where('i.implementation_code', 'in', codes);
    }
    const rows = await query.orderBy('i.implementation_code').execute();
    return rows.map(toVersion);
  }

  /** Items for the administrators' list: the published version, or the draft of a never-published item. */
  async listForAdmin(): Promise<ItemSummary[]> {
    const rows = await sql<SummaryRow & { draft_version: number | null }>`
      SELECT DISTINCT ON (i.id) i.implementation_code, v.name, v.department_id, d.name AS department_name, v.case_kind, v.visits_required,
             v.channels, v.service_objects, v.version, v.status, 0 AS rank, 0 AS total,
             (SELECT dv.version FROM service_item_versions dv WHERE dv.item_id = i.id AND dv.status = 'draft') AS draft_version
      FROM service_items i
      JOIN service_item_versions v ON v.item_id = i.id AND v.status IN ('published', 'draft')
      JOIN departments d ON d.id = v.department_id
      ORDER BY i.id, (v.status = 'published') DESC`.execute(this.db);
    return rows.rows
      .map(({ draft_version, ...row }) => {
        const { rank: _rank, ...summary } = toSummary(row);
        return { ...summary, draftVersion: draft_version };
      })
      .sort((a, b) => a.implementationCode.localeCompare(b.implementationCode));
  }

  /** Replaces an item's search tokens with those of its newly published version. */
  async replaceSearchTokens(itemId: string, tokens: readonly SearchToken[]): Promise<void> {
    await this.db.deleteFrom('item_search_tokens').where('item_id', '=', itemId).execute();
    for (let i = 0; i < tokens.length; i += 500) {
      await this.db
        .insertInto('item_search_tokens')
        .values(tokens.slice(i, i + 500).map((t) => ({ item_id: itemId, token: t.token, weight: t.weight })))
        .execute();
    }
  }

  /**
   * Published items matching a query. Exact matches come from an indexed prefix lookup on the
   * items' tokens (any substring of a name or alias, pinyin, initials), ranked by the best token;
   * when they are fewer than a page, typo-tolerant trigram matches fill it, ranked by similarity.
   * An empty query lists the catalog by name.
   */
  async searchPublished(search: ItemSearch): Promise<{ total: number; matched: number; items: (ItemSummary & { rank: number })[] }> {
    const filters = [sql`v.status = 'published'`];
    if (search.departmentId) filters.push(sql`v.department_id = ${search.departmentId}`);
    if (search.serviceObject) filters.push(sql`${search.serviceObject} = ANY (v.service_objects)`);
    if (search.channel) filters.push(sql`${search.channel} = ANY (v.channels)`);
    if (search.zeroVisit) filters.push(sql`v.visits_required = 0`);
    const where = sql.join(filters, sql` AND `);
    const select = sql`i.implementation_code, v.name, v.department_id, d.name AS department_name, v.case_kind, v.visits_required,
             v.channels, v.service_objects, v.version, v.status`;

    if (!search.text) {
      const rows = await sql<SummaryRow>`
        SELECT ${select}, 0 AS rank, count(*) OVER () AS total
        FROM service_item_versions v JOIN service_items i ON i.id = v.item_id JOIN departments d ON d.id = v.department_id
        WHERE ${where} ORDER BY v.search_pinyin COLLATE "C", v.name LIMIT ${search.limit} OFFSET ${search.offset}`.execute(this.db);
      const total = Number(rows.rows[0]?.total ?? 0);
      return { total, matched: total, items: rows.rows.map(toSummary) };
    }

    // Every word must match some token (a prefix of a suffix: any substring, pinyin or initials); a
    // Chinese word also matches by its sound (`低宝` → dibao), for less.
    const words = search.words;
    const perWord = sql.join(
      words.map((word, index) => {
        const typed = `${escapeLike(word.text)}%`;
        const score = word.sound
          ? sql`CASE WHEN t.token LIKE ${typed} THEN t.weight + CASE WHEN t.token = ${word.text} THEN ${exactBonus} ELSE 0 END
                ELSE t.weight + CASE WHEN t.token = ${word.sound} THEN ${exactBonus} ELSE 0 END - ${soundsLikePenalty} END`
          : sql`t.weight + CASE WHEN t.token = ${word.text} THEN ${exactBonus} ELSE 0 END`;
        return sql`
        SELECT t.item_id, ${index} AS word, max(${score}) AS best
        FROM item_search_tokens t
        WHERE t.token LIKE ${typed}${word.sound ? sql` OR t.token LIKE ${`${escapeLike(word.sound)}%`}` : sql``}
        GROUP BY t.item_id`;
      }),
      sql` UNION ALL `,
    );
    const exact = await sql<SummaryRow>`
      WITH per_word AS (${perWord}),
      matched AS (
        SELECT item_id, sum(best) AS rank FROM per_word GROUP BY item_id HAVING count(*) >= ${search.match === 'any' ? 1 : words.length}
      )
      SELECT ${select}, m.rank, count(*) OVER () AS total
      FROM matched m
      JOIN service_item_versions v ON v.item_id = m.item_id AND v.status = 'published'
      JOIN service_items i ON i.id = v.item_id
      JOIN departments d ON d.id = v.department_id
      WHERE ${where}
      ORDER BY m.rank DESC, v.search_pinyin COLLATE "C", v.name
      LIMIT ${search.limit} OFFSET ${search.offset}`.execute(this.db);
    const exactTotal = Number(exact.rows[0]?.total ?? 0);
    const items = exact.rows.map(toSummary);
    const room = search.limit - items.length;
    if (room <= 0 || search.offset > 0 || [...search.text].length < 2 || search.fuzzy === false) return { total: exactTotal, matched: exactTotal, items };

    // Fewer exact matches than a page: fill it with the most similar names (typos, near words). Word
    // similarity compares the query with the best-matching stretch of a name, so `dibo` finds `dibao`
    // inside a long pinyin; both operators are served by the trigram indexes.
    const found = items.map((item) => item.implementationCode);
    const fuzzy = await sql<SummaryRow>`
      SELECT ${select}, round((40 * greatest(word_similarity(${search.text}, v.search_text)${search.latin ? sql`, word_similarity(${search.latin}, v.search_pinyin)` : sql``}))::numeric, 2) AS rank, 0 AS total
      FROM service_item_versions v JOIN service_items i ON i.id = v.item_id JOIN departments d ON d.id = v.department_id
      WHERE ${where}
        AND (v.search_text % ${search.text} OR ${search.text} <% v.search_text${search.latin ? sql` OR ${search.latin} <% v.search_pinyin` : sql``})
        ${found.length > 0 ? sql`AND i.implementation_code NOT IN (${sql.join(found)})` : sql``}
      ORDER BY rank DESC, v.search_pinyin COLLATE "C", v.name
      LIMIT ${room}`.execute(this.db);
    return { total: exactTotal + fuzzy.rows.length, matched: exactTotal, items: [...items, ...fuzzy.rows.map(toSummary)] };
  }

  async findBundle(code: string): Promise<Bundle | undefined> {
    const row = await this.db.selectFrom('bundles').selectAll().where('code', '=', code).executeTakeFirst();
    return row && toBundle(row);
  }

  async listBundles(status?: Bundle['status']): Promise<Bundle[]> {
    let query = this.db.selectFrom('bundles').selectAll();
    if (status) query = query.where('status', '=', status);
    const rows = await query.orderBy('code').execute();
    return rows.map(toBundle);
  }

  async upsertBundle(input: { content: BundleContent; status: Bundle['status']; leadDepartmentId: string; keys: SearchKeys; at: Date }): Promise<string> {
    const values = {
      code: input.content.code,
      status: input.status,
      content: JSON.stringify(input.content),
      name: input.content.name,
      lead_department_id: input.leadDepartmentId,
      search_text: input.keys.text,
      search_pinyin: input.keys.pinyin,
      search_initials: input.keys.initials,
      updated_at: input.at,
    };
    const row = await this.db
      .insertInto('bundles')
      .values({ ...values, created_at: input.at })
      .onConflict((oc) => oc.column('code').doUpdateSet(values))
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertFile(file: { name: string; contentType: string; data: Buffer; sha256: string; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('catalog_files')
      .values({ name: file.name, content_type: file.contentType, size: file.data.length, sha256: file.sha256, data: file.data, created_at: file.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findFile(id: string): Promise<{ id: string; name: string; contentType: string; data: Buffer; sha256: string } | undefined> {
    const row = await this.db.selectFrom('catalog_files').select(['id', 'name', 'content_type', 'data', 'sha256']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, contentType: row.content_type, data: row.data, sha256: row.sha256 };
  }
}

interface SummaryRow {
  implementation_code: string;
  name: string;
  department_id: string;
  department_name: string;
  case_kind: string;
  visits_required: number;
  channels: string[];
  service_objects: string[];
  version: number;
  status: VersionStatus;
  rank: number | string;
  total: string | number;
}

function toSummary(r: SummaryRow): ItemSummary & { rank: number } {
  return {
    implementationCode: r.implementation_code,
    name: r.name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    caseKind: r.case_kind,
    visitsRequired: r.visits_required,
    channels: r.channels,
    serviceObjects: r.service_objects,
    version: r.version,
    status: r.status,
    rank: Number(r.rank),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toVersion(row: { id: string; item_id: string; implementation_code: string; version: number; status: string; department_id: string; content: unknown; created_at: Date; published_at: Date | null }): ItemVersion {
  return {
    id: row.id,
    itemId: row.item_id,
    implementationCode: row.implementation_code,
    version: row.version,
    status: row.status as VersionStatus,
    departmentId: row.department_id,
    content: row.content as ServiceItemContent,
    createdAt: row.created_at,
    publishedAt: row.published_at,
  };
}

function toBundle(row: { id: string; code: string; status: string; lead_department_id: string; content: unknown; updated_at: Date }): Bundle {
  return { id: row.id, code: row.code, status: row.status as Bundle['status'], leadDepartmentId: row.lead_department_id, content: row.content as BundleContent, updatedAt: row.updated_at };
}
