import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { grantSchema, nameField, staffSchema, toStaffDto, uuidParam } from './schemas.ts';

const grantInput = z.strictObject({
  role: grantSchema.shape.role,
  departmentId: z.uuid().nullable(),
  regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/),
});
const password = z.string().min(8).max(128);

export function registerStaffRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const staff = services.staff;

  api.get(
    '/api/staff',
    { config: { access: { permission: 'staff.read' } }, schema: { tags: ['staff'], summary: '工作人员列表 Staff', response: { 200: z.array(staffSchema) } } },
    async (request) => (await staff.list(request.actor!)).map(toStaffDto),
  );

  api.get(
    '/api/staff/:id',
    { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['staff'], summary: '工作人员 Staff member', params: uuidParam, response: { 200: staffSchema } } },
    async (request) => toStaffDto(await staff.get(request.actor!, request.params.id)),
  );

  api.post(
    '/api/staff',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: '新增工作人员 Add a staff member',
        body: z.strictObject({
          username: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { error: 'letters, digits, . _ -; 2 to 64' }),
          displayName: nameField,
          phone: z.string().trim().max(40).default(''),
          password,
          grants: z.array(grantInput).max(50),
          homeRegionCode: grantInput.shape.regionCode.optional().describe('home region; default: the deepest region all grants share, or the administrator’s own'),
          homeDepartmentId: z.uuid().nullable().optional(),
        }),
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
        body: z.strictObject({ displayName: nameField.optional(), phone: z.string().trim().max(40).optional(), active: z.boolean().optional() }),
        response: { 200: staffSchema },
      },
    },
    async (request) => toStaffDto(await staff.update(writeOptions(request), request.params.id, request.body)),
  );

  api.put(
    '/api/staff/:id/grants',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: { tags: ['staff'], summary: '设置授权 Set grants', params: uuidParam, body: z.strictObject({ grants: z.array(grantInput).max(50) }), response: { 200: staffSchema } },
    },
    async (request) => toStaffDto(await staff.setGrants(writeOptions(request), request.params.id, request.body.grants)),
  );

  api.post(
    '/api/staff/:id/password',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: { tags: ['staff'], summary: '重置密码 Reset password', params: uuidParam, body: z.strictObject({ password }) },
    },
    async (request, reply) => {
      await staff.resetPassword(writeOptions(request), request.params.id, request.body.password);
      return reply.status(204).send();
    },
  );
}
