/**
 * Electronic licences (电子证照): issued with a GB/T 36904 identifier, signed with SM2 (GB/T 32918)
 * over SM3 with the default user id, and verified by anyone through the public page and its QR code.
 *
 * Each issuing body signs with its own key (licence-key.service.ts), made on its first issue, its
 * private key sealed with the data key (so issuing needs ONEWINDOW_DATA_KEY, verifying only the
 * public key). Rotation gives a new key; old licences verify with the key they name.
 *
 * What verification checks (and why a row edited in the database reads invalid):
 * 1. The canonical payload is rebuilt from the row's columns — identifier (`number`), type,
 *    issuer, dates, the case's number (by `case_id`) and the holder's masked ID or USCC (by
 *    `holder_id`) — with the holder's name, which no column holds, taken from the signed payload;
 *    the licence `name` column must be the type. Anything different from the signed payload
 *    text → `tampered`.
 * 2. The SM2 signature over the payload text must verify with the public key of `key_id` → else
 *    `bad_signature` (a changed signature, a changed payload text, or a swapped key).
 * 3. Signed at or after its key's `compromised_since` → `key_compromised`.
 * 4. A revoked licence → `revoked`; a version replaced by a change (变更) → `superseded`; one past
 *    its end date (the local date in China, UTC+8) → `expired`. Status, revocation and supersession
 *    are deliberately outside the signature (they change after issue); the audit log records them.
 *
 * Step 2 is the only expensive one, and its answer never changes for the same payload, signature
 * and public key: it is cached in memory (`verifiedSignatures`). Everything that can change —
 * status, revocation, the key's compromise, the date — is read on every verification, so a
 * revocation reads `revoked` at once, with no cache to clear.
 *
 * Identifiers (licence-id.ts): the type code comes from the catalog's licence type, never from its
 * name; the serial is the year and 12 random digits ({@link newLicenceSerial}); a change keeps the
 * serial and raises the version. The holder is whoever the caller names (an organisation, not the
 * person at the desk, for an organisation's licence: see `CaseIssuance.deliver` in src/services/cases/issuance.ts).
 */
import { randomInt } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { isValidLicenceIdentifier, parseLicenceIdentifier } from '../domain/licence-id.ts';
import { canonicalLicencePayload, issuedLicenceIdentifier, parseLicencePayload, validUntilFor } from '../domain/licence-payload.ts';
import { defaultUserId, sm2 } from '../domain/sm2.ts';
import { isValidUscc } from '../domain/uscc.ts';
import { chinaDate } from '../domain/china-time.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { StoredLicence } from '../repositories/licence.repository.ts';
import { assertMay, assertMayAnywhere, notFound, type Clock } from './actor.ts';
import type { Department } from '../repositories/org.repository.ts';
import type { IdProtector } from './id-protection.ts';
import { issuerSigningKey, keyUrl, signingAlgorithm, signingKeyId } from './licence-key.service.ts';
import { performWrite, type WriteOptions } from './write.ts';
import type { VerificationReason } from '../domain/licence-payload.ts';

type Uses = (typeof ELicenceService.repositories)[number];

export { signingAlgorithm, signingKeyId };

/** The channel migration 0014's triggers announce licence changes on. */
export const licenceChangedChannel = 'licence_changed';

/** Licence rows kept for verification, and for how long at most (a backstop: changes are announced). */
const cachedRowsMax = 50_000;
const cachedRowMs = 60_000;

type Listen = (channel: string, handler: (payload: string | null) => void) => Promise<() => Promise<void>>;

/** Verified (payload, signature, public key) triples kept, newest last; beyond this the oldest go. */
const verifiedSignaturesMax = 20_000;

export interface IssueELicenceInput {
  /** The case that issues it; null for one issued outside a case (the payload's caseNo is then null too). */
  caseId: string | null;
  /** The case's number; must be that of `caseId` (null without a case). */
  caseNo: string | null;
  holderId: string;
  holderName: string;
  /** The holder's masked resident ID or USCC, as the applicant record has it. */
  holderRef: string;
  /** The catalog licence type's code; its name and validity come from the catalog. */
  licenceTypeCode: string;
  issuerName: string;
  issuerUscc: string;
  issuedOn: string;
  /**
   * A change (变更): when the holder has a licence of this type from this issuer in force, issue
   * its next version (same serial, version + 1) and supersede it. Without one, a first issue.
   */
  isChange?: boolean;
  at: Date;
}

export interface IssuedELicence {
  id: string;
  identifier: string;
  licenceType: string;
  licenceTypeCode: string;
  version: number;
  /** The identifier of the version this one replaced, or null. */
  replaces: string | null;
  holderName: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  caseNo: string | null;
  /** The public verification page, relative to the site: `/verify/<identifier>`. */
  verifyPath: string;
}

/** What the public may see of a licence: the holder only by name and masked reference. */
export interface PublicLicence {
  identifier: string;
  licenceType: string;
  licenceTypeCode: string;
  holderName: string;
  holderRef: string;
  issuer: string;
  issuerUscc: string;
  issuedOn: string;
  validUntil: string | null;
  caseNo: string | null;
  version: number;
  /** `expired` is read from the date, the others from the record. */
  status: 'valid' | 'revoked' | 'expired' | 'superseded';
  revokedAt: Date | null;
  revokedReason: string;
  replacedBy: string | null;
  replaces: string | null;
}

/** What anyone needs to check the signature without us (docs/E-LICENCE.md). */
export interface SignedLicence {
  /** The exact signed text (UTF-8). */
  payload: string;
  /** The same bytes, base64. */
  payloadBase64: string;
  /** GB/T 32918.2 signature over SM3 with Z of the default user id. */
  algorithm: typeof signingAlgorithm;
  userId: typeof defaultUserId;
  /** Base64 of DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276). */
  signature: string;
  signatureEncoding: 'DER';
  keyId: string;
  /** The key's PEM: `/api/licences/keys/<keyId>.pem`. */
  keyUrl: string;
}

export type { VerificationReason };

export interface LicenceVerification {
  valid: boolean;
  reason: VerificationReason;
  /** Present whenever a licence by that identifier exists, valid or not. */
  licence?: PublicLicence;
  /** Present whenever that licence has a signature, valid or not. */
  signed?: SignedLicence;
}

const eLicenceWord = { zh: '电子证照', en: 'E-licence' };

export function verifyPath(identifier: string): string {
  return `/verify/${identifier}`;
}

export class ELicenceService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['cases', 'licenceTypes', 'licences', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;
  /** `publicKey|signature|payload` of signatures that verified or did not: immutable facts. */
  private readonly verifiedSignatures = new Map<string, boolean>();

  /** Licence rows as verification last read them, by identifier (see {@link verify}). */
  private readonly rows = new Map<string, { row: StoredLicence; until: number }>();
  /** Whether this process hears `licence_changed`: only then are rows kept between verifications. */
  private listening = false;
  /** Counts forgets: a row read while one happened may predate the change, so it is not kept. */
  private forgets = 0;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector; listen?: Listen }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    options
      .listen?.(licenceChangedChannel, (payload) => this.forget(payload ?? '*'))
      .then(
        () => {
          this.listening = true;
        },
        // Without the channel, every verification reads the database: correct, only slower.
        () => undefined,
      );
  }

  /** Whether a verified licence is kept in memory here (then a repeat verification reads no database). */
  isKept(identifier: string): boolean {
    return (this.rows.get(identifier.trim().toUpperCase())?.until ?? 0) > Date.now();
  }

  /** Drops a cached licence (its identifier) or all of them (`*`): a change was announced. */
  forget(identifier: string): void {
    this.forgets++;
    if (identifier === '*') this.rows.clear();
    else this.rows.delete(identifier);
  }

  /**
   * Issues and signs an e-licence inside the caller's write transaction (the caller records the
   * audit row). Throws if what it stored would not verify, which rolls the caller's write back.
   */
  async issueInTransaction(repos: Pick<Repositories, Uses>, input: IssueELicenceInput): Promise<IssuedELicence> {
    const issuerUscc = input.issuerUscc.trim().toUpperCase();
    if (!isValidUscc(issuerUscc)) {
      throw new AppError('VALIDATION_FAILED', { zh: '发证机关的统一社会信用代码无效,无法生成电子证照标识', en: "The issuer's unified social credit code is invalid; no e-licence identifier can be made" });
    }
    const type = await repos.licenceTypes.findByCode(input.licenceTypeCode.trim().toUpperCase());
    if (!type) {
      throw new AppError('VALIDATION_FAILED', { zh: '证照类型不在事项清单的证照类型目录中,无法签发电子证照', en: 'The licence type is not in the catalog of licence types; no e-licence can be issued' });
    }
    if (!input.issuerName.trim() || !input.holderName.trim()) {
      throw new AppError('VALIDATION_FAILED', { zh: '电子证照须有持证人和发证机关', en: 'An e-licence needs a holder and an issuer' });
    }
    const validUntil = validUntilFor(input.issuedOn, type.validityYears);
    const key = await issuerSigningKey(repos, this.ids, { uscc: issuerUscc, name: input.issuerName.trim() }, input.at);
    const previous = input.isChange ? await repos.licences.findInForce(input.holderId, type.code, issuerUscc) : undefined;
    const previousParts = previous ? parseLicenceIdentifier(previous.number) : undefined;
    let serial: string;
    let version: number;
    if (previous && previousParts) {
      if (previousParts.version >= 999) throw new AppError('LICENCE_VERSIONS_EXHAUSTED', { zh: '该证照的版本号已用尽', en: 'This licence has no versions left' });
      serial = previousParts.serial;
      version = previousParts.version + 1;
      // Only one change of a version wins: the other, in a concurrent transaction, finds it superseded.
      if (!(await repos.licences.supersede(previous.id))) throw new AppError('LICENCE_CHANGED_MEANWHILE', { zh: '原证照已被变更或注销,请刷新后重试', en: 'The licence was changed or revoked meanwhile; reload and retry' });
      // Dropped now and again when the commit's notification arrives: a verification in between may read it still valid.
      this.forget(previous.number);
    } else {
      serial = await this.freeSerial(repos, type.code, issuerUscc, input.issuedOn);
      version = 1;
    }
    const identifier = issuedLicenceIdentifier({ licenceTypeCode: type.code, issuerUscc, serial, version });
    const replaces = previous && previousParts ? previous.number : null;
    const payload = canonicalLicencePayload({
      identifier,
      licenceType: type.name,
      licenceTypeCode: type.code,
      holderName: input.holderName.trim(),
      holderRef: input.holderRef,
      issuer: input.issuerName.trim(),
      issuerUscc,
      issuedOn: input.issuedOn,
      validUntil,
      caseNo: input.caseNo,
      version,
      replaces,
    });
    const signature = sm2.sign(Buffer.from(payload, 'utf8'), this.ids.open(key.privateKeySealed), { publicKey: key.publicKey }).toString('hex');
    const id = await repos.licences.insertIssued({
      holderId: input.holderId,
      licenceType: type.name,
      number: identifier,
      name: type.name,
      issuer: input.issuerName.trim(),
      issuedOn: input.issuedOn,
      validUntil,
      caseId: input.caseId,
      signedPayload: payload,
      signature,
      keyId: key.id,
      replacesId: replaces ? previous!.id : null,
      at: input.at,
    });
    // The stored row must verify as it stands; if the caller's holderRef or caseNo disagree with
    // the applicant and case records, it would not, and that is a bug to catch here, not later.
    const check = await this.check(repos, identifier, input.at);
    if (!check.valid && check.reason !== 'expired') throw new Error(`The e-licence ${identifier} would not verify (${check.reason}): holderRef and caseNo must match the applicant and case records`);
    return {
      id,
      identifier,
      licenceType: type.name,
      licenceTypeCode: type.code,
      version,
      replaces,
      holderName: input.holderName.trim(),
      issuer: input.issuerName.trim(),
      issuedOn: input.issuedOn,
      validUntil,
      caseNo: input.caseNo,
      verifyPath: verifyPath(identifier),
    };
  }

  /** A serial no licence of this type and issuer has: random, so a few tries at most ever. */
  private async freeSerial(repos: Pick<Repositories, Uses>, typeCode: string, issuerUscc: string, issuedOn: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const serial = newLicenceSerial(issuedOn);
      if (!(await repos.licences.isSerialTaken(typeCode, issuerUscc, serial))) return serial;
    }
    throw new Error('Five random licence serials in a row were taken: the random source is broken');
  }

  /**
   * Public verification. An identifier that fails its check character, or that no licence has,
   * reads `not_found` (an answer, not an error: the public page shows it).
   */
  async verify(identifier: string): Promise<LicenceVerification> {
    const number = identifier.trim().toUpperCase();
    if (!isValidLicenceIdentifier(number)) return { valid: false, reason: 'not_found' };
    const now = this.clock.now();
    const cached = this.rows.get(number);
    if (cached && cached.until > Date.now()) return this.checkRow(cached.row, now);
    const forgetsBefore = this.forgets;
    const row = await this.uow.read.licences.findByNumber(number);
    if (!row) return { valid: false, reason: 'not_found' };
    // Kept while this process hears every change (migration 0014's triggers), at most a minute in case one is lost;
    // not if a change was heard while it was read (the read may have seen the row before it).
    if (this.listening && this.forgets === forgetsBefore) {
      if (this.rows.size >= cachedRowsMax) this.rows.delete(this.rows.keys().next().value!);
      this.rows.set(number, { row, until: Date.now() + cachedRowMs });
    }
    return this.checkRow(row, now);
  }

  /**
   * Revokes (注销) an e-licence; it then verifies as `revoked`. Only an issuer or administrator
   * whose grant covers the issuing department (its region, and the department itself for a grant
   * narrowed to one) may: another county's staff never revoke ours.
   */
  async revoke(options: WriteOptions, identifier: string, reason: string): Promise<PublicLicence> {
    assertMayAnywhere(options.actor, 'licence.revoke');
    const number = identifier.trim().toUpperCase();
    const why = reason.trim();
    if (!why) throw new AppError('VALIDATION_FAILED', { zh: '请填写注销原因', en: 'Give the reason for revoking' });
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const licence = isValidLicenceIdentifier(number) ? await repos.licences.findByNumber(number) : undefined;
      if (!licence) throw notFound(eLicenceWord);
      const issuer = await issuingDepartment(repos, licence);
      assertMay(options.actor, 'licence.revoke', { regionPath: issuer?.regionPath ?? '', departmentId: issuer?.id ?? null });
      // The UPDATE only takes a licence still in force, so of two concurrent revocations one wins.
      if (licence.status === 'superseded') {
        throw new AppError('LICENCE_SUPERSEDED', { zh: `该电子证照已变更为新版本${licence.replacedBy ?? ''},请注销新版本`, en: `This e-licence was replaced by ${licence.replacedBy ?? 'a newer version'}; revoke that one` });
      }
      if (licence.status === 'revoked' || !(await repos.licences.revoke(number, why, now))) {
        throw new AppError('LICENCE_ALREADY_REVOKED', { zh: '该电子证照已注销,无需重复注销', en: 'This e-licence is already revoked' });
      }
      await record({ action: 'licence.revoked', entityType: 'licence', entityId: licence.id, payload: { identifier: number, reason: why }, scope: issuer ? { regionPath: issuer.regionPath, departmentId: issuer.id } : null });
      return publicLicence({ ...licence, status: 'revoked', revokedAt: now, revokedReason: why }, now);
    }).finally(() => this.forget(number)); // at once here; other processes when the commit's notification reaches them
  }

  private async check(repos: Pick<Repositories, Uses>, identifier: string, now: Date): Promise<LicenceVerification> {
    const number = identifier.trim().toUpperCase();
    if (!isValidLicenceIdentifier(number)) return { valid: false, reason: 'not_found' };
    const row = await repos.licences.findByNumber(number);
    if (!row) return { valid: false, reason: 'not_found' };
    return this.checkRow(row, now);
  }

  /** What a stored licence row verifies as, at `now` (for `expired`). */
  private checkRow(row: StoredLicence, now: Date): LicenceVerification {
    const licence = publicLicence(row, now);
    if (row.signedPayload === null || row.signature === null || row.keyId === null) return { valid: false, reason: 'tampered', licence };
    const signed = signedLicence(row.signedPayload, row.signature, row.keyId);
    const invalid = (reason: VerificationReason): LicenceVerification => ({ valid: false, reason, licence, ...(signed ? { signed } : {}) });
    if (!signed) return invalid('bad_signature');
    const signedFields = parseLicencePayload(row.signedPayload);
    const parts = parseLicenceIdentifier(row.number);
    if (!signedFields || !parts || row.holderRef === null || row.name !== row.licenceType) return invalid('tampered');
    const fromColumns = canonicalLicencePayload({
      identifier: row.number,
      licenceType: row.licenceType,
      licenceTypeCode: parts.typeCode,
      holderName: signedFields.holderName,
      holderRef: row.holderRef,
      issuer: row.issuer,
      issuerUscc: parts.issuerUscc,
      issuedOn: row.issuedOn,
      validUntil: row.validUntil,
      caseNo: row.caseNo,
      version: parts.version,
      replaces: row.replaces,
    });
    if (fromColumns !== row.signedPayload) return invalid('tampered');
    if (row.keyPublicKey === null || !this.signatureVerifies(row.signedPayload, row.signature, row.keyPublicKey)) return invalid('bad_signature');
    if (row.keyCompromisedSince !== null && row.createdAt >= row.keyCompromisedSince) return invalid('key_compromised');
    if (row.status === 'revoked' || row.revokedAt !== null) return invalid('revoked');
    if (row.status === 'superseded') return invalid('superseded');
    if (licence.status === 'expired') return invalid('expired');
    return { valid: true, reason: 'ok', licence, signed };
  }

  /** SM2 verification, cached: the same payload, signature and public key always give the same answer. */
  private signatureVerifies(payload: string, signature: string, publicKey: string): boolean {
    const cacheKey = `${publicKey}|${signature}|${payload}`;
    const cached = this.verifiedSignatures.get(cacheKey);
    if (cached !== undefined) return cached;
    const ok = /^[0-9a-f]+$/i.test(signature) && signature.length % 2 === 0 && sm2.verify(Buffer.from(payload, 'utf8'), Buffer.from(signature, 'hex'), publicKey);
    if (this.verifiedSignatures.size >= verifiedSignaturesMax) this.verifiedSignatures.delete(this.verifiedSignatures.keys().next().value!);
    this.verifiedSignatures.set(cacheKey, ok);
    return ok;
  }
}

/**
 * The department that issued a licence: its case's department, or (issued outside a case) the one
 * whose USCC the identifier carries (`1.2.156.3005.2.<type>.<issuer USCC>.…`).
 */
async function issuingDepartment(repos: Pick<Repositories, Uses>, licence: StoredLicence): Promise<Department | undefined> {
  if (licence.caseId) {
    const c = await repos.cases.findCase(licence.caseId);
    if (c) return repos.org.findDepartment(c.departmentId);
  }
  const uscc = licence.number.split('.')[6];
  return (await repos.org.listDepartments()).find((d) => d.uscc !== null && d.uscc === uscc);
}

/** The signed block of a verification answer; undefined when the stored signature is not hex. */
function signedLicence(payload: string, signatureHex: string, keyId: string): SignedLicence | undefined {
  if (!/^([0-9a-f]{2})+$/i.test(signatureHex)) return undefined;
  return {
    payload,
    payloadBase64: Buffer.from(payload, 'utf8').toString('base64'),
    algorithm: signingAlgorithm,
    userId: defaultUserId,
    signature: Buffer.from(signatureHex, 'hex').toString('base64'),
    signatureEncoding: 'DER',
    keyId,
    keyUrl: keyUrl(keyId),
  };
}

/**
 * A new serial: the year of issue and 12 random digits (`2026` + `048213775901`).
 *
 * Why this form: real issuers write serials that begin with the year (`20230000403`,
 * `2025052201`), which keeps them readable; a counter after it, as they use, lets anyone who
 * holds one licence walk its neighbours on the public verify route and read their holders, as
 * serials 1–40 did here. 12 random digits (10^12 per issuer, type and year, from the system's
 * CSPRNG) make a neighbour unguessable. Uniqueness per (type, issuer): {@link ELicenceService} retries
 * on the rare collision, and a unique index on issued numbers backs it.
 */
function newLicenceSerial(issuedOn: string): string {
  const year = issuedOn.slice(0, 4);
  if (!/^\d{4}$/.test(year)) throw new RangeError(`not a date: ${issuedOn}`);
  const high = randomInt(0, 1_000_000);
  const low = randomInt(0, 1_000_000);
  return `${year}${String(high).padStart(6, '0')}${String(low).padStart(6, '0')}`;
}

/**
 * The public view. The holder's name and reference are what was signed (the licence as issued);
 * without a readable payload, the holder reference on record and no name. Status `expired` is
 * read from the end date against today in China.
 */
function publicLicence(row: StoredLicence, now: Date): PublicLicence {
  const signed = row.signedPayload === null ? undefined : parseLicencePayload(row.signedPayload);
  const parts = parseLicenceIdentifier(row.number);
  const expired = row.validUntil !== null && row.validUntil < chinaDate(now) /* a licence's last day ends at midnight in China */;
  return {
    identifier: row.number,
    licenceType: row.licenceType,
    licenceTypeCode: parts?.typeCode ?? '',
    holderName: signed?.holderName ?? '',
    holderRef: signed?.holderRef ?? row.holderRef ?? '',
    issuer: row.issuer,
    issuerUscc: parts?.issuerUscc ?? '',
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    caseNo: row.caseNo,
    version: parts?.version ?? 1,
    status: row.status === 'valid' && expired ? 'expired' : row.status,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    replacedBy: row.replacedBy,
    replaces: row.replaces,
  };
}
