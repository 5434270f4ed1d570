/** Records every area writes through: the audit chain and its signed checkpoints, the outbox, idempotency keys and guessing limits. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

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
  /** The consumer's claim lease (0016). */
  claimed_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Where the write that recorded it lies (0028). */
  region_path: ColumnType<string | null, string | null | undefined, never>;
  department_id: ColumnType<string | null, string | null | undefined, never>;
  /** The writing transaction (xid8, as text): the push cursors' order (0028). */
  xid: ColumnType<string, never, never>;
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
