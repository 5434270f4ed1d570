import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { binary } from '../contracts/common.ts';
import { breakdownQuery, breakdownSchema, drillPageSchema, drillQuery, overviewSchema, periodQuery, targetsBody, targetsQuery, targetsSchema } from '../contracts/supervision.ts';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Supervision dashboards (督查驾驶舱): figures from the rollups, the cases behind a number, targets, the workbook. */
export function registerSupervisionRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const supervision = services.supervision;
  const tags = ['supervision'];
  const read = { access: { permission: 'supervision.read' as const } };

  api.get(
    '/api/supervision/overview',
    { config: read, schema: { tags, summary: '督查总览(期间数字、月度趋势、在办预警、好差评、目标) Overview of a region and period', querystring: periodQuery, response: { 200: overviewSchema } } },
    async (request) => supervision.overview(request.actor!, request.query),
  );

  api.get('/api/supervision/breakdown', { config: read, schema: { tags, summary: '按下级区划、部门、事项或多跑原因 Breakdown', querystring: breakdownQuery, response: { 200: breakdownSchema } } }, async (request) =>
    supervision.breakdown(request.actor!, request.query),
  );

  api.get('/api/supervision/cases', { config: read, schema: { tags, summary: '数字背后的办件(每页50件) The cases behind a number', querystring: drillQuery, response: { 200: drillPageSchema } } }, async (request) =>
    supervision.cases(request.actor!, request.query),
  );

  api.get('/api/supervision/targets', { config: read, schema: { tags, summary: '适用的督查目标值 Targets that apply to a region', querystring: targetsQuery, response: { 200: targetsSchema } } }, async (request) =>
    supervision.targets(request.actor!, request.query.region),
  );

  api.put(
    '/api/supervision/targets',
    { config: { access: { permission: 'supervision.target' } }, schema: { tags, summary: '设置本区划的督查目标值(null 取消,沿用上级) Set a region’s targets', body: targetsBody, response: { 200: targetsSchema } } },
    async (request) => {
      await supervision.setTargets(writeOptions(request), request.body.region, request.body.targets);
      return supervision.targets(request.actor!, request.body.region);
    },
  );

  api.get(
    '/api/supervision/export',
    { config: read, schema: { tags, summary: '导出督查报表 Every table as .xlsx', querystring: periodQuery, response: { 200: binary(xlsx, 'the workbook (督查报表-<region>-<from>-<to>.xlsx)') } } },
    async (request, reply) => {
      const { file, overview } = await supervision.workbook(request.actor!, request.query);
      return reply
        .header('content-type', xlsx)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachment(`督查报表-${overview.region.code}-${overview.from}-${overview.to}.xlsx`))
        .send(file);
    },
  );
}
