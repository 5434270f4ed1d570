/**
 * 一网通办 (`/api/online/*`, access `applicant`: signed in online, their own cases only; the service
 * checks whose) and 网上预审 (`/api/prereview/*`, permission `case.prereview`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { Services } from '../../main.ts';
import type { WriteOptions } from '../../services/write.ts';
import { writeOptions } from '../access.ts';
import { caseSummary, caseView } from '../contracts/cases.ts';
import { binary } from '../contracts/common.ts';
import {
  caseFile,
  fileParams,
  licenceParams,
  materialParams,
  myCase,
  onlineCaseParams,
  onlineCaseView,
  onlineOffer,
  prereviewBody,
  saveDraftBody,
  startDraftBody,
  submitBody,
  withdrawBody,
  withdrawResult,
} from '../contracts/online-applications.ts';
import { receiveOneFile } from '../input-guards.ts';

/** Writes on an application must not happen twice: the client's key is required (an autosave retried is the same save). */
function keyedWrite(request: FastifyRequest): WriteOptions {
  const options = writeOptions(request);
  if (!options.idempotencyKey) throw new AppError('BAD_REQUEST', { zh: '须携带 Idempotency-Key 请求头,重试时沿用同一个键', en: 'Send an Idempotency-Key header, reused on retry' });
  return options;
}

function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** An uploaded material: always a download of the type it was checked to be, never rendered in the page. */
function sendFile(reply: FastifyReply, file: { name: string; contentType: string; data: Buffer; sha256: string }): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachment(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

const fileResponse = { 200: binary('application/octet-stream', 'the file as uploaded (PDF, OFD, JPEG or PNG, as its content was checked to be)') };

export function registerOnlineApplicationRoutes(app: FastifyInstance, services: Services, options: { publicOrigin?: string } = {}): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const online = services.online;
  const applicant = { access: 'applicant' as const };
  const tags = ['online'];

  api.get('/api/online/offer', { config: applicant, schema: { tags, summary: '可网上办理的事项和一件事 Items and bundles offered online', response: { 200: onlineOffer } } }, async () => online.offer());

  api.get('/api/online/cases', { config: applicant, schema: { tags, summary: '我的办件 My cases (drafts included), newest first', response: { 200: z.array(myCase) } } }, async (request) => online.listMine(request.actor!));

  api.post(
    '/api/online/cases',
    { config: applicant, schema: { tags, summary: '开始网上申请(草稿) Start an online application as a draft, the form filled from the profile', body: startDraftBody, response: { 201: onlineCaseView } } },
    async (request, reply) => reply.status(201).send(await online.startDraft(keyedWrite(request), request.body)),
  );

  api.get(
    '/api/online/cases/:id',
    { config: applicant, schema: { tags, summary: '我的办件详情 One of my cases: form, materials, steps in plain words, delivery', params: onlineCaseParams, response: { 200: onlineCaseView } } },
    async (request) => online.get(request.actor!, request.params.id),
  );

  api.put(
    '/api/online/cases/:id',
    { config: applicant, schema: { tags, summary: '保存草稿 Save the draft (autosave; a retry with the same key replays) or the delivery asked for', params: onlineCaseParams, body: saveDraftBody, response: { 200: onlineCaseView } } },
    async (request) => online.saveDraft(keyedWrite(request), request.params.id, request.body),
  );

  api.post(
    '/api/online/cases/:id/materials/:key/files',
    {
      config: applicant,
      schema: {
        tags,
        summary: '上传材料 Upload a file for a material (multipart, field "file"): PDF, OFD, JPEG or PNG by content, at most 10 MB',
        consumes: ['multipart/form-data'],
        params: materialParams,
        response: { 200: onlineCaseView },
      },
    },
    async (request) => {
      const part = await receiveOneFile(request);
      return online.upload(keyedWrite(request), request.params.id, request.params.key, { name: part.filename || 'file', data: part.data });
    },
  );

  api.get('/api/online/cases/:id/files/:fileId', { config: applicant, schema: { tags, summary: '下载已上传的材料 Download a file I uploaded', params: fileParams, response: fileResponse } }, async (request, reply) =>
    sendFile(reply, await online.getFile(request.actor!, request.params.id, request.params.fileId)),
  );

  api.delete(
    '/api/online/cases/:id/files/:fileId',
    { config: applicant, schema: { tags, summary: '删除已上传的材料 Remove a file (draft, or answering the correction notice)', params: fileParams, response: { 200: onlineCaseView } } },
    async (request) => online.removeFile(keyedWrite(request), request.params.id, request.params.fileId),
  );

  api.post(
    '/api/online/cases/:id/submit',
    { config: applicant, schema: { tags, summary: '提交申请 Submit the draft (it gets its case number and goes to pre-review)', params: onlineCaseParams, body: submitBody, response: { 200: onlineCaseView } } },
    async (request) => online.submit(keyedWrite(request), request.params.id, request.body),
  );

  api.post(
    '/api/online/cases/:id/resubmit',
    { config: applicant, schema: { tags, summary: '补正后重新提交 Resubmit after uploading what the correction notice asks for', params: onlineCaseParams, response: { 200: onlineCaseView } } },
    async (request) => online.resubmit(keyedWrite(request), request.params.id),
  );

  api.post(
    '/api/online/cases/:id/withdraw',
    { config: applicant, schema: { tags, summary: '撤回申请(草稿则删除) Withdraw the application (a draft is deleted)', params: onlineCaseParams, body: withdrawBody, response: { 200: withdrawResult } } },
    async (request) => online.withdraw(keyedWrite(request), request.params.id, request.body.reason),
  );

  api.get(
    '/api/online/cases/:id/licences/:identifier/pdf',
    {
      config: applicant,
      schema: { tags, summary: '下载电子证照 Download an e-licence of my case (a verified real-name binding only)', params: licenceParams, response: { 200: binary('application/pdf', 'the licence on one A4 page') } },
    },
    async (request, reply) => {
      const origin = options.publicOrigin ?? `${request.protocol}://${request.host}`;
      const pdf = await services.licencePdfs.forOnlineHolder(request.params.identifier, origin, () => online.assertLicenceDownload(request.actor!, request.params.id, request.params.identifier));
      return reply.type('application/pdf').header('content-disposition', pdf.disposition).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(pdf.bytes);
    },
  );

  // ---- 网上预审 -------------------------------------------------------------------------------
  const prereview = services.prereview;
  const desk = { access: { permission: 'case.prereview' as const } };

  api.get('/api/prereview', { config: desk, schema: { tags: ['cases'], summary: '网上预审 Online applications waiting for pre-review, oldest first', response: { 200: z.array(caseSummary) } } }, async (request) =>
    prereview.queue(request.actor!),
  );

  api.post(
    '/api/prereview/:id',
    {
      config: desk,
      schema: { tags: ['cases'], summary: '预审决定 Accept (the clock starts), give the one correction notice, or refuse with reason and basis', params: onlineCaseParams, body: prereviewBody, response: { 200: caseView } },
    },
    async (request) => prereview.decide(keyedWrite(request), request.params.id, request.body),
  );

  api.get(
    '/api/online-cases/:id/files',
    { config: { access: { permission: 'case.view' } }, schema: { tags: ['cases'], summary: '申请人网上上传的材料 Files the applicant uploaded online', params: onlineCaseParams, response: { 200: z.array(caseFile) } } },
    async (request) => prereview.files(request.actor!, request.params.id),
  );

  api.get(
    '/api/online-cases/:id/files/:fileId',
    { config: { access: { permission: 'case.view' } }, schema: { tags: ['cases'], summary: '下载申请人上传的材料 Download a file the applicant uploaded', params: fileParams, response: fileResponse } },
    async (request, reply) => sendFile(reply, await prereview.file(request.actor!, request.params.id, request.params.fileId)),
  );
}
