/**
 * The department tasks of a case's review stages.
 */
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/schema.ts';
import type { TaskStatus } from '../../domain/case-process.ts';
import { toTask, type CaseTask } from './records.ts';

export class CaseTaskRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Opens tasks; returns them as `listTasks` reads them (with their department names), in one statement. */
  async insertTasks(
    tasks: readonly { caseId: string; stageIndex: number; stageName: string; mode: 'all' | 'any'; round: number; departmentId: string; regionPath: string; delegated: boolean; dueDate: string | null; at: Date }[],
  ): Promise<CaseTask[]> {
    if (tasks.length === 0) return [];
    const rows = await this.db
      .with('t', (db) =>
        db
          .insertInto('case_tasks')
          .values(
            tasks.map((t) => ({
              case_id: t.caseId,
              stage_index: t.stageIndex,
              stage_name: t.stageName,
              mode: t.mode,
              round: t.round,
              department_id: t.departmentId,
              region_path: t.regionPath,
              delegated: t.delegated,
              status: 'pending',
              due_date: t.dueDate,
              created_at: t.at,
            })),
          )
          .returningAll(),
      )
      .selectFrom('t')
      .innerJoin('departments as d', 'd.id', 't.department_id')
      .selectAll('t')
      .select('d.name as department_name')
      .orderBy('t.created_at')
      .orderBy('t.stage_index')
      .orderBy('d.name')
      .execute();
    return rows.map(toTask);
  }

  private taskQuery() {
    return this.db.selectFrom('case_tasks as t').innerJoin('departments as d', 'd.id', 't.department_id').selectAll('t').select('d.name as department_name');
  }

  async listTasks(caseId: string): Promise<CaseTask[]> {
    const rows = await this.taskQuery().where('t.case_id', '=', caseId).orderBy('t.created_at').orderBy('t.stage_index').orderBy('d.name').execute();
    return rows.map(toTask);
  }

  async findTask(id: string): Promise<CaseTask | undefined> {
    const row = await this.taskQuery().where('t.id', '=', id).executeTakeFirst();
    return row && toTask(row);
  }

  async updateTask(id: string, patch: { status?: TaskStatus; assigneeId?: string | null; assigneeName?: string | null; opinion?: string; doneAt?: Date | null }): Promise<void> {
    const set: Record<string, unknown> = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;
    if (patch.assigneeName !== undefined) set.assignee_name = patch.assigneeName;
    if (patch.opinion !== undefined) set.opinion = patch.opinion;
    if (patch.doneAt !== undefined) set.done_at = patch.doneAt;
    await this.db.updateTable('case_tasks').set(set).where('id', '=', id).execute();
  }

  /** Closes every open task of a case (or of one stage) with `status`. */
  async closeOpenTasks(caseId: string, status: TaskStatus, at: Date, stageIndex?: number): Promise<void> {
    let query = this.db.updateTable('case_tasks').set({ status, done_at: at }).where('case_id', '=', caseId).where('status', 'in', ['pending', 'claimed']);
    if (stageIndex !== undefined) query = query.where('stage_index', '=', stageIndex);
    await query.execute();
  }

  /** Moves the due dates of a case's open tasks (after a pause). */
  async setOpenTaskDueDates(caseId: string, dueDates: ReadonlyMap<string, string>): Promise<void> {
    for (const [id, due] of dueDates) await this.db.updateTable('case_tasks').set({ due_date: due }).where('id', '=', id).where('case_id', '=', caseId).execute();
  }
}
