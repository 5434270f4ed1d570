/** 帮办代办: authorisations (代办服务委托书), the cases they cover and the follow-up calls. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { AgentPower, AuthorisationState, CoveredMatter, FollowUpResult } from '../domain/agent-authorisation.ts';

export interface AgentAuthorisation {
  id: string;
  authorisationNo: string;
  applicant: { id: string; kind: string; name: string; idMasked: string | null; uscc: string | null; phone: string; regionCode: string | null };
  agent: { id: string; name: string; phone: string };
  regionCode: string;
  regionPath: string;
  regionName: string;
  matters: CoveredMatter[];
  powers: AgentPower[];
  validFrom: string;
  validUntil: string;
  state: AuthorisationState;
  stateReason: string;
  confirmationMethod: 'code' | 'paper' | null;
  confirmedAt: Date | null;
  hasPaperScan: boolean;
  renewedFrom: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where to look: one agent's own, or the authorisations whose service point lies in one of the regions. */
export type AuthorisationFilter = { agentId?: string; regionPaths?: readonly string[] | 'all'; applicantId?: string; state?: AuthorisationState };

export interface AgentCaseRow {
  id: string;
  caseNo: string;
  itemName: string;
  applicantName: string;
  status: string;
  outcome: string | null;
  receivedAt: Date;
  concludedAt: Date | null;
  deliveredAt: Date | null;
  archivedAt: Date | null;
  dueDate: string | null;
  warning: string;
  visits: number;
  authorisationId: string;
  authorisationNo: string;
  agentId: string;
  agentName: string;
  followUp: { at: Date; result: FollowUpResult; note: string } | null;
}

export interface AgentFigures {
  authorisations: Record<AuthorisationState, number>;
  cases: number;
  running: number;
  concluded: number;
  zeroVisit: number;
  delivered: number;
  followedUp: number;
  dissatisfied: number;
}

export class AgentRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** The next number of a service point's day (1, 2, …), taken under the row's lock so two agents never get the same. */
  async nextNumber(regionCode: string, day: string): Promise<number> {
    const row = await this.db
      .insertInto('agent_authorisation_sequences')
      .values({ region_code: regionCode, day, last_value: 1 })
      .onConflict((oc) => oc.columns(['region_code', 'day']).doUpdateSet({ last_value: sql`agent_authorisation_sequences.last_value + 1` }))
      .returning('last_value')
      .executeTakeFirstOrThrow();
    return row.last_value;
  }

  async insert(input: {
    authorisationNo: string;
    applicantId: string;
    agentId: string;
    regionCode: string;
    regionPath: string;
    matters: CoveredMatter[];
    powers: AgentPower[];
    validFrom: string;
    validUntil: string;
    renewedFrom: string | null;
    at: Date;
  }): Promise<string> {
    const row = await this.db
      .insertInto('agent_authorisations')
      .values({
        authorisation_no: input.authorisationNo,
        applicant_id: input.applicantId,
        agent_id: input.agentId,
        region_code: input.regionCode,
        region_path: input.regionPath,
        matters: JSON.stringify(input.matters),
        powers: input.powers,
        valid_from: input.validFrom,
        valid_until: input.validUntil,
        state: 'pending',
        renewed_from: input.renewedFrom,
        created_at: input.at,
        updated_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private query() {
    return this.db
      .selectFrom('agent_authorisations as g')
      .innerJoin('applicants as a', 'a.id', 'g.applicant_id')
      .innerJoin('staff as s', 's.id', 'g.agent_id')
      .innerJoin('regions as r', 'r.code', 'g.region_code')
      .select([
        'g.id',
        'g.authorisation_no',
        'g.agent_id',
        'g.region_code',
        'g.region_path',
        'g.matters',
        'g.powers',
        'g.valid_from',
        'g.valid_until',
        'g.state',
        'g.state_reason',
        'g.confirmation_method',
        'g.confirmed_at',
        'g.renewed_from',
        'g.created_at',
        'g.updated_at',
        sql<boolean>`g.paper_scan IS NOT NULL`.as('has_paper_scan'),
        'a.id as applicant_id',
        'a.kind as applicant_kind',
        'a.name as applicant_name',
        'a.id_masked as applicant_id_masked',
        'a.uscc as applicant_uscc',
        'a.phone as applicant_phone',
        'a.region_code as applicant_region_code',
        's.display_name as agent_name',
        's.phone as agent_phone',
        'r.name as region_name',
      ]);
  }

  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<AgentAuthorisation | undefined> {
    let query = this.query().where('g.id', '=', id);
    if (options.forUpdate) query = query.forUpdate('g');
    const row = await query.executeTakeFirst();
    return row && toAuthorisation(row);
  }

  async list(filter: AuthorisationFilter, limit = 200): Promise<AgentAuthorisation[]> {
    let query = this.query();
    if (filter.agentId) query = query.where('g.agent_id', '=', filter.agentId);
    if (filter.applicantId) query = query.where('g.applicant_id', '=', filter.applicantId);
    if (filter.state) query = query.where('g.state', '=', filter.state);
    const paths = filter.regionPaths;
    if (paths && paths !== 'all') {
      if (paths.length === 0) return [];
      query = query.where((eb) => eb.or(paths.flatMap((p) => [eb('g.region_path', '=', p), eb('g.region_path', 'like', `${p}.%`)])));
    }
    const rows = await query.orderBy('g.created_at', 'desc').limit(limit).execute();
    return rows.map(toAuthorisation);
  }

  async setState(id: string, patch: { state: AuthorisationState; reason?: string; at: Date; confirmation?: { method: 'code' | 'paper'; scan?: { bytes: Buffer; kind: string } } }): Promise<void> {
    await this.db
      .updateTable('agent_authorisations')
      .set({
        state: patch.state,
        ...(patch.reason !== undefined ? { state_reason: patch.reason } : {}),
        ...(patch.confirmation
          ? {
              confirmation_method: patch.confirmation.method,
              confirmed_at: patch.at,
              ...(patch.confirmation.scan ? { paper_scan: patch.confirmation.scan.bytes, paper_scan_kind: patch.confirmation.scan.kind } : {}),
            }
          : {}),
        updated_at: patch.at,
      })
      .where('id', '=', id)
      .execute();
  }

  async paperScan(id: string): Promise<{ bytes: Buffer; kind: string } | undefined> {
    const row = await this.db.selectFrom('agent_authorisations').select(['paper_scan', 'paper_scan_kind']).where('id', '=', id).executeTakeFirst();
    return row?.paper_scan && row.paper_scan_kind ? { bytes: row.paper_scan, kind: row.paper_scan_kind } : undefined;
  }

  /** Marks a case as applied for under the authorisation (the intake's transaction). */
  async attachCase(caseId: string, authorisationId: string): Promise<void> {
    await this.db.updateTable('cases').set({ agent_authorisation_id: authorisationId }).where('id', '=', caseId).execute();
  }

  /** The authorisation a case was applied for under, if any. */
  async authorisationOfCase(caseId: string): Promise<string | null> {
    const row = await this.db.selectFrom('cases').select('agent_authorisation_id').where('id', '=', caseId).executeTakeFirst();
    return row?.agent_authorisation_id ?? null;
  }

  private casesQuery() {
    return this.db
      .selectFrom('cases as c')
      .innerJoin('agent_authorisations as g', 'g.id', 'c.agent_authorisation_id')
      .innerJoin('staff as s', 's.id', 'g.agent_id')
      .leftJoin(
        (eb) => eb.selectFrom('agent_follow_ups').distinctOn('case_id').select(['case_id', 'at', 'result', 'note']).orderBy('case_id').orderBy('at', 'desc').as('f'),
        (join) => join.onRef('f.case_id', '=', 'c.id'),
      )
      .where('c.parent_id', 'is', null)
      .select([
        'c.id',
        'c.case_no',
        'c.item_name',
        'c.applicant_name',
        'c.status',
        'c.outcome',
        'c.received_at',
        'c.concluded_at',
        'c.delivered_at',
        'c.archived_at',
        'c.due_date',
        'c.warning',
        'c.visits',
        'g.id as authorisation_id',
        'g.authorisation_no',
        'g.agent_id',
        's.display_name as agent_name',
        'f.at as follow_up_at',
        'f.result as follow_up_result',
        'f.note as follow_up_note',
      ]);
  }

  /** Proxy cases of one agent, or of the service points in the regions; newest first. */
  async cases(filter: { agentId?: string; regionPaths?: readonly string[] | 'all'; authorisationId?: string; caseId?: string }, limit = 200): Promise<AgentCaseRow[]> {
    let query = this.casesQuery();
    if (filter.agentId) query = query.where('g.agent_id', '=', filter.agentId);
    if (filter.authorisationId) query = query.where('g.id', '=', filter.authorisationId);
    if (filter.caseId) query = query.where('c.id', '=', filter.caseId);
    const paths = filter.regionPaths;
    if (paths && paths !== 'all') {
      if (paths.length === 0) return [];
      query = query.where((eb) => eb.or(paths.flatMap((p) => [eb('g.region_path', '=', p), eb('g.region_path', 'like', `${p}.%`)])));
    }
    const rows = await query.orderBy('c.received_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      itemName: r.item_name,
      applicantName: r.applicant_name,
      status: r.status,
      outcome: r.outcome,
      receivedAt: r.received_at,
      concludedAt: r.concluded_at,
      deliveredAt: r.delivered_at,
      archivedAt: r.archived_at,
      dueDate: r.due_date,
      warning: r.warning,
      visits: r.visits,
      authorisationId: r.authorisation_id,
      authorisationNo: r.authorisation_no,
      agentId: r.agent_id,
      agentName: r.agent_name,
      followUp: r.follow_up_at ? { at: r.follow_up_at, result: r.follow_up_result as FollowUpResult, note: r.follow_up_note ?? '' } : null,
    }));
  }

  async insertFollowUp(input: { caseId: string; authorisationId: string; at: Date; recordedBy: string | null; result: FollowUpResult; note: string }): Promise<string> {
    const row = await this.db
      .insertInto('agent_follow_ups')
      .values({ case_id: input.caseId, authorisation_id: input.authorisationId, at: input.at, recorded_by: input.recordedBy, result: input.result, note: input.note })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Figures of one agent or of the service points in the regions, for cases received from `since`
   * (a China day's start): authorisations by state (all time), cases, running, concluded, of those
   * with no visit, delivered, followed up, and follow-ups that found the applicant dissatisfied.
   */
  async figures(filter: { agentId?: string; regionPaths?: readonly string[] | 'all' }, since: Date): Promise<AgentFigures> {
    const paths = filter.regionPaths;
    if (paths && paths !== 'all' && paths.length === 0) {
      return { authorisations: { pending: 0, active: 0, suspended: 0, renewed: 0, ended: 0 }, cases: 0, running: 0, concluded: 0, zeroVisit: 0, delivered: 0, followedUp: 0, dissatisfied: 0 };
    }
    const within = (column: 'g.region_path') =>
      sql<boolean>`(${filter.agentId ? sql`g.agent_id = ${filter.agentId}` : sql`true`}) AND (${
        paths && paths !== 'all'
          ? sql.join(
              paths.map((p) => sql`(${sql.ref(column)} = ${p} OR ${sql.ref(column)} LIKE ${`${p}.%`})`),
              sql` OR `,
            )
          : sql`true`
      })`;
    const states = await this.db
      .selectFrom('agent_authorisations as g')
      .where(within('g.region_path'))
      .select(['g.state', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('g.state')
      .execute();
    const authorisations: Record<AuthorisationState, number> = { pending: 0, active: 0, suspended: 0, renewed: 0, ended: 0 };
    for (const s of states) authorisations[s.state as AuthorisationState] = Number(s.n);
    const row = await this.db
      .selectFrom('cases as c')
      .innerJoin('agent_authorisations as g', 'g.id', 'c.agent_authorisation_id')
      .where('c.parent_id', 'is', null)
      .where('c.received_at', '>=', since)
      .where(within('g.region_path'))
      .select([
        sql<string>`count(*)`.as('cases'),
        sql<string>`count(*) FILTER (WHERE c.status IN ('submitted', 'needs_correction', 'accepted', 'in_review', 'suspended'))`.as('running'),
        sql<string>`count(*) FILTER (WHERE c.concluded_at IS NOT NULL)`.as('concluded'),
        sql<string>`count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND c.visits = 0)`.as('zero_visit'),
        sql<string>`count(*) FILTER (WHERE c.delivered_at IS NOT NULL)`.as('delivered'),
        sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM agent_follow_ups f WHERE f.case_id = c.id))`.as('followed_up'),
        sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM agent_follow_ups f WHERE f.case_id = c.id AND f.result = 'dissatisfied'))`.as('dissatisfied'),
      ])
      .executeTakeFirstOrThrow();
    return {
      authorisations,
      cases: Number(row.cases),
      running: Number(row.running),
      concluded: Number(row.concluded),
      zeroVisit: Number(row.zero_visit),
      delivered: Number(row.delivered),
      followedUp: Number(row.followed_up),
      dissatisfied: Number(row.dissatisfied),
    };
  }
}

function toAuthorisation(row: {
  id: string;
  authorisation_no: string;
  agent_id: string;
  region_code: string;
  region_path: string;
  matters: CoveredMatter[];
  powers: string[];
  valid_from: string;
  valid_until: string;
  state: string;
  state_reason: string;
  confirmation_method: string | null;
  confirmed_at: Date | null;
  renewed_from: string | null;
  created_at: Date;
  updated_at: Date;
  has_paper_scan: boolean;
  applicant_id: string;
  applicant_kind: string;
  applicant_name: string;
  applicant_id_masked: string | null;
  applicant_uscc: string | null;
  applicant_phone: string;
  applicant_region_code: string | null;
  agent_name: string;
  agent_phone: string;
  region_name: string;
}): AgentAuthorisation {
  return {
    id: row.id,
    authorisationNo: row.authorisation_no,
    applicant: {
      id: row.applicant_id,
      kind: row.applicant_kind,
      name: row.applicant_name,
      idMasked: row.applicant_id_masked,
      uscc: row.applicant_uscc,
      phone: row.applicant_phone,
      regionCode: row.applicant_region_code,
    },
    agent: { id: row.agent_id, name: row.agent_name, phone: row.agent_phone },
    regionCode: row.region_code,
    regionPath: row.region_path,
    regionName: row.region_name,
    matters: row.matters,
    powers: row.powers as AgentPower[],
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    state: row.state as AuthorisationState,
    stateReason: row.state_reason,
    confirmationMethod: row.confirmation_method as 'code' | 'paper' | null,
    confirmedAt: row.confirmed_at,
    hasPaperScan: row.has_paper_scan,
    renewedFrom: row.renewed_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
