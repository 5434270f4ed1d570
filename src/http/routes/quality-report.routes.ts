import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { upwardCsv } from '../../domain/quality-report.ts';
import { binary } from '../contracts/common.ts';
import { publicQualityQuery, qualityReportQuery, qualityReportSchema, upwardQuery, upwardRecordSchema } from '../contracts/quality-report.ts';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** 好差评 publication: the public monthly figures, the staff report and its Excel, the upward report file. */
export function registerQualityReportRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const reports = services.qualityReports;
  const tags = ['quality'];

  api.get(
    '/api/public/quality',
    {
      // Two grouped statements per answer; a public page is cached five minutes by browsers and proxies.
      config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: '好差评公示(公开) A region’s monthly 好差评 and complaint figures per department: counts and rates only, nothing personal',
        querystring: publicQualityQuery,
        response: { 200: qualityReportSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return reports.publicFigures(request.query.region, request.query.month);
    },
  );

  api.get(
    '/api/quality/report',
    {
      config: { access: { permission: 'quality.report' } },
      schema: { tags, summary: '好差评月报 The monthly figures per department (region subtree; a department grant sees its own)', querystring: qualityReportQuery, response: { 200: qualityReportSchema } },
    },
    async (request) => reports.report(request.actor!, request.query.region, request.query.month),
  );

  api.get(
    '/api/quality/report/export',
    {
      config: { access: { permission: 'quality.report' } },
      schema: { tags, summary: '导出好差评月报 The monthly report as .xlsx (按部门 and 说明 sheets)', querystring: qualityReportQuery, response: { 200: binary(xlsx, 'the workbook (好差评月报-<region>-<month>.xlsx)') } },
    },
    async (request, reply) => {
      const { file, report } = await reports.workbook(request.actor!, request.query.region, request.query.month);
      return reply
        .header('content-type', xlsx)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachment(`好差评月报-${report.region.code}-${report.month}.xlsx`))
        .send(file);
    },
  );

  api.get(
    '/api/quality/upward',
    {
      config: { access: { permission: 'quality.report' } },
      schema: {
        tags,
        summary: '好差评上报文件 The upward report: the month’s ratings in the province’s data items (identity masked; anonymous ratings carry none), JSON array or CSV',
        querystring: upwardQuery,
        response: { 200: { description: 'the file (好差评上报-<region>-<month>.json or .csv)', content: { 'application/json': { schema: z.array(upwardRecordSchema) }, 'text/csv': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const { region, month, records } = await reports.upward(request.actor!, request.query.region, request.query.month);
      const csv = request.query.format === 'csv';
      const name = `好差评上报-${region.code}-${month}.${csv ? 'csv' : 'json'}`;
      reply.header('cache-control', 'private, no-store').header('content-disposition', attachment(name));
      if (csv) return reply.header('content-type', 'text/csv; charset=utf-8').send(upwardCsv(records));
      return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(records));
    },
  );
}
