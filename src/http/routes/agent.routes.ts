import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { receiveOneFile } from '../input-guards.ts';
import { binary, uuidParam } from '../contracts/common.ts';
import { codeSentSchema } from '../contracts/online.ts';
import {
  agentCaseListQuery,
  agentCaseSchema,
  agentFiguresSchema,
  authorisationActBody,
  authorisationListQuery,
  authorisationSchema,
  confirmByCodeBody,
  createAuthorisationBody,
  followUpBody,
  renewAuthorisationBody,
  toAgentCaseDto,
  toAuthorisationDto,
} from '../contracts/agents.ts';

/** 帮办代办: village and town proxy agents' authorisations, their cases with the seven steps, follow-ups and figures. */
export function registerAgentRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const agents = services.agents;
  const tags = ['proxy agents'];

  api.get(
    '/api/agent/authorisations',
    { config: { access: { permission: 'agent.read' } }, schema: { tags, summary: '代办委托书列表 Authorisations', querystring: authorisationListQuery, response: { 200: z.array(authorisationSchema) } } },
    async (request) => {
      const q = request.query;
      return (await agents.list(request.actor!, { mine: q.mine === 'true', ...(q.state ? { state: q.state } : {}), ...(q.applicantId ? { applicantId: q.applicantId } : {}) })).map(toAuthorisationDto);
    },
  );

  api.post(
    '/api/agent/authorisations',
    {
      config: { access: { permission: 'agent.work' } },
      schema: { tags, summary: '签订代办服务委托书(待委托人确认) Take an authorisation (pending the applicant’s confirmation)', body: createAuthorisationBody, response: { 201: authorisationSchema } },
    },
    async (request, reply) => reply.status(201).send(toAuthorisationDto(await agents.create(writeOptions(request), request.body))),
  );

  api.get('/api/agent/authorisations/:id', { config: { access: { permission: 'agent.read' } }, schema: { tags, summary: '代办委托书 One authorisation', params: uuidParam, response: { 200: authorisationSchema } } }, async (request) =>
    toAuthorisationDto(await agents.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/agent/authorisations/:id/paper',
    {
      config: { access: { permission: 'agent.work' } },
      schema: {
        tags,
        summary: '上传委托人签字的委托书扫描件并生效 Upload the signed form (multipart, field "file": PDF, JPEG or PNG); the authorisation takes effect',
        consumes: ['multipart/form-data'],
        params: uuidParam,
        response: { 200: authorisationSchema },
      },
    },
    async (request) => {
      const part = await receiveOneFile(request);
      return toAuthorisationDto(await agents.confirmByPaper(writeOptions(request), request.params.id, part.data));
    },
  );

  api.post(
    '/api/agent/authorisations/:id/code',
    {
      config: { access: { permission: 'agent.work' } },
      schema: {
        tags,
        summary: '向委托人手机发送确认验证码 Text the applicant a code that confirms the authorisation (limited like every code)',
        params: uuidParam,
        response: { 200: codeSentSchema },
      },
    },
    async (request) => agents.sendConfirmationCode(writeOptions(request), request.params.id, request.ip),
  );

  api.post(
    '/api/agent/authorisations/:id/confirm',
    {
      config: { access: { permission: 'agent.work' } },
      schema: { tags, summary: '委托人以验证码确认委托并生效 The applicant’s code confirms the authorisation', params: uuidParam, body: confirmByCodeBody, response: { 200: authorisationSchema } },
    },
    async (request) => toAuthorisationDto(await agents.confirmByCode(writeOptions(request), request.params.id, request.body.code, request.ip)),
  );

  api.get(
    '/api/agent/authorisations/:id/paper',
    { config: { access: { permission: 'agent.read' } }, schema: { tags, summary: '委托书扫描件 The signed form’s scan', params: uuidParam, response: { 200: binary('application/octet-stream', 'the scan as uploaded (PDF, JPEG or PNG)') } } },
    async (request, reply) => {
      const scan = await agents.paperScan(request.actor!, request.params.id);
      const type = scan.kind === 'pdf' ? 'application/pdf' : scan.kind === 'png' ? 'image/png' : 'image/jpeg';
      return reply.header('content-type', type).header('cache-control', 'private, no-store').send(scan.bytes);
    },
  );

  api.post(
    '/api/agent/authorisations/:id/actions',
    { config: { access: { permission: 'agent.work' } }, schema: { tags, summary: '中止、恢复或终止委托 Suspend, resume or end', params: uuidParam, body: authorisationActBody, response: { 200: authorisationSchema } } },
    async (request) => toAuthorisationDto(await agents.act(writeOptions(request), request.params.id, request.body.action, request.body.reason)),
  );

  api.post(
    '/api/agent/authorisations/:id/renewal',
    {
      config: { access: { permission: 'agent.work' } },
      schema: { tags, summary: '续办委托(新委托书待确认) Renew (the new form awaits confirmation)', params: uuidParam, body: renewAuthorisationBody, response: { 201: authorisationSchema } },
    },
    async (request, reply) => reply.status(201).send(toAuthorisationDto(await agents.renew(writeOptions(request), request.params.id, request.body))),
  );

  api.get(
    '/api/agent/cases',
    { config: { access: { permission: 'agent.read' } }, schema: { tags, summary: '代办件及七步进度 Proxy cases and their seven steps', querystring: agentCaseListQuery, response: { 200: z.array(agentCaseSchema) } } },
    async (request) => (await agents.cases(request.actor!, { mine: request.query.mine === 'true', ...(request.query.authorisationId ? { authorisationId: request.query.authorisationId } : {}) })).map(toAgentCaseDto),
  );

  api.post(
    '/api/agent/cases/:id/follow-up',
    { config: { access: { permission: 'agent.work' } }, schema: { tags, summary: '记录回访 Record the follow-up call', params: uuidParam, body: followUpBody, response: { 200: agentCaseSchema } } },
    async (request) => toAgentCaseDto(await agents.followUp(writeOptions(request), request.params.id, request.body)),
  );

  api.get('/api/agent/figures', { config: { access: { permission: 'agent.read' } }, schema: { tags, summary: '代办统计(本月) Proxy figures this month', response: { 200: agentFiguresSchema } } }, async (request) =>
    agents.figures(request.actor!),
  );
}
