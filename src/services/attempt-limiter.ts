/**
 * Guessing limits shared by every server process (DESIGN §9). A use case that checks a secret
 * reserves an attempt on each of its counters first, checks the secret, and on success gives the
 * attempt back; a failure keeps it. Counters live in `attempt_counters`, so two processes behind
 * one load balancer count the same guesses.
 *
 * Counter writes are bookkeeping, not changes to the record: they run in their own short
 * transaction, not through `performWrite`, so a flood of wrong guesses never lengthens the audit
 * chain (whose appends are serialised by one lock). The staff action that lifts a lock is audited.
 *
 * @example
 * const keys = [{ kind: 'signInAccount', subject: 'admin' }, { kind: 'signInClient', subject: clientSubject(ip) }] as const;
 * const reservation = await limiter.reserve(keys);
 * if (reservation.blocked) throw tooManyAttempts(reservation.blocked.until);
 * if (!(await checkPassword())) throw wrongPassword();          // the attempt stays counted
 * await limiter.succeeded([{ key: keys[0], settle: 'clear' }, { key: keys[1], settle: 'refund' }]);
 */
import { AppError } from '../domain/errors.ts';
import { attemptPolicies, attemptRetentionMs, blockedUntil, refundAttempt, reserveAttempt, type AttemptKind, type AttemptPolicy } from '../domain/attempt-limits.ts';
import { chinaClock, chinaDate } from '../domain/china-time.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { Clock } from './actor.ts';

type Uses = (typeof AttemptLimiter.repositories)[number];

export interface LimitedKey {
  kind: AttemptKind;
  subject: string;
}

export interface Blocked {
  kind: AttemptKind;
  subject: string;
  until: Date;
}

export interface AttemptLimiterOptions {
  uow: UnitOfWork<Uses>;
  clock: Clock;
  policies?: Partial<Record<AttemptKind, AttemptPolicy>>;
}

class BlockedSignal {
  readonly blocked: Blocked;
  constructor(blocked: Blocked) {
    this.blocked = blocked;
  }
}

const pruneEveryMs = 60 * 60_000;

function ordered<T extends { kind: string; subject: string }>(keys: readonly T[]): T[] {
  return [...keys].sort((a, b) => (a.kind === b.kind ? a.subject.localeCompare(b.subject) : a.kind.localeCompare(b.kind)));
}

export class AttemptLimiter {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['attempts'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly policies: Record<AttemptKind, AttemptPolicy>;
  private lastPrune = 0;

  constructor(options: AttemptLimiterOptions) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.policies = { ...attemptPolicies, ...options.policies };
  }

  policy(kind: AttemptKind): AttemptPolicy {
    return this.policies[kind];
  }

  /**
   * Counts one attempt on every key, or none when any of them is blocked: then it names the
   * counter that blocks the longest, and when it lets go.
   */
  async reserve(keys: readonly LimitedKey[]): Promise<{ blocked: Blocked | null }> {
    const now = this.clock.now();
    try {
      await this.uow.transaction(async (repos) => {
        // Locked in one order, so two processes reserving the same keys never deadlock.
        const states = [];
        for (const key of ordered(keys)) states.push({ key, state: await repos.attempts.lock(key, now) });
        let longest: Blocked | null = null;
        for (const { key, state } of states) {
          const until = blockedUntil(this.policies[key.kind], state, now);
          if (until && (!longest || until > longest.until)) longest = { ...key, until };
        }
        // Thrown to roll back the empty counters `lock` may have created.
        if (longest) throw new BlockedSignal(longest);
        for (const { key, state } of states) await repos.attempts.save(key, reserveAttempt(this.policies[key.kind], state, now));
      });
    } catch (error) {
      if (error instanceof BlockedSignal) return { blocked: error.blocked };
      throw error;
    }
    await this.pruneNow(now);
    return { blocked: null };
  }

  /**
   * The reserved attempts were right: `clear` forgets the counter (the secret's owner proved
   * themselves), `refund` gives the one attempt back (a client address that others share).
   */
  async succeeded(settlements: readonly { key: LimitedKey; settle: 'clear' | 'refund' }[]): Promise<void> {
    const now = this.clock.now();
    await this.uow.transaction(async (repos) => {
      for (const { settle, ...key } of ordered(settlements.map((s): LimitedKey & { settle: 'clear' | 'refund' } => ({ ...s.key, settle: s.settle })))) {
        if (settle === 'clear') {
          await repos.attempts.remove(key);
        } else {
          const state = await repos.attempts.lock(key, now);
          await repos.attempts.save(key, refundAttempt(this.policies[key.kind], state));
        }
      }
    });
  }

  /** Forgets a counter inside the caller's transaction (a staff reset that lifts a lock). */
  async clearIn(repos: Pick<Repositories, Uses>, key: LimitedKey): Promise<void> {
    await repos.attempts.remove(key);
  }

  /** When `key` lets the next attempt through, or null when it does now. */
  async blockedUntil(key: LimitedKey): Promise<Date | null> {
    return blockedUntil(this.policies[key.kind], await this.uow.read.attempts.find(key), this.clock.now());
  }

  /**
   * Counts one request to a rate-limited route (every request, right or wrong) in a fixed window.
   * Backs `@fastify/rate-limit`'s store, so its per-route limits hold across processes.
   */
  async hit(kind: string, subject: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.clock.now();
    const { count, windowEnd } = await this.uow.read.attempts.hit({ kind, subject }, now, windowMs);
    return { count, resetInMs: Math.max(0, windowEnd.getTime() - now.getTime()) };
  }

  private async pruneNow(now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastPrune) < pruneEveryMs) return;
    this.lastPrune = now.getTime();
    await this.uow.read.attempts.prune(new Date(now.getTime() - attemptRetentionMs), now);
  }
}

/** `until` as people in China read it: local time (UTC+8), to the minute (or second when near). */
export function chinaTime(until: Date, now: Date): string {
  const day = chinaDate(until);
  const time = chinaClock(until, { seconds: until.getTime() - now.getTime() < 120_000 });
  return day === chinaDate(now) ? time : `${day} ${time}`;
}

/** The 429 a blocked attempt gets: its words, and when to come back (the HTTP layer sends it as Retry-After). */
export function tooManyAttempts(blocked: Pick<Blocked, 'until'>, now: Date, message: { zh: string; en: string }): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((blocked.until.getTime() - now.getTime()) / 1000));
  return new AppError('RATE_LIMITED', message, { retryAfterSeconds, until: blocked.until.toISOString() });
}
