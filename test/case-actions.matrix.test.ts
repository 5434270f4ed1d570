/**
 * The transition table is the only authority (issue 10): for every case shape (a single promised
 * item with a deferred material, an instant item, a bundle's parent and one of its children, a
 * delegated 低保 case decided by the town), in every status it reaches, for every demo account,
 * a POST of each case action succeeds if and only if `GET /api/cases/{id}` offered it to that caller
 * in `available`, and each task action if and only if the task's `actions` offered it. A refused
 * POST writes nothing: no audit row, no case action row. After a success the case is built again,
 * so every POST starts from the same state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../src/domain/errors.ts';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { caseActions, type CaseAction } from '../src/domain/case-lifecycle.ts';
import { taskActions, type TaskAction } from '../src/domain/case-process.ts';
import { residentIdCheckChar } from '../src/domain/resident-id.ts';
import { demoAccounts } from '../src/cli/demo.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { completeForm, formFieldsFor } from './support/forms.ts';
import type { Actor } from '../src/services/actor.ts';
import type { CaseActionInput, IntakeInput } from '../src/services/cases/index.ts';
import type { WriteOptions } from '../src/services/write.ts';

type Shape = 'single' | 'instant' | 'bundle' | 'child' | 'delegated';
/** A status, and for `suspended` why it is paused, for `concluded` the outcome, for `submitted` whether materials are missing. */
type State = 'submitted' | 'submitted_incomplete' | 'needs_correction' | 'accepted' | 'in_review' | 'returned' | 'special' | 'approved' | 'rejected' | 'delivered' | 'archived' | 'refused' | 'withdrawn' | 'terminated';

/** The states each shape reaches (an accepted promised case starts its review at once; a child follows its parent's intake). */
const plan: Record<Shape, State[]> = {
  single: ['submitted', 'submitted_incomplete', 'needs_correction', 'in_review', 'returned', 'special', 'approved', 'rejected', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'],
  instant: ['submitted', 'needs_correction', 'accepted', 'approved', 'rejected', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'],
  bundle: ['submitted', 'submitted_incomplete', 'needs_correction', 'in_review', 'approved', 'rejected', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'],
  child: ['submitted', 'in_review', 'returned', 'special', 'approved', 'rejected', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'],
  delegated: ['submitted', 'needs_correction', 'in_review', 'returned', 'special', 'approved', 'rejected', 'delivered', 'archived', 'refused', 'withdrawn', 'terminated'],
};

/** What a case in each state looks like: status, why it is paused, outcome. */
const looks: Record<State, [string, string | null, string | null]> = {
  submitted: ['submitted', null, null],
  submitted_incomplete: ['submitted', null, null],
  needs_correction: ['needs_correction', null, null],
  accepted: ['accepted', null, null],
  in_review: ['in_review', null, null],
  returned: ['suspended', 'correction', null],
  special: ['suspended', 'special', null],
  approved: ['concluded', null, 'approved'],
  rejected: ['concluded', null, 'rejected'],
  delivered: ['delivered', null, 'approved'],
  archived: ['archived', null, 'approved'],
  refused: ['refused', null, null],
  withdrawn: ['withdrawn', null, null],
  terminated: ['terminated', null, null],
};

const callers = demoAccounts.map((a) => a.username);
const caseActionNames = Object.keys(caseActions) as CaseAction[];
const taskActionNames = Object.keys(taskActions) as TaskAction[];
/**
 * The platform's own steps (and `submit`: no drafts are kept at the window) are not in the action
 * route's body schema, so they are refused (400) before any case is read; the other actions are.
 */
const platformOnly = new Set<CaseAction>(['submit', 'start_review', 'suspend', 'return_to_applicant', 'conclude', 'reject']);
const routeActions = caseActionNames.filter((a) => !platformOnly.has(a));
/** The roles the table lets take some case action. */
const tableRoles = new Set<string>(Object.values(caseActions).flatMap((rule) => rule.by.flatMap((by) => [...by.roles])));
/** Callers whose role takes no case action anywhere (guide, administrators): refused by role whatever the case. */
const roleless = new Set(demoAccounts.filter((a) => !tableRoles.has(a.role)).map((a) => a.username));
/** Callers the task action route lets in at all (the others get 403 whatever the case). */
const taskRoute = new Set(demoAccounts.filter((a) => a.role === 'reviewer' || a.role === 'town_approver').map((a) => a.username));
/** Who decides a department's task: its reviewer, or the town for a delegated case. */
const reviewerOf: Record<string, string> = { 新泰市民政局: 'reviewer.mz', 新泰市公安局: 'reviewer.ga', 新泰市市场监督管理局: 'reviewer.scjg' };
/** What each shape applies for. */
const targetOf = (shape: Shape): { bundleCode: string } | { itemCode: string } =>
  shape === 'bundle' || shape === 'child' ? { bundleCode: '370982-YJS-002' } : { itemCode: shape === 'single' ? '370982-MZ-007' : shape === 'instant' ? '370982-MZ-005' : '370982-MZ-001' };
const idOf = (first17: string) => first17 + residentIdCheckChar(first17)!;

interface Task {
  id: string;
  status: string;
  stageIndex: number;
  round: number;
  departmentName: string;
  delegated: boolean;
  actions: TaskAction[];
}
interface View {
  id: string;
  status: string;
  pausedKind: string | null;
  outcome: string | null;
  available: CaseAction[];
  tasks: Task[];
  children: { id: string; itemCode: string }[];
}
/** What one caller was offered on the case: `null` when the case is hidden from them. */
type Offer = { available: CaseAction[]; tasks: Map<string, TaskAction[]> } | null;

const taskKey = (t: Pick<Task, 'stageIndex' | 'round' | 'departmentName'>) => `${t.stageIndex}.${t.round}.${t.departmentName}`;

for (const backend of testBackends()) {
  describe(`case actions are taken exactly when offered (${backend.name})`, () => {
    let ctx: TestContext;
    let applicantId: string;
    const cookies = new Map<string, string>();
    /** The same callers for the service layer, which builds the cases (quicker than through HTTP). */
    const actors = new Map<string, Actor>();
    const staffIds = new Map<string, string>();
    const marks: Partial<Record<Shape, { key: string; state: string; deferredDue?: string }[]>> = {};
    const forms: Partial<Record<Shape, Record<string, string>>> = {};

    before(async () => {
      ctx = await createTestContext(backend);
      for (const caller of callers) {
        const cookie = await ctx.signIn(caller);
        cookies.set(caller, cookie);
        const token = cookie
          .split('; ')
          .find((c) => c.startsWith('ow_session='))!
          .slice('ow_session='.length);
        actors.set(caller, (await ctx.services.auth.authenticateSession(token))!.actor);
      }
      const created = await ctx.request({
        method: 'POST',
        url: '/api/applicants',
        cookie: cookies.get('frontdesk'),
        idempotencyKey: true,
        body: { kind: 'person', idNumber: idOf('37098219580312201'), name: '史玉兰', phone: '13905382222', address: '翟镇史家庄村' },
      });
      assert.equal(created.statusCode, 201, created.body);
      applicantId = created.json().id;
      for (const row of await ctx.database.db.selectFrom('staff').select(['id', 'username']).execute()) staffIds.set(row.username, row.id);
      const required = async (code: string) => (await ctx.services.catalog.getPublished(code)).content.materials.filter((m) => m.required && m.scenarios.length === 0);
      marks.single = (await required('370982-MZ-007')).map((m) => (m.key === 'property_certificate' ? { key: m.key, state: 'deferred', deferredDue: '2026-12-04' } : { key: m.key, state: 'provided' }));
      marks.instant = (await required('370982-MZ-005')).map((m) => ({ key: m.key, state: 'provided' }));
      marks.delegated = (await required('370982-MZ-001')).map((m) => ({ key: m.key, state: m.source === 'shared_data' ? 'shared_data' : 'provided' }));
      const bundle = await ctx.services.catalog.getBundle('370982-YJS-002');
      marks.bundle = bundle.merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem)) && m.required).map((m) => ({ key: m.key, state: 'provided' }));
      marks.child = marks.bundle;
      for (const shape of Object.keys(marks) as Shape[]) forms[shape] = completeForm(await formFieldsFor(ctx.services, targetOf(shape)));
    });
    after(() => ctx.close());

    const post = (url: string, body: unknown, caller: string) => ctx.request({ method: 'POST', url, cookie: cookies.get(caller), body, idempotencyKey: randomUUID() });
    const get = (id: string, caller: string) => ctx.request({ method: 'GET', url: `/api/cases/${id}`, cookie: cookies.get(caller) });
    const ok = (response: LightMyRequestResponse, what: string) => {
      assert.ok(response.statusCode >= 200 && response.statusCode < 300, `${what}: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const as = (caller: string): WriteOptions => ({ actor: actors.get(caller)!, idempotencyKey: randomUUID() });
    const viewOf = async (id: string): Promise<View> => (await ctx.services.cases.queries.view(actors.get('supervisor')!, id)) as unknown as View;
    const caseAction = (id: string, body: Record<string, unknown>, caller: string) => post(`/api/cases/${id}/actions`, body, caller);
    const taskAction = (id: string, taskId: string, body: Record<string, unknown>, caller: string) => post(`/api/cases/${id}/tasks/${taskId}/actions`, body, caller);
    const decider = (task: Task) => (task.delegated ? 'town.zhaizhen' : reviewerOf[task.departmentName]!);
    const openTasks = (view: View) => view.tasks.filter((t) => t.status === 'pending' || t.status === 'claimed');

    /** A task action by the one who decides the task, on every open task of the case. */
    const decideTasks = async (id: string, action: 'approve' | 'reject' | 'return_to_applicant' | 'suspend', known?: View) => {
      for (const task of openTasks(known?.id === id ? known : await viewOf(id))) await ctx.services.cases.tasks.taskAct(as(decider(task)), id, task.id, { action, opinion: '审查意见', procedure: '专家评审' });
      if (action !== 'approve') return;
      // Approving goes on through the later stages (低保: 审核确认, then a 7-day 公示 waited out on the test clock, put back after).
      let waited = 0;
      try {
        for (let guard = 0; guard < 10; guard++) {
          const now = await viewOf(id);
          if (now.status !== 'in_review' || openTasks(now).length === 0) break;
          for (const task of openTasks(now)) {
            try {
              await ctx.services.cases.tasks.taskAct(as(decider(task)), id, task.id, { action, opinion: '审查意见' });
            } catch (error) {
              const notice = error instanceof AppError ? /公示期未满,(\d{4}-\d{2}-\d{2}) 起方可决定/.exec(error.messageZh) : null;
              if (!notice) throw error;
              const days = Math.round((Date.parse(`${notice[1]}T00:00:00Z`) - Date.parse(`${ctx.clock.now().toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000);
              ctx.clock.advance(days * 86_400_000);
              waited += days;
              break;
            }
          }
        }
      } finally {
        ctx.clock.advance(-waited * 86_400_000);
      }
    };

    const intakeBody = (shape: Shape, decision: string, complete: boolean) => {
      const all = marks[shape]!;
      const materials = complete ? all : all.slice(1);
      return {
        ...targetOf(shape),
        applicantId,
        channel: 'window',
        materials,
        decision,
        form: forms[shape],
        ...(shape === 'delegated' ? { scenario: 'general', regionCode: '370982103201' } : {}),
        ...(decision === 'refuse' ? { refusal: { reason: '不属于受理范围', legalBasis: '《行政许可法》第三十二条' } } : {}),
      };
    };

    /** A new case of `shape` in `state`; returns the id of the case under test (for `child`, the bundle's 公安 child). */
    const build = async (shape: Shape, state: State): Promise<string> => {
      const decision = state === 'submitted' || state === 'submitted_incomplete' ? 'submit' : state === 'needs_correction' ? 'correction' : state === 'refused' ? 'refuse' : 'accept';
      const complete = state !== 'submitted_incomplete' && state !== 'needs_correction';
      const clerk = shape === 'delegated' ? 'town.zhaizhen' : 'frontdesk';
      const root = (await ctx.services.cases.intake.intake(as(clerk), intakeBody(shape, decision, complete) as IntakeInput)) as unknown as View;
      const act = (id: string, input: CaseActionInput, caller: string) => ctx.services.cases.actions.act(as(caller), id, input);
      const children = root.children.map((c) => c.id);
      const policeChild = root.children.find((c) => c.itemCode === '370982-GA-004')?.id;
      const registrationChild = root.children.find((c) => c.itemCode === '370982-SCJG-001')?.id;
      const id = shape === 'child' ? policeChild! : root.id;
      const conclude = async (outcome: 'approve' | 'reject') => {
        if (shape === 'instant') await act(id, outcome === 'approve' ? { action: 'decide_on_spot' } : { action: 'reject_on_spot', reason: '不符合条件' }, 'frontdesk');
        else if (shape === 'single' || shape === 'delegated') await decideTasks(id, outcome, root);
        else if (shape === 'child' && (state === 'approved' || state === 'rejected')) {
          // The seal filing needs the business its 一件事 registers: the registration (设立登记) is approved first.
          await decideTasks(registrationChild!, 'approve');
          await decideTasks(id, outcome);
        } else for (const child of children) await decideTasks(child, outcome === 'reject' && child === policeChild ? 'reject' : 'approve');
      };
      const deliver = async () => {
        await conclude('approve');
        if (shape === 'single') await act(root.id, { action: 'collect_material', key: 'property_certificate' }, 'issuer');
        await act(root.id, { action: 'deliver', method: 'window' }, shape === 'delegated' ? 'town.zhaizhen' : 'issuer');
      };
      switch (state) {
        case 'returned':
          await decideTasks(id, 'return_to_applicant', root);
          break;
        case 'special':
          await decideTasks(id, 'suspend', root);
          break;
        case 'approved':
          await conclude('approve');
          break;
        case 'rejected':
          await conclude('reject');
          break;
        case 'delivered':
          await deliver();
          break;
        case 'archived':
          await deliver();
          await act(root.id, { action: 'archive' }, shape === 'delegated' ? 'town.zhaizhen' : 'issuer');
          break;
        case 'withdrawn':
          await act(root.id, { action: 'withdraw', reason: '申请人撤回' }, 'frontdesk');
          break;
        case 'terminated':
          await act(root.id, { action: 'terminate', reason: '申请人死亡' }, 'supervisor');
          break;
        default:
          break;
      }
      return id;
    };

    /** The case actions' bodies: valid for each, so a refusal can only come from the rules. */
    const caseBody = (shape: Shape, action: CaseAction): Record<string, unknown> => {
      switch (action) {
        case 'request_correction':
          return { action, note: '请补齐材料' };
        case 'resubmit':
          return { action, materials: marks[shape], inPerson: true };
        case 'refuse':
          return { action, reason: '不属于受理范围', legalBasis: '《行政许可法》第三十二条' };
        case 'reject_on_spot':
        case 'withdraw':
        case 'terminate':
          return { action, reason: '理由' };
        case 'collect_material':
          return { action, key: 'property_certificate', inPerson: true };
        case 'deliver':
          return { action, method: 'window' };
        default:
          return { action };
      }
    };
    const taskBody = (task: Task, action: TaskAction): Record<string, unknown> => {
      const body: Record<string, unknown> = { action, opinion: '审查意见' };
      if (action === 'assign') body.assigneeId = staffIds.get(decider(task));
      if (action === 'suspend') body.procedure = '专家评审';
      return body;
    };

    /** What `GET /api/cases/{id}` offers each caller (or only `only`). */
    const offers = async (id: string, only?: string): Promise<Map<string, Offer>> => {
      const result = new Map<string, Offer>();
      for (const caller of only ? [only] : callers) {
        const response = await get(id, caller);
        if (response.statusCode === 404) {
          result.set(caller, null);
          continue;
        }
        const view: View = ok(response, `GET as ${caller}`);
        result.set(caller, { available: view.available, tasks: new Map(view.tasks.map((t) => [taskKey(t), t.actions])) });
      }
      return result;
    };
    const written = async () => {
      const count = async (table: 'audit_log' | 'case_actions') =>
        Number(
          (
            await ctx.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { audit: await count('audit_log'), caseActions: await count('case_actions') };
    };

    test('every shape × status × caller × action: 2xx exactly when offered; a refusal writes nothing', async (t) => {
      const figures = { fixtures: 0, builds: 0, hidden: 0, posts: 0, allowed: 0, taskPosts: 0, taskAllowed: 0, notRepeated: 0 };
      const statuses = new Set<string>();
      let tasksTriedInFull = false;
      for (const [shape, states] of Object.entries(plan) as [Shape, State[]][]) {
        for (const state of states) {
          const where = `${shape}/${state}`;
          let id = await build(shape, state);
          figures.fixtures++;
          figures.builds++;
          const seen = await viewOf(id);
          assert.deepEqual([seen.status, seen.pausedKind, seen.outcome], looks[state], `${where} is built as it says`);
          statuses.add(seen.status);
          const tasks = seen.tasks;
          const offered = await offers(id);
          const allowed: { caller: string; action: CaseAction | TaskAction; task?: Task }[] = [];
          // Refusals that do not depend on the case are tried in full on the first case (the first with tasks), then not repeated.
          const full = figures.fixtures === 1;
          const fullTasks: boolean = !tasksTriedInFull && tasks.length > 0;
          tasksTriedInFull ||= fullTasks;

          const before = await written();
          for (const [position, caller] of callers.entries()) {
            const offer = offered.get(caller)!;
            if (!offer) figures.hidden++;
            // A caller the case is hidden from, or whose role takes no case action, tries one action on it, a different one on each case.
            const turn = figures.fixtures + position;
            const everyAction = offer !== null && !roleless.has(caller);
            for (const action of caseActionNames) {
              if (offer?.available.includes(action)) {
                allowed.push({ caller, action });
                continue;
              }
              const tried = full || (everyAction ? !platformOnly.has(action) : routeActions[turn % routeActions.length] === action);
              if (!tried) {
                figures.notRepeated++;
                continue;
              }
              figures.posts++;
              const response = await caseAction(id, caseBody(shape, action), caller);
              assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${where}: ${caller} ${action} was not offered but got ${response.statusCode} ${response.body}`);
              if (response.statusCode === 409) assert.deepEqual(response.json().error.details.allowed, offer?.available ?? [], `${where}: ${caller} ${action}: the 409 lists what was offered`);
            }
            for (const task of tasks) {
              const mine = offer?.tasks.get(taskKey(task)) ?? [];
              for (const action of taskActionNames) {
                if (mine.includes(action)) {
                  allowed.push({ caller, action, task });
                  continue;
                }
                const tried = fullTasks || (taskRoute.has(caller) && (offer !== null || taskActionNames[turn % taskActionNames.length] === action));
                if (!tried) {
                  figures.notRepeated++;
                  continue;
                }
                figures.taskPosts++;
                const response = await taskAction(id, task.id, taskBody(task, action), caller);
                assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${where}: ${caller} task ${task.departmentName} ${action} was not offered but got ${response.statusCode} ${response.body}`);
              }
            }
          }
          assert.deepEqual(await written(), before, `${where}: refused actions wrote nothing`);

          // Each offered action on a case in the same state: the first on this one (nothing changed it), the others on new ones.
          let fresh = true;
          for (const { caller, action, task } of allowed) {
            if (!fresh) {
              id = await build(shape, state);
              figures.builds++;
              const again = (await offers(id, caller)).get(caller)!;
              assert.deepEqual(again, offered.get(caller), `${where}: a new case in the same state offers ${caller} the same`);
            }
            fresh = false;
            if (task) {
              figures.taskPosts++;
              const current = (await viewOf(id)).tasks.find((x) => taskKey(x) === taskKey(task))!;
              ok(await taskAction(id, current.id, taskBody(current, action as TaskAction), caller), `${where}: ${caller} task ${task.departmentName} ${action} was offered`);
              figures.taskAllowed++;
            } else {
              figures.posts++;
              ok(await caseAction(id, caseBody(shape, action as CaseAction), caller), `${where}: ${caller} ${action} was offered`);
              figures.allowed++;
            }
          }
        }
      }
      assert.deepEqual([...statuses].sort(), ['accepted', 'archived', 'concluded', 'delivered', 'in_review', 'needs_correction', 'refused', 'submitted', 'suspended', 'terminated', 'withdrawn']);
      t.diagnostic(`${figures.fixtures} shape × status fixtures (${figures.builds} cases built), ${callers.length} callers, the case hidden from the caller ${figures.hidden} times`);
      t.diagnostic(`case actions: ${figures.posts} POSTs, ${figures.allowed} offered and taken, ${figures.posts - figures.allowed} refused`);
      t.diagnostic(`task actions: ${figures.taskPosts} POSTs, ${figures.taskAllowed} offered and taken, ${figures.taskPosts - figures.taskAllowed} refused`);
      t.diagnostic(`${figures.notRepeated} refusals that do not depend on the case not repeated after the first case`);
    });
  });
}
