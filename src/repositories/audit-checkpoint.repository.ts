/** Signed checkpoints of the audit chain, the audit signing keys, and what of the chain they are checked against. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { SignedCheckpoint } from '../domain/audit-checkpoint.ts';
import type { SigningKey } from './licence.repository.ts';

/** Arbitrary constant that names the checkpoint writers' advisory lock. */
const checkpointLock = 7_297_002;

export class AuditCheckpointRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /**
   * Serialises checkpoint writers (several processes run the timed job): held until the transaction
   * ends, so the next writer sees the checkpoint just committed. Call it in a transaction.
   */
  async lockWriters(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${checkpointLock})`.execute(this.db);
  }

  /** The newest audit row's seq and hash, or undefined for an empty log. */
  async head(): Promise<{ seq: string; hash: string } | undefined> {
    const row = await this.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row && { seq: String(row.seq), hash: row.hash };
  }

  /** The hashes of the audit rows at these seqs (rows that do not exist are absent from the map). */
  async hashesAt(seqs: readonly string[]): Promise<Map<string, string>> {
    if (seqs.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'in', seqs as never[])
      .execute();
    return new Map(rows.map((r) => [String(r.seq), r.hash]));
  }

  async latest(): Promise<SignedCheckpoint | undefined> {
    const row = await this.db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row && toCheckpoint(row);
  }

  /** Checkpoints in seq order after `afterSeq`, a page at a time. */
  async page(afterSeq: string, limit: number): Promise<SignedCheckpoint[]> {
    const rows = await this.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('seq', '>', afterSeq as never)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  }

  async findBySeqs(seqs: readonly string[]): Promise<Map<string, SignedCheckpoint>> {
    if (seqs.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('seq', 'in', seqs as never[])
      .execute();
    return new Map(rows.map((r) => [String(r.seq), toCheckpoint(r)]));
  }

  /** Returns false when a checkpoint at that seq already exists (it is never replaced). */
  async insert(checkpoint: SignedCheckpoint): Promise<boolean> {
    const inserted = await this.db
      .insertInto('audit_checkpoints')
      .values({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, key_id: checkpoint.keyId, signature: checkpoint.signature })
      .onConflict((oc) => oc.column('seq').doNothing())
      .returning('seq')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** The newest audit key: new checkpoints are signed with it; older ones verify with theirs. */
  async findActiveKey(): Promise<SigningKey | undefined> {
    const row = await this.db.selectFrom('signing_keys').selectAll().where('purpose', '=', 'audit').orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
    return row && toKey(row);
  }

  /** Every audit key, old ones included: each checkpoint verifies with the key it names. */
  async listKeys(): Promise<SigningKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('purpose', '=', 'audit').orderBy('created_at').execute();
    return rows.map(toKey);
  }

  async insertKey(input: { id: string; algorithm: string; publicKey: string; privateKeySealed: string; at: Date }): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({ id: input.id, algorithm: input.algorithm, public_key: input.publicKey, private_key_sealed: input.privateKeySealed, created_at: input.at, valid_from: input.at, purpose: 'audit' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

function toCheckpoint(row: { seq: string; hash: string; at: Date; key_id: string; signature: string }): SignedCheckpoint {
  return { seq: String(row.seq), hash: row.hash, at: row.at, keyId: row.key_id, signature: row.signature };
}

function toKey(row: { id: string; algorithm: string; public_key: string; private_key_sealed: string; created_at: Date }): SigningKey {
  return { id: row.id, algorithm: row.algorithm, publicKey: row.public_key, privateKeySealed: row.private_key_sealed, createdAt: row.created_at };
}
