/** The back office's department tasks of a case: claim, assign, comment, approve, reject, return, suspend, resume. */
import { AppError } from '../../domain/errors.ts';
import type { CaseActorRole } from '../../domain/case-lifecycle.ts';
import { chinaDate as localDate } from '../../domain/china-time.ts';
import { publicityPeriod } from '../../domain/case-clock.ts';
import { availableTaskActions, taskActionProblem, taskActions, taskRoles, type TaskAction } from '../../domain/case-process.ts';
import { maskResidentIdsDeep } from '../../domain/resident-id.ts';
import { grantCovers, type Role } from '../../domain/roles.ts';
import type { UnitOfWork } from '../../repositories/index.ts';
import { forbidden, notFound, shownName, type Actor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite, type WriteOptions } from '../write.ts';
import { notAllowed, caseScope, type CaseView } from './shared.ts';
import { CaseProcess } from './process.ts';

import { caseProcessRepositories } from './process.ts';
type Uses = (typeof CaseTasks.repositories)[number];

export interface TaskActionInput {
  action: TaskAction;
  opinion?: string;
  assigneeId?: string;
  /** For `suspend`: what the special procedure is (听证, 专家评审, 现场核查, 公示...). */
  procedure?: string;
}

export class CaseTasks {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseProcessRepositories, 'staff', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly steps: CaseProcess;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; calendar: CalendarService; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.steps = new CaseProcess(options);
  }

  async taskAct(options: WriteOptions, caseId: string, taskId: string, typed: TaskActionInput): Promise<CaseView> {
    const { actor } = options;
    const input = maskResidentIdsDeep(typed);
    if (!(input.action in taskActions)) throw new AppError('VALIDATION_FAILED', { zh: `未知操作 ${input.action}`, en: `Unknown action ${input.action}` });
    const rule = taskActions[input.action];
    if (rule.needsText && !(input.opinion ?? '').trim()) throw new AppError('VALIDATION_FAILED', { zh: `${rule.label.zh}须填写意见或理由`, en: `${rule.label.en} needs an opinion or reason` });
    return performWrite(
      this.uow,
      this.clock,
      options,
      async (scope) => {
        const { repos, now } = scope;
        const { c } = await this.steps.loadVisible(repos, actor, caseId, true);
        const task = await repos.caseTasks.findTask(taskId);
        if (!task || task.caseId !== c.id) throw notFound({ zh: '待办', en: 'Task' });
        const allowedRoles = taskRoles(task.delegated) as Role[];
        const mayAct = actor.kind === 'system' || actor.grants.some((g) => allowedRoles.includes(g.role) && grantCovers(g, { regionPath: task.regionPath, departmentId: task.departmentId }));
        if (!mayAct) throw forbidden();
        const holder = task.assigneeId === null || task.assigneeId === actor.id;
        const calendar = await this.steps.calendarOf(c.regionCode, repos);
        const today = localDate(now);
        // A stage opened by a public notice is decided once the notice has run (posted the day the task opened).
        const publicityDays = (await this.steps.stagesOf(repos, c)).stages[task.stageIndex]?.publicityDays;
        const notice = publicityDays ? { decideFrom: publicityPeriod(calendar, localDate(task.createdAt), publicityDays, c.limitUnit).decideFrom, today } : undefined;
        const facts = { status: task.status, caseStatus: c.status, firstStage: task.stageIndex === 0, holder, notice };
        const problem = taskActionProblem(input.action, facts);
        if (problem) throw notAllowed(c, input.action, availableTaskActions(facts), problem, problem.code);
        // The task table decided who may take this task action; the case's own step is the platform's, on its behalf.
        const roles: CaseActorRole[] = ['system'];
        const opinion = (input.opinion ?? '').trim();
        const payload = { task: task.id, department: task.departmentName, stage: task.stageName, opinion };
        switch (input.action) {
          case 'claim':
            await repos.caseTasks.updateTask(task.id, { status: 'claimed', assigneeId: actor.id, assigneeName: shownName(actor) });
            await this.steps.log(scope, actor, c, 'task.claim', c.status, { taskId: task.id, payload });
            break;
          case 'assign': {
            const assignee = input.assigneeId ? await repos.staff.findById(input.assigneeId) : undefined;
            if (!assignee?.active || !assignee.grants.some((g) => allowedRoles.includes(g.role) && grantCovers(g, { regionPath: task.regionPath, departmentId: task.departmentId }))) {
              throw new AppError('VALIDATION_FAILED', { zh: '只能分派给本部门在岗的审批人员', en: 'Assign to an active reviewer of the department' });
            }
            await repos.caseTasks.updateTask(task.id, { status: 'claimed', assigneeId: assignee.id, assigneeName: assignee.displayName });
            await this.steps.log(scope, actor, c, 'task.assign', c.status, { taskId: task.id, payload: { ...payload, assignee: assignee.displayName } });
            break;
          }
          case 'comment':
            await repos.caseTasks.updateTask(task.id, { opinion });
            await this.steps.log(scope, actor, c, 'task.comment', c.status, { taskId: task.id, payload });
            break;
          case 'approve':
            await repos.caseTasks.updateTask(task.id, { status: 'approved', opinion: opinion || task.opinion || '同意', doneAt: now, assigneeId: task.assigneeId ?? actor.id, assigneeName: task.assigneeName ?? shownName(actor) });
            await this.steps.log(scope, actor, c, 'task.approve', c.status, { taskId: task.id, payload });
            await this.steps.advance(scope, actor, c, task);
            break;
          case 'reject':
            await repos.caseTasks.updateTask(task.id, { status: 'rejected', opinion, doneAt: now, assigneeId: task.assigneeId ?? actor.id, assigneeName: task.assigneeName ?? shownName(actor) });
            await repos.caseTasks.closeOpenTasks(c.id, 'cancelled', now);
            await this.steps.step(scope, actor, c, 'reject', roles, await this.steps.facts(repos, c), { taskId: task.id, payload, patch: { outcome: 'rejected', outcomeReason: opinion, concludedAt: now } });
            await this.steps.afterConclusion(scope, actor, c);
            break;
          case 'return_previous':
            await repos.caseTasks.updateTask(task.id, { status: 'returned', opinion, doneAt: now });
            await repos.caseTasks.closeOpenTasks(c.id, 'cancelled', now, task.stageIndex);
            await this.steps.openStage(scope, c, task.stageIndex - 1, task.round + 1);
            await this.steps.log(scope, actor, c, 'task.return_previous', c.status, { taskId: task.id, payload });
            break;
          case 'return_to_applicant':
          case 'suspend': {
            const kind = input.action === 'suspend' ? 'special' : 'correction';
            await this.steps.step(scope, actor, c, input.action, roles, await this.steps.facts(repos, c), { taskId: task.id, payload: { ...payload, procedure: input.procedure ?? '' }, patch: { pausedSince: today, pausedKind: kind } });
            if (kind === 'correction') {
              await repos.caseLog.notifyOnce(
                c.id,
                { kind: 'returned_for_correction', occasion: `${today}:${task.id}`, recipient: `applicant:${c.applicantId}`, message: `您申请的${c.itemName}(${c.caseNo})需补正:${opinion}。补正期间暂停计时。` },
                now,
              );
            }
            break;
          }
          case 'resume':
            await this.steps.resume(scope, actor, c, roles, await this.steps.facts(repos, c), calendar, today, { inPerson: false, note: opinion, taskId: task.id });
            break;
        }
        await scope.record({ action: `case.task.${input.action}`, entityType: 'case', entityId: c.id, payload: { caseNo: c.caseNo, task: task.id, status: c.status }, scope: caseScope(c) });
        return this.steps.viewIn(repos, actor, c.id);
      },
      ...this.steps.viewReplay,
    );
  }

  /** Who a task may be handed to: active staff holding the task's role over its department and region. */
  async assignees(actor: Actor, caseId: string, taskId: string): Promise<{ id: string; username: string; displayName: string }[]> {
    const repos = this.uow.read;
    await this.steps.loadVisible(repos, actor, caseId, false);
    const task = await repos.caseTasks.findTask(taskId);
    if (!task || task.caseId !== caseId) throw notFound({ zh: '待办', en: 'Task' });
    const allowed = taskRoles(task.delegated) as Role[];
    const target = { regionPath: task.regionPath, departmentId: task.departmentId };
    if (actor.kind !== 'system' && !actor.grants.some((g) => allowed.includes(g.role) && grantCovers(g, target))) throw forbidden();
    return (await repos.staff.list()).filter((s) => s.active && s.grants.some((g) => allowed.includes(g.role) && grantCovers(g, target))).map((s) => ({ id: s.id, username: s.username, displayName: s.displayName }));
  }
}
