/**
 * The audit log is a hash chain: each row's hash covers the previous row's hash and the row's own
 * content in a canonical form, so editing or deleting any row breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const genesisHash = '0'.repeat(64);

export interface AuditContent {
  seq: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  payload: unknown;
  /** Region (materialised path) of the record the row is about; null for platform-wide rows and rows older than the column. */
  regionPath?: string | null;
  /** The department that owns the record, when one does. */
  departmentId?: string | null;
}

/** JSON with object keys sorted at every depth, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, content: AuditContent): string {
  const text = canonicalJson({
    prevHash,
    seq: content.seq,
    at: content.at.toISOString(),
    actorKind: content.actorKind,
    actorId: content.actorId,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    payload: content.payload,
    // Absent when null, so rows written before rows had a region hash as they always did.
    regionPath: content.regionPath ?? undefined,
    departmentId: content.departmentId ?? undefined,
  });
  return createHash('sha256').update(text).digest('hex');
}
