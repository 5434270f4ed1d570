/** The supervision rollups and their deltas (0025). Counter columns are listed in repositories/supervision-stats.ts. */
import type { Generated } from 'kysely';

type Counters = {
  received: Generated<number>;
  concluded: Generated<number>;
  approved: Generated<number>;
  on_time: Generated<number>;
  instant: Generated<number>;
  zero_visit: Generated<number>;
  at_most_one_visit: Generated<number>;
  extra_visits: Generated<number>;
  timed: Generated<number>;
  working_days: Generated<number>;
  promised_days: Generated<number>;
  statutory_timed: Generated<number>;
  statutory_days: Generated<number>;
  corrections: Generated<number>;
  filings_filed: Generated<number>;
  filings_received: Generated<number>;
  filings_received_late: Generated<number>;
  filings_reviewed: Generated<number>;
  filings_incorrect: Generated<number>;
};

export interface SupervisionStatsTable extends Counters {
  region_path: string;
  parent_path: string;
  dim: string;
  dim_key: string;
  month: string;
  label: Generated<string>;
}

export interface SupervisionStatDeltasTable extends Counters {
  id: Generated<string>;
  region_path: string;
  department_id: string;
  item_key: string;
  item_name: string;
  month: string;
  cause: Generated<string>;
}

export interface SupervisionLiveTable {
  region_path: string;
  parent_path: string;
  dim: string;
  dim_key: string;
  kind: string;
  due_date: string;
  label: Generated<string>;
  n: Generated<number>;
}

export interface SupervisionLiveDeltasTable {
  id: Generated<string>;
  region_path: string;
  department_id: string;
  item_key: string;
  item_name: string;
  kind: string;
  due_date: string;
  n: number;
}
