/** The service hall: ticket classes and queues, window sessions, appointments and hall statistics. */
import type { Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

export interface TicketClassesTable {
  id: Generated<string>;
  center_id: string;
  code: string;
  name: string;
  name_en: Generated<string>;
  item_codes: Generated<string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface WindowClassesTable {
  window_id: string;
  class_id: string;
}

export interface WindowSessionsTable {
  window_id: string;
  staff_id: string;
  staff_name: string;
  opened_at: Timestamp;
}

export interface TicketSequencesTable {
  class_id: string;
  day: string;
  last_value: number;
}

export interface TicketsTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  issued_class_id: string;
  day: string;
  sequence: number;
  number: string;
  priority: string;
  slot_start: Timestamp | null;
  applicant_id: string | null;
  status: string;
  issued_at: Timestamp;
  called_at: Timestamp | null;
  call_count: Generated<number>;
  window_id: string | null;
  target_window_id: string | null;
  staff_id: string | null;
  served_at: Timestamp | null;
  finished_at: Timestamp | null;
  transfers: Generated<number>;
  case_ids: Generated<string[]>;
}

export interface AppointmentTemplatesTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  kind: string;
  weekdays: number[];
  start_time: string;
  end_time: string;
  slot_minutes: number;
  capacity: number;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface AppointmentSlotCountsTable {
  class_id: string;
  slot_start: Timestamp;
  booked: number;
}

export interface AppointmentsTable {
  id: Generated<string>;
  center_id: string;
  class_id: string;
  day: string;
  slot_start: Timestamp;
  slot_end: Timestamp;
  code: string;
  name: string;
  phone: string;
  id_fingerprint: string;
  id_masked: string;
  status: string;
  ticket_id: string | null;
  booked_at: Timestamp;
  cancelled_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  reminded_at: Timestamp | null;
}

export interface HallStatsTable {
  center_id: string;
  day: string;
  class_id: string;
  window_id: string | null;
  metric: string;
  minute: number;
  n: number;
}
