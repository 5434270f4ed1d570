/** The append-only audit chain, the outbox and idempotency records: written inside every write's transaction. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { auditHash, canonicalJson, genesisHash, type AuditContent } from '../domain/audit-chain.ts';

export interface AuditEntry {
  at: Date;
  actorKind: 'staff' | 'api_key' | 'applicant' | 'system';
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
  /** Where the record lies (null: platform-wide), and the department owning it, if any. */
  regionPath: string | null;
  departmentId: string | null;
}

/** A region subtree whose audit rows a reader may see, narrowed to a department when the grant is. */
export interface AuditScope {
  regionPath: string;
  departmentId: string | null;
}

export interface AuditRow extends AuditContent {
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** An object by id or number (see {@link AuditRepository.latest}). */
  entity?: string;
  actorId?: string;
  /** Rows at or after `from`, before `until`. */
  from?: Date;
  until?: Date;
  limit: number;
  beforeSeq?: string;
  scopes: readonly AuditScope[] | 'all';
  platformWide?: boolean;
}

/** What people call the actors and objects of some audit rows: names by id, and a case's item. */
export interface AuditNames {
  actors: Map<string, string>;
  subjects: Map<string, { name: string; detail: string | null }>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Arbitrary constant that names the audit chain's advisory lock. */
const auditChainLock = 7_297_001;

export class AuditRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /**
   * Appends one row to the chain. Must run inside the write's transaction: the advisory lock held
   * until commit keeps two writers from linking to the same previous row.
   */
  async append(entry: AuditEntry): Promise<AuditRow> {
    await sql`SELECT pg_advisory_xact_lock(${auditChainLock})`.execute(this.db);
    const last = await this.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const seq = String(BigInt(last?.seq ?? '0') + 1n);
    const prevHash = last?.hash ?? genesisHash;
    // jsonb keeps no key order, and the hash must be recomputable from what is stored.
    const payload = JSON.parse(canonicalJson(entry.payload)) as unknown;
    const content: AuditContent = { ...entry, seq, payload };
    const hash = auditHash(prevHash, content);
    await this.db
      .insertInto('audit_log')
      .values({
        seq,
        at: entry.at,
        actor_kind: entry.actorKind,
        actor_id: entry.actorId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        payload: JSON.stringify(payload),
        prev_hash: prevHash,
        hash,
        region_path: entry.regionPath,
        department_id: entry.departmentId,
      })
      .execute();
    return { ...content, prevHash, hash };
  }

  /** Rows in chain order after `afterSeq`, a page at a time. */
  async page(afterSeq: string, limit: number): Promise<AuditRow[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq as never)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toAuditRow);
  }

  /**
   * The newest rows, filtered by `scopes` unless 'all': a row lies in a scope's region subtree and,
   * for a scope narrowed to a department, belongs to it; `platformWide` adds rows of no region.
   */
  async latest(filter: AuditFilter): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    const { scopes } = filter;
    if (scopes !== 'all') {
      query = query.where((eb) =>
        eb.or([
          ...scopes.map((s) => {
            const inRegion = eb.or([eb('region_path', '=', s.regionPath), eb('region_path', 'like', `${s.regionPath}.%`)]);
            return s.departmentId === null ? inRegion : eb.and([inRegion, eb('department_id', '=', s.departmentId)]);
          }),
          ...(filter.platformWide ? [eb('region_path', 'is', null)] : []),
          sql<boolean>`false`,
        ]),
      );
    }
    if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
    if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
    if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
    // An object by its id, or by the number people know it by (a case's or filing's case number, a ticket's, an appointment's code).
    if (filter.entity) {
      const entity = filter.entity;
      query = query.where((eb) => eb.or([eb('entity_id', '=', entity), eb(sql`payload->>'caseNo'`, '=', entity), eb(sql`payload->>'number'`, '=', entity), eb(sql`payload->>'code'`, '=', entity)]));
    }
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.until) query = query.where('at', '<', filter.until);
    if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq as never);
    const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
    return rows.map(toAuditRow);
  }

  /**
   * The names of the rows' actors (staff, API keys) and objects (cases with their item, filings by
   * case number, staff, departments, centers, windows, regions, API keys), keyed `type:id`.
   */
  async names(rows: readonly Pick<AuditRow, 'actorKind' | 'actorId' | 'entityType' | 'entityId'>[]): Promise<AuditNames> {
    const ids = (type: string) => [...new Set(rows.filter((r) => r.entityType === type && uuidPattern.test(r.entityId)).map((r) => r.entityId))];
    const actorIds = (kind: string) => [...new Set(rows.filter((r) => r.actorKind === kind && r.actorId && uuidPattern.test(r.actorId)).map((r) => r.actorId!))];
    const staffIds = [...new Set([...actorIds('staff'), ...ids('staff')])];
    const keyIds = [...new Set([...actorIds('api_key'), ...ids('api_key')])];
    const named = async <T>(list: string[], run: (list: string[]) => Promise<T[]>): Promise<T[]> => (list.length === 0 ? [] : run(list));
    const [staff, keys, cases, filings, departments, centers, windows, regions] = await Promise.all([
      named(staffIds, (l) => this.db.selectFrom('staff').select(['id', 'display_name as name']).where('id', 'in', l).execute()),
      named(keyIds, (l) => this.db.selectFrom('api_keys').select(['id', 'name']).where('id', 'in', l).execute()),
      named(ids('case'), (l) => this.db.selectFrom('cases').select(['id', 'case_no', 'item_name']).where('id', 'in', l).execute()),
      named(ids('filing'), (l) => this.db.selectFrom('filings as f').innerJoin('cases as c', 'c.id', 'f.case_id').select(['f.id', 'c.case_no', 'c.item_name']).where('f.id', 'in', l).execute()),
      named(ids('department'), (l) => this.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', l).execute()),
      named(ids('center'), (l) => this.db.selectFrom('centers').select(['id', 'name']).where('id', 'in', l).execute()),
      named(ids('window'), (l) => this.db.selectFrom('windows as w').innerJoin('centers as c', 'c.id', 'w.center_id').select(['w.id', 'w.name', 'c.name as center_name']).where('w.id', 'in', l).execute()),
      named([...new Set(rows.filter((r) => r.entityType === 'region').map((r) => r.entityId))], (l) => this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', l).execute()),
    ]);
    const subjects = new Map<string, { name: string; detail: string | null }>();
    for (const s of staff) subjects.set(`staff:${s.id}`, { name: s.name, detail: null });
    for (const k of keys) subjects.set(`api_key:${k.id}`, { name: k.name, detail: null });
    for (const c of cases) subjects.set(`case:${c.id}`, { name: c.case_no, detail: c.item_name });
    for (const f of filings) subjects.set(`filing:${f.id}`, { name: f.case_no, detail: f.item_name });
    for (const d of departments) subjects.set(`department:${d.id}`, { name: d.name, detail: null });
    for (const c of centers) subjects.set(`center:${c.id}`, { name: c.name, detail: null });
    for (const w of windows) subjects.set(`window:${w.id}`, { name: w.name, detail: w.center_name });
    for (const r of regions) subjects.set(`region:${r.code}`, { name: r.name, detail: null });
    const actors = new Map<string, string>();
    for (const s of staff) actors.set(`staff:${s.id}`, s.name);
    for (const k of keys) actors.set(`api_key:${k.id}`, k.name);
    return { actors, subjects };
  }

  /** `scope`: where the write lies (its audit scope), kept with each event for the push's department filter. */
  async insertOutbox(events: readonly { topic: string; payload: unknown }[], at: Date, scope?: { regionPath: string; departmentId?: string | null } | null): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('outbox')
      .values(events.map((e) => ({ topic: e.topic, payload: JSON.stringify(e.payload), created_at: at, available_at: at, region_path: scope?.regionPath ?? null, department_id: scope?.departmentId ?? null })))
      .execute();
  }

  /**
   * Claims an idempotency key for this transaction. Returns the first result when the key was
   * already used; a concurrent request with the same key waits here until the first commits.
   */
  async claimIdempotencyKey(input: { actor: string; key: string; requestHash: string; at: Date }): Promise<{ claimed: true } | { claimed: false; requestHash: string; statusCode: number | null; response: unknown }> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ actor: input.actor, key: input.key, request_hash: input.requestHash, created_at: input.at, status_code: null, response: null })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { claimed: true };
    const existing = await this.db.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response']).where('actor', '=', input.actor).where('key', '=', input.key).executeTakeFirstOrThrow();
    return { claimed: false, requestHash: existing.request_hash, statusCode: existing.status_code, response: existing.response };
  }

  async completeIdempotencyKey(input: { actor: string; key: string; statusCode: number; response: unknown }): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status_code: input.statusCode, response: JSON.stringify(input.response ?? null) })
      .where('actor', '=', input.actor)
      .where('key', '=', input.key)
      .execute();
  }
}

function toAuditRow(row: {
  seq: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
  region_path: string | null;
  department_id: string | null;
}): AuditRow {
  return {
    seq: String(row.seq),
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
    regionPath: row.region_path,
    departmentId: row.department_id,
  };
}
