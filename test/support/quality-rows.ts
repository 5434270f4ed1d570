/**
 * Realistic 好差评 and complaint rows written straight into the tables (0021, 0022) for the
 * publication's tests and bench, while the services that capture them land separately: a case or a
 * hall ticket as the subject, the rating on the form of its channel, the rectification a bad rating
 * opens, complaints with both clocks. Everything sits in the demo's regions, departments and staff.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/schema.ts';
import type { RatingLevel, RatingSource } from '../../src/domain/rating.ts';

export interface QualityBase {
  county: { code: string; path: string };
  town: { code: string; path: string };
  departments: Record<'mz' | 'ga' | 'scjg', string>;
  centerId: string;
  classId: string;
  clerk: { id: string; username: string; name: string };
  forms: { onsite: string; online: string };
}

export async function qualityBase(db: Kysely<Tables>): Promise<QualityBase> {
  const region = async (code: string) => {
    const r = await db.selectFrom('regions').select(['code', 'path']).where('code', '=', code).executeTakeFirstOrThrow();
    return { code: r.code, path: r.path };
  };
  const department = async (name: string) => (await db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const center = await db.selectFrom('centers').select('id').where('region_code', '=', '370982').orderBy('created_at').executeTakeFirstOrThrow();
  const klass = await db.selectFrom('ticket_classes').select('id').where('center_id', '=', center.id).orderBy('code').executeTakeFirstOrThrow();
  const clerk = await db.selectFrom('staff').select(['id', 'username', 'display_name']).where('username', '=', 'frontdesk').executeTakeFirstOrThrow();
  const forms = await db.selectFrom('rating_forms').select(['id', 'channel']).where('version', '=', 1).execute();
  return {
    county: await region('370982'),
    town: await region('370982103'),
    departments: { mz: await department('新泰市民政局'), ga: await department('新泰市公安局'), scjg: await department('新泰市市场监督管理局') },
    centerId: center.id,
    classId: klass.id,
    clerk: { id: clerk.id, username: clerk.username, name: clerk.display_name },
    forms: { onsite: forms.find((f) => f.channel === 'onsite')!.id, online: forms.find((f) => f.channel === 'online')!.id },
  };
}

let serial = 0;
const next = () => ++serial;

export interface NewCase {
  applicantId: string;
  applicantName: string;
  applicantRef: string;
  applicantPhone: string;
  departmentId: string;
  region: { code: string; path: string };
  itemCode: string;
  itemName: string;
  status: string;
  receivedAt: Date;
  concludedAt: Date | null;
}

export async function insertCase(db: Kysely<Tables>, c: NewCase): Promise<{ id: string; caseNo: string }> {
  const caseNo = `Q${c.receivedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(next()).padStart(6, '0')}`;
  const row = await db
    .insertInto('cases')
    .values({
      case_no: caseNo,
      parent_id: null,
      bundle_code: null,
      item_version_id: null,
      item_code: c.itemCode,
      item_name: c.itemName,
      department_id: c.departmentId,
      region_code: c.region.code,
      region_path: c.region.path,
      applicant_id: c.applicantId,
      applicant_name: c.applicantName,
      applicant_ref: c.applicantRef,
      applicant_phone: c.applicantPhone,
      scenario: null,
      channel: 'window',
      status: c.status,
      outcome: c.concludedAt ? 'approved' : null,
      case_kind: 'promised',
      limit_days: 5,
      limit_unit: 'working',
      form: '{}',
      form_sealed: null,
      query_secret: 'x',
      received_at: c.receivedAt,
      accepted_on: c.receivedAt.toISOString().slice(0, 10),
      due_date: null,
      paused_since: null,
      paused_kind: null,
      concluded_at: c.concludedAt,
      delivered_at: null,
      delivery: null,
      archived_at: null,
      created_by: null,
      updated_at: c.concludedAt ?? c.receivedAt,
      holder_id: null,
      account_id: null,
      delivery_choice: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, caseNo };
}

export async function insertTicket(db: Kysely<Tables>, base: QualityBase, at: Date, applicantId: string | null = null): Promise<{ id: string; number: string }> {
  const day = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const sequence = next();
  const number = `A${String(sequence % 1000).padStart(3, '0')}`;
  const row = await db
    .insertInto('tickets')
    .values({
      center_id: base.centerId,
      class_id: base.classId,
      issued_class_id: base.classId,
      day,
      sequence,
      number,
      priority: 'normal',
      slot_start: null,
      applicant_id: applicantId,
      status: 'done',
      issued_at: at,
      called_at: new Date(at.getTime() + 5 * 60_000),
      window_id: null,
      target_window_id: null,
      staff_id: base.clerk.id,
      served_at: new Date(at.getTime() + 6 * 60_000),
      finished_at: new Date(at.getTime() + 15 * 60_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, number };
}

export interface NewRating {
  level: RatingLevel;
  givenAt: Date;
  channel?: 'onsite' | 'online';
  source?: RatingSource;
  caseId?: string;
  ticketId?: string;
  itemCode?: string | null;
  itemVersion?: number | null;
  anonymous?: boolean;
  applicantId?: string | null;
  raterPhone?: string | null;
  staffId?: string | null;
  departmentId: string | null;
  region: { code: string; path: string };
  centerId?: string | null;
  excluded?: boolean;
  comment?: string;
}

export async function insertRating(db: Kysely<Tables>, base: QualityBase, r: NewRating): Promise<string> {
  const channel = r.channel ?? (r.ticketId ? 'onsite' : 'online');
  const subject = r.ticketId ? `ticket:${r.ticketId}` : `case:${r.caseId}`;
  const row = await db
    .insertInto('ratings')
    .values({
      subject_key: `${subject}:${randomUUID()}`,
      channel,
      source: r.source ?? (channel === 'onsite' ? 'pad' : 'web'),
      form_id: base.forms[channel],
      case_id: r.caseId ?? null,
      ticket_id: r.ticketId ?? null,
      level: r.level,
      indicators: JSON.stringify({ overall: r.level }),
      comment: r.comment ?? '',
      anonymous: r.anonymous ?? false,
      applicant_id: r.anonymous ? null : (r.applicantId ?? null),
      account_id: null,
      rater_phone: r.anonymous ? null : (r.raterPhone ?? null),
      staff_id: r.staffId === undefined ? base.clerk.id : r.staffId,
      department_id: r.departmentId,
      region_code: r.region.code,
      region_path: r.region.path,
      center_id: r.centerId === undefined ? base.centerId : r.centerId,
      window_id: null,
      item_code: r.itemCode ?? null,
      item_version: r.itemVersion ?? null,
      given_at: r.givenAt,
      changed_at: null,
      change_until: new Date(r.givenAt.getTime() + 72 * 3_600_000),
      excluded: r.excluded ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewRectification {
  ratingId: string;
  departmentId: string | null;
  region: { code: string; path: string };
  createdAt: Date;
  reportDue: string;
  rectifyDue: string;
  state: string;
  reportedAt?: Date | null;
  revisitedAt?: Date | null;
  closedAt?: Date | null;
}

export async function insertRectification(db: Kysely<Tables>, x: NewRectification): Promise<string> {
  const row = await db
    .insertInto('rating_rectifications')
    .values({
      rating_id: x.ratingId,
      department_id: x.departmentId,
      region_code: x.region.code,
      region_path: x.region.path,
      assignee_id: null,
      state: x.state,
      triage: x.state === 'open' ? null : 'ledger',
      report_due: x.reportDue,
      rectify_due: x.rectifyDue,
      revisit_due: null,
      triaged_at: x.state === 'open' ? null : x.createdAt,
      reported_at: x.reportedAt ?? null,
      revisited_at: x.revisitedAt ?? null,
      revisited_by: null,
      revisit_result: x.revisitedAt ? 'satisfied' : null,
      re_level: null,
      re_rated_at: null,
      closed_at: x.closedAt ?? null,
      created_at: x.createdAt,
      updated_at: x.closedAt ?? x.reportedAt ?? x.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewComplaint {
  category: 'consultation' | 'help' | 'complaint' | 'report';
  urgent?: boolean;
  receivedAt: Date;
  dueAt: Date;
  closedAt?: Date | null;
  departmentId: string | null;
  region: { code: string; path: string };
  complainantName?: string;
  complainantPhone?: string;
}

export async function insertComplaint(db: Kysely<Tables>, c: NewComplaint): Promise<string> {
  const row = await db
    .insertInto('complaints')
    .values({
      complaint_no: `TS${c.receivedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(next()).padStart(5, '0')}`,
      source: 'hall',
      category: c.category,
      urgent: c.urgent ?? false,
      state: c.closedAt ? 'closed' : 'handling',
      subject: '窗口办事体验',
      content: '反映窗口办理情况',
      complainant_name: c.complainantName ?? '',
      complainant_phone: c.complainantPhone ?? '',
      region_code: c.region.code,
      region_path: c.region.path,
      department_id: c.departmentId,
      received_at: c.receivedAt,
      due_at: c.dueAt,
      step_started_at: c.receivedAt,
      step_due_at: null,
      answered_at: c.closedAt ?? null,
      closed_at: c.closedAt ?? null,
      updated_at: c.closedAt ?? c.receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
