/**
 * Front-desk intake (综合受理) of any item or bundle: the case is received, its materials and form
 * checked, and in the same transaction accepted, given its one correction notice, refused, or (for
 * a proxy agent) only submitted.
 */
import { randomInt } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { CalendarData } from '../../domain/calendar.ts';
import type { CaseAction, CaseActorRole, CaseStatus } from '../../domain/case-lifecycle.ts';
import { limitEnd, shiftDue } from '../../domain/case-clock.ts';
import { formatCaseNumber } from '../../domain/case-number.ts';
import { chinaDate as localDate } from '../../domain/china-time.ts';
import { applicableMaterials, checkMaterials, latestDeferredDue, reviewStages, stageEnds, type MaterialMark, type MaterialState } from '../../domain/case-process.ts';
import { tongbanScopeLabels, type Channel, type DayUnit, type FormField, type MaterialRequirement } from '../../domain/catalog.ts';
import { mergeBundle, type Registration } from '../../domain/bundle.ts';
import { checkForm, separateResidentIds, type FormProblem } from '../../domain/form-check.ts';
import { maskResidentIdsDeep } from '../../domain/resident-id.ts';
import { intakeArea, taskRegionPath } from '../../domain/permissions.ts';
import { isWithinRegion } from '../../domain/region.ts';
import type { Repositories, UnitOfWork } from '../../repositories/index.ts';
import type { CaseActionRecord, CaseMaterial, CaseNotice, CaseNotification, NewCase } from '../../repositories/cases/records.ts';
import type { ItemVersion } from '../../repositories/catalog.repository.ts';
import type { Region } from '../../repositories/org.repository.ts';
import { assertMay, assertMayAnywhere, forbidden, notFound, scopesFor, shownName, type Actor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import { withKeyedRequest, type IdProtector } from '../id-protection.ts';
import { authorisationCovering } from '../agent.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from '../write.ts';
import { guarded, factsFrom, namedDepartments, caseScope, systemActorFor, type CaseView, type WrittenCase } from './shared.ts';
import { CaseProcess } from './process.ts';

import { caseProcessRepositories } from './process.ts';
type Uses = (typeof CaseIntake.repositories)[number];

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
  /** A proxy agent applies under the applicant's 代办服务委托书 (帮办代办): its id. */
  authorisationId?: string;
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
  base: Pick<
    NewCase,
    'regionCode' | 'regionPath' | 'applicantId' | 'applicantName' | 'applicantRef' | 'applicantPhone' | 'scenario' | 'channel' | 'viaAgent' | 'agentAuthorisationId' | 'createdBy' | 'at' | 'querySecret' | 'form' | 'formSealed'
  >;
  /** The case's material rows as the front desk marked them. */
  materialRows(requirements: readonly MaterialRequirement[]): Omit<CaseMaterial, 'collectedAt'>[];
}

export const intakeAuditAction: Record<IntakeInput['decision'], string> = { submit: 'submitted', accept: 'accepted', correction: 'correction_notice', refuse: 'refused' };

export class CaseIntake {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseProcessRepositories, 'system', 'agents', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly calendar: CalendarService;
  private readonly ids: IdProtector;
  private readonly steps: CaseProcess;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.calendar = options.calendar;
    this.ids = options.ids;
    this.steps = new CaseProcess(options);
  }

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
    return performWrite(
      this.uow,
      this.clock,
      withKeyedRequest(options, this.ids),
      async (scope): Promise<CaseView & { queryPassword: string }> => {
        const { repos, now } = scope;
        const today = localDate(now);
        const applicant = await repos.applicants.findById(input.applicantId);
        if (!applicant) throw notFound({ zh: '申请人', en: 'Applicant' });
        const plan = input.bundleCode ? await this.bundlePlan(repos, input.bundleCode) : await this.itemPlan(repos, input.itemCode!);
        await this.assertReceivable(repos, actor, region, plan.members);
        // A proxy agent applies only under an authorisation the applicant confirmed, for this matter, now.
        const authorisation = isAgent
          ? await authorisationCovering(repos, actor.id ?? '', input.authorisationId, {
              applicantId: applicant.id,
              matter: input.bundleCode ? { kind: 'bundle', code: input.bundleCode } : { kind: 'item', code: input.itemCode! },
              power: 'apply',
              today,
            })
          : null;
        if (input.scenario && plan.members.length === 1 && !plan.members[0]!.content.scenarios.some((s) => s.code === input.scenario)) {
          throw new AppError('VALIDATION_FAILED', { zh: `事项没有情形 ${input.scenario}`, en: `The item has no scenario ${input.scenario}` });
        }
        const scenario = input.scenario ?? null;
        // A correction notice or a refusal may come before the form is complete; what is given is checked all the same.
        const form = checkForm(plan.formFields, input.form ?? {}, { requireAll: input.decision === 'accept' || input.decision === 'submit', today });
        if (form.problems.length > 0) throw formInvalid(form.problems);
        const { shown, secret } = separateResidentIds(plan.formFields, form.values);
        const requirements = plan.members.length === 1 ? applicableMaterials(plan.members[0]!.content, scenario) : plan.requirements;
        const check = checkMaterials(requirements, input.materials, { latestDeferredDue: latestDeferredDue(calendar, today, plan), today });
        await this.steps.checkLicenceMarks(repos, input.applicantId, requirements, input.materials);
        if (check.problems.length > 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            { zh: `材料核验不通过:${check.problems.map((p) => p.zh).join(';')}`, en: `Materials: ${check.problems.map((p) => p.en).join('; ')}` },
            check.problems.map((p) => ({ field: `materials.${p.key}`, message: p.zh, messageEn: p.en })),
          );
        }
        if (input.decision === 'accept' && check.missing.length > 0) {
          throw new AppError(
            'MATERIALS_MISSING',
            {
              zh: `材料不齐,不能受理:缺少${check.missing.map((m) => m.name).join('、')}。请出具一次性告知书`,
              en: `Materials are missing (${check.missing.map((m) => m.key).join(', ')}); give the correction notice instead`,
            },
            { status: 'submitted', allowed: ['request_correction', 'refuse'], missing: check.missing.map((m) => m.key) },
          );
        }
        if (input.decision === 'correction' && check.missing.length === 0) {
          throw new AppError('MATERIALS_COMPLETE', { zh: '材料已齐全,无需一次性告知,请直接受理', en: 'Nothing is missing; accept instead' }, { status: 'submitted', allowed: ['accept', 'refuse'] });
        }
        const marksByKey = new Map(input.materials.map((m) => [m.key, m]));
        const context: IntakeContext = {
          region,
          calendar,
          today,
          isAgent,
          plan,
          requirements,
          missing: check.missing,
          delegated: plan.members.length === 1 && plan.members[0]!.content.delegatedToTowns && (region.level === 'town' || region.level === 'village'),
          base: {
            regionCode: region.code,
            regionPath: region.path,
            applicantId: applicant.id,
            applicantName: applicant.name,
            applicantRef: applicant.idMasked ?? applicant.uscc ?? '',
            applicantPhone: applicant.phone,
            scenario,
            channel: input.channel,
            viaAgent: isAgent,
            agentAuthorisationId: authorisation?.id ?? null,
            createdBy: actor.id,
            at: now,
            querySecret: this.ids.seal(password),
            // Resident IDs are stored masked where everything reads the form, their originals only sealed.
            form: shown,
            formSealed: Object.keys(secret).length > 0 ? this.ids.seal(JSON.stringify(secret)) : null,
          },
          materialRows: (reqs) =>
            reqs.map((r) => {
              const mark = marksByKey.get(r.key);
              return {
                key: r.key,
                name: r.name,
                required: r.required,
                deferrableUntil: r.deferrable ? r.deferrableUntil : null,
                state: (mark?.state ?? 'missing') as MaterialState,
                licenceId: mark?.licenceId ?? null,
                deferredDue: mark?.state === 'deferred' ? (mark.deferredDue ?? null) : null,
                note: '',
              };
            }),
        };
        const view = input.bundleCode ? await this.steps.viewIn(repos, actor, await this.intakeBundle(scope, actor, input, context)) : await this.steps.writtenViewOrRead(repos, actor, await this.intakeItem(scope, actor, input, context));
        return { ...view, queryPassword: view.queryPassword ?? password };
      },
      ...this.steps.viewReplay,
    );
  }

  /**
   * One item: everything is read, checked and decided before the case number is taken (its counter
   * row, one per region and day, stays locked until commit), then the case is written in the state
   * the intake leaves it in, one statement per table. The steps are those of the transition table
   * all the same: `decide` guards each on the facts as they stand at that point, and the action log
   * holds each with its statuses and sequence number. Returns the rows as written, as `view` reads them.
   */
  private async intakeItem(scope: WriteScope<Uses>, actor: Actor, input: IntakeInput, context: IntakeContext): Promise<WrittenCase> {
    const { repos, now } = scope;
    const { plan, region, calendar, today, base } = context;
    const version = plan.members[0]!;
    const materials = context.materialRows(context.requirements);
    const c = {
      status: 'submitted' as CaseStatus,
      caseKind: plan.caseKind,
      outcome: null,
      regionPath: region.path,
      departmentId: plan.departmentId,
      acceptedOn: null as string | null,
      dueDate: null as string | null,
      outcomeReason: '',
      parentId: null,
      bundleCode: null,
      delegated: context.delegated,
      pausedKind: null,
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
    const roles = actor.kind === 'system' ? (['system'] as CaseActorRole[]) : this.steps.rolesOn(actor, c);
    if (input.decision === 'accept') {
      const due = plan.caseKind === 'instant' ? today : limitEnd(calendar, today, plan.limitDays, plan.limitUnit);
      step(actor, 'accept', roles);
      Object.assign(c, { acceptedOn: today, dueDate: due });
      notices.push({ kind: 'acceptance', content: (caseNo) => ({ caseNo, ...what, acceptedOn: today, dueDate: due, limitDays: plan.limitDays, limitUnit: plan.limitUnit, caseKind: plan.caseKind }) });
      if (materials.some((m) => m.state === 'deferred')) {
        notices.push({
          kind: 'deferred',
          content: (caseNo, written) => ({ caseNo, ...what, materials: written.filter((m) => m.state === 'deferred').map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) }),
        });
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
        kind: 'correction_notice',
        occasion: 'intake',
        recipient: `applicant:${base.applicantId}`,
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
      ...base,
      caseNo,
      parentId: null,
      bundleCode: null,
      itemVersionId: version.id,
      itemCode: version.implementationCode,
      itemName: plan.name,
      departmentId: plan.departmentId,
      status: c.status,
      caseKind: plan.caseKind,
      limitDays: plan.limitDays,
      limitUnit: plan.limitUnit,
      delegated: context.delegated,
      acceptedOn: c.acceptedOn,
      dueDate: c.dueDate,
      outcomeReason: c.outcomeReason,
      visits: visit ? 1 : 0,
      actionSeq: actions.length,
    });
    const writtenMaterials = await repos.caseMaterials.insertMaterials(row.id, materials);
    const writtenActions = await repos.caseLog.insertActions(
      row.id,
      actions.map((a, index) => ({ ...a, seq: index + 1, taskId: null, regionCode: region.code, at: now })),
    );
    const visitLog = visit ? [await repos.caseLog.insertFirstVisit(row.id, visit)] : [];
    const writtenNotices = await repos.caseLog.insertNotices(
      row.id,
      notices.map((n) => ({ kind: n.kind, content: n.content(caseNo, writtenMaterials) })),
      now,
    );
    const writtenTasks = await repos.caseTasks.insertTasks(tasks.map((t) => ({ ...t, caseId: row.id, round: 1, delegated: context.delegated, at: now })));
    const writtenNotifications: CaseNotification[] = [];
    for (const n of notifications) {
      const notification = { kind: n.kind, occasion: n.occasion, recipient: n.recipient, message: n.message(caseNo) };
      if (await repos.caseLog.notifyOnce(row.id, notification, now)) writtenNotifications.push({ ...notification, createdAt: now });
    }
    await scope.record({ action: `case.${intakeAuditAction[input.decision]}`, entityType: 'case', entityId: row.id, payload: { caseNo, itemCode: row.itemCode, applicant: base.applicantRef }, scope: caseScope(row) });
    return {
      c: row,
      tasks: writtenTasks,
      parts: { materials: writtenMaterials, actions: writtenActions, notices: writtenNotices, visitLog, notifications: writtenNotifications, children: [], filing: null, licences: [] },
    };
  }

  /** A bundle: the parent case and one child case per member item, step by step. */
  private async intakeBundle(scope: WriteScope<Uses>, actor: Actor, input: IntakeInput, context: IntakeContext): Promise<string> {
    const { repos, now } = scope;
    const { plan, region, today, base } = context;
    const bundleCode = input.bundleCode!;
    const sequence = await repos.system.nextCaseSequence(region.code, today);
    const caseNo = formatCaseNumber(region.code, today, sequence);
    const rootCase = await repos.cases.insertCase({
      ...base,
      caseNo,
      parentId: null,
      bundleCode,
      itemVersionId: null,
      itemCode: bundleCode,
      itemName: plan.name,
      departmentId: plan.departmentId,
      status: 'submitted',
      caseKind: plan.caseKind,
      limitDays: plan.limitDays,
      limitUnit: plan.limitUnit,
      delegated: context.delegated,
    });
    const root = rootCase.id;
    await repos.caseMaterials.upsertMaterials(root, context.materialRows(context.requirements));
    await this.steps.log(scope, actor, rootCase, 'receive', null, {
      channel: input.channel,
      payload: { itemCode: rootCase.itemCode, scenario: base.scenario, materials: input.materials.map((m) => ({ key: m.key, state: m.state })), viaAgent: context.isAgent },
    });
    await this.steps.openBundleChildren(scope, actor, rootCase, { members: plan.members, registration: plan.registration ?? null, base, channel: input.channel, rowsFor: context.materialRows });
    if (input.channel === 'window' && !context.isAgent) {
      await this.steps.visit(scope, root, { at: now, reason: 'application', cause: null, regionCode: region.code, recordedBy: actor.id });
    }
    const roles = actor.kind === 'system' ? (['system'] as CaseActorRole[]) : this.steps.rolesOn(actor, rootCase);
    if (input.decision === 'accept') await this.steps.acceptCase(scope, actor, rootCase, roles, context.calendar, plan.members);
    else if (input.decision === 'correction') await this.steps.correctionNotice(scope, actor, rootCase, roles, context.missing, '');
    else if (input.decision === 'refuse') await this.steps.refuseCase(scope, actor, rootCase, roles, input.refusal!);
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
  private async assertReceivable(repos: Pick<Repositories, Uses>, actor: Actor, region: Region, members: readonly ItemVersion[]): Promise<void> {
    for (const item of members) {
      assertMay(actor, 'case.intake', { regionPath: region.path, departmentId: item.departmentId });
      const department = await repos.org.findDepartment(item.departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      const scope = item.content.tongbanScope;
      const area = intakeArea(await repos.org.ancestry(department.regionPath), scope);
      if (area !== null && !isWithinRegion(region.path, area)) {
        throw new AppError(
          'FORBIDDEN',
          {
            zh: `事项“${item.content.name}”由${department.name}实施,通办范围为“${tongbanScopeLabels[scope]}”,不能在${region.name}受理`,
            en: `Item ${item.implementationCode} belongs to a department elsewhere and is not declared for cross-region service (通办) in ${region.code}`,
          },
          { itemCode: item.implementationCode, tongbanScope: scope, regionCode: region.code },
        );
      }
    }
  }

  private async itemPlan(repos: Pick<Repositories, Uses>, code: string): Promise<IntakePlan> {
    const version = await repos.catalog.findVersion(code, { status: 'published' });
    if (!version) throw notFound({ zh: `事项 ${code}`, en: `Item ${code}` });
    const c = version.content;
    return {
      name: c.name,
      departmentId: version.departmentId,
      caseKind: c.caseKind,
      limitDays: c.caseKind === 'instant' ? 0 : c.promisedDays,
      limitUnit: c.promisedUnit,
      members: [version],
      requirements: applicableMaterials(c, null),
      formFields: c.formFields,
    };
  }

  private async bundlePlan(repos: Pick<Repositories, Uses>, code: string): Promise<IntakePlan> {
    const bundle = await repos.catalog.findBundle(code);
    if (bundle?.status !== 'published') throw notFound({ zh: `一件事 ${code}`, en: `Bundle ${code}` });
    const members: ItemVersion[] = [];
    for (const itemCode of bundle.content.itemCodes) {
      const version = await repos.catalog.findVersion(itemCode, { status: 'published' });
      if (!version) throw new AppError('ITEM_NOT_PUBLISHED', { zh: `一件事包含的事项 ${itemCode} 未发布`, en: `Member item ${itemCode} is not published` });
      members.push(version);
    }
    const merged = mergeBundle(
      members.map((m) => ({ implementationCode: m.implementationCode, name: m.content.name, formFields: m.content.formFields, materials: m.content.materials, resultName: m.content.resultName, resultKind: m.content.resultKind })),
    );
    // Without scenarios at bundle level, a material only some scenario of every member needs is not asked for.
    const always = merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem)));
    return {
      name: bundle.content.name,
      departmentId: bundle.leadDepartmentId,
      caseKind: 'promised' as const,
      limitDays: bundle.content.promisedDays,
      limitUnit: 'working' as const,
      members,
      requirements: always as MaterialRequirement[],
      formFields: merged.formFields,
      registration: merged.registration,
    };
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
