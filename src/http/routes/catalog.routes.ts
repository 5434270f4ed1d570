import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.ts';
import type { Services } from '../../main.ts';
import { writeOptions } from '../access.ts';
import { receiveOneFile } from '../input-guards.ts';
import { binary, noContent } from '../contracts/common.ts';
import {
  adminItemSummarySchema,
  bundleSchema,
  bundleViewSchema,
  catalogImportResultSchema,
  codeParam,
  itemContentSchema,
  itemSearchQuery,
  itemSearchResultSchema,
  itemVersionInfoSchema,
  itemVersionSchema,
  licenceTypeSchema,
  saveBundleBody,
  saveLicenceTypesBody,
  savedLicenceTypesSchema,
  storedFileSchema,
  toBundle,
  toItemSummary,
  toVersion,
  versionParams,
} from '../contracts/catalog.ts';

/** `attachment` with the name for every browser: an ASCII stand-in and the UTF-8 name (RFC 6266, RFC 5987). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

export function registerCatalogRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const catalog = services.catalog;

  api.get(
    '/api/items',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '搜索事项 Search service items (published)',
        querystring: itemSearchQuery,
        response: { 200: itemSearchResultSchema },
      },
    },
    async (request) => {
      const found = await catalog.search(request.query);
      return { total: found.total, items: found.items.map(toItemSummary), bundles: found.bundles.map((b) => ({ ...toBundle(b), rank: b.rank })) };
    },
  );

  api.get('/api/items/:code', { config: { access: 'public' }, schema: { tags: ['catalog'], summary: '事项(现行版本) Published item', params: codeParam, response: { 200: itemVersionSchema } } }, async (request) =>
    toVersion(await catalog.getPublished(request.params.code)),
  );

  api.get(
    '/api/items/:code/versions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '事项版本 Versions of an item',
        params: codeParam,
        response: { 200: z.array(itemVersionInfoSchema) },
      },
    },
    async (request) => (await catalog.listVersions(request.params.code)).map((v) => ({ version: v.version, status: v.status, createdAt: v.createdAt, publishedAt: v.publishedAt })),
  );

  api.get(
    '/api/items/:code/versions/:version',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '某一版本 One version (a case keeps the version it was accepted under)',
        params: versionParams,
        response: { 200: itemVersionSchema },
      },
    },
    async (request) => toVersion(await catalog.getVersion(request.actor, request.params.code, { version: request.params.version })),
  );

  api.get('/api/admin/items', { config: { access: { permission: 'catalog.edit' } }, schema: { tags: ['catalog'], summary: '事项管理列表 All items with drafts', response: { 200: z.array(adminItemSummarySchema) } } }, async (request) =>
    (await catalog.listForAdmin(request.actor!)).map((s) => ({ ...toItemSummary(s), draftVersion: s.draftVersion ?? null })),
  );

  api.get('/api/items/:code/draft', { config: { access: { permission: 'catalog.edit' } }, schema: { tags: ['catalog'], summary: '草稿 Draft of an item', params: codeParam, response: { 200: itemVersionSchema } } }, async (request) =>
    toVersion(await catalog.getVersion(request.actor, request.params.code, { status: 'draft' })),
  );

  api.put(
    '/api/items/:code/draft',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: { tags: ['catalog'], summary: '保存草稿 Save a draft (creates the item on first save)', params: codeParam, body: itemContentSchema, response: { 200: itemVersionSchema } },
    },
    async (request) => {
      if (request.body.implementationCode !== request.params.code) {
        throw new AppError('VALIDATION_FAILED', { zh: '实施编码与地址中的编码不一致', en: 'implementationCode differs from the code in the URL' });
      }
      return toVersion(await catalog.saveDraft(writeOptions(request), request.body));
    },
  );

  api.delete('/api/items/:code/draft', { config: { access: { permission: 'catalog.edit' } }, schema: { tags: ['catalog'], summary: '放弃草稿 Discard a draft', params: codeParam, response: { 204: noContent } } }, async (request, reply) => {
    await catalog.discardDraft(writeOptions(request), request.params.code);
    return reply.status(204).send();
  });

  api.post(
    '/api/items/:code/publish',
    { config: { access: { permission: 'catalog.edit' } }, schema: { tags: ['catalog'], summary: '发布 Publish the draft as the new version', params: codeParam, response: { 200: itemVersionSchema } } },
    async (request) => toVersion(await catalog.publish(writeOptions(request), request.params.code)),
  );

  api.get('/api/bundles', { config: { access: 'public' }, schema: { tags: ['catalog'], summary: '一件事列表 Published bundles', response: { 200: z.array(bundleSchema) } } }, async () =>
    (await catalog.listBundles('published')).map(toBundle),
  );

  api.get('/api/admin/bundles', { config: { access: { permission: 'catalog.edit' } }, schema: { tags: ['catalog'], summary: '一件事管理列表 All bundles', response: { 200: z.array(bundleSchema) } } }, async (request) =>
    (await catalog.listBundlesForAdmin(request.actor!)).map(toBundle),
  );

  api.get('/api/licence-types', { config: { access: 'public' }, schema: { tags: ['catalog'], summary: '证照类型目录 Licence types (code, name, defining authority, validity)', response: { 200: z.array(licenceTypeSchema) } } }, async () =>
    catalog.listLicenceTypes(),
  );
  api.put(
    '/api/admin/licence-types',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: {
        tags: ['catalog'],
        summary: '保存证照类型 Add or edit licence types, by code',
        body: saveLicenceTypesBody,
        response: { 200: savedLicenceTypesSchema },
      },
    },
    async (request) => catalog.saveLicenceTypes(writeOptions(request), request.body),
  );

  api.get(
    '/api/bundles/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '一件事详情 Bundle with its merged form and material list',
        params: codeParam,
        response: { 200: bundleViewSchema },
      },
    },
    async (request) => {
      const view = await catalog.getBundle(request.params.code);
      return {
        bundle: toBundle(view.bundle),
        members: view.members.map(toVersion),
        missing: view.missing,
        merged: {
          formFields: view.merged.formFields,
          materials: view.merged.materials,
          separately: view.merged.separately,
          saved: view.merged.saved,
          registration: view.merged.registration,
          produced: view.merged.produced,
        },
      };
    },
  );

  api.put(
    '/api/bundles/:code',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: {
        tags: ['catalog'],
        summary: '保存一件事 Save a bundle',
        params: codeParam,
        body: saveBundleBody,
        response: { 200: bundleSchema },
      },
    },
    async (request) => {
      if (request.body.content.code !== request.params.code) throw new AppError('VALIDATION_FAILED', { zh: '编码与地址中的编码不一致', en: 'code differs from the code in the URL' });
      return toBundle(await catalog.saveBundle(writeOptions(request), request.body.content, request.body.status));
    },
  );

  api.post(
    '/api/files',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: {
        tags: ['catalog'],
        summary: '上传空白表格或样表 Upload a blank form or sample (multipart, field "file"): PDF, OFD, Word, Excel, WPS, JPEG or PNG by content',
        consumes: ['multipart/form-data'],
        response: { 201: storedFileSchema },
      },
    },
    async (request, reply) => {
      const part = await receiveOneFile(request);
      // The declared type (part.mimetype) is not used: the service decides from the content.
      const saved = await catalog.uploadFile(writeOptions(request), { name: part.filename || 'file', data: part.data });
      return reply.status(201).send(saved);
    },
  );

  api.get(
    '/api/admin/catalog/export',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: { tags: ['catalog'], summary: '导出事项清单 Export the catalog as .xlsx', response: { 200: binary('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the catalog workbook (事项清单.xlsx)') } },
    },
    async (_request, reply) => {
      const exported = await catalog.exportWorkbook();
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('事项清单.xlsx')}`)
        .send(exported.file);
    },
  );

  api.post(
    '/api/admin/catalog/import',
    {
      config: { access: { permission: 'catalog.edit' } },
      schema: {
        tags: ['catalog'],
        summary: '导入事项清单 Import a catalog .xlsx (multipart, field "file"): all of it, or nothing',
        consumes: ['multipart/form-data'],
        response: { 200: catalogImportResultSchema },
      },
    },
    async (request) => {
      return catalog.importWorkbook(writeOptions(request), (await receiveOneFile(request)).data);
    },
  );

  api.get(
    '/api/files/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '下载表格或样表 Download a form or sample',
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: binary('application/octet-stream', 'the file as uploaded, with the content type it was checked to be (PDF, OFD, Word, Excel, WPS, JPEG or PNG)') },
      },
    },
    async (request, reply) => {
      const file = await catalog.getFile(request.params.id);
      // Never shown inline: always a download, of the type the content was checked to be, which the
      // browser may not second-guess; and should one ever render, it runs no script and loads nothing.
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachment(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('etag', `"${file.sha256}"`)
        .send(file.data);
    },
  );
}
