/** Applicants and the e-licences they hold: licence types, serial numbers and the keys that sign them. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

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
