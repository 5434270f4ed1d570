/**
 * The front desk's and issuance window's actions on a case (`POST /api/cases/{id}/actions`): each
 * one step of the transition table, in one transaction; and the visit a hall ticket records.
 */
import { AppError } from '../../domain/errors.ts';
import type { CalendarData } from '../../domain/calendar.ts';
import { decide, type CaseActorRole, type CaseFacts } from '../../domain/case-lifecycle.ts';
import { chinaDate as localDate } from '../../domain/china-time.ts';
import { applicableMaterials, checkMaterials, latestDeferredDue, type MaterialMark, type VisitCause } from '../../domain/case-process.ts';
import type { MaterialRequirement } from '../../domain/catalog.ts';
import { maskResidentIdsDeep } from '../../domain/resident-id.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { CaseRecord } from '../../repositories/cases/records.ts';
import { may, notFound, type Actor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite, type WriteOptions, type WriteScope } from '../write.ts';
import { guarded, caseScope, type CaseView } from './shared.ts';
import { CaseProcess } from './process.ts';
import { authorisationCovering } from '../agent.service.ts';
import type { CaseIssuance } from './issuance.ts';

import { caseProcessRepositories } from './process.ts';
type Uses = (typeof CaseActions.repositories)[number];

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
  | { action: 'deliver'; method: 'window' | 'express' | 'e_licence' | 'online' | 'agent'; express?: { company: string; trackingNo: string; address: string } }
  | { action: 'archive' };

export class CaseActions {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseProcessRepositories, 'licenceTypes', 'licences', 'agents', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly issuance: CaseIssuance;
  private readonly steps: CaseProcess;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector; issuance: CaseIssuance }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.issuance = options.issuance;
    this.steps = new CaseProcess(options);
  }

  async act(options: WriteOptions, caseId: string, typed: CaseActionInput): Promise<CaseView> {
    const { actor } = options;
    // Reasons, notes and addresses are kept as typed, but never with a resident ID in clear.
    const input = maskResidentIdsDeep(typed);
    return performWrite(
      this.uow,
      this.clock,
      options,
      async (scope) => {
        const { repos, now } = scope;
        const { c, tasks, roles } = await this.steps.loadVisible(repos, actor, caseId, true);
        const facts = await this.steps.facts(repos, c, tasks);
        // The table alone says yes or no, with what the view's `available` is computed from; the steps below guard again as the case changes.
        guarded(c, input.action, roles, facts);
        const calendar = await this.steps.calendarOf(c.regionCode, repos);
        const today = localDate(now);
        // On a case applied for under an authorisation (帮办代办) the agent acts within it: correcting or
        // bringing a material needs its `correct` power, withdrawing its `apply`. What the agent does
        // costs the applicant no trip.
        const asAgent = actor.kind === 'staff' && roles.includes('agent') && !roles.some((r) => r === 'front_desk' || r === 'town_approver' || r === 'issuer');
        if (asAgent && c.agentAuthorisationId) {
          await authorisationCovering(repos, actor.id ?? '', c.agentAuthorisationId ?? undefined, {
            applicantId: c.applicantId,
            matter: c.bundleCode ? { kind: 'bundle', code: c.bundleCode } : { kind: 'item', code: c.itemCode },
            power: input.action === 'withdraw' ? 'apply' : 'correct',
            today,
          });
        }
        switch (input.action) {
          case 'accept':
            await this.steps.acceptCase(scope, actor, c, roles, calendar);
            break;
          case 'request_correction': {
            // The clerk's marks, if given, complete the list the notice carries; its step is guarded on the case as they leave it.
            if (input.materials) await this.remark(scope, c, input.materials, calendar);
            const missing = (await repos.caseMaterials.listMaterials(c.id)).filter((m) => m.required && m.state === 'missing');
            await this.steps.correctionNotice(scope, actor, c, roles, missing, input.note ?? '');
            break;
          }
          case 'resubmit': {
            await this.steps.step(scope, actor, c, 'resubmit', roles, facts, { payload: { materials: input.materials.map((m) => ({ key: m.key, state: m.state })) } });
            await this.remark(scope, c, input.materials, calendar);
            if (!asAgent && (input.inPerson ?? true)) await this.steps.visit(scope, c.id, { at: now, reason: 'correction', cause: input.cause ?? 'missing_material', regionCode: c.regionCode, recordedBy: actor.id });
            break;
          }
          case 'refuse':
            await this.steps.refuseCase(scope, actor, c, roles, { reason: input.reason, legalBasis: input.legalBasis });
            break;
          case 'decide_on_spot':
            await this.steps.step(scope, actor, c, 'decide_on_spot', roles, facts, { payload: { opinion: input.opinion ?? '' }, patch: { outcome: 'approved', concludedAt: now } });
            await this.steps.afterConclusion(scope, actor, c);
            break;
          case 'reject_on_spot':
            await this.steps.step(scope, actor, c, 'reject_on_spot', roles, facts, { payload: { reason: input.reason }, patch: { outcome: 'rejected', outcomeReason: input.reason, concludedAt: now } });
            await this.steps.afterConclusion(scope, actor, c);
            break;
          case 'resume':
            await this.steps.resume(scope, actor, c, roles, facts, calendar, today, { inPerson: input.inPerson ?? false, note: input.note ?? '' });
            break;
          case 'withdraw':
          case 'terminate':
            await this.steps.step(scope, actor, c, input.action, roles, facts, { payload: { reason: input.reason }, patch: { outcomeReason: input.reason, pausedSince: null, pausedKind: null } });
            await repos.caseTasks.closeOpenTasks(c.id, 'cancelled', now);
            for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
              if (decide(child.status, input.action, ['system', ...roles], await this.steps.facts(repos, child)).allowed) {
                await this.steps.step(scope, actor, child, input.action, ['system', ...roles], await this.steps.facts(repos, child), { payload: { reason: input.reason } });
                await repos.caseTasks.closeOpenTasks(child.id, 'cancelled', now);
              }
            }
            break;
          case 'collect_material':
            await this.collect(scope, actor, c, roles, facts, input.key, !asAgent && (input.inPerson ?? true));
            break;
          case 'deliver':
            await this.issuance.deliver(scope, actor, c, roles, facts, input);
            break;
          case 'archive':
            await this.steps.step(scope, actor, c, 'archive', roles, facts, { patch: { archivedAt: now } });
            for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
              if (child.status === 'delivered') await this.steps.step(scope, actor, child, 'archive', ['system'], await this.steps.facts(repos, child), { patch: { archivedAt: now } });
            }
            break;
        }
        await scope.record({ action: `case.${input.action}`, entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, status: c.status }, scope: caseScope(c) });
        return this.steps.viewIn(repos, actor, c.id);
      },
      ...this.steps.viewReplay,
    );
  }

  /** Updates the front desk's marks on a case that is not accepted yet (the same case continues). */
  private async remark(scope: WriteScope<Uses>, c: CaseRecord, marks: readonly MaterialMark[], calendar: CalendarData): Promise<void> {
    const { repos, now } = scope;
    const current = await repos.caseMaterials.listMaterials(c.id);
    const { content } = await this.steps.stagesOf(repos, c);
    const requirements: MaterialRequirement[] = content
      ? applicableMaterials(content, c.scenario)
      : current.map((m) => ({
          key: m.key,
          name: m.name,
          scenarios: [],
          required: m.required,
          deferrable: m.deferrableUntil !== null,
          deferrableUntil: m.deferrableUntil,
          originals: 0,
          copies: 0,
          source: 'applicant',
          licenceType: null,
          notes: '',
        }));
    const merged = new Map(current.map((m) => [m.key, { key: m.key, state: m.state, deferredDue: m.deferredDue, licenceId: m.licenceId } as MaterialMark]));
    for (const mark of marks) merged.set(mark.key, mark);
    const today = localDate(now);
    const check = checkMaterials(requirements, [...merged.values()], { latestDeferredDue: latestDeferredDue(calendar, today, c), today });
    await this.steps.checkLicenceMarks(repos, c.applicantId, requirements, marks);
    if (check.problems.length > 0) throw new AppError('VALIDATION_FAILED', { zh: `材料核验不通过:${check.problems.map((p) => p.zh).join(';')}`, en: `Materials: ${check.problems.map((p) => p.en).join('; ')}` });
    await repos.caseMaterials.upsertMaterials(
      c.id,
      current.map((m) => {
        const mark = merged.get(m.key)!;
        return { ...m, state: mark.state, licenceId: mark.licenceId ?? null, deferredDue: mark.state === 'deferred' ? (mark.deferredDue ?? null) : null };
      }),
    );
    for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
      const childMaterials = await repos.caseMaterials.listMaterials(child.id);
      await repos.caseMaterials.upsertMaterials(
        child.id,
        childMaterials.map((m) => {
          const mark = merged.get(m.key);
          return mark ? { ...m, state: mark.state, licenceId: mark.licenceId ?? null, deferredDue: mark.state === 'deferred' ? (mark.deferredDue ?? null) : null } : m;
        }),
      );
    }
  }

  /** A deferred material brought in: a step of the table that leaves the case in its status. */
  private async collect(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, key: string, inPerson: boolean): Promise<void> {
    const { repos, now } = scope;
    if (!(await repos.caseMaterials.collectMaterial(c.id, key, now))) {
      throw new AppError('MATERIAL_NOT_DEFERRED', { zh: `材料 ${key} 不是待补齐的容缺材料`, en: `Material ${key} is not a deferred one still due` });
    }
    await this.steps.step(scope, actor, c, 'collect_material', roles, facts, { payload: { key, inPerson } });
    if (inPerson) await this.steps.visit(scope, c.id, { at: now, reason: 'deferred_material', cause: null, regionCode: c.regionCode, recordedBy: actor.id });
    for (const child of c.bundleCode && !c.parentId ? await repos.cases.children(c.id) : []) {
      if (await repos.caseMaterials.collectMaterial(child.id, key, now)) {
        await this.steps.log(scope, actor, child, 'collect_material', child.status, { payload: { key } });
        await this.steps.tryConclude(scope, actor, child);
      }
    }
    await this.steps.tryConclude(scope, actor, c);
  }

  /**
   * The cases a hall ticket is linked to (the hall's `link` and `finish`, inside its transaction):
   * the applicant came for each, one trip in its visit ledger (once a day). A case the clerk may not
   * view (outside the regions and departments of their grants) is not theirs to touch, nor to learn
   * of: it is refused as unknown, and the hall's write rolls back with nothing written.
   */
  async recordHallVisit(scope: WriteScope<'cases' | 'caseLog'>, actor: Actor, caseIds: readonly string[]): Promise<void> {
    for (const caseId of caseIds) {
      const c = await scope.repos.cases.findCase(caseId);
      if (!c || !may(actor, 'case.view', caseScope(c))) throw notFound({ zh: `办件 ${caseId}`, en: `Case ${caseId}` });
      const reason = c.status === 'concluded' || c.status === 'delivered' ? 'collect_result' : c.status === 'needs_correction' ? 'correction' : 'application';
      await this.steps.visit(scope, c.id, { at: scope.now, reason, cause: null, regionCode: c.regionCode, recordedBy: actor.id });
    }
  }
}
