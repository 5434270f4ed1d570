/** 好差评 (issue 15): region settings, the rating forms, ratings, invitations and the rectification a bad rating opens. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { effectiveQualitySettings, qualitySettingsRows, type QualitySettingsRow } from './quality-settings.ts';
import type { QualitySettings, RatingChannel, RatingLevel, RatingSource } from '../domain/rating.ts';

export interface RatingFormRecord {
  id: string;
  channel: RatingChannel;
  version: number;
  indicators: { key: string; zh: string; en: string }[];
  tags: { key: string; zh: string; en: string; polarity: 'good' | 'bad' }[];
  activeFrom: Date;
}

export interface RatingRecord {
  id: string;
  subjectKey: string;
  channel: RatingChannel;
  source: RatingSource;
  formId: string;
  formVersion: number;
  caseId: string | null;
  caseNo: string | null;
  itemName: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  level: RatingLevel;
  indicators: Record<string, string>;
  tags: string[];
  comment: string;
  anonymous: boolean;
  applicantId: string | null;
  applicantName: string | null;
  accountId: string | null;
  raterPhone: string | null;
  staffId: string | null;
  staffName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string;
  regionPath: string;
  centerId: string | null;
  windowId: string | null;
  windowName: string | null;
  itemCode: string | null;
  itemVersion: number | null;
  givenAt: Date;
  changedAt: Date | null;
  changeUntil: Date;
  excluded: boolean;
  rectificationId: string | null;
  rectificationState: string | null;
}

export interface NewRating {
  subjectKey: string;
  channel: RatingChannel;
  source: RatingSource;
  formId: string;
  caseId: string | null;
  ticketId: string | null;
  level: RatingLevel;
  indicators: Record<string, string>;
  tags: string[];
  comment: string;
  anonymous: boolean;
  applicantId: string | null;
  accountId: string | null;
  raterPhone: string | null;
  staffId: string | null;
  departmentId: string | null;
  regionCode: string;
  regionPath: string;
  centerId: string | null;
  windowId: string | null;
  itemCode: string | null;
  itemVersion: number | null;
  givenAt: Date;
  changeUntil: Date;
}

export interface RatingChange {
  source: RatingSource;
  formId: string;
  level: RatingLevel;
  indicators: Record<string, string>;
  tags: string[];
  comment: string;
  anonymous: boolean;
  applicantId: string | null;
  accountId: string | null;
  raterPhone: string | null;
  changedAt: Date;
}

export interface RatingFilter {
  /** The scopes the reader holds `rating.read` in; 'all' for the platform. */
  scopes: readonly { regionPath: string; departmentId: string | null }[] | 'all';
  from?: Date;
  until?: Date;
  level?: RatingLevel;
  badOnly?: boolean;
  departmentId?: string;
  channel?: RatingChannel;
  limit: number;
  offset: number;
}

/** What a rating of a case needs to know about it. */
export interface RatedCase {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  itemVersion: number | null;
  departmentId: string;
  regionCode: string;
  regionPath: string;
  applicantId: string;
  applicantName: string;
  applicantPhone: string;
  status: string;
  parentId: string | null;
  concludedAt: Date | null;
  accountId: string | null;
  agentAuthorisationId: string | null;
  agentId: string | null;
}

/** The ticket a window's pad rates: the one served there last today. */
export interface PadTicket {
  id: string;
  number: string;
  status: string;
  staffId: string | null;
  staffName: string | null;
  applicantId: string | null;
  caseIds: string[];
  centerId: string;
  servedAt: Date | null;
  finishedAt: Date | null;
}

export interface RectificationRow {
  id: string;
  ratingId: string;
  state: string;
  finding: string;
  triagedAt: Date | null;
}

export interface NewRectification {
  ratingId: string;
  departmentId: string | null;
  regionCode: string;
  regionPath: string;
  reportDue: string;
  rectifyDue: string;
  at: Date;
}

const levelBad = ['dissatisfied', 'very_dissatisfied'];

export class RatingRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  // ---- settings ----------------------------------------------------------------------------------

  /** The settings rows of the given regions (a region's chain of codes). */
  async settingsOf(codes: readonly string[]): Promise<QualitySettingsRow[]> {
    return qualitySettingsRows(this.db, codes);
  }

  /** The settings in force at a region path: its own row, else its nearest ancestor's, else the defaults. */
  async effectiveSettings(regionPath: string): Promise<{ settings: QualitySettings; from: string | null }> {
    return effectiveQualitySettings(this.db, regionPath);
  }

  /** Every region's own settings (few rows: the job reads them once a run). */
  async allSettings(): Promise<QualitySettingsRow[]> {
    const rows = await this.db.selectFrom('quality_settings').select('region_code').execute();
    return this.settingsOf(rows.map((r) => r.region_code));
  }

  async saveSettings(regionCode: string, s: QualitySettings, by: string | null, at: Date): Promise<void> {
    const values = {
      default_rating_days: s.defaultRatingDays,
      change_hours: s.changeHours,
      report_back_days: s.reportBackDays,
      rectify_days: s.rectifyDays,
      revisit_days: s.revisitDays,
      consultation_days: s.consultationDays,
      complaint_days: s.complaintDays,
      step_days: s.stepDays,
      updated_by: by,
      updated_at: at,
    };
    await this.db
      .insertInto('quality_settings')
      .values({ region_code: regionCode, ...values })
      .onConflict((oc) => oc.column('region_code').doUpdateSet(values))
      .execute();
  }

  // ---- forms ---------------------------------------------------------------------------------------

  /** The form in force on a channel: the latest version active by `at`. */
  async currentForm(channel: RatingChannel, at: Date): Promise<RatingFormRecord | undefined> {
    const row = await this.db.selectFrom('rating_forms').selectAll().where('channel', '=', channel).where('active_from', '<=', at).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? toForm(row) : undefined;
  }

  async findForm(id: string): Promise<RatingFormRecord | undefined> {
    const row = await this.db.selectFrom('rating_forms').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toForm(row) : undefined;
  }

  // ---- ratings -------------------------------------------------------------------------------------

  private ratingQuery() {
    return this.db
      .selectFrom('ratings as r')
      .innerJoin('rating_forms as f', 'f.id', 'r.form_id')
      .leftJoin('cases as c', 'c.id', 'r.case_id')
      .leftJoin('tickets as t', 't.id', 'r.ticket_id')
      .leftJoin('applicants as a', 'a.id', 'r.applicant_id')
      .leftJoin('staff as s', 's.id', 'r.staff_id')
      .leftJoin('departments as d', 'd.id', 'r.department_id')
      .leftJoin('windows as w', 'w.id', 'r.window_id')
      .leftJoin('rating_rectifications as x', 'x.rating_id', 'r.id')
      .select([
        'r.id',
        'r.subject_key',
        'r.channel',
        'r.source',
        'r.form_id',
        'f.version as form_version',
        'r.case_id',
        'c.case_no',
        'c.item_name',
        'r.ticket_id',
        't.number as ticket_number',
        'r.level',
        'r.indicators',
        'r.tags',
        'r.comment',
        'r.anonymous',
        'r.applicant_id',
        'a.name as applicant_name',
        'r.account_id',
        'r.rater_phone',
        'r.staff_id',
        's.display_name as staff_name',
        'r.department_id',
        'd.name as department_name',
        'r.region_code',
        'r.region_path',
        'r.center_id',
        'r.window_id',
        'w.name as window_name',
        'r.item_code',
        'r.item_version',
        'r.given_at',
        'r.changed_at',
        'r.change_until',
        'r.excluded',
        'x.id as rectification_id',
        'x.state as rectification_state',
      ]);
  }

  async find(id: string): Promise<RatingRecord | undefined> {
    const row = await this.ratingQuery().where('r.id', '=', id).executeTakeFirst();
    return row ? toRating(row) : undefined;
  }

  async findBySubject(subjectKey: string): Promise<RatingRecord | undefined> {
    const row = await this.ratingQuery().where('r.subject_key', '=', subjectKey).executeTakeFirst();
    return row ? toRating(row) : undefined;
  }

  /** Locks the subject's rating (if any) for a change; a concurrent first rating meets the unique key. */
  async lockSubject(subjectKey: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('ratings').select('id').where('subject_key', '=', subjectKey).forUpdate().executeTakeFirst();
    return row?.id;
  }

  async insert(r: NewRating): Promise<string> {
    const row = await this.db
      .insertInto('ratings')
      .values({
        subject_key: r.subjectKey,
        channel: r.channel,
        source: r.source,
        form_id: r.formId,
        case_id: r.caseId,
        ticket_id: r.ticketId,
        level: r.level,
        indicators: JSON.stringify(r.indicators),
        tags: r.tags,
        comment: r.comment,
        anonymous: r.anonymous,
        applicant_id: r.applicantId,
        account_id: r.accountId,
        rater_phone: r.raterPhone,
        staff_id: r.staffId,
        department_id: r.departmentId,
        region_code: r.regionCode,
        region_path: r.regionPath,
        center_id: r.centerId,
        window_id: r.windowId,
        item_code: r.itemCode,
        item_version: r.itemVersion,
        given_at: r.givenAt,
        change_until: r.changeUntil,
      })
      .onConflict((oc) => oc.column('subject_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? '';
  }

  async change(id: string, c: RatingChange): Promise<void> {
    await this.db
      .updateTable('ratings')
      .set({
        source: c.source,
        form_id: c.formId,
        level: c.level,
        indicators: JSON.stringify(c.indicators),
        tags: c.tags,
        comment: c.comment,
        anonymous: c.anonymous,
        applicant_id: c.applicantId,
        account_id: c.accountId,
        rater_phone: c.raterPhone,
        changed_at: c.changedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async list(filter: RatingFilter): Promise<{ rows: RatingRecord[]; total: number }> {
    let q = this.ratingQuery();
    if (filter.scopes !== 'all') {
      const scopes = filter.scopes;
      if (scopes.length === 0) return { rows: [], total: 0 };
      q = q.where((eb) =>
        eb.or(
          scopes.map((s) => {
            const inRegion = eb.or([eb('r.region_path', '=', s.regionPath), eb('r.region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId === null ? inRegion : eb.and([inRegion, eb('r.department_id', '=', s.departmentId)]);
          }),
        ),
      );
    }
    if (filter.from) q = q.where('r.given_at', '>=', filter.from);
    if (filter.until) q = q.where('r.given_at', '<', filter.until);
    if (filter.level) q = q.where('r.level', '=', filter.level);
    if (filter.badOnly) q = q.where('r.level', 'in', levelBad);
    if (filter.departmentId) q = q.where('r.department_id', '=', filter.departmentId);
    if (filter.channel) q = q.where('r.channel', '=', filter.channel);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q.orderBy('r.given_at', 'desc').orderBy('r.id').limit(filter.limit).offset(filter.offset).execute();
    return { rows: rows.map(toRating), total: Number(total.n) };
  }

  // ---- what is rated -------------------------------------------------------------------------------

  async ratedCase(id: string): Promise<RatedCase | undefined> {
    const row = await this.db
      .selectFrom('cases as c')
      .leftJoin('service_item_versions as v', 'v.id', 'c.item_version_id')
      .leftJoin('agent_authorisations as g', 'g.id', 'c.agent_authorisation_id')
      .select([
        'c.id',
        'c.case_no',
        'c.item_code',
        'c.item_name',
        'v.version as item_version',
        'c.department_id',
        'c.region_code',
        'c.region_path',
        'c.applicant_id',
        'c.applicant_name',
        'c.applicant_phone',
        'c.status',
        'c.parent_id',
        'c.concluded_at',
        'c.account_id',
        'c.agent_authorisation_id',
        'g.agent_id',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      caseNo: row.case_no,
      itemCode: row.item_code,
      itemName: row.item_name,
      itemVersion: row.item_version ?? null,
      departmentId: row.department_id,
      regionCode: row.region_code,
      regionPath: row.region_path,
      applicantId: row.applicant_id,
      applicantName: row.applicant_name,
      applicantPhone: row.applicant_phone,
      status: row.status,
      parentId: row.parent_id,
      concludedAt: row.concluded_at,
      accountId: row.account_id,
      agentAuthorisationId: row.agent_authorisation_id,
      agentId: row.agent_id ?? null,
    };
  }

  /** The ticket served at the window last (serving now, or finished), of the day. */
  async lastServedAt(windowId: string, day: string): Promise<PadTicket | undefined> {
    const row = await this.servedOn(day).where('t.window_id', '=', windowId).orderBy('t.served_at', 'desc').limit(1).executeTakeFirst();
    return row ? toPadTicket(row) : undefined;
  }

  /** A ticket of the day at a center by its number, served there (for the hall kiosk's rating). */
  async servedByNumber(centerId: string, day: string, number: string): Promise<(PadTicket & { windowId: string }) | undefined> {
    const row = await this.servedOn(day).where('t.center_id', '=', centerId).where('t.number', '=', number).where('t.window_id', 'is not', null).orderBy('t.served_at', 'desc').limit(1).executeTakeFirst();
    return row ? { ...toPadTicket(row), windowId: row.window_id! } : undefined;
  }

  /** Tickets of the day served at a window (serving now, or finished), with who served them. */
  private servedOn(day: string) {
    return this.db
      .selectFrom('tickets as t')
      .leftJoin('staff as s', 's.id', 't.staff_id')
      .select(['t.id', 't.number', 't.status', 't.staff_id', 's.display_name as staff_name', 't.applicant_id', 't.case_ids', 't.center_id', 't.served_at', 't.finished_at', 't.window_id'])
      .where('t.day', '=', day)
      .where('t.status', 'in', ['serving', 'done'])
      .where('t.served_at', 'is not', null);
  }

  async lockTicket(id: string): Promise<void> {
    await this.db.selectFrom('tickets').select('id').where('id', '=', id).forUpdate().execute();
  }

  async applicantPhone(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('applicants').select('phone').where('id', '=', id).executeTakeFirst();
    return row?.phone ?? null;
  }

  async staffDepartment(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('staff').select('department_id').where('id', '=', id).executeTakeFirst();
    return row?.department_id ?? null;
  }

  // ---- invitations ---------------------------------------------------------------------------------

  /**
   * The case's invitation; `false` when it has one already (a case concludes once: another outbox
   * row seeing the same conclusion makes a message the unique source key drops, and the first token stands).
   */
  async saveInvitation(caseId: string, tokenHash: string, at: Date, expiresAt: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('rating_invitations')
      .values({ case_id: caseId, token_hash: tokenHash, created_at: at, expires_at: expiresAt })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async findInvitation(tokenHash: string): Promise<{ id: string; caseId: string; expiresAt: Date; ratedAt: Date | null } | undefined> {
    const row = await this.db.selectFrom('rating_invitations').select(['id', 'case_id', 'expires_at', 'rated_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? { id: row.id, caseId: row.case_id, expiresAt: row.expires_at, ratedAt: row.rated_at } : undefined;
  }

  async markInvitationRated(caseId: string, at: Date): Promise<void> {
    await this.db.updateTable('rating_invitations').set({ rated_at: at }).where('case_id', '=', caseId).where('rated_at', 'is', null).execute();
  }

  // ---- rectifications ------------------------------------------------------------------------------

  async rectificationOf(ratingId: string): Promise<RectificationRow | undefined> {
    const row = await this.db.selectFrom('rating_rectifications').select(['id', 'rating_id', 'state', 'finding', 'triaged_at']).where('rating_id', '=', ratingId).forUpdate().executeTakeFirst();
    return row ? { id: row.id, ratingId: row.rating_id, state: row.state, finding: row.finding, triagedAt: row.triaged_at } : undefined;
  }

  async openRectification(r: NewRectification): Promise<string> {
    const row = await this.db
      .insertInto('rating_rectifications')
      .values({
        rating_id: r.ratingId,
        department_id: r.departmentId,
        region_code: r.regionCode,
        region_path: r.regionPath,
        assignee_id: null,
        state: 'open',
        report_due: r.reportDue,
        rectify_due: r.rectifyDue,
        created_at: r.at,
        updated_at: r.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Re-opens a task closed because the rater changed their mind, with fresh deadlines. */
  async reopenRectification(id: string, r: Pick<NewRectification, 'reportDue' | 'rectifyDue' | 'at'>): Promise<void> {
    await this.db.updateTable('rating_rectifications').set({ state: 'open', finding: '', closed_at: null, report_due: r.reportDue, rectify_due: r.rectifyDue, updated_at: r.at }).where('id', '=', id).execute();
  }

  async closeRectification(id: string, finding: string, at: Date): Promise<void> {
    await this.db.updateTable('rating_rectifications').set({ state: 'closed', finding, closed_at: at, updated_at: at }).where('id', '=', id).execute();
  }

  // ---- the default rating --------------------------------------------------------------------------

  /**
   * Concluded top-level cases in [from, to) by conclusion time, after the keyset `after`, that have
   * no rating at all: neither the case's own (online, by link, by the agent) nor a visit's rated at a
   * window for it (a pad rating carries its ticket's case), since the applicant has given a verdict.
   * A range scan of cases_concluded_idx and a probe of ratings_case_idx.
   */
  async unratedConcluded(from: Date, to: Date, after: { at: Date; id: string } | null, limit: number): Promise<{ id: string; concludedAt: Date; regionPath: string }[]> {
    let q = this.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.concluded_at', 'c.region_path'])
      .where('c.parent_id', 'is', null)
      .where('c.concluded_at', 'is not', null)
      .where('c.concluded_at', '>=', from)
      .where('c.concluded_at', '<', to)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ratings as r').select(sql.lit(1).as('one')).whereRef('r.case_id', '=', 'c.id'))));
    if (after) q = q.where(sql<boolean>`(c.concluded_at, c.id) > (${after.at}, ${after.id}::uuid)`);
    const rows = await q.orderBy('c.concluded_at').orderBy('c.id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, concludedAt: r.concluded_at!, regionPath: r.region_path }));
  }
}

type ServedTicketRow = Awaited<ReturnType<ReturnType<RatingRepository['servedOn']>['executeTakeFirstOrThrow']>>;

function toPadTicket(row: ServedTicketRow): PadTicket {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    staffId: row.staff_id,
    staffName: row.staff_name ?? null,
    applicantId: row.applicant_id,
    caseIds: row.case_ids,
    centerId: row.center_id,
    servedAt: row.served_at,
    finishedAt: row.finished_at,
  };
}

function toForm(row: { id: string; channel: string; version: number; indicators: RatingFormRecord['indicators']; tags: RatingFormRecord['tags']; active_from: Date }): RatingFormRecord {
  return { id: row.id, channel: row.channel as RatingChannel, version: row.version, indicators: row.indicators, tags: row.tags, activeFrom: row.active_from };
}

type RatingRow = Awaited<ReturnType<ReturnType<RatingRepository['ratingQuery']>['executeTakeFirstOrThrow']>>;

function toRating(r: RatingRow): RatingRecord {
  return {
    id: r.id,
    subjectKey: r.subject_key,
    channel: r.channel as RatingChannel,
    source: r.source as RatingSource,
    formId: r.form_id,
    formVersion: r.form_version,
    caseId: r.case_id,
    caseNo: r.case_no ?? null,
    itemName: r.item_name ?? null,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number ?? null,
    level: r.level as RatingLevel,
    indicators: r.indicators,
    tags: r.tags,
    comment: r.comment,
    anonymous: r.anonymous,
    applicantId: r.applicant_id,
    applicantName: r.applicant_name ?? null,
    accountId: r.account_id,
    raterPhone: r.rater_phone,
    staffId: r.staff_id,
    staffName: r.staff_name ?? null,
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    regionCode: r.region_code,
    regionPath: r.region_path,
    centerId: r.center_id,
    windowId: r.window_id,
    windowName: r.window_name ?? null,
    itemCode: r.item_code,
    itemVersion: r.item_version,
    givenAt: r.given_at,
    changedAt: r.changed_at,
    changeUntil: r.change_until,
    excluded: r.excluded,
    rectificationId: r.rectification_id ?? null,
    rectificationState: r.rectification_state ?? null,
  };
}
