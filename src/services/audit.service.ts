/** Reading and verifying the audit chain. */
import { auditHash, genesisHash } from '../domain/audit-chain.ts';
import { auditActionLabel, auditEntityLabel, auditSummary, type AuditSubject, type Words } from '../domain/audit-labels.ts';
import { chinaDayStart } from '../domain/china-time.ts';
import { AppError } from '../domain/errors.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { AuditRow } from '../repositories/audit.repository.ts';
import { assertMayAnywhere, scopesFor, type Actor } from './actor.ts';

type Uses = (typeof AuditService.repositories)[number];

export type ChainReport = { ok: true; rows: number; lastHash: string } | { ok: false; rows: number; brokenAt: string; reason: 'missing_row' | 'prev_hash_mismatch' | 'hash_mismatch' };

export class AuditService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['audit'] as const;

  private readonly uow: UnitOfWork<Uses>;

  constructor(options: { uow: UnitOfWork<Uses> }) {
    this.uow = options.uow;
  }

  /**
   * Walks the whole chain in order and reports the first row that does not follow from the one before:
   * a gap in the sequence (a row deleted), a link to the wrong previous hash, or a hash that does not
   * match the row's content (a row edited).
   */
  async verifyChain(onProgress?: (checked: number) => void): Promise<ChainReport> {
    let prevHash = genesisHash;
    let expectedSeq = 1n;
    let checked = 0;
    let after = '0';
    for (;;) {
      const page = await this.uow.read.audit.page(after, 2000);
      if (page.length === 0) break;
      for (const row of page) {
        if (BigInt(row.seq) !== expectedSeq) return { ok: false, rows: checked, brokenAt: String(expectedSeq), reason: 'missing_row' };
        if (row.prevHash !== prevHash) return { ok: false, rows: checked, brokenAt: row.seq, reason: 'prev_hash_mismatch' };
        if (auditHash(prevHash, row) !== row.hash) return { ok: false, rows: checked, brokenAt: row.seq, reason: 'hash_mismatch' };
        prevHash = row.hash;
        expectedSeq++;
        checked++;
      }
      after = page[page.length - 1]!.seq;
      onProgress?.(checked);
    }
    return { ok: true, rows: checked, lastHash: prevHash };
  }

  /**
   * The newest audit rows the reader's grants cover: rows of records in their region subtree (of
   * their department, when the grant is narrowed to one). Platform-wide rows (no region: the timer's
   * sweeps, catalog imports, rows older than regions on rows) only for a grant at a root region.
   * Filtered by person, object (type, id or number) and China days; a page is the `limit` rows before
   * `beforeSeq`. Each row comes with its actor's name and its summary in words.
   */
  async recent(actor: Actor, filter: AuditQuery): Promise<LedgerRow[]> {
    assertMayAnywhere(actor, 'audit.read');
    if (filter.from && filter.to && filter.from > filter.to) throw new AppError('VALIDATION_FAILED', { zh: '开始日期不能晚于结束日期', en: 'The start date is after the end date' });
    const scopes = scopesFor(actor, 'audit.read');
    const platformWide = scopes === 'all' || scopes.some((s) => s.departmentId === null && !s.regionPath.includes('.'));
    const rows = await this.uow.read.audit.latest({
      entityType: filter.entityType,
      entityId: filter.entityId,
      entity: filter.entity?.trim() || undefined,
      actorId: filter.actorId,
      from: filter.from ? chinaDayStart(filter.from) : undefined,
      until: filter.to ? new Date(chinaDayStart(filter.to).getTime() + 86_400_000) : undefined,
      limit: filter.limit,
      beforeSeq: filter.beforeSeq,
      scopes,
      platformWide,
    });
    const names = await this.uow.read.audit.names(rows);
    return rows.map((row) => {
      const subject = names.subjects.get(`${row.entityType}:${row.entityId}`) ?? subjectFromPayload(row.payload);
      return {
        ...row,
        actorName: row.actorId ? (names.actors.get(`${row.actorKind}:${row.actorId}`) ?? null) : null,
        actionLabel: auditActionLabel(row.action),
        entityLabel: auditEntityLabel(row.entityType),
        subject: subject.name,
        summary: auditSummary(row, subject),
      };
    });
  }
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  entity?: string;
  actorId?: string;
  /** China days, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  beforeSeq?: string;
}

export interface LedgerRow extends AuditRow {
  actorName: string | null;
  actionLabel: Words;
  entityLabel: Words;
  /** The object's number or name, when known. */
  subject: string | null;
  summary: Words;
}

/** An object the names did not cover, by the number its row carries (a ticket's, an appointment's code, a case number). */
function subjectFromPayload(payload: unknown): AuditSubject {
  const p = (payload ?? {}) as Record<string, unknown>;
  const name = [p.caseNo, p.number, p.code, p.name].find((v): v is string => typeof v === 'string' && v.length > 0) ?? null;
  return { name, detail: null };
}
