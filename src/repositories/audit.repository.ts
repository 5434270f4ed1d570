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
  async latest(filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: string; scopes: readonly AuditScope[] | 'all'; platformWide?: boolean }): Promise<AuditRow[]> {
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
    if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq as never);
    const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
    return rows.map(toAuditRow);
  }

  async insertOutbox(events: readonly { topic: string; payload: unknown }[], at: Date): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('outbox')
      .values(events.map((e) => ({ topic: e.topic, payload: JSON.stringify(e.payload), created_at: at, available_at: at })))
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
