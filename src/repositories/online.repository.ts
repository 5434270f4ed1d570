/**
 * The online channel's identities: accounts, one-time codes (hashed), applicant sessions (hashed
 * tokens), business handlers and OIDC identities. Codes and tokens never reach this layer in clear.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { BindingState, BusinessRole, CodePurpose, VerificationMethod } from '../domain/online-identity.ts';

export interface OnlineAccountRecord {
  id: string;
  phone: string;
  applicantId: string | null;
  binding: BindingState;
  verifiedBy: VerificationMethod | null;
  boundAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** The bound person's name and masked ID, when bound. */
  personName: string | null;
  personIdMasked: string | null;
}

export interface CodeRecord {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  consumedAt: Date | null;
}

export interface HandlerRecord {
  id: string;
  organisationId: string;
  personId: string;
  accountId: string;
  role: BusinessRole;
  addedAt: Date;
  personName: string;
  phone: string;
}

export interface BusinessRecord {
  organisationId: string;
  name: string;
  uscc: string;
  legalRepresentative: string;
  role: BusinessRole;
  since: Date;
}

export class OnlineRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  // ---- one-time codes ------------------------------------------------------------------------

  async insertCode(input: { phone: string; purpose: CodePurpose; subjectId: string | null; codeHash: string; at: Date; expiresAt: Date }): Promise<string> {
    const row = await this.db
      .insertInto('one_time_codes')
      .values({ phone: input.phone, purpose: input.purpose, subject_id: input.subjectId, code_hash: input.codeHash, created_at: input.at, expires_at: input.expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The newest code sent for this number, purpose and subject, locked: only the newest one counts. */
  async lockNewestCode(phone: string, purpose: CodePurpose, subjectId: string | null): Promise<CodeRecord | undefined> {
    const row = await this.db
      .selectFrom('one_time_codes')
      .select(['id', 'code_hash', 'expires_at', 'attempts', 'consumed_at'])
      .where('phone', '=', phone)
      .where('purpose', '=', purpose)
      .where((eb) => (subjectId === null ? eb('subject_id', 'is', null) : eb('subject_id', '=', subjectId)))
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    return row && { id: row.id, codeHash: row.code_hash, expiresAt: new Date(row.expires_at), attempts: row.attempts, consumedAt: row.consumed_at && new Date(row.consumed_at) };
  }

  async countWrongTry(id: string): Promise<number> {
    const row = await this.db.updateTable('one_time_codes').set({ attempts: sql`least(attempts + 1, 5)` }).where('id', '=', id).returning('attempts').executeTakeFirstOrThrow();
    return row.attempts;
  }

  /** Uses the code once: false when it was used, expired or spent meanwhile (two sign-ins racing). */
  async consumeCode(id: string, now: Date, maxWrongTries: number): Promise<boolean> {
    const result = await this.db.updateTable('one_time_codes').set({ consumed_at: now }).where('id', '=', id).where('consumed_at', 'is', null).where('expires_at', '>', now).where('attempts', '<', maxWrongTries).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Codes and sessions expired before `before`: nothing can use them, nothing needs them. */
  async pruneExpired(before: Date): Promise<void> {
    await this.db.deleteFrom('one_time_codes').where('expires_at', '<', before).execute();
    await this.db.deleteFrom('applicant_sessions').where('expires_at', '<', before).execute();
  }

  // ---- accounts ------------------------------------------------------------------------------

  private accountQuery() {
    return this.db
      .selectFrom('online_accounts as o')
      .leftJoin('applicants as a', 'a.id', 'o.applicant_id')
      .select(['o.id', 'o.phone', 'o.applicant_id', 'o.binding', 'o.verified_by', 'o.bound_at', 'o.created_at', 'o.last_sign_in_at', 'a.name as person_name', 'a.id_masked as person_id_masked']);
  }

  async findAccount(id: string): Promise<OnlineAccountRecord | undefined> {
    const row = await this.accountQuery().where('o.id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  async findAccountByPhone(phone: string): Promise<OnlineAccountRecord | undefined> {
    const row = await this.accountQuery().where('o.phone', '=', phone).executeTakeFirst();
    return row && toAccount(row);
  }

  async findAccountByApplicant(applicantId: string): Promise<OnlineAccountRecord | undefined> {
    const row = await this.accountQuery().where('o.applicant_id', '=', applicantId).executeTakeFirst();
    return row && toAccount(row);
  }

  /** The account of this number, made now if it is the number's first sign-in. */
  async upsertAccount(phone: string, now: Date): Promise<{ id: string; created: boolean }> {
    const row = await this.db
      .insertInto('online_accounts')
      .values({ phone, created_at: now, last_sign_in_at: now })
      .onConflict((oc) => oc.constraint('online_accounts_phone_key').doUpdateSet({ last_sign_in_at: now }))
      .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    return { id: row.id, created: row.created };
  }

  async touchAccount(id: string, now: Date): Promise<void> {
    await this.db.updateTable('online_accounts').set({ last_sign_in_at: now }).where('id', '=', id).execute();
  }

  /**
   * Binds the account to a person. `from` names the binding it must have now (the guard lives in
   * the UPDATE, so two binds racing cannot both win): false when it had changed meanwhile.
   */
  async bind(id: string, input: { applicantId: string; binding: BindingState; verifiedBy: VerificationMethod | null; at: Date; from: BindingState[] }): Promise<boolean> {
    const result = await this.db
      .updateTable('online_accounts')
      .set({ applicant_id: input.applicantId, binding: input.binding, verified_by: input.verifiedBy, bound_at: input.at })
      .where('id', '=', id)
      .where('binding', 'in', input.from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Marks a binding verified (`from` the states it may be in now): false when it was not in them. */
  async verify(id: string, verifiedBy: VerificationMethod, from: BindingState[]): Promise<boolean> {
    const result = await this.db.updateTable('online_accounts').set({ binding: 'verified', verified_by: verifiedBy }).where('id', '=', id).where('binding', 'in', from).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  // ---- sessions ------------------------------------------------------------------------------

  async insertSession(input: { tokenHash: string; accountId: string; method: 'code' | 'oidc'; at: Date; expiresAt: Date; ip: string; userAgent: string }): Promise<void> {
    await this.db
      .insertInto('applicant_sessions')
      .values({ token_hash: input.tokenHash, account_id: input.accountId, method: input.method, created_at: input.at, expires_at: input.expiresAt, ip: input.ip, user_agent: input.userAgent })
      .execute();
  }

  async findSessionAccount(tokenHash: string, now: Date): Promise<OnlineAccountRecord | undefined> {
    const row = await this.accountQuery().innerJoin('applicant_sessions as s', 's.account_id', 'o.id').where('s.token_hash', '=', tokenHash).where('s.expires_at', '>', now).executeTakeFirst();
    return row && toAccount(row);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('applicant_sessions').where('token_hash', '=', tokenHash).execute();
  }

  // ---- businesses ----------------------------------------------------------------------------

  private handlerQuery() {
    return this.db
      .selectFrom('business_handlers as h')
      .innerJoin('applicants as p', 'p.id', 'h.person_id')
      .innerJoin('online_accounts as o', 'o.id', 'h.account_id')
      .select(['h.id', 'h.organisation_id', 'h.person_id', 'h.account_id', 'h.role', 'h.added_at', 'p.name as person_name', 'o.phone'])
      .where('h.removed_at', 'is', null);
  }

  async insertHandler(input: { organisationId: string; personId: string; accountId: string; role: BusinessRole; addedBy: string; at: Date }): Promise<string> {
    const row = await this.db
      .insertInto('business_handlers')
      .values({ organisation_id: input.organisationId, person_id: input.personId, account_id: input.accountId, role: input.role, added_by: input.addedBy, added_at: input.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The live row of this person for this organisation (their role there), if any. */
  async findLiveHandler(organisationId: string, personId: string): Promise<HandlerRecord | undefined> {
    const row = await this.handlerQuery().where('h.organisation_id', '=', organisationId).where('h.person_id', '=', personId).executeTakeFirst();
    return row && toHandler(row);
  }

  async findLiveHandlerById(id: string): Promise<HandlerRecord | undefined> {
    const row = await this.handlerQuery().where('h.id', '=', id).executeTakeFirst();
    return row && toHandler(row);
  }

  async findRepresentative(organisationId: string): Promise<HandlerRecord | undefined> {
    const row = await this.handlerQuery().where('h.organisation_id', '=', organisationId).where('h.role', '=', 'legal_representative').executeTakeFirst();
    return row && toHandler(row);
  }

  async listHandlers(organisationId: string): Promise<HandlerRecord[]> {
    const rows = await this.handlerQuery().where('h.organisation_id', '=', organisationId).orderBy('h.role', 'desc').orderBy('h.added_at').execute();
    return rows.map(toHandler);
  }

  /** Ends a live row: false when it was ended meanwhile. */
  async removeHandler(id: string, by: string, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('business_handlers').set({ removed_at: at, removed_by: by }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The organisations a person acts for, with their role in each. */
  async listBusinesses(personId: string): Promise<BusinessRecord[]> {
    const rows = await this.db
      .selectFrom('business_handlers as h')
      .innerJoin('applicants as a', 'a.id', 'h.organisation_id')
      .select(['h.organisation_id', 'a.name', 'a.uscc', 'a.legal_representative', 'h.role', 'h.added_at'])
      .where('h.person_id', '=', personId)
      .where('h.removed_at', 'is', null)
      .orderBy('a.name')
      .execute();
    return rows.map((r) => ({ organisationId: r.organisation_id, name: r.name, uscc: r.uscc ?? '', legalRepresentative: r.legal_representative, role: r.role as BusinessRole, since: new Date(r.added_at) }));
  }

  // ---- OIDC identities -----------------------------------------------------------------------

  async findOidcAccount(issuer: string, subject: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('oidc_identities').select('account_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
    return row?.account_id;
  }

  async linkOidc(input: { issuer: string; subject: string; accountId: string; at: Date }): Promise<void> {
    await this.db
      .insertInto('oidc_identities')
      .values({ issuer: input.issuer, subject: input.subject, account_id: input.accountId, created_at: input.at, last_sign_in_at: input.at })
      .onConflict((oc) => oc.constraint('oidc_identities_pkey').doUpdateSet({ last_sign_in_at: input.at }))
      .execute();
  }
}

function toAccount(row: {
  id: string;
  phone: string;
  applicant_id: string | null;
  binding: string;
  verified_by: string | null;
  bound_at: Date | string | null;
  created_at: Date | string;
  last_sign_in_at: Date | string | null;
  person_name: string | null;
  person_id_masked: string | null;
}): OnlineAccountRecord {
  return {
    id: row.id,
    phone: row.phone,
    applicantId: row.applicant_id,
    binding: row.binding as BindingState,
    verifiedBy: row.verified_by as VerificationMethod | null,
    boundAt: row.bound_at === null ? null : new Date(row.bound_at),
    createdAt: new Date(row.created_at),
    lastSignInAt: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at),
    personName: row.person_name,
    personIdMasked: row.person_id_masked,
  };
}

function toHandler(row: { id: string; organisation_id: string; person_id: string; account_id: string; role: string; added_at: Date | string; person_name: string; phone: string }): HandlerRecord {
  return { id: row.id, organisationId: row.organisation_id, personId: row.person_id, accountId: row.account_id, role: row.role as BusinessRole, addedAt: new Date(row.added_at), personName: row.person_name, phone: row.phone };
}
