/** 公示: the per-item publication settings (0027). */
import type { Timestamp } from './columns.ts';

export interface ItemPublicationsTable {
  item_id: string;
  published: boolean;
  kind: string;
  period_days: number | null;
  updated_at: Timestamp;
  updated_by: string | null;
}
