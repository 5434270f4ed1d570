/** The online channel: accounts, one-time codes, sessions, business handlers and OIDC identities (migration 0017). */
import type { Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface OnlineAccountsTable {
  id: Generated<string>;
  phone: string;
  applicant_id: string | null;
  binding: Generated<string>;
  verified_by: string | null;
  bound_at: Timestamp | null;
  created_at: Timestamp;
  last_sign_in_at: Timestamp | null;
}

export interface OneTimeCodesTable {
  id: Generated<string>;
  phone: string;
  purpose: string;
  subject_id: string | null;
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Timestamp | null;
}

export interface ApplicantSessionsTable {
  token_hash: string;
  account_id: string;
  method: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface BusinessHandlersTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  account_id: string;
  role: string;
  added_by: string;
  added_at: Timestamp;
  removed_at: Timestamp | null;
  removed_by: string | null;
}

export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  account_id: string;
  created_at: Timestamp;
  last_sign_in_at: Timestamp;
}
