/** Regions, departments, halls and their windows, staff and how they sign in (sessions, API keys). */
import type { Generated } from 'kysely';
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
}
