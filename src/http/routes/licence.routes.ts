/**
 * E-licence verification (public: the page behind the QR code calls it) and revocation.
 *
 * An identifier that is malformed or fails its MOD 37,36 check character is answered like an
 * unknown one, 200 `{ valid: false, reason: 'not_found' }`: the public page has one thing to say
 * ("no such licence") whatever was mistyped. A parameter over 100 characters never gets here:
 * Fastify's router refuses it with 414 (maxParamLength); identifiers are about 55 to 75.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { verificationReasons, type PublicLicence } from '../../services/e-licence.service.ts';
import type { LicencePdf } from '../../services/licence-pdf.ts';
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

const verificationSchema = z.object({
  valid: z.boolean(),
  reason: z.enum(verificationReasons).describe('ok, not_found, bad_signature (SM2 signature does not verify), tampered (record differs from what was signed), revoked, expired, superseded'),
  licence: publicLicenceSchema.optional(),
});

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

export function registerLicenceRoutes(app: FastifyInstance, services: Services, options: { publicOrigin?: string } = {}): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const eLicences = services.eLicences;

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
      // Serials are random (year + 12 digits); the rate limit is a second fence against walking them for names.
      config: { access: 'public', rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['licences'],
        summary: '电子证照核验 Verify an e-licence (SM2 signature, record integrity, revocation)',
        params: identifierParam,
        response: { 200: verificationSchema },
      },
    },
    async (request) => {
      const result = await eLicences.verify(request.params.identifier);
      return { valid: result.valid, reason: result.reason, ...(result.licence ? { licence: toDto(result.licence) } : {}) };
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
