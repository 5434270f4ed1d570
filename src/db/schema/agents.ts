/** 帮办代办: authorisations (代办服务委托书), their numbering, and the follow-up calls (0019). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface AgentAuthorisationSequencesTable {
  region_code: string;
  day: string;
  last_value: number;
}

export interface AgentAuthorisationsTable {
  id: Generated<string>;
  authorisation_no: string;
  applicant_id: string;
  agent_id: string;
  region_code: string;
  region_path: string;
  matters: ColumnType<{ kind: 'item' | 'bundle'; code: string; name: string }[], string, string>;
  powers: string[];
  valid_from: string;
  valid_until: string;
  state: string;
  state_reason: Generated<string>;
  confirmation_method: string | null;
  confirmed_at: Timestamp | null;
  paper_scan: Buffer | null;
  paper_scan_kind: string | null;
  renewed_from: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgentFollowUpsTable {
  id: Generated<string>;
  case_id: string;
  authorisation_id: string;
  at: Timestamp;
  recorded_by: string | null;
  result: string;
  note: Generated<string>;
}
