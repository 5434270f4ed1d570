/** Reading and verifying the audit chain. */
import { auditHash, genesisHash } from '../domain/audit-chain.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { AuditRow } from '../repositories/audit.repository.ts';
import { AppError } from '../domain/errors.ts';
import { assertHasRole, type Actor } from './actor.ts';

export type ChainReport =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenAt: string; reason: 'missing_row' | 'prev_hash_mismatch' | 'hash_mismatch' };

export class AuditService {
  private readonly uow: UnitOfWork;

  constructor(options: { uow: UnitOfWork }) {
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
   * The newest audit rows. Rows are not tagged with a region or department, so only those who oversee
   * a whole county or more may read them: an administrator or supervisor whose grant is not narrowed
   * to a department and covers a county, city or province. A town or department administrator may not.
   */
  async recent(actor: Actor, filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: string }): Promise<AuditRow[]> {
    assertHasRole(actor, ['admin', 'supervisor']);
    if (actor.kind !== 'system') {
      const wide = actor.grants.filter((g) => (g.role === 'admin' || g.role === 'supervisor') && g.departmentId === null);
      const regions = await Promise.all(wide.map((g) => this.uow.read.org.findRegion(g.regionPath.split('.').at(-1)!)));
      if (!regions.some((r) => r && (r.level === 'province' || r.level === 'city' || r.level === 'county'))) {
        throw new AppError('FORBIDDEN', {
          zh: '审计日志仅对县级及以上、不限部门的管理员和督查开放',
          en: 'The audit log is open to county-wide (or wider) administrators and supervisors only',
        });
      }
    }
    return this.uow.read.audit.latest(filter);
  }
}
