import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { AppError } from '../../domain/errors.ts';
import { caseStatuses } from '../../domain/case-lifecycle.ts';
import { materialStates, taskActions, visitCauses, type TaskAction } from '../../domain/case-process.ts';
import { channels } from '../../domain/catalog.ts';
import type { WriteOptions } from '../../services/write.ts';
import { writeOptions } from '../access.ts';
import { calendarDate, distinct, uuidParam } from './schemas.ts';

const text = (max: number) => z.string().trim().max(max);
const date = calendarDate;
const marks = distinct(z.array(z.strictObject({
  key: z.string().regex(/^[a-z0-9_]{1,64}$/),
  state: z.enum(materialStates),
  deferredDue: date.nullable().optional(),
  licenceId: z.uuid().nullable().optional(),
})).max(200), { zh: '材料', en: 'material' }, (mark) => mark.key);

/** Case writes are actions on a record that must not happen twice: the client's key is required. */
function keyedWrite(request: FastifyRequest): WriteOptions {
  const options = writeOptions(request);
  if (!options.idempotencyKey) {
    throw new AppError('BAD_REQUEST', { zh: '办件操作须携带 Idempotency-Key 请求头,重试时沿用同一个键', en: 'Case actions need an Idempotency-Key header, reused on retry' });
  }
  return options;
}

const actionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept') }),
  z.strictObject({ action: z.literal('request_correction'), materials: marks.optional(), note: text(500).optional() }),
  z.strictObject({ action: z.literal('resubmit'), materials: marks, inPerson: z.boolean().optional(), cause: z.enum(visitCauses).optional() }),
  z.strictObject({ action: z.literal('refuse'), reason: text(1000).min(1), legalBasis: text(1000).min(1) }),
  z.strictObject({ action: z.literal('decide_on_spot'), opinion: text(1000).optional() }),
  z.strictObject({ action: z.literal('reject_on_spot'), reason: text(1000).min(1) }),
  z.strictObject({ action: z.literal('resume'), inPerson: z.boolean().optional(), note: text(500).optional() }),
  z.strictObject({ action: z.literal('withdraw'), reason: text(500).min(1) }),
  z.strictObject({ action: z.literal('terminate'), reason: text(500).min(1) }),
  z.strictObject({ action: z.literal('collect_material'), key: z.string().regex(/^[a-z0-9_]{1,64}$/), inPerson: z.boolean().optional() }),
  z.strictObject({
    action: z.literal('deliver'),
    method: z.enum(['window', 'express', 'e_licence', 'online']),
    express: z.strictObject({ company: text(50).min(1), trackingNo: text(50).min(1), address: text(300).min(1) }).optional(),
  }),
  z.strictObject({ action: z.literal('archive') }),
]);

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
        body: z.strictObject({
          itemCode: z.string().trim().max(64).optional(),
          bundleCode: z.string().trim().max(64).optional(),
          scenario: z.string().trim().max(64).nullable().optional(),
          applicantId: z.uuid(),
          channel: z.enum(channels).default('window'),
          regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/).optional(),
          form: z.record(z.string().max(64), z.string().max(2000)).optional(),
          materials: marks,
          decision: z.enum(['accept', 'correction', 'refuse', 'submit']),
          refusal: z.strictObject({ reason: text(1000).min(1), legalBasis: text(1000).min(1) }).optional(),
        }),
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
        body: z.strictObject({
          caseNo: z.string().trim().max(40).optional(),
          idNumber: z.string().trim().max(18).optional(),
          uscc: z.string().trim().max(18).optional(),
          phone: z.string().trim().max(20).optional(),
          itemCode: z.string().trim().max(64).optional(),
          status: z.array(z.enum(caseStatuses)).max(12).optional(),
          warning: z.enum(['yellow', 'red']).optional(),
          limit: z.number().int().min(1).max(100).default(20),
          offset: z.number().int().min(0).max(100_000).default(0),
        }),
      },
    },
    async (request) => cases.queries.search(request.actor!, request.body),
  );

  api.get(
    '/api/cases/:id',
    { config: { access: { permission: 'case.view' } }, schema: { tags: ['cases'], summary: '办件详情与时间线 A case, its materials, tasks, timeline, notices, visits', params: uuidParam } },
    async (request) => cases.queries.view(request.actor!, request.params.id),
  );

  api.post(
    '/api/cases/:id/actions',
    {
      config: { access: { permission: 'case.view' } },
      schema: { tags: ['cases'], summary: '办件操作 Take an action on a case (409 lists the actions possible)', params: uuidParam, body: actionBody },
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
        params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), taskId: z.uuid({ error: 'must be a UUID' }) }),
        body: z.strictObject({
          action: z.enum(Object.keys(taskActions) as [TaskAction, ...TaskAction[]]),
          opinion: text(2000).optional(),
          assigneeId: z.uuid().optional(),
          procedure: text(100).optional(),
        }),
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
        summary: '可分派人员 Staff a task may be assigned to (the department\'s reviewers)',
        params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), taskId: z.uuid({ error: 'must be a UUID' }) }),
        response: { 200: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })) },
      },
    },
    async (request) => cases.tasks.assignees(request.actor!, request.params.id, request.params.taskId),
  );

  api.get(
    '/api/inbox',
    { config: { access: { permission: 'task.work' } }, schema: { tags: ['cases'], summary: '部门待办 The department inbox, soonest due first' } },
    async (request) => cases.queries.inbox(request.actor!),
  );

  api.get(
    '/api/issuance',
    { config: { access: { permission: 'case.issue' } }, schema: { tags: ['cases'], summary: '统一出件 Concluded cases waiting for issuance' } },
    async (request) => cases.issuance.issuanceQueue(request.actor!),
  );

  api.post(
    '/api/public/cases/query',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: '办件进度查询 Progress of a case by its number and query password (as printed on the acceptance notice)',
        body: z.strictObject({ caseNo: z.string().trim().min(1).max(40), password: z.string().trim().min(1).max(20) }),
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
        body: z.strictObject({}),
        response: { 200: z.object({ caseId: z.string(), caseNo: z.string(), queryPassword: z.string().nullable().describe('null on a replay of the same Idempotency-Key') }) },
      },
    },
    async (request) => cases.queries.resetQueryPassword(keyedWrite(request), request.params.id),
  );

  api.get(
    '/api/filings',
    {
      config: { access: { permission: 'filing.read' } },
      schema: { tags: ['filings'], summary: '委托事项备案 Filings of delegated decisions', querystring: z.strictObject({ sampled: z.enum(['true', 'false']).optional() }) },
    },
    async (request) => services.cases.filings.listFilings(request.actor!, { sampledOnly: request.query.sampled === 'true' }),
  );

  api.post(
    '/api/filings/:id/receive',
    { config: { access: { permission: 'filing.review' } }, schema: { tags: ['filings'], summary: '接收备案 Receive a filing', params: uuidParam, body: z.strictObject({}) } },
    async (request) => services.cases.filings.receiveFiling(keyedWrite(request), request.params.id),
  );

  api.post(
    '/api/filings/:id/review',
    {
      config: { access: { permission: 'filing.review' } },
      schema: { tags: ['filings'], summary: '案卷评查 Record the case-file review of a sampled filing', params: uuidParam, body: z.strictObject({ verdict: z.enum(['correct', 'incorrect']), note: text(2000).default('') }) },
    },
    async (request) => services.cases.filings.reviewFiling(keyedWrite(request), request.params.id, request.body),
  );

  api.get(
    '/api/departments/:id/file-review-policy',
    { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['filings'], summary: '评查抽样比例 Share of filings sampled for review', params: uuidParam } },
    async (request) => ({ departmentId: request.params.id, samplePercent: await services.cases.filings.samplePercent(request.params.id) }),
  );

  api.put(
    '/api/departments/:id/file-review-policy',
    {
      config: { access: { permission: 'filing.policy' } },
      schema: { tags: ['filings'], summary: '设置评查抽样比例 Set the share of filings sampled', params: uuidParam, body: z.strictObject({ samplePercent: z.number().int().min(0).max(100) }) },
    },
    async (request) => services.cases.filings.setSamplePercent(writeOptions(request), request.params.id, request.body.samplePercent),
  );

  api.post(
    '/api/clock/sweep',
    { config: { access: { permission: 'clock.sweep' } }, schema: { tags: ['cases'], summary: '立即检查时限 Run the clock sweep now (it also runs on a timer)', body: z.strictObject({}) } },
    async (request) => services.clockJob.sweepBy(request.actor!),
  );
}
