/** Signed e-licences and the SM2 keys that sign them. */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

export interface SigningKey {
  id: string;
  algorithm: string;
  /** Uncompressed SM2 public key, hex (`04…`, 130 characters). */
  publicKey: string;
  /** The private key, sealed with the data key (IdProtector). */
  privateKeySealed: string;
  createdAt: Date;
}

/** An e-licence row with what verification needs: the facts, the signature, and the holder's and case's references. */
export interface StoredLicence {
  id: string;
  holderId: string;
  licenceType: string;
  /** For an issued e-licence: its GB/T 36904 identifier. */
  number: string;
  name: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  source: 'issued' | 'imported';
  /** As stored; `expired` is not stored but read from the date (see the e-licence service). */
  status: 'valid' | 'revoked' | 'superseded';
  createdAt: Date;
  caseId: string | null;
  signedPayload: string | null;
  signature: string | null;
  keyId: string | null;
  revokedAt: Date | null;
  revokedReason: string;
  /** The holder's masked resident ID or USCC, from the applicant row (null if the holder is gone). */
  holderRef: string | null;
  /** The case number of `caseId`, from the case row. */
  caseNo: string | null;
  /** The version this one replaces (a change), by id and identifier. */
  replacesId: string | null;
  replaces: string | null;
  /** The version that replaced this one, if any. */
  replacedBy: string | null;
}

/** Any constant will do, as long as nothing else takes the same advisory lock: 'OWSK'. */
const signingKeyLock = 0x4f57534b;

export class LicenceRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** The newest key: new licences are signed with it; older ones keep verifying with theirs. */
  async findActiveKey(): Promise<SigningKey | undefined> {
    // Audit checkpoint keys live in the same table; a licence is only ever signed with a licence key.
    const row = await this.db.selectFrom('signing_keys').selectAll().where('purpose', '=', 'licence').orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
    return row && toKey(row);
  }

  async findKey(id: string): Promise<SigningKey | undefined> {
    const row = await this.db.selectFrom('signing_keys').selectAll().where('id', '=', id).where('purpose', '=', 'licence').executeTakeFirst();
    return row && toKey(row);
  }

  /**
   * Serialises the creation of the first key: held until the transaction ends, so a concurrent
   * first issue waits here and then finds the key the other one committed. Call it in a transaction.
   */
  async lockKeyCreation(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${signingKeyLock}::bigint)`.execute(this.db);
  }

  async insertKey(input: { id: string; algorithm: string; publicKey: string; privateKeySealed: string; at: Date }): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({ id: input.id, algorithm: input.algorithm, public_key: input.publicKey, private_key_sealed: input.privateKeySealed, created_at: input.at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Whether an issued licence of this type and issuer already has this serial (in any version). */
  async isSerialTaken(typeCode: string, issuerUscc: string, serial: string): Promise<boolean> {
    const prefix = `1.2.156.3005.2.${typeCode}.${issuerUscc}.${serial}.`;
    const row = await this.db.selectFrom('licences').select('id').where('source', '=', 'issued').where(sql<boolean>`left(number, ${prefix.length}) = ${prefix}`).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The holder's licence in force of one type from one issuer (the newest, if several): what a
   * change (变更) replaces. Its identifier starts `1.2.156.3005.2.<type code>.<issuer USCC>.`.
   */
  async findInForce(holderId: string, typeCode: string, issuerUscc: string): Promise<StoredLicence | undefined> {
    const prefix = `1.2.156.3005.2.${typeCode}.${issuerUscc}.`;
    const row = await this.query()
      .where('l.holder_id', '=', holderId)
      .where('l.source', '=', 'issued')
      .where('l.status', '=', 'valid')
      .where(sql<boolean>`left(l.number, ${prefix.length}) = ${prefix}`)
      .orderBy('l.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toLicence(row);
  }

  /** Marks a version in force superseded by a change; false when it was no longer in force. */
  async supersede(id: string): Promise<boolean> {
    const result = await this.db.updateTable('licences').set({ status: 'superseded' }).where('id', '=', id).where('status', '=', 'valid').executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async insertIssued(input: {
    holderId: string;
    licenceType: string;
    number: string;
    name: string;
    issuer: string;
    issuedOn: string;
    validUntil: string | null;
    caseId: string | null;
    signedPayload: string;
    signature: string;
    keyId: string;
    replacesId: string | null;
    at: Date;
  }): Promise<string> {
    const row = await this.db
      .insertInto('licences')
      .values({
        holder_id: input.holderId,
        licence_type: input.licenceType,
        number: input.number,
        name: input.name,
        issuer: input.issuer,
        issued_on: input.issuedOn,
        valid_until: input.validUntil,
        source: 'issued',
        created_at: input.at,
        case_id: input.caseId,
        signed_payload: input.signedPayload,
        signature: input.signature,
        key_id: input.keyId,
        replaces_id: input.replacesId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private query() {
    return this.db
      .selectFrom('licences as l')
      .leftJoin('applicants as a', 'a.id', 'l.holder_id')
      .leftJoin('cases as c', 'c.id', 'l.case_id')
      .leftJoin('licences as prev', 'prev.id', 'l.replaces_id')
      .selectAll('l')
      .select([
        sql<string | null>`coalesce(a.id_masked, a.uscc)`.as('holder_ref'),
        'c.case_no',
        'prev.number as replaces_number',
        sql<string | null>`(SELECT n.number FROM licences n WHERE n.replaces_id = l.id)`.as('replaced_by_number'),
      ]);
  }

  /** An issued e-licence by its identifier (imported licences are not looked at). */
  async findByNumber(number: string): Promise<StoredLicence | undefined> {
    const row = await this.query().where('l.number', '=', number).where('l.source', '=', 'issued').orderBy('l.created_at').limit(1).executeTakeFirst();
    return row && toLicence(row);
  }

  async listByCase(caseId: string): Promise<StoredLicence[]> {
    const rows = await this.query().where('l.case_id', '=', caseId).orderBy('l.created_at').orderBy('l.number').execute();
    return rows.map(toLicence);
  }

  /** Marks a valid issued e-licence revoked; false when there is none in force by that identifier. */
  async revoke(number: string, reason: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('licences')
      .set({ status: 'revoked', revoked_at: at, revoked_reason: reason })
      .where('number', '=', number)
      .where('source', '=', 'issued')
      .where('status', '=', 'valid')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toKey(row: { id: string; algorithm: string; public_key: string; private_key_sealed: string; created_at: Date }): SigningKey {
  return { id: row.id, algorithm: row.algorithm, publicKey: row.public_key, privateKeySealed: row.private_key_sealed, createdAt: row.created_at };
}

function toLicence(row: {
  id: string; holder_id: string; licence_type: string; number: string; name: string; issuer: string; issued_on: string; valid_until: string | null;
  source: string; status: string; created_at: Date; case_id: string | null; signed_payload: string | null; signature: string | null; key_id: string | null;
  revoked_at: Date | null; revoked_reason: string; holder_ref: string | null; case_no: string | null;
  replaces_id: string | null; replaces_number: string | null; replaced_by_number: string | null;
}): StoredLicence {
  return {
    id: row.id,
    holderId: row.holder_id,
    licenceType: row.licence_type,
    number: row.number,
    name: row.name,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    source: row.source as StoredLicence['source'],
    status: row.status as StoredLicence['status'],
    createdAt: row.created_at,
    caseId: row.case_id,
    signedPayload: row.signed_payload,
    signature: row.signature,
    keyId: row.key_id,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    holderRef: row.holder_ref,
    caseNo: row.case_no,
    replacesId: row.replaces_id,
    replaces: row.replaces_number,
    replacedBy: row.replaced_by_number,
  };
}
