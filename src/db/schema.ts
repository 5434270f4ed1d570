/** Table types for Kysely. Column names stay snake_case as in SQL; repositories map them to domain objects. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface RegionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  path: string;
  created_at: CreatedAt;
}

export interface DepartmentsTable {
  id: Generated<string>;
  name: string;
  uscc: string | null;
  region_code: string;
  phone: string | null;
  created_at: CreatedAt;
}

export interface CentersTable {
  id: Generated<string>;
  name: string;
  level: string;
  region_code: string;
  address: Generated<string>;
  phone: Generated<string>;
  opening_hours: Generated<string>;
  created_at: CreatedAt;
}

export interface WindowsTable {
  id: Generated<string>;
  center_id: string;
  number: number;
  name: string;
  department_id: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface StaffTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  phone: Generated<string>;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  region_code: string | null;
  department_id: string | null;
}

export interface StaffGrantsTable {
  id: Generated<string>;
  staff_id: string;
  role: string;
  department_id: string | null;
  region_code: string;
}

export interface SessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  key_hash: string;
  department_id: string | null;
  region_code: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: ColumnType<string, string, never>;
  at: ColumnType<Date, Date, never>;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  payload: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
  region_path: ColumnType<string | null, string | null | undefined, never>;
  department_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  available_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface IdempotencyKeysTable {
  actor: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

/** A signed anchor of the audit chain's head (seq and hash at a time); append-only. */
export interface AuditCheckpointsTable {
  seq: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
  at: ColumnType<Date, Date, never>;
  key_id: ColumnType<string, string, never>;
  signature: ColumnType<string, string, never>;
}

export interface CatalogFilesTable {
  id: Generated<string>;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface ServiceItemsTable {
  id: Generated<string>;
  implementation_code: string;
  department_id: string;
  created_at: Timestamp;
}

export interface ServiceItemVersionsTable {
  id: Generated<string>;
  item_id: string;
  version: number;
  status: string;
  content: ColumnType<unknown, string, string>;
  name: string;
  department_id: string;
  case_kind: string;
  visits_required: number;
  channels: string[];
  service_objects: string[];
  search_text: string;
  search_pinyin: string;
  search_initials: string;
  created_at: Timestamp;
  created_by: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface ItemSearchTokensTable {
  item_id: string;
  token: string;
  weight: number;
}

export interface BundlesTable {
  id: Generated<string>;
  code: string;
  status: string;
  content: ColumnType<unknown, string, string>;
  name: string;
  lead_department_id: string;
  search_text: string;
  search_pinyin: string;
  search_initials: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarOverridesTable {
  region_code: string;
  date: string;
  is_workday: boolean;
  note: Generated<string>;
  updated_at: Timestamp;
}

export interface CalendarYearsTable {
  region_code: string;
  year: number;
  note: Generated<string>;
  published_at: Timestamp;
}

export interface CaseNumberSequencesTable {
  region_code: string;
  day: string;
  last_value: number;
}

export interface ApplicantsTable {
  id: Generated<string>;
  kind: string;
  name: string;
  id_fingerprint: string | null;
  id_sealed: string | null;
  id_masked: string | null;
  uscc: string | null;
  legal_representative: Generated<string>;
  phone: Generated<string>;
  address: Generated<string>;
  gender: string | null;
  birth_date: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  region_code: string | null;
}

export interface LicencesTable {
  id: Generated<string>;
  holder_id: string;
  licence_type: string;
  number: string;
  /** For a number that is a resident ID: its keyed fingerprint and the original, sealed (0008). */
  number_fingerprint: string | null;
  number_sealed: string | null;
  name: string;
  issuer: string;
  issued_on: string;
  valid_until: string | null;
  source: string;
  status: Generated<string>;
  created_at: Timestamp;
  case_id: string | null;
  signed_payload: string | null;
  signature: string | null;
  key_id: string | null;
  revoked_at: Timestamp | null;
  revoked_reason: Generated<string>;
  /** The version a change replaced (0012). */
  replaces_id: Generated<string | null>;
}

/** 证照类型 (0012): code = defining authority USCC + 3-digit type number. */
export interface LicenceTypesTable {
  code: string;
  name: string;
  authority_name: string;
  /** null = 长期 */
  validity_years: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
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

export interface SigningKeysTable {
  id: string;
  algorithm: string;
  public_key: string;
  private_key_sealed: string;
  created_at: Timestamp;
  /** What the key signs: e-licences or audit checkpoints, never both. */
  purpose: ColumnType<'licence' | 'audit', 'licence' | 'audit' | undefined, never>;
  /** The issuing body whose e-licences the key signs (0011); null for audit keys and the retired shared key. */
  issuer_uscc: string | null;
  issuer_name: Generated<string>;
  valid_from: Timestamp;
  /** No new signatures after this (rotation). */
  retired_at: Timestamp | null;
  /** What the key signed at or after this reads key_compromised. */
  compromised_since: Timestamp | null;
  compromised_reason: Generated<string>;
}

export interface LicenceSerialsTable {
  issuer_uscc: string;
  type_code: string;
  last_value: number;
}

export interface TicketClassesTable {
  id: Generated<string>;
  center_id: string;
  code: string;
  name: string;
  name_en: Generated<string>;
  item_codes: Generated<string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface WindowClassesTable {
  window_id: string;
  class_id: string;
}

export interface WindowSessionsTable {
  window_id: string;
  staff_id: string;
  staff_name: string;
  opened_at: Timestamp;
}

export interface TicketSequencesTable {
  class_id: string;
  day: string;
  last_value: number;
}

export interface TicketsTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  issued_class_id: string;
  day: string;
  sequence: number;
  number: string;
  priority: string;
  slot_start: Timestamp | null;
  applicant_id: string | null;
  status: string;
  issued_at: Timestamp;
  called_at: Timestamp | null;
  call_count: Generated<number>;
  window_id: string | null;
  target_window_id: string | null;
  staff_id: string | null;
  served_at: Timestamp | null;
  finished_at: Timestamp | null;
  transfers: Generated<number>;
  case_ids: Generated<string[]>;
}

export interface AppointmentTemplatesTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  kind: string;
  weekdays: number[];
  start_time: string;
  end_time: string;
  slot_minutes: number;
  capacity: number;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface AppointmentSlotCountsTable {
  class_id: string;
  slot_start: Timestamp;
  booked: number;
}

export interface AppointmentsTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  day: string;
  slot_start: Timestamp;
  slot_end: Timestamp;
  code: string;
  name: string;
  phone: string;
  id_fingerprint: string;
  id_masked: string;
  status: string;
  ticket_id: string | null;
  booked_at: Timestamp;
  cancelled_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  reminded_at: Timestamp | null;
}

export interface HallStatsTable {
  center_id: string;
  day: string;
  class_id: string;
  window_id: string | null;
  metric: string;
  minute: number;
  n: number;
}

/** Guessing limits shared by all processes (see src/domain/attempt-limits.ts). */
export interface AttemptCountersTable {
  kind: string;
  subject: string;
  attempts: Generated<number>;
  window_end: Timestamp | null;
  locked_until: Timestamp | null;
  level: Generated<number>;
  last_at: Timestamp;
}

export interface Tables {
  regions: RegionsTable;
  departments: DepartmentsTable;
  centers: CentersTable;
  windows: WindowsTable;
  staff: StaffTable;
  staff_grants: StaffGrantsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_checkpoints: AuditCheckpointsTable;
  catalog_files: CatalogFilesTable;
  service_items: ServiceItemsTable;
  service_item_versions: ServiceItemVersionsTable;
  item_search_tokens: ItemSearchTokensTable;
  bundles: BundlesTable;
  calendar_overrides: CalendarOverridesTable;
  calendar_years: CalendarYearsTable;
  case_number_sequences: CaseNumberSequencesTable;
  applicants: ApplicantsTable;
  licences: LicencesTable;
  cases: CasesTable;
  case_actions: CaseActionsTable;
  case_materials: CaseMaterialsTable;
  case_tasks: CaseTasksTable;
  case_notices: CaseNoticesTable;
  case_visits: CaseVisitsTable;
  case_notifications: CaseNotificationsTable;
  filings: FilingsTable;
  file_review_policies: FileReviewPoliciesTable;
  signing_keys: SigningKeysTable;
  licence_serials: LicenceSerialsTable;
  licence_types: LicenceTypesTable;
  ticket_classes: TicketClassesTable;
  window_classes: WindowClassesTable;
  window_sessions: WindowSessionsTable;
  ticket_sequences: TicketSequencesTable;
  tickets: TicketsTable;
  appointment_templates: AppointmentTemplatesTable;
  appointment_slot_counts: AppointmentSlotCountsTable;
  appointments: AppointmentsTable;
  attempt_counters: AttemptCountersTable;
  hall_stats: HallStatsTable;
}
