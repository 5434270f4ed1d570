/** 数据推送: departments' webhook subscriptions, their deliveries, the push cursors (0028). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface PushSubscriptionsTable {
  id: Generated<string>;
  department_id: string;
  region_path: string;
  name: string;
  url: string;
  secret_sealed: string;
  topics: ColumnType<string[], string[], string[]>;
  item_codes: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PushDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  outbox_id: string;
  topic: string;
  item_code: string | null;
  state: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface PushCursorsTable {
  name: string;
  last_xid: string;
  last_id: string;
  claimed_until: Timestamp | null;
  updated_at: Timestamp | null;
}
