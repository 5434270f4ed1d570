/** Filings of delegated decisions (委托事项备案) and the case-file review (案卷评查) of a sample of them. */
import { AppError } from '../../domain/errors.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import type { Filing } from '../../repositories/cases/records.ts';
import { assertMay, notFound, shownName, type Actor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite, type WriteOptions, type WriteScope } from '../write.ts';
import { CaseSteps, defaultSamplePercent } from './shared.ts';

import { caseStepRepositories } from './shared.ts';
type Uses = (typeof CaseFilings.repositories)[number];

export class CaseFilings {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseStepRepositories, 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly steps: CaseSteps;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.steps = new CaseSteps(options);
  }

  async listFilings(actor: Actor, options: { sampledOnly?: boolean }): Promise<Filing[]> {
    const scopes = this.steps.scopes(actor, 'filing.read');
    return this.uow.read.filings.listFilings(scopes, { sampledOnly: options.sampledOnly, limit: 200 });
  }

  async receiveFiling(options: WriteOptions, filingId: string): Promise<Filing> {
    return this.filingWrite(options, filingId, async (scope, filing) => {
      if (filing.receivedAt) throw new AppError('FILING_ALREADY_RECEIVED', { zh: '该备案已接收', en: 'This filing was already received' });
      await scope.repos.filings.updateFiling(filing.id, { receivedAt: scope.now, receivedBy: shownName(options.actor) });
      return 'filing.received';
    });
  }

  async reviewFiling(options: WriteOptions, filingId: string, input: { verdict: 'correct' | 'incorrect'; note: string }): Promise<Filing> {
    return this.filingWrite(options, filingId, async (scope, filing) => {
      if (!filing.sampled) throw new AppError('FILING_NOT_SAMPLED', { zh: '该备案未被抽中评查', en: 'This filing was not sampled for review' });
      if (filing.verdict) throw new AppError('FILING_ALREADY_REVIEWED', { zh: '该案卷已评查', en: 'This case file was already reviewed' });
      if (input.verdict === 'incorrect' && !input.note.trim()) throw new AppError('VALIDATION_FAILED', { zh: '评查不合格须写明问题', en: 'An incorrect verdict needs a note' });
      await scope.repos.filings.updateFiling(filing.id, { verdict: input.verdict, verdictNote: input.note.trim(), reviewedAt: scope.now, reviewedBy: shownName(options.actor) });
      return 'filing.reviewed';
    });
  }

  private async filingWrite(options: WriteOptions, filingId: string, work: (scope: WriteScope<Uses>, filing: Filing) => Promise<string>): Promise<Filing> {
    const { actor } = options;
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const filing = await scope.repos.filings.lockFiling(filingId);
      if (!filing) throw notFound({ zh: '备案', en: 'Filing' });
      const department = (await scope.repos.org.findDepartment(filing.departmentId))!;
      assertMay(actor, 'filing.review', { regionPath: department.regionPath, departmentId: department.id });
      const action = await work(scope, filing);
      await scope.record({ action, entityType: 'filing', entityId: filing.id, payload: { caseNo: filing.caseNo }, scope: { regionPath: department.regionPath, departmentId: department.id } });
      return (await scope.repos.filings.findFiling(filingId))!;
    });
  }

  async setSamplePercent(options: WriteOptions, departmentId: string, percent: number): Promise<{ departmentId: string; samplePercent: number }> {
    const { actor } = options;
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new AppError('VALIDATION_FAILED', { zh: '抽查比例应为0到100的整数', en: 'The share is a whole number from 0 to 100' });
    await performWrite(this.uow, this.clock, options, async (scope) => {
      const department = await scope.repos.org.findDepartment(departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      assertMay(actor, 'filing.policy', { regionPath: department.regionPath, departmentId });
      await scope.repos.filings.setReviewSamplePercent(departmentId, percent, scope.now);
      await scope.record({ action: 'filing.sample_percent_set', entityType: 'department', entityId: departmentId, payload: { percent }, scope: { regionPath: department.regionPath, departmentId } });
    });
    return { departmentId, samplePercent: percent };
  }

  async samplePercent(departmentId: string): Promise<number> {
    return (await this.uow.read.filings.reviewSamplePercent(departmentId)) ?? defaultSamplePercent;
  }
}
