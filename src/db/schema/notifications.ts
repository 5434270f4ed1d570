/** Notification templates (versioned) and the messages sent from the outbox (0016). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface NotificationTemplatesTable {
  event: string;
  channel: string;
  version: number;
  body: string;
  fields: ColumnType<unknown, string | undefined, never>;
  enabled: Generated<boolean>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface NotificationMessagesTable {
  id: Generated<string>;
  outbox_id: string;
  source_key: string;
  event: string;
  channel: string;
  recipient: string;
  recipient_display: string;
  template_version: number;
  body: string;
  fields: ColumnType<unknown, string | undefined, string>;
  params: ColumnType<Record<string, string>, string | undefined, string>;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  provider: string | null;
  provider_reference: string | null;
  last_error: string | null;
  region_path: string | null;
  department_id: string | null;
  case_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}
