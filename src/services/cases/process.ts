/**
 * The lifecycle steps more than one use case takes: accepting, the correction notice and refusal
 * (intake and the front desk's actions), opening and advancing review stages, concluding, filing a
 * delegated decision, registering the subject a bundle creates (actions and department tasks), and
 * resuming a paused clock. They run inside the caller's transaction.
 */
import { createHash, randomInt } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { addWorkingDays, type CalendarData } from '../../domain/calendar.ts';
import { decide, type CaseActorRole, type CaseFacts } from '../../domain/case-lifecycle.ts';
import { limitEnd, pausedDays, publicityPeriod, shiftDue } from '../../domain/case-clock.ts';
import { chinaDate as localDate } from '../../domain/china-time.ts';
import { applicableMaterials, openTaskStatuses, reviewStages, stageEnds, stageOutcome, type MaterialMark, type MaterialState, type ReviewStage } from '../../domain/case-process.ts';
import type { MaterialRequirement, ServiceItemContent } from '../../domain/catalog.ts';
import { isProducedMaterial, registrationOf, type Registration } from '../../domain/bundle.ts';
import { newUscc } from '../../domain/uscc.ts';
import { taskRegionPath } from '../../domain/permissions.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { CaseMaterial, CaseRecord, CaseTask, NewCase } from '../../repositories/cases/records.ts';
import type { ItemVersion } from '../../repositories/catalog.repository.ts';
import type { Department } from '../../repositories/org.repository.ts';
import type { Actor } from '../actor.ts';
import type { WriteScope } from '../write.ts';
import { CaseSteps, defaultSamplePercent, namedDepartments, systemActorFor } from './shared.ts';

import { caseStepRepositories } from './shared.ts';
/** What the lifecycle steps read and write besides the shared steps' repositories. */
export const caseProcessRepositories = [...caseStepRepositories, 'applicants', 'catalog'] as const;
type Uses = (typeof caseProcessRepositories)[number];

const filingDays = 3;

/** What a bundle's children share with their parent (the applicant, where and how it was received, the form). */
export type BundleChildBase = Pick<
  NewCase,
  'regionCode' | 'regionPath' | 'applicantId' | 'applicantName' | 'applicantRef' | 'applicantPhone' | 'scenario' | 'channel' | 'viaAgent' | 'createdBy' | 'at' | 'querySecret' | 'form' | 'formSealed'
>;

export class CaseProcess extends CaseSteps {
  /** A licence mark must name a valid licence the applicant holds, of the type the material asks for. */
  async checkLicenceMarks(repos: Pick<Repositories, Uses>, applicantId: string, requirements: readonly MaterialRequirement[], marks: readonly MaterialMark[]): Promise<void> {
    const licenceMarks = marks.filter((m) => m.state === 'licence');
    if (licenceMarks.length === 0) return;
    const held = new Map((await repos.applicants.listLicences(applicantId)).map((l) => [l.id, l]));
    for (const mark of licenceMarks) {
      const requirement = requirements.find((r) => r.key === mark.key);
      const licence = mark.licenceId ? held.get(mark.licenceId) : undefined;
      if (!requirement || !licence || licence.status !== 'valid' || (requirement.licenceType !== null && requirement.licenceType !== licence.licenceType)) {
        throw new AppError('VALIDATION_FAILED', { zh: `${requirement?.name ?? mark.key}:所选证照不是申请人持有的有效${requirement?.licenceType ?? '证照'}`, en: `${mark.key}: the licence is not a valid one of the applicant of that type` }, [
          { field: `materials.${mark.key}` },
        ]);
      }
    }
  }

  /** @param versions the item versions the caller has read already (a bundle intake's members). */
  async acceptCase(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], calendar: CalendarData, versions: readonly ItemVersion[] = []): Promise<void> {
    const { repos, now } = scope;
    const today = localDate(now);
    const materials = await repos.caseMaterials.listMaterials(c.id);
    const due = c.caseKind === 'instant' ? today : limitEnd(calendar, today, c.limitDays, c.limitUnit);
    await this.step(scope, actor, c, 'accept', roles, await this.facts(repos, c), { patch: { acceptedOn: today, dueDate: due } });
    await repos.caseLog.insertNotice(
      c.id,
      'acceptance',
      { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, acceptedOn: today, dueDate: due, limitDays: c.limitDays, limitUnit: c.limitUnit, caseKind: c.caseKind },
      now,
    );
    const deferred = materials.filter((m) => m.state === 'deferred');
    if (deferred.length > 0) {
      await repos.caseLog.insertNotice(
        c.id,
        'deferred',
        { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, materials: deferred.map((m) => ({ key: m.key, name: m.name, due: m.deferredDue, until: m.deferrableUntil })) },
        now,
      );
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

  /**
   * A bundle's child cases, one per member item, in parallel, received with the parent (its number
   * `-01`, `-02` …): what the bundle's own registration produces is not asked of any member (it
   * waits for it). `rowsFor` gives each member's material rows as the parent's were marked.
   */
  async openBundleChildren(
    scope: WriteScope<Uses>,
    actor: Actor,
    root: CaseRecord,
    input: { members: readonly ItemVersion[]; registration: Registration | null; base: BundleChildBase; channel: string; rowsFor(requirements: readonly MaterialRequirement[]): Omit<CaseMaterial, 'collectedAt'>[] },
  ): Promise<void> {
    const { repos } = scope;
    const { registration, base } = input;
    for (const [index, member] of input.members.entries()) {
      const needs = applicableMaterials(member.content, null);
      const produced = registration && member.implementationCode !== registration.implementationCode ? needs.filter((m) => isProducedMaterial(m, registration)) : [];
      const child = await repos.cases.insertCase({
        ...base,
        caseNo: `${root.caseNo}-${String(index + 1).padStart(2, '0')}`,
        parentId: root.id,
        bundleCode: root.bundleCode,
        itemVersionId: member.id,
        itemCode: member.implementationCode,
        itemName: member.content.name,
        departmentId: member.departmentId,
        status: 'submitted',
        caseKind: 'promised',
        limitDays: root.limitDays,
        limitUnit: 'working',
        delegated: false,
        awaitsRegistration: produced.some((m) => m.required) || (registration !== null && member.implementationCode !== registration.implementationCode && member.content.formFields.some((f) => f.type === 'uscc' && f.required)),
      });
      await repos.caseMaterials.upsertMaterials(
        child.id,
        input
          .rowsFor(needs)
          .map((row) => (produced.some((m) => m.key === row.key) ? { ...row, state: 'licence' as MaterialState, licenceId: null, deferredDue: null, note: `由本“一件事”的${registration!.name}核准后生成,申请人无需提交` } : row)),
      );
      await this.log(scope, actor, child, 'receive', null, { channel: input.channel, payload: { parentCaseNo: root.caseNo } });
    }
  }

  async correctionNotice(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], missing: readonly { key: string; name: string }[], note: string): Promise<void> {
    await this.step(scope, actor, c, 'request_correction', roles, await this.facts(scope.repos, c), { payload: { missing: missing.map((m) => m.key), note } });
    try {
      await scope.repos.caseLog.insertNotice(c.id, 'correction', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, missing: missing.map((m) => ({ key: m.key, name: m.name })), note }, scope.now);
    } catch (error) {
      throw new AppError('CORRECTION_NOTICE_ALREADY_GIVEN', { zh: '一次性告知书已出具,不得再次告知', en: 'The one correction notice was already given' }, { cause: String(error) });
    }
    await scope.repos.caseLog.notifyOnce(
      c.id,
      { kind: 'correction_notice', occasion: 'intake', recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})需补正:${missing.map((m) => m.name).join('、')}。补齐后到任一综合窗口或网上提交即可继续办理。` },
      scope.now,
    );
  }

  async refuseCase(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], refusal: { reason: string; legalBasis: string }): Promise<void> {
    await this.step(scope, actor, c, 'refuse', roles, await this.facts(scope.repos, c), { payload: refusal, patch: { outcomeReason: refusal.reason } });
    await scope.repos.caseLog.insertNotice(c.id, 'refusal', { caseNo: c.caseNo, itemName: c.itemName, applicantName: c.applicantName, reason: refusal.reason, legalBasis: refusal.legalBasis }, scope.now);
    if (c.bundleCode && !c.parentId) {
      for (const child of await scope.repos.cases.children(c.id)) await this.step(scope, actor, child, 'refuse', ['system', ...roles], await this.facts(scope.repos, child), { payload: refusal });
    }
  }

  // ---- stages and tasks -----------------------------------------------------------------------

  async stagesOf(repos: Pick<Repositories, Uses>, c: CaseRecord, known?: ItemVersion): Promise<{ stages: ReviewStage[]; content: ServiceItemContent }> {
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
  async openStage(scope: WriteScope<Uses>, c: CaseRecord, index: number, round: number, preloaded: { version?: ItemVersion; calendar?: CalendarData; departments?: readonly Department[] } = {}): Promise<void> {
    const { repos, now } = scope;
    const { stages } = await this.stagesOf(repos, c, preloaded.version);
    const stage = stages[index];
    if (!stage) return;
    const calendar = preloaded.calendar ?? (await this.calendarOf(c.regionCode, repos));
    if (stage.publicityDays) {
      // A public notice opens the stage: the limit stands still for the working days it covers.
      const posted = localDate(now);
      const notice = publicityPeriod(calendar, posted, stage.publicityDays, c.limitUnit);
      const dueDate = shiftDue(calendar, c.dueDate!, notice.extension, c.limitUnit);
      const patch = { dueDate, pausedDays: c.pausedDays + notice.extension };
      await repos.cases.updateCase(c.id, patch, now);
      Object.assign(c, patch);
      await this.log(scope, { kind: 'system', id: null, name: '系统', grants: [] }, c, 'publicity', c.status, {
        payload: { stage: stage.name, days: stage.publicityDays, posted, end: notice.end, decideFrom: notice.decideFrom, extension: notice.extension, dueDate },
      });
    }
    const ends = stageEnds(stages, c.limitDays);
    const due = shiftDue(calendar, limitEnd(calendar, c.acceptedOn!, ends[index]!, c.limitUnit), c.pausedDays, c.limitUnit);
    const departments = namedDepartments(preloaded.departments ?? (await repos.org.listDepartments()), stage.departments, c.itemCode);
    await repos.caseTasks.insertTasks(
      departments.map((d) => ({
        caseId: c.id,
        stageIndex: index,
        stageName: stage.name,
        mode: stage.mode,
        round,
        departmentId: d.id,
        regionPath: taskRegionPath(c.regionPath, d.regionPath),
        delegated: c.delegated,
        dueDate: due > c.dueDate! ? c.dueDate : due,
        at: now,
      })),
    );
  }

  /** After a task is done: close the stage when it is decided, open the next one or conclude. */
  async advance(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, task: CaseTask): Promise<void> {
    const { repos, now } = scope;
    const tasks = (await repos.caseTasks.listTasks(c.id)).filter((t) => t.stageIndex === task.stageIndex && t.round === task.round);
    const outcome = stageOutcome(
      task.mode,
      tasks.filter((t) => t.status !== 'cancelled' && t.status !== 'skipped').map((t) => t.status),
    );
    if (outcome !== 'approved') return;
    await repos.caseTasks.closeOpenTasks(c.id, 'skipped', now, task.stageIndex);
    const { stages } = await this.stagesOf(repos, c);
    if (task.stageIndex + 1 < stages.length) {
      await this.openStage(scope, c, task.stageIndex + 1, task.round);
      await this.log(scope, systemActorFor(actor), c, 'next_stage', c.status, { payload: { stage: stages[task.stageIndex + 1]!.name } });
      return;
    }
    await this.tryConclude(scope, actor, c);
  }

  /** Concludes an approved case once no task is open and no deferred material blocks the decision. */
  async tryConclude(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord): Promise<void> {
    if (c.status !== 'in_review') return;
    const facts = await this.facts(scope.repos, c);
    if (!decide(c.status, 'conclude', ['system'], facts).allowed) return;
    const tasks = await scope.repos.caseTasks.listTasks(c.id);
    if (tasks.length === 0 && !(c.bundleCode && !c.parentId)) return;
    await this.step(scope, systemActorFor(actor), c, 'conclude', ['system'], facts, { patch: { outcome: 'approved', concludedAt: scope.now } });
    await this.afterConclusion(scope, actor, c);
  }

  async afterConclusion(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord): Promise<void> {
    const { repos, now } = scope;
    const word = c.outcome === 'approved' ? '准予' : '不予许可';
    await repos.caseLog.notifyOnce(c.id, { kind: 'concluded', occasion: 'conclusion', recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})已办结(${word}),可选择窗口领取、快递送达或电子证照。` }, now);
    if (c.delegated) {
      const calendar = await this.calendarOf(c.regionCode, repos);
      const percent = (await repos.filings.reviewSamplePercent(c.departmentId)) ?? defaultSamplePercent;
      const draw = Number.parseInt(createHash('sha256').update(c.id).digest('hex').slice(0, 8), 16) % 100;
      await repos.filings.insertFiling({ caseId: c.id, departmentId: c.departmentId, fromRegionCode: c.regionCode, dueDate: addWorkingDays(calendar, localDate(now), filingDays), sampled: draw < percent, at: now });
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
  async afterRegistration(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord): Promise<void> {
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
        await repos.caseTasks.closeOpenTasks(s.id, 'cancelled', now);
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
      kind: 'organisation',
      name,
      idFingerprint: null,
      idSealed: null,
      idMasked: null,
      uscc,
      legalRepresentative: (form.legal_representative ?? '').trim(),
      phone: (form.phone ?? c.applicantPhone).trim(),
      address: (form.business_premises ?? form.address ?? '').trim(),
      gender: null,
      birthDate: null,
      regionCode: c.regionCode,
      at: now,
    });
    await scope.record({ action: 'applicant.registered', entityType: 'applicant', entityId: holderId, payload: { kind: 'organisation', name, id: uscc, caseNo: c.caseNo }, scope: { regionPath: c.regionPath } });
    for (const target of [parent, c, ...siblings]) {
      await repos.cases.updateCase(target.id, { form: { ...target.form, uscc }, holderId, awaitsRegistration: false }, now);
      Object.assign(target, { form: { ...target.form, uscc }, holderId, awaitsRegistration: false });
    }
    await this.log(scope, systemActorFor(actor), parent, 'subject_registered', parent.status, { payload: { name, uscc, by: c.caseNo } });
    for (const s of siblings) await this.tryConclude(scope, actor, s);
  }

  async resume(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, calendar: CalendarData, today: string, options: { inPerson: boolean; note: string; taskId?: string }): Promise<void> {
    const { repos, now } = scope;
    const paused = c.pausedSince ? pausedDays(calendar, c.pausedSince, today, c.limitUnit) : 0;
    const due = c.dueDate ? shiftDue(calendar, c.dueDate, paused, c.limitUnit) : null;
    const kind = c.pausedKind;
    await this.step(scope, actor, c, 'resume', roles, facts, {
      taskId: options.taskId ?? null,
      payload: { pausedDays: paused, dueDate: due, note: options.note, kind },
      patch: { pausedSince: null, pausedKind: null, pausedDays: c.pausedDays + paused, dueDate: due, warning: 'none' },
    });
    if (paused > 0) {
      const open = (await repos.caseTasks.listTasks(c.id)).filter((t) => openTaskStatuses.includes(t.status) && t.dueDate);
      await repos.caseTasks.setOpenTaskDueDates(c.id, new Map(open.map((t) => [t.id, shiftDue(calendar, t.dueDate!, paused, c.limitUnit)])));
    }
    if (kind === 'correction' && options.inPerson) await this.visit(scope, c.id, { at: now, reason: 'correction', cause: 'missing_material', regionCode: c.regionCode, recordedBy: actor.id });
  }
}
