/** Reading cases: the view, search, the inbox, and the public progress query behind its password. */
import { randomInt } from 'node:crypto';
import { clientSubject } from '../../domain/attempt-limits.ts';
import { AppError } from '../../domain/errors.ts';
import { citizenSteps, collectionCenter, readyToCollect, type CitizenStep, type CollectionPlace } from '../../domain/citizen-progress.ts';
import type { CaseStatus } from '../../domain/case-lifecycle.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { CaseRecord, CaseScope, CaseSummary, InboxEntry } from '../../repositories/cases/records.ts';
import { assertMay, forbidden, type Actor, type Clock } from '../actor.ts';
import { chinaTime, tooManyAttempts, type AttemptLimiter, type Blocked, type LimitedKey } from '../attempt-limiter.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite, type WriteOptions } from '../write.ts';
import { CaseSteps, caseScope, type CaseView } from './shared.ts';

import { caseStepRepositories } from './shared.ts';
type Uses = (typeof CaseQueries.repositories)[number];

export class CaseQueries {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseStepRepositories, 'applicants', 'attempts', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;
  private readonly limiter: AttemptLimiter;
  private readonly steps: CaseSteps;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector; limiter: AttemptLimiter }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    this.limiter = options.limiter;
    this.steps = new CaseSteps(options);
  }

  async view(actor: Actor, id: string): Promise<CaseView> {
    return this.steps.viewIn(this.uow.read, actor, id);
  }

  async search(
    actor: Actor,
    query: { caseNo?: string; idNumber?: string; uscc?: string; phone?: string; itemCode?: string; status?: CaseStatus[]; warning?: 'yellow' | 'red'; limit?: number; offset?: number },
  ): Promise<{ total: number; cases: CaseSummary[] }> {
    const scopes = this.steps.scopes(actor);
    let applicantIds: string[] | undefined;
    if (query.idNumber) {
      const found = await this.uow.read.applicants.findByFingerprint(this.ids.fingerprint(query.idNumber.trim().toUpperCase()));
      applicantIds = found ? [found.id] : [];
    } else if (query.uscc) {
      const found = await this.uow.read.applicants.findByUscc(query.uscc.trim().toUpperCase());
      applicantIds = found ? [found.id] : [];
    }
    return this.uow.read.cases.search({
      scopes,
      caseNo: query.caseNo?.trim(),
      applicantIds,
      phone: query.phone?.trim(),
      itemCode: query.itemCode,
      status: query.status,
      warning: query.warning,
      topLevelOnly: !query.caseNo,
      limit: Math.min(query.limit ?? 20, 100),
      offset: query.offset ?? 0,
    });
  }

  /** The back-office inbox: open tasks of the actor's departments (or, for a town approver, its delegated cases). */
  async inbox(actor: Actor): Promise<InboxEntry[]> {
    const { reviewer, town } = inboxScopes(actor);
    if (reviewer.length === 0 && town.length === 0) throw forbidden();
    const [a, b] = await Promise.all([this.uow.read.cases.inbox(reviewer, { delegated: false, limit: 200 }), this.uow.read.cases.inbox(town, { delegated: true, limit: 200 })]);
    return [...a, ...b].sort((x, y) => (x.taskDueDate ?? '9999').localeCompare(y.taskDueDate ?? '9999'));
  }

  /**
   * Public progress query (扫码查询) with the case number and the query password on the notice.
   * Guessing is limited per case number (five wrong passwords lock that case's query for 30 min,
   * longer each time) and per client address (20 failures in 15 min), in counters all processes
   * share; unknown case numbers are counted like known ones, so the answer never tells which exist.
   * A right password is never counted. The refusal says how to unlock: wait, or have staff reset
   * the password ({@link resetQueryPassword}).
   *
   * @param clientIp the address the request came from (behind a proxy: as `TRUST_PROXY` allows).
   */
  async publicQuery(
    caseNo: string,
    password: string,
    clientIp: string,
  ): Promise<{
    caseNo: string;
    itemName: string;
    status: CaseStatus;
    outcome: string | null;
    receivedAt: Date;
    dueDate: string | null;
    steps: CitizenStep[];
    collect: CollectionPlace | null;
    licences: { identifier: string; licenceType: string; status: string }[];
  }> {
    const c = await this.openByQueryPassword(caseNo, password, clientIp);
    const [actions, licences, centers] = await Promise.all([this.uow.read.caseLog.listActions(c.id), this.licencesOfPublicCase(c), readyToCollect(c.status) ? this.uow.read.org.listCenters() : []]);
    const center = collectionCenter(centers, c.regionPath);
    return {
      caseNo: c.caseNo,
      itemName: c.itemName,
      status: c.status,
      outcome: c.outcome,
      receivedAt: c.receivedAt,
      dueDate: c.dueDate,
      // In the applicant's words, built here so that nothing of the back office leaves the server.
      steps: citizenSteps(actions, c.outcome),
      collect: center ? { name: center.name, address: center.address, phone: center.phone, openingHours: center.openingHours } : null,
      licences,
    };
  }

  /**
   * The e-licences of a case (a bundle's: of its children too) for its holder, behind the same
   * query password and the same guessing limits as {@link publicQuery}: a wrong password here
   * counts exactly as one there.
   */
  async publicLicences(caseNo: string, password: string, clientIp: string): Promise<{ identifier: string; licenceType: string; status: string }[]> {
    return this.licencesOfPublicCase(await this.openByQueryPassword(caseNo, password, clientIp));
  }

  /** Throws NOT_FOUND unless the actor sees the case (as reading it would). */
  async assertCaseVisible(actor: Actor, caseId: string): Promise<void> {
    await this.steps.loadVisible(this.uow.read, actor, caseId, false);
  }

  private licencesOfPublicCase(c: CaseRecord): Promise<{ identifier: string; licenceType: string; status: string }[]> {
    return this.uow.read.cases.licencesOfCase(c.id, c.bundleCode !== null && c.parentId === null);
  }

  /** The case behind a number and query password, each attempt counted before the password is checked. */
  private async openByQueryPassword(caseNo: string, password: string, clientIp: string): Promise<CaseRecord> {
    const caseKey: LimitedKey = { kind: 'caseQuery', subject: caseNo.trim() };
    const clientKey: LimitedKey = { kind: 'caseQueryClient', subject: clientSubject(clientIp) };
    const { blocked } = await this.limiter.reserve([caseKey, clientKey]);
    if (blocked) throw queryBlocked(blocked, this.clock.now());
    const c = await this.uow.read.cases.findByNumber(caseKey.subject);
    if (!c || this.ids.open(c.querySecret) !== password.trim()) {
      throw new AppError('NOT_FOUND', { zh: '办件编号或查询密码不正确', en: 'Unknown case number or wrong query password' });
    }
    await this.limiter.succeeded([
      { key: caseKey, settle: 'clear' },
      { key: clientKey, settle: 'refund' },
    ]);
    return c;
  }

  /**
   * Gives a case a new query password and lifts the lock that wrong guesses put on its progress
   * query: what the front desk or issuance window does for an applicant who shows their ID (or
   * calls the center). The new password is shown once; a replay of the request does not show it
   * again (the case view shows it to the staff who print notices).
   */
  async resetQueryPassword(options: WriteOptions, caseId: string): Promise<{ caseId: string; caseNo: string; queryPassword: string | null }> {
    const { actor } = options;
    const password = String(randomInt(0, 1_000_000)).padStart(6, '0');
    return performWrite(
      this.uow,
      this.clock,
      options,
      async (scope) => {
        const { c } = await this.steps.loadVisible(scope.repos, actor, caseId, true);
        assertMay(actor, 'case.query_password', caseScope(c));
        await scope.repos.cases.setQuerySecret(c.id, this.ids.seal(password), scope.now);
        await this.limiter.clearIn(scope.repos, { kind: 'caseQuery', subject: c.caseNo });
        await scope.record({ action: 'case.query_password_reset', entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo }, scope: caseScope(c) });
        return { caseId: c.id, caseNo: c.caseNo, queryPassword: password as string | null };
      },
      (result) => ({ ...result, queryPassword: null }),
    );
  }
}

/** Whose open tasks an actor's inbox lists: a reviewer's departments' own, a town approver's delegated ones (the home counts the same). */
export function inboxScopes(actor: Actor): { reviewer: CaseScope[]; town: CaseScope[] } {
  const of = (role: string) => actor.grants.filter((g) => g.role === role).map((g) => ({ regionPath: g.regionPath, departmentId: g.departmentId }));
  return { reviewer: of('reviewer'), town: of('town_approver') };
}

/** The refusal of a progress query while a limit holds, saying how to unlock it. */
function queryBlocked(blocked: Blocked, now: Date): AppError {
  const time = chinaTime(blocked.until, now);
  if (blocked.kind === 'caseQuery') {
    return tooManyAttempts(blocked, now, {
      zh: `该办件的进度查询因多次输入错误的查询密码已被暂时锁定,请于 ${time}（北京时间）后再试;或携带本人身份证件到任一服务窗口,或致电服务中心,由工作人员重置查询密码,即可立即解锁`,
      en: `This case's progress query is locked after repeated wrong query passwords. Try again after ${time} (China time), or bring your ID to any service window or call the service center: staff will reset the query password, which unlocks it at once`,
    });
  }
  return tooManyAttempts(blocked, now, {
    zh: `此网络地址查询失败次数过多,请于 ${time}（北京时间）后再试;如忘记查询密码,请携带本人身份证件到任一服务窗口或致电服务中心重置`,
    en: `Too many failed queries from this address; try again after ${time} (China time). Forgot the query password? Bring your ID to any service window or call the service center to have it reset`,
  });
}
