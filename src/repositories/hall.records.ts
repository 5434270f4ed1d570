/** The service hall's records as the repository returns them, and the row mappers that build them. */
import type { TicketPriority, TicketStatus } from '../domain/hall.ts';
import type { AppointmentStatus } from '../domain/appointments.ts';

export type HallMetric = 'issued' | 'wait' | 'service' | 'no_show' | 'transfer';

export interface Appointment {
  id: string;
  centerId: string;
  classId: string;
  classCode: string;
  className: string;
  day: string;
  slotStart: Date;
  slotEnd: Date;
  code: string;
  name: string;
  phone: string;
  idMasked: string;
  status: AppointmentStatus;
  ticketId: string | null;
  bookedAt: Date;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  remindedAt: Date | null;
}

export interface HallStatRow {
  day: string;
  classId: string;
  windowId: string | null;
  metric: HallMetric;
  minute: number;
  n: number;
}

export interface TicketClass {
  id: string;
  centerId: string;
  code: string;
  name: string;
  nameEn: string;
  itemCodes: string[];
  active: boolean;
}

export interface Ticket {
  id: string;
  centerId: string;
  classId: string;
  classCode: string;
  className: string;
  day: string;
  sequence: number;
  number: string;
  priority: TicketPriority;
  slotStart: Date | null;
  applicantId: string | null;
  status: TicketStatus;
  issuedAt: Date;
  calledAt: Date | null;
  callCount: number;
  windowId: string | null;
  windowNumber: number | null;
  targetWindowId: string | null;
  staffId: string | null;
  servedAt: Date | null;
  finishedAt: Date | null;
  transfers: number;
  caseIds: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: a row as selected, columns mapped field by field below
export type Row = Record<string, any>;

export function toTicket(r: Row): Ticket {
  return {
    id: r.id,
    centerId: r.center_id,
    classId: r.class_id,
    classCode: r.class_code,
    className: r.class_name,
    day: r.day,
    sequence: r.sequence,
    number: r.number,
    priority: r.priority,
    slotStart: r.slot_start,
    applicantId: r.applicant_id,
    status: r.status,
    issuedAt: r.issued_at,
    calledAt: r.called_at,
    callCount: r.call_count,
    windowId: r.window_id,
    windowNumber: r.window_number,
    targetWindowId: r.target_window_id,
    staffId: r.staff_id,
    servedAt: r.served_at,
    finishedAt: r.finished_at,
    transfers: r.transfers,
    caseIds: r.case_ids,
  };
}

export function toAppointment(r: Row): Appointment {
  return {
    id: r.id,
    centerId: r.center_id,
    classId: r.class_id,
    classCode: r.class_code,
    className: r.class_name,
    day: r.day,
    slotStart: r.slot_start,
    slotEnd: r.slot_end,
    code: r.code,
    name: r.name,
    phone: r.phone,
    idMasked: r.id_masked,
    status: r.status,
    ticketId: r.ticket_id,
    bookedAt: r.booked_at,
    cancelledAt: r.cancelled_at,
    checkedInAt: r.checked_in_at,
    remindedAt: r.reminded_at,
  };
}

export function toClass(r: Row): TicketClass {
  return { id: r.id, centerId: r.center_id, code: r.code, name: r.name, nameEn: r.name_en, itemCodes: r.item_codes, active: r.active };
}
