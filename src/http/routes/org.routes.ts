import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import type { Center, Department, Region, ServiceWindow } from '../../repositories/org.repository.ts';
import { writeOptions } from '../access.ts';
import { centerSchema, departmentSchema, nameField, regionSchema, uuidParam, windowSchema } from './schemas.ts';

const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, { error: 'must be 6, 9 or 12 digits' });
const uscc = z.string().trim().toUpperCase().length(18).nullable();
const phone = z.string().trim().max(40);

const toRegion = (r: Region) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, path: r.path });
const toDepartment = (d: Department) => ({ id: d.id, name: d.name, uscc: d.uscc, regionCode: d.regionCode, phone: d.phone });
const toCenter = (c: Center) => ({
  id: c.id,
  name: c.name,
  level: c.level,
  regionCode: c.regionCode,
  address: c.address,
  phone: c.phone,
  openingHours: c.openingHours,
});
const toWindow = (w: ServiceWindow) => ({ id: w.id, centerId: w.centerId, number: w.number, name: w.name, departmentId: w.departmentId, active: w.active });


export function registerOrgRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const org = services.org;

  api.get('/api/regions', { config: { access: { permission: 'directory.read' } }, schema: { tags: ['organisation'], summary: '行政区划列表 Regions', response: { 200: z.array(regionSchema) } } }, async () =>
    (await org.listRegions()).map(toRegion),
  );

  api.post(
    '/api/regions',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增下级区划 Add a region',
        body: z.strictObject({ code: regionCode, name: nameField, parentCode: regionCode }),
        response: { 201: regionSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toRegion(await org.createRegion(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/regions/:code',
    {
      config: { access: { permission: 'org.manage' } },
      schema: { tags: ['organisation'], summary: '修改区划名称 Rename a region', params: z.strictObject({ code: regionCode }), body: z.strictObject({ name: nameField }), response: { 200: regionSchema } },
    },
    async (request) => toRegion(await org.renameRegion(writeOptions(request), request.params.code, request.body.name)),
  );

  api.get('/api/departments', { config: { access: { permission: 'directory.read' } }, schema: { tags: ['organisation'], summary: '部门列表 Departments', response: { 200: z.array(departmentSchema) } } }, async () =>
    (await org.listDepartments()).map(toDepartment),
  );

  api.get(
    '/api/departments/:id',
    { config: { access: { permission: 'directory.read' } }, schema: { tags: ['organisation'], summary: '部门 Department', params: uuidParam, response: { 200: departmentSchema } } },
    async (request) => toDepartment(await org.getDepartment(request.params.id)),
  );

  api.post(
    '/api/departments',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增部门 Add a department',
        body: z.strictObject({ name: nameField, uscc: uscc.default(null), regionCode, phone: phone.nullable().default(null) }),
        response: { 201: departmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toDepartment(await org.createDepartment(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/departments/:id',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '修改部门 Update a department',
        params: uuidParam,
        body: z.strictObject({ name: nameField.optional(), uscc: uscc.optional(), phone: phone.nullable().optional() }),
        response: { 200: departmentSchema },
      },
    },
    async (request) => toDepartment(await org.updateDepartment(writeOptions(request), request.params.id, request.body)),
  );

  api.get('/api/centers', { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['organisation'], summary: '服务中心列表 Service centers', response: { 200: z.array(centerSchema) } } }, async () =>
    (await org.listCenters()).map(toCenter),
  );

  const centerBody = {
    name: nameField,
    address: z.string().trim().max(200).default(''),
    phone: phone.default(''),
    openingHours: z.string().trim().max(200).default(''),
  };

  api.post(
    '/api/centers',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增服务中心 Add a service center',
        body: z.strictObject({ ...centerBody, level: z.enum(['city', 'town', 'village']), regionCode }),
        response: { 201: centerSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toCenter(await org.createCenter(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/centers/:id',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '修改服务中心 Update a service center',
        params: uuidParam,
        body: z.strictObject({
          name: nameField.optional(),
          address: z.string().trim().max(200).optional(),
          phone: phone.optional(),
          openingHours: z.string().trim().max(200).optional(),
        }),
        response: { 200: centerSchema },
      },
    },
    async (request) => toCenter(await org.updateCenter(writeOptions(request), request.params.id, request.body)),
  );

  api.get(
    '/api/windows',
    {
      config: { access: { permission: 'workspace.read' } },
      schema: { tags: ['organisation'], summary: '窗口列表 Windows', querystring: z.strictObject({ centerId: z.uuid().optional() }), response: { 200: z.array(windowSchema) } },
    },
    async (request) => (await org.listWindows(request.query.centerId)).map(toWindow),
  );

  api.post(
    '/api/windows',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增窗口 Add a window',
        body: z.strictObject({ centerId: z.uuid(), number: z.number().int().min(1).max(999), name: nameField, departmentId: z.uuid().nullable().default(null) }),
        response: { 201: windowSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toWindow(await org.createWindow(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/windows/:id',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '修改窗口 Update a window',
        params: uuidParam,
        body: z.strictObject({ name: nameField.optional(), departmentId: z.uuid().nullable().optional(), active: z.boolean().optional() }),
        response: { 200: windowSchema },
      },
    },
    async (request) => toWindow(await org.updateWindow(writeOptions(request), request.params.id, request.body)),
  );
}
