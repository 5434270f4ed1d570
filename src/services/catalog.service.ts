/**
 * The service catalog: what the guide shows and the front desk checks against. Editing a published
 * item opens a draft; publishing makes the draft the new version, and the old one stays readable for
 * the cases accepted under it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/audit-chain.ts';
import { AppError } from '../domain/errors.ts';
import { checkItemContent, checkLicenceType, normaliseItemContent, type BundleContent, type LicenceType, type ServiceItemContent } from '../domain/catalog.ts';
import { exportCatalog, importFailed, parseCatalog } from './catalog-excel.ts';
import { mergeBundle, type MergedBundle } from '../domain/bundle.ts';
import { matchScore, normaliseQuery, orderHits, queryPieces, queryWords, searchKeys, searchTokens, type QueryWord, type SearchToken } from '../domain/search-keys.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { Bundle, ItemSearch, ItemSummary, ItemVersion } from '../repositories/catalog.repository.ts';
import type { Department } from '../repositories/org.repository.ts';
import { assertMay, assertMayAnywhere, may, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';
import { assertUploadAllowed, fileKinds, kindOfContentType, storedFileName } from '../domain/uploads.ts';
import { sniffFileKind } from './file-sniff.ts';

type Uses = (typeof CatalogService.repositories)[number];

const itemWord = { zh: '事项', en: 'Service item' };
const bundleWord = { zh: '一件事', en: 'Bundle' };

export interface SearchQuery {
  q?: string;
  departmentId?: string;
  serviceObject?: string;
  channel?: string;
  zeroVisit?: boolean;
  limit?: number;
  offset?: number;
}

export interface BundleView {
  bundle: Bundle;
  members: ItemVersion[];
  /** Member codes that have no published version (the bundle cannot be applied for until they do). */
  missing: string[];
  merged: MergedBundle;
}

function actorLabel(actor: Actor): string | null {
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}

export function invalidContent(problems: ReturnType<typeof checkItemContent>): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { zh: `事项内容不符合要求:${problems.map((p) => p.zh).join(';')}`, en: `Invalid item: ${problems.map((p) => `${p.field}: ${p.en}`).join('; ')}` },
    problems.map((p) => ({ field: p.field, message: p.zh, messageEn: p.en })),
  );
}

export class CatalogService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['catalog', 'licenceTypes', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /**
   * The one search of the catalog, for the public guide and the front desk's picker alike: published
   * items (a page of them) and, on the first page of an unfiltered search, the published 一件事
   * bundles, both scored the same way (names, aliases, pinyin, initials, sound-alike characters), so
   * the two lists can be merged by `orderHits`.
   */
  async search(query: SearchQuery): Promise<{ total: number; items: (ItemSummary & { rank: number })[]; bundles: (Bundle & { rank: number })[] }> {
    const { text, latin } = normaliseQuery(query.q ?? '');
    const words = queryWords({ text, latin });
    const offset = query.offset ?? 0;
    const search: ItemSearch = {
      text,
      latin,
      words,
      departmentId: query.departmentId,
      serviceObject: query.serviceObject,
      channel: query.channel,
      zeroVisit: query.zeroVisit,
      limit: Math.min(query.limit ?? 20, 100),
      offset,
    };
    const filtered = Boolean(query.departmentId || query.serviceObject || query.channel || query.zeroVisit);
    const bundles = words.length === 0 || offset > 0 || filtered ? [] : await this.uow.read.catalog.listBundles('published');
    const run = async (words: QueryWord[], match: 'all' | 'any') => {
      const found = await this.uow.read.catalog.searchPublished({ ...search, words, match, fuzzy: match === 'all' });
      const matched = bundles.flatMap((bundle) => {
        const rank = matchScore(words, this.bundleTokens(bundle), match);
        return rank === null ? [] : [{ ...bundle, rank, kind: 'bundle' as const, name: bundle.content.name }];
      });
      return { total: found.total, matched: found.matched + matched.length, items: found.items, bundles: orderHits(matched).map(({ kind: _kind, name: _name, ...bundle }) => bundle) };
    };
    const whole = await run(words, 'all');
    if (whole.matched > 0 || offset > 0) return whole;
    // Nothing matched the query whole: the longest pieces of it that match something.
    for (const pieces of queryPieces({ text, latin })) {
      const found = await run(pieces, 'any');
      if (found.matched > 0) return found;
    }
    return whole;
  }

  /** A bundle's search tokens, kept while the bundle is unchanged (bundles are few; items have an index). */
  private readonly bundleTokenCache = new Map<string, { updatedAt: number; tokens: SearchToken[] }>();

  private bundleTokens(bundle: Bundle): SearchToken[] {
    const cached = this.bundleTokenCache.get(bundle.code);
    if (cached && cached.updatedAt === bundle.updatedAt.getTime()) return cached.tokens;
    const tokens = searchTokens(bundle.content.name, bundle.content.aliases);
    this.bundleTokenCache.set(bundle.code, { updatedAt: bundle.updatedAt.getTime(), tokens });
    return tokens;
  }

  async getPublished(code: string): Promise<ItemVersion> {
    const version = await this.uow.read.catalog.findVersion(code, { status: 'published' });
    if (!version) throw notFound(itemWord);
    return version;
  }

  /** Any version, by number; drafts only for those who may edit the item. */
  async getVersion(actor: Actor | null, code: string, which: { version: number } | { status: 'draft' | 'published' }): Promise<ItemVersion> {
    const version = await this.uow.read.catalog.findVersion(code, which);
    if (!version) throw notFound(itemWord);
    if (version.status === 'draft') {
      if (!actor) throw notFound(itemWord);
      await this.assertMayEdit(this.uow.read, actor, version.departmentId);
    }
    return version;
  }

  listVersions(code: string) {
    return this.uow.read.catalog.listVersions(code);
  }

  /** Every item with its draft, of the departments whose catalog the actor edits. */
  async listForAdmin(actor: Actor): Promise<ItemSummary[]> {
    assertMayAnywhere(actor, 'catalog.edit');
    const [items, departments] = await Promise.all([this.uow.read.catalog.listForAdmin(), this.uow.read.org.listDepartments()]);
    const regionOf = new Map(departments.map((d) => [d.id, d.regionPath]));
    return items.filter((i) => may(actor, 'catalog.edit', { regionPath: regionOf.get(i.departmentId) ?? '', departmentId: i.departmentId }));
  }

  private async assertMayEdit(repos: Pick<Repositories, Uses>, actor: Actor, departmentId: string): Promise<Department> {
    const department = await repos.org.findDepartment(departmentId);
    if (!department) throw notFound({ zh: '部门', en: 'Department' });
    assertMay(actor, 'catalog.edit', { regionPath: department.regionPath, departmentId: department.id });
    return department;
  }

  private async departmentByName(repos: Pick<Repositories, Uses>, name: string): Promise<Department> {
    const matches = (await repos.org.listDepartments()).filter((d) => d.name === name.trim());
    if (matches.length === 0) throw new AppError('VALIDATION_FAILED', { zh: `部门“${name}”不存在`, en: `No department named ${name}` });
    if (matches.length > 1) throw new AppError('DEPARTMENT_NAME_AMBIGUOUS', { zh: `有多个部门名为“${name}”,请先改名区分`, en: `Several departments are named ${name}` });
    return matches[0]!;
  }

  /**
   * Saves an item's content as its draft: creates the item on first save, otherwise opens (or
   * rewrites) the draft of the next version. Published versions never change.
   */
  async saveDraft(options: WriteOptions, input: ServiceItemContent): Promise<ItemVersion> {
    const content = normaliseItemContent(input);
    const problems = checkItemContent(content);
    if (problems.length > 0) throw invalidContent(problems);
    return performWrite(this.uow, this.clock, options, async (scope) => {
      const { id, department } = await this.writeDraft(scope.repos, options.actor, content, scope.now);
      await scope.record({ action: 'item.draft_saved', entityType: 'service_item', entityId: content.implementationCode, payload: { name: content.name }, scope: { regionPath: department.regionPath, departmentId: department.id } });
      return (await scope.repos.catalog.findVersionById(id))!;
    });
  }

  private async writeDraft(repos: Pick<Repositories, Uses>, actor: Actor, content: ServiceItemContent, now: Date): Promise<{ id: string; department: Department }> {
    const department = await this.departmentByName(repos, content.departmentName);
    await this.assertMayEdit(repos, actor, department.id);
    // Every reviewing department of a stage must exist, or the case could not be routed to it.
    for (const step of content.processSteps) for (const name of step.departments ?? []) await this.departmentByName(repos, name);
    if (content.resultLicenceType && !(await repos.licenceTypes.findByName(content.resultLicenceType))) {
      throw new AppError('VALIDATION_FAILED', { zh: `证照类型“${content.resultLicenceType}”不在证照类型目录中,请先添加`, en: `No licence type named ${content.resultLicenceType} in the catalog; add it first` }, [
        { field: 'resultLicenceType' },
      ]);
    }
    const keys = searchKeys([content.name, ...content.aliases]);
    const row = { content, departmentId: department.id, keys, at: now, by: actorLabel(actor) };
    let item = await repos.catalog.findItem(content.implementationCode);
    if (!item) {
      const itemId = await repos.catalog.insertItem({ implementationCode: content.implementationCode, departmentId: department.id, at: now });
      item = { id: itemId, implementationCode: content.implementationCode, departmentId: department.id };
    } else if (item.departmentId !== department.id) {
      // Moving an item to another department needs the right over both.
      await this.assertMayEdit(repos, actor, item.departmentId);
      await repos.catalog.setItemDepartment(item.id, department.id);
    }
    if (await repos.catalog.updateDraft(item.id, row)) {
      return { id: (await repos.catalog.findVersion(content.implementationCode, { status: 'draft' }))!.id, department };
    }
    const version = (await repos.catalog.latestVersionNumber(item.id)) + 1;
    return { id: await repos.catalog.insertVersion({ ...row, itemId: item.id, version, status: 'draft' }), department };
  }

  // ---- licence types (证照类型) ------------------------------------------------------------------

  /** The catalog's licence types: public, as the verify page and the guide name them. */
  listLicenceTypes(): Promise<LicenceType[]> {
    return this.uow.read.licenceTypes.list();
  }

  /**
   * Adds or edits licence types by code. Types are national (the code says who defines them), so
   * only a catalog editor whose grant is not narrowed to one department may. A code cannot be
   * renamed into another type's name (the names are unique: items and materials use them).
   */
  async saveLicenceTypes(options: WriteOptions, input: readonly LicenceType[]): Promise<{ inserted: number; updated: number; unchanged: number }> {
    const scopes = scopesFor(options.actor, 'catalog.edit');
    if (scopes !== 'all' && !scopes.some((s) => s.departmentId === null)) {
      throw new AppError('FORBIDDEN', { zh: '证照类型目录须由不限部门的事项清单管理员维护', en: 'Licence types are kept by catalog editors not narrowed to one department' });
    }
    const types = input.map((t) => ({ code: t.code.trim().toUpperCase(), name: t.name.trim(), authorityName: t.authorityName.trim(), validityYears: t.validityYears }));
    const problems = types.flatMap((t, i) => checkLicenceType(t).map((p) => ({ ...p, field: `${i}.${p.field}` })));
    if (problems.length > 0) throw invalidContent(problems);
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      for (const type of types) {
        const named = await repos.licenceTypes.findByName(type.name);
        if (named && named.code !== type.code) {
          throw new AppError('LICENCE_TYPE_NAME_TAKEN', { zh: `证照类型名称“${type.name}”已由代码 ${named.code} 使用`, en: `The name ${type.name} belongs to type ${named.code}` });
        }
        counts[await repos.licenceTypes.upsert(type, now)]++;
      }
      await record({
        action: 'licence_types.saved',
        entityType: 'licence_type',
        entityId: types
          .map((t) => t.code)
          .join(',')
          .slice(0, 200),
        payload: { types, ...counts },
        scope: filedUnder(options.actor),
      });
      return counts;
    });
  }

  async publish(options: WriteOptions, code: string): Promise<ItemVersion> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const draft = await repos.catalog.findVersion(code, { status: 'draft' });
      if (!draft) {
        const exists = await repos.catalog.findItem(code);
        if (!exists) throw notFound(itemWord);
        throw new AppError('NO_DRAFT', { zh: '该事项没有待发布的草稿', en: 'The item has no draft to publish' });
      }
      const department = await this.assertMayEdit(repos, options.actor, draft.departmentId);
      await repos.catalog.publishDraft(draft.itemId, now, actorLabel(options.actor));
      await repos.catalog.replaceSearchTokens(draft.itemId, searchTokens(draft.content.name, draft.content.aliases));
      await record({ action: 'item.published', entityType: 'service_item', entityId: code, payload: { version: draft.version }, scope: { regionPath: department.regionPath, departmentId: department.id } });
      return (await repos.catalog.findVersionById(draft.id))!;
    });
  }

  async discardDraft(options: WriteOptions, code: string): Promise<void> {
    await performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const draft = await repos.catalog.findVersion(code, { status: 'draft' });
      if (!draft) throw notFound({ zh: '草稿', en: 'Draft' });
      const department = await this.assertMayEdit(repos, options.actor, draft.departmentId);
      await repos.catalog.deleteDraft(draft.itemId);
      await record({ action: 'item.draft_discarded', entityType: 'service_item', entityId: code, payload: { version: draft.version }, scope: { regionPath: department.regionPath, departmentId: department.id } });
    });
  }

  /**
   * Writes many items and bundles in ONE transaction, publishing each item whose content changed
   * (the catalog import and the demo). Items whose published content is identical are left alone.
   */
  async publishMany(options: WriteOptions, input: readonly ServiceItemContent[], bundles: readonly BundleContent[], progress?: (done: number, total: number) => void): Promise<{ published: number; unchanged: number; bundles: number }> {
    const items = input.map(normaliseItemContent);
    for (const item of items) {
      const problems = checkItemContent(item);
      if (problems.length > 0) throw invalidContent(problems);
    }
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      let published = 0;
      let unchanged = 0;
      const publishedCodes: string[] = [];
      for (const [index, content] of items.entries()) {
        const current = await repos.catalog.findVersion(content.implementationCode, { status: 'published' });
        if (current && sameContent(current.content, content)) {
          unchanged++;
        } else {
          await this.writeDraft(repos, options.actor, content, now);
          const item = (await repos.catalog.findItem(content.implementationCode))!;
          await repos.catalog.publishDraft(item.id, now, actorLabel(options.actor));
          await repos.catalog.replaceSearchTokens(item.id, searchTokens(content.name, content.aliases));
          publishedCodes.push(content.implementationCode);
          published++;
        }
        progress?.(index + 1, items.length);
      }
      for (const bundle of bundles) await this.writeBundle(repos, options.actor, bundle, 'published', now);
      await record({ action: 'catalog.imported', entityType: 'catalog', entityId: 'catalog', payload: { published, unchanged, publishedCodes, bundles: bundles.map((b) => b.code) }, scope: filedUnder(options.actor) });
      return { published, unchanged, bundles: bundles.length };
    });
  }

  /** The published catalog and bundles as an Excel workbook. */
  async exportWorkbook(): Promise<{ file: Buffer; items: number; bundles: number }> {
    const items = (await this.uow.read.catalog.listPublished()).map((v) => v.content);
    const bundles = (await this.uow.read.catalog.listBundles('published')).map((b) => b.content);
    return { file: await exportCatalog(items, bundles), items: items.length, bundles: bundles.length };
  }

  /** Imports a workbook: all of it in one transaction, or nothing with every problem listed. */
  async importWorkbook(options: WriteOptions, file: Buffer, progress?: (done: number, total: number) => void) {
    const { catalog, problems } = await parseCatalog(file);
    if (problems.length > 0) throw importFailed(problems);
    return this.publishMany(options, catalog.items, catalog.bundles, progress);
  }

  async listBundles(status?: Bundle['status']): Promise<Bundle[]> {
    return this.uow.read.catalog.listBundles(status);
  }

  /** Every bundle, drafts and retired ones too, that the actor's grants reach through its lead department. */
  async listBundlesForAdmin(actor: Actor): Promise<Bundle[]> {
    assertMayAnywhere(actor, 'catalog.edit');
    const [bundles, departments] = await Promise.all([this.uow.read.catalog.listBundles(), this.uow.read.org.listDepartments()]);
    const regionOf = new Map(departments.map((d) => [d.id, d.regionPath]));
    return bundles.filter((b) => may(actor, 'catalog.edit', { regionPath: regionOf.get(b.leadDepartmentId) ?? '', departmentId: b.leadDepartmentId }));
  }

  /** A bundle with its members' published versions merged into one form and one material list. */
  async getBundle(code: string, options: { includeUnpublished?: boolean } = {}): Promise<BundleView> {
    const bundle = await this.uow.read.catalog.findBundle(code);
    if (!bundle || (bundle.status !== 'published' && !options.includeUnpublished)) throw notFound(bundleWord);
    const found = await this.uow.read.catalog.listPublished(bundle.content.itemCodes);
    const byCode = new Map(found.map((v) => [v.implementationCode, v]));
    const members = bundle.content.itemCodes.map((c) => byCode.get(c)).filter((v): v is ItemVersion => v !== undefined);
    const merged = mergeBundle(
      members.map((m) => ({ implementationCode: m.implementationCode, name: m.content.name, formFields: m.content.formFields, materials: m.content.materials, resultName: m.content.resultName, resultKind: m.content.resultKind })),
    );
    return { bundle, members, missing: bundle.content.itemCodes.filter((c) => !byCode.has(c)), merged };
  }

  async saveBundle(options: WriteOptions, content: BundleContent, status: Bundle['status']): Promise<Bundle> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const lead = await this.writeBundle(repos, options.actor, content, status, now);
      await record({ action: 'bundle.saved', entityType: 'bundle', entityId: content.code, payload: { name: content.name, status, itemCodes: content.itemCodes }, scope: { regionPath: lead.regionPath, departmentId: lead.id } });
      return (await repos.catalog.findBundle(content.code))!;
    });
  }

  /** Writes a bundle; returns its lead department. A bundle spans departments: only a grant of every department over the lead's region edits it. */
  private async writeBundle(repos: Pick<Repositories, Uses>, actor: Actor, content: BundleContent, status: Bundle['status'], now: Date): Promise<Department> {
    if (new Set(content.itemCodes).size !== content.itemCodes.length || content.itemCodes.length < 2) {
      throw new AppError('VALIDATION_FAILED', { zh: `一件事“${content.name}”应包含至少两个不重复的事项`, en: `Bundle ${content.name} needs at least two distinct items` });
    }
    for (const code of content.itemCodes) {
      if (!(await repos.catalog.findItem(code))) throw new AppError('VALIDATION_FAILED', { zh: `一件事“${content.name}”引用了不存在的事项 ${code}`, en: `Bundle ${content.name} refers to unknown item ${code}` });
    }
    const lead = await this.departmentByName(repos, content.leadDepartmentName);
    assertMay(actor, 'catalog.edit', { regionPath: lead.regionPath, departmentId: null });
    await repos.catalog.upsertBundle({ content, status, leadDepartmentId: lead.id, keys: searchKeys([content.name, ...content.aliases]), at: now });
    return lead;
  }

  /**
   * Stores a blank form or sample. What it is comes from its content, not from the name or type the
   * client gave: anything but the kinds forms are published in is refused (415), and the name gets
   * the extension of what the file holds.
   */
  async uploadFile(options: WriteOptions, file: { name: string; data: Buffer }): Promise<{ id: string; name: string; contentType: string; size: number; sha256: string }> {
    assertMayAnywhere(options.actor, 'catalog.edit');
    const kind = assertUploadAllowed('form', await sniffFileKind(file.data), file.data.length);
    const stored = { name: storedFileName(file.name, kind), contentType: fileKinds[kind].mime, data: file.data };
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const id = await repos.catalog.insertFile({ ...stored, sha256, at: now });
      await record({ action: 'file.uploaded', entityType: 'catalog_file', entityId: id, payload: { name: stored.name, kind, size: file.data.length, sha256 }, scope: filedUnder(options.actor) });
      return { id, name: stored.name, contentType: stored.contentType, size: file.data.length, sha256 };
    });
  }

  /**
   * A stored file to download. Files stored before uploads were checked keep their bytes, but are
   * served as `application/octet-stream` unless their recorded type is one of the allowed kinds.
   */
  async getFile(id: string): Promise<{ id: string; name: string; contentType: string; data: Buffer; sha256: string }> {
    const file = await this.uow.read.catalog.findFile(id);
    if (!file) throw notFound({ zh: '文件', en: 'File' });
    return kindOfContentType(file.contentType) ? file : { ...file, contentType: 'application/octet-stream' };
  }
}

/** A catalog change of no one department (an import, an uploaded form) is filed under the editor's own grant. */
function filedUnder(actor: Actor): { regionPath: string; departmentId: string | null } | null {
  const scopes = scopesFor(actor, 'catalog.edit');
  return scopes === 'all' ? null : (scopes[0] ?? null);
}

/** Content equality that ignores key order (jsonb does not keep it). */
function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
