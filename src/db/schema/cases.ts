/** Cases and what hangs off them: actions, materials, tasks, notices, visits, notifications, case numbers and 备案 filings. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface CaseNumberSequencesTable {
  region_code: string;
  day: string;
  last_value: number;
}

export interface CasesTable {
  id: Generated<string>;
  case_no: string;
  parent_id: string | null;
  bundle_code: string | null;
  item_version_id: string | null;
  item_code: string;
  item_name: string;
  department_id: string;
  region_code: string;
  region_path: string;
  applicant_id: string;
  applicant_name: string;
  applicant_ref: string;
  applicant_phone: Generated<string>;
  scenario: string | null;
  channel: string;
  via_agent: Generated<boolean>;
  status: string;
  outcome: string | null;
  outcome_reason: Generated<string>;
  case_kind: string;
  limit_days: number;
  limit_unit: string;
  delegated: Generated<boolean>;
  form: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The original values of the form's masked fields, sealed (0008). */
  form_sealed: string | null;
  query_secret: string;
  received_at: Timestamp;
  accepted_on: string | null;
  due_date: string | null;
  paused_since: string | null;
  paused_kind: string | null;
  paused_days: Generated<number>;
  warning: Generated<string>;
  concluded_at: Timestamp | null;
  delivered_at: Timestamp | null;
  delivery: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  archived_at: Timestamp | null;
  visits: Generated<number>;
  action_seq: Generated<number>;
  created_by: string | null;
  updated_at: Timestamp;
  /** The organisation holding the results, set when the case's 一件事 registered it (0013). */
  holder_id: string | null;
  /** Not concluded until the 一件事's registration child is approved (0013). */
  awaits_registration: Generated<boolean>;
  /** The 代办服务委托书 a proxy agent applied under (0019). */
  agent_authorisation_id: Generated<string | null>;
  /** The online account that started the case (0018); no foreign key until the accounts table lands. */
  account_id: string | null;
  /** The result delivery the applicant asked for online (0018). */
  delivery_choice: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** Days from acceptance to conclusion in the limit's unit, less paused days (0025). */
  working_days_used: Generated<number | null>;
}

/** A file uploaded online for a material of a case (0018). */
export interface CaseFilesTable {
  id: Generated<string>;
  case_id: string;
  material_key: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_at: Timestamp;
  uploaded_by: string | null;
}

export interface CaseActionsTable {
  case_id: string;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  task_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  channel: string;
  region_code: string | null;
  at: Timestamp;
  payload: ColumnType<Record<string, unknown>, string, never>;
}

export interface CaseMaterialsTable {
  case_id: string;
  key: string;
  name: string;
  required: boolean;
  deferrable_until: string | null;
  state: string;
  licence_id: string | null;
  deferred_due: string | null;
  collected_at: Timestamp | null;
  note: Generated<string>;
}

export interface CaseTasksTable {
  id: Generated<string>;
  case_id: string;
  stage_index: number;
  stage_name: string;
  mode: string;
  round: Generated<number>;
  department_id: string;
  region_path: string;
  delegated: Generated<boolean>;
  status: string;
  assignee_id: string | null;
  assignee_name: string | null;
  due_date: string | null;
  opinion: Generated<string>;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

export interface CaseNoticesTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  content: ColumnType<Record<string, unknown>, string, never>;
  issued_at: Timestamp;
}

export interface CaseVisitsTable {
  id: Generated<string>;
  case_id: string;
  at: Timestamp;
  reason: string;
  cause: string | null;
  region_code: string | null;
  recorded_by: string | null;
}

export interface CaseNotificationsTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  occasion: string;
  recipient: string;
  message: string;
  created_at: Timestamp;
}

export interface FilingsTable {
  id: Generated<string>;
  case_id: string;
  department_id: string;
  from_region_code: string;
  filed_at: Timestamp;
  due_date: string;
  received_at: Timestamp | null;
  received_by: string | null;
  sampled: boolean;
  verdict: string | null;
  verdict_note: Generated<string>;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
}

export interface FileReviewPoliciesTable {
  department_id: string;
  sample_percent: number;
  updated_at: Timestamp;
}

/** Rollup of case figures per region, department and China day (0015). */
export interface CaseStatsTable {
  region_path: string;
  department_id: string;
  day: string;
  received: Generated<number>;
  concluded: Generated<number>;
  on_time: Generated<number>;
  zero_visit: Generated<number>;
  at_most_one_visit: Generated<number>;
}
