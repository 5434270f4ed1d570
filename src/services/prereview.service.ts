/**
 * 网上预审: online applications wait here for the item's department reviewer or the center's desk
 * (front desk, a town's window), who accept them into the normal lifecycle (the clock starts at
 * acceptance, exactly as at the window: the same `accept` step), give the one correction notice
 * listing everything (uploads they find unfit are marked missing with it), or refuse with reason and
 * basis. Each is the case action of the one transition table, taken through the case actions.
 */
import { AppError } from '../domain/errors.ts';
import { onlineChannels } from '../domain/online.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { CaseSummary } from '../repositories/cases/records.ts';
import type { CaseFile } from '../repositories/online-application.repository.ts';
import { assertMay, assertMayAnywhere, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import type { CalendarService } from './calendar.service.ts';
import type { CaseActions, CaseView } from './cases/index.ts';
import { CaseProcess, caseProcessRepositories } from './cases/process.ts';
import { caseScope, factsFrom, guarded } from './cases/shared.ts';
import type { IdProtector } from './id-protection.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof PrereviewService.repositories)[number];

export type PrereviewDecision = { action: 'accept' } | { action: 'request_correction'; unfit?: string[]; note?: string } | { action: 'refuse'; reason: string; legalBasis: string };

export class PrereviewService {
  static readonly repositories = [...caseProcessRepositories, 'onlineApplications', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly actions: CaseActions;
  private readonly steps: CaseProcess;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector; actions: CaseActions }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.actions = options.actions;
    this.steps = new CaseProcess(options);
  }

  /** Submitted online applications in the actor's region and department, oldest first. */
  async queue(actor: Actor): Promise<CaseSummary[]> {
    assertMayAnywhere(actor, 'case.prereview');
    const scopes = scopesFor(actor, 'case.prereview');
    const result = await this.uow.read.cases.search({ scopes, status: ['submitted'], channels: [...onlineChannels], topLevelOnly: true, limit: 200, offset: 0 });
    return result.cases.reverse();
  }

  /** Accept, the one correction notice, or refusal: the case action under `case.prereview` on the case's region and department. */
  async decide(options: WriteOptions, caseId: string, decision: PrereviewDecision): Promise<CaseView> {
    await this.assertOnCase(options.actor, caseId);
    switch (decision.action) {
      case 'accept':
        return this.actions.act(options, caseId, { action: 'accept' });
      case 'refuse':
        if (!decision.reason.trim() || !decision.legalBasis.trim()) throw new AppError('VALIDATION_FAILED', { zh: '不予受理须写明理由和法律依据', en: 'A refusal needs a reason and its legal basis' });
        return this.actions.act(options, caseId, { action: 'refuse', reason: decision.reason, legalBasis: decision.legalBasis });
      case 'request_correction':
        return this.correctionNotice(options, caseId, decision.unfit ?? [], decision.note ?? '');
    }
  }

  /**
   * The one correction notice: the uploads found unfit are marked missing first, so the notice (the
   * table's `request_correction`, guarded on the case as they leave it) lists them with anything
   * still missing. Nothing unfit and nothing missing: refused, as the table says.
   */
  private async correctionNotice(options: WriteOptions, caseId: string, unfit: readonly string[], note: string): Promise<CaseView> {
    const { actor } = options;
    return performWrite(
      this.uow,
      this.clock,
      options,
      async (scope) => {
        const { repos, now } = scope;
        const { c, tasks, roles } = await this.steps.loadVisible(repos, actor, caseId, true);
        const materials = await repos.caseMaterials.listMaterials(c.id);
        for (const key of unfit) {
          const material = materials.find((m) => m.key === key);
          if (!material) throw new AppError('VALIDATION_FAILED', { zh: `材料 ${key} 不属于该办件`, en: `Material ${key} does not belong to this case` }, [{ field: 'unfit' }]);
          if (material.state !== 'provided') throw new AppError('VALIDATION_FAILED', { zh: `${material.name}不是申请人上传的材料,不能判为不合格`, en: `${material.name} was not uploaded by the applicant` }, [{ field: 'unfit' }]);
        }
        // Guarded before anything changes (the caller's role and the case's status), then on the case as the marks leave it.
        const marked = materials.map((m) => (unfit.includes(m.key) ? { ...m, state: 'missing' as const } : m));
        const open = tasks.filter((t) => t.status === 'pending' || t.status === 'claimed').length;
        guarded(c, 'request_correction', roles, factsFrom(c, marked, await repos.caseLog.listNotices(c.id), open));
        await repos.caseMaterials.upsertMaterials(c.id, marked);
        const missing = marked.filter((m) => m.required && m.state === 'missing');
        await this.steps.correctionNotice(scope, actor, c, roles, missing, note);
        await scope.record({ action: 'case.request_correction', entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, status: c.status, unfit: [...unfit], at: now.toISOString() }, scope: caseScope(c) });
        return this.steps.viewIn(repos, actor, c.id);
      },
      ...this.steps.viewReplay,
    );
  }

  /** The files the applicant uploaded, for whoever may pre-review or view the case. */
  async files(actor: Actor, caseId: string): Promise<Omit<CaseFile, 'caseId'>[]> {
    await this.assertOnCase(actor, caseId, 'case.view');
    return (await this.uow.read.onlineApplications.listFiles(caseId)).map(({ caseId: _caseId, ...f }) => f);
  }

  async file(actor: Actor, caseId: string, fileId: string): Promise<CaseFile & { data: Buffer }> {
    await this.assertOnCase(actor, caseId, 'case.view');
    const file = await this.uow.read.onlineApplications.findFile(caseId, fileId);
    if (!file) throw notFound({ zh: '文件', en: 'File' });
    return file;
  }

  /** A case the actor does not see is unknown to them (404, as reading it would say); one they see but may not do this on, 403. */
  private async assertOnCase(actor: Actor, caseId: string, permission: 'case.prereview' | 'case.view' = 'case.prereview'): Promise<void> {
    const c = await this.uow.read.cases.findCase(caseId);
    // A draft is the applicant's own: to staff it does not exist.
    if (!c || c.status === 'draft') throw notFound({ zh: '办件', en: 'Case' });
    const tasks = await this.uow.read.caseTasks.listTasks(c.id);
    if (this.steps.rolesOn(actor, c, tasks).length === 0) throw notFound({ zh: '办件', en: 'Case' });
    assertMay(actor, permission, { regionPath: c.regionPath, departmentId: c.departmentId });
  }
}
