/** Regions, departments, halls and their windows, staff and how they sign in (sessions, API keys). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.ts';

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
  /** What the key may read through /api/shared (0029): item codes and shareable fields, JSON arrays. */
  share_items: ColumnType<string[], string | undefined, string>;
  share_fields: ColumnType<string[], string | undefined, string>;
  rate_per_minute: Generated<number>;
  expires_at: Timestamp | null;
}

/** Requests per key per clock minute on /api/shared (0029). */
export interface SharedDataRateTable {
  api_key_id: string;
  minute: Timestamp;
  count: number;
}

/** The append-only log of shared-data reads (0029). */
export interface SharedDataReadsTable {
  id: Generated<string>;
  api_key_id: string;
  route: string;
  subject_kind: string;
  subject: string;
  subject_label: Generated<string>;
  item_codes: ColumnType<string[], string, never>;
  fields: ColumnType<string[], string, never>;
  returned: ColumnType<string[], string, never>;
  result_count: number;
  reason: string;
  request_ref: Generated<string>;
  request_id: string;
  at: Timestamp;
}
