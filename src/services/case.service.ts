/**
 * The one-window case lifecycle (DESIGN §6): front-desk intake of any item or bundle, the back
 * office's parallel review by stages, the clock, unified issuance, delegation and filing. Every
 * call is one transaction through `performWrite`: the case row is locked, the action is checked
 * against the transition table, the change, the action-log row, the audit row and the outbox row
 * are written together.
 */
import { createHash, randomInt } from 'node:crypto';
import type { ApplicantRecord } from '../repositories/applicant.repository.ts';
import { clientSubject } from '../domain/attempt-limits.ts';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { addWorkingDays, type CalendarData } from '../domain/calendar.ts';
import { availableActions, caseActions, caseStatusLabels, decide, type CaseAction, type CaseActorRole, type CaseFacts, type CaseStatus } from '../domain/case-lifecycle.ts';
import { limitEnd, pausedDays, shiftDue } from '../domain/case-clock.ts';
import { formatCaseNumber } from '../domain/case-number.ts';
import { chinaDate as localDate, chinaDay } from '../domain/china-time.ts';
import {
  applicableMaterials, availableTaskActions, checkMaterials, deferredBlocks, openTaskStatuses, reviewStages, stageEnds, stageOutcome, taskActionProblem, taskActions, taskRoles,
  type MaterialMark, type MaterialState, type ReviewStage, type TaskAction, type TaskStatus, type VisitCause,
} from '../domain/case-process.ts';
import { tongbanScopeLabels, type Channel, type DayUnit, type FormField, type MaterialRequirement, type ServiceItemContent } from '../domain/catalog.ts';
import { isProducedMaterial, mergeBundle, registrationOf, type Registration } from '../domain/bundle.ts';
import { newUscc } from '../domain/uscc.ts';
import { checkForm, separateResidentIds, type FormProblem } from '../domain/form-check.ts';
import { maskResidentIdsDeep } from '../domain/resident-id.ts';
import { intakeArea, taskRegionPath, type Permission } from '../domain/permissions.ts';
import { grantCovers, type Role } from '../domain/roles.ts';
import { isWithinRegion } from '../domain/region.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { CaseActionRecord, CaseMaterial, CaseNotice, CaseNotification, CaseRecord, CaseScope, CaseSummary, CaseTask, CaseVisit, Filing, InboxEntry, NewCase } from '../repositories/case.repository.ts';
import type { ItemVersion } from '../repositories/catalog.repository.ts';
import type { Department, Region } from '../repositories/org.repository.ts';
import { assertMay, assertMayAnywhere, forbidden, notFound, scopesFor, shownName, type Actor, type Clock } from './actor.ts';
import { chinaTime, tooManyAttempts, type AttemptLimiter, type Blocked, type LimitedKey } from './attempt-limiter.ts';
import type { CalendarService } from './calendar.service.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

/** What issuance needs from the e-licence service, inside the issuing transaction. */
export interface LicenceIssuer {
  issueInTransaction(repos: Repositories, input: {
    caseId: string; caseNo: string; holderId: string; holderName: string; holderRef: string; licenceTypeCode: string; issuerName: string; issuerUscc: string; issuedOn: string; isChange?: boolean; at: Date;
  }): Promise<{ identifier: string }>;
}

export interface IntakeInput {
  itemCode?: string;
  bundleCode?: string;
  scenario?: string | null;
  applicantId: string;
  channel: Channel;
  /** Where the case is received; defaults to the region of the clerk's grant. */
  regionCode?: string;
  form?: Record<string, string>;
  materials: MaterialMark[];
  /** accept / issue the one correction notice / refuse, or only submit (a proxy agent). */
  decision: 'accept' | 'correction' | 'refuse' | 'submit';
  refusal?: { reason: string; legalBasis: string };
}

export type CaseActionInput =
  | { action: 'accept' }
  | { action: 'request_correction'; materials?: MaterialMark[]; note?: string }
  | { action: 'resubmit'; materials: MaterialMark[]; inPerson?: boolean; cause?: VisitCause }
  | { action: 'refuse'; reason: string; legalBasis: string }
  | { action: 'decide_on_spot'; opinion?: string }
  | { action: 'reject_on_spot'; reason: string }
  | { action: 'resume'; inPerson?: boolean; note?: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'terminate'; reason: string }
  | { action: 'collect_material'; key: string; inPerson?: boolean }
  | { action: 'deliver'; method: 'window' | 'express' | 'e_licence' | 'online'; express?: { company: string; trackingNo: string; address: string } }
  | { action: 'archive' };

export interface TaskActionInput {
  action: TaskAction;
  opinion?: string;
  assigneeId?: string;
  /** For `suspend`: what the special procedure is (听证, 专家评审, 现场核查, 公示...). */
  procedure?: string;
}

export interface CaseView extends CaseRecord {
  materials: CaseMaterial[];
  tasks: (CaseTask & { actions: TaskAction[] })[];
  actions: Awaited<ReturnType<Repositories['cases']['listActions']>>;
  notices: Awaited<ReturnType<Repositories['cases']['listNotices']>>;
  visitLog: Awaited<ReturnType<Repositories['cases']['listVisits']>>;
  notifications: Awaited<ReturnType<Repositories['cases']['listNotifications']>>;
  children: CaseSummary[];
  licences: { identifier: string; licenceType: string; status: string }[];
  filing: Filing | null;
  /** The actions the one asking may take now (the buttons to show; `collect_material` per deferred material): exactly what `act` accepts from them. */
  available: CaseAction[];
  /** The applicant's query password, for staff who print notices. */
  queryPassword: string | null;
}

const caseWord = { zh: '办件', en: 'Case' };
/** Deferred materials of an instant item may be brought within this many working days. */
const instantDeferralDays = 5;
const filingDays = 3;
const defaultSamplePercent = 10;

function notAllowed(c: Pick<CaseRecord, 'status'>, action: string, allowed: readonly string[], reason?: { zh: string; en: string }, code: ErrorCode = 'CASE_ACTION_NOT_ALLOWED'): AppError {
  const label = (caseActions as Record<string, { label: { zh: string; en: string } }>)[action]?.label ?? taskActions[action as TaskAction]?.label ?? { zh: action, en: action };
  const status = caseStatusLabels[c.status];
  const why = reason ?? { zh: `办件当前状态为“${status.zh}”`, en: `the case is ${status.en.toLowerCase()}` };
  return new AppError(
    code,
    { zh: `不能${label.zh}:${why.zh}`, en: `Cannot ${label.en.toLowerCase()}: ${why.en}` },
    { status: c.status, allowed },
  );
}

/** Where `action` leads from the case's status, or the 409 that `decide` calls for. */
function guarded(c: Pick<CaseRecord, 'status'>, action: CaseAction, roles: readonly CaseActorRole[], facts: CaseFacts): CaseStatus {
  const decision = decide(c.status, action, roles, facts);
  if (!decision.allowed) throw notAllowed(c, action, availableActions(c.status, roles, facts), decision.why === 'guard' ? decision.reason : decision.why === 'role' ? { zh: '您的角色不能执行此操作', en: 'your role cannot take this action' } : undefined);
  return decision.to;
}

/** What the guards look at, from the case, its materials, its notices and its open tasks. */
function factsFrom(
  c: Pick<CaseRecord, 'caseKind' | 'outcome' | 'parentId' | 'bundleCode' | 'delegated' | 'pausedKind'> & { awaitsRegistration?: boolean },
  materials: readonly Pick<CaseMaterial, 'state' | 'required' | 'deferrableUntil'>[],
  notices: readonly { kind: string }[],
  openTasks: number,
): CaseFacts {
  const deferred = materials.filter((m) => m.state === 'deferred');
  return {
    caseKind: c.caseKind,
    bundle: c.parentId ? 'child' : c.bundleCode ? 'parent' : 'single',
    delegated: c.delegated,
    pausedKind: c.pausedKind,
    missingRequired: materials.filter((m) => m.required && m.state === 'missing').length,
    deferredPending: deferred.length,
    deferredBlocks: c.outcome === 'rejected' ? null : deferredBlocks(deferred),
    openTasks,
    correctionNoticeIssued: notices.some((n) => n.kind === 'correction'),
    awaitingRegistration: c.awaitsRegistration ?? false,
  };
}

/** The reviewing departments a stage names, from the list of all departments. */
function namedDepartments(all: readonly Department[], names: readonly string[], itemCode: string): Department[] {
  return names.map((name) => {
    const found = all.find((d) => d.name === name);
    if (!found) throw new AppError('ITEM_DEPARTMENT_UNKNOWN', { zh: `事项流程中的审查部门“${name}”不存在,请管理员修正事项(${itemCode})`, en: `Reviewing department ${name} of item ${itemCode} does not exist` });
    return found;
  });
}

/** What an intake is given once its reads and checks are done. */
interface IntakePlan {
  name: string;
  departmentId: string;
  caseKind: 'instant' | 'promised';
  limitDays: number;
  limitUnit: DayUnit;
  members: ItemVersion[];
  requirements: MaterialRequirement[];
  /** The application form: the item's fields, or the bundle's merged ones. */
  formFields: readonly FormField[];
  /** The member that registers a new subject, when the bundle creates one (企业开办). */
  registration?: Registration | null;
}

interface IntakeContext {
  region: Region;
  calendar: CalendarData;
  today: string;
  isAgent: boolean;
  plan: IntakePlan;
  /** The materials the root case asks for. */
  requirements: readonly MaterialRequirement[];
  /** Required materials neither provided nor deferred. */
  missing: readonly { key: string; name: string }[];
  delegated: boolean;
  /** What every case of the intake (a bundle's children too) has in common. */
  base: Pick<NewCase, 'regionCode' | 'regionPath' | 'applicantId' | 'applicantName' | 'applicantRef' | 'applicantPhone' | 'scenario' | 'channel' | 'viaAgent' | 'createdBy' | 'at' | 'querySecret' | 'form' | 'formSealed'>;
  /** The case's material rows as the front desk marked them. */
  materialRows(requirements: readonly MaterialRequirement[]): Omit<CaseMaterial, 'collectedAt'>[];
}

const intakeAuditAction: Record<IntakeInput['decision'], string> = { submit: 'submitted', accept: 'accepted', correction: 'correction_notice', refuse: 'refused' };

/** A new case with everything written with it: what its view shows. */
interface WrittenCase {
  c: CaseRecord;
  tasks: CaseTask[];
  parts: CaseParts;
}

/** What a case view shows besides the case and its tasks. */
interface CaseParts {
  materials: CaseMaterial[];
  actions: CaseActionRecord[];
  notices: CaseNotice[];
  visitLog: CaseVisit[];
  notifications: CaseNotification[];
  children: CaseRecord[];
  filing: Filing | null;
  licences: { identifier: string; licenceType: string; status: string }[];
}

export class CaseService {
  private readonly uow: UnitOfWork;
  private readonly clock: Clock;
  private readonly calendar: CalendarService;
  private readonly ids: IdProtector;
  private readonly licences: LicenceIssuer | null;
  private readonly limiter: AttemptLimiter;

  constructor(options: { uow: UnitOfWork; clock: Clock; calendar: CalendarService; ids: IdProtector; licences?: LicenceIssuer; limiter: AttemptLimiter }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.ids = options.ids;
    this.licences = options.licences ?? null;
    this.limiter = options.limiter;
  }

  // ---- who is asking ---------------------------------------------------------------------------

  /** The roles the actor holds over a case (its region and department, or a department task of it). */
  private rolesOn(actor: Actor, c: Pick<CaseRecord, 'regionPath' | 'departmentId'>, tasks: readonly CaseTask[] = []): CaseActorRole[] {
    if (actor.kind === 'system') return ['system'];
    const roles = new Set<CaseActorRole>();
    for (const grant of actor.grants) {
      if (grantCovers(grant, { regionPath: c.regionPath, departmentId: c.departmentId })) roles.add(grant.role);
      else if (tasks.some((t) => grantCovers(grant, { regionPath: t.regionPath, departmentId: t.departmentId }))) roles.add(grant.role);
    }
    return [...roles];
  }

  /** Where the actor may do `permission` on cases (their grants' scopes); FORBIDDEN when nowhere. */
  private scopes(actor: Actor, permission: Permission = 'case.view'): CaseScope[] | 'all' {
    assertMayAnywhere(actor, permission);
    return scopesFor(actor, permission);
  }

  private async loadVisible(repos: Repositories, actor: Actor, id: string, lock: boolean): Promise<{ c: CaseRecord; tasks: CaseTask[]; roles: CaseActorRole[] }> {
    const c = lock ? await repos.cases.lockCase(id) : await repos.cases.findCase(id);
    if (!c) throw notFound(caseWord);
    const tasks = await repos.cases.listTasks(c.id);
    const roles = this.rolesOn(actor, c, tasks);
    if (roles.length === 0) throw notFound(caseWord);
    return { c, tasks, roles };
  }

  private async facts(repos: Repositories, c: CaseRecord, tasks?: readonly CaseTask[]): Promise<CaseFacts> {
    const materials = await repos.cases.listMaterials(c.id);
    const notices = await repos.cases.listNotices(c.id);
    const open = (tasks ?? (await repos.cases.listTasks(c.id))).filter((t) => openTaskStatuses.includes(t.status)).length;
    return factsFrom(c, materials, notices, open);
  }

  private async calendarOf(regionCode: string, repos: Repositories): Promise<CalendarData> {
    return this.calendar.calendarFor(regionCode, repos);
  }

  // ---- one step of the transition table ---------------------------------------------------------

  private async step(
    scope: WriteScope,
    actor: Actor,
    c: CaseRecord,
    action: CaseAction,
    roles: readonly CaseActorRole[],
    facts: CaseFacts,
    extra: { payload?: Record<string, unknown>; patch?: Parameters<Repositories['cases']['updateCase']>[1]; taskId?: string | null; channel?: string } = {},
  ): Promise<void> {
    const to = guarded(c, action, roles, facts);
    const from = c.status;
    await scope.repos.cases.updateCase(c.id, { status: to, ...extra.patch }, scope.now);
    Object.assign(c, { status: to, ...extra.patch });
    await this.log(scope, actor, c, action, from, extra);
  }

  private async log(scope: WriteScope, actor: Actor, c: CaseRecord, action: string, from: CaseStatus | null, extra: { payload?: Record<string, unknown>; taskId?: string | null; channel?: string } = {}): Promise<void> {
    await scope.repos.cases.appendAction(c.id, {
      action,
      fromStatus: from,
      toStatus: c.status,
      taskId: extra.taskId ?? null,
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: shownName(actor),
      channel: extra.channel ?? (actor.kind === 'system' ? 'system' : 'window'),
      regionCode: c.regionCode,
      at: scope.now,
      payload: extra.payload ?? {},
    });
  }

  private async visit(scope: WriteScope, caseId: string, visit: Parameters<Repositories['cases']['insertVisit']>[1]): Promise<void> {
    await scope.repos.cases.insertVisit(caseId, visit, chinaDay(scope.now));
  }

  // ---- intake ---------------------------------------------------------------------------------

  /**
   * Front-desk intake of one item or one bundle: the case is received, its materials checked, and
   * in the same transaction accepted, given its one correction notice, refused, or (for a proxy
   * agent) only submitted for the center to accept.
   */
  async intake(options: WriteOptions, typed: IntakeInput): Promise<CaseView & { queryPassword: string }> {
    const { actor } = options;
    const input = typed.refusal ? { ...typed, refusal: maskResidentIdsDeep(typed.refusal) } : typed;
    assertMayAnywhere(actor, 'case.intake');
    if (!input.itemCode === !input.bundleCode) throw new AppError('VALIDATION_FAILED', { zh: '请选择一个事项或一个“一件事”', en: 'Give exactly one of itemCode and bundleCode' });
    const isAgent = actor.kind !== 'system' && !actor.grants.some((g) => g.role === 'front_desk' || g.role === 'town_approver');
    if (isAgent && input.decision !== 'submit') throw forbidden();
    if (input.decision === 'refuse' && (!input.refusal?.reason.trim() || !input.refusal.legalBasis.trim())) {
      throw new AppError('VALIDATION_FAILED', { zh: '不予受理须写明理由和法律依据', en: 'A refusal needs a reason and its legal basis' });
    }
    const region = await this.intakeRegion(actor, input.regionCode);
    const calendar = await this.calendar.calendarForRegion(region, this.uow.read);
    const password = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // A single item's view is built from the rows the intake wrote; a bundle's is read as the intake leaves it. A replay gets both back as stored.
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async (scope): Promise<CaseView & { queryPassword: string }> => {
      const { repos, now } = scope;
      const today = localDate(now);
      const applicant = await repos.applicants.findById(input.applicantId);
      if (!applicant) throw notFound({ zh: '申请人', en: 'Applicant' });
      const plan = input.bundleCode ? await this.bundlePlan(repos, input.bundleCode) : await this.itemPlan(repos, input.itemCode!);
      await this.assertReceivable(repos, actor, region, plan.members);
      if (input.scenario && plan.members.length === 1 && !plan.members[0]!.content.scenarios.some((s) => s.code === input.scenario)) {
        throw new AppError('VALIDATION_FAILED', { zh: `事项没有情形 ${input.scenario}`, en: `The item has no scenario ${input.scenario}` });
      }
      const scenario = input.scenario ?? null;
      // A correction notice or a refusal may come before the form is complete; what is given is checked all the same.
      const form = checkForm(plan.formFields, input.form ?? {}, { requireAll: input.decision === 'accept' || input.decision === 'submit', today });
      if (form.problems.length > 0) throw formInvalid(form.problems);
      const { shown, secret } = separateResidentIds(plan.formFields, form.values);
      const requirements = plan.members.length === 1 ? applicableMaterials(plan.members[0]!.content, scenario) : plan.requirements;
      const due = plan.caseKind === 'instant' ? addWorkingDays(calendar, today, instantDeferralDays) : limitEnd(calendar, today, plan.limitDays, plan.limitUnit);
      const check = checkMaterials(requirements, input.materials, { latestDeferredDue: due, today });
      await this.checkLicenceMarks(repos, input.applicantId, requirements, input.materials);
      if (check.problems.length > 0) {
        throw new AppError('VALIDATION_FAILED', { zh: `材料核验不通过:${check.problems.map((p) => p.zh).join(';')}`, en: `Materials: ${check.problems.map((p) => p.en).join('; ')}` }, check.problems.map((p) => ({ field: `materials.${p.key}`, message: p.zh, messageEn: p.en })));
      }
      if (input.decision === 'accept' && check.missing.length > 0) {
        throw new AppError('MATERIALS_MISSING', {
          zh: `材料不齐,不能受理:缺少${check.missing.map((m) => m.name).join('、')}。请出具一次性告知书`,
          en: `Materials are missing (${check.missing.map((m) => m.key).join(', ')}); give the correction notice instead`,
        }, { status: 'submitted', allowed: ['request_correction', 'refuse'], missing: check.missing.map((m) => m.key) });
      }
      if (input.decision === 'correction' && check.missing.length === 0) {
        throw new AppError('MATERIALS_COMPLETE', { zh: '材料已齐全,无需一次性告知,请直接受理', en: 'Nothing is missing; accept instead' }, { status: 'submitted', allowed: ['accept', 'refuse'] });
      }
      const marksByKey = new Map(input.materials.map((m) => [m.key, m]));
      const context: IntakeContext = {
        region, calendar, today, isAgent, plan, requirements, missing: check.missing,
        delegated: plan.members.length === 1 && plan.members[0]!.content.delegatedToTowns && (region.level === 'town' || region.level === 'village'),
        base: {
          regionCode: region.code, regionPath: region.path, applicantId: applicant.id, applicantName: applicant.name, applicantRef: applicant.idMasked ?? applicant.uscc ?? '',
          applicantPhone: applicant.phone, scenario, channel: input.channel, viaAgent: isAgent, createdBy: actor.id, at: now, querySecret: this.ids.seal(password),
          // Resident IDs are stored masked where everything reads the form, their originals only sealed.
          form: shown, formSealed: Object.keys(secret).length > 0 ? this.ids.seal(JSON.stringify(secret)) : null,
        },
        materialRows: (reqs) => reqs.map((r) => {
          const mark = marksByKey.get(r.key);
          return { key: r.key, name: r.name, required: r.required, deferrableUntil: r.deferrable ? r.deferrableUntil : null, state: (mark?.state ?? 'missing') as MaterialState, licenceId: mark?.licenceId ?? null, deferredDue: mark?.state === 'deferred' ? mark.deferredDue ?? null : null, note: '' };
        }),
      };
      const view = input.bundleCode
        ? await this.viewIn(repos, actor, await this.intakeBundle(scope, actor, input, context))
        : await this.writtenViewOrRead(repos, actor, await this.intakeItem(scope, actor, input, context));
      return { ...view, queryPassword: view.queryPassword ?? password };
    }, ...this.viewReplay);
  }

  /**
   * One item: everything is read, checked and decided before the case number is taken (its counter
   * row, one per region and day, stays locked until commit), then the case is written in the state
   * the intake leaves it in, one statement per table. The steps are those of the transition table
   * all the same: `decide` guards each on the facts as they stand at that point, and the action log
   * holds each with its statuses and sequence number. Returns the rows as written, as `view` reads them.
   */
  private async intakeItem(scope: WriteScope, actor: Actor, input: IntakeInput, context: IntakeContext): Promise<WrittenCase> {
    const { repos, now } = scope;
    const { plan, region, calendar, today, base } = context;
    const version = plan.members[0]!;
    const materials = context.materialRows(context.requirements);
    const c = {
      status: 'submitted' as CaseStatus, caseKind: plan.caseKind, outcome: null, regionPath: region.path, departmentId: plan.departmentId,
      acceptedOn: null as string | null, dueDate: null as string | null, outcomeReason: '', parentId: null, bundleCode: null, delegated: context.delegated, pausedKind: null,
    };
    type Planned = Omit<CaseActionRecord, 'seq' | 'taskId' | 'regionCode' | 'at'>;
    type Materials = readonly CaseMaterial[];
    const actions: Planned[] = [];
    const notices: { kind: CaseNotice['kind']; content: (caseNo: string, written: Materials) => Record<string, unknown> }[] = [];
    const notifications: { kind: string; occasion: string; recipient: string; message: (caseNo: string) => string }[] = [];
    let tasks: { stageIndex: number; stageName: string; mode: 'all' | 'any'; departmentId: string; regionPath: string; dueDate: string | null }[] = [];
    const facts = () => factsFrom(c, materials, notices, tasks.length);
    const log = (by: Actor, action: string, from: CaseStatus | null, extra: { payload?: Record<string, unknown>; channel?: string } = {}) => {
      actions.push({ action, fromStatus: from, toStatus: c.status, actorKind: by.kind, actorId: by.id, actorName: shownName(by), channel: extra.channel ?? (by.kind === 'system' ? 'system' : 'window'), payload: extra.payload ?? {} });
    };
    const step = (by: Actor, action: CaseAction, roles: readonly CaseActorRole[], extra: { payload?: Record<string, unknown> } = {}) => {
      const from = c.status;
      c.status = guarded(c, action, roles, facts());
      log(by, action, from, extra);
    };
    const what = { itemName: plan.name, applicantName: base.applicantName };

    log(actor, 'receive', null, { channel: input.channel, payload: { itemCode: version.implementationCode, scenario: base.scenario, materials: input.materials.map((m) => ({ key: m.key, state: m.state })), viaAgent: context.isAgent } });
    const visit = input.channel === 'window' && !context.isAgent ? { at: now, reason: 'application' as const, cause: null, regionCode: region.code, recordedBy: actor.id } : null;
    const roles = actor.kind === 'system' ? (['system'] as CaseActorRole[]) : this.rolesOn(actor, c);
    if (input.decision === 'accept') {
      const due = plan.caseKind === 'instant' ? today : limitEnd(calendar, today, plan.limitDays, plan.limitUnit);
      step(actor, 'accept', roles);
      Object.assign(c, { acceptedOn: today, dueDate: due });
      notices.push({ kind: 'acceptance', content: (caseNo) => ({ caseNo, ...what, acceptedOn: today, dueDate: due, limitDays: plan.limitDays, limitUnit: plan.limitUnit, caseKind: plan.caseKind }) });
      if (materials.some((m) => m.state === 'deferred')) {
        notices.push({ kind: 'deferred', content: (caseNo, written) => ({ caseNo, ...what, materials: written.filter((m) => m.state === 'deferred').map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) }) });
      }
      if (plan.caseKind === 'promised') {
        step(systemActorFor(actor), 'start_review', ['system']);
        // The first stage, as openStage opens it.
        const stages = reviewStages(version.content);
        const stage = stages[0];
        if (stage) {
          const stageDue = shiftDue(calendar, limitEnd(calendar, today, stageEnds(stages, plan.limitDays)[0]!, plan.limitUnit), 0, plan.limitUnit);
          const departments = namedDepartments(await repos.org.listDepartments(), stage.departments, version.implementationCode);
          tasks = departments.map((d) => ({ stageIndex: 0, stageName: stage.name, mode: stage.mode, departmentId: d.id, regionPath: taskRegionPath(region.path, d.regionPath), dueDate: stageDue > due ? due : stageDue }));
        }
      }
    } else if (input.decision === 'correction') {
      const missing = context.missing;
      step(actor, 'request_correction', roles, { payload: { missing: missing.map((m) => m.key), note: '' } });
      notices.push({ kind: 'correction', content: (caseNo) => ({ caseNo, ...what, missing: missing.map((m) => ({ key: m.key, name: m.name })), note: '' }) });
      notifications.push({
        kind: 'correction_notice', occasion: 'intake', recipient: `applicant:${base.applicantId}`,
        message: (caseNo) => `您申请的${plan.name}(${caseNo})需补正:${missing.map((m) => m.name).join('、')}。补齐后到任一综合窗口或网上提交即可继续办理。`,
      });
    } else if (input.decision === 'refuse') {
      const refusal = input.refusal!;
      step(actor, 'refuse', roles, { payload: refusal });
      c.outcomeReason = refusal.reason;
      notices.push({ kind: 'refusal', content: (caseNo) => ({ caseNo, ...what, reason: refusal.reason, legalBasis: refusal.legalBasis }) });
    }

    // Writes only from here: the case number's counter row is locked until commit.
    const sequence = await repos.system.nextCaseSequence(region.code, today);
    const caseNo = formatCaseNumber(region.code, today, sequence);
    const row = await repos.cases.insertCase({
      ...base, caseNo, parentId: null, bundleCode: null, itemVersionId: version.id, itemCode: version.implementationCode, itemName: plan.name, departmentId: plan.departmentId,
      status: c.status, caseKind: plan.caseKind, limitDays: plan.limitDays, limitUnit: plan.limitUnit, delegated: context.delegated,
      acceptedOn: c.acceptedOn, dueDate: c.dueDate, outcomeReason: c.outcomeReason, visits: visit ? 1 : 0, actionSeq: actions.length,
    });
    const writtenMaterials = await repos.cases.insertMaterials(row.id, materials);
    const writtenActions = await repos.cases.insertActions(row.id, actions.map((a, index) => ({ ...a, seq: index + 1, taskId: null, regionCode: region.code, at: now })));
    const visitLog = visit ? [await repos.cases.insertFirstVisit(row.id, visit)] : [];
    const writtenNotices = await repos.cases.insertNotices(row.id, notices.map((n) => ({ kind: n.kind, content: n.content(caseNo, writtenMaterials) })), now);
    const writtenTasks = await repos.cases.insertTasks(tasks.map((t) => ({ ...t, caseId: row.id, round: 1, delegated: context.delegated, at: now })));
    const writtenNotifications: CaseNotification[] = [];
    for (const n of notifications) {
      const notification = { kind: n.kind, occasion: n.occasion, recipient: n.recipient, message: n.message(caseNo) };
      if (await repos.cases.notifyOnce(row.id, notification, now)) writtenNotifications.push({ ...notification, createdAt: now });
    }
    await scope.record({ action: `case.${intakeAuditAction[input.decision]}`, entityType: 'case', entityId: row.id, payload: { caseNo, itemCode: row.itemCode, applicant: base.applicantRef }, scope: caseScope(row) });
    return {
      c: row, tasks: writtenTasks,
      parts: { materials: writtenMaterials, actions: writtenActions, notices: writtenNotices, visitLog, notifications: writtenNotifications, children: [], filing: null, licences: [] },
    };
  }

  /** The view of a case just written (after commit), or undefined when `actor` may not see it: `view` then says so. */
  private async writtenViewOrRead(repos: Repositories, actor: Actor, written: WrittenCase): Promise<CaseView> {
    const roles = this.rolesOn(actor, written.c, written.tasks);
    return roles.length === 0 ? this.viewIn(repos, actor, written.c.id) : this.assembleView(actor, written.c, written.tasks, roles, written.parts);
  }

  /**
   * How a case view is kept for its replay: whole, but its query password only sealed (the replay
   * opens it again), so the stored replies hold no password in clear.
   */
  private get viewReplay(): [<V extends { queryPassword: string | null }>(view: V) => V, <V extends { queryPassword: string | null }>(stored: V) => V] {
    return [
      (view) => ({ ...view, queryPassword: view.queryPassword === null ? null : this.ids.seal(view.queryPassword) }),
      (stored) => ({ ...stored, queryPassword: stored.queryPassword === null ? null : this.ids.open(stored.queryPassword) }),
    ];
  }

  /** A bundle: the parent case and one child case per member item, step by step. */
  private async intakeBundle(scope: WriteScope, actor: Actor, input: IntakeInput, context: IntakeContext): Promise<string> {
    const { repos, now } = scope;
    const { plan, region, today, base } = context;
    const bundleCode = input.bundleCode!;
    const sequence = await repos.system.nextCaseSequence(region.code, today);
    const caseNo = formatCaseNumber(region.code, today, sequence);
    const rootCase = await repos.cases.insertCase({
      ...base, caseNo, parentId: null, bundleCode, itemVersionId: null, itemCode: bundleCode, itemName: plan.name, departmentId: plan.departmentId, status: 'submitted',
      caseKind: plan.caseKind, limitDays: plan.limitDays, limitUnit: plan.limitUnit, delegated: context.delegated,
    });
    const root = rootCase.id;
    await repos.cases.upsertMaterials(root, context.materialRows(context.requirements));
    await this.log(scope, actor, rootCase, 'receive', null, { channel: input.channel, payload: { itemCode: rootCase.itemCode, scenario: base.scenario, materials: input.materials.map((m) => ({ key: m.key, state: m.state })), viaAgent: context.isAgent } });
    const registration = plan.registration ?? null;
    for (const [index, member] of plan.members.entries()) {
      const needs = applicableMaterials(member.content, null);
      // What the bundle's own registration produces is not asked for: the member waits for it.
      const produced = registration && member.implementationCode !== registration.implementationCode ? needs.filter((m) => isProducedMaterial(m, registration)) : [];
      const child = await repos.cases.insertCase({
        ...base, caseNo: `${caseNo}-${String(index + 1).padStart(2, '0')}`, parentId: root, bundleCode, itemVersionId: member.id, itemCode: member.implementationCode,
        itemName: member.content.name, departmentId: member.departmentId, status: 'submitted', caseKind: 'promised', limitDays: plan.limitDays, limitUnit: 'working', delegated: false,
        awaitsRegistration: produced.some((m) => m.required) || (registration !== null && member.implementationCode !== registration.implementationCode && member.content.formFields.some((f) => f.type === 'uscc' && f.required)),
      });
      await repos.cases.upsertMaterials(child.id, context.materialRows(needs).map((row) => produced.some((m) => m.key === row.key)
        ? { ...row, state: 'licence' as MaterialState, licenceId: null, deferredDue: null, note: `由本“一件事”的${registration!.name}核准后生成,申请人无需提交` }
        : row));
      await this.log(scope, actor, child, 'receive', null, { channel: input.channel, payload: { parentCaseNo: caseNo } });
    }
    if (input.channel === 'window' && !context.isAgent) {
      await this.visit(scope, root, { at: now, reason: 'application', cause: null, regionCode: region.code, recordedBy: actor.id });
    }
    const roles = actor.kind === 'system' ? (['system'] as CaseActorRole[]) : this.rolesOn(actor, rootCase);
    if (input.decision === 'accept') await this.acceptCase(scope, actor, rootCase, roles, context.calendar, plan.members);
    else if (input.decision === 'correction') await this.correctionNotice(scope, actor, rootCase, roles, context.missing, '');
    else if (input.decision === 'refuse') await this.refuseCase(scope, actor, rootCase, roles, input.refusal!);
    await scope.record({ action: `case.${intakeAuditAction[input.decision]}`, entityType: 'case', entityId: root, payload: { caseNo, itemCode: rootCase.itemCode, applicant: base.applicantRef }, scope: caseScope(rootCase) });
    return root;
  }

  private async intakeRegion(actor: Actor, regionCode: string | undefined): Promise<Region> {
    const scopes = scopesFor(actor, 'case.intake');
    const code = regionCode ?? (scopes === 'all' ? undefined : scopes[0]?.regionPath.split('.').at(-1));
    if (!code) throw new AppError('VALIDATION_FAILED', { zh: '请给出受理地的行政区划', en: 'Give the region where the case is received' });
    const region = await this.uow.read.org.findRegion(code);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    if (scopes !== 'all' && !scopes.some((s) => isWithinRegion(region.path, s.regionPath))) throw forbidden('case.intake');
    return region;
  }

  /**
   * An item is received in its department's region subtree, or where its 通办范围 opens it (跨域通办
   * is declared per item, never by accident); and only by a clerk whose grant covers the receiving
   * region and the item's department.
   */
  private async assertReceivable(repos: Repositories, actor: Actor, region: Region, members: readonly ItemVersion[]): Promise<void> {
    for (const item of members) {
      assertMay(actor, 'case.intake', { regionPath: region.path, departmentId: item.departmentId });
      const department = await repos.org.findDepartment(item.departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      const scope = item.content.tongbanScope;
      const area = intakeArea(await repos.org.ancestry(department.regionPath), scope);
      if (area !== null && !isWithinRegion(region.path, area)) {
        throw new AppError('FORBIDDEN', {
          zh: `事项“${item.content.name}”由${department.name}实施,通办范围为“${tongbanScopeLabels[scope]}”,不能在${region.name}受理`,
          en: `Item ${item.implementationCode} belongs to a department elsewhere and is not declared for cross-region service (通办) in ${region.code}`,
        }, { itemCode: item.implementationCode, tongbanScope: scope, regionCode: region.code });
      }
    }
  }

  private async itemPlan(repos: Repositories, code: string): Promise<IntakePlan> {
    const version = await repos.catalog.findVersion(code, { status: 'published' });
    if (!version) throw notFound({ zh: `事项 ${code}`, en: `Item ${code}` });
    const c = version.content;
    return {
      name: c.name, departmentId: version.departmentId, caseKind: c.caseKind, limitDays: c.caseKind === 'instant' ? 0 : c.promisedDays, limitUnit: c.promisedUnit,
      members: [version], requirements: applicableMaterials(c, null), formFields: c.formFields,
    };
  }

  private async bundlePlan(repos: Repositories, code: string): Promise<IntakePlan> {
    const bundle = await repos.catalog.findBundle(code);
    if (!bundle || bundle.status !== 'published') throw notFound({ zh: `一件事 ${code}`, en: `Bundle ${code}` });
    const members: ItemVersion[] = [];
    for (const itemCode of bundle.content.itemCodes) {
      const version = await repos.catalog.findVersion(itemCode, { status: 'published' });
      if (!version) throw new AppError('ITEM_NOT_PUBLISHED', { zh: `一件事包含的事项 ${itemCode} 未发布`, en: `Member item ${itemCode} is not published` });
      members.push(version);
    }
    const merged = mergeBundle(members.map((m) => ({ implementationCode: m.implementationCode, name: m.content.name, formFields: m.content.formFields, materials: m.content.materials, resultName: m.content.resultName, resultKind: m.content.resultKind })));
    // Without scenarios at bundle level, a material only some scenario of every member needs is not asked for.
    const always = merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem)));
    return {
      name: bundle.content.name, departmentId: bundle.leadDepartmentId, caseKind: 'promised' as const, limitDays: bundle.content.promisedDays, limitUnit: 'working' as const,
      members, requirements: always as MaterialRequirement[], formFields: merged.formFields, registration: merged.registration,
    };
  }

  /** A licence mark must name a valid licence the applicant holds, of the type the material asks for. */
  private async checkLicenceMarks(repos: Repositories, applicantId: string, requirements: readonly MaterialRequirement[], marks: readonly MaterialMark[]): Promise<void> {
    const licenceMarks = marks.filter((m) => m.state === 'licence');
    if (licenceMarks.length === 0) return;
    const held = new Map((await repos.applicants.listLicences(applicantId)).map((l) => [l.id, l]));
    for (const mark of licenceMarks) {
      const requirement = requirements.find((r) => r.key === mark.key);
      const licence = mark.licenceId ? held.get(mark.licenceId) : undefined;
      if (!requirement || !licence || licence.status !== 'valid' || (requirement.licenceType !== null && requirement.licenceType !== licence.licenceType)) {
        throw new AppError('VALIDATION_FAILED', { zh: `${requirement?.name ?? mark.key}:所选证照不是申请人持有的有效${requirement?.licenceType ?? '证照'}`, en: `${mark.key}: the licence is not a valid one of the applicant of that type` }, [{ field: `materials.${mark.key}` }]);
      }
    }
  }

  /** @param versions the item versions the caller has read already (a bundle intake's members). */
  private async acceptCase(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], calendar: CalendarData, versions: readonly ItemVersion[] = []): Promise<void> {
    const { repos, now } = scope;
    const today = localDate(now);
    const materials = await repos.cases.listMaterials(c.id);
    const due = c.caseKind === 'instant' ? today : limitEnd(calendar, today, c.limitDays, c.limitUnit);
    await this.step(scope, actor, c, 'accept', roles, await this.facts(repos, c), { patch: { acceptedOn: today, dueDate: due } });
    await repos.cases.insertNotice(c.id, 'acceptance', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, acceptedOn: today, dueDate: due, limitDays: c.limitDays, limitUnit: c.limitUnit, caseKind: c.caseKind }, now);
    const deferred = materials.filter((m) => m.state === 'deferred');
    if (deferred.length > 0) {
      await repos.cases.insertNotice(c.id, 'deferred', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, materials: deferred.map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) }, now);
    }
    if (c.caseKind === 'promised') {
      await this.step(scope, systemActorFor(actor), c, 'start_review', ['system'], await this.facts(repos, c));
      if (c.bundleCode && !c.parentId) {
        const departments = await repos.org.listDepartments();
        for (const child of await repos.cases.children(c.id)) {
          await this.step(scope, actor, child, 'accept', ['system', ...roles], await this.facts(repos, child), { patch: { acceptedOn: today, dueDate: due } });
          await this.step(scope, systemActorFor(actor), child, 'start_review', ['system'], await this.facts(repos, child));
          await this.openStage(scope, child, 0, 1, { calendar, departments, version: versions.find((v) => v.id === child.itemVersionId) });
        }
      } else {
        await this.openStage(scope, c, 0, 1, { calendar, version: versions.find((v) => v.id === c.itemVersionId) });
      }
    }
  }

  private async correctionNotice(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], missing: readonly { key: string; name: string }[], note: string): Promise<void> {
    await this.step(scope, actor, c, 'request_correction', roles, await this.facts(scope.repos, c), { payload: { missing: missing.map((m) => m.key), note } });
    try {
      await scope.repos.cases.insertNotice(c.id, 'correction', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, missing: missing.map((m) => ({ key: m.key, name: m.name })), note }, scope.now);
    } catch (error) {
      throw new AppError('CORRECTION_NOTICE_ALREADY_GIVEN', { zh: '一次性告知书已出具,不得再次告知', en: 'The one correction notice was already given' }, { cause: String(error) });
    }
    await scope.repos.cases.notifyOnce(c.id, { kind: 'correction_notice', occasion: 'intake', recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})需补正:${missing.map((m) => m.name).join('、')}。补齐后到任一综合窗口或网上提交即可继续办理。` }, scope.now);
  }

  private async refuseCase(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], refusal: { reason: string; legalBasis: string }): Promise<void> {
    await this.step(scope, actor, c, 'refuse', roles, await this.facts(scope.repos, c), { payload: refusal, patch: { outcomeReason: refusal.reason } });
    await scope.repos.cases.insertNotice(c.id, 'refusal', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, reason: refusal.reason, legalBasis: refusal.legalBasis }, scope.now);
    if (c.bundleCode && !c.parentId) {
      for (const child of await scope.repos.cases.children(c.id)) await this.step(scope, actor, child, 'refuse', ['system', ...roles], await this.facts(scope.repos, child), { payload: refusal });
    }
  }

  // ---- stages and tasks -----------------------------------------------------------------------

  private async stagesOf(repos: Repositories, c: CaseRecord, known?: ItemVersion): Promise<{ stages: ReviewStage[]; content: ServiceItemContent }> {
    const version = !c.itemVersionId ? undefined : known?.id === c.itemVersionId ? known : await repos.catalog.findVersionById(c.itemVersionId);
    if (!version) return { stages: [], content: undefined as unknown as ServiceItemContent };
    const content = version.content;
    let stages = reviewStages(content);
    // In a bundle an instant member is still reviewed by its department, within the bundle's days.
    if (stages.length === 0 && c.parentId) stages = [{ name: '审查决定', mode: 'all', departments: [content.departmentName], days: c.limitDays }];
    return { stages, content };
  }

  /**
   * Opens a stage's department tasks. `preloaded`: what the caller has read in this transaction
   * already (the case's item version, its region's calendar, the departments), so it is not read again.
   */
  private async openStage(scope: WriteScope, c: CaseRecord, index: number, round: number, preloaded: { version?: ItemVersion; calendar?: CalendarData; departments?: readonly Department[] } = {}): Promise<void> {
    const { repos, now } = scope;
    const { stages } = await this.stagesOf(repos, c, preloaded.version);
    const stage = stages[index];
    if (!stage) return;
    const calendar = preloaded.calendar ?? (await this.calendarOf(c.regionCode, repos));
    const ends = stageEnds(stages, c.limitDays);
    const due = shiftDue(calendar, limitEnd(calendar, c.acceptedOn!, ends[index]!, c.limitUnit), c.pausedDays, c.limitUnit);
    const departments = namedDepartments(preloaded.departments ?? (await repos.org.listDepartments()), stage.departments, c.itemCode);
    await repos.cases.insertTasks(departments.map((d) => ({
      caseId: c.id, stageIndex: index, stageName: stage.name, mode: stage.mode, round, departmentId: d.id, regionPath: taskRegionPath(c.regionPath, d.regionPath), delegated: c.delegated, dueDate: due > c.dueDate! ? c.dueDate : due, at: now,
    })));
  }

  /** After a task is done: close the stage when it is decided, open the next one or conclude. */
  private async advance(scope: WriteScope, actor: Actor, c: CaseRecord, task: CaseTask): Promise<void> {
    const { repos, now } = scope;
    const tasks = (await repos.cases.listTasks(c.id)).filter((t) => t.stageIndex === task.stageIndex && t.round === task.round);
    const outcome = stageOutcome(task.mode, tasks.filter((t) => t.status !== 'cancelled' && t.status !== 'skipped').map((t) => t.status));
    if (outcome !== 'approved') return;
    await repos.cases.closeOpenTasks(c.id, 'skipped', now, task.stageIndex);
    const { stages } = await this.stagesOf(repos, c);
    if (task.stageIndex + 1 < stages.length) {
      await this.openStage(scope, c, task.stageIndex + 1, task.round);
      await this.log(scope, systemActorFor(actor), c, 'next_stage', c.status, { payload: { stage: stages[task.stageIndex + 1]!.name } });
      return;
    }
    await this.tryConclude(scope, actor, c);
  }

  /** Concludes an approved case once no task is open and no deferred material blocks the decision. */
  private async tryConclude(scope: WriteScope, actor: Actor, c: CaseRecord): Promise<void> {
    if (c.status !== 'in_review') return;
    const facts = await this.facts(scope.repos, c);
    if (!decide(c.status, 'conclude', ['system'], facts).allowed) return;
    const tasks = await scope.repos.cases.listTasks(c.id);
    if (tasks.length === 0 && !(c.bundleCode && !c.parentId)) return;
    await this.step(scope, systemActorFor(actor), c, 'conclude', ['system'], facts, { patch: { outcome: 'approved', concludedAt: scope.now } });
    await this.afterConclusion(scope, actor, c);
  }

  private async afterConclusion(scope: WriteScope, actor: Actor, c: CaseRecord): Promise<void> {
    const { repos, now } = scope;
    const word = c.outcome === 'approved' ? '准予' : '不予许可';
    await repos.cases.notifyOnce(c.id, { kind: 'concluded', occasion: 'conclusion', recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})已办结(${word}),可选择窗口领取、快递送达或电子证照。` }, now);
    if (c.delegated) {
      const calendar = await this.calendarOf(c.regionCode, repos);
      const percent = (await repos.cases.reviewSamplePercent(c.departmentId)) ?? defaultSamplePercent;
      const draw = Number.parseInt(createHash('sha256').update(c.id).digest('hex').slice(0, 8), 16) % 100;
      await repos.cases.insertFiling({ caseId: c.id, departmentId: c.departmentId, fromRegionCode: c.regionCode, dueDate: addWorkingDays(calendar, localDate(now), filingDays), sampled: draw < percent, at: now });
      await this.log(scope, systemActorFor(actor), c, 'file', c.status, { payload: { department: c.departmentName } });
    }
    if (c.parentId) await this.afterRegistration(scope, actor, c);
    if (c.parentId) {
      const parent = (await repos.cases.lockCase(c.parentId))!;
      const siblings = await repos.cases.children(parent.id);
      if (parent.status === 'in_review' && siblings.every((s) => s.concludedAt !== null || s.status === 'terminated' || s.status === 'withdrawn')) {
        const rejected = siblings.filter((s) => s.outcome !== 'approved');
        const facts = await this.facts(repos, parent);
        if (rejected.length === 0) {
          await this.step(scope, systemActorFor(actor), parent, 'conclude', ['system'], facts, { patch: { outcome: 'approved', concludedAt: now } });
        } else {
          const reason = `${rejected.map((s) => s.itemName).join('、')}未获准予`;
          await this.step(scope, systemActorFor(actor), parent, 'reject', ['system'], facts, { patch: { outcome: 'rejected', outcomeReason: reason, concludedAt: now } });
        }
        await this.afterConclusion(scope, actor, parent);
      }
    }
  }

  // ---- bundles that create a business ---------------------------------------------------------

  /**
   * A bundle child that registers a new subject (设立登记) was decided. Approved: the registration
   * authority assigns the USCC (登记机关核准), the subject becomes an applicant (organisation) that
   * holds the results of every case of the bundle, its USCC goes on the bundle's form and the
   * children's, and the children that waited for it are concluded if their review is done.
   * Rejected: the children that needed the subject cannot be decided and are terminated.
   */
  private async afterRegistration(scope: WriteScope, actor: Actor, c: CaseRecord): Promise<void> {
    const { repos, now } = scope;
    const version = c.itemVersionId ? await repos.catalog.findVersionById(c.itemVersionId) : undefined;
    const registration = version && registrationOf(version.content);
    if (!registration) return;
    const parent = (await repos.cases.lockCase(c.parentId!))!;
    const siblings = (await repos.cases.children(parent.id)).filter((s) => s.id !== c.id);
    if (c.outcome !== 'approved') {
      const reason = `${c.itemName}未获准予,无法取得主体资格`;
      for (const s of siblings.filter((s) => s.awaitsRegistration)) {
        if (!decide(s.status, 'terminate', ['system'], await this.facts(repos, s)).allowed) continue;
        await this.step(scope, systemActorFor(actor), s, 'terminate', ['system'], await this.facts(repos, s), { payload: { reason }, patch: { outcomeReason: reason, pausedSince: null, pausedKind: null } });
        await repos.cases.closeOpenTasks(s.id, 'cancelled', now);
      }
      return;
    }
    const department = (await repos.org.findDepartment(c.departmentId))!;
    const departments = await repos.org.listDepartments();
    let uscc = '';
    // The code is random (not guessable, not a counter); a clash with a code already held is drawn again.
    for (let attempt = 0; attempt < 20 && !uscc; attempt++) {
      const drawn = newUscc(registration.kind, department.regionCode.slice(0, 6), (n) => randomInt(0, n));
      if (!(await repos.applicants.findByUscc(drawn)) && !departments.some((d) => d.uscc === drawn)) uscc = drawn;
    }
    if (!uscc) throw new AppError('USCC_UNAVAILABLE', { zh: '未能生成唯一的统一社会信用代码,请重试', en: 'No unique unified social credit code could be drawn; try again' });
    const form = c.form as Record<string, string | undefined>;
    const name = (form.org_name ?? '').trim();
    if (!name) throw new AppError('ORGANISATION_NAME_MISSING', { zh: `${c.itemName}的申请表没有单位名称,无法登记`, en: 'The registration form has no organisation name' });
    const holderId = await repos.applicants.insert({
      kind: 'organisation', name, idFingerprint: null, idSealed: null, idMasked: null, uscc, legalRepresentative: (form.legal_representative ?? '').trim(),
      phone: (form.phone ?? c.applicantPhone).trim(), address: (form.business_premises ?? form.address ?? '').trim(), gender: null, birthDate: null, regionCode: c.regionCode, at: now,
    });
    await scope.record({ action: 'applicant.registered', entityType: 'applicant', entityId: holderId, payload: { kind: 'organisation', name, id: uscc, caseNo: c.caseNo }, scope: { regionPath: c.regionPath } });
    for (const target of [parent, c, ...siblings]) {
      await repos.cases.updateCase(target.id, { form: { ...target.form, uscc }, holderId, awaitsRegistration: false }, now);
      Object.assign(target, { form: { ...target.form, uscc }, holderId, awaitsRegistration: false });
    }
    await this.log(scope, systemActorFor(actor), parent, 'subject_registered', parent.status, { payload: { name, uscc, by: c.caseNo } });
    for (const s of siblings) await this.tryConclude(scope, actor, s);
  }

  // ---- case actions ---------------------------------------------------------------------------

  async act(options: WriteOptions, caseId: string, typed: CaseActionInput): Promise<CaseView> {
    const { actor } = options;
    // Reasons, notes and addresses are kept as typed, but never with a resident ID in clear.
    const input = maskResidentIdsDeep(typed);
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const { c, tasks, roles } = await this.loadVisible(repos, actor, caseId, true);
      const facts = await this.facts(repos, c, tasks);
      // The table alone says yes or no, with what the view's `available` is computed from; the steps below guard again as the case changes.
      guarded(c, input.action, roles, facts);
      const calendar = await this.calendarOf(c.regionCode, repos);
      const today = localDate(now);
      switch (input.action) {
        case 'accept':
          await this.acceptCase(scope, actor, c, roles, calendar);
          break;
        case 'request_correction': {
          // The clerk's marks, if given, complete the list the notice carries; its step is guarded on the case as they leave it.
          if (input.materials) await this.remark(scope, c, input.materials, calendar);
          const missing = (await repos.cases.listMaterials(c.id)).filter((m) => m.required && m.state === 'missing');
          await this.correctionNotice(scope, actor, c, roles, missing, input.note ?? '');
          break;
        }
        case 'resubmit': {
          await this.step(scope, actor, c, 'resubmit', roles, facts, { payload: { materials: input.materials.map((m) => ({ key: m.key, state: m.state })) } });
          await this.remark(scope, c, input.materials, calendar);
          if (input.inPerson ?? true) await this.visit(scope, c.id, { at: now, reason: 'correction', cause: input.cause ?? 'missing_material', regionCode: c.regionCode, recordedBy: actor.id });
          break;
        }
        case 'refuse':
          await this.refuseCase(scope, actor, c, roles, { reason: input.reason, legalBasis: input.legalBasis });
          break;
        case 'decide_on_spot':
          await this.step(scope, actor, c, 'decide_on_spot', roles, facts, { payload: { opinion: input.opinion ?? '' }, patch: { outcome: 'approved', concludedAt: now } });
          await this.afterConclusion(scope, actor, c);
          break;
        case 'reject_on_spot':
          await this.step(scope, actor, c, 'reject_on_spot', roles, facts, { payload: { reason: input.reason }, patch: { outcome: 'rejected', outcomeReason: input.reason, concludedAt: now } });
          await this.afterConclusion(scope, actor, c);
          break;
        case 'resume':
          await this.resume(scope, actor, c, roles, facts, calendar, today, { inPerson: input.inPerson ?? false, note: input.note ?? '' });
          break;
        case 'withdraw':
        case 'terminate':
          await this.step(scope, actor, c, input.action, roles, facts, { payload: { reason: input.reason }, patch: { outcomeReason: input.reason, pausedSince: null, pausedKind: null } });
          await repos.cases.closeOpenTasks(c.id, 'cancelled', now);
          for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
            if (decide(child.status, input.action, ['system', ...roles], await this.facts(repos, child)).allowed) {
              await this.step(scope, actor, child, input.action, ['system', ...roles], await this.facts(repos, child), { payload: { reason: input.reason } });
              await repos.cases.closeOpenTasks(child.id, 'cancelled', now);
            }
          }
          break;
        case 'collect_material':
          await this.collect(scope, actor, c, roles, facts, input.key, input.inPerson ?? true);
          break;
        case 'deliver':
          await this.deliver(scope, actor, c, roles, facts, input);
          break;
        case 'archive':
          await this.step(scope, actor, c, 'archive', roles, facts, { patch: { archivedAt: now } });
          for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
            if (child.status === 'delivered') await this.step(scope, actor, child, 'archive', ['system'], await this.facts(repos, child), { patch: { archivedAt: now } });
          }
          break;
      }
      await scope.record({ action: `case.${input.action}`, entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, status: c.status }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    }, ...this.viewReplay);
  }

  /** Updates the front desk's marks on a case that is not accepted yet (the same case continues). */
  private async remark(scope: WriteScope, c: CaseRecord, marks: readonly MaterialMark[], calendar: CalendarData): Promise<void> {
    const { repos, now } = scope;
    const current = await repos.cases.listMaterials(c.id);
    const { content } = await this.stagesOf(repos, c);
    const requirements: MaterialRequirement[] = content
      ? applicableMaterials(content, c.scenario)
      : current.map((m) => ({ key: m.key, name: m.name, scenarios: [], required: m.required, deferrable: m.deferrableUntil !== null, deferrableUntil: m.deferrableUntil, originals: 0, copies: 0, source: 'applicant', licenceType: null, notes: '' }));
    const merged = new Map(current.map((m) => [m.key, { key: m.key, state: m.state, deferredDue: m.deferredDue, licenceId: m.licenceId } as MaterialMark]));
    for (const mark of marks) merged.set(mark.key, mark);
    const today = localDate(now);
    const latest = c.caseKind === 'instant' ? addWorkingDays(calendar, today, instantDeferralDays) : limitEnd(calendar, today, c.limitDays, c.limitUnit);
    const check = checkMaterials(requirements, [...merged.values()], { latestDeferredDue: latest, today });
    await this.checkLicenceMarks(repos, c.applicantId, requirements, marks);
    if (check.problems.length > 0) throw new AppError('VALIDATION_FAILED', { zh: `材料核验不通过:${check.problems.map((p) => p.zh).join(';')}`, en: `Materials: ${check.problems.map((p) => p.en).join('; ')}` });
    await repos.cases.upsertMaterials(c.id, current.map((m) => {
      const mark = merged.get(m.key)!;
      return { ...m, state: mark.state, licenceId: mark.licenceId ?? null, deferredDue: mark.state === 'deferred' ? mark.deferredDue ?? null : null };
    }));
    for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
      const childMaterials = await repos.cases.listMaterials(child.id);
      await repos.cases.upsertMaterials(child.id, childMaterials.map((m) => {
        const mark = merged.get(m.key);
        return mark ? { ...m, state: mark.state, licenceId: mark.licenceId ?? null, deferredDue: mark.state === 'deferred' ? mark.deferredDue ?? null : null } : m;
      }));
    }
  }

  private async resume(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, calendar: CalendarData, today: string, options: { inPerson: boolean; note: string; taskId?: string }): Promise<void> {
    const { repos, now } = scope;
    const paused = c.pausedSince ? pausedDays(calendar, c.pausedSince, today, c.limitUnit) : 0;
    const due = c.dueDate ? shiftDue(calendar, c.dueDate, paused, c.limitUnit) : null;
    const kind = c.pausedKind;
    await this.step(scope, actor, c, 'resume', roles, facts, {
      taskId: options.taskId ?? null, payload: { pausedDays: paused, dueDate: due, note: options.note, kind },
      patch: { pausedSince: null, pausedKind: null, pausedDays: c.pausedDays + paused, dueDate: due, warning: 'none' },
    });
    if (paused > 0) {
      const open = (await repos.cases.listTasks(c.id)).filter((t) => openTaskStatuses.includes(t.status) && t.dueDate);
      await repos.cases.setOpenTaskDueDates(c.id, new Map(open.map((t) => [t.id, shiftDue(calendar, t.dueDate!, paused, c.limitUnit)])));
    }
    if (kind === 'correction' && options.inPerson) await this.visit(scope, c.id, { at: now, reason: 'correction', cause: 'missing_material', regionCode: c.regionCode, recordedBy: actor.id });
  }

  /** A deferred material brought in: a step of the table that leaves the case in its status. */
  private async collect(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, key: string, inPerson: boolean): Promise<void> {
    const { repos, now } = scope;
    if (!(await repos.cases.collectMaterial(c.id, key, now))) {
      throw new AppError('MATERIAL_NOT_DEFERRED', { zh: `材料 ${key} 不是待补齐的容缺材料`, en: `Material ${key} is not a deferred one still due` });
    }
    await this.step(scope, actor, c, 'collect_material', roles, facts, { payload: { key, inPerson } });
    if (inPerson) await this.visit(scope, c.id, { at: now, reason: 'deferred_material', cause: null, regionCode: c.regionCode, recordedBy: actor.id });
    for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
      if (await repos.cases.collectMaterial(child.id, key, now)) {
        await this.log(scope, actor, child, 'collect_material', child.status, { payload: { key } });
        await this.tryConclude(scope, actor, child);
      }
    }
    await this.tryConclude(scope, actor, c);
  }

  private async deliver(scope: WriteScope, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, input: Extract<CaseActionInput, { action: 'deliver' }>): Promise<void> {
    const { repos, now } = scope;
    if (input.method === 'express' && !(input.express?.trackingNo.trim() && input.express.address.trim())) {
      throw new AppError('VALIDATION_FAILED', { zh: '快递送达须填写收件地址和运单号', en: 'Express delivery needs an address and a tracking number' });
    }
    const targets = c.bundleCode ? await repos.cases.children(c.id) : [c];
    const issued: string[] = [];
    if (input.method === 'e_licence') {
      if (!this.licences) throw new AppError('LICENCE_ISSUANCE_DISABLED', { zh: '电子证照签发未启用', en: 'E-licence issuance is not enabled' });
      if (c.outcome !== 'approved') throw new AppError('VALIDATION_FAILED', { zh: '不予许可的办件没有证照可签发,请选择其他送达方式', en: 'A rejected case has no licence to issue; choose another way of delivery' }, [{ field: 'method' }]);
      const applicant = (await repos.applicants.findById(c.applicantId))!;
      for (const target of targets.filter((t) => t.outcome === 'approved')) {
        const version = target.itemVersionId ? await repos.catalog.findVersionById(target.itemVersionId) : undefined;
        // In a 一件事, a member whose result is no licence (a 备案回执, a 证明) goes out with the others, not as an e-licence.
        if (c.bundleCode && version && version.content.resultKind !== 'licence' && !version.content.resultLicenceType) continue;
        const department = (await repos.org.findDepartment(target.departmentId))!;
        const typeName = version?.content.resultLicenceType || version?.content.resultName || target.itemName;
        const type = await repos.licenceTypes.findByName(typeName);
        if (!type) throw new AppError('ITEM_LICENCE_TYPE_MISSING', { zh: `事项“${target.itemName}”的办理结果未关联证照类型目录中的证照类型,不能签发电子证照`, en: `The result of ${target.itemName} names no licence type of the catalog; no e-licence can be issued` });
        // The organisation a 一件事 registered holds what its children issue; otherwise as licenceHolder says.
        const registered = target.holderId ? await repos.applicants.findById(target.holderId) : undefined;
        const holder = registered ?? (await this.licenceHolder(scope, applicant, target));
        const licence = await this.licences.issueInTransaction(repos, {
          caseId: target.id, caseNo: target.caseNo, holderId: holder.id, holderName: holder.name, holderRef: holder.idMasked ?? holder.uscc ?? '',
          licenceTypeCode: type.code, issuerName: department.name, issuerUscc: department.uscc ?? '', issuedOn: localDate(now),
          // A change (变更) replaces the licence in force: by the scenario's conventional code, or the item's own word.
          isChange: target.scenario === 'change' || version?.content.resultReplaces === true, at: now,
        });
        issued.push(licence.identifier);
      }
      if (issued.length === 0) throw new AppError('VALIDATION_FAILED', { zh: '本“一件事”的办理结果都不是证照,请选择其他送达方式', en: 'None of the results of this bundle is a licence; choose another way of delivery' }, [{ field: 'method' }]);
    }
    const delivery = { method: input.method, ...(input.express ? { express: input.express } : {}), ...(issued.length > 0 ? { licences: issued } : {}), by: shownName(actor) };
    await this.step(scope, actor, c, 'deliver', roles, facts, { payload: delivery, patch: { deliveredAt: now, delivery } });
    if (c.bundleCode) {
      for (const child of targets) {
        if (child.status === 'concluded') await this.step(scope, actor, child, 'deliver', ['system'], await this.facts(repos, child), { payload: delivery, patch: { deliveredAt: now, delivery } });
      }
    }
    if (input.method === 'window') await this.visit(scope, c.id, { at: now, reason: 'collect_result', cause: null, regionCode: c.regionCode, recordedBy: actor.id });
  }

  /**
   * Who holds a case's licence: an organisation applicant itself; for a person who applied for an
   * organisation (the form names the 单位名称 and a valid 统一社会信用代码, as business items ask),
   * that organisation, registered as an applicant the first time; otherwise the person. A licence
   * of an organisation names the organisation and its USCC, never the person at the desk.
   */
  private async licenceHolder(scope: WriteScope, applicant: ApplicantRecord, c: CaseRecord): Promise<ApplicantRecord> {
    if (applicant.kind === 'organisation') return applicant;
    const uscc = typeof c.form.uscc === 'string' ? c.form.uscc.trim().toUpperCase() : '';
    const orgName = typeof c.form.org_name === 'string' ? c.form.org_name.trim() : '';
    if (!orgName || !isValidUscc(uscc)) return applicant;
    const known = await scope.repos.applicants.findByUscc(uscc);
    if (known) return known;
    const legalRepresentative = typeof c.form.legal_representative === 'string' ? c.form.legal_representative.trim() : '';
    const id = await scope.repos.applicants.insert({
      kind: 'organisation', name: orgName, idFingerprint: null, idSealed: null, idMasked: null, uscc, legalRepresentative, phone: applicant.phone,
      address: typeof c.form.business_premises === 'string' ? c.form.business_premises.trim() : '', gender: null, birthDate: null, regionCode: c.regionCode, at: scope.now,
    });
    await scope.record({ action: 'applicant.registered', entityType: 'applicant', entityId: id, payload: { kind: 'organisation', name: orgName, id: uscc, from: c.caseNo }, scope: caseScope(c) });
    return (await scope.repos.applicants.findById(id))!;
  }

  // ---- department tasks -----------------------------------------------------------------------

  async taskAct(options: WriteOptions, caseId: string, taskId: string, typed: TaskActionInput): Promise<CaseView> {
    const { actor } = options;
    const input = maskResidentIdsDeep(typed);
    if (!(input.action in taskActions)) throw new AppError('VALIDATION_FAILED', { zh: `未知操作 ${input.action}`, en: `Unknown action ${input.action}` });
    const rule = taskActions[input.action];
    if (rule.needsText && !(input.opinion ?? '').trim()) throw new AppError('VALIDATION_FAILED', { zh: `${rule.label.zh}须填写意见或理由`, en: `${rule.label.en} needs an opinion or reason` });
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const { c } = await this.loadVisible(repos, actor, caseId, true);
      const task = await repos.cases.findTask(taskId);
      if (!task || task.caseId !== c.id) throw notFound({ zh: '待办', en: 'Task' });
      const allowedRoles = taskRoles(task.delegated) as Role[];
      const mayAct = actor.kind === 'system' || actor.grants.some((g) => allowedRoles.includes(g.role) && grantCovers(g, { regionPath: task.regionPath, departmentId: task.departmentId }));
      if (!mayAct) throw forbidden();
      const holder = task.assigneeId === null || task.assigneeId === actor.id;
      const facts = { status: task.status, caseStatus: c.status, firstStage: task.stageIndex === 0, holder };
      const problem = taskActionProblem(input.action, facts);
      if (problem) throw notAllowed(c, input.action, availableTaskActions(facts), problem, problem.code);
      // The task table decided who may take this task action; the case's own step is the platform's, on its behalf.
      const roles: CaseActorRole[] = ['system'];
      const calendar = await this.calendarOf(c.regionCode, repos);
      const today = localDate(now);
      const opinion = (input.opinion ?? '').trim();
      const payload = { task: task.id, department: task.departmentName, stage: task.stageName, opinion };
      switch (input.action) {
        case 'claim':
          await repos.cases.updateTask(task.id, { status: 'claimed', assigneeId: actor.id, assigneeName: shownName(actor) });
          await this.log(scope, actor, c, 'task.claim', c.status, { taskId: task.id, payload });
          break;
        case 'assign': {
          const assignee = input.assigneeId ? await repos.staff.findById(input.assigneeId) : undefined;
          if (!assignee || !assignee.active || !assignee.grants.some((g) => allowedRoles.includes(g.role) && grantCovers(g, { regionPath: task.regionPath, departmentId: task.departmentId }))) {
            throw new AppError('VALIDATION_FAILED', { zh: '只能分派给本部门在岗的审批人员', en: 'Assign to an active reviewer of the department' });
          }
          await repos.cases.updateTask(task.id, { status: 'claimed', assigneeId: assignee.id, assigneeName: assignee.displayName });
          await this.log(scope, actor, c, 'task.assign', c.status, { taskId: task.id, payload: { ...payload, assignee: assignee.displayName } });
          break;
        }
        case 'comment':
          await repos.cases.updateTask(task.id, { opinion });
          await this.log(scope, actor, c, 'task.comment', c.status, { taskId: task.id, payload });
          break;
        case 'approve':
          await repos.cases.updateTask(task.id, { status: 'approved', opinion: opinion || task.opinion || '同意', doneAt: now, assigneeId: task.assigneeId ?? actor.id, assigneeName: task.assigneeName ?? shownName(actor) });
          await this.log(scope, actor, c, 'task.approve', c.status, { taskId: task.id, payload });
          await this.advance(scope, actor, c, task);
          break;
        case 'reject':
          await repos.cases.updateTask(task.id, { status: 'rejected', opinion, doneAt: now, assigneeId: task.assigneeId ?? actor.id, assigneeName: task.assigneeName ?? shownName(actor) });
          await repos.cases.closeOpenTasks(c.id, 'cancelled', now);
          await this.step(scope, actor, c, 'reject', roles, await this.facts(repos, c), { taskId: task.id, payload, patch: { outcome: 'rejected', outcomeReason: opinion, concludedAt: now } });
          await this.afterConclusion(scope, actor, c);
          break;
        case 'return_previous':
          await repos.cases.updateTask(task.id, { status: 'returned', opinion, doneAt: now });
          await repos.cases.closeOpenTasks(c.id, 'cancelled', now, task.stageIndex);
          await this.openStage(scope, c, task.stageIndex - 1, task.round + 1);
          await this.log(scope, actor, c, 'task.return_previous', c.status, { taskId: task.id, payload });
          break;
        case 'return_to_applicant':
        case 'suspend': {
          const kind = input.action === 'suspend' ? 'special' : 'correction';
          await this.step(scope, actor, c, input.action, roles, await this.facts(repos, c), { taskId: task.id, payload: { ...payload, procedure: input.procedure ?? '' }, patch: { pausedSince: today, pausedKind: kind } });
          if (kind === 'correction') {
            await repos.cases.notifyOnce(c.id, { kind: 'returned_for_correction', occasion: `${today}:${task.id}`, recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})需补正:${opinion}。补正期间暂停计时。` }, now);
          }
          break;
        }
        case 'resume':
          await this.resume(scope, actor, c, roles, await this.facts(repos, c), calendar, today, { inPerson: false, note: opinion, taskId: task.id });
          break;
      }
      await scope.record({ action: `case.task.${input.action}`, entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, task: task.id, status: c.status }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    }, ...this.viewReplay);
  }

  /** Who a task may be handed to: active staff holding the task's role over its department and region. */
  async assignees(actor: Actor, caseId: string, taskId: string): Promise<{ id: string; username: string; displayName: string }[]> {
    const repos = this.uow.read;
    await this.loadVisible(repos, actor, caseId, false);
    const task = await repos.cases.findTask(taskId);
    if (!task || task.caseId !== caseId) throw notFound({ zh: '待办', en: 'Task' });
    const allowed = taskRoles(task.delegated) as Role[];
    const target = { regionPath: task.regionPath, departmentId: task.departmentId };
    if (actor.kind !== 'system' && !actor.grants.some((g) => allowed.includes(g.role) && grantCovers(g, target))) throw forbidden();
    return (await repos.staff.list())
      .filter((s) => s.active && s.grants.some((g) => allowed.includes(g.role) && grantCovers(g, target)))
      .map((s) => ({ id: s.id, username: s.username, displayName: s.displayName }));
  }

  // ---- reading --------------------------------------------------------------------------------

  async view(actor: Actor, id: string): Promise<CaseView> {
    return this.viewIn(this.uow.read, actor, id);
  }

  /** The view as `repos` see it: inside a write, the case as that write leaves it (what its replay returns). */
  private async viewIn(repos: Repositories, actor: Actor, id: string): Promise<CaseView> {
    const { c, tasks, roles } = await this.loadVisible(repos, actor, id, false);
    const [materials, actions, notices, visitLog, notifications, children, filing, licences] = await Promise.all([
      repos.cases.listMaterials(c.id), repos.cases.listActions(c.id), repos.cases.listNotices(c.id), repos.cases.listVisits(c.id), repos.cases.listNotifications(c.id),
      c.bundleCode && !c.parentId ? repos.cases.children(c.id) : Promise.resolve([]), repos.cases.findFilingByCase(c.id), repos.cases.licencesOfCase(c.id, c.bundleCode !== null && c.parentId === null),
    ]);
    return this.assembleView(actor, c, tasks, roles, { materials, actions, notices, visitLog, notifications, children, filing: filing ?? null, licences });
  }

  /** The view of a case from its rows (read, or just written), for `actor` who holds `roles` on it. */
  private assembleView(actor: Actor, c: CaseRecord, tasks: readonly CaseTask[], roles: readonly CaseActorRole[], parts: CaseParts): CaseView {
    const { materials, actions, notices, visitLog, notifications, children, filing, licences } = parts;
    const facts = factsFrom(c, materials, notices, tasks.filter((t) => openTaskStatuses.includes(t.status)).length);
    const taskViews = tasks.map((t) => {
      const may = actor.kind === 'system' || actor.grants.some((g) => (taskRoles(t.delegated) as string[]).includes(g.role) && grantCovers(g, { regionPath: t.regionPath, departmentId: t.departmentId }));
      const holder = t.assigneeId === null || t.assigneeId === actor.id;
      return { ...t, actions: may ? availableTaskActions({ status: t.status, caseStatus: c.status, firstStage: t.stageIndex === 0, holder }) : [] };
    });
    const printRoles: CaseActorRole[] = ['front_desk', 'town_approver', 'issuer', 'agent', 'system'];
    return {
      ...c,
      querySecret: '',
      materials,
      tasks: taskViews,
      actions,
      notices,
      visitLog,
      notifications,
      children: children.map((ch) => ({ ...ch, departmentName: ch.departmentName })) as unknown as CaseSummary[],
      licences,
      filing,
      available: availableActions(c.status, roles, facts),
      queryPassword: roles.some((r) => printRoles.includes(r)) ? this.ids.open(c.querySecret) : null,
    };
  }

  async search(actor: Actor, query: { caseNo?: string; idNumber?: string; uscc?: string; phone?: string; itemCode?: string; status?: CaseStatus[]; warning?: 'yellow' | 'red'; limit?: number; offset?: number }): Promise<{ total: number; cases: CaseSummary[] }> {
    const scopes = this.scopes(actor);
    let applicantIds: string[] | undefined;
    if (query.idNumber) {
      const found = await this.uow.read.applicants.findByFingerprint(this.ids.fingerprint(query.idNumber.trim().toUpperCase()));
      applicantIds = found ? [found.id] : [];
    } else if (query.uscc) {
      const found = await this.uow.read.applicants.findByUscc(query.uscc.trim().toUpperCase());
      applicantIds = found ? [found.id] : [];
    }
    return this.uow.read.cases.search({
      scopes, caseNo: query.caseNo?.trim(), applicantIds, phone: query.phone?.trim(), itemCode: query.itemCode, status: query.status, warning: query.warning,
      topLevelOnly: !query.caseNo, limit: Math.min(query.limit ?? 20, 100), offset: query.offset ?? 0,
    });
  }

  /** The back-office inbox: open tasks of the actor's departments (or, for a town approver, its delegated cases). */
  async inbox(actor: Actor): Promise<InboxEntry[]> {
    const reviewer = actor.grants.filter((g) => g.role === 'reviewer').map((g) => ({ regionPath: g.regionPath, departmentId: g.departmentId }));
    const town = actor.grants.filter((g) => g.role === 'town_approver').map((g) => ({ regionPath: g.regionPath, departmentId: g.departmentId }));
    if (reviewer.length === 0 && town.length === 0) throw forbidden();
    const [a, b] = await Promise.all([this.uow.read.cases.inbox(reviewer, { delegated: false, limit: 200 }), this.uow.read.cases.inbox(town, { delegated: true, limit: 200 })]);
    return [...a, ...b].sort((x, y) => (x.taskDueDate ?? '9999').localeCompare(y.taskDueDate ?? '9999'));
  }

  /** The issuance window: concluded cases (top level) in the actor's region, oldest first. */
  async issuanceQueue(actor: Actor): Promise<CaseSummary[]> {
    const scopes = this.scopes(actor, 'case.issue');
    const result = await this.uow.read.cases.search({ scopes, status: ['concluded'], topLevelOnly: true, limit: 100, offset: 0 });
    return result.cases.reverse();
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
  async publicQuery(caseNo: string, password: string, clientIp: string): Promise<{ caseNo: string; itemName: string; status: CaseStatus; outcome: string | null; receivedAt: Date; dueDate: string | null; steps: { at: Date; action: string }[]; licences: { identifier: string; licenceType: string; status: string }[] }> {
    const c = await this.openByQueryPassword(caseNo, password, clientIp);
    const [actions, licences] = await Promise.all([this.uow.read.cases.listActions(c.id), this.licencesOfPublicCase(c)]);
    return {
      caseNo: c.caseNo, itemName: c.itemName, status: c.status, outcome: c.outcome, receivedAt: c.receivedAt, dueDate: c.dueDate,
      steps: actions.filter((a) => !a.action.startsWith('task.')).map((a) => ({ at: a.at, action: a.action })),
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
    await this.loadVisible(this.uow.read, actor, caseId, false);
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
    await this.limiter.succeeded([{ key: caseKey, then: 'clear' }, { key: clientKey, then: 'refund' }]);
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
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { c } = await this.loadVisible(scope.repos, actor, caseId, true);
      assertMay(actor, 'case.query_password', caseScope(c));
      await scope.repos.cases.setQuerySecret(c.id, this.ids.seal(password), scope.now);
      await this.limiter.clearIn(scope.repos, { kind: 'caseQuery', subject: c.caseNo });
      await scope.record({ action: 'case.query_password_reset', entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo }, scope: caseScope(c) });
      return { caseId: c.id, caseNo: c.caseNo, queryPassword: password as string | null };
    }, (result) => ({ ...result, queryPassword: null }));
  }

  // ---- filing and case-file review -------------------------------------------------------------

  async listFilings(actor: Actor, options: { sampledOnly?: boolean }): Promise<Filing[]> {
    const scopes = this.scopes(actor, 'filing.read');
    return this.uow.read.cases.listFilings(scopes, { sampledOnly: options.sampledOnly, limit: 200 });
  }

  async receiveFiling(options: WriteOptions, filingId: string): Promise<Filing> {
    return this.filingWrite(options, filingId, async (scope, filing) => {
      if (filing.receivedAt) throw new AppError('FILING_ALREADY_RECEIVED', { zh: '该备案已接收', en: 'This filing was already received' });
      await scope.repos.cases.updateFiling(filing.id, { receivedAt: scope.now, receivedBy: shownName(options.actor) });
      return 'filing.received';
    });
  }

  async reviewFiling(options: WriteOptions, filingId: string, input: { verdict: 'correct' | 'incorrect'; note: string }): Promise<Filing> {
    return this.filingWrite(options, filingId, async (scope, filing) => {
      if (!filing.sampled) throw new AppError('FILING_NOT_SAMPLED', { zh: '该备案未被抽中评查', en: 'This filing was not sampled for review' });
      if (filing.verdict) throw new AppError('FILING_ALREADY_REVIEWED', { zh: '该案卷已评查', en: 'This case file was already reviewed' });
      if (input.verdict === 'incorrect' && !input.note.trim()) throw new AppError('VALIDATION_FAILED', { zh: '评查不合格须写明问题', en: 'An incorrect verdict needs a note' });
      await scope.repos.cases.updateFiling(filing.id, { verdict: input.verdict, verdictNote: input.note.trim(), reviewedAt: scope.now, reviewedBy: shownName(options.actor) });
      return 'filing.reviewed';
    });
  }

  private async filingWrite(options: WriteOptions, filingId: string, work: (scope: WriteScope, filing: Filing) => Promise<string>): Promise<Filing> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const filing = await scope.repos.cases.lockFiling(filingId);
      if (!filing) throw notFound({ zh: '备案', en: 'Filing' });
      const department = (await scope.repos.org.findDepartment(filing.departmentId))!;
      assertMay(actor, 'filing.review', { regionPath: department.regionPath, departmentId: department.id });
      const action = await work(scope, filing);
      await scope.record({ action, entityType: 'filing', entityId: filing.id, payload: { caseNo: filing.caseNo }, scope: { regionPath: department.regionPath, departmentId: department.id } });
      return (await scope.repos.cases.findFiling(filingId))!;
    });
  }

  async setSamplePercent(options: WriteOptions, departmentId: string, percent: number): Promise<{ departmentId: string; samplePercent: number }> {
    const { actor } = options;
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new AppError('VALIDATION_FAILED', { zh: '抽查比例应为0到100的整数', en: 'The share is a whole number from 0 to 100' });
    await performWrite(this.uow, this.clock, options, async (scope) => {
      const department = await scope.repos.org.findDepartment(departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      assertMay(actor, 'filing.policy', { regionPath: department.regionPath, departmentId });
      await scope.repos.cases.setReviewSamplePercent(departmentId, percent, scope.now);
      await scope.record({ action: 'filing.sample_percent_set', entityType: 'department', entityId: departmentId, payload: { percent }, scope: { regionPath: department.regionPath, departmentId } });
    });
    return { departmentId, samplePercent: percent };
  }

  async samplePercent(departmentId: string): Promise<number> {
    return (await this.uow.read.cases.reviewSamplePercent(departmentId)) ?? defaultSamplePercent;
  }
}

/** The 422 for a form that does not meet its definition, naming every failing field. */
function formInvalid(problems: readonly FormProblem[]): AppError {
  return new AppError(
    'FORM_INVALID',
    { zh: `申请表填写有误:${problems.map((p) => p.message).join(';')}`, en: `The application form is not valid: ${problems.map((p) => p.messageEn).join('; ')}` },
    problems.map(({ field, problem, message, messageEn }) => ({ field, problem, message, messageEn })),
  );
}

/** Where a case's audit rows are filed: its region and department. */
function caseScope(c: Pick<CaseRecord, 'regionPath' | 'departmentId'>): { regionPath: string; departmentId: string } {
  return { regionPath: c.regionPath, departmentId: c.departmentId };
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

/** The platform's own steps taken on behalf of an action (start of review, conclusion...). */
function systemActorFor(actor: Actor): Actor {
  return { kind: 'system', id: null, name: `系统(${shownName(actor)})`, grants: [] };
}

export type { TaskStatus };
