/**
 * 帮办代办 (proxy service at village and town service points): the agent takes the applicant's
 * 代办服务委托书, the applicant confirms it (a code on their phone, or the signed paper scanned), and
 * under it the agent applies, corrects and receives results for them; the applicant's visits stay
 * zero. Afterwards the agent calls the applicant back (回访). Each change is one write: guard,
 * change, audit row, and an outbox event the notifications turn into a message to the applicant.
 */
import { AppError } from '../domain/errors.ts';
import {
  agentPowers,
  authorisationActionLabel,
  authorisationStateLabels,
  coverageProblem,
  possibleActions,
  maxPeriodDays,
  nextState,
  stepsDone,
  type AgentPower,
  type AgentStep,
  type AuthorisationAction,
  type AuthorisationState,
  type CoveredMatter,
  type FollowUpResult,
} from '../domain/agent-authorisation.ts';
import { addDays } from '../domain/calendar.ts';
import { chinaDate, chinaDayStart } from '../domain/china-time.ts';
import { mayOn } from '../domain/permissions.ts';
import { assertUploadAllowed } from '../domain/uploads.ts';
import type { AgentAuthorisation, AgentCaseRow, AgentFigures } from '../repositories/agent.repository.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import { assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import { sniffFileKind } from './file-sniff.ts';
import { consumeCode, type CodeSent, type OnlineAccountService } from './online-account.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof AgentService.repositories)[number];

export interface NewAuthorisation {
  applicantId: string;
  matters: { kind: 'item' | 'bundle'; code: string }[];
  powers: AgentPower[];
  validFrom: string;
  validUntil: string;
  /** The service point (a region of the agent's grants); the agent's only one when absent. */
  regionCode?: string;
}

export interface AgentCase extends AgentCaseRow {
  steps: Record<AgentStep, boolean>;
}

export class AgentService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['agents', 'applicants', 'catalog', 'org', 'cases', 'online', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  /** One-time codes to the applicant's phone (the online channel's, with its limits). */
  private readonly codes: Pick<OnlineAccountService, 'sendCode' | 'checkCode'>;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; codes: Pick<OnlineAccountService, 'sendCode' | 'checkCode'> }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.codes = options.codes;
  }

  /** Takes an authorisation: pending until the applicant confirms it. */
  async create(options: WriteOptions, input: NewAuthorisation): Promise<AgentAuthorisation> {
    const { actor } = options;
    assertMayAnywhere(actor, 'agent.work');
    if (actor.kind !== 'staff' || !actor.id) throw forbidden('agent.work');
    const agentId = actor.id;
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const today = chinaDate(now);
      const region = await this.servicePoint(repos, actor, input.regionCode);
      const applicant = await repos.applicants.findById(input.applicantId);
      if (!applicant) throw notFound({ zh: '申请人', en: 'Applicant' });
      checkPeriod(input.validFrom, input.validUntil, today);
      const powers = [...new Set(input.powers)].sort((a, b) => agentPowers.indexOf(a) - agentPowers.indexOf(b));
      if (!powers.includes('apply')) throw invalid('委托权限至少包括代为提交申请', 'The powers must include applying', 'powers');
      const matters = await this.resolveMatters(repos, input.matters);
      const seq = await repos.agents.nextNumber(region.code, today);
      const authorisationNo = `DB${region.code}${today.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = await repos.agents.insert({
        authorisationNo,
        applicantId: applicant.id,
        agentId,
        regionCode: region.code,
        regionPath: region.path,
        matters,
        powers,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        renewedFrom: null,
        at: now,
      });
      await record({
        action: 'agent_authorisation.created',
        entityType: 'agent_authorisation',
        entityId: id,
        payload: { authorisationNo, applicantId: applicant.id, matters: matters.map((m) => m.code), powers, validFrom: input.validFrom, validUntil: input.validUntil },
        scope: { regionPath: region.path, departmentId: null },
        events: [
          {
            topic: 'agent_authorisation.created',
            payload: {
              authorisationId: id,
              authorisationNo,
              applicantId: applicant.id,
              phone: applicant.phone,
              agentName: actor.displayName ?? actor.name,
              matters: matters.map((m) => m.name).join('、'),
              validUntil: input.validUntil,
              regionPath: region.path,
            },
          },
        ],
      });
      return (await repos.agents.find(id))!;
    });
  }

  /** The applicant signed the printed form: the scan (PDF, JPEG or PNG) is kept and the authorisation takes effect. */
  async confirmByPaper(options: WriteOptions, id: string, scan: Buffer): Promise<AgentAuthorisation> {
    const kind = assertUploadAllowed('material', await sniffFileKind(scan), scan.length);
    return this.transition(options, id, 'confirm', '', { method: 'paper', scan: { bytes: scan, kind } });
  }

  /**
   * Sends the applicant a code for this authorisation (their phone, as registered): read out to
   * the agent or typed by them, it confirms that they want it. Limited like every code.
   */
  async sendConfirmationCode(options: WriteOptions, id: string, ip: string): Promise<CodeSent> {
    const found = await this.pendingOwn(options.actor, id);
    if (!/^1\d{10}$/.test(found.applicant.phone)) {
      throw new AppError('VALIDATION_FAILED', { zh: '委托人没有登记手机号,请打印委托书由委托人签字确认', en: 'The applicant has no mobile number on record: have the printed form signed instead' }, [{ field: 'phone' }]);
    }
    return this.codes.sendCode({ phone: found.applicant.phone, purpose: 'confirm', subjectId: id, ip });
  }

  /** The applicant's code confirms the authorisation: used once, in the same transaction as the change. */
  async confirmByCode(options: WriteOptions, id: string, code: string, ip: string): Promise<AgentAuthorisation> {
    const found = await this.pendingOwn(options.actor, id);
    const { codeId } = await this.codes.checkCode({ phone: found.applicant.phone, purpose: 'confirm', subjectId: id, code, ip });
    return this.transition(options, id, 'confirm', '', { method: 'code' }, (repos, now) => consumeCode(repos, codeId, now));
  }

  private async pendingOwn(actor: Actor, id: string): Promise<AgentAuthorisation> {
    assertMayAnywhere(actor, 'agent.work');
    const found = await this.uow.read.agents.find(id);
    if (!found) throw notFound({ zh: '代办委托', en: 'Authorisation' });
    this.assertOwnAgent(actor, found);
    if (!nextState(found.state, 'confirm')) throw notPossible(found.state, 'confirm');
    return found;
  }

  /** Suspends (中止), resumes or ends (终止) an authorisation, with the reason. */
  async act(options: WriteOptions, id: string, action: Exclude<AuthorisationAction, 'confirm' | 'renew'>, reason: string): Promise<AgentAuthorisation> {
    if ((action === 'suspend' || action === 'end') && !reason.trim()) throw invalid('请写明中止或终止的原因', 'Give the reason', 'reason');
    return this.transition(options, id, action, reason.trim());
  }

  /**
   * Renews (续办委托书): the old authorisation becomes `renewed` and a new one, for the new period
   * (and the matters and powers given, else the old ones), waits for the applicant's confirmation.
   */
  async renew(options: WriteOptions, id: string, input: { validUntil: string; matters?: NewAuthorisation['matters']; powers?: AgentPower[] }): Promise<AgentAuthorisation> {
    const { actor } = options;
    assertMayAnywhere(actor, 'agent.work');
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const old = await repos.agents.find(id, { forUpdate: true });
      if (!old) throw notFound({ zh: '代办委托', en: 'Authorisation' });
      this.assertOwnAgent(actor, old);
      if (!nextState(old.state, 'renew')) throw notPossible(old.state, 'renew');
      const today = chinaDate(now);
      const validFrom = old.validUntil >= today ? old.validFrom : today;
      checkPeriod(validFrom, input.validUntil, today);
      const matters = input.matters ? await this.resolveMatters(repos, input.matters) : old.matters;
      const powers = input.powers ?? old.powers;
      if (!powers.includes('apply')) throw invalid('委托权限至少包括代为提交申请', 'The powers must include applying', 'powers');
      await repos.agents.setState(old.id, { state: 'renewed', reason: '续办委托', at: now });
      const seq = await repos.agents.nextNumber(old.regionCode, today);
      const authorisationNo = `DB${old.regionCode}${today.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const newId = await repos.agents.insert({
        authorisationNo,
        applicantId: old.applicant.id,
        agentId: old.agent.id,
        regionCode: old.regionCode,
        regionPath: old.regionPath,
        matters,
        powers,
        validFrom,
        validUntil: input.validUntil,
        renewedFrom: old.id,
        at: now,
      });
      const scope = { regionPath: old.regionPath, departmentId: null };
      await record({ action: 'agent_authorisation.renewed', entityType: 'agent_authorisation', entityId: old.id, payload: { authorisationNo: old.authorisationNo, renewedBy: authorisationNo }, scope });
      await record({
        action: 'agent_authorisation.created',
        entityType: 'agent_authorisation',
        entityId: newId,
        payload: { authorisationNo, applicantId: old.applicant.id, renews: old.authorisationNo, matters: matters.map((m) => m.code), powers, validFrom, validUntil: input.validUntil },
        scope,
        events: [
          {
            topic: 'agent_authorisation.created',
            payload: {
              authorisationId: newId,
              authorisationNo,
              applicantId: old.applicant.id,
              phone: old.applicant.phone,
              agentName: old.agent.name,
              matters: matters.map((m) => m.name).join('、'),
              validUntil: input.validUntil,
              regionPath: old.regionPath,
            },
          },
        ],
      });
      return (await repos.agents.find(newId))!;
    });
  }

  async get(actor: Actor, id: string): Promise<AgentAuthorisation> {
    assertMayAnywhere(actor, 'agent.read');
    const found = await this.uow.read.agents.find(id);
    if (!found || !mayRead(actor, found)) throw notFound({ zh: '代办委托', en: 'Authorisation' });
    return found;
  }

  /** The signed paper form's scan. */
  async paperScan(actor: Actor, id: string): Promise<{ bytes: Buffer; kind: string }> {
    await this.get(actor, id);
    const scan = await this.uow.read.agents.paperScan(id);
    if (!scan) throw notFound({ zh: '委托书扫描件', en: 'Scan of the signed form' });
    return scan;
  }

  /** Authorisations in the caller's regions; `mine`: only those given to the caller. */
  async list(actor: Actor, filter: { mine?: boolean; state?: AuthorisationState; applicantId?: string }): Promise<AgentAuthorisation[]> {
    assertMayAnywhere(actor, 'agent.read');
    const scopes = scopesFor(actor, 'agent.read');
    return this.uow.read.agents.list({
      regionPaths: scopes === 'all' ? 'all' : scopes.filter((s) => s.departmentId === null).map((s) => s.regionPath),
      ...(filter.mine && actor.id ? { agentId: actor.id } : {}),
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.applicantId ? { applicantId: filter.applicantId } : {}),
    });
  }

  /** Proxy cases with their seven steps: the caller's own (`mine`) or their regions'. */
  async cases(actor: Actor, filter: { mine?: boolean; authorisationId?: string; caseId?: string }): Promise<AgentCase[]> {
    assertMayAnywhere(actor, 'agent.read');
    const scopes = scopesFor(actor, 'agent.read');
    const rows = await this.uow.read.agents.cases({
      regionPaths: scopes === 'all' ? 'all' : scopes.filter((s) => s.departmentId === null).map((s) => s.regionPath),
      ...(filter.mine && actor.id ? { agentId: actor.id } : {}),
      ...(filter.authorisationId ? { authorisationId: filter.authorisationId } : {}),
      ...(filter.caseId ? { caseId: filter.caseId } : {}),
    });
    const monthStart = chinaDate(this.clock.now()).slice(0, 7);
    return rows.map((r) => ({
      ...r,
      steps: stepsDone({
        authorisationActive: true,
        status: r.status,
        concluded: r.concludedAt !== null,
        delivered: r.deliveredAt !== null,
        archived: r.archivedAt !== null,
        // The monthly report (上报) covers a case once the month it concluded in has closed.
        reported: r.concludedAt !== null && chinaDate(r.concludedAt).slice(0, 7) < monthStart,
        followedUp: r.followUp !== null,
      }),
    }));
  }

  /** 回访: the agent's call with the applicant after the result, and what they said. */
  async followUp(options: WriteOptions, caseId: string, input: { result: FollowUpResult; note: string }): Promise<AgentCase> {
    const { actor } = options;
    assertMayAnywhere(actor, 'agent.work');
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const authorisationId = await repos.agents.authorisationOfCase(caseId);
      const c = await repos.cases.findCase(caseId);
      if (!c || !authorisationId) throw notFound({ zh: '代办件', en: 'Proxy case' });
      const authorisation = (await repos.agents.find(authorisationId))!;
      this.assertOwnAgent(actor, authorisation);
      if (!c.concludedAt) throw new AppError('AGENT_CASE_NOT_CONCLUDED', { zh: '办件办结后才能回访', en: 'Follow up once the case is concluded' });
      if (input.result === 'dissatisfied' && !input.note.trim()) throw invalid('不满意的回访须记录申请人的意见', 'Record what the dissatisfied applicant said', 'note');
      const followUpId = await repos.agents.insertFollowUp({ caseId, authorisationId, at: now, recordedBy: actor.id, result: input.result, note: input.note.trim() });
      await record({
        action: 'agent.followed_up',
        entityType: 'case',
        entityId: caseId,
        payload: { followUpId, caseNo: c.caseNo, result: input.result, note: input.note.trim() },
        scope: { regionPath: authorisation.regionPath, departmentId: null },
      });
    });
    return (await this.cases(actor, { caseId }))[0]!;
  }

  /**
   * The agent's figures for this month (China time) and their service area's: the agent's own
   * and, beside them, those of the town the service point belongs to (a village's parent), or the
   * caller's regions for the center's staff and supervisors.
   */
  async figures(actor: Actor): Promise<{ since: string; mine: AgentFigures | null; area: AgentFigures; areaName: string }> {
    assertMayAnywhere(actor, 'agent.read');
    const today = chinaDate(this.clock.now());
    const since = `${today.slice(0, 7)}-01`;
    const scopes = scopesFor(actor, 'agent.read');
    const ownPaths = scopes === 'all' ? 'all' : scopes.filter((s) => s.departmentId === null).map((s) => s.regionPath);
    const isAgent = actor.kind === 'staff' && actor.grants.some((g) => g.role === 'agent');
    let areaPaths: readonly string[] | 'all' = ownPaths;
    let areaName = '本辖区';
    if (isAgent && ownPaths !== 'all') {
      // A village's service point reports to its town's center: the parent region.
      const parents = [...new Set(ownPaths.map((p) => (p.split('.').length > 3 ? p.split('.').slice(0, -1).join('.') : p)))];
      areaPaths = parents;
      const town = await this.uow.read.org.findRegion(parents[0]!.split('.').at(-1)!);
      areaName = town?.name ?? areaName;
    }
    const start = chinaDayStart(since);
    const [mine, area] = await Promise.all([isAgent && actor.id ? this.uow.read.agents.figures({ agentId: actor.id }, start) : Promise.resolve(null), this.uow.read.agents.figures({ regionPaths: areaPaths }, start)]);
    return { since, mine, area, areaName };
  }

  private async transition(
    options: WriteOptions,
    id: string,
    action: AuthorisationAction,
    reason: string,
    confirmation?: { method: 'code' | 'paper'; scan?: { bytes: Buffer; kind: string } },
    alsoInTransaction?: (repos: Pick<Repositories, Uses>, now: Date) => Promise<void>,
  ): Promise<AgentAuthorisation> {
    const { actor } = options;
    assertMayAnywhere(actor, 'agent.work');
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const found = await repos.agents.find(id, { forUpdate: true });
      if (!found) throw notFound({ zh: '代办委托', en: 'Authorisation' });
      this.assertOwnAgent(actor, found);
      const to = nextState(found.state, action);
      if (!to) throw notPossible(found.state, action);
      if (action === 'resume' && found.validUntil < chinaDate(now)) throw invalid('委托期限已届满,请续办委托', 'The period is over; renew the authorisation', 'validUntil');
      await alsoInTransaction?.(repos, now);
      await repos.agents.setState(id, { state: to, reason, at: now, ...(confirmation ? { confirmation } : {}) });
      const verb = action === 'confirm' ? 'confirmed' : action === 'suspend' ? 'suspended' : action === 'resume' ? 'resumed' : 'ended';
      await record({
        action: `agent_authorisation.${verb}`,
        entityType: 'agent_authorisation',
        entityId: id,
        payload: { authorisationNo: found.authorisationNo, from: found.state, to, reason, ...(confirmation ? { method: confirmation.method } : {}) },
        scope: { regionPath: found.regionPath, departmentId: null },
        events: [{ topic: `agent_authorisation.${verb}`, payload: { authorisationId: id, authorisationNo: found.authorisationNo, applicantId: found.applicant.id, phone: found.applicant.phone, reason, regionPath: found.regionPath } }],
      });
      return (await repos.agents.find(id))!;
    });
  }

  /** Only the agent the applicant authorised manages the authorisation (and within their region). */
  private assertOwnAgent(actor: Actor, found: AgentAuthorisation): void {
    if (actor.kind === 'system') return;
    if (!mayOn(actor.grants, 'agent.work', { regionPath: found.regionPath, departmentId: null })) throw notFound({ zh: '代办委托', en: 'Authorisation' });
    if (found.agent.id !== actor.id) throw new AppError('FORBIDDEN', { zh: '只有受托的代办员本人可以办理该委托', en: 'Only the authorised agent may act on this authorisation' });
  }

  private async servicePoint(repos: Pick<Repositories, Uses>, actor: Actor, regionCode: string | undefined): Promise<{ code: string; path: string }> {
    const grants = actor.grants.filter((g) => g.role === 'agent');
    const paths = grants.map((g) => g.regionPath);
    const path = regionCode ? paths.find((p) => p.split('.').at(-1) === regionCode) : paths.length === 1 ? paths[0] : undefined;
    if (!path) {
      throw invalid(regionCode ? '该区划不是您的代办服务点' : '您有多个代办服务点,请选择一个', regionCode ? 'That region is not one of your service points' : 'You serve several points; choose one', 'regionCode');
    }
    const region = await repos.org.findRegion(path.split('.').at(-1)!);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    return { code: region.code, path: region.path };
  }

  private async resolveMatters(repos: Pick<Repositories, Uses>, wanted: NewAuthorisation['matters']): Promise<CoveredMatter[]> {
    if (wanted.length === 0) throw invalid('请选择委托代办的事项', 'Choose the items the authorisation covers', 'matters');
    const out: CoveredMatter[] = [];
    for (const m of wanted) {
      if (out.some((o) => o.kind === m.kind && o.code === m.code)) continue;
      if (m.kind === 'item') {
        const version = await repos.catalog.findVersion(m.code, { status: 'published' });
        if (!version) throw notFound({ zh: `事项 ${m.code}`, en: `Item ${m.code}` });
        out.push({ kind: 'item', code: m.code, name: version.content.name });
      } else {
        const bundle = await repos.catalog.findBundle(m.code);
        if (bundle?.status !== 'published') throw notFound({ zh: `一件事 ${m.code}`, en: `Bundle ${m.code}` });
        out.push({ kind: 'bundle', code: m.code, name: bundle.content.name });
      }
    }
    return out;
  }
}

/**
 * The authorisation that lets `actor` (a proxy agent) do `power` for this applicant's matter now,
 * or an error saying why not. Intake and issuance call it inside their transaction; the agent must
 * be the authorisation's own when one acts.
 */
export async function authorisationCovering(
  repos: Pick<Repositories, 'agents'>,
  /** The agent acting (a proxy applying), or `null` when staff hand over to the authorisation's own agent. */
  agentId: string | null,
  authorisationId: string | undefined,
  want: { applicantId: string; matter: { kind: 'item' | 'bundle'; code: string }; power: AgentPower; today: string },
): Promise<AgentAuthorisation> {
  if (!authorisationId) throw invalid('代办员代为申请须选择申请人签署的代办委托书', 'A proxy agent applies only under the applicant’s authorisation; choose it', 'authorisationId');
  const found = await repos.agents.find(authorisationId);
  if (!found) throw notFound({ zh: '代办委托', en: 'Authorisation' });
  const problem = coverageProblem({ ...found, applicantId: found.applicant.id, agentId: found.agent.id }, { ...(agentId !== null ? { agentId } : {}), ...want });
  if (problem) throw new AppError('AUTHORISATION_DOES_NOT_COVER', problem, [{ field: 'authorisationId' }]);
  return found;
}

function mayRead(actor: Actor, found: AgentAuthorisation): boolean {
  return actor.kind === 'system' || mayOn(actor.grants, 'agent.read', { regionPath: found.regionPath, departmentId: null });
}

function invalid(zh: string, en: string, field: string): AppError {
  return new AppError('VALIDATION_FAILED', { zh, en }, [{ field }]);
}

function notPossible(state: AuthorisationState, action: AuthorisationAction): AppError {
  const label = authorisationStateLabels[state];
  const verb = authorisationActionLabel(action);
  return new AppError(
    'AUTHORISATION_ACTION_NOT_ALLOWED',
    { zh: `委托书${label.zh},不能${verb.zh}`, en: `The authorisation is ${label.en.toLowerCase()}: ${verb.en.toLowerCase()} is not possible` },
    { state, possible: possibleActions(state) },
  );
}

/** The period: starts today or later (or earlier for a renewal), ends on or after it starts, at most a year. */
function checkPeriod(validFrom: string, validUntil: string, today: string): void {
  if (validUntil < validFrom) throw invalid('委托期限的截止日不能早于起始日', 'The period ends before it starts', 'validUntil');
  if (validUntil < today) throw invalid('委托期限已过', 'The period is already over', 'validUntil');
  if (validUntil > addDays(validFrom, maxPeriodDays)) throw invalid(`委托期限不能超过 ${maxPeriodDays} 天`, `The period may not exceed ${maxPeriodDays} days`, 'validUntil');
}
