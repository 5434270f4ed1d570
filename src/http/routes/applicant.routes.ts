import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import { applicantSchema, heldLicenceSchema, importLicenceBody, lookupApplicantBody, registerApplicantBody, updateApplicantBody } from '../contracts/applicants.ts';

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
        body: registerApplicantBody,
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
        body: lookupApplicantBody,
        response: { 200: z.array(applicantSchema) },
      },
    },
    async (request) => applicants.lookup(request.actor!, request.body),
  );

  api.get('/api/applicants/:id', { config: { access: { permission: 'applicant.read' } }, schema: { tags: ['applicants'], summary: '申请人 Applicant', params: uuidParam, response: { 200: applicantSchema } } }, async (request) =>
    applicants.get(request.actor!, request.params.id),
  );

  api.patch(
    '/api/applicants/:id',
    {
      config: { access: { permission: 'applicant.edit' } },
      schema: {
        tags: ['applicants'],
        summary: '修改申请人信息 Update contact details',
        params: uuidParam,
        body: updateApplicantBody,
        response: { 200: applicantSchema },
      },
    },
    async (request) => applicants.update(writeOptions(request), request.params.id, request.body),
  );

  api.get(
    '/api/applicants/:id/licences',
    { config: { access: { permission: 'applicant.read' } }, schema: { tags: ['applicants'], summary: '持有证照 Licences held', params: uuidParam, response: { 200: z.array(heldLicenceSchema) } } },
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
        body: importLicenceBody,
        response: { 201: heldLicenceSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await applicants.importLicence(writeOptions(request), request.params.id, request.body)),
  );
}
