/** The shared-data API's reads (cases, e-licences, results), its per-minute counter and its read log (0029). */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

/** Where an API key may read: its region subtree, and its department unless it has none. */
export interface SharedReach {
  regionPath: string;
  departmentId: string | null;
  itemCodes: readonly string[];
}

export interface SharedCaseRow {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  status: string;
  outcome: string | null;
  concludedAt: Date | null;
  departmentName: string;
  regionCode: string;
  applicantName: string;
  applicantIdSealed: string | null;
  applicantIdMasked: string | null;
  applicantUscc: string | null;
  applicantPhone: string;
}

export interface SharedLicenceRow {
  caseId: string;
  caseNo: string;
  itemCode: string;
  identifier: string;
  type: string;
  holder: string;
  holderRef: string | null;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  status: string;
}

export interface SharedReadRow {
  id: string;
  apiKeyId: string;
  apiKeyName: string;
  route: string;
  subjectKind: string;
  subject: string;
  subjectLabel: string;
  itemCodes: string[];
  fields: string[];
  returned: string[];
  resultCount: number;
  reason: string;
  requestRef: string;
  requestId: string;
  at: Date;
}

export interface SharedReadFilter {
  apiKeyIds: readonly string[];
  subject?: string;
  itemCode?: string;
  from?: Date;
  to?: Date;
  before?: { at: Date; id: string };
  limit: number;
}

export class SharedDataRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Counts one request of the key in the minute and gives the minute's count so far. */
  async countRequest(apiKeyId: string, minute: Date): Promise<number> {
    const row = await this.db
      .insertInto('shared_data_rate')
      .values({ api_key_id: apiKeyId, minute, count: 1 })
      .onConflict((oc) => oc.columns(['api_key_id', 'minute']).doUpdateSet({ count: sql`shared_data_rate.count + 1` }))
      .returning('count')
      .executeTakeFirstOrThrow();
    return row.count;
  }

  /** Forgets the key's earlier minutes (called on a minute's first request, so the table stays one row a key). */
  async pruneRate(apiKeyId: string, before: Date): Promise<void> {
    await this.db.deleteFrom('shared_data_rate').where('api_key_id', '=', apiKeyId).where('minute', '<', before).execute();
  }

  private cases(reach: SharedReach) {
    let query = this.db
      .selectFrom('cases as c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .innerJoin('applicants as a', 'a.id', 'c.applicant_id')
      .select(['c.id', 'c.case_no', 'c.item_code', 'c.item_name', 'c.status', 'c.outcome', 'c.concluded_at', 'd.name as department_name', 'c.region_code', 'a.name as applicant_name', 'a.id_sealed', 'a.id_masked', 'a.uscc', 'a.phone'])
      .where('c.item_code', 'in', reach.itemCodes.length > 0 ? [...reach.itemCodes] : [''])
      .where((eb) => eb.or([eb('c.region_path', '=', reach.regionPath), eb('c.region_path', 'like', `${reach.regionPath}.%`)]));
    if (reach.departmentId) query = query.where('c.department_id', '=', reach.departmentId);
    return query;
  }

  /** A case by its number, when the key's reach covers it (item, region, department); else undefined, whether or not it exists. */
  async findCase(caseNo: string, reach: SharedReach): Promise<SharedCaseRow | undefined> {
    const row = await this.cases(reach).where('c.case_no', '=', caseNo).executeTakeFirst();
    return row && toCase(row);
  }

  /** Concluded cases of an item since a time, oldest first, a page after the cursor. */
  async results(itemCode: string, since: Date, after: { at: Date; id: string } | null, limit: number, reach: SharedReach): Promise<SharedCaseRow[]> {
    let query = this.cases(reach).where('c.item_code', '=', itemCode).where('c.concluded_at', 'is not', null).where('c.concluded_at', '>=', since);
    if (after) {
      query = query.where((eb) => eb.or([eb('c.concluded_at', '>', after.at), eb.and([eb('c.concluded_at', '=', after.at), eb('c.id', '>', after.id)])]));
    }
    const rows = await query.orderBy('c.concluded_at').orderBy('c.id').limit(limit).execute();
    return rows.map(toCase);
  }

  private licences(reach: SharedReach) {
    let query = this.db
      .selectFrom('licences as l')
      .innerJoin('cases as c', 'c.id', 'l.case_id')
      .innerJoin('applicants as a', 'a.id', 'l.holder_id')
      .select(['l.case_id', 'c.case_no', 'c.item_code', 'l.number', 'l.licence_type', 'a.name as holder', 'a.id_masked', 'a.uscc', 'l.issuer', 'l.issued_on', 'l.valid_until', 'l.status'])
      .where('l.source', '=', 'issued')
      .where('c.item_code', 'in', reach.itemCodes.length > 0 ? [...reach.itemCodes] : [''])
      .where((eb) => eb.or([eb('c.region_path', '=', reach.regionPath), eb('c.region_path', 'like', `${reach.regionPath}.%`)]));
    if (reach.departmentId) query = query.where('c.department_id', '=', reach.departmentId);
    return query;
  }

  /** An issued e-licence by its identifier, when its case lies in the key's reach. */
  async findLicence(identifier: string, reach: SharedReach): Promise<SharedLicenceRow | undefined> {
    const row = await this.licences(reach).where('l.number', '=', identifier).executeTakeFirst();
    return row && toLicence(row);
  }

  async licencesOfCases(caseIds: readonly string[], reach: SharedReach): Promise<SharedLicenceRow[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.licences(reach)
      .where('l.case_id', 'in', [...caseIds])
      .orderBy('l.issued_on')
      .orderBy('l.number')
      .execute();
    return rows.map(toLicence);
  }

  /** The e-licences in reach held by the person whose resident ID has this fingerprint. */
  async licencesOfHolder(idFingerprint: string, reach: SharedReach): Promise<SharedLicenceRow[]> {
    const rows = await this.licences(reach).where('a.id_fingerprint', '=', idFingerprint).orderBy('l.issued_on').orderBy('l.number').execute();
    return rows.map(toLicence);
  }

  async insertRead(read: Omit<SharedReadRow, 'id' | 'apiKeyName'>): Promise<void> {
    await this.db
      .insertInto('shared_data_reads')
      .values({
        api_key_id: read.apiKeyId,
        route: read.route,
        subject_kind: read.subjectKind,
        subject: read.subject,
        subject_label: read.subjectLabel,
        item_codes: JSON.stringify(read.itemCodes),
        fields: JSON.stringify(read.fields),
        returned: JSON.stringify(read.returned),
        result_count: read.resultCount,
        reason: read.reason,
        request_ref: read.requestRef,
        request_id: read.requestId,
        at: read.at,
      })
      .execute();
  }

  /** The read log of the given keys, newest first. */
  async listReads(filter: SharedReadFilter): Promise<SharedReadRow[]> {
    if (filter.apiKeyIds.length === 0) return [];
    let query = this.db
      .selectFrom('shared_data_reads as s')
      .innerJoin('api_keys as k', 'k.id', 's.api_key_id')
      .selectAll('s')
      .select('k.name as api_key_name')
      .where('s.api_key_id', 'in', [...filter.apiKeyIds]);
    if (filter.subject) {
      const subject = filter.subject;
      query = query.where((eb) => eb.or([eb('s.subject', '=', subject), eb('s.subject_label', '=', subject), eb(sql<string>`s.returned::text`, 'like', `%"${subject.replace(/["\\%_]/g, '')}"%`)]));
    }
    if (filter.itemCode) query = query.where(sql<boolean>`s.item_codes @> ${JSON.stringify([filter.itemCode])}::jsonb`);
    if (filter.from) query = query.where('s.at', '>=', filter.from);
    if (filter.to) query = query.where('s.at', '<', filter.to);
    if (filter.before) {
      const before = filter.before;
      query = query.where((eb) => eb.or([eb('s.at', '<', before.at), eb.and([eb('s.at', '=', before.at), eb('s.id', '<', before.id)])]));
    }
    const rows = await query.orderBy('s.at', 'desc').orderBy('s.id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      apiKeyId: r.api_key_id,
      apiKeyName: r.api_key_name,
      route: r.route,
      subjectKind: r.subject_kind,
      subject: r.subject,
      subjectLabel: r.subject_label,
      itemCodes: r.item_codes,
      fields: r.fields,
      returned: r.returned,
      resultCount: r.result_count,
      reason: r.reason,
      requestRef: r.request_ref,
      requestId: r.request_id,
      at: r.at,
    }));
  }
}

function toCase(row: {
  id: string;
  case_no: string;
  item_code: string;
  item_name: string;
  status: string;
  outcome: string | null;
  concluded_at: Date | null;
  department_name: string;
  region_code: string;
  applicant_name: string;
  id_sealed: string | null;
  id_masked: string | null;
  uscc: string | null;
  phone: string;
}): SharedCaseRow {
  return {
    id: row.id,
    caseNo: row.case_no,
    itemCode: row.item_code,
    itemName: row.item_name,
    status: row.status,
    outcome: row.outcome,
    concludedAt: row.concluded_at,
    departmentName: row.department_name,
    regionCode: row.region_code,
    applicantName: row.applicant_name,
    applicantIdSealed: row.id_sealed,
    applicantIdMasked: row.id_masked,
    applicantUscc: row.uscc,
    applicantPhone: row.phone,
  };
}

function toLicence(row: {
  case_id: string | null;
  case_no: string;
  item_code: string;
  number: string;
  licence_type: string;
  holder: string;
  id_masked: string | null;
  uscc: string | null;
  issuer: string;
  issued_on: string;
  valid_until: string | null;
  status: string;
}): SharedLicenceRow {
  return {
    caseId: row.case_id!,
    caseNo: row.case_no,
    itemCode: row.item_code,
    identifier: row.number,
    type: row.licence_type,
    holder: row.holder,
    holderRef: row.id_masked ?? row.uscc,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    status: row.status,
  };
}
