/** API keys for other systems (/api/api-keys). */
import { z } from 'zod';
import type { ApiKeyRecord } from '../../repositories/session.repository.ts';
import { nameField, timestamp } from './common.ts';

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  departmentId: z.string().nullable(),
  regionCode: z.string(),
  createdAt: timestamp,
  revokedAt: timestamp.nullable(),
  /** The sharing scope (/api/shared): item codes and fields it may read, requests a minute, until when. */
  itemCodes: z.array(z.string()),
  fields: z.array(z.string()),
  ratePerMinute: z.number(),
  expiresAt: timestamp.nullable(),
});

export const toApiKey = (k: ApiKeyRecord): z.output<typeof apiKeySchema> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  departmentId: k.departmentId,
  regionCode: k.regionCode,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  itemCodes: k.itemCodes,
  fields: k.fields,
  ratePerMinute: k.ratePerMinute,
  expiresAt: k.expiresAt,
});

export const createApiKeyBody = z.strictObject({ name: nameField, departmentId: z.uuid().nullable().default(null), regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/) });

export const createdApiKeySchema = z.object({ key: z.string().nullable().describe('the key, shown once; null when this is a replay of the request'), apiKey: apiKeySchema });
