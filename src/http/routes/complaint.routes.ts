import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import {
  complaintActionBody,
  complaintFiguresQuery,
  complaintFiguresSchema,
  complaintListQuery,
  complaintPageSchema,
  complaintRateBody,
  complaintSchema,
  onlineComplaintBody,
  ownComplaintListQuery,
  receiveComplaintBody,
  toComplaintDto,
  toFiguresDto,
} from '../contracts/complaints.ts';

/** Complaints, 12345-style: the center's and departments' desk (staff) and the applicant's own (online). */
export function registerComplaintRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const complaints = services.complaints;
  const tags = ['complaints'];

  api.get('/api/complaints', { config: { access: { permission: 'complaint.read' } }, schema: { tags, summary: '诉求件列表 Complaints', querystring: complaintListQuery, response: { 200: complaintPageSchema } } }, async (request) => {
    const q = request.query;
    const page = await complaints.list(request.actor!, {
      ...(q.state ? { state: q.state } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      overdue: q.overdue === 'true',
      limit: q.limit,
      offset: q.offset,
    });
    return { items: page.items.map(toComplaintDto), total: page.total };
  });

  api.post(
    '/api/complaints',
    { config: { access: { permission: 'complaint.receive' } }, schema: { tags, summary: '受理诉求件(大厅、热线、差评转办) Receive a complaint', body: receiveComplaintBody, response: { 201: complaintSchema } } },
    async (request, reply) => reply.status(201).send(toComplaintDto(await complaints.receive(writeOptions(request), request.body))),
  );

  api.get(
    '/api/complaints/figures',
    { config: { access: { permission: 'complaint.read' } }, schema: { tags, summary: '诉求件月度统计 Monthly figures', querystring: complaintFiguresQuery, response: { 200: complaintFiguresSchema } } },
    async (request) => toFiguresDto(await complaints.figures(request.actor!, request.query.month)),
  );

  api.get(
    '/api/complaints/:id',
    { config: { access: { permission: 'complaint.read' } }, schema: { tags, summary: '诉求件详情(含两个时钟和流转记录) One complaint with both clocks and its steps', params: uuidParam, response: { 200: complaintSchema } } },
    async (request) => toComplaintDto(await complaints.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/complaints/:id/actions',
    {
      // Center actions need complaint.dispatch, department actions complaint.handle: the service checks which.
      config: { access: { permission: 'complaint.read' } },
      schema: { tags, summary: '派单、改派、签收、退回、答复、督办、办结、回访、评价 An action of the loop', params: uuidParam, body: complaintActionBody, response: { 200: complaintSchema } },
    },
    async (request) => toComplaintDto(await complaints.act(writeOptions(request), request.params.id, request.body)),
  );

  api.get('/api/applicant/complaints', { config: { access: 'applicant' }, schema: { tags, summary: '我的诉求 My complaints', querystring: ownComplaintListQuery, response: { 200: complaintPageSchema } } }, async (request) => {
    const page = await complaints.listOwn(request.actor!, request.query);
    return { items: page.items.map(toComplaintDto), total: page.total };
  });

  api.post('/api/applicant/complaints', { config: { access: 'applicant' }, schema: { tags, summary: '网上提交诉求 File a complaint online', body: onlineComplaintBody, response: { 201: complaintSchema } } }, async (request, reply) =>
    reply.status(201).send(toComplaintDto(await complaints.fileOnline(writeOptions(request), request.body))),
  );

  api.get('/api/applicant/complaints/:id', { config: { access: 'applicant' }, schema: { tags, summary: '我的诉求详情 One of my complaints', params: uuidParam, response: { 200: complaintSchema } } }, async (request) =>
    toComplaintDto(await complaints.getOwn(request.actor!, request.params.id)),
  );

  api.post(
    '/api/applicant/complaints/:id/rating',
    { config: { access: 'applicant' }, schema: { tags, summary: '评价诉求办理 Rate how my complaint was handled', params: uuidParam, body: complaintRateBody, response: { 200: complaintSchema } } },
    async (request) => toComplaintDto(await complaints.rateOwn(writeOptions(request), request.params.id, request.body.satisfaction)),
  );
}
