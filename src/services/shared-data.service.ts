/**
 * 数据共享 (issue 16): another department's system reads our results with an API key, inside the
 * key's scope (items, fields, region subtree and department), at most its rate a minute, and every
 * read is logged with the reason it gave, in the read's own transaction: a read whose log row
 * cannot be written returns nothing.
 *
 * The per-minute counter runs in its own short transaction before the read, like the attempt
 * limiter's: it is bookkeeping, and a key over its rate must be refused without a read.
 */
import { AppError } from '../domain/errors.ts';
import { chinaDate } from '../domain/china-time.ts';
import { mayOn } from '../domain/permissions.ts';
import { isValidResidentId, maskResidentId } from '../domain/resident-id.ts';
import { maskPhone, minuteOf, pickShared, readsSection, requestReason, requestRef, secondsToNextMinute } from '../domain/shared-data.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { ApiKeyRecord } from '../repositories/session.repository.ts';
import type { SharedCaseRow, SharedLicenceRow, SharedReach, SharedReadRow } from '../repositories/shared-data.repository.ts';
import { assertMayAnywhere, forbidden, notFound, type Actor, type Clock } from './actor.ts';
import type { IdProtector } from './id-protection.ts';

type Uses = (typeof SharedDataService.repositories)[number];

/** What every shared read carries besides its target: the reason and reference headers, and the request. */
export interface SharedReadContext {
  reason: unknown;
  ref: unknown;
  requestId: string;
  route: string;
}

export type SharedRecord = Record<string, unknown>;

export interface SharedCaseResult {
  case?: SharedRecord;
  applicant?: SharedRecord;
  licences?: SharedRecord[];
}

const notInScope = { zh: '办件或证照', en: 'Case or licence' };

export class SharedDataService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['sessions', 'sharedData'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
  }

  async readCase(actor: Actor, context: SharedReadContext, caseNo: string): Promise<SharedCaseResult> {
    return this.read(actor, context, async (key, repos) => {
      const found = await repos.sharedData.findCase(caseNo, reachOf(key));
      // Out of scope and non-existent read alike: the key learns nothing of cases it may not read.
      if (!found) throw notFound(notInScope);
      const licences = readsSection(key.fields, 'licence') ? await repos.sharedData.licencesOfCases([found.id], reachOf(key)) : [];
      const result = this.caseResult(key, found, licences);
      return { result, log: { subjectKind: 'case', subject: found.caseNo, subjectLabel: found.itemName, itemCodes: [found.itemCode], returned: [found.caseNo, ...licences.map((l) => l.identifier)], resultCount: 1 } };
    });
  }

  async readLicence(actor: Actor, context: SharedReadContext, identifier: string): Promise<{ licence: SharedRecord; case?: SharedRecord }> {
    return this.read(actor, context, async (key, repos) => {
      if (!readsSection(key.fields, 'licence')) throw noFieldsOf('licence');
      const found = await repos.sharedData.findLicence(identifier.trim().toUpperCase(), reachOf(key));
      if (!found) throw notFound(notInScope);
      const caseFields = pickShared('case', key.fields, { caseNo: found.caseNo, itemCode: found.itemCode });
      const result = { licence: this.licenceRecord(key, found), ...(caseFields ? { case: caseFields } : {}) };
      return { result, log: { subjectKind: 'licence', subject: found.identifier, subjectLabel: found.type, itemCodes: [found.itemCode], returned: [found.identifier], resultCount: 1 } };
    });
  }

  /**
   * The e-licences a person holds, found by the keyed fingerprint of their resident ID: the number
   * itself is neither kept nor logged, only its fingerprint and masked form.
   */
  async personLicences(actor: Actor, context: SharedReadContext, idNumber: string): Promise<{ licences: SharedRecord[] }> {
    const id = idNumber.trim().toUpperCase();
    if (!isValidResidentId(id)) throw new AppError('VALIDATION_FAILED', { zh: '公民身份号码无效', en: 'Invalid resident ID number' });
    return this.read(actor, context, async (key, repos) => {
      if (!readsSection(key.fields, 'licence')) throw noFieldsOf('licence');
      const fingerprint = this.ids.fingerprint(id);
      const found = await repos.sharedData.licencesOfHolder(fingerprint, reachOf(key));
      return {
        result: { licences: found.map((l) => this.licenceRecord(key, l)) },
        log: {
          subjectKind: 'person',
          subject: fingerprint,
          subjectLabel: maskResidentId(id),
          itemCodes: [...new Set(found.map((l) => l.itemCode))],
          returned: found.map((l) => l.identifier),
          resultCount: found.length,
        },
      };
    });
  }

  /** Concluded cases of one item since a time, oldest first, a page at a time (`cursor` from the last page). */
  async results(actor: Actor, context: SharedReadContext, query: { itemCode: string; since: Date; cursor?: string; limit: number }): Promise<{ items: SharedCaseResult[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.read(actor, context, async (key, repos) => {
      if (!key.itemCodes.includes(query.itemCode)) {
        throw new AppError('FORBIDDEN', { zh: `该密钥无权读取事项 ${query.itemCode} 的结果`, en: `This key may not read results of item ${query.itemCode}` });
      }
      const rows = await repos.sharedData.results(query.itemCode, query.since, after, query.limit + 1, reachOf(key));
      const page = rows.slice(0, query.limit);
      const licences = readsSection(key.fields, 'licence')
        ? await repos.sharedData.licencesOfCases(
            page.map((c) => c.id),
            reachOf(key),
          )
        : [];
      const items = page.map((c) =>
        this.caseResult(
          key,
          c,
          licences.filter((l) => l.caseId === c.id),
        ),
      );
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeCursor(last.concludedAt!, last.id) : null;
      return {
        result: { items, nextCursor },
        log: {
          subjectKind: 'results',
          subject: query.itemCode,
          subjectLabel: `since ${query.since.toISOString()}`,
          itemCodes: [query.itemCode],
          returned: [...page.map((c) => c.caseNo), ...licences.map((l) => l.identifier)],
          resultCount: page.length,
        },
      };
    });
  }

  /**
   * The read log of the keys the actor may oversee, newest first. A subject that is a resident ID
   * is looked for by its fingerprint, which is what the log keeps.
   */
  async listReads(actor: Actor, filter: { apiKeyId?: string; subject?: string; itemCode?: string; from?: Date; to?: Date; before?: string; limit: number }): Promise<{ rows: SharedReadRow[]; nextBefore: string | null }> {
    assertMayAnywhere(actor, 'shareddata.log.read');
    const keys = (await this.uow.read.sessions.listApiKeys()).filter((k) => actor.kind === 'system' || mayOn(actor.grants, 'shareddata.log.read', k));
    let keyIds = keys.map((k) => k.id);
    if (filter.apiKeyId) {
      if (!keyIds.includes(filter.apiKeyId)) {
        if (await this.uow.read.sessions.findApiKey(filter.apiKeyId)) throw forbidden('shareddata.log.read');
        throw notFound({ zh: 'API 密钥', en: 'API key' });
      }
      keyIds = [filter.apiKeyId];
    }
    const subject = filter.subject?.trim();
    const lookFor = subject && isValidResidentId(subject.toUpperCase()) ? this.ids.fingerprint(subject.toUpperCase()) : subject || undefined;
    const rows = await this.uow.read.sharedData.listReads({
      apiKeyIds: keyIds,
      subject: lookFor,
      itemCode: filter.itemCode,
      from: filter.from,
      to: filter.to,
      before: filter.before ? decodeCursor(filter.before) : undefined,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { rows: page, nextBefore: rows.length > filter.limit && last ? encodeCursor(last.at, last.id) : null };
  }

  /**
   * The frame of every shared read: the reason checked, the key live and within its rate, then the
   * read and its log row in one transaction.
   */
  private async read<T>(
    actor: Actor,
    context: SharedReadContext,
    work: (key: ApiKeyRecord, repos: Parameters<Parameters<UnitOfWork<Uses>['transaction']>[0]>[0]) => Promise<{ result: T; log: Pick<SharedReadRow, 'subjectKind' | 'subject' | 'subjectLabel' | 'itemCodes' | 'returned' | 'resultCount'> }>,
  ): Promise<T> {
    if (actor.kind !== 'api_key' || !actor.id) throw forbidden('shared.read');
    const reason = requestReason(context.reason);
    const ref = requestRef(context.ref);
    const now = this.clock.now();
    const key = await this.uow.read.sessions.findApiKey(actor.id);
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) throw unauthenticatedKey();
    await this.countRequest(key, now);
    if (key.itemCodes.length === 0 || key.fields.length === 0) {
      throw new AppError('FORBIDDEN', { zh: '该密钥尚未设置共享范围(事项和字段),不能读取任何数据', en: 'This key has no sharing scope (items and fields) yet and reads nothing' });
    }
    return this.uow.transaction(async (repos) => {
      const { result, log } = await work(key, repos);
      await repos.sharedData.insertRead({
        apiKeyId: key.id,
        route: context.route,
        ...log,
        fields: key.fields,
        reason,
        requestRef: ref,
        requestId: context.requestId,
        at: now,
      });
      return result;
    });
  }

  private async countRequest(key: ApiKeyRecord, now: Date): Promise<void> {
    const minute = minuteOf(now);
    const count = await this.uow.transaction(async (repos) => {
      const counted = await repos.sharedData.countRequest(key.id, minute);
      if (counted === 1) await repos.sharedData.pruneRate(key.id, minute);
      return counted;
    });
    if (count > key.ratePerMinute) {
      const wait = secondsToNextMinute(now);
      throw new AppError('RATE_LIMITED', { zh: `该密钥每分钟最多查询 ${key.ratePerMinute} 次,请 ${wait} 秒后再试`, en: `This key may make ${key.ratePerMinute} requests a minute; try again in ${wait} s` }, { retryAfterSeconds: wait });
    }
  }

  private caseResult(key: ApiKeyRecord, c: SharedCaseRow, licences: SharedLicenceRow[]): SharedCaseResult {
    const caseFields = pickShared('case', key.fields, {
      caseNo: c.caseNo,
      itemCode: c.itemCode,
      itemName: c.itemName,
      status: c.status,
      decision: c.outcome,
      concludedAt: c.concludedAt?.toISOString() ?? null,
      departmentName: c.departmentName,
      regionCode: c.regionCode,
    });
    const wantsFullId = key.fields.includes('applicant.idNumber');
    const applicant = pickShared('applicant', key.fields, {
      name: c.applicantName,
      idNumberMasked: c.applicantIdMasked ?? c.applicantUscc,
      // Opened only when the scope lists the full number.
      idNumber: wantsFullId ? (c.applicantIdSealed ? this.ids.open(c.applicantIdSealed) : c.applicantUscc) : null,
      phoneMasked: maskPhone(c.applicantPhone),
    });
    const result: SharedCaseResult = {};
    if (caseFields) result.case = caseFields;
    if (applicant) result.applicant = applicant;
    if (readsSection(key.fields, 'licence')) result.licences = licences.map((l) => this.licenceRecord(key, l));
    return result;
  }

  private licenceRecord(key: ApiKeyRecord, l: SharedLicenceRow): SharedRecord {
    const expired = l.status === 'valid' && l.validUntil !== null && l.validUntil < chinaDate(this.clock.now());
    return (
      pickShared('licence', key.fields, {
        identifier: l.identifier,
        type: l.type,
        holder: l.holder,
        holderRef: l.holderRef,
        issuer: l.issuer,
        issuedAt: l.issuedOn,
        validUntil: l.validUntil,
        status: expired ? 'expired' : l.status,
      }) ?? {}
    );
  }
}

function unauthenticatedKey(): AppError {
  return new AppError('UNAUTHENTICATED', { zh: 'API 密钥无效、已吊销或已过期', en: 'Invalid, revoked or expired API key' });
}

function reachOf(key: ApiKeyRecord): SharedReach {
  return { regionPath: key.regionPath, departmentId: key.departmentId, itemCodes: key.itemCodes };
}

function noFieldsOf(section: string): AppError {
  return new AppError('FORBIDDEN', { zh: '该密钥的共享范围不含证照字段', en: `This key's scope lists no ${section} fields` });
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(Date.parse(at))) return { at: new Date(at), id };
  } catch {
    // falls through to the refusal
  }
  throw new AppError('BAD_REQUEST', { zh: '翻页游标无效', en: 'Invalid cursor' });
}
