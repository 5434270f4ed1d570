/** Staff sign-in with server-side sessions, and API keys for external systems. */
import { createHash, randomBytes } from 'node:crypto';
import { clientSubject } from '../domain/attempt-limits.ts';
import { AppError } from '../domain/errors.ts';
import type { Grant } from '../domain/roles.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { StaffMember } from '../repositories/staff.repository.ts';
import type { Actor, Clock } from './actor.ts';
import { chinaTime, tooManyAttempts, type AttemptLimiter, type LimitedKey } from './attempt-limiter.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { performWrite } from './write.ts';

type Uses = (typeof AuthService.repositories)[number];

export interface AuthServiceOptions {
  uow: UnitOfWork<Uses>;
  clock: Clock;
  limiter: AttemptLimiter;
  /** How long a session lives after sign-in. Default: 12 hours, one working day with overtime. */
  sessionTtlMs?: number;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  staff: StaffMember;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Where a member's own rows (signing in and out) are filed: their home region and department. */
function homeScope(staff: StaffMember): { regionPath: string; departmentId: string | null } | null {
  return staff.home ? { regionPath: staff.home.regionPath, departmentId: staff.home.departmentId } : null;
}

export function toGrants(staff: StaffMember): Grant[] {
  return staff.grants.map((g) => ({ role: g.role, departmentId: g.departmentId, regionPath: g.regionPath }));
}

export class AuthService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['sessions', 'staff', 'attempts', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly limiter: AttemptLimiter;
  private readonly sessionTtlMs: number;

  constructor(options: AuthServiceOptions) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.limiter = options.limiter;
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;
  }

  /**
   * Signs a staff member in. Guessing is limited per account (back-off after five failures, known
   * and unknown usernames alike, so the answer never tells which exist) and per client address
   * (failures only, so an office behind one address that signs in correctly is never held up).
   * While either waits, even the right password gets 429 with the time to wait.
   */
  async signIn(input: { username: string; password: string; ip: string; userAgent: string }): Promise<SignedIn> {
    const username = input.username.trim().toLowerCase();
    const account: LimitedKey = { kind: 'signInAccount', subject: username };
    const client: LimitedKey = { kind: 'signInClient', subject: clientSubject(input.ip) };
    const { blocked } = await this.limiter.reserve([account, client]);
    if (blocked) {
      const now = this.clock.now();
      const seconds = Math.max(1, Math.ceil((blocked.until.getTime() - now.getTime()) / 1000));
      throw tooManyAttempts(
        blocked,
        now,
        blocked.kind === 'signInAccount'
          ? {
              zh: `该账号登录失败次数过多,请 ${seconds} 秒后再试（${chinaTime(blocked.until, now)} 后）;忘记密码请联系管理员重置`,
              en: `Too many failed sign-ins to this account; try again in ${seconds} s. Forgot the password? Ask an administrator to reset it`,
            }
          : { zh: `此网络地址登录失败次数过多,请于 ${chinaTime(blocked.until, now)} 后再试`, en: `Too many failed sign-ins from this address; try again in ${seconds} s` },
      );
    }
    const credentials = await this.uow.read.staff.findCredentials(username);
    const isValid = await verifyPassword(credentials?.passwordHash ?? (await decoyHash()), input.password);
    if (!credentials || !isValid || !credentials.active) {
      throw new AppError('UNAUTHENTICATED', { zh: '用户名或密码错误', en: 'Wrong username or password' });
    }
    await this.limiter.succeeded([
      { key: account, settle: 'clear' },
      { key: client, settle: 'refund' },
    ]);
    const token = randomBytes(32).toString('base64url');
    const actor: Actor = { kind: 'staff', id: credentials.id, name: input.username, grants: [] };
    return performWrite(this.uow, this.clock, { actor }, async ({ repos, now, record }) => {
      const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
      await repos.sessions.insert({ tokenHash: sha256(token), staffId: credentials.id, createdAt: now, expiresAt, ip: input.ip, userAgent: input.userAgent.slice(0, 300) });
      const staff = (await repos.staff.findById(credentials.id))!;
      await record({ action: 'staff.signed_in', entityType: 'staff', entityId: credentials.id, payload: { ip: input.ip }, scope: homeScope(staff) });
      return { token, expiresAt, staff };
    });
  }

  async signOut(token: string, actor: Actor): Promise<void> {
    await performWrite(this.uow, this.clock, { actor }, async ({ repos, record }) => {
      await repos.sessions.delete(sha256(token));
      const staff = actor.id ? await repos.staff.findById(actor.id) : undefined;
      await record({ action: 'staff.signed_out', entityType: 'staff', entityId: actor.id ?? '', scope: staff ? homeScope(staff) : null });
    });
  }

  /** The actor behind a session token, or undefined when the token is unknown, expired or its account disabled. */
  async authenticateSession(token: string): Promise<{ actor: Actor; staff: StaffMember } | undefined> {
    const staff = await this.uow.read.sessions.findSessionStaff(sha256(token), this.clock.now());
    if (!staff) return undefined;
    return { staff, actor: { kind: 'staff', id: staff.id, name: staff.username, displayName: staff.displayName, grants: toGrants(staff) } };
  }

  /**
   * The actor behind an API key. An external system holds no staff role: its grant is the key's
   * department and region, and routes say whether a key may call them at all.
   */
  async authenticateApiKey(key: string): Promise<Actor | undefined> {
    const record = await this.uow.read.sessions.findLiveApiKey(sha256(key), this.clock.now());
    if (!record) return undefined;
    return {
      kind: 'api_key',
      id: record.id,
      name: record.name,
      grants: [],
      apiScope: { departmentId: record.departmentId, regionPath: record.regionPath },
    };
  }
}
