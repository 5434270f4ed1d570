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
  /** The signing key's public key (hex) and compromise time, read with the row (null without a key). */
  keyPublicKey: string | null;
  keyCompromisedSince: Date | null;
}

/** An e-licence key: one issuing body's, with its life (0011). */
export interface LicenceKey extends SigningKey {
  issuerUscc: string | null;
  issuerName: string;
  validFrom: Date;
  /** No new signatures after this. */
  retiredAt: Date | null;
  /** What it signed at or after this reads `key_compromised`. */
  compromisedSince: Date | null;
  compromisedReason: string;
}

/** Any constant will do, as long as nothing else takes the same advisory lock (two-int form): 'OWSK'. */
const signingKeyLock = 0x4f57534b;

export class LicenceRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /**
   * The key that signs for an issuer now (not retired, not compromised), locked FOR SHARE so that a
   * rotation or compromise waits for this issue to commit and the issue never signs with a key
   * retired under it. Call it in a transaction.
   */
  async findActiveKey(issuerUscc: string): Promise<LicenceKey | undefined> {
    const row = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('purpose', '=', 'licence')
      .where('issuer_uscc', '=', issuerUscc)
      .where('retired_at', 'is', null)
      .where('compromised_since', 'is', null)
      .forShare()
      .executeTakeFirst();
    return row && toLicenceKey(row);
  }

  async findKey(id: string): Promise<LicenceKey | undefined> {
    const row = await this.db.selectFrom('signing_keys').selectAll().where('id', '=', id).where('purpose', '=', 'licence').executeTakeFirst();
    return row && toLicenceKey(row);
  }

  /** Every e-licence key, old and new, oldest first (the published list). */
  async listKeys(): Promise<LicenceKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('purpose', '=', 'licence').orderBy('valid_from').orderBy('id').execute();
    return rows.map(toLicenceKey);
  }

  /**
   * Serialises key creation and rotation for one issuer: held until the transaction ends, so a
   * concurrent first issue waits here and then finds the key the other one committed.
   */
  async lockIssuerKeys(issuerUscc: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${signingKeyLock}::int, hashtext(${issuerUscc}))`.execute(this.db);
  }

  async insertKey(input: { id: string; algorithm: string; publicKey: string; privateKeySealed: string; issuerUscc: string; issuerName: string; at: Date }): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({
        id: input.id,
        algorithm: input.algorithm,
        public_key: input.publicKey,
        private_key_sealed: input.privateKeySealed,
        created_at: input.at,
        valid_from: input.at,
        issuer_uscc: input.issuerUscc,
        issuer_name: input.issuerName,
        purpose: 'licence',
      })
      .execute();
  }

  /** Whether an issued licence of this type and issuer already has this serial (in any version). */
  async isSerialTaken(typeCode: string, issuerUscc: string, serial: string): Promise<boolean> {
    const prefix = `1.2.156.3005.2.${typeCode}.${issuerUscc}.${serial}.`;
    const row = await this.db.selectFrom('licences').select('id').where('source', '=', 'issued').where(sql<boolean>`left(number, ${prefix.length}) = ${prefix}`).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Stops a key signing (rotation); false if it was already retired. */
  async retireKey(id: string, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('signing_keys').set({ retired_at: at }).where('id', '=', id).where('purpose', '=', 'licence').where('retired_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Marks a key compromised since a time (and retires it if it was not). A second report may only
   * move the time earlier: what was distrusted stays distrusted.
   */
  async markCompromised(id: string, since: Date, reason: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('signing_keys')
      .set({
        compromised_since: sql`least(compromised_since, ${since}::timestamptz)`,
        compromised_reason: sql`CASE WHEN compromised_since IS NULL OR ${since}::timestamptz < compromised_since THEN ${reason} ELSE compromised_reason END`,
        retired_at: sql`coalesce(retired_at, ${at}::timestamptz)`,
      })
      .where('id', '=', id)
      .where('purpose', '=', 'licence')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
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
      .leftJoin('signing_keys as k', (join) => join.onRef('k.id', '=', 'l.key_id').on('k.purpose', '=', 'licence'))
      .selectAll('l')
      .select([
        sql<string | null>`coalesce(a.id_masked, a.uscc)`.as('holder_ref'),
        'c.case_no',
        'prev.number as replaces_number',
        sql<string | null>`(SELECT n.number FROM licences n WHERE n.replaces_id = l.id)`.as('replaced_by_number'),
        'k.public_key as key_public_key',
        'k.compromised_since as key_compromised_since',
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
    const result = await this.db.updateTable('licences').set({ status: 'revoked', revoked_at: at, revoked_reason: reason }).where('number', '=', number).where('source', '=', 'issued').where('status', '=', 'valid').executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toKey(row: { id: string; algorithm: string; public_key: string; private_key_sealed: string; created_at: Date }): SigningKey {
  return { id: row.id, algorithm: row.algorithm, publicKey: row.public_key, privateKeySealed: row.private_key_sealed, createdAt: row.created_at };
}

function toLicenceKey(row: {
  id: string;
  algorithm: string;
  public_key: string;
  private_key_sealed: string;
  created_at: Date;
  issuer_uscc: string | null;
  issuer_name: string;
  valid_from: Date;
  retired_at: Date | null;
  compromised_since: Date | null;
  compromised_reason: string;
}): LicenceKey {
  return {
    ...toKey(row),
    issuerUscc: row.issuer_uscc,
    issuerName: row.issuer_name,
    validFrom: row.valid_from,
    retiredAt: row.retired_at,
    compromisedSince: row.compromised_since,
    compromisedReason: row.compromised_reason,
  };
}

function toLicence(row: {
  id: string;
  holder_id: string;
  licence_type: string;
  number: string;
  name: string;
  issuer: string;
  issued_on: string;
  valid_until: string | null;
  source: string;
  status: string;
  created_at: Date;
  case_id: string | null;
  signed_payload: string | null;
  signature: string | null;
  key_id: string | null;
  revoked_at: Date | null;
  revoked_reason: string;
  holder_ref: string | null;
  case_no: string | null;
  replaces_id: string | null;
  replaces_number: string | null;
  replaced_by_number: string | null;
  key_public_key: string | null;
  key_compromised_since: Date | null;
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
    keyPublicKey: row.key_public_key,
    keyCompromisedSince: row.key_compromised_since,
  };
}
