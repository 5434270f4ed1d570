/** The service catalogue: items and their versions, 一件事 bundles, search tokens and uploaded files. */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface CatalogFilesTable {
  id: Generated<string>;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface ServiceItemsTable {
  id: Generated<string>;
  implementation_code: string;
  department_id: string;
  created_at: Timestamp;
}

export interface ServiceItemVersionsTable {
  id: Generated<string>;
  item_id: string;
  version: number;
  status: string;
  content: ColumnType<unknown, string, string>;
  name: string;
  department_id: string;
  case_kind: string;
  visits_required: number;
  channels: string[];
  service_objects: string[];
  search_text: string;
  search_pinyin: string;
  search_initials: string;
  created_at: Timestamp;
  created_by: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface ItemSearchTokensTable {
  item_id: string;
  token: string;
  weight: number;
}

export interface BundlesTable {
  id: Generated<string>;
  code: string;
  status: string;
  content: ColumnType<unknown, string, string>;
  name: string;
  lead_department_id: string;
  search_text: string;
  search_pinyin: string;
  search_initials: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
