/**
 * The verification answer as the public API gives it (GET /api/licences/{identifier}/verify), and
 * the verdict words. Headline and reason are always shown in both languages: whoever holds the
 * paper, and whoever checks it, may read either.
 */
export type VerificationReason = 'ok' | 'not_found' | 'bad_signature' | 'tampered' | 'revoked';

export interface PublicLicence {
  identifier: string;
  licenceType: string;
  holderName: string;
  /** Masked resident ID (region code and last four) or unified social credit code. */
  holderRef: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  caseNo: string | null;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
  revokedReason: string;
}

export interface LicenceVerification {
  valid: boolean;
  reason: VerificationReason;
  licence?: PublicLicence;
}

export const verifyApiPath = (identifier: string) => `/api/licences/${encodeURIComponent(identifier)}/verify`;
export const verifyPagePath = (identifier: string) => `/verify/${encodeURIComponent(identifier)}`;

/** The address a QR code carries: the public page on this site. */
export function licenceVerifyUrl(identifier: string, origin: string = window.location.origin): string {
  return `${origin}${verifyPagePath(identifier)}`;
}

export const verdictText = {
  valid: { zh: '证照有效', en: 'Valid' },
  invalid: { zh: '证照无效', en: 'Invalid' },
} as const;

export const reasonText: Record<VerificationReason, { zh: string; en: string }> = {
  ok: { zh: '电子签名验证通过,证照信息与签发时一致,证照处于有效状态', en: 'The electronic signature verifies, the record is as issued, and the licence is in force' },
  not_found: { zh: '未找到该证照,请核对证照标识是否完整、正确', en: 'No licence has this identifier; check that it is complete and correct' },
  bad_signature: { zh: '电子签名验证未通过,证照内容不可信', en: 'The electronic signature does not verify; the content cannot be trusted' },
  tampered: { zh: '证照信息与签发时不一致,可能已被篡改', en: 'The record differs from what was signed; it may have been altered' },
  revoked: { zh: '该证照已被注销', en: 'This licence has been revoked' },
};
