/**
 * 一网通办: an applicant signed in online applies for an item themselves, on a phone or a computer.
 * A draft is a case row in status `draft` (no case number yet, no action log: it is no application
 * until submitted), owned by the person the account is bound to or the business it acts for. The
 * form is filled from the profile (一表申请); materials the licence library or shared data supply are
 * marked so and never asked for; the rest are uploaded (the content decides the type). Submitting
 * takes the table's `submit` step and gives the case its number; from then on the case runs the one
 * lifecycle: pre-review (网上预审) by the department or the center's desk, the one correction notice
 * answered online in the same case, deferred materials handed in online, the result sent by express
 * or as an e-licence. None of it is a visit: the ledger stays at zero.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { caseStatusLabels, decide, type CaseAction, type CaseActorRole } from '../domain/case-lifecycle.ts';
import { formatCaseNumber } from '../domain/case-number.ts';
import { chinaDate as localDate } from '../domain/china-time.ts';
import { applicableMaterials, checkMaterials, latestDeferredDue, type MaterialState } from '../domain/case-process.ts';
import type { DayUnit, FormField, MaterialRequirement } from '../domain/catalog.ts';
import { mergeBundle, type Registration } from '../domain/bundle.ts';
import { citizenSteps, type CitizenStep } from '../domain/citizen-progress.ts';
import { checkForm, separateResidentIds } from '../domain/form-check.ts';
import { applicantStatusLabels, defaultDraftDays, draftExpiryCutoff, initialMarks, isOfferedOnline, type DeliveryChoice, type OnlineChannel } from '../domain/online.ts';
import { prefillForm } from '../domain/profile.ts';
import { maskResidentIdsDeep } from '../domain/resident-id.ts';
import { assertUploadAllowed, fileKinds, storedFileName } from '../domain/uploads.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { CaseMaterial, CaseRecord } from '../repositories/cases/records.ts';
import type { CaseFile, OnlineCaseSummary } from '../repositories/online-application.repository.ts';
import type { ItemVersion } from '../repositories/catalog.repository.ts';
import { notFound, systemActor, type Actor, type Clock } from './actor.ts';
import { profileOf } from './applicant.service.ts';
import type { CalendarService } from './calendar.service.ts';
import { CaseProcess, caseProcessRepositories, type BundleChildBase } from './cases/process.ts';
import { caseScope, factsFrom, guarded } from './cases/shared.ts';
import { sniffFileKind } from './file-sniff.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof OnlineService.repositories)[number];

const caseWord = { zh: '办件', en: 'Case' };
/** At most this many files per material, and bytes per case: a phone's photos, not an archive. */
const filesPerMaterial = 10;
const bytesPerCase = 50 * 1024 * 1024;

/** A business the account acts for (授权经办人 or 法定代表人), when the identity work gives one. */
interface ActingFor {
  applicantId: string;
  role: string;
}

export interface OnlineOffer {
  items: { code: string; name: string; departmentName: string; caseKind: 'instant' | 'promised'; promisedDays: number; channels: string[] }[];
  bundles: { code: string; name: string; itemCodes: string[]; promisedDays: number }[];
}

export interface OnlineMaterialView {
  key: string;
  name: string;
  required: boolean;
  deferrable: boolean;
  state: MaterialState;
  /** Where a material the applicant need not hand in comes from (licence library, shared data). */
  source: 'applicant' | 'licence' | 'shared_data';
  deferredDue: string | null;
  notes: string;
  files: Omit<CaseFile, 'caseId'>[];
  /** Whether the applicant may upload for it now (a draft, an answer to the correction notice, a deferred material). */
  uploadable: boolean;
}

export interface OnlineCaseView {
  id: string;
  caseNo: string | null;
  status: CaseRecord['status'];
  statusLabel: { zh: string; en: string };
  itemCode: string;
  itemName: string;
  bundleCode: string | null;
  departmentName: string;
  channel: string;
  scenario: string | null;
  outcome: CaseRecord['outcome'];
  outcomeReason: string;
  formFields: FormField[];
  form: Record<string, string>;
  materials: OnlineMaterialView[];
  deliveryChoice: DeliveryChoice | null;
  delivery: { method: string; company: string | null; trackingNo: string | null } | null;
  steps: CitizenStep[];
  correction: { missing: { key: string; name: string }[]; note: string } | null;
  refusal: { reason: string; legalBasis: string } | null;
  licences: { identifier: string; licenceType: string; status: string }[];
  /** What the applicant may do now: the table's actions for the role `applicant`. */
  available: CaseAction[];
  visits: number;
  receivedAt: Date | null;
  acceptedOn: string | null;
  dueDate: string | null;
  updatedAt: Date;
  /** For a draft: when it is deleted if nobody touches it. */
  expiresAt: Date | null;
}

export interface StartDraftInput {
  itemCode?: string;
  bundleCode?: string;
  scenario?: string | null;
  channel?: OnlineChannel;
}

export interface SaveDraftInput {
  form?: Record<string, string>;
  scenario?: string | null;
  delivery?: DeliveryChoice | null;
}

export class OnlineService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseProcessRepositories, 'onlineApplications', 'system', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;
  private readonly steps: CaseProcess;
  private readonly draftDays: number;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector; draftDays?: number }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
    this.steps = new CaseProcess(options);
    this.draftDays = options.draftDays ?? defaultDraftDays;
  }

  // ---- what can be applied for ----------------------------------------------------------------

  /** Items whose channels include 网上/移动端, and 一件事 whose every member does. */
  async offer(): Promise<OnlineOffer> {
    const repos = this.uow.read;
    const published = await repos.catalog.listPublished();
    const departments = new Map((await repos.org.listDepartments()).map((d) => [d.id, d.name]));
    const online = published.filter((v) => isOfferedOnline(v.content.channels));
    const onlineCodes = new Set(online.map((v) => v.implementationCode));
    const bundles = (await repos.catalog.listBundles('published')).filter((b) => b.content.itemCodes.every((code) => onlineCodes.has(code)));
    return {
      items: online.map((v) => ({
        code: v.implementationCode,
        name: v.content.name,
        departmentName: departments.get(v.departmentId) ?? '',
        caseKind: v.content.caseKind,
        promisedDays: v.content.promisedDays,
        channels: [...v.content.channels],
      })),
      bundles: bundles.map((b) => ({ code: b.code, name: b.content.name, itemCodes: [...b.content.itemCodes], promisedDays: b.content.promisedDays })),
    };
  }

  // ---- drafts ---------------------------------------------------------------------------------

  /** Starts a draft for the applicant the account stands for; the form comes filled from the profile. */
  async startDraft(options: WriteOptions, input: StartDraftInput): Promise<OnlineCaseView> {
    const { actor } = options;
    const applicantId = this.applicantFor(actor);
    if (!input.itemCode === !input.bundleCode) throw new AppError('VALIDATION_FAILED', { zh: '请选择一个事项或一个“一件事”', en: 'Give exactly one of itemCode and bundleCode' });
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async (scope) => {
      const { repos, now } = scope;
      const plan = input.bundleCode ? await this.bundlePlan(repos, input.bundleCode) : await this.itemPlan(repos, input.itemCode!);
      const scenario = plan.bundleCode ? null : (input.scenario ?? null);
      if (scenario && !plan.scenarios.includes(scenario)) throw new AppError('VALIDATION_FAILED', { zh: `事项没有情形 ${scenario}`, en: `The item has no scenario ${scenario}` }, [{ field: 'scenario' }]);
      const applicant = await repos.applicants.findById(applicantId);
      if (!applicant) throw notFound({ zh: '申请人', en: 'Applicant' });
      const department = await repos.org.findDepartment(plan.departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      const regionCode = department.regionPath.split('.').at(-1)!;
      const profile = profileOf((await repos.applicants.findById(applicantId))!, this.ids);
      const filled = prefillForm(plan.formFields, profile);
      const { shown, secret } = separateResidentIds(plan.formFields, filled);
      const requirements = plan.requirements(scenario);
      const marks = initialMarks(requirements, await repos.applicants.listLicences(applicantId));
      const row = await repos.cases.insertCase({
        // The number comes at submission; until then the draft is known by its id alone.
        caseNo: `DRAFT-${randomUUID()}`,
        parentId: null,
        bundleCode: plan.bundleCode,
        itemVersionId: plan.itemVersionId,
        itemCode: plan.code,
        itemName: plan.name,
        departmentId: plan.departmentId,
        regionCode,
        regionPath: department.regionPath,
        applicantId,
        applicantName: applicant.name,
        applicantRef: applicant.idMasked ?? applicant.uscc ?? '',
        applicantPhone: applicant.phone,
        scenario,
        channel: input.channel ?? 'mobile',
        viaAgent: false,
        status: 'draft',
        caseKind: plan.caseKind,
        limitDays: plan.limitDays,
        limitUnit: plan.limitUnit,
        delegated: false,
        form: shown,
        formSealed: Object.keys(secret).length > 0 ? this.ids.seal(JSON.stringify(secret)) : null,
        // The query password (/query) of an online case: the applicant follows it signed in, staff print it on notices.
        querySecret: this.ids.seal(String(randomInt(0, 1_000_000)).padStart(6, '0')),
        createdBy: actor.id,
        at: now,
      });
      await repos.onlineApplications.setOnline(row.id, { accountId: actor.account!.accountId }, now);
      await repos.caseMaterials.upsertMaterials(
        row.id,
        requirements.map((r) => {
          const mark = marks.find((m) => m.key === r.key)!;
          return { key: r.key, name: r.name, required: r.required, deferrableUntil: r.deferrable ? r.deferrableUntil : null, state: mark.state, licenceId: mark.licenceId ?? null, deferredDue: null, note: '' };
        }),
      );
      await scope.record({ action: 'online.draft_started', entityType: 'case', entityId: row.id, payload: { itemCode: row.itemCode, applicant: row.applicantRef, channel: row.channel }, scope: caseScope(row) });
      return this.viewIn(repos, actor, row.id);
    });
  }

  /** Saves the form, the scenario or the delivery asked for (autosave: the same key replays). */
  async saveDraft(options: WriteOptions, caseId: string, typed: SaveDraftInput): Promise<OnlineCaseView> {
    const { actor } = options;
    const input = typed.delivery ? { ...typed, delivery: maskResidentIdsDeep(typed.delivery) } : typed;
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async (scope) => {
      const { repos, now } = scope;
      const c = await this.loadOwn(repos, actor, caseId, true);
      const changesForm = input.form !== undefined || input.scenario !== undefined;
      if (changesForm && c.status !== 'draft') throw this.notDraft(c);
      if (input.delivery !== undefined && !['draft', 'submitted', 'needs_correction', 'accepted', 'in_review', 'suspended', 'concluded'].includes(c.status)) {
        throw new AppError('CASE_ACTION_NOT_ALLOWED', { zh: '结果已送达,不能再更改送达方式', en: 'The result was delivered; the delivery can no longer change' }, { status: c.status, allowed: [] });
      }
      const plan = await this.planOf(repos, c);
      if (changesForm) {
        const scenario = input.scenario === undefined ? c.scenario : input.scenario;
        if (scenario && !plan.scenarios.includes(scenario)) throw new AppError('VALIDATION_FAILED', { zh: `事项没有情形 ${scenario}`, en: `The item has no scenario ${scenario}` }, [{ field: 'scenario' }]);
        const fields = plan.formFields;
        const merged = input.form === undefined ? await this.fullForm(repos, c.id) : await this.withSealed(repos, c.id, input.form);
        // A draft may be incomplete; what is filled in is checked all the same.
        const checked = checkForm(fields, merged, { requireAll: false, today: localDate(now) });
        if (checked.problems.length > 0) throw formInvalid(checked.problems);
        const { shown, secret } = separateResidentIds(fields, checked.values);
        await repos.onlineApplications.setForm(c.id, { form: shown, formSealed: Object.keys(secret).length > 0 ? this.ids.seal(JSON.stringify(secret)) : null, scenario }, now);
        if (scenario !== c.scenario) await this.resetMaterials(scope, c, plan, scenario);
      }
      if (input.delivery !== undefined) await repos.onlineApplications.setOnline(c.id, { deliveryChoice: input.delivery === null ? null : checkDelivery(input.delivery) }, now);
      else await repos.onlineApplications.touch(c.id, now);
      await scope.record({ action: 'online.draft_saved', entityType: 'case', entityId: c.id, payload: { status: c.status, form: changesForm, delivery: input.delivery?.method ?? null }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    });
  }

  /**
   * Stores a file for a material: a draft's, one the correction notice asks for, or a deferred
   * material (then it is collected: the table's `collect_material`, online, no visit).
   */
  async upload(options: WriteOptions, caseId: string, materialKey: string, file: { name: string; data: Buffer }): Promise<OnlineCaseView> {
    const { actor } = options;
    const kind = assertUploadAllowed('material', await sniffFileKind(file.data), file.data.length);
    const name = storedFileName(file.name, kind);
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const c = await this.loadOwn(repos, actor, caseId, true);
      const materials = await repos.caseMaterials.listMaterials(c.id);
      const material = materials.find((m) => m.key === materialKey);
      if (!material) throw notFound({ zh: `材料 ${materialKey}`, en: `Material ${materialKey}` });
      const requirement = (await this.planOf(repos, c)).requirements(c.scenario).find((r) => r.key === materialKey);
      if (!this.uploadable(c, material, requirement)) {
        throw new AppError('CASE_ACTION_NOT_ALLOWED', { zh: `现在不能上传“${material.name}”:${uploadRefusal(c, material)}`, en: `${material.name} cannot be uploaded now` }, { status: c.status, allowed: [] });
      }
      const existing = await repos.onlineApplications.listFiles(c.id);
      if (existing.filter((f) => f.materialKey === materialKey).length >= filesPerMaterial)
        throw new AppError('PAYLOAD_TOO_LARGE', { zh: `每项材料最多上传 ${filesPerMaterial} 个文件`, en: `At most ${filesPerMaterial} files per material` });
      if (existing.reduce((sum, f) => sum + f.size, 0) + file.data.length > bytesPerCase) throw new AppError('PAYLOAD_TOO_LARGE', { zh: '本办件的上传文件总量不能超过 50 MB', en: 'The files of a case may not exceed 50 MB in all' });
      const saved = await repos.onlineApplications.insertFile({ caseId: c.id, materialKey, name, contentType: fileKinds[kind].mime, data: file.data, sha256, uploadedBy: actor.account?.accountId ?? null, at: now });
      if (material.state === 'deferred') {
        // A deferred material handed in online: collected, with the table's step, and no trip.
        const facts = await this.steps.facts(repos, c);
        guarded(c, 'collect_material', this.rolesOf(), facts);
        await repos.caseMaterials.collectMaterial(c.id, materialKey, now);
        await this.steps.step(scope, actor, c, 'collect_material', this.rolesOf(), facts, { payload: { key: materialKey, inPerson: false, file: saved.id }, channel: c.channel });
        await this.steps.tryConclude(scope, actor, c);
      } else if (material.state === 'missing') {
        await repos.caseMaterials.upsertMaterials(c.id, [{ ...material, state: 'provided', licenceId: null, deferredDue: null }]);
      }
      await repos.onlineApplications.touch(c.id, now);
      await scope.record({ action: 'file.uploaded', entityType: 'case', entityId: c.id, payload: { file: saved.id, material: materialKey, name, kind, size: file.data.length, sha256 }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    });
  }

  /** Removes an uploaded file (a draft's, or one given since the correction notice); the material is missing again when it was its last. */
  async removeFile(options: WriteOptions, caseId: string, fileId: string): Promise<OnlineCaseView> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const c = await this.loadOwn(repos, actor, caseId, true);
      const file = await repos.onlineApplications.findFile(c.id, fileId);
      if (!file) throw notFound({ zh: '文件', en: 'File' });
      if (c.status !== 'draft' && c.status !== 'needs_correction')
        throw new AppError('CASE_ACTION_NOT_ALLOWED', { zh: '申请已提交,已上传的材料不能删除', en: 'The application is submitted; its files can no longer be removed' }, { status: c.status, allowed: [] });
      // Files given before the correction notice are what the notice was about: they stay on file.
      const notice = (await repos.caseLog.listNotices(c.id)).find((n) => n.kind === 'correction');
      if (notice && file.uploadedAt.getTime() <= notice.issuedAt.getTime())
        throw new AppError('CASE_ACTION_NOT_ALLOWED', { zh: '补正前提交的文件已存档,不能删除', en: 'Files given before the correction notice stay on file' }, { status: c.status, allowed: [] });
      await repos.onlineApplications.deleteFile(c.id, fileId);
      const left = (await repos.onlineApplications.listFiles(c.id)).filter((f) => f.materialKey === file.materialKey && (!notice || f.uploadedAt.getTime() > notice.issuedAt.getTime()));
      const material = (await repos.caseMaterials.listMaterials(c.id)).find((m) => m.key === file.materialKey);
      if (material && material.state === 'provided' && left.length === 0) await repos.caseMaterials.upsertMaterials(c.id, [{ ...material, state: 'missing' }]);
      await repos.onlineApplications.touch(c.id, now);
      await scope.record({ action: 'online.file_removed', entityType: 'case', entityId: c.id, payload: { file: fileId, material: file.materialKey }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    });
  }

  /** An uploaded file, for its owner to look at again. */
  async getFile(actor: Actor, caseId: string, fileId: string): Promise<CaseFile & { data: Buffer }> {
    const repos = this.uow.read;
    const c = await this.loadOwn(repos, actor, caseId, false);
    const file = await repos.onlineApplications.findFile(c.id, fileId);
    if (!file) throw notFound({ zh: '文件', en: 'File' });
    return file;
  }

  // ---- submission and after -------------------------------------------------------------------

  /**
   * Submits a draft: the form complete and valid, every required material given (from the licence
   * library, shared data, an upload, or promised for later when it is deferrable: `deferred`), and
   * the table's `submit` step; the case gets its number and enters the pre-review queue.
   */
  async submit(options: WriteOptions, caseId: string, input: { deferred?: string[]; delivery?: DeliveryChoice } = {}): Promise<OnlineCaseView> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async (scope) => {
      const { repos, now } = scope;
      const today = localDate(now);
      const c = await this.loadOwn(repos, actor, caseId, true);
      if (c.status !== 'draft') throw this.notDraft(c);
      const plan = await this.planOf(repos, c);
      const form = checkForm(plan.formFields, await this.fullForm(repos, c.id), { requireAll: true, today });
      if (form.problems.length > 0) throw formInvalid(form.problems);
      const requirements = plan.requirements(c.scenario);
      const calendar = await this.steps.calendarOf(c.regionCode, repos);
      const latest = latestDeferredDue(calendar, today, c);
      const current = await repos.caseMaterials.listMaterials(c.id);
      for (const key of input.deferred ?? []) {
        const requirement = requirements.find((r) => r.key === key);
        const material = current.find((m) => m.key === key);
        if (!requirement || !material) throw new AppError('VALIDATION_FAILED', { zh: `材料 ${key} 不属于该事项`, en: `Material ${key} does not belong to this item` }, [{ field: 'deferred' }]);
        if (!requirement.deferrable) throw new AppError('VALIDATION_FAILED', { zh: `${requirement.name}不能容缺后补`, en: `${requirement.name} may not be deferred` }, [{ field: 'deferred' }]);
        if (material.state === 'missing') Object.assign(material, { state: 'deferred', deferredDue: latest });
      }
      const marks = current.map((m) => ({ key: m.key, state: m.state, deferredDue: m.deferredDue, licenceId: m.licenceId }));
      const check = checkMaterials(requirements, marks, { latestDeferredDue: latest, today });
      await this.steps.checkLicenceMarks(repos, c.applicantId, requirements, marks);
      if (check.problems.length > 0) throw new AppError('VALIDATION_FAILED', { zh: `材料核验不通过:${check.problems.map((p) => p.zh).join(';')}`, en: `Materials: ${check.problems.map((p) => p.en).join('; ')}` });
      const facts = factsFrom(c, current, [], 0);
      if (check.missing.length > 0) {
        throw new AppError(
          'MATERIALS_MISSING',
          { zh: `还有必交材料未上传:${check.missing.map((m) => m.name).join('、')}`, en: `Required materials are not uploaded yet: ${check.missing.map((m) => m.key).join(', ')}` },
          { status: c.status, allowed: [], missing: check.missing.map((m) => m.key) },
        );
      }
      guarded(c, 'submit', this.rolesOf(), facts);
      if (input.delivery) await repos.onlineApplications.setOnline(c.id, { deliveryChoice: checkDelivery(maskResidentIdsDeep(input.delivery)) }, now);
      await repos.caseMaterials.upsertMaterials(c.id, current);
      const sequence = await repos.system.nextCaseSequence(c.regionCode, today);
      const caseNo = formatCaseNumber(c.regionCode, today, sequence);
      if (!(await repos.onlineApplications.receiveDraft(c.id, caseNo, now))) throw this.notDraft(c);
      Object.assign(c, { status: 'submitted', caseNo, receivedAt: now });
      await this.steps.log(scope, actor, c, 'submit', 'draft', { channel: c.channel, payload: { itemCode: c.itemCode, scenario: c.scenario, materials: current.map((m) => ({ key: m.key, state: m.state })), online: true } });
      if (plan.bundleCode) {
        // A 一件事: one child case per member, received with it, each with the materials as the applicant gave them.
        const stored = (await repos.onlineApplications.formOf(c.id))!;
        const byKey = new Map(current.map((m) => [m.key, m]));
        await this.steps.openBundleChildren(scope, actor, c, {
          members: plan.members,
          registration: plan.registration,
          channel: c.channel,
          base: { ...pickBase(c), form: stored.form, formSealed: stored.formSealed, querySecret: c.querySecret, at: now },
          rowsFor: (needs) =>
            needs.map((r) => {
              const given = byKey.get(r.key);
              return {
                key: r.key,
                name: r.name,
                required: r.required,
                deferrableUntil: r.deferrable ? r.deferrableUntil : null,
                state: given?.state ?? 'missing',
                licenceId: given?.licenceId ?? null,
                deferredDue: given?.deferredDue ?? null,
                note: '',
              };
            }),
        });
      }
      await scope.record({ action: 'case.submitted', entityType: 'case', entityId: c.id, payload: { caseNo, itemCode: c.itemCode, applicant: c.applicantRef, channel: c.channel }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    });
  }

  /** Answers the one correction notice online: what it listed is uploaded, the case goes back to pre-review. No trip. */
  async resubmit(options: WriteOptions, caseId: string): Promise<OnlineCaseView> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos } = scope;
      const c = await this.loadOwn(repos, actor, caseId, true);
      const materials = await repos.caseMaterials.listMaterials(c.id);
      const missing = materials.filter((m) => m.required && m.state === 'missing');
      if (c.status === 'needs_correction' && missing.length > 0) {
        throw new AppError(
          'MATERIALS_MISSING',
          { zh: `请先上传补正材料:${missing.map((m) => m.name).join('、')}`, en: `Upload the corrections first: ${missing.map((m) => m.key).join(', ')}` },
          { status: c.status, allowed: ['withdraw'], missing: missing.map((m) => m.key) },
        );
      }
      const facts = await this.steps.facts(repos, c);
      await this.steps.step(scope, actor, c, 'resubmit', this.rolesOf(), facts, { channel: c.channel, payload: { materials: materials.map((m) => ({ key: m.key, state: m.state })), online: true } });
      await scope.record({ action: 'case.resubmit', entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, status: c.status }, scope: caseScope(c) });
      return this.viewIn(repos, actor, c.id);
    });
  }

  /** Withdraws an application (the table's `withdraw`); a draft is simply deleted with its files. */
  async withdraw(options: WriteOptions, caseId: string, reason: string): Promise<{ deleted: boolean; case: OnlineCaseView | null }> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { repos, now } = scope;
      const c = await this.loadOwn(repos, actor, caseId, true);
      if (c.status === 'draft') {
        const files = await repos.onlineApplications.deleteDraft(c.id);
        await scope.record({ action: 'online.draft_deleted', entityType: 'case', entityId: c.id, payload: { itemCode: c.itemCode, files, why: 'discarded' }, scope: caseScope(c) });
        return { deleted: true, case: null };
      }
      const facts = await this.steps.facts(repos, c);
      await this.steps.step(scope, actor, c, 'withdraw', this.rolesOf(), facts, {
        channel: c.channel,
        payload: { reason: maskResidentIdsDeep(reason) },
        patch: { outcomeReason: maskResidentIdsDeep(reason), pausedSince: null, pausedKind: null },
      });
      await repos.caseTasks.closeOpenTasks(c.id, 'cancelled', now);
      // A 一件事's children follow their parent, as at the window.
      for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
        const childFacts = await this.steps.facts(repos, child);
        if (decide(child.status, 'withdraw', ['system'], childFacts).allowed) {
          await this.steps.step(scope, actor, child, 'withdraw', ['system'], childFacts, { channel: c.channel, payload: { reason: maskResidentIdsDeep(reason) } });
          await repos.caseTasks.closeOpenTasks(child.id, 'cancelled', now);
        }
      }
      await scope.record({ action: 'case.withdraw', entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, status: c.status }, scope: caseScope(c) });
      return { deleted: false, case: await this.viewIn(repos, actor, c.id) };
    });
  }

  // ---- reading --------------------------------------------------------------------------------

  /** The applicant's cases: their own, or the business's they act for; drafts first by recency. */
  async listMine(actor: Actor): Promise<(OnlineCaseSummary & { statusLabel: { zh: string; en: string }; expiresAt: Date | null })[]> {
    const ids = this.ownedApplicants(actor);
    const rows = await this.uow.read.onlineApplications.listOfApplicants(ids, 200);
    return rows.map((r) => ({
      ...r,
      caseNo: r.status === 'draft' ? '' : r.caseNo,
      statusLabel: applicantStatusLabels[r.status],
      expiresAt: r.status === 'draft' ? new Date(r.updatedAt.getTime() + this.draftDays * 86_400_000) : null,
    }));
  }

  async get(actor: Actor, caseId: string): Promise<OnlineCaseView> {
    return this.viewIn(this.uow.read, actor, caseId);
  }

  /**
   * Whether the applicant may download the e-licence: a case of their own that issued it, and a
   * verified binding (an unverified one never receives a result that needs identity).
   */
  async assertLicenceDownload(actor: Actor, caseId: string, identifier: string): Promise<void> {
    const repos = this.uow.read;
    const c = await this.loadOwn(repos, actor, caseId, false);
    if (!actor.account?.verified) {
      throw new AppError('FORBIDDEN', {
        zh: '您的实名信息尚未核验,不能下载电子证照;请完成实名核验,或选择快递送达、窗口领取',
        en: 'Your real-name binding is not verified: e-licences cannot be downloaded; verify it, or choose express or window collection',
      });
    }
    const licences = await repos.cases.licencesOfCase(c.id, c.bundleCode !== null && c.parentId === null);
    if (!licences.some((l) => l.identifier === identifier.trim().toUpperCase() && l.status === 'valid')) throw notFound({ zh: '该办件的电子证照', en: "This case's e-licence" });
  }

  // ---- draft expiry ---------------------------------------------------------------------------

  /**
   * Deletes drafts nobody touched for `draftDays` days, with their files: each in one transaction
   * with its audit row. Returns how many drafts and files went. Run twice, the second run finds none.
   */
  async expireDrafts(batch = 100): Promise<{ drafts: number; files: number }> {
    let drafts = 0;
    let files = 0;
    for (;;) {
      const done = await performWrite(this.uow, this.clock, { actor: systemActor, mayChangeNothing: true }, async (scope) => {
        const cutoff = draftExpiryCutoff(scope.now, this.draftDays);
        const expired = await scope.repos.onlineApplications.claimExpiredDrafts(cutoff, batch);
        let removed = 0;
        for (const draft of expired) {
          const n = await scope.repos.onlineApplications.deleteDraft(draft.id);
          if (n === null) continue;
          removed += n;
          await scope.record({
            action: 'online.draft_deleted',
            entityType: 'case',
            entityId: draft.id,
            payload: { files: n, why: 'expired', untouchedSince: draft.updatedAt.toISOString(), days: this.draftDays },
            scope: { regionPath: draft.regionPath, departmentId: draft.departmentId },
          });
        }
        return { count: expired.length, removed };
      });
      drafts += done.count;
      files += done.removed;
      if (done.count < batch) return { drafts, files };
    }
  }

  // ---- shared -----------------------------------------------------------------------------------

  /** The roles an applicant holds over their own case. */
  private rolesOf(): CaseActorRole[] {
    return ['applicant'];
  }

  /** The applicants whose cases the account reaches: the bound person, and the business it acts for. */
  private ownedApplicants(actor: Actor): string[] {
    const account = accountOf(actor);
    const acting = (account as { actingFor?: ActingFor }).actingFor;
    return [account.applicantId, acting?.applicantId].filter((id): id is string => typeof id === 'string');
  }

  /** Who a new application is for: the business the account acts for, else the bound person; refused when unbound. */
  private applicantFor(actor: Actor): string {
    const account = accountOf(actor);
    const acting = (account as { actingFor?: ActingFor }).actingFor;
    if (acting?.applicantId) return acting.applicantId;
    if (!account.applicantId) {
      throw new AppError('FORBIDDEN', {
        zh: '请先完成实名登记(绑定姓名和身份证号码)后再网上申请',
        en: 'Bind your real name and resident ID first, then apply online',
      });
    }
    return account.applicantId;
  }

  /** A case of the account's applicants; anyone else's is unknown to them (404, never 403: no probing). */
  private async loadOwn(repos: Pick<Repositories, Uses>, actor: Actor, caseId: string, lock: boolean): Promise<CaseRecord> {
    const owned = this.ownedApplicants(actor);
    const c = lock ? await repos.cases.lockCase(caseId) : await repos.cases.findCase(caseId);
    if (!c || c.parentId !== null || !owned.includes(c.applicantId)) throw notFound(caseWord);
    return c;
  }

  /** What an application of the case is checked against: its item's version, or its 一件事 as published now. */
  private async planOf(repos: Pick<Repositories, Uses>, c: CaseRecord): Promise<OnlinePlan> {
    if (c.bundleCode) return this.bundlePlan(repos, c.bundleCode, { offeredOnly: false });
    const version = c.itemVersionId ? await repos.catalog.findVersionById(c.itemVersionId) : undefined;
    if (!version) throw notFound({ zh: `事项 ${c.itemCode}`, en: `Item ${c.itemCode}` });
    return itemPlanOf(version);
  }

  private async itemPlan(repos: Pick<Repositories, Uses>, code: string): Promise<OnlinePlan> {
    const version = await repos.catalog.findVersion(code, { status: 'published' });
    if (!version) throw notFound({ zh: `事项 ${code}`, en: `Item ${code}` });
    if (!isOfferedOnline(version.content.channels)) {
      throw new AppError('FORBIDDEN', { zh: `事项“${version.content.name}”不支持网上办理,请到窗口办理`, en: `Item ${version.implementationCode} is not offered online; apply at a window` });
    }
    return itemPlanOf(version);
  }

  /** A 一件事 is applied for online when every member is offered online: one merged form, one set of materials. */
  private async bundlePlan(repos: Pick<Repositories, Uses>, code: string, options: { offeredOnly: boolean } = { offeredOnly: true }): Promise<OnlinePlan> {
    const bundle = await repos.catalog.findBundle(code);
    if (bundle?.status !== 'published') throw notFound({ zh: `一件事 ${code}`, en: `Bundle ${code}` });
    const members: ItemVersion[] = [];
    for (const itemCode of bundle.content.itemCodes) {
      const version = await repos.catalog.findVersion(itemCode, { status: 'published' });
      if (!version) throw new AppError('ITEM_NOT_PUBLISHED', { zh: `一件事包含的事项 ${itemCode} 未发布`, en: `Member item ${itemCode} is not published` });
      if (options.offeredOnly && !isOfferedOnline(version.content.channels)) {
        throw new AppError('FORBIDDEN', { zh: `“${bundle.content.name}”中的“${version.content.name}”不支持网上办理,请到窗口办理`, en: `Member ${itemCode} of bundle ${code} is not offered online; apply at a window` });
      }
      members.push(version);
    }
    const merged = mergeBundle(
      members.map((m) => ({ implementationCode: m.implementationCode, name: m.content.name, formFields: m.content.formFields, materials: m.content.materials, resultName: m.content.resultName, resultKind: m.content.resultKind })),
    );
    // Without scenarios at bundle level, a material only some scenario of every member needs is not asked for (as at the window).
    const always = merged.materials.filter((m) => m.neededBy.some((c) => !(c in m.scenariosByItem))) as MaterialRequirement[];
    return {
      code,
      bundleCode: code,
      itemVersionId: null,
      name: bundle.content.name,
      departmentId: bundle.leadDepartmentId,
      caseKind: 'promised',
      limitDays: bundle.content.promisedDays,
      limitUnit: 'working',
      formFields: merged.formFields,
      scenarios: [],
      members,
      registration: merged.registration,
      requirements: () => always,
    };
  }

  /** The stored form with its sealed originals put back (inside the server only). */
  private async fullForm(repos: Pick<Repositories, Uses>, caseId: string): Promise<Record<string, string>> {
    const stored = (await repos.onlineApplications.formOf(caseId))!;
    const secret = stored.formSealed ? (JSON.parse(this.ids.open(stored.formSealed)) as Record<string, string>) : {};
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(stored.form)) if (typeof value === 'string') form[key] = secret[key] ?? value;
    return form;
  }

  /** The form as typed, where a field sent back unchanged in its masked form keeps its sealed original. */
  private async withSealed(repos: Pick<Repositories, Uses>, caseId: string, input: Record<string, string>): Promise<Record<string, string>> {
    const stored = (await repos.onlineApplications.formOf(caseId))!;
    const secret = stored.formSealed ? (JSON.parse(this.ids.open(stored.formSealed)) as Record<string, string>) : {};
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) form[key] = secret[key] !== undefined && stored.form[key] === value ? secret[key] : value;
    return form;
  }

  /** A new scenario asks for other materials: the rows are made again, uploads of materials no longer asked for dropped from the marks. */
  private async resetMaterials(scope: WriteScope<Uses>, c: CaseRecord, plan: OnlinePlan, scenario: string | null): Promise<void> {
    const { repos } = scope;
    const requirements = plan.requirements(scenario);
    const marks = initialMarks(requirements, await repos.applicants.listLicences(c.applicantId));
    const files = await repos.onlineApplications.listFiles(c.id);
    await repos.caseMaterials.upsertMaterials(
      c.id,
      requirements.map((r) => {
        const mark = marks.find((m) => m.key === r.key)!;
        const uploaded = mark.state === 'missing' && files.some((f) => f.materialKey === r.key);
        return { key: r.key, name: r.name, required: r.required, deferrableUntil: r.deferrable ? r.deferrableUntil : null, state: uploaded ? 'provided' : mark.state, licenceId: mark.licenceId ?? null, deferredDue: null, note: '' };
      }),
    );
  }

  private uploadable(c: CaseRecord, material: CaseMaterial, requirement: MaterialRequirement | undefined): boolean {
    if (material.state === 'licence' || material.state === 'shared_data') return false;
    if (c.status === 'draft') return requirement?.source !== 'licence' || material.state === 'missing';
    if (c.status === 'needs_correction') return true;
    return material.state === 'deferred' && material.collectedAt === null && ['accepted', 'in_review', 'suspended', 'concluded'].includes(c.status);
  }

  private notDraft(c: CaseRecord): AppError {
    return new AppError(
      'CASE_ACTION_NOT_ALLOWED',
      { zh: `申请已提交(${caseStatusLabels[c.status].zh}),不能再修改`, en: `The application is ${caseStatusLabels[c.status].en.toLowerCase()}; it can no longer be edited` },
      { status: c.status, allowed: [] },
    );
  }

  /** The applicant's view: plain words, their materials with what they uploaded, the steps of /query. */
  private async viewIn(repos: Pick<Repositories, Uses>, actor: Actor, caseId: string): Promise<OnlineCaseView> {
    const c = await this.loadOwn(repos, actor, caseId, false);
    const [materials, actions, notices, files, online, licences, plan] = await Promise.all([
      repos.caseMaterials.listMaterials(c.id),
      repos.caseLog.listActions(c.id),
      repos.caseLog.listNotices(c.id),
      repos.onlineApplications.listFiles(c.id),
      repos.onlineApplications.onlineFacts(c.id),
      repos.cases.licencesOfCase(c.id, c.bundleCode !== null),
      this.planOf(repos, c).catch(() => undefined),
    ]);
    const requirements = plan ? plan.requirements(c.scenario) : [];
    const correction = notices.find((n) => n.kind === 'correction');
    const refusal = notices.find((n) => n.kind === 'refusal');
    const facts = factsFrom(c, materials, notices, 0);
    const delivery = c.delivery;
    const express = delivery && typeof delivery.express === 'object' && delivery.express !== null ? (delivery.express as Record<string, unknown>) : null;
    const { form } = (await repos.onlineApplications.formOf(c.id))!;
    return {
      id: c.id,
      caseNo: c.status === 'draft' ? null : c.caseNo,
      status: c.status,
      statusLabel: applicantStatusLabels[c.status],
      itemCode: c.itemCode,
      itemName: c.itemName,
      bundleCode: c.bundleCode,
      departmentName: c.departmentName,
      channel: c.channel,
      scenario: c.scenario,
      outcome: c.outcome,
      outcomeReason: c.outcomeReason,
      formFields: plan ? plan.formFields.map(({ key, label, type, required, options, profileField }) => ({ key, label, type, required, ...(options ? { options } : {}), ...(profileField ? { profileField } : {}) })) : [],
      form: Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string')),
      materials: materials.map((m) => {
        const requirement = requirements.find((r) => r.key === m.key);
        return {
          key: m.key,
          name: m.name,
          required: m.required,
          deferrable: m.deferrableUntil !== null,
          state: m.state,
          source: requirement?.source ?? 'applicant',
          deferredDue: m.deferredDue,
          notes: requirement?.notes ?? '',
          files: files.filter((f) => f.materialKey === m.key).map(({ caseId: _caseId, ...f }) => f),
          uploadable: this.uploadable(c, m, requirement),
        };
      }),
      deliveryChoice: (online?.deliveryChoice as DeliveryChoice | null) ?? null,
      delivery: delivery ? { method: String(delivery.method ?? ''), company: typeof express?.company === 'string' ? express.company : null, trackingNo: typeof express?.trackingNo === 'string' ? express.trackingNo : null } : null,
      steps: citizenSteps(actions, c.outcome),
      correction: correction ? { missing: (correction.content.missing as { key: string; name: string }[]) ?? [], note: String(correction.content.note ?? '') } : null,
      refusal: refusal ? { reason: String(refusal.content.reason ?? ''), legalBasis: String(refusal.content.legalBasis ?? '') } : null,
      licences,
      available: availableFor(c, facts),
      visits: c.visits,
      receivedAt: c.status === 'draft' ? null : c.receivedAt,
      acceptedOn: c.acceptedOn,
      dueDate: c.dueDate,
      updatedAt: online!.updatedAt,
      expiresAt: c.status === 'draft' ? new Date(online!.updatedAt.getTime() + this.draftDays * 86_400_000) : null,
    };
  }
}

/** What an online application is checked against: one item, or a 一件事 with its members. */
interface OnlinePlan {
  /** The item's implementation code, or the bundle's code. */
  code: string;
  bundleCode: string | null;
  itemVersionId: string | null;
  name: string;
  departmentId: string;
  caseKind: 'instant' | 'promised';
  limitDays: number;
  limitUnit: DayUnit;
  formFields: readonly FormField[];
  scenarios: string[];
  members: ItemVersion[];
  registration: Registration | null;
  requirements(scenario: string | null): MaterialRequirement[];
}

function itemPlanOf(version: ItemVersion): OnlinePlan {
  const c = version.content;
  return {
    code: version.implementationCode,
    bundleCode: null,
    itemVersionId: version.id,
    name: c.name,
    departmentId: version.departmentId,
    caseKind: c.caseKind,
    limitDays: c.caseKind === 'instant' ? 0 : c.promisedDays,
    limitUnit: c.promisedUnit,
    formFields: c.formFields,
    scenarios: c.scenarios.map((s) => s.code),
    members: [version],
    registration: null,
    requirements: (scenario) => applicableMaterials(c, scenario),
  };
}

/** What a bundle's children take from the parent case. */
function pickBase(c: CaseRecord): Omit<BundleChildBase, 'form' | 'formSealed' | 'querySecret' | 'at'> {
  return {
    regionCode: c.regionCode,
    regionPath: c.regionPath,
    applicantId: c.applicantId,
    applicantName: c.applicantName,
    applicantRef: c.applicantRef,
    applicantPhone: c.applicantPhone,
    scenario: c.scenario,
    channel: c.channel,
    viaAgent: c.viaAgent,
    createdBy: c.createdBy,
  };
}

/** The account behind an applicant actor; anything else never reaches these use cases. */
function accountOf(actor: Actor): NonNullable<Actor['account']> {
  if (actor.kind !== 'applicant' || !actor.account) throw new AppError('FORBIDDEN', { zh: '该功能仅供网上办事的申请人使用', en: 'Only applicants signed in online may use this' });
  return actor.account;
}

/** The applicant's buttons: the table's actions for `applicant`, those the online pages offer. */
function availableFor(c: CaseRecord, facts: ReturnType<typeof factsFrom>): CaseAction[] {
  const offered: CaseAction[] = ['submit', 'resubmit', 'withdraw'];
  return offered.filter((action) => {
    try {
      guarded(c, action, ['applicant'], facts);
      return true;
    } catch {
      return false;
    }
  });
}

function uploadRefusal(c: CaseRecord, material: CaseMaterial): string {
  if (material.state === 'licence') return '该材料由证照库调取,无需上传';
  if (material.state === 'shared_data') return '该材料通过共享数据获取,无需上传';
  return `办件当前状态为“${caseStatusLabels[c.status].zh}”`;
}

/** An express delivery needs where to send it and to whom. */
function checkDelivery(choice: DeliveryChoice): DeliveryChoice {
  if (choice.method === 'express') {
    const problems: { field: string; message: string; messageEn: string }[] = [];
    if (!choice.address.trim()) problems.push({ field: 'delivery.address', message: '请填写收件地址', messageEn: 'Give the address' });
    if (!choice.recipient.trim()) problems.push({ field: 'delivery.recipient', message: '请填写收件人', messageEn: 'Give the recipient' });
    if (!/^1\d{10}$/.test(choice.phone.trim())) problems.push({ field: 'delivery.phone', message: '请填写11位手机号码', messageEn: 'Give an 11-digit mobile number' });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { zh: `快递信息不完整:${problems.map((p) => p.message).join(';')}`, en: `Express delivery: ${problems.map((p) => p.messageEn).join('; ')}` }, problems);
    return { method: 'express', address: choice.address.trim(), recipient: choice.recipient.trim(), phone: choice.phone.trim() };
  }
  return choice;
}

function formInvalid(problems: readonly { field: string; problem: string; message: string; messageEn: string }[]): AppError {
  return new AppError(
    'FORM_INVALID',
    { zh: `申请表填写有误:${problems.map((p) => p.message).join(';')}`, en: `The application form is not valid: ${problems.map((p) => p.messageEn).join('; ')}` },
    problems.map(({ field, problem, message, messageEn }) => ({ field, problem, message, messageEn })),
  );
}
