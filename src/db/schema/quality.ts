/** 好差评 and complaints: settings, rating forms, ratings, invitations, rectifications, appeals (0021), complaints (0022). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface QualitySettingsTable {
  region_code: string;
  default_rating_days: number | null;
  change_hours: number;
  report_back_days: number;
  rectify_days: number;
  revisit_days: number;
  consultation_days: number;
  complaint_days: number;
  step_days: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface RatingFormsTable {
  id: Generated<string>;
  channel: string;
  version: number;
  indicators: ColumnType<{ key: string; zh: string; en: string }[], string, string>;
  tags: ColumnType<{ key: string; zh: string; en: string; polarity: 'good' | 'bad' }[], string, string>;
  active_from: Timestamp;
}

export interface RatingsTable {
  id: Generated<string>;
  subject_key: string;
  channel: string;
  source: string;
  form_id: string;
  case_id: string | null;
  ticket_id: string | null;
  level: string;
  indicators: ColumnType<Record<string, string>, string | undefined, string>;
  tags: Generated<string[]>;
  comment: Generated<string>;
  anonymous: Generated<boolean>;
  applicant_id: string | null;
  account_id: string | null;
  rater_phone: string | null;
  staff_id: string | null;
  department_id: string | null;
  region_code: string;
  region_path: string;
  center_id: string | null;
  window_id: string | null;
  item_code: string | null;
  item_version: number | null;
  given_at: Timestamp;
  changed_at: Timestamp | null;
  change_until: Timestamp;
  excluded: Generated<boolean>;
}

export interface RatingInvitationsTable {
  id: Generated<string>;
  case_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  rated_at: Timestamp | null;
}

export interface RatingRectificationsTable {
  id: Generated<string>;
  rating_id: string;
  department_id: string | null;
  region_code: string;
  region_path: string;
  assignee_id: string | null;
  state: Generated<string>;
  triage: string | null;
  finding: Generated<string>;
  measures: Generated<string>;
  report_due: string;
  rectify_due: string;
  revisit_due: string | null;
  triaged_at: Timestamp | null;
  reported_at: Timestamp | null;
  revisited_at: Timestamp | null;
  revisited_by: string | null;
  revisit_result: string | null;
  revisit_note: Generated<string>;
  re_level: string | null;
  re_rated_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 0024: while appealed, the state a rejected appeal returns to and the day the deadlines stopped. */
  state_before_appeal: string | null;
  paused_on: string | null;
}

export interface RatingAppealsTable {
  id: Generated<string>;
  rating_id: string;
  department_id: string | null;
  region_path: string;
  reason: string;
  statement: string;
  filed_by: string;
  filed_at: Timestamp;
  state: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: Generated<string>;
  /** 0024 */
  rectification_id: string | null;
  paused_days: number | null;
}

export interface ComplaintSequencesTable {
  region_code: string;
  day: string;
  last_value: number;
}

export interface ComplaintsTable {
  id: Generated<string>;
  complaint_no: string;
  source: string;
  category: string;
  urgent: Generated<boolean>;
  state: string;
  subject: string;
  content: string;
  complainant_name: Generated<string>;
  complainant_phone: Generated<string>;
  anonymous: Generated<boolean>;
  applicant_id: string | null;
  account_id: string | null;
  case_id: string | null;
  rating_id: string | null;
  region_code: string;
  region_path: string;
  department_id: string | null;
  handler_region_path: string | null;
  received_by: string | null;
  received_at: Timestamp;
  due_at: Timestamp;
  step_started_at: Timestamp;
  step_due_at: Timestamp | null;
  escalation_level: Generated<number>;
  supervised_count: Generated<number>;
  answer: Generated<string>;
  answered_at: Timestamp | null;
  closed_at: Timestamp | null;
  revisit_result: string | null;
  revisited_at: Timestamp | null;
  satisfaction: string | null;
  rated_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface ComplaintStepsTable {
  id: Generated<string>;
  complaint_id: string;
  seq: number;
  action: string;
  from_department_id: string | null;
  to_department_id: string | null;
  actor_id: string | null;
  actor_label: Generated<string>;
  reason: Generated<string>;
  at: Timestamp;
  step_due_at: Timestamp | null;
}

/** 电子监察 alerts (0026). */
export interface SupervisionAlertsTable {
  id: Generated<string>;
  rule: string;
  subject_key: string;
  case_id: string | null;
  department_id: string;
  region_path: string;
  raised_at: Timestamp;
  raised_on: ColumnType<string, string, string>;
  facts: ColumnType<Record<string, unknown>, string, string>;
  response_due: ColumnType<string, string, string>;
  state: Generated<string>;
  responded_by: string | null;
  responded_by_name: string | null;
  responded_at: Timestamp | null;
  response: Generated<string>;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: Timestamp | null;
  verdict: string | null;
  verdict_note: Generated<string>;
}

export interface SupervisionAlertMarksTable {
  rule: string;
  read_until: Timestamp;
  updated_at: Timestamp;
}
