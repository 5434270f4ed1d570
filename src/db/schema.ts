/**
 * Table types for Kysely. Column names stay snake_case as in SQL; repositories map them to domain objects.
 * The row types live by area in ./schema/*.ts; this file names the whole database and re-exports them all.
 */
import type { RegionsTable, DepartmentsTable, CentersTable, WindowsTable, StaffTable, StaffGrantsTable, SessionsTable, ApiKeysTable, SharedDataRateTable, SharedDataReadsTable } from './schema/org.ts';
import type { AuditLogTable, OutboxTable, IdempotencyKeysTable, AuditCheckpointsTable, AttemptCountersTable } from './schema/platform.ts';
import type { CatalogFilesTable, ServiceItemsTable, ServiceItemVersionsTable, ItemSearchTokensTable, BundlesTable } from './schema/catalog.ts';
import type { CalendarOverridesTable, CalendarYearsTable } from './schema/calendar.ts';
import type { SupervisionStatsTable, SupervisionStatDeltasTable, SupervisionLiveTable, SupervisionLiveDeltasTable, SupervisionTargetsTable } from './schema/supervision.ts';
import type { ApplicantsTable, LicencesTable, LicenceTypesTable, SigningKeysTable, LicenceSerialsTable } from './schema/licences.ts';
import type {
  CaseNumberSequencesTable,
  CasesTable,
  CaseFilesTable,
  CaseActionsTable,
  CaseMaterialsTable,
  CaseTasksTable,
  CaseNoticesTable,
  CaseVisitsTable,
  CaseNotificationsTable,
  FilingsTable,
  FileReviewPoliciesTable,
  CaseStatsTable,
} from './schema/cases.ts';
import type { OnlineAccountsTable, OneTimeCodesTable, ApplicantSessionsTable, BusinessHandlersTable, OidcIdentitiesTable } from './schema/online.ts';
import type { AgentAuthorisationSequencesTable, AgentAuthorisationsTable, AgentFollowUpsTable } from './schema/agents.ts';
import type { NotificationTemplatesTable, NotificationMessagesTable } from './schema/notifications.ts';
import type {
  QualitySettingsTable,
  RatingFormsTable,
  RatingsTable,
  RatingInvitationsTable,
  RatingRectificationsTable,
  RatingAppealsTable,
  ComplaintSequencesTable,
  ComplaintsTable,
  ComplaintStepsTable,
  SupervisionAlertsTable,
  SupervisionAlertMarksTable,
} from './schema/quality.ts';
import type { ItemPublicationsTable } from './schema/publicity.ts';
import type { PushSubscriptionsTable, PushDeliveriesTable, PushCursorsTable } from './schema/push.ts';
import type { TicketClassesTable, WindowClassesTable, WindowSessionsTable, TicketSequencesTable, TicketsTable, AppointmentTemplatesTable, AppointmentSlotCountsTable, AppointmentsTable, HallStatsTable } from './schema/hall.ts';

export type * from './schema/org.ts';
export type * from './schema/platform.ts';
export type * from './schema/catalog.ts';
export type * from './schema/calendar.ts';
export type * from './schema/licences.ts';
export type * from './schema/cases.ts';
export type * from './schema/hall.ts';
export type * from './schema/online.ts';
export type * from './schema/agents.ts';
export type * from './schema/notifications.ts';
export type * from './schema/quality.ts';
export type * from './schema/supervision.ts';
export type * from './schema/publicity.ts';
export type * from './schema/push.ts';

export interface Tables {
  regions: RegionsTable;
  departments: DepartmentsTable;
  centers: CentersTable;
  windows: WindowsTable;
  staff: StaffTable;
  staff_grants: StaffGrantsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  shared_data_rate: SharedDataRateTable;
  shared_data_reads: SharedDataReadsTable;
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
  case_files: CaseFilesTable;
  case_actions: CaseActionsTable;
  case_materials: CaseMaterialsTable;
  case_tasks: CaseTasksTable;
  case_notices: CaseNoticesTable;
  case_visits: CaseVisitsTable;
  case_notifications: CaseNotificationsTable;
  agent_authorisation_sequences: AgentAuthorisationSequencesTable;
  agent_authorisations: AgentAuthorisationsTable;
  agent_follow_ups: AgentFollowUpsTable;
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
  supervision_alerts: SupervisionAlertsTable;
  supervision_alert_marks: SupervisionAlertMarksTable;
  case_stats: CaseStatsTable;
  online_accounts: OnlineAccountsTable;
  one_time_codes: OneTimeCodesTable;
  applicant_sessions: ApplicantSessionsTable;
  business_handlers: BusinessHandlersTable;
  oidc_identities: OidcIdentitiesTable;
  notification_templates: NotificationTemplatesTable;
  notification_messages: NotificationMessagesTable;
  quality_settings: QualitySettingsTable;
  rating_forms: RatingFormsTable;
  ratings: RatingsTable;
  rating_invitations: RatingInvitationsTable;
  rating_rectifications: RatingRectificationsTable;
  rating_appeals: RatingAppealsTable;
  complaint_sequences: ComplaintSequencesTable;
  complaints: ComplaintsTable;
  complaint_steps: ComplaintStepsTable;
  supervision_stats: SupervisionStatsTable;
  supervision_stat_deltas: SupervisionStatDeltasTable;
  supervision_live: SupervisionLiveTable;
  supervision_live_deltas: SupervisionLiveDeltasTable;
  supervision_targets: SupervisionTargetsTable;
  item_publications: ItemPublicationsTable;
  push_subscriptions: PushSubscriptionsTable;
  push_deliveries: PushDeliveriesTable;
  push_cursors: PushCursorsTable;
}
