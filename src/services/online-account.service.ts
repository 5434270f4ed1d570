/**
 * Online accounts (一网通办): a member of the public signs in with a mobile number and a one-time
 * code, or through the province's OIDC platform (统一身份认证), and binds their real name and
 * resident ID once.
 *
 * Codes: six digits, kept only as a keyed HMAC (the data key's digest), alive five minutes, dead
 * after five wrong tries or one use, and only the newest code of a number counts. Sending is
 * limited per number (one a minute, ten a day) and per client address, with counters shared by all
 * processes; the answer is the same for every number, known or not. The code leaves through the
 * outbox (`otp.requested`), in the transaction that stored its hash; the SMS sender reads it there.
 *
 * A binding made online is `unverified`: anyone holding a name and an ID number can type them, so
 * results that need identity stay closed to it (`requireVerified`). The OIDC platform's word makes
 * it `verified`. A person is bound to one account at most, and a binding is never changed online.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { clientSubject } from '../domain/attempt-limits.ts';
import { AppError } from '../domain/errors.ts';
import { bindingIdProblemText, checkResidentIdForBinding, codeRules, isMobile, maskPhone, sameName, type BindingState, type CodePurpose, type VerificationMethod } from '../domain/online-identity.ts';
import { maskResidentId } from '../domain/resident-id.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { OnlineAccountRecord } from '../repositories/online.repository.ts';
import { assertMayAnywhere, notFound, scopesFor, type Actor, type Clock, type OnlineAccount } from './actor.ts';
import { chinaTime, tooManyAttempts, type AttemptLimiter, type LimitedKey } from './attempt-limiter.ts';
import { sha256 } from './auth.service.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { guardUnique } from './org.service.ts';
import { performWrite, type WriteOptions, type WriteScope } from './write.ts';

type Uses = (typeof OnlineAccountService.repositories)[number];

export interface OnlineAccountServiceOptions {
  uow: UnitOfWork<Uses>;
  clock: Clock;
  limiter: AttemptLimiter;
  ids: IdProtector;
  /**
   * Answer each sent code in the response (`demoCode`). Only for the demo and the browser journeys,
   * where no SMS leaves (`serve --demo` with the log provider); never in production. Default false.
   */
  exposeCodes?: boolean;
  /** How long a session lives. Default: 24 hours. */
  sessionTtlMs?: number;
}

export interface CodeSent {
  /** Always true: the answer is the same for every number. */
  sent: true;
  expiresAt: Date;
  resendAfterSeconds: number;
  /** Only when the server exposes codes (demo): the code itself. */
  demoCode?: string;
}

/** The signed-in account as its owner sees it: the ID masked. */
export interface AccountView {
  accountId: string;
  phone: string;
  binding: BindingState;
  verifiedBy: VerificationMethod | null;
  person: { applicantId: string; name: string; idMasked: string } | null;
  boundAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** The organisation this request acts for (`X-Acting-For`), when it names one. */
  actingFor?: { applicantId: string; role: 'legal_representative' | 'handler' } | null;
}

/** An online account as the counter sees it after verifying the person: the number masked. */
export interface CounterVerified {
  accountId: string;
  phone: string;
  binding: BindingState;
  verifiedBy: VerificationMethod | null;
}

export interface ApplicantSignedIn {
  token: string;
  expiresAt: Date;
  account: AccountView;
}

/** Claims an OIDC platform vouches for, already read from its ID token or userinfo. */
export interface VouchedIdentity {
  issuer: string;
  subject: string;
  phone?: string;
  name?: string;
  residentId?: string;
}

const counterAdvice = { zh: '如需更改,请携带身份证到政务服务窗口办理', en: 'To change it, bring your ID card to a service counter' };

function accountView(record: OnlineAccountRecord): AccountView {
  return {
    accountId: record.id,
    phone: record.phone,
    binding: record.binding,
    verifiedBy: record.verifiedBy,
    person: record.applicantId ? { applicantId: record.applicantId, name: record.personName ?? '', idMasked: record.personIdMasked ?? '' } : null,
    boundAt: record.boundAt,
    createdAt: record.createdAt,
    lastSignInAt: record.lastSignInAt,
  };
}

/** The account behind an applicant actor, or 403 for anyone else. */
export function onlineAccountOf(actor: Actor): OnlineAccount {
  if (actor.kind !== 'applicant' || !actor.account) throw new AppError('FORBIDDEN', { zh: '该功能仅供网上办事的申请人使用', en: 'Only applicants signed in online may use this' });
  return actor.account;
}

/** Who writes before an account is known (a code sent, a first sign-in): the number, masked. */
function anonymousApplicant(phone: string): Actor {
  return { kind: 'applicant', id: null, name: maskPhone(phone), grants: [] };
}

function normalisePhone(phone: string): string {
  const digits = phone
    .trim()
    .replace(/^\+?86/, '')
    .replace(/[\s-]/g, '');
  if (!isMobile(digits)) throw new AppError('VALIDATION_FAILED', { zh: '请填写11位手机号码', en: 'Enter an 11-digit mobile number' }, [{ field: 'phone', problem: 'format' }]);
  return digits;
}

function codeInvalid(zh: string, en: string, left?: number): AppError {
  return new AppError('CODE_INVALID', { zh, en }, left === undefined ? undefined : { triesLeft: left });
}

/**
 * Uses a checked code inside the caller's transaction (sign-in, or a confirmation such as an agent
 * authorisation's): throws CODE_INVALID when another request used it first.
 */
export async function consumeCode(repos: Pick<Repositories, 'online'>, codeId: string, now: Date): Promise<void> {
  if (!(await repos.online.consumeCode(codeId, now, codeRules.maxWrongTries))) throw codeInvalid('验证码已使用或已失效,请重新获取', 'The code was already used or has expired; ask for a new one');
}

export class OnlineAccountService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['online', 'applicants', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly limiter: AttemptLimiter;
  private readonly ids: IdProtector;
  private readonly sessionTtlMs: number;
  /** Whether sent codes are answered in the response (demo only). */
  readonly exposeCodes: boolean;
  private lastPrune = 0;

  constructor(options: OnlineAccountServiceOptions) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.limiter = options.limiter;
    this.ids = options.ids;
    this.exposeCodes = options.exposeCodes ?? false;
    this.sessionTtlMs = options.sessionTtlMs ?? 24 * 60 * 60 * 1000;
  }

  private codeHash(phone: string, purpose: CodePurpose, subjectId: string | null, code: string): string {
    return this.ids.digest(`one-time-code\n${phone}\n${purpose}\n${subjectId ?? ''}\n${code}`);
  }

  /**
   * Sends a one-time code to `phone` for `purpose` (and, for a confirmation, the thing it
   * confirms). The same answer for every number; 429 while the number or the client must wait.
   */
  async sendCode(input: { phone: string; purpose: CodePurpose; subjectId?: string | null; ip: string }): Promise<CodeSent> {
    const phone = normalisePhone(input.phone);
    const subjectId = input.subjectId ?? null;
    const keys: LimitedKey[] = [
      { kind: 'codePhone', subject: phone },
      { kind: 'codePhoneDay', subject: phone },
      { kind: 'codeClient', subject: clientSubject(input.ip) },
    ];
    const { blocked } = await this.limiter.reserve(keys);
    if (blocked) {
      const now = this.clock.now();
      const seconds = Math.max(1, Math.ceil((blocked.until.getTime() - now.getTime()) / 1000));
      const words = {
        codePhone: { zh: `验证码发送过于频繁,请 ${seconds} 秒后再试`, en: `A code was just sent to this number; try again in ${seconds} s` },
        codePhoneDay: { zh: `该手机号今日获取验证码次数已达上限,请于 ${chinaTime(blocked.until, now)} 后再试`, en: `This number has had today's codes; try again in ${seconds} s` },
        codeClient: { zh: `此网络地址获取验证码过于频繁,请于 ${chinaTime(blocked.until, now)} 后再试`, en: `Too many codes asked for from this address; try again in ${seconds} s` },
      } as Record<string, { zh: string; en: string }>;
      throw tooManyAttempts(blocked, now, words[blocked.kind] ?? words.codeClient!);
    }
    const code = String(randomInt(0, 10 ** codeRules.digits)).padStart(codeRules.digits, '0');
    const sent = await performWrite(this.uow, this.clock, { actor: anonymousApplicant(phone) }, async ({ repos, now, record }) => {
      const expiresAt = new Date(now.getTime() + codeRules.ttlMs);
      const id = await repos.online.insertCode({ phone, purpose: input.purpose, subjectId, codeHash: this.codeHash(phone, input.purpose, subjectId, code), at: now, expiresAt });
      // The audit row never holds the code; the outbox row does, until the SMS sender has sent and blanked it.
      await record({
        action: 'online.code_requested',
        entityType: 'one_time_code',
        entityId: id,
        payload: { phone: maskPhone(phone), purpose: input.purpose, subjectId },
        scope: null,
        events: [{ topic: 'otp.requested', payload: { codeId: id, phone, code, purpose: input.purpose, subjectId, expiresAt: expiresAt.toISOString() } }],
      });
      return { sent: true as const, expiresAt, resendAfterSeconds: codeRules.resendAfterMs / 1000, ...(this.exposeCodes ? { demoCode: code } : {}) };
    });
    await this.pruneNow();
    return sent;
  }

  /** At most once an hour per process: codes and sessions expired a day ago go. */
  private async pruneNow(): Promise<void> {
    const now = this.clock.now().getTime();
    if (Math.abs(now - this.lastPrune) < 60 * 60_000) return;
    this.lastPrune = now;
    await this.uow.read.online.pruneExpired(new Date(now - 24 * 60 * 60_000));
  }

  /**
   * Checks a code without using it: its id, for {@link consumeCode} in the caller's transaction. A
   * wrong code counts against the code (five and it dies) and the client address, in a transaction
   * of its own so the count stays when the request fails.
   */
  async checkCode(input: { phone: string; purpose: CodePurpose; subjectId?: string | null; code: string; ip: string }): Promise<{ codeId: string; phone: string }> {
    const phone = normalisePhone(input.phone);
    const subjectId = input.subjectId ?? null;
    const client: LimitedKey = { kind: 'codeCheckClient', subject: clientSubject(input.ip) };
    const { blocked } = await this.limiter.reserve([client]);
    if (blocked) {
      const now = this.clock.now();
      throw tooManyAttempts(blocked, now, { zh: `此网络地址验证码错误次数过多,请于 ${chinaTime(blocked.until, now)} 后再试`, en: 'Too many wrong codes from this address; try again later' });
    }
    const code = input.code.trim();
    const outcome = await this.uow.transaction(async (repos) => {
      const now = this.clock.now();
      const newest = await repos.online.lockNewestCode(phone, input.purpose, subjectId);
      if (!newest || newest.consumedAt || newest.expiresAt <= now || newest.attempts >= codeRules.maxWrongTries) return { kind: 'dead' as const };
      const expected = Buffer.from(newest.codeHash, 'hex');
      const given = Buffer.from(this.codeHash(phone, input.purpose, subjectId, code), 'hex');
      if (/^\d{6}$/.test(code) && expected.length === given.length && timingSafeEqual(expected, given)) return { kind: 'right' as const, id: newest.id };
      const attempts = await repos.online.countWrongTry(newest.id);
      return { kind: 'wrong' as const, left: codeRules.maxWrongTries - attempts };
    });
    if (outcome.kind === 'dead') throw codeInvalid('验证码已失效或未发送,请重新获取', 'No live code for this number: ask for a new one');
    if (outcome.kind === 'wrong') {
      throw outcome.left > 0
        ? codeInvalid(`验证码错误,还可再试 ${outcome.left} 次`, `Wrong code; ${outcome.left} tries left`, outcome.left)
        : codeInvalid('验证码错误次数过多,已失效,请重新获取', 'Too many wrong tries: the code is dead; ask for a new one', 0);
    }
    await this.limiter.succeeded([{ key: client, settle: 'refund' }]);
    return { codeId: outcome.id, phone };
  }

  /** Signs in with a number and its code; the number's account is made at its first sign-in. */
  async signIn(input: { phone: string; code: string; ip: string; userAgent: string }): Promise<ApplicantSignedIn> {
    const { codeId, phone } = await this.checkCode({ phone: input.phone, purpose: 'sign_in', code: input.code, ip: input.ip });
    const token = randomBytes(32).toString('base64url');
    return performWrite(this.uow, this.clock, { actor: anonymousApplicant(phone) }, async ({ repos, now, record }) => {
      await consumeCode(repos, codeId, now);
      const { id, created } = await repos.online.upsertAccount(phone, now);
      const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
      await repos.online.insertSession({ tokenHash: sha256(token), accountId: id, method: 'code', at: now, expiresAt, ip: input.ip, userAgent: input.userAgent.slice(0, 300) });
      await record({ action: 'online.signed_in', entityType: 'online_account', entityId: id, payload: { phone: maskPhone(phone), method: 'code', firstTime: created }, scope: null });
      return { token, expiresAt, account: accountView((await repos.online.findAccount(id))!) };
    });
  }

  /**
   * Signs in with what an OIDC platform vouched for. Its user is linked to the account of the
   * number it gives (made if new); a name and resident ID it gives bind the account, verified.
   */
  async signInVouched(input: VouchedIdentity & { ip: string; userAgent: string }): Promise<ApplicantSignedIn> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const checked = input.residentId ? checkResidentIdForBinding(input.residentId, today) : undefined;
    const token = randomBytes(32).toString('base64url');
    return performWrite(this.uow, this.clock, { actor: { kind: 'applicant', id: null, name: `oidc:${input.subject}`.slice(0, 100), grants: [] } }, async ({ repos, now, record }) => {
      let accountId = await repos.online.findOidcAccount(input.issuer, input.subject);
      if (!accountId) {
        if (!input.phone || !isMobile(input.phone.replace(/^\+?86/, ''))) {
          throw new AppError('BAD_REQUEST', { zh: '统一身份认证平台未提供手机号,请改用手机验证码登录', en: 'The identity platform gave no mobile number; sign in with a code instead' });
        }
        accountId = (await repos.online.upsertAccount(input.phone.replace(/^\+?86/, ''), now)).id;
        await repos.online.linkOidc({ issuer: input.issuer, subject: input.subject, accountId, at: now });
      } else {
        await repos.online.linkOidc({ issuer: input.issuer, subject: input.subject, accountId, at: now });
        await repos.online.touchAccount(accountId, now);
      }
      const account = (await repos.online.findAccount(accountId))!;
      if (checked?.ok && input.name?.trim()) {
        await this.bindIn(repos, account, { name: input.name.trim(), id: checked.id, facts: checked.facts }, { verifiedBy: 'oidc', at: now, record });
      }
      const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
      await repos.online.insertSession({ tokenHash: sha256(token), accountId, method: 'oidc', at: now, expiresAt, ip: input.ip, userAgent: input.userAgent.slice(0, 300) });
      await record({ action: 'online.signed_in', entityType: 'online_account', entityId: accountId, payload: { phone: maskPhone(account.phone), method: 'oidc', issuer: input.issuer }, scope: null });
      return { token, expiresAt, account: accountView((await repos.online.findAccount(accountId))!) };
    });
  }

  async signOut(token: string, actor: Actor): Promise<void> {
    const account = onlineAccountOf(actor);
    await performWrite(this.uow, this.clock, { actor }, async ({ repos, record }) => {
      await repos.online.deleteSession(sha256(token));
      await record({ action: 'online.signed_out', entityType: 'online_account', entityId: account.accountId, scope: null });
    });
  }

  /**
   * The actor behind an applicant session, or undefined when the token is unknown or expired.
   * `actingFor` (the `X-Acting-For` header): an organisation the account's person represents or
   * handles for; 403 when they do not.
   */
  async authenticateSession(token: string, actingFor?: string): Promise<Actor | undefined> {
    const record = await this.uow.read.online.findSessionAccount(sha256(token), this.clock.now());
    if (!record) return undefined;
    const account: OnlineAccount = { accountId: record.id, phone: record.phone, applicantId: record.applicantId, verified: record.binding === 'verified' };
    if (actingFor !== undefined) {
      const forbiddenToAct = new AppError('FORBIDDEN', { zh: '您不是该单位的法定代表人或授权经办人,不能代其办理', en: 'You are neither the legal representative nor an authorised handler of this organisation' });
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actingFor) || !record.applicantId) throw forbiddenToAct;
      const row = await this.uow.read.online.findLiveHandler(actingFor.toLowerCase(), record.applicantId);
      if (!row) throw forbiddenToAct;
      account.actingFor = { applicantId: row.organisationId, role: row.role };
    }
    return { kind: 'applicant', id: record.id, name: maskPhone(record.phone), displayName: record.personName ?? maskPhone(record.phone), grants: [], account };
  }

  async me(actor: Actor): Promise<AccountView> {
    const account = onlineAccountOf(actor);
    const record = await this.uow.read.online.findAccount(account.accountId);
    if (!record) throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
    return { ...accountView(record), actingFor: account.actingFor ?? null };
  }

  /**
   * Binds the signed-in account to a person by name and resident ID (GB 11643): to the applicant
   * already on file with that ID, or a new one. Unverified; once only.
   */
  async bindIdentity(options: WriteOptions, input: { name: string; residentId: string }): Promise<AccountView> {
    const account = onlineAccountOf(options.actor);
    const name = input.name.trim();
    if (name.length < 2 || name.length > 50) throw new AppError('VALIDATION_FAILED', { zh: '请填写身份证上的姓名(2到50个字)', en: 'Enter the name as on the ID card (2 to 50 characters)' }, [{ field: 'name', problem: 'length' }]);
    const checked = checkResidentIdForBinding(input.residentId, this.clock.now().toISOString().slice(0, 10));
    if (!checked.ok) {
      const why = bindingIdProblemText[checked.problem];
      throw new AppError('VALIDATION_FAILED', { zh: `居民身份证号码无效:${why.zh}`, en: `Invalid resident ID number: ${why.en}` }, [{ field: 'residentId', problem: checked.problem }]);
    }
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const current = await repos.online.findAccount(account.accountId);
      if (!current) throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
      await this.bindIn(repos, current, { name, id: checked.id, facts: checked.facts }, { verifiedBy: null, at: now, record });
      return accountView((await repos.online.findAccount(account.accountId))!);
    });
  }

  /**
   * 窗口核验: a clerk holding the person's ID card verifies the online account bound to them. The
   * number read from the card must be the one bound (compared by fingerprint). Open to the front
   * desk anywhere: people show their card at whichever hall they reach.
   */
  async verifyAtCounter(options: WriteOptions, applicantId: string, input: { idNumber: string }): Promise<CounterVerified> {
    assertMayAnywhere(options.actor, 'applicant.register');
    const scopes = scopesFor(options.actor, 'applicant.register');
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, record }) => {
      const person = await repos.applicants.findById(applicantId);
      if (person?.kind !== 'person') throw notFound({ zh: '申请人', en: 'Applicant' });
      const account = await repos.online.findAccountByApplicant(applicantId);
      if (!account) throw notFound({ zh: '该申请人的网上办事账号', en: "The applicant's online account" });
      const carded = await repos.applicants.findByFingerprint(this.ids.fingerprint(input.idNumber.trim().toUpperCase()));
      if (carded?.id !== applicantId) {
        throw new AppError('VALIDATION_FAILED', { zh: '身份证号码与该账号绑定的实名信息不符,不能核验', en: 'The ID number does not match the person the account is bound to' }, [{ field: 'idNumber', problem: 'mismatch' }]);
      }
      const verifiedNow = await repos.online.verify(account.id, 'counter', ['unverified']);
      await record({
        action: 'online.identity_verified',
        entityType: 'online_account',
        entityId: account.id,
        payload: { applicantId, id: person.idMasked, verifiedBy: verifiedNow ? 'counter' : account.verifiedBy, already: !verifiedNow },
        scope: scopes === 'all' ? null : (scopes[0] ?? null),
      });
      const after = (await repos.online.findAccount(account.id))!;
      return { accountId: after.id, phone: maskPhone(after.phone), binding: after.binding, verifiedBy: after.verifiedBy };
    });
  }

  /** The binding itself, in the caller's transaction; `verifiedBy` null binds unverified. */
  private async bindIn(
    repos: Pick<Repositories, Uses>,
    account: OnlineAccountRecord,
    person: { name: string; id: string; facts: { sex: 'male' | 'female'; birthDate: string } },
    how: { verifiedBy: VerificationMethod | null; at: Date; record: WriteScope['record'] },
  ): Promise<void> {
    const fingerprint = this.ids.fingerprint(person.id);
    const masked = maskResidentId(person.id);
    const onFile = await repos.applicants.findByFingerprint(fingerprint);
    if (account.binding !== 'unbound') {
      // Bound already: only the platform's word on the same person may verify it; anything else is for a counter.
      if (how.verifiedBy && onFile && account.applicantId === onFile.id) {
        if (account.binding !== 'verified') {
          await repos.online.bind(account.id, { applicantId: onFile.id, binding: 'verified', verifiedBy: how.verifiedBy, at: how.at, from: ['unverified'] });
          await how.record({ action: 'online.identity_verified', entityType: 'online_account', entityId: account.id, payload: { applicantId: onFile.id, id: masked, verifiedBy: how.verifiedBy }, scope: null });
        }
        return;
      }
      throw new AppError('IDENTITY_ALREADY_BOUND', {
        zh: `您的账号已实名为 ${account.personName ?? ''}(${account.personIdMasked ?? ''}),不能在网上更改。${counterAdvice.zh}`,
        en: `Your account is already bound to ${account.personIdMasked ?? 'a person'}; it cannot be changed online. ${counterAdvice.en}`,
      });
    }
    if (onFile && !sameName(onFile.name, person.name)) {
      throw new AppError('VALIDATION_FAILED', { zh: '姓名与身份证号码不符,请核对。确认无误的,请携带身份证到政务服务窗口核验', en: 'The name does not match the ID number; check both, or have them checked at a service counter' }, [
        { field: 'name', problem: 'mismatch' },
      ]);
    }
    if (onFile) {
      const other = await repos.online.findAccountByApplicant(onFile.id);
      if (other && other.id !== account.id) {
        throw new AppError('IDENTITY_BOUND_ELSEWHERE', {
          zh: `该身份已绑定另一个手机号(${maskPhone(other.phone)})的账号,一人只能绑定一个账号。如非本人操作或需更换手机号,请携带身份证到政务服务窗口办理`,
          en: `This person is already bound to another account (${maskPhone(other.phone)}); one person, one account. If that was not you, or to change the number, bring your ID card to a service counter`,
        });
      }
    }
    const applicantId =
      onFile?.id ??
      (await guardUnique(
        () =>
          repos.applicants.insert({
            kind: 'person',
            name: person.name,
            idFingerprint: fingerprint,
            idSealed: this.ids.seal(person.id),
            idMasked: masked,
            uscc: null,
            legalRepresentative: '',
            phone: account.phone,
            address: '',
            gender: person.facts.sex,
            birthDate: person.facts.birthDate,
            regionCode: null,
            at: how.at,
          }),
        { zh: '该身份刚被登记,请重试', en: 'This person was registered meanwhile; try again' },
      ));
    if (!onFile) await how.record({ action: 'applicant.registered', entityType: 'applicant', entityId: applicantId, payload: { kind: 'person', name: person.name, id: masked, channel: 'online' }, scope: null });
    const bound = await guardUnique(() => repos.online.bind(account.id, { applicantId, binding: how.verifiedBy ? 'verified' : 'unverified', verifiedBy: how.verifiedBy, at: how.at, from: ['unbound'] }), {
      zh: `该身份已绑定其他账号。${counterAdvice.zh}`,
      en: `This person is bound to another account. ${counterAdvice.en}`,
    });
    if (!bound) throw new AppError('IDENTITY_ALREADY_BOUND', { zh: `您的账号已实名,不能在网上更改。${counterAdvice.zh}`, en: `Your account is already bound; it cannot be changed online. ${counterAdvice.en}` });
    await how.record({ action: 'online.identity_bound', entityType: 'online_account', entityId: account.id, payload: { applicantId, id: masked, verifiedBy: how.verifiedBy }, scope: null });
  }
}
