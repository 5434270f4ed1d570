/**
 * 好差评 publication: the month's counts, grouped in SQL per department, read by the indexed
 * (region_path, given_at) and (region_path, received_at) ranges of ratings and complaints; no case
 * is scanned. The upward report reads the month's ratings joined to their case or ticket.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { emptyCounts, type QualityCounts, type UpwardSource } from '../domain/quality-report.ts';
import type { RatingLevel, RatingSource } from '../domain/rating.ts';

export interface MonthScope {
  regionPath: string;
  from: Date;
  to: Date;
  /** The China date the figures are read on: a rectification past its date and unreported is late, a complaint past its due time overdue. */
  today: string;
  now: Date;
  /** Only these departments (a grant narrowed to a department); undefined: every department and none. */
  departmentIds?: readonly string[];
}

const n = (value: unknown): number => Number(value ?? 0);

export class QualityReportRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** The counts of the month per department id (`null`: of no department). */
  async monthCounts(scope: MonthScope): Promise<Map<string | null, QualityCounts>> {
    const paths = await this.subtreePaths(scope.regionPath);
    const departmentFilter = (column: string) => (scope.departmentIds === undefined ? sql`` : scope.departmentIds.length === 0 ? sql` AND false` : sql` AND ${sql.ref(column)} IN (${sql.join(scope.departmentIds)})`);
    const bad = sql`r.level IN ('dissatisfied', 'very_dissatisfied')`;
    const doneAt = sql`coalesce(x.reported_at, x.closed_at)`;
    const dueEnd = sql`((x.rectify_due + 1)::text || 'T00:00:00+08:00')::timestamptz`;
    const counted = sql`x.id IS NOT NULL AND NOT r.excluded AND x.state <> 'annulled'`;
    const ratings = await sql<Record<string, unknown>>`
      SELECT r.department_id,
        count(*) FILTER (WHERE NOT r.excluded AND r.level = 'very_satisfied') AS very_satisfied,
        count(*) FILTER (WHERE NOT r.excluded AND r.level = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE NOT r.excluded AND r.level = 'basic') AS basic,
        count(*) FILTER (WHERE NOT r.excluded AND r.level = 'dissatisfied') AS dissatisfied,
        count(*) FILTER (WHERE NOT r.excluded AND r.level = 'very_dissatisfied') AS very_dissatisfied,
        count(*) FILTER (WHERE r.excluded) AS excluded,
        count(*) FILTER (WHERE NOT r.excluded AND r.source = 'default') AS defaults,
        count(*) FILTER (WHERE NOT r.excluded AND NOT r.anonymous AND ${bad}) AS real_name_bad,
        count(*) FILTER (WHERE NOT r.excluded AND NOT r.anonymous AND ${bad} AND x.revisited_at IS NOT NULL) AS revisited,
        count(*) FILTER (WHERE ${counted}) AS rect_opened,
        count(*) FILTER (WHERE ${counted} AND x.state = 'closed') AS rect_closed,
        count(*) FILTER (WHERE ${counted} AND ${doneAt} < ${dueEnd}) AS rect_on_time,
        count(*) FILTER (WHERE ${counted} AND (${doneAt} >= ${dueEnd} OR (${doneAt} IS NULL AND x.rectify_due < ${scope.today}::date))) AS rect_late
      FROM ratings r
      LEFT JOIN LATERAL (SELECT * FROM rating_rectifications x1 WHERE x1.rating_id = r.id AND r.level IN ('dissatisfied', 'very_dissatisfied') LIMIT 1) x ON true
      WHERE r.region_path = ANY(${paths}::text[])
        AND r.given_at >= ${scope.from} AND r.given_at < ${scope.to}${departmentFilter('r.department_id')}
      GROUP BY r.department_id`.execute(this.db);
    const complaints = await sql<Record<string, unknown>>`
      SELECT c.department_id,
        count(*) AS total,
        count(*) FILTER (WHERE c.category = 'consultation') AS consultation,
        count(*) FILTER (WHERE c.category = 'help') AS help,
        count(*) FILTER (WHERE c.category = 'complaint') AS complaint,
        count(*) FILTER (WHERE c.category = 'report') AS report,
        count(*) FILTER (WHERE c.urgent) AS urgent,
        count(*) FILTER (WHERE c.closed_at IS NOT NULL) AS closed,
        count(*) FILTER (WHERE c.closed_at <= c.due_at) AS closed_on_time,
        count(*) FILTER (WHERE c.closed_at IS NULL AND c.due_at < ${scope.now}) AS overdue_open
      FROM complaints c
      WHERE c.region_path = ANY(${paths}::text[])
        AND c.received_at >= ${scope.from} AND c.received_at < ${scope.to}${departmentFilter('c.department_id')}
      GROUP BY c.department_id`.execute(this.db);
    const out = new Map<string | null, QualityCounts>();
    const at = (id: unknown) => {
      const key = (id as string | null) ?? null;
      let counts = out.get(key);
      if (!counts) {
        counts = emptyCounts();
        out.set(key, counts);
      }
      return counts;
    };
    for (const row of ratings.rows) {
      const c = at(row.department_id);
      c.levels = { very_satisfied: n(row.very_satisfied), satisfied: n(row.satisfied), basic: n(row.basic), dissatisfied: n(row.dissatisfied), very_dissatisfied: n(row.very_dissatisfied) };
      c.excluded = n(row.excluded);
      c.defaults = n(row.defaults);
      c.realNameBad = n(row.real_name_bad);
      c.revisited = n(row.revisited);
      c.rectOpened = n(row.rect_opened);
      c.rectClosed = n(row.rect_closed);
      c.rectOnTime = n(row.rect_on_time);
      c.rectLate = n(row.rect_late);
    }
    for (const row of complaints.rows) {
      const c = at(row.department_id);
      c.complaints = { consultation: n(row.consultation), help: n(row.help), complaint: n(row.complaint), report: n(row.report), urgent: n(row.urgent) };
      c.complaintsTotal = n(row.total);
      c.complaintsClosed = n(row.closed);
      c.complaintsClosedOnTime = n(row.closed_on_time);
      c.complaintsOverdueOpen = n(row.overdue_open);
    }
    return out;
  }

  /**
   * Every region path of the subtree (a county has a few hundred at most): the month's rows are then
   * read with `region_path = ANY(paths)` and the time range, one exact probe of the (region_path,
   * given_at) index per region. A `LIKE 'path.%'` range would walk the whole subtree's entries of
   * every month in that index (or scan the table), and slow as the other months grow.
   */
  async subtreePaths(regionPath: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('regions')
      .select('path')
      .where((eb) => eb.or([eb('path', '=', regionPath), eb('path', 'like', `${regionPath}.%`)]))
      .execute();
    return rows.map((r) => r.path);
  }

  /** The departments' names (and unified social credit codes) by id. */
  async departments(ids: readonly string[]): Promise<Map<string, { name: string; code: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('departments').select(['id', 'name', 'uscc']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { name: r.name, code: r.uscc }]));
  }

  /** The month's ratings (excluded ones left out) as the upward report reads them, oldest first. */
  async upwardSources(scope: MonthScope): Promise<UpwardSource[]> {
    let query = this.db
      .selectFrom('ratings as r')
      .leftJoin('cases as c', 'c.id', 'r.case_id')
      .leftJoin('tickets as t', 't.id', 'r.ticket_id')
      .leftJoin('applicants as a', (join) => join.on(sql`a.id`, '=', sql`coalesce(r.applicant_id, c.applicant_id)`))
      .leftJoin('departments as d', (join) => join.on(sql`d.id`, '=', sql`coalesce(r.department_id, c.department_id)`))
      .leftJoin('staff as s', 's.id', 'r.staff_id')
      .innerJoin('regions as g', 'g.code', 'r.region_code')
      .leftJoin('service_items as si', 'si.implementation_code', 'r.item_code')
      .leftJoin('service_item_versions as sv', (join) => join.onRef('sv.item_id', '=', 'si.id').onRef('sv.version', '=', 'r.item_version'))
      .select([
        'r.id',
        'r.level',
        'r.channel',
        'r.source',
        'r.anonymous',
        'r.given_at',
        'r.rater_phone',
        'r.item_code',
        'r.item_version',
        'r.region_code',
        'g.name as region_name',
        'c.case_no',
        'c.item_name',
        'c.item_code as case_item_code',
        'c.status as case_status',
        'c.received_at as case_received_at',
        'c.concluded_at',
        'c.applicant_phone',
        't.number as ticket_no',
        't.day as ticket_day',
        't.issued_at as ticket_issued_at',
        't.finished_at as ticket_finished_at',
        'a.kind as applicant_kind',
        'a.name as applicant_name',
        'a.id_masked',
        'a.uscc',
        'a.phone as applicant_own_phone',
        'd.name as department_name',
        'd.uscc as department_code',
        's.username',
        's.display_name',
        'sv.name as version_name',
      ])
      .where('r.region_path', 'in', await this.subtreePaths(scope.regionPath))
      .where('r.given_at', '>=', scope.from)
      .where('r.given_at', '<', scope.to)
      .where('r.excluded', '=', false);
    if (scope.departmentIds !== undefined) {
      if (scope.departmentIds.length === 0) return [];
      query = query.where('r.department_id', 'in', scope.departmentIds);
    }
    const rows = await query.orderBy('r.given_at').orderBy('r.id').execute();
    return rows.map((r) => ({
      ratingId: r.id,
      level: r.level as RatingLevel,
      channel: r.channel as 'onsite' | 'online',
      source: r.source as RatingSource,
      anonymous: r.anonymous,
      givenAt: r.given_at,
      caseNo: r.case_no,
      // A ticket number repeats every day: the day makes it a project number (20261102A001).
      ticketNo: r.ticket_no && r.ticket_day ? `${String(r.ticket_day).slice(0, 10).replaceAll('-', '')}${r.ticket_no}` : r.ticket_no,
      itemName: r.item_name ?? r.version_name,
      itemCode: r.item_code ?? r.case_item_code,
      itemVersion: r.item_version,
      caseStatus: r.case_status,
      applyTime: r.case_received_at ?? r.ticket_issued_at,
      transactionTime: r.case_no ? r.concluded_at : r.ticket_finished_at,
      departmentName: r.department_name,
      departmentCode: r.department_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      applicantKind: r.applicant_kind === 'person' || r.applicant_kind === 'organisation' ? r.applicant_kind : null,
      applicantName: r.applicant_name,
      applicantCard: r.applicant_kind === 'organisation' ? r.uscc : r.id_masked,
      applicantPhone: r.rater_phone || r.applicant_phone || r.applicant_own_phone || null,
      staffLogin: r.username,
      staffName: r.display_name,
    }));
  }
}
