/**
 * Online applications (一网通办): who started a case online, the files uploaded for its materials,
 * a draft's receipt (it becomes an application with its case number), the applicant's own list,
 * and the drafts whose time has run out.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { withStanding } from './cases/case-stats.ts';
import { summaryColumns, toSummary, type CaseSummary } from './cases/records.ts';

export interface CaseFile {
  id: string;
  caseId: string;
  materialKey: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
}

export interface OnlineCaseSummary extends CaseSummary {
  updatedAt: Date;
  accountId: string | null;
}

const fileColumns = ['id', 'case_id', 'material_key', 'name', 'content_type', 'size', 'sha256', 'uploaded_at'] as const;

function toFile(row: { id: string; case_id: string; material_key: string; name: string; content_type: string; size: number; sha256: string; uploaded_at: Date }): CaseFile {
  return { id: row.id, caseId: row.case_id, materialKey: row.material_key, name: row.name, contentType: row.content_type, size: row.size, sha256: row.sha256, uploadedAt: row.uploaded_at };
}

export class OnlineApplicationRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  /** Marks a case as started online by the account, with the delivery the applicant asked for. */
  async setOnline(caseId: string, patch: { accountId?: string | null; deliveryChoice?: Record<string, unknown> | null }, at: Date): Promise<void> {
    const set: Record<string, unknown> = { updated_at: at };
    if (patch.accountId !== undefined) set.account_id = patch.accountId;
    if (patch.deliveryChoice !== undefined) set.delivery_choice = patch.deliveryChoice === null ? null : JSON.stringify(patch.deliveryChoice);
    await this.db.updateTable('cases').set(set).where('id', '=', caseId).execute();
  }

  async onlineFacts(caseId: string): Promise<{ accountId: string | null; deliveryChoice: Record<string, unknown> | null; updatedAt: Date } | undefined> {
    const row = await this.db.selectFrom('cases').select(['account_id', 'delivery_choice', 'updated_at']).where('id', '=', caseId).executeTakeFirst();
    return row && { accountId: row.account_id, deliveryChoice: row.delivery_choice, updatedAt: row.updated_at };
  }

  /**
   * A draft becomes an application: its case number, the time it was received, status `submitted`,
   * in one statement guarded on the draft status; the rollup counts it from now. False when it was no draft.
   */
  async receiveDraft(caseId: string, caseNo: string, at: Date): Promise<boolean> {
    return withStanding(this.db, caseId, async () => {
      const result = await this.db.updateTable('cases').set({ case_no: caseNo, received_at: at, status: 'submitted', updated_at: at }).where('id', '=', caseId).where('status', '=', 'draft').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  /** The form as stored: shown (resident IDs masked) and the sealed originals. */
  async formOf(caseId: string): Promise<{ form: Record<string, unknown>; formSealed: string | null } | undefined> {
    const row = await this.db.selectFrom('cases').select(['form', 'form_sealed']).where('id', '=', caseId).executeTakeFirst();
    return row && { form: row.form, formSealed: row.form_sealed };
  }

  /** Saves a draft's form (and its scenario) as the applicant left it. */
  async setForm(caseId: string, input: { form: Record<string, string>; formSealed: string | null; scenario: string | null }, at: Date): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({ form: JSON.stringify(input.form), form_sealed: input.formSealed, scenario: input.scenario, updated_at: at })
      .where('id', '=', caseId)
      .execute();
  }

  /** Touches a case (a draft's autosave keeps it from expiring). */
  async touch(caseId: string, at: Date): Promise<void> {
    await this.db.updateTable('cases').set({ updated_at: at }).where('id', '=', caseId).execute();
  }

  async insertFile(input: { caseId: string; materialKey: string; name: string; contentType: string; data: Buffer; sha256: string; uploadedBy: string | null; at: Date }): Promise<CaseFile> {
    const row = await this.db
      .insertInto('case_files')
      .values({
        case_id: input.caseId,
        material_key: input.materialKey,
        name: input.name,
        content_type: input.contentType,
        size: input.data.length,
        sha256: input.sha256,
        data: input.data,
        uploaded_at: input.at,
        uploaded_by: input.uploadedBy,
      })
      .returning([...fileColumns])
      .executeTakeFirstOrThrow();
    return toFile(row);
  }

  async listFiles(caseId: string): Promise<CaseFile[]> {
    const rows = await this.db
      .selectFrom('case_files')
      .select([...fileColumns])
      .where('case_id', '=', caseId)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    return rows.map(toFile);
  }

  async findFile(caseId: string, fileId: string): Promise<(CaseFile & { data: Buffer }) | undefined> {
    const row = await this.db
      .selectFrom('case_files')
      .select([...fileColumns, 'data'])
      .where('case_id', '=', caseId)
      .where('id', '=', fileId)
      .executeTakeFirst();
    return row && { ...toFile(row), data: row.data };
  }

  /** Removes one uploaded file of a case; false when there was none. */
  async deleteFile(caseId: string, fileId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('case_files').where('case_id', '=', caseId).where('id', '=', fileId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** The cases of these applicants (their own, or the business they act for), newest first; drafts included. */
  async listOfApplicants(applicantIds: readonly string[], limit: number): Promise<OnlineCaseSummary[]> {
    if (applicantIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('cases as c')
      .innerJoin('departments as d', 'd.id', 'c.department_id')
      .select([...summaryColumns, 'c.updated_at', 'c.account_id'])
      .where('c.applicant_id', 'in', [...applicantIds])
      .where('c.parent_id', 'is', null)
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...toSummary(row), updatedAt: row.updated_at, accountId: row.account_id }));
  }

  /** Drafts untouched since `before`, oldest first, locked for the caller's transaction (another process skips them). */
  async claimExpiredDrafts(before: Date, limit: number): Promise<{ id: string; caseNo: string; applicantId: string; regionPath: string; departmentId: string; updatedAt: Date }[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'case_no', 'applicant_id', 'region_path', 'department_id', 'updated_at'])
      .where('status', '=', 'draft')
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((r) => ({ id: r.id, caseNo: r.case_no, applicantId: r.applicant_id, regionPath: r.region_path, departmentId: r.department_id, updatedAt: r.updated_at }));
  }

  /**
   * Deletes a draft with its files and material rows (a draft has no action log: its log starts when
   * it is submitted). Returns the number of files deleted, or null when the case is no draft.
   */
  async deleteDraft(caseId: string): Promise<number | null> {
    const draft = await this.db.selectFrom('cases').select('id').where('id', '=', caseId).where('status', '=', 'draft').forUpdate().executeTakeFirst();
    if (!draft) return null;
    const files = await this.db.deleteFrom('case_files').where('case_id', '=', caseId).executeTakeFirst();
    await this.db.deleteFrom('case_materials').where('case_id', '=', caseId).execute();
    await this.db.deleteFrom('cases').where('id', '=', caseId).where('status', '=', 'draft').execute();
    return Number(files.numDeletedRows);
  }

  /** How many files and bytes a case holds (a draft's upload limit). */
  async fileTotals(caseId: string): Promise<{ files: number; bytes: number }> {
    const row = await this.db
      .selectFrom('case_files')
      .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(size), 0)`.as('bytes')])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return { files: Number(row.n), bytes: Number(row.bytes) };
  }
}
