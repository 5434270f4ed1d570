/**
 * What every case use case shares (DESIGN §6): who holds which roles over a case, loading a case
 * in the actor's scope, the facts its guards look at, one step of the transition table with its
 * action-log row, the visit ledger, the region's calendar, and the case view with its replay form.
 * The use cases (intake, actions, tasks, queries, filings, issuance, clock) take these from here
 * and never copy them.
 */
import { AppError, type ErrorCode } from '../../domain/errors.ts';
import type { CalendarData } from '../../domain/calendar.ts';
import { availableActions, carriesWarning, caseActions, caseStatusLabels, decide, type CaseAction, type CaseActorRole, type CaseFacts, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { daysTaken } from '../../domain/case-clock.ts';
import { chinaDate as localDate, chinaDay } from '../../domain/china-time.ts';
import { availableTaskActions, deferredBlocks, openTaskStatuses, taskActions, taskRoles, type TaskAction } from '../../domain/case-process.ts';
import type { Permission } from '../../domain/permissions.ts';
import { isOnlineChannel } from '../../domain/online.ts';
import { grantCovers } from '../../domain/roles.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { CaseActionRecord, CaseMaterial, CasePatch, CaseNotice, CaseNotification, CaseRecord, CaseScope, CaseSummary, CaseTask, CaseVisit, Filing } from '../../repositories/cases/records.ts';
import type { Department } from '../../repositories/org.repository.ts';
import { assertMayAnywhere, notFound, scopesFor, shownName, type Actor, type Clock } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import type { WriteScope } from '../write.ts';

/** What the shared steps read and write; every case use case holds at least these. */
export const caseStepRepositories = ['cases', 'caseLog', 'caseMaterials', 'caseTasks', 'filings', 'calendar', 'org'] as const;
type Uses = (typeof caseStepRepositories)[number];

export interface CaseView extends CaseRecord {
  materials: CaseMaterial[];
  tasks: (CaseTask & { actions: TaskAction[] })[];
  actions: CaseActionRecord[];
  notices: CaseNotice[];
  visitLog: CaseVisit[];
  notifications: CaseNotification[];
  children: CaseSummary[];
  licences: { identifier: string; licenceType: string; status: string }[];
  filing: Filing | null;
  /** The actions the one asking may take now (the buttons to show; `collect_material` per deferred material): exactly what `act` accepts from them. */
  available: CaseAction[];
  /** The applicant's query password, for staff who print notices. */
  queryPassword: string | null;
}

export const caseWord = { zh: '办件', en: 'Case' };
export const defaultSamplePercent = 10;

export function notAllowed(c: Pick<CaseRecord, 'status'>, action: string, allowed: readonly string[], reason?: { zh: string; en: string }, code: ErrorCode = 'CASE_ACTION_NOT_ALLOWED'): AppError {
  const label = (caseActions as Record<string, { label: { zh: string; en: string } }>)[action]?.label ?? taskActions[action as TaskAction]?.label ?? { zh: action, en: action };
  const status = caseStatusLabels[c.status];
  const why = reason ?? { zh: `办件当前状态为“${status.zh}”`, en: `the case is ${status.en.toLowerCase()}` };
  return new AppError(code, { zh: `不能${label.zh}:${why.zh}`, en: `Cannot ${label.en.toLowerCase()}: ${why.en}` }, { status: c.status, allowed });
}

/** Where `action` leads from the case's status, or the 409 that `decide` calls for. */
export function guarded(c: Pick<CaseRecord, 'status'>, action: CaseAction, roles: readonly CaseActorRole[], facts: CaseFacts): CaseStatus {
  const decision = decide(c.status, action, roles, facts);
  if (!decision.allowed)
    throw notAllowed(c, action, availableActions(c.status, roles, facts), decision.why === 'guard' ? decision.reason : decision.why === 'role' ? { zh: '您的角色不能执行此操作', en: 'your role cannot take this action' } : undefined);
  return decision.to;
}

/** What the guards look at, from the case, its materials, its notices and its open tasks. */
export function factsFrom(
  c: Pick<CaseRecord, 'caseKind' | 'outcome' | 'parentId' | 'bundleCode' | 'delegated' | 'pausedKind'> & { awaitsRegistration?: boolean; channel?: string },
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
    online: c.channel !== undefined && isOnlineChannel(c.channel),
  };
}

/** The reviewing departments a stage names, from the list of all departments. */
export function namedDepartments(all: readonly Department[], names: readonly string[], itemCode: string): Department[] {
  return names.map((name) => {
    const found = all.find((d) => d.name === name);
    if (!found) throw new AppError('ITEM_DEPARTMENT_UNKNOWN', { zh: `事项流程中的审查部门“${name}”不存在,请管理员修正事项(${itemCode})`, en: `Reviewing department ${name} of item ${itemCode} does not exist` });
    return found;
  });
}

/** A new case with everything written with it: what its view shows. */
export interface WrittenCase {
  c: CaseRecord;
  tasks: CaseTask[];
  parts: CaseParts;
}

/** What a case view shows besides the case and its tasks. */
export interface CaseParts {
  materials: CaseMaterial[];
  actions: CaseActionRecord[];
  notices: CaseNotice[];
  visitLog: CaseVisit[];
  notifications: CaseNotification[];
  children: CaseRecord[];
  filing: Filing | null;
  licences: { identifier: string; licenceType: string; status: string }[];
}

/** Where a case's audit rows are filed: its region and department. */
export function caseScope(c: Pick<CaseRecord, 'regionPath' | 'departmentId'>): { regionPath: string; departmentId: string } {
  return { regionPath: c.regionPath, departmentId: c.departmentId };
}

/** The platform's own steps taken on behalf of an action (start of review, conclusion...). */
export function systemActorFor(actor: Actor): Actor {
  return { kind: 'system', id: null, name: `系统(${shownName(actor)})`, grants: [] };
}

/** The shared steps: stateless besides the calendar (clocks) and the ID protector (query passwords in views). */
export class CaseSteps {
  protected readonly calendar: CalendarService;
  protected readonly ids: IdProtector;
  /** Today, for the actions a view offers (a stage in its public notice is not yet decided); absent, none is held back. */
  protected readonly clock: Clock | undefined;

  constructor(options: { calendar: CalendarService; ids: IdProtector; clock?: Clock }) {
    this.calendar = options.calendar;
    this.ids = options.ids;
    this.clock = options.clock;
  }

  // ---- who is asking ---------------------------------------------------------------------------

  /** The roles the actor holds over a case (its region and department, or a department task of it). */
  rolesOn(actor: Actor, c: Pick<CaseRecord, 'regionPath' | 'departmentId'>, tasks: readonly CaseTask[] = []): CaseActorRole[] {
    if (actor.kind === 'system') return ['system'];
    const roles = new Set<CaseActorRole>();
    for (const grant of actor.grants) {
      if (grantCovers(grant, { regionPath: c.regionPath, departmentId: c.departmentId })) roles.add(grant.role);
      else if (tasks.some((t) => grantCovers(grant, { regionPath: t.regionPath, departmentId: t.departmentId }))) roles.add(grant.role);
    }
    return [...roles];
  }

  /** Where the actor may do `permission` on cases (their grants' scopes); FORBIDDEN when nowhere. */
  scopes(actor: Actor, permission: Permission = 'case.view'): CaseScope[] | 'all' {
    assertMayAnywhere(actor, permission);
    return scopesFor(actor, permission);
  }

  async loadVisible(repos: Pick<Repositories, Uses>, actor: Actor, id: string, lock: boolean): Promise<{ c: CaseRecord; tasks: CaseTask[]; roles: CaseActorRole[] }> {
    const c = lock ? await repos.cases.lockCase(id) : await repos.cases.findCase(id);
    // An online draft is the applicant's own until it is submitted: staff do not learn of it.
    if (!c || (c.status === 'draft' && actor.kind !== 'system')) throw notFound(caseWord);
    const tasks = await repos.caseTasks.listTasks(c.id);
    const roles = this.rolesOn(actor, c, tasks);
    if (roles.length === 0) throw notFound(caseWord);
    return { c, tasks, roles };
  }

  async facts(repos: Pick<Repositories, Uses>, c: CaseRecord, tasks?: readonly CaseTask[]): Promise<CaseFacts> {
    const materials = await repos.caseMaterials.listMaterials(c.id);
    const notices = await repos.caseLog.listNotices(c.id);
    const open = (tasks ?? (await repos.caseTasks.listTasks(c.id))).filter((t) => openTaskStatuses.includes(t.status)).length;
    return factsFrom(c, materials, notices, open);
  }

  async calendarOf(regionCode: string, repos: Pick<Repositories, Uses>): Promise<CalendarData> {
    return this.calendar.calendarFor(regionCode, repos);
  }

  // ---- one step of the transition table ---------------------------------------------------------

  async step(
    scope: WriteScope<Uses>,
    actor: Actor,
    c: CaseRecord,
    action: CaseAction,
    roles: readonly CaseActorRole[],
    facts: CaseFacts,
    extra: { payload?: Record<string, unknown>; patch?: CasePatch; taskId?: string | null; channel?: string } = {},
  ): Promise<void> {
    const to = guarded(c, action, roles, facts);
    const from = c.status;
    // A case whose clock has stopped for good (decided, withdrawn, terminated…) carries no yellow or red mark any more.
    const patch: CasePatch = !carriesWarning(to) && c.warning !== 'none' ? { warning: 'none', ...extra.patch } : { ...extra.patch };
    if (patch.concludedAt && patch.workingDaysUsed === undefined) {
      // The days it took (the supervision's averages), by the region's calendar, counted at the conclusion.
      // A year the calendar does not know never blocks a decision: the case is left out of the averages.
      const calendar = await this.calendarOf(c.regionCode, scope.repos);
      try {
        patch.workingDaysUsed = daysTaken(calendar, c.acceptedOn ?? localDate(c.receivedAt), localDate(patch.concludedAt), c.limitUnit, c.pausedDays);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CALENDAR_UNKNOWN')) throw error;
        patch.workingDaysUsed = null;
      }
    }
    await scope.repos.cases.updateCase(c.id, { status: to, ...patch }, scope.now);
    Object.assign(c, { status: to, ...patch });
    await this.log(scope, actor, c, action, from, extra);
  }

  async log(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, action: string, from: CaseStatus | null, extra: { payload?: Record<string, unknown>; taskId?: string | null; channel?: string } = {}): Promise<void> {
    await scope.repos.caseLog.appendAction(c.id, {
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

  async visit(scope: WriteScope<'caseLog'>, caseId: string, visit: Omit<CaseVisit, 'id'>): Promise<void> {
    await scope.repos.caseLog.insertVisit(caseId, visit, chinaDay(scope.now));
  }

  // ---- the view --------------------------------------------------------------------------------

  /** The view as `repos` see it: inside a write, the case as that write leaves it (what its replay returns). */
  async viewIn(repos: Pick<Repositories, Uses>, actor: Actor, id: string): Promise<CaseView> {
    const { c, tasks, roles } = await this.loadVisible(repos, actor, id, false);
    const [materials, actions, notices, visitLog, notifications, children, filing, licences] = await Promise.all([
      repos.caseMaterials.listMaterials(c.id),
      repos.caseLog.listActions(c.id),
      repos.caseLog.listNotices(c.id),
      repos.caseLog.listVisits(c.id),
      repos.caseLog.listNotifications(c.id),
      c.bundleCode && !c.parentId ? repos.cases.children(c.id) : Promise.resolve([]),
      repos.filings.findFilingByCase(c.id),
      repos.cases.licencesOfCase(c.id, c.bundleCode !== null && c.parentId === null),
    ]);
    return this.assembleView(actor, c, tasks, roles, { materials, actions, notices, visitLog, notifications, children, filing: filing ?? null, licences });
  }

  /** The view of a case from its rows (read, or just written), for `actor` who holds `roles` on it. */
  assembleView(actor: Actor, c: CaseRecord, tasks: readonly CaseTask[], roles: readonly CaseActorRole[], parts: CaseParts): CaseView {
    const { materials, actions, notices, visitLog, notifications, children, filing, licences } = parts;
    const facts = factsFrom(c, materials, notices, tasks.filter((t) => openTaskStatuses.includes(t.status)).length);
    const today = this.clock ? localDate(this.clock.now()) : null;
    // A stage opened by a public notice (the `publicity` entry written with its task) is decided once the notice has run.
    const noticeOf = (t: CaseTask) => {
      const posted = today ? actions.findLast((a) => a.action === 'publicity' && a.payload.stage === t.stageName && a.at.getTime() >= t.createdAt.getTime()) : undefined;
      return today && typeof posted?.payload.decideFrom === 'string' ? { decideFrom: posted.payload.decideFrom, today } : undefined;
    };
    const taskViews = tasks.map((t) => {
      const may = actor.kind === 'system' || actor.grants.some((g) => (taskRoles(t.delegated) as string[]).includes(g.role) && grantCovers(g, { regionPath: t.regionPath, departmentId: t.departmentId }));
      const holder = t.assigneeId === null || t.assigneeId === actor.id;
      return { ...t, actions: may ? availableTaskActions({ status: t.status, caseStatus: c.status, firstStage: t.stageIndex === 0, holder, notice: noticeOf(t) }) : [] };
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

  /** The view of a case just written (after commit), or undefined when `actor` may not see it: `view` then says so. */
  async writtenViewOrRead(repos: Pick<Repositories, Uses>, actor: Actor, written: WrittenCase): Promise<CaseView> {
    const roles = this.rolesOn(actor, written.c, written.tasks);
    return roles.length === 0 ? this.viewIn(repos, actor, written.c.id) : this.assembleView(actor, written.c, written.tasks, roles, written.parts);
  }

  /**
   * How a case view is kept for its replay: whole, but its query password only sealed (the replay
   * opens it again), so the stored replies hold no password in clear.
   */
  get viewReplay(): [<V extends { queryPassword: string | null }>(view: V) => V, <V extends { queryPassword: string | null }>(stored: V) => V] {
    return [
      (view) => ({ ...view, queryPassword: view.queryPassword === null ? null : this.ids.seal(view.queryPassword) }),
      (stored) => ({ ...stored, queryPassword: stored.queryPassword === null ? null : this.ids.open(stored.queryPassword) }),
    ];
  }
}
