/** Applicants and the licence library. Full ID numbers never reach this layer unsealed. */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';

export interface ApplicantRecord {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  idSealed: string | null;
  idMasked: string | null;
  uscc: string | null;
  legalRepresentative: string;
  phone: string;
  address: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  /** Where they were registered (null: before regions were recorded and never applied); staff covering it edit them. */
  regionCode: string | null;
  regionPath: string | null;
}

export interface Licence {
  id: string;
  holderId: string;
  licenceType: string;
  number: string;
  name: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  source: 'issued' | 'imported';
  status: 'valid' | 'revoked';
}

export class ApplicantRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  private query() {
    return this.db
      .selectFrom('applicants as a')
      .leftJoin('regions as r', 'r.code', 'a.region_code')
      .select(['a.id', 'a.kind', 'a.name', 'a.id_sealed', 'a.id_masked', 'a.uscc', 'a.legal_representative', 'a.phone', 'a.address', 'a.gender', 'a.birth_date', 'a.region_code', 'r.path as region_path']);
  }

  async findById(id: string): Promise<ApplicantRecord | undefined> {
    const row = await this.query().where('a.id', '=', id).executeTakeFirst();
    return row && toApplicant(row);
  }

  async findByFingerprint(fingerprint: string): Promise<ApplicantRecord | undefined> {
    const row = await this.query().where('a.id_fingerprint', '=', fingerprint).executeTakeFirst();
    return row && toApplicant(row);
  }

  async findByUscc(uscc: string): Promise<ApplicantRecord | undefined> {
    const row = await this.query().where('a.uscc', '=', uscc).executeTakeFirst();
    return row && toApplicant(row);
  }

  async findByPhone(phone: string): Promise<ApplicantRecord[]> {
    const rows = await this.query().where('a.phone', '=', phone).orderBy('a.name').limit(20).execute();
    return rows.map(toApplicant);
  }

  async insert(input: {
    kind: 'person' | 'organisation';
    name: string;
    idFingerprint: string | null;
    idSealed: string | null;
    idMasked: string | null;
    uscc: string | null;
    legalRepresentative: string;
    phone: string;
    address: string;
    gender: 'male' | 'female' | null;
    birthDate: string | null;
    regionCode: string | null;
    at: Date;
  }): Promise<string> {
    const row = await this.db
      .insertInto('applicants')
      .values({
        kind: input.kind,
        name: input.name,
        id_fingerprint: input.idFingerprint,
        id_sealed: input.idSealed,
        id_masked: input.idMasked,
        uscc: input.uscc,
        legal_representative: input.legalRepresentative,
        phone: input.phone,
        address: input.address,
        gender: input.gender,
        birth_date: input.birthDate,
        region_code: input.regionCode,
        created_at: input.at,
        updated_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, patch: { name?: string; phone?: string; address?: string; legalRepresentative?: string }, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('applicants').set({ name: patch.name, phone: patch.phone, address: patch.address, legal_representative: patch.legalRepresentative, updated_at: at }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listLicences(holderId: string): Promise<Licence[]> {
    const rows = await this.db
      .selectFrom('licences')
      .select(['id', 'holder_id', 'licence_type', 'number', 'name', 'issuer', 'issued_on', 'valid_until', 'source', 'status'])
      .where('holder_id', '=', holderId)
      .orderBy('issued_on', 'desc')
      .execute();
    return rows.map(toLicence);
  }

  /** @param input.number as screens show it; a resident ID comes masked, with its fingerprint and sealed original. */
  async insertLicence(input: Omit<Licence, 'id' | 'status'> & { numberFingerprint?: string | null; numberSealed?: string | null; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('licences')
      .values({
        holder_id: input.holderId,
        licence_type: input.licenceType,
        number: input.number,
        number_fingerprint: input.numberFingerprint ?? null,
        number_sealed: input.numberSealed ?? null,
        name: input.name,
        issuer: input.issuer,
        issued_on: input.issuedOn,
        valid_until: input.validUntil,
        source: input.source,
        created_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}

function toApplicant(row: {
  id: string;
  kind: string;
  name: string;
  id_sealed: string | null;
  id_masked: string | null;
  uscc: string | null;
  legal_representative: string;
  phone: string;
  address: string;
  gender: string | null;
  birth_date: string | null;
  region_code: string | null;
  region_path: string | null;
}): ApplicantRecord {
  return {
    id: row.id,
    kind: row.kind as ApplicantRecord['kind'],
    name: row.name,
    idSealed: row.id_sealed,
    idMasked: row.id_masked,
    uscc: row.uscc,
    legalRepresentative: row.legal_representative,
    phone: row.phone,
    address: row.address,
    gender: row.gender as ApplicantRecord['gender'],
    birthDate: row.birth_date,
    regionCode: row.region_code,
    regionPath: row.region_path,
  };
}

function toLicence(row: { id: string; holder_id: string; licence_type: string; number: string; name: string; issuer: string; issued_on: string; valid_until: string | null; source: string; status: string }): Licence {
  return {
    id: row.id,
    holderId: row.holder_id,
    licenceType: row.licence_type,
    number: row.number,
    name: row.name,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    source: row.source as Licence['source'],
    status: row.status as Licence['status'],
  };
}
