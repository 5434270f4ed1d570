/**
 * The verification answer as the public API gives it (GET /api/licences/{identifier}/verify), and
 * the verdict words. Headline and reason are always shown in both languages: whoever holds the
 * paper, and whoever checks it, may read either.
 */
import type { z } from 'zod';
import type { publicLicenceSchema, signedSchema, verificationSchema } from '../../../../src/http/contracts/licences.ts';

export type LicenceVerification = z.input<typeof verificationSchema>;
export type VerificationReason = LicenceVerification['reason'];
export type PublicLicence = z.input<typeof publicLicenceSchema>;
/** What anyone needs to check the signature without us (docs/E-LICENCE.md). */
export type SignedBlock = z.input<typeof signedSchema>;

/**
 * The identifier in what someone typed or pasted: spaces and line breaks taken out (a long
 * identifier copied from a PDF or a chat often breaks), a whole verification address reduced to
 * the identifier after `/verify/`. Empty when nothing is left.
 *
 * @example
 * identifierFromInput(' https://zwfw.example.gov.cn/verify/1.2.156.3005.2.X\n') // '1.2.156.3005.2.X'
 */
export function identifierFromInput(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const address = /\/verify\/([^/?#]+)/.exec(compact);
  let identifier = address ? address[1]! : compact;
  try {
    identifier = decodeURIComponent(identifier);
  } catch {
    // Not percent-encoded after all: keep it as typed.
  }
  return identifier.replace(/[。．]/g, '.').toUpperCase();
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
  expired: { zh: '该证照已超过有效期', en: 'This licence has expired' },
  superseded: { zh: '该证照已变更,被新版本替代,请以新版本为准', en: 'This licence was changed and replaced by a newer version; the newer one counts' },
  key_compromised: { zh: '签发该证照的签名密钥已停用,其签名不再可信', en: 'The key that signed this licence was withdrawn; its signature is no longer trusted' },
};

/** The one-word verdict of an invalid licence, by reason (shown large). */
export const invalidVerdict: Partial<Record<VerificationReason, { zh: string; en: string }>> = {
  not_found: { zh: '未找到', en: 'Not found' },
  revoked: { zh: '已注销', en: 'Revoked' },
  expired: { zh: '已过期', en: 'Expired' },
  superseded: { zh: '已被替代', en: 'Superseded' },
};

export const licencePdfPath = (identifier: string) => `/api/licences/${encodeURIComponent(identifier)}/pdf`;
export const publicLicencePdfPath = (identifier: string) => `/api/public/licences/${encodeURIComponent(identifier)}/pdf`;
/** The name of a downloaded licence when the server does not give one. */
export const licencePdfName = (licence: { licenceType: string; identifier: string }) => `${licence.licenceType}-${licence.identifier}.pdf`;

/**
 * The shell commands that check a licence's signature with nothing but base64, curl and OpenSSL 3
 * (docs/E-LICENCE.md explains them): the signed bytes and the signature are written from the
 * answer itself, the public key fetched from its stable address.
 */
export function opensslCommands(signed: SignedBlock, origin: string): string {
  const keyUrl = /^https?:\/\//.test(signed.keyUrl) ? signed.keyUrl : `${origin}${signed.keyUrl}`;
  return [
    `echo '${signed.payloadBase64}' | base64 -d > payload.bin`,
    `echo '${signed.signature}' | base64 -d > signature.der`,
    `curl -s '${keyUrl}' > key.pem`,
    `openssl dgst -sm3 -verify key.pem -signature signature.der -sigopt distid:${signed.userId} payload.bin`,
  ].join('\n');
}
