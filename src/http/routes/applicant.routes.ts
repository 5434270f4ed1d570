import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { calendarDate, uuidParam } from './schemas.ts';

const applicantSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  idMasked: z.string().nullable().describe('resident ID, masked: region code and last four only'),
  uscc: z.string().nullable(),
  legalRepresentative: z.string(),
  phone: z.string(),
  address: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  regionCode: z.string().nullable().describe('where the applicant was registered: staff covering it edit the record'),
});

const licenceSchema = z.object({
  id: z.string(),
  holderId: z.string(),
  licenceType: z.string(),
  number: z.string(),
  name: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable(),
  source: z.enum(['issued', 'imported']),
  status: z.enum(['valid', 'revoked']),
});

const text = (max: number) => z.string().trim().max(max);
const phone = z.string().trim().regex(/^[0-9+\-\s]{0,20}$/, { error: 'digits, +, - only' });
const date = calendarDate;

export function registerApplicantRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const applicants = services.applicants;

  api.post(
    '/api/applicants',
    {
      config: { access: { permission: 'applicant.register' } },
      schema: {
        tags: ['applicants'],
        summary: '登记申请人 Register an applicant (person by resident ID, organisation by USCC)',
        body: z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('person'), idNumber: z.string().trim().max(18), name: text(50).min(1), phone: phone.default(''), address: text(200).default('') }),
          z.strictObject({
            kind: z.literal('organisation'), uscc: z.string().trim().max(18), name: text(100).min(1), legalRepresentative: text(50).default(''), phone: phone.default(''), address: text(200).default(''),
          }),
        ]),
        response: { 201: applicantSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await applicants.register(writeOptions(request), request.body)),
  );

  // A POST so that ID numbers never appear in URLs, and so never in access logs.
  api.post(
    '/api/applicants/lookup',
    {
      config: { access: { permission: 'applicant.read' } },
      schema: {
        tags: ['applicants'],
        summary: '查找申请人 Look an applicant up by resident ID, USCC or phone',
        body: z.strictObject({ idNumber: z.string().trim().max(18).optional(), uscc: z.string().trim().max(18).optional(), phone: phone.optional() }),
        response: { 200: z.array(applicantSchema) },
      },
    },
    async (request) => applicants.lookup(request.actor!, request.body),
  );

  api.get(
    '/api/applicants/:id',
    { config: { access: { permission: 'applicant.read' } }, schema: { tags: ['applicants'], summary: '申请人 Applicant', params: uuidParam, response: { 200: applicantSchema } } },
    async (request) => applicants.get(request.actor!, request.params.id),
  );

  api.patch(
    '/api/applicants/:id',
    {
      config: { access: { permission: 'applicant.edit' } },
      schema: {
        tags: ['applicants'],
        summary: '修改申请人信息 Update contact details',
        params: uuidParam,
        body: z.strictObject({ name: text(100).min(1).optional(), phone: phone.optional(), address: text(200).optional(), legalRepresentative: text(50).optional() }),
        response: { 200: applicantSchema },
      },
    },
    async (request) => applicants.update(writeOptions(request), request.params.id, request.body),
  );

  api.get(
    '/api/applicants/:id/licences',
    { config: { access: { permission: 'applicant.read' } }, schema: { tags: ['applicants'], summary: '持有证照 Licences held', params: uuidParam, response: { 200: z.array(licenceSchema) } } },
    async (request) => applicants.listLicences(request.actor!, request.params.id),
  );

  api.post(
    '/api/applicants/:id/licences',
    {
      config: { access: { permission: 'licence.import' } },
      schema: {
        tags: ['applicants'],
        summary: '导入已持有证照 Add a licence the applicant already holds',
        params: uuidParam,
        body: z.strictObject({ licenceType: text(100).min(1), number: text(100).min(1), name: text(200).min(1), issuer: text(200).min(1), issuedOn: date, validUntil: date.nullable().default(null) }),
        response: { 201: licenceSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await applicants.importLicence(writeOptions(request), request.params.id, request.body)),
  );
}
