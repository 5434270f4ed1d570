import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { AppError } from '../../domain/errors.ts';
import type { WriteOptions } from '../../services/write.ts';
import { writeOptions } from '../access.ts';
import {
  assignee,
  caseActionBody,
  caseSearchBody,
  caseSearchResult,
  caseSummary,
  caseView,
  emptyBody,
  filing,
  filingReviewBody,
  filingsQuery,
  inboxEntry,
  intakeBody,
  publicProgress,
  publicQueryBody,
  queryPasswordReset,
  samplePercentBody,
  samplePolicy,
  sweepReport,
  taskActionBody,
  taskParams,
} from '../contracts/cases.ts';
import { uuidParam } from '../contracts/common.ts';

/** Case writes are actions on a record that must not happen twice: the client's key is required. */
function keyedWrite(request: FastifyRequest): WriteOptions {
  const options = writeOptions(request);
  if (!options.idempotencyKey) {
    throw new AppError('BAD_REQUEST', { zh: '办件操作须携带 Idempotency-Key 请求头,重试时沿用同一个键', en: 'Case actions need an Idempotency-Key header, reused on retry' });
  }
  return options;
}

export function registerCaseRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cases = services.cases;

  api.post(
    '/api/cases',
    {
      config: { access: { permission: 'case.intake' } },
      schema: {
        tags: ['cases'],
        summary: '综合受理 Receive an application of any item or bundle, and accept / issue the one correction notice / refuse it',
        body: intakeBody,
        response: { 201: caseView },
      },
    },
    async (request, reply) => reply.status(201).send(await cases.intake.intake(keyedWrite(request), request.body)),
  );

  // A POST so that resident ID numbers never appear in URLs (and so never in access logs).
  api.post(
    '/api/cases/search',
    {
      config: { access: { permission: 'case.view' } },
      schema: {
        tags: ['cases'],
        summary: '办件查询 Find cases by number, applicant ID / USCC, phone, item, status',
        body: caseSearchBody,
        response: { 200: caseSearchResult },
      },
    },
    async (request) => cases.queries.search(request.actor!, request.body),
  );

  api.get(
    '/api/cases/:id',
    { config: { access: { permission: 'case.view' } }, schema: { tags: ['cases'], summary: '办件详情与时间线 A case, its materials, tasks, timeline, notices, visits', params: uuidParam, response: { 200: caseView } } },
    async (request) => cases.queries.view(request.actor!, request.params.id),
  );

  api.post(
    '/api/cases/:id/actions',
    {
      config: { access: { permission: 'case.view' } },
      schema: { tags: ['cases'], summary: '办件操作 Take an action on a case (409 lists the actions possible)', params: uuidParam, body: caseActionBody, response: { 200: caseView } },
    },
    async (request) => cases.actions.act(keyedWrite(request), request.params.id, request.body),
  );

  api.post(
    '/api/cases/:id/tasks/:taskId/actions',
    {
      config: { access: { permission: 'task.work' } },
      schema: {
        tags: ['cases'],
        summary: '待办操作 Claim, assign, comment, approve, reject, return, suspend or resume a department task',
        params: taskParams,
        body: taskActionBody,
        response: { 200: caseView },
      },
    },
    async (request) => cases.tasks.taskAct(keyedWrite(request), request.params.id, request.params.taskId, request.body),
  );

  api.get(
    '/api/cases/:id/tasks/:taskId/assignees',
    {
      config: { access: { permission: 'task.work' } },
      schema: {
        tags: ['cases'],
        summary: "可分派人员 Staff a task may be assigned to (the department's reviewers)",
        params: taskParams,
        response: { 200: z.array(assignee) },
      },
    },
    async (request) => cases.tasks.assignees(request.actor!, request.params.id, request.params.taskId),
  );

  api.get('/api/inbox', { config: { access: { permission: 'task.work' } }, schema: { tags: ['cases'], summary: '部门待办 The department inbox, soonest due first', response: { 200: z.array(inboxEntry) } } }, async (request) =>
    cases.queries.inbox(request.actor!),
  );

  api.get('/api/issuance', { config: { access: { permission: 'case.issue' } }, schema: { tags: ['cases'], summary: '统一出件 Concluded cases waiting for issuance', response: { 200: z.array(caseSummary) } } }, async (request) =>
    cases.issuance.issuanceQueue(request.actor!),
  );

  api.post(
    '/api/public/cases/query',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '办件进度查询 Progress of a case by its number and query password (as printed on the acceptance notice)',
        body: publicQueryBody,
        response: { 200: publicProgress },
      },
    },
    async (request) => cases.queries.publicQuery(request.body.caseNo, request.body.password, request.ip),
  );

  api.post(
    '/api/cases/:id/query-password',
    {
      config: { access: { permission: 'case.query_password' } },
      schema: {
        tags: ['cases'],
        summary: '重置查询密码 Give the case a new query password and unlock its progress query (the applicant shows their ID or calls); the password is shown once',
        params: uuidParam,
        body: emptyBody,
        response: { 200: queryPasswordReset },
      },
    },
    async (request) => cases.queries.resetQueryPassword(keyedWrite(request), request.params.id),
  );

  api.get(
    '/api/filings',
    {
      config: { access: { permission: 'filing.read' } },
      schema: { tags: ['filings'], summary: '委托事项备案 Filings of delegated decisions', querystring: filingsQuery, response: { 200: z.array(filing) } },
    },
    async (request) => services.cases.filings.listFilings(request.actor!, { sampledOnly: request.query.sampled === 'true' }),
  );

  api.post(
    '/api/filings/:id/receive',
    { config: { access: { permission: 'filing.review' } }, schema: { tags: ['filings'], summary: '接收备案 Receive a filing', params: uuidParam, body: emptyBody, response: { 200: filing } } },
    async (request) => services.cases.filings.receiveFiling(keyedWrite(request), request.params.id),
  );

  api.post(
    '/api/filings/:id/review',
    {
      config: { access: { permission: 'filing.review' } },
      schema: { tags: ['filings'], summary: '案卷评查 Record the case-file review of a sampled filing', params: uuidParam, body: filingReviewBody, response: { 200: filing } },
    },
    async (request) => services.cases.filings.reviewFiling(keyedWrite(request), request.params.id, request.body),
  );

  api.get(
    '/api/departments/:id/file-review-policy',
    { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['filings'], summary: '评查抽样比例 Share of filings sampled for review', params: uuidParam, response: { 200: samplePolicy } } },
    async (request) => ({ departmentId: request.params.id, samplePercent: await services.cases.filings.samplePercent(request.params.id) }),
  );

  api.put(
    '/api/departments/:id/file-review-policy',
    {
      config: { access: { permission: 'filing.policy' } },
      schema: { tags: ['filings'], summary: '设置评查抽样比例 Set the share of filings sampled', params: uuidParam, body: samplePercentBody, response: { 200: samplePolicy } },
    },
    async (request) => services.cases.filings.setSamplePercent(writeOptions(request), request.params.id, request.body.samplePercent),
  );

  api.post(
    '/api/clock/sweep',
    { config: { access: { permission: 'clock.sweep' } }, schema: { tags: ['cases'], summary: '立即检查时限 Run the clock sweep now (it also runs on a timer)', body: emptyBody, response: { 200: sweepReport } } },
    async (request) => services.clockJob.sweepBy(request.actor!),
  );
}
