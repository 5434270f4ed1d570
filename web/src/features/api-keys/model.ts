/** The shared-data scope and read log's calls and shapes (src/http/contracts/shared-data.ts, wire form). */
import type { z } from 'zod';
import type { sharedFieldCatalogSchema, sharedReadsSchema } from '../../../../src/http/contracts/shared-data.ts';
import { withQuery } from '../../api.ts';

export type SharedFieldCatalog = z.input<typeof sharedFieldCatalogSchema>;
export type SharedReads = z.input<typeof sharedReadsSchema>;
export type SharedRead = SharedReads['rows'][number];

export interface ReadFilter {
  apiKeyId?: string;
  subject?: string;
  from?: string;
  to?: string;
  before?: string;
}

export const sharedApi = {
  fields: '/api/shared/fields',
  scope: (id: string) => `/api/api-keys/${encodeURIComponent(id)}/scope`,
  reads: (f: ReadFilter) => withQuery('/api/shared-data/reads', { apiKeyId: f.apiKeyId, subject: f.subject || undefined, from: f.from, to: f.to, before: f.before, limit: 50 }),
};
