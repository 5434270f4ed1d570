/**
 * E-licences (/api/licences, /api/public/licences): the verification answer anyone may read, the
 * public signing keys, revocation. docs/E-LICENCE.md explains the signed block.
 */
import { z } from 'zod';
import { verificationReasons } from '../../domain/licence-payload.ts';
import type { PublishedKey } from '../../services/licence-key.service.ts';
import { timestamp } from './common.ts';

export const identifierParam = z.strictObject({
  identifier: z.string().max(100).describe('GB/T 36904 identifier, e.g. 1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S'),
});

export const publicLicenceSchema = z.object({
  identifier: z.string(),
  licenceType: z.string(),
  licenceTypeCode: z.string().describe('defining authority USCC + 3-digit type number'),
  holderName: z.string().describe("the organisation's name for an organisation's licence"),
  holderRef: z.string().describe('masked resident ID (region code and last four) or USCC'),
  issuer: z.string(),
  issuerUscc: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable().describe('null: 长期 (no end date)'),
  caseNo: z.string().nullable(),
  version: z.number().int(),
  status: z.enum(['valid', 'revoked', 'expired', 'superseded']).describe('expired: past validUntil (date in China); superseded: replaced by a change (see replacedBy)'),
  revokedAt: timestamp.nullable(),
  revokedReason: z.string(),
  replacedBy: z.string().nullable().describe('identifier of the version that replaced this one'),
  replaces: z.string().nullable().describe('identifier of the version this one replaced'),
});

export const signedSchema = z.object({
  payload: z.string().describe('the exact signed text (UTF-8)'),
  payloadBase64: z.string().describe('the same bytes, base64'),
  algorithm: z.literal('SM2withSM3').describe('GB/T 32918.2 signature over SM3 with Z of the user id'),
  userId: z.literal('1234567812345678'),
  signature: z.string().describe('base64 of DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276)'),
  signatureEncoding: z.literal('DER'),
  keyId: z.string(),
  keyUrl: z.string().describe('the public key as PEM'),
});

export const verificationSchema = z.object({
  valid: z.boolean(),
  reason: z
    .enum(verificationReasons)
    .describe(
      'ok, not_found, bad_signature (SM2 signature does not verify), tampered (record differs from what was signed), revoked, expired (past its validity), superseded (a change replaced it), key_compromised (signed at or after its key was compromised)',
    ),
  licence: publicLicenceSchema.optional(),
  signed: signedSchema.optional(),
});

export const keySchema = z.object({
  keyId: z.string(),
  issuerName: z.string(),
  issuerUscc: z.string().nullable().describe('null only for the key shared by all issuers before keys per issuer'),
  algorithm: z.string(),
  publicKeyPem: z.string().describe('SubjectPublicKeyInfo, id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301'),
  pemUrl: z.string(),
  validFrom: timestamp,
  retiredAt: timestamp.nullable().describe('signs nothing after this'),
  compromisedSince: timestamp.nullable().describe('licences it signed at or after this read key_compromised'),
});

export function keyDto(key: PublishedKey): z.output<typeof keySchema> {
  return {
    keyId: key.keyId,
    issuerName: key.issuerName,
    issuerUscc: key.issuerUscc,
    algorithm: key.algorithm,
    publicKeyPem: key.publicKeyPem,
    pemUrl: key.pemUrl,
    validFrom: key.validFrom,
    retiredAt: key.retiredAt,
    compromisedSince: key.compromisedSince,
  };
}

export const keysSchema = z.object({ keys: z.array(keySchema) });
/** `GET /api/licences/keys/<keyId>.pem`: one key as text/plain PEM. */
export const pemResponse = z.string().describe('SubjectPublicKeyInfo PEM');
export const keyParams = z.strictObject({ keyId: z.string().max(40).describe('e.g. sm2-0123456789abcdef') });
export const holderPdfBody = z.strictObject({ caseNo: z.string().trim().min(1).max(40), password: z.string().trim().min(1).max(20) });
export const revokeBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
