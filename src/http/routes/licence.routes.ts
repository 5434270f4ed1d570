/**
 * E-licence verification (public: the page behind the QR code calls it) and revocation.
 *
 * An identifier that is malformed or fails its MOD 37,36 check character is answered like an
 * unknown one, 200 `{ valid: false, reason: 'not_found' }`: the public page has one thing to say
 * ("no such licence") whatever was mistyped. A parameter over 100 characters never gets here:
 * Fastify's router refuses it with 414 (maxParamLength); identifiers are about 55 to 75.
 *
 * The answer carries what a stranger needs to check the licence without us (docs/E-LICENCE.md):
 * the signed bytes, the DER signature and the key's id and URL; the public keys are published at
 * `/api/licences/keys` (JSON) and `/api/licences/keys/<keyId>.pem`.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { verificationReasons, type PublicLicence } from '../../services/e-licence.service.ts';
import type { LicencePdf } from '../../services/licence-pdf.ts';
import type { PublishedKey } from '../../services/licence-key.service.ts';
import { AppError } from '../../domain/errors.ts';
import { writeOptions } from '../access.ts';

const identifierParam = z.strictObject({
  identifier: z.string().max(100).describe('GB/T 36904 identifier, e.g. 1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S'),
});

const publicLicenceSchema = z.object({
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
  revokedAt: z.string().nullable(),
  revokedReason: z.string(),
  replacedBy: z.string().nullable().describe('identifier of the version that replaced this one'),
  replaces: z.string().nullable().describe('identifier of the version this one replaced'),
});

const signedSchema = z.object({
  payload: z.string().describe('the exact signed text (UTF-8)'),
  payloadBase64: z.string().describe('the same bytes, base64'),
  algorithm: z.literal('SM2withSM3').describe('GB/T 32918.2 signature over SM3 with Z of the user id'),
  userId: z.literal('1234567812345678'),
  signature: z.string().describe('base64 of DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276)'),
  signatureEncoding: z.literal('DER'),
  keyId: z.string(),
  keyUrl: z.string().describe('the public key as PEM'),
});

const verificationSchema = z.object({
  valid: z.boolean(),
  reason: z
    .enum(verificationReasons)
    .describe('ok, not_found, bad_signature (SM2 signature does not verify), tampered (record differs from what was signed), revoked, expired (past its validity), superseded (a change replaced it), key_compromised (signed at or after its key was compromised)'),
  licence: publicLicenceSchema.optional(),
  signed: signedSchema.optional(),
});

const keySchema = z.object({
  keyId: z.string(),
  issuerName: z.string(),
  issuerUscc: z.string().nullable().describe('null only for the key shared by all issuers before keys per issuer'),
  algorithm: z.string(),
  publicKeyPem: z.string().describe('SubjectPublicKeyInfo, id-ecPublicKey with the SM2 curve 1.2.156.10197.1.301'),
  pemUrl: z.string(),
  validFrom: z.string(),
  retiredAt: z.string().nullable().describe('signs nothing after this'),
  compromisedSince: z.string().nullable().describe('licences it signed at or after this read key_compromised'),
});

function keyDto(key: PublishedKey): z.infer<typeof keySchema> {
  return {
    keyId: key.keyId,
    issuerName: key.issuerName,
    issuerUscc: key.issuerUscc,
    algorithm: key.algorithm,
    publicKeyPem: key.publicKeyPem,
    pemUrl: key.pemUrl,
    validFrom: key.validFrom.toISOString(),
    retiredAt: key.retiredAt?.toISOString() ?? null,
    compromisedSince: key.compromisedSince?.toISOString() ?? null,
  };
}

/**
 * A per-process, in-memory count of verifications per client per minute (VERIFY_RATE_LIMIT). Serials
 * are random, so this bounds load, not guessing: unlike the guessing limits it needs no shared
 * counter, and keeping it off the database is what lets the route answer thousands per second.
 * With several processes behind a balancer a client gets up to that many times the limit.
 */
export function verifyRateLimiter(perMinute: number, now: () => number = Date.now): (client: string) => { allowed: boolean; retryAfterSeconds: number } {
  const windowMs = 60_000;
  let windowStart = now();
  let counts = new Map<string, number>();
  return (client) => {
    const at = now();
    if (at - windowStart >= windowMs) {
      windowStart = at - ((at - windowStart) % windowMs);
      counts = new Map();
    }
    const count = (counts.get(client) ?? 0) + 1;
    counts.set(client, count);
    return { allowed: count <= perMinute, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000)) };
  };
}

function toDto(licence: PublicLicence): z.infer<typeof publicLicenceSchema> {
  return { ...licence, revokedAt: licence.revokedAt?.toISOString() ?? null };
}

/** The site a printed licence points to: PUBLIC_ORIGIN when set, else the one the request came to. */
function originOf(request: FastifyRequest, publicOrigin: string | undefined): string {
  return publicOrigin ?? `${request.protocol}://${request.host}`;
}

function sendPdf(reply: FastifyReply, pdf: LicencePdf): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', pdf.disposition)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(pdf.bytes);
}

const pdfResponse = { 200: z.any().describe('application/pdf: the licence on one A4 page') };

export function registerLicenceRoutes(app: FastifyInstance, services: Services, options: { publicOrigin?: string; verifyRateLimitPerMinute?: number } = {}): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const eLicences = services.eLicences;
  const licenceKeys = services.licenceKeys;
  // Serials are random, so this only bounds load per client (VERIFY_RATE_LIMIT per minute).
  const limitVerifications = verifyRateLimiter(options.verifyRateLimitPerMinute ?? 600);

  api.get(
    '/api/licences/keys',
    {
      config: { access: 'public' },
      schema: {
        tags: ['licences'],
        summary: '电子证照签名公钥 The public keys that sign e-licences (SM2, PEM, validity)',
        response: { 200: z.object({ keys: z.array(keySchema) }) },
      },
    },
    async () => ({ keys: (await licenceKeys.list()).map(keyDto) }),
  );

  api.get(
    '/api/licences/keys/:keyId.pem',
    {
      config: { access: 'public' },
      schema: {
        tags: ['licences'],
        summary: '电子证照签名公钥 (PEM) One public key as PEM, for openssl',
        params: z.strictObject({ keyId: z.string().max(40).describe('e.g. sm2-0123456789abcdef') }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const key = await licenceKeys.find(request.params.keyId);
      if (!key) throw new AppError('NOT_FOUND', { zh: `签名公钥不存在:${request.params.keyId}`, en: `No such signing key: ${request.params.keyId}` });
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=300').send(key.publicKeyPem);
    },
  );

  api.get(
    '/api/licences/:identifier/pdf',
    {
      config: { access: { permission: 'case.view' } },
      schema: {
        tags: ['licences'],
        summary: '电子证照打印版 The e-licence as an A4 PDF (for staff who see the case that issued it)',
        params: identifierParam,
        response: pdfResponse,
      },
    },
    async (request, reply) => sendPdf(reply, await services.licencePdfs.forStaff(request.actor!, request.params.identifier, originOf(request, options.publicOrigin))),
  );

  api.post(
    '/api/public/licences/:identifier/pdf',
    {
      // Each PDF is drawn afresh (about a tenth of a second of CPU): a rate limit besides the password's guessing limits.
      config: { access: 'public', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: '下载电子证照 The holder downloads an e-licence of their case, with the case number and query password (wrong passwords count as in the progress query)',
        params: identifierParam,
        body: z.strictObject({ caseNo: z.string().trim().min(1).max(40), password: z.string().trim().min(1).max(20) }),
        response: pdfResponse,
      },
    },
    async (request, reply) =>
      sendPdf(reply, await services.licencePdfs.forHolder({ ...request.body, identifier: request.params.identifier }, request.ip, originOf(request, options.publicOrigin))),
  );

  api.get(
    '/api/licences/:identifier/verify',
    {
      config: { access: 'public' },
      onRequest: async (request) => {
        const { allowed, retryAfterSeconds } = limitVerifications(request.ip);
        if (!allowed) {
          throw new AppError('RATE_LIMITED', { zh: `核验过于频繁,请 ${retryAfterSeconds} 秒后再试`, en: `Too many verifications; try again in ${retryAfterSeconds} s` }, { retryAfterSeconds });
        }
      },
      schema: {
        tags: ['licences'],
        summary: '电子证照核验 Verify an e-licence (SM2 signature, record integrity, revocation)',
        params: identifierParam,
        response: { 200: verificationSchema },
      },
    },
    async (request) => {
      const result = await eLicences.verify(request.params.identifier);
      return { valid: result.valid, reason: result.reason, ...(result.licence ? { licence: toDto(result.licence) } : {}), ...(result.signed ? { signed: result.signed } : {}) };
    },
  );

  api.post(
    '/api/licences/:identifier/revoke',
    {
      config: { access: { permission: 'licence.revoke' } },
      schema: {
        tags: ['licences'],
        summary: '注销电子证照 Revoke an e-licence',
        params: identifierParam,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: publicLicenceSchema },
      },
    },
    async (request) => toDto(await eLicences.revoke(writeOptions(request), request.params.identifier, request.body.reason)),
  );
}
