/**
 * Limits on guessing (DESIGN §9): how failed attempts at a secret (a case's query password, a
 * staff password) are counted and when the next attempt must wait. Pure rules over a counter's
 * state; the counters themselves live in the database (`attempt_counters`) so that every server
 * process sees the same counts.
 *
 * An attempt is counted *before* the secret is checked (a reservation) and given back when it
 * succeeds. So a hundred guesses sent at once are counted as a hundred, not as the handful that
 * happened to read the counter before the first failure was written.
 *
 * Two kinds of rule:
 * - `window`: at most `maxFailures` failures in a window that opens with the first failure; once
 *   spent, every attempt is refused until the window closes. Each spent window makes the next one
 *   twice as long (up to `maxWindowMs`), until the subject has been quiet for `forgetAfterMs`.
 * - `backoff`: the first `freeFailures` failures cost nothing; from then on each failure makes
 *   the next attempt wait `baseDelayMs`, then twice that, and so on up to `maxDelayMs`. A success
 *   clears it. This never locks an account for good, so an attacker cannot lock its owner out.
 */

export interface WindowPolicy {
  kind: 'window';
  maxFailures: number;
  windowMs: number;
  maxWindowMs: number;
  forgetAfterMs: number;
}

export interface BackoffPolicy {
  kind: 'backoff';
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export type AttemptPolicy = WindowPolicy | BackoffPolicy;

/** One counter: a subject (a case number, a client address, a username) under one kind of limit. */
export interface AttemptState {
  /** Attempts counted in the current window (`window`) or since the last success (`backoff`). */
  attempts: number;
  /** `window`: when the current window closes. */
  windowEnd: Date | null;
  /** `backoff`: no attempt before this instant. */
  lockedUntil: Date | null;
  /** `window`: how many windows were spent in a row (each doubles the next). */
  level: number;
  lastAt: Date;
}

const minute = 60_000;
const hour = 60 * minute;

/** The kinds of counter OneWindow keeps, and their rules. */
export const attemptPolicies = {
  /** Per case number: 5 wrong query passwords in 30 min lock that case's query (30 min, then 1 h, 2 h … 24 h). */
  caseQuery: { kind: 'window', maxFailures: 5, windowMs: 30 * minute, maxWindowMs: 24 * hour, forgetAfterMs: 24 * hour },
  /** Per client address: 20 failed progress queries (any case) in 15 min. */
  caseQueryClient: { kind: 'window', maxFailures: 20, windowMs: 15 * minute, maxWindowMs: 15 * minute, forgetAfterMs: hour },
  /** Per username (known or not): after 5 failures wait 1 s, 2 s, 4 s … at most 15 min; a success clears it. */
  signInAccount: { kind: 'backoff', freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * minute, forgetAfterMs: 24 * hour },
  /** Per client address: 30 failed sign-ins (any account) in 15 min. Successes are not counted. */
  signInClient: { kind: 'window', maxFailures: 30, windowMs: 15 * minute, maxWindowMs: 15 * minute, forgetAfterMs: hour },
  /** Per mobile number: one one-time code a minute (every send counts, known number or not). */
  codePhone: { kind: 'window', maxFailures: 1, windowMs: minute, maxWindowMs: minute, forgetAfterMs: hour },
  /** Per mobile number: ten one-time codes a day. */
  codePhoneDay: { kind: 'window', maxFailures: 10, windowMs: 24 * hour, maxWindowMs: 24 * hour, forgetAfterMs: 48 * hour },
  /** Per client address: 30 one-time codes an hour, to any numbers (an SMS bill run up from one place). */
  codeClient: { kind: 'window', maxFailures: 30, windowMs: hour, maxWindowMs: 4 * hour, forgetAfterMs: 8 * hour },
  /** Per client address: 30 wrong one-time codes in 15 min (each code also dies after 5 wrong tries). */
  codeCheckClient: { kind: 'window', maxFailures: 30, windowMs: 15 * minute, maxWindowMs: hour, forgetAfterMs: 2 * hour },
} as const satisfies Record<string, AttemptPolicy>;

export type AttemptKind = keyof typeof attemptPolicies;

/** Counters untouched for this long and not blocking anyone can be deleted. */
export const attemptRetentionMs = 48 * hour;

/** When the next attempt may be made, or null when it may be made now. */
export function blockedUntil(policy: AttemptPolicy, state: AttemptState | undefined, now: Date): Date | null {
  if (!state) return null;
  if (policy.kind === 'backoff') return state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
  return state.windowEnd && state.windowEnd > now && state.attempts >= policy.maxFailures ? state.windowEnd : null;
}

/** The counter after one more attempt is counted (call only when {@link blockedUntil} is null). */
export function reserveAttempt(policy: AttemptPolicy, state: AttemptState | undefined, now: Date): AttemptState {
  const quiet = !state || state.lastAt.getTime() <= now.getTime() - policy.forgetAfterMs;
  if (policy.kind === 'backoff') {
    const attempts = (quiet ? 0 : state.attempts) + 1;
    const over = attempts - policy.freeFailures;
    const delay = over < 0 ? 0 : Math.min(policy.baseDelayMs * 2 ** Math.min(over, 40), policy.maxDelayMs);
    return { attempts, windowEnd: null, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null, level: 0, lastAt: now };
  }
  const level = quiet ? 0 : state.level;
  const open = !quiet && state.windowEnd !== null && state.windowEnd > now;
  const windowEnd = open ? state.windowEnd! : new Date(now.getTime() + Math.min(policy.windowMs * 2 ** Math.min(level, 40), policy.maxWindowMs));
  const attempts = (open ? state.attempts : 0) + 1;
  return { attempts, windowEnd, lockedUntil: null, level: attempts === policy.maxFailures ? level + 1 : level, lastAt: now };
}

/** The counter after a reserved attempt turned out right, for a counter that keeps going (a client address). */
export function refundAttempt(policy: AttemptPolicy, state: AttemptState): AttemptState {
  if (state.attempts === 0) return state;
  const wasSpent = policy.kind === 'window' && state.attempts === policy.maxFailures;
  return { ...state, attempts: state.attempts - 1, level: wasSpent ? Math.max(0, state.level - 1) : state.level };
}

/**
 * The address a client is counted under: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber's whole network, which a single attacker holds), an IPv4-mapped IPv6 address as IPv4.
 */
export function clientSubject(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups; the prefix is all that matters here.
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, '') || '0')
    .join(':')}::/64`;
}
