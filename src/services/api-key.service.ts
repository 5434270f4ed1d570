/** API keys for external systems (信息双推送, licence reads). The key is shown once; only its hash is kept. */
import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { mayOn } from '../domain/permissions.ts';
import { sharedFieldNames, type SharedField } from '../domain/shared-data.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { ApiKeyRecord } from '../repositories/session.repository.ts';
import { assertMayAnywhere, forbidden, notFound, type Actor, type Clock } from './actor.ts';
import { sha256 } from './auth.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof ApiKeyService.repositories)[number];

export class ApiKeyService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['org', 'sessions', 'audit', 'catalog'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  async list(actor: Actor): Promise<ApiKeyRecord[]> {
    assertMayAnywhere(actor, 'apikey.manage');
    const keys = await this.uow.read.sessions.listApiKeys();
    return keys.filter((k) => mayManage(actor, k));
  }

  /** Issues a key. The key itself is returned once; a replay of the request returns `key: null`. */
  async create(options: WriteOptions, input: { name: string; departmentId: string | null; regionCode: string }): Promise<{ key: string | null; apiKey: ApiKeyRecord }> {
    const key = `ow_${randomBytes(24).toString('base64url')}`;
    return performWrite<Uses, { key: string | null; apiKey: ApiKeyRecord }>(
      this.uow,
      this.clock,
      options,
      async ({ repos, now, record }) => {
        const region = await repos.org.findRegion(input.regionCode);
        if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
        if (input.departmentId && !(await repos.org.findDepartment(input.departmentId))) throw notFound({ zh: '部门', en: 'Department' });
        const target = { departmentId: input.departmentId, regionPath: region.path, regionCode: region.code } as const;
        if (!mayManage(options.actor, target)) throw forbidden('apikey.manage');
        const id = await repos.sessions.insertApiKey({
          name: input.name.trim(),
          prefix: key.slice(0, 10),
          keyHash: sha256(key),
          departmentId: input.departmentId,
          regionCode: input.regionCode,
          createdBy: options.actor.kind === 'staff' ? options.actor.id : null,
          createdAt: now,
        });
        await record({ action: 'api_key.created', entityType: 'api_key', entityId: id, payload: { name: input.name.trim(), departmentId: input.departmentId, regionCode: input.regionCode }, scope: target });
        return { key, apiKey: (await repos.sessions.findApiKey(id))! };
      },
      (result) => ({ ...result, key: null }),
    );
  }

  /**
   * Sets what a key may read through /api/shared: items, fields from the catalogue, requests per
   * minute and an expiry. Items must be in the catalog; an empty list reads nothing.
   */
  async setScope(options: WriteOptions, id: string, scope: { itemCodes: string[]; fields: SharedField[]; ratePerMinute: number; expiresAt: Date | null }): Promise<ApiKeyRecord> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const apiKey = await repos.sessions.findApiKey(id);
      if (!apiKey) throw notFound({ zh: 'API 密钥', en: 'API key' });
      if (!mayManage(options.actor, apiKey)) throw forbidden('apikey.manage');
      if (apiKey.revokedAt) throw new AppError('API_KEY_REVOKED', { zh: '该密钥已吊销,不能再设置共享范围', en: 'This key is revoked; its scope can no longer be set' });
      if (scope.expiresAt && scope.expiresAt <= now) throw new AppError('VALIDATION_FAILED', { zh: '有效期应晚于现在', en: 'The expiry must be in the future' });
      const itemCodes = [...new Set(scope.itemCodes.map((c) => c.trim()))].sort();
      const unknown = [];
      for (const code of itemCodes) if (!(await repos.catalog.findItem(code))) unknown.push(code);
      if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', { zh: `事项不存在:${unknown.join('、')}`, en: `No such item: ${unknown.join(', ')}` });
      const fields = sharedFieldNames.filter((f) => scope.fields.includes(f));
      const next = { itemCodes, fields, ratePerMinute: scope.ratePerMinute, expiresAt: scope.expiresAt };
      await repos.sessions.updateApiKeyScope(id, next);
      await record({
        action: 'api_key.scope_changed',
        entityType: 'api_key',
        entityId: id,
        payload: {
          before: { itemCodes: apiKey.itemCodes, fields: apiKey.fields, ratePerMinute: apiKey.ratePerMinute, expiresAt: apiKey.expiresAt?.toISOString() ?? null },
          after: { ...next, expiresAt: next.expiresAt?.toISOString() ?? null },
        },
        scope: { regionPath: apiKey.regionPath, departmentId: apiKey.departmentId },
      });
      return (await repos.sessions.findApiKey(id))!;
    });
  }

  async revoke(options: WriteOptions, id: string): Promise<ApiKeyRecord> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const apiKey = await repos.sessions.findApiKey(id);
      if (!apiKey) throw notFound({ zh: 'API 密钥', en: 'API key' });
      if (!mayManage(options.actor, apiKey)) throw forbidden('apikey.manage');
      await repos.sessions.revokeApiKey(id, now);
      await record({ action: 'api_key.revoked', entityType: 'api_key', entityId: id, scope: { regionPath: apiKey.regionPath, departmentId: apiKey.departmentId } });
      return (await repos.sessions.findApiKey(id))!;
    });
  }
}

/** An administrator manages the keys inside one of their grants (a key's scope is a grant of its own). */
function mayManage(actor: Actor, key: { departmentId: string | null; regionPath: string }): boolean {
  return actor.kind === 'system' || mayOn(actor.grants, 'apikey.manage', key);
}
