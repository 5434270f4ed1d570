/**
 * Every change is one transaction: guard, change, audit row, outbox rows, and the idempotency
 * record of the client's key. A replay of the same key returns the first result; the same key with
 * a different request is refused.
 */
import { canonicalJson } from '../domain/audit-chain.ts';
import { AppError } from '../domain/errors.ts';
import type { RecordScope } from '../domain/permissions.ts';
import type { AuditEntry } from '../repositories/audit.repository.ts';
import type { Repositories, RepositoryName, UnitOfWork } from '../repositories/index.ts';
import type { Actor, Clock } from './actor.ts';

export interface WriteOptions {
  actor: Actor;
  /** The client's `Idempotency-Key`, if it sent one. */
  idempotencyKey?: string;
  /** A digest of the request, so that a key reused for another request is caught. */
  requestHash?: string;
  /** For timed jobs: a run that found nothing to change writes nothing, not even an audit row. */
  mayChangeNothing?: boolean;
}

/**
 * Results are stored for replay as JSON with their dates marked, so a replay gives back the same
 * shapes (Dates included) as the first call.
 */
export function encodeResult(result: unknown): unknown {
  return JSON.parse(
    JSON.stringify(result ?? null, function (this: Record<string, unknown>, key, value) {
      const raw = this[key];
      return raw instanceof Date ? { $date: raw.toISOString() } : value;
    }),
  );
}

export function decodeResult(stored: unknown): unknown {
  return JSON.parse(JSON.stringify(stored), (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$date') return new Date((value as { $date: string }).$date);
    }
    return value;
  });
}

export interface Change {
  action: string;
  entityType: string;
  entityId: string;
  payload?: Record<string, unknown>;
  /**
   * Where the record lies and which department owns it: the audit row is read by those whose
   * grants cover it (`audit.read`). `null` for a platform-wide change, read only at the root region.
   */
  scope: RecordScope | null;
  /** Events for other parts of the platform and external systems, delivered after commit. */
  events?: { topic: string; payload: unknown }[];
}

export interface WriteScope<K extends RepositoryName = RepositoryName> {
  repos: Pick<Repositories, K>;
  now: Date;
  /**
   * Records the change: its outbox events now, its audit row at the end of the transaction (after
   * the work), both committed with the work or not at all.
   */
  record(change: Change): Promise<void>;
}

/**
 * @param forReplay what to keep for a replay when it must differ from the result (a secret shown
 *   once is not kept; its replay gets the redacted form).
 * @param fromReplay the result again from what `forReplay` kept (a secret kept sealed is opened).
 */
export async function performWrite<K extends RepositoryName, T>(
  uow: UnitOfWork<K | 'audit'>,
  clock: Clock,
  options: WriteOptions,
  work: (scope: WriteScope<K | 'audit'>) => Promise<T>,
  forReplay: (result: T) => T = (result) => result,
  fromReplay: (stored: T) => T = (stored) => stored,
): Promise<T> {
  const { actor, idempotencyKey } = options;
  const actorKey = `${actor.kind}:${actor.id ?? '-'}`;
  return uow.transaction(async (repos) => {
    const now = clock.now();
    if (idempotencyKey) {
      const claim = await repos.audit.claimIdempotencyKey({ actor: actorKey, key: idempotencyKey, requestHash: options.requestHash ?? '', at: now });
      if (!claim.claimed) {
        if (claim.requestHash !== (options.requestHash ?? '')) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', {
            zh: '该幂等键已用于另一个请求,请为新请求生成新的键',
            en: 'This Idempotency-Key was already used for a different request',
          });
        }
        return fromReplay(decodeResult(claim.response) as T);
      }
    }
    // Audit rows are appended last, after the work, the outbox rows and the idempotency record: the
    // chain's advisory lock serialises every writer, so it is taken as late as possible and held
    // only for the append and the commit. Rows keep the order in which the work recorded them.
    const audits: AuditEntry[] = [];
    const scope: WriteScope<K | 'audit'> = {
      repos,
      now,
      async record(change) {
        audits.push({
          at: now,
          actorKind: actor.kind,
          actorId: actor.id,
          action: change.action,
          entityType: change.entityType,
          entityId: change.entityId,
          // As it is now: the work may change the object it passed after recording it.
          payload: JSON.parse(canonicalJson(change.payload ?? {})) as Record<string, unknown>,
          regionPath: change.scope?.regionPath ?? null,
          departmentId: change.scope?.departmentId ?? null,
        });
        await repos.audit.insertOutbox(change.events ?? [{ topic: change.action, payload: { entityType: change.entityType, entityId: change.entityId } }], now, change.scope);
      },
    };
    const result = await work(scope);
    if (audits.length === 0 && !options.mayChangeNothing) throw new Error('A write must record at least one audit row');
    if (idempotencyKey) await repos.audit.completeIdempotencyKey({ actor: actorKey, key: idempotencyKey, statusCode: 200, response: encodeResult(forReplay(result)) });
    for (const entry of audits) await repos.audit.append(entry);
    return result;
  });
}
