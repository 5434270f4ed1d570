import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { uuidParam } from '../contracts/common.ts';
import {
  centerSchema,
  createCenterBody,
  createDepartmentBody,
  createRegionBody,
  createWindowBody,
  departmentSchema,
  regionCodeParam,
  regionSchema,
  renameRegionBody,
  toCenter,
  toDepartment,
  toRegion,
  toWindow,
  updateCenterBody,
  updateDepartmentBody,
  updateWindowBody,
  windowSchema,
  windowsQuery,
} from '../contracts/org.ts';

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
        body: createRegionBody,
        response: { 201: regionSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toRegion(await org.createRegion(writeOptions(request), request.body))),
  );

  api.patch(
    '/api/regions/:code',
    {
      config: { access: { permission: 'org.manage' } },
      schema: { tags: ['organisation'], summary: '修改区划名称 Rename a region', params: regionCodeParam, body: renameRegionBody, response: { 200: regionSchema } },
    },
    async (request) => toRegion(await org.renameRegion(writeOptions(request), request.params.code, request.body.name)),
  );

  api.get('/api/departments', { config: { access: { permission: 'directory.read' } }, schema: { tags: ['organisation'], summary: '部门列表 Departments', response: { 200: z.array(departmentSchema) } } }, async () =>
    (await org.listDepartments()).map(toDepartment),
  );

  api.get('/api/departments/:id', { config: { access: { permission: 'directory.read' } }, schema: { tags: ['organisation'], summary: '部门 Department', params: uuidParam, response: { 200: departmentSchema } } }, async (request) =>
    toDepartment(await org.getDepartment(request.params.id)),
  );

  api.post(
    '/api/departments',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增部门 Add a department',
        body: createDepartmentBody,
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
        body: updateDepartmentBody,
        response: { 200: departmentSchema },
      },
    },
    async (request) => toDepartment(await org.updateDepartment(writeOptions(request), request.params.id, request.body)),
  );

  api.get('/api/centers', { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['organisation'], summary: '服务中心列表 Service centers', response: { 200: z.array(centerSchema) } } }, async () =>
    (await org.listCenters()).map(toCenter),
  );

  api.post(
    '/api/centers',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['organisation'],
        summary: '新增服务中心 Add a service center',
        body: createCenterBody,
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
        body: updateCenterBody,
        response: { 200: centerSchema },
      },
    },
    async (request) => toCenter(await org.updateCenter(writeOptions(request), request.params.id, request.body)),
  );

  api.get(
    '/api/windows',
    {
      config: { access: { permission: 'workspace.read' } },
      schema: { tags: ['organisation'], summary: '窗口列表 Windows', querystring: windowsQuery, response: { 200: z.array(windowSchema) } },
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
        body: createWindowBody,
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
        body: updateWindowBody,
        response: { 200: windowSchema },
      },
    },
    async (request) => toWindow(await org.updateWindow(writeOptions(request), request.params.id, request.body)),
  );
}
