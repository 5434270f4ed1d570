import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { noContent, uuidParam } from '../contracts/common.ts';
import { createStaffBody, resetPasswordBody, setGrantsBody, staffSchema, toStaffDto, updateStaffBody } from '../contracts/staff.ts';

export function registerStaffRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const staff = services.staff;

  api.get('/api/staff', { config: { access: { permission: 'staff.read' } }, schema: { tags: ['staff'], summary: '工作人员列表 Staff', response: { 200: z.array(staffSchema) } } }, async (request) =>
    (await staff.list(request.actor!)).map(toStaffDto),
  );

  api.get('/api/staff/:id', { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['staff'], summary: '工作人员 Staff member', params: uuidParam, response: { 200: staffSchema } } }, async (request) =>
    toStaffDto(await staff.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/staff',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: '新增工作人员 Add a staff member',
        body: createStaffBody,
        response: { 201: staffSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toStaffDto(await staff.create(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/staff/:id',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: '修改工作人员 Update a staff member',
        params: uuidParam,
        body: updateStaffBody,
        response: { 200: staffSchema },
      },
    },
    async (request) => toStaffDto(await staff.update(writeOptions(request), request.params.id, request.body)),
  );

  api.put(
    '/api/staff/:id/grants',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: { tags: ['staff'], summary: '设置授权 Set grants', params: uuidParam, body: setGrantsBody, response: { 200: staffSchema } },
    },
    async (request) => toStaffDto(await staff.setGrants(writeOptions(request), request.params.id, request.body.grants)),
  );

  api.post(
    '/api/staff/:id/password',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: { tags: ['staff'], summary: '重置密码 Reset password', params: uuidParam, body: resetPasswordBody, response: { 204: noContent } },
    },
    async (request, reply) => {
      await staff.resetPassword(writeOptions(request), request.params.id, request.body.password);
      return reply.status(204).send();
    },
  );
}
