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
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import type { LicencePdf } from '../../services/licence-pdf.ts';
import { AppError } from '../../domain/errors.ts';
import { writeOptions } from '../access.ts';
import { binary } from '../contracts/common.ts';
import { holderPdfBody, identifierParam, keyDto, keyParams, keysSchema, pemResponse, publicLicenceSchema, revokeBody, verificationSchema } from '../contracts/licences.ts';

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

/** The site a printed licence points to: PUBLIC_ORIGIN when set, else the one the request came to. */
function originOf(request: FastifyRequest, publicOrigin: string | undefined): string {
  return publicOrigin ?? `${request.protocol}://${request.host}`;
}

function sendPdf(reply: FastifyReply, pdf: LicencePdf): FastifyReply {
  return reply.type('application/pdf').header('content-disposition', pdf.disposition).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(pdf.bytes);
}

const pdfResponse = { 200: binary('application/pdf', 'the licence on one A4 page') };

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
        response: { 200: keysSchema },
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
        params: keyParams,
        response: { 200: pemResponse },
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
        body: holderPdfBody,
        response: pdfResponse,
      },
    },
    async (request, reply) => sendPdf(reply, await services.licencePdfs.forHolder({ ...request.body, identifier: request.params.identifier }, request.ip, originOf(request, options.publicOrigin))),
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
      return { valid: result.valid, reason: result.reason, ...(result.licence ? { licence: result.licence } : {}), ...(result.signed ? { signed: result.signed } : {}) };
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
        body: revokeBody,
        response: { 200: publicLicenceSchema },
      },
    },
    async (request) => await eLicences.revoke(writeOptions(request), request.params.identifier, request.body.reason),
  );
}
