/** API keys for external systems (信息双推送, licence reads). The key is shown once; only its hash is kept. */
import { randomBytes } from 'node:crypto';
import { mayOn } from '../domain/permissions.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { ApiKeyRecord } from '../repositories/session.repository.ts';
import { assertMayAnywhere, forbidden, notFound, type Actor, type Clock } from './actor.ts';
import { sha256 } from './auth.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof ApiKeyService.repositories)[number];

export class ApiKeyService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['org', 'sessions', 'audit'] as const;

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
