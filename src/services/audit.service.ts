/** Reading and verifying the audit chain. */
import { auditHash, genesisHash } from '../domain/audit-chain.ts';
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
   */
  async recent(actor: Actor, filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: string }): Promise<AuditRow[]> {
    assertMayAnywhere(actor, 'audit.read');
    const scopes = scopesFor(actor, 'audit.read');
    const platformWide = scopes === 'all' || scopes.some((s) => s.departmentId === null && !s.regionPath.includes('.'));
    return this.uow.read.audit.latest({ ...filter, scopes, platformWide });
  }
}
