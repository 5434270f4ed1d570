/**
 * 公示 (0027): the per-item publication settings, a center's catalog, the published results read by
 * the partial index `cases_publicity_idx`, and the monthly figures from the `case_stats` rollup and
 * the ratings' (region_path, given_at) range. Nothing here reads a case by anything but that index.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { PublicationKind, PublicationSetting } from '../domain/publicity.ts';

export interface ItemPublication extends PublicationSetting {
  itemId: string;
  implementationCode: string;
  updatedAt: Date;
}

export interface CatalogEntry {
  implementationCode: string;
  name: string;
  itemType: string;
  departmentName: string;
  caseKind: string;
  visitsRequired: number;
  channels: string[];
}

/** One approved result as the index gives it; the service masks it before it leaves. */
export interface ResultRow {
  id: string;
  itemCode: string;
  itemName: string;
  resultName: string;
  concludedAt: Date;
  holderName: string;
  holderKind: 'person' | 'organisation';
  regionName: string;
  householdSize: unknown;
}

export interface MonthRollup {
  month: string;
  received: number;
  concluded: number;
  onTime: number;
  zeroVisit: number;
  atMostOneVisit: number;
}

export interface MonthRatings {
  month: string;
  total: number;
  satisfied: number;
}

const n = (value: unknown): number => Number(value ?? 0);

export class PublicityRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Every item's setting (a row exists once an administrator saved one), by implementation code. */
  async listSettings(): Promise<ItemPublication[]> {
    const rows = await this.db
      .selectFrom('item_publications as p')
      .innerJoin('service_items as i', 'i.id', 'p.item_id')
      .select(['p.item_id', 'i.implementation_code', 'p.published', 'p.kind', 'p.period_days', 'p.updated_at'])
      .orderBy('i.implementation_code')
      .execute();
    return rows.map((r) => ({ itemId: r.item_id, implementationCode: r.implementation_code, published: r.published, kind: r.kind as PublicationKind, periodDays: r.period_days, updatedAt: r.updated_at }));
  }

  async saveSetting(itemId: string, setting: PublicationSetting, at: Date, by: string | null): Promise<void> {
    const values = { published: setting.published, kind: setting.kind, period_days: setting.periodDays, updated_at: at, updated_by: by };
    await this.db
      .insertInto('item_publications')
      .values({ item_id: itemId, ...values })
      .onConflict((oc) => oc.column('item_id').doUpdateSet(values))
      .execute();
  }

  /**
   * The published items of departments whose region contains the center's (a center takes the items
   * of its own and of the levels above it), or only `codes` when the center's ticket classes name them.
   */
  async centerCatalog(regionPath: string, codes: readonly string[] | null): Promise<CatalogEntry[]> {
    if (codes && codes.length === 0) return [];
    const ancestors = regionPath.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
    let query = this.db
      .selectFrom('service_item_versions as v')
      .innerJoin('service_items as i', 'i.id', 'v.item_id')
      .innerJoin('departments as d', 'd.id', 'v.department_id')
      .innerJoin('regions as r', 'r.code', 'd.region_code')
      .select(['i.implementation_code', 'v.name', sql<string>`v.content->>'itemType'`.as('item_type'), 'd.name as department_name', 'v.case_kind', 'v.visits_required', 'v.channels'])
      .where('v.status', '=', 'published')
      .where('r.path', 'in', ancestors);
    if (codes) query = query.where('i.implementation_code', 'in', codes);
    const rows = await query.orderBy('d.name').orderBy('i.implementation_code').execute();
    return rows.map((r) => ({
      implementationCode: r.implementation_code,
      name: r.name,
      itemType: r.item_type ?? '',
      departmentName: r.department_name,
      caseKind: r.case_kind,
      visitsRequired: r.visits_required,
      channels: r.channels,
    }));
  }

  /**
   * Approved results of `codes` in the regions `paths`, newest first, older than `before` when given.
   * For each (region, item) pair the partial index gives at most `limit` entries in order, so the
   * answer costs paths × codes index probes of `limit` rows, however many cases there are.
   */
  async results(input: { paths: readonly string[]; codes: readonly string[]; before?: { at: Date; id: string }; after?: Date; limit: number }): Promise<ResultRow[]> {
    if (input.paths.length === 0 || input.codes.length === 0) return [];
    const before = input.before ? sql`AND (c.concluded_at, c.id) < (${input.before.at}::timestamptz, ${input.before.id}::uuid)` : sql``;
    const after = input.after ? sql`AND c.concluded_at > ${input.after}::timestamptz` : sql``;
    const rows = await sql<Record<string, unknown>>`
      SELECT x.* FROM unnest(${input.paths}::text[]) AS p(path)
      CROSS JOIN unnest(${input.codes}::text[]) AS k(code)
      CROSS JOIN LATERAL (
        SELECT c.id, c.item_code, c.item_name, c.concluded_at, c.region_code, c.applicant_id, c.holder_id,
               c.form->'household_size' AS household_size, c.form->>'org_name' AS org_name
        FROM cases c
        WHERE c.region_path = p.path AND c.item_code = k.code AND c.outcome = 'approved' AND c.concluded_at IS NOT NULL ${before} ${after}
        ORDER BY c.concluded_at DESC, c.id DESC
        LIMIT ${input.limit}
      ) AS x
      ORDER BY x.concluded_at DESC, x.id DESC
      LIMIT ${input.limit}`.execute(this.db);
    if (rows.rows.length === 0) return [];
    const holderIds = [...new Set(rows.rows.map((r) => String(r.holder_id ?? r.applicant_id)))];
    const regionCodes = [...new Set(rows.rows.map((r) => String(r.region_code)))];
    const [holders, regions, results] = await Promise.all([
      this.db.selectFrom('applicants').select(['id', 'kind', 'name']).where('id', 'in', holderIds).execute(),
      this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', regionCodes).execute(),
      this.db
        .selectFrom('service_item_versions as v')
        .innerJoin('service_items as i', 'i.id', 'v.item_id')
        .select(['i.implementation_code', sql<string>`v.content->>'resultName'`.as('result_name')])
        .where('v.status', '=', 'published')
        .where('i.implementation_code', 'in', [...new Set(rows.rows.map((r) => String(r.item_code)))])
        .execute(),
    ]);
    const holderOf = new Map(holders.map((h) => [h.id, h]));
    const regionOf = new Map(regions.map((r) => [r.code, r.name]));
    const resultOf = new Map(results.map((r) => [r.implementation_code, r.result_name ?? '']));
    return rows.rows.map((r) => {
      const holder = holderOf.get(String(r.holder_id ?? r.applicant_id));
      // A person applying for an organisation (食品经营许可 for a company): the result is the organisation's.
      // A business name that holds the person's own name (个体户 often trade under it) is not shown whole: the person is, masked.
      const named = typeof r.org_name === 'string' && r.org_name.trim() !== '' && r.holder_id === null ? r.org_name.trim() : null;
      const orgName = named && !(holder?.kind === 'person' && holder.name.trim() !== '' && named.includes(holder.name.trim())) ? named : null;
      return {
        id: String(r.id),
        itemCode: String(r.item_code),
        itemName: String(r.item_name),
        resultName: resultOf.get(String(r.item_code)) ?? '',
        concludedAt: new Date(r.concluded_at as string | Date),
        holderName: orgName ?? holder?.name ?? '',
        // An unknown holder is treated as a person: masked, never shown whole.
        holderKind: orgName || holder?.kind === 'organisation' ? 'organisation' : 'person',
        regionName: regionOf.get(String(r.region_code)) ?? '',
        householdSize: r.household_size,
      };
    });
  }

  /** Every region path of the subtree (a county has a few hundred at most). */
  async subtreePaths(regionPath: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('regions')
      .select('path')
      .where((eb) => eb.or([eb('path', '=', regionPath), eb('path', 'like', `${regionPath}.%`)]))
      .execute();
    return rows.map((r) => r.path);
  }

  /** The rollup's counters summed per China month over [fromDay, toDay) for the subtree's regions. */
  async monthlyRollup(paths: readonly string[], fromDay: string, toDay: string): Promise<MonthRollup[]> {
    if (paths.length === 0) return [];
    const rows = await sql<Record<string, unknown>>`
      SELECT to_char(day, 'YYYY-MM') AS month, sum(received) AS received, sum(concluded) AS concluded, sum(on_time) AS on_time,
             sum(zero_visit) AS zero_visit, sum(at_most_one_visit) AS at_most_one_visit
      FROM case_stats
      WHERE region_path = ANY(${paths}::text[]) AND day >= ${fromDay}::date AND day < ${toDay}::date
      GROUP BY 1 ORDER BY 1`.execute(this.db);
    return rows.rows.map((r) => ({ month: String(r.month), received: n(r.received), concluded: n(r.concluded), onTime: n(r.on_time), zeroVisit: n(r.zero_visit), atMostOneVisit: n(r.at_most_one_visit) }));
  }

  /**
   * The ratings counted by the 好差评 report (upheld appeals left out, default ratings in) per China
   * month, and of them the satisfied (基本满意 or better), by the (region_path, given_at) index.
   */
  async monthlyRatings(paths: readonly string[], from: Date, to: Date): Promise<MonthRatings[]> {
    if (paths.length === 0) return [];
    const rows = await sql<Record<string, unknown>>`
      SELECT to_char((given_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS month,
             count(*) AS total,
             count(*) FILTER (WHERE level NOT IN ('dissatisfied', 'very_dissatisfied')) AS satisfied
      FROM ratings
      WHERE region_path = ANY(${paths}::text[]) AND given_at >= ${from} AND given_at < ${to} AND NOT excluded
      GROUP BY 1 ORDER BY 1`.execute(this.db);
    return rows.rows.map((r) => ({ month: String(r.month), total: n(r.total), satisfied: n(r.satisfied) }));
  }
}
