/**
 * Rules of the online channel's identities (一网通办): mobile numbers, one-time codes, the real-name
 * binding and what an unverified binding may not do. Pure: no I/O, shared with the web app.
 *
 * @example
 * checkResidentIdForBinding('11010519491231002X', '2026-12-07'); // { ok: true, facts: {...} }
 * requireVerified({ applicantId: 'p1', verified: false }); // throws IDENTITY_NOT_VERIFIED
 */
import { AppError } from './errors.ts';
import { parseResidentId, type ResidentIdFacts } from './resident-id.ts';

/** A mainland mobile number: 11 digits starting 13–19. */
export const mobilePattern = /^1[3-9]\d{9}$/;

export function isMobile(phone: string): boolean {
  return mobilePattern.test(phone);
}

/** `139****1234`, for screens, logs and audit rows. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '*'.repeat(phone.length);
}

export const codePurposes = ['sign_in', 'confirm'] as const;
export type CodePurpose = (typeof codePurposes)[number];

/** How one-time codes behave: 6 digits, 5 minutes, 5 wrong tries, and the waits between sends. */
export const codeRules = {
  digits: 6,
  ttlMs: 5 * 60_000,
  maxWrongTries: 5,
  /** The web app's resend countdown, the same as the per-number limit. */
  resendAfterMs: 60_000,
} as const;

export const bindingStates = ['unbound', 'unverified', 'verified'] as const;
export type BindingState = (typeof bindingStates)[number];

export const verificationMethods = ['oidc', 'counter'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

export const businessRoles = ['legal_representative', 'handler'] as const;
export type BusinessRole = (typeof businessRoles)[number];

export const businessRoleLabels: Record<BusinessRole, { zh: string; en: string }> = {
  legal_representative: { zh: '法定代表人', en: 'Legal representative' },
  handler: { zh: '授权经办人', en: 'Authorised handler' },
};

export const bindingLabels: Record<BindingState, { zh: string; en: string }> = {
  unbound: { zh: '未实名', en: 'Not bound' },
  unverified: { zh: '已实名(未核验)', en: 'Bound, not verified' },
  verified: { zh: '已实名核验', en: 'Verified' },
};

/** GB/T 2260 province-level codes: the first two digits of every resident ID. */
const provinceCodes = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

export type BindingIdProblem = 'format' | 'birth_date' | 'check_char' | 'region';

/**
 * A resident ID as real-name binding accepts it (GB 11643): 18 characters, a birth date that exists
 * and is not after `today`, a province that exists, and the check character.
 */
export function checkResidentIdForBinding(value: string, today: string): { ok: true; id: string; facts: ResidentIdFacts } | { ok: false; problem: BindingIdProblem } {
  const parsed = parseResidentId(value, today);
  if (!parsed.ok) return parsed;
  if (!provinceCodes.has(parsed.facts.regionCode.slice(0, 2)) || parsed.facts.regionCode.slice(2) === '0000') return { ok: false, problem: 'region' };
  return { ok: true, id: value.trim().toUpperCase(), facts: parsed.facts };
}

export const bindingIdProblemText: Record<BindingIdProblem, { zh: string; en: string }> = {
  format: { zh: '应为18位,前17位为数字,末位为数字或X', en: '18 characters: 17 digits, then a digit or X' },
  birth_date: { zh: '其中的出生日期不存在', en: 'the birth date in it does not exist' },
  check_char: { zh: '末位校验码不符合 GB 11643,请核对', en: 'the check character does not match (GB 11643)' },
  region: { zh: '前6位不是有效的行政区划代码', en: 'the first six digits are not a region code' },
};

/** Names compared as people write them: spaces (half or full width) aside. */
export function sameName(a: string, b: string): boolean {
  return a.replace(/[\s\u3000]/g, '') === b.replace(/[\s\u3000]/g, '');
}

/**
 * The guard for results that need the person's identity (e-licences, results handed to the
 * holder): an account must be bound to a person and the binding verified (by the OIDC platform or
 * at a counter). Throws IDENTITY_NOT_VERIFIED, saying how to get verified.
 */
export function requireVerified(account: { applicantId: string | null; verified: boolean }): asserts account is { applicantId: string; verified: true } {
  if (!account.applicantId) {
    throw new AppError('IDENTITY_NOT_VERIFIED', { zh: '请先完成实名认证(姓名和身份证号码)', en: 'Bind your real name and resident ID first' }, { binding: 'unbound' });
  }
  if (!account.verified) {
    throw new AppError(
      'IDENTITY_NOT_VERIFIED',
      {
        zh: '您的实名信息尚未核验,不能领取需要核验身份的结果。请通过统一身份认证登录,或携带身份证到政务服务窗口核验',
        en: 'Your real-name binding is not verified, so results that need identity cannot be received. Sign in through the unified identity platform, or have it verified at a service counter',
      },
      { binding: 'unverified' },
    );
  }
}
