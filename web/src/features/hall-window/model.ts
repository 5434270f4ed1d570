/**
 * The clerk's window screen: shapes of `GET /api/windows/:id/hall` and the ticket actions, and
 * which buttons a ticket in hand offers. The rules are the server's (src/domain/hall.ts).
 */
import { ticketActionsFor, type TicketAction, type TicketPriority, type TicketStatus } from '../../../../src/domain/hall.ts';

export interface HallTicket {
  id: string;
  number: string;
  classCode: string;
  className: string;
  priority: TicketPriority;
  status: TicketStatus;
  issuedAt: string;
  calledAt: string | null;
  callCount: number;
  windowNumber: number | null;
  transfers: number;
  caseIds: string[];
  announcement: string;
  actions: TicketAction[];
}

export interface WindowView {
  window: { id: string; centerId: string; number: number; name: string };
  centerName: string;
  classes: { id: string; code: string; name: string; nameEn: string; waiting: number }[];
  staffName: string | null;
  mine: boolean;
  current: HallTicket | null;
  windows: { id: string; number: number; name: string }[];
}

export const hallApi = {
  view: (windowId: string) => `/api/windows/${windowId}/hall`,
  open: (windowId: string) => `/api/windows/${windowId}/open`,
  callNext: (windowId: string) => `/api/windows/${windowId}/call-next`,
  act: (ticketId: string) => `/api/tickets/${ticketId}/actions`,
  classes: (centerId: string) => `/api/centers/${centerId}/ticket-classes`,
  tickets: (centerId: string) => `/api/centers/${centerId}/tickets`,
};

/** The buttons for the ticket in hand, in the order a clerk uses them; linking happens from intake. */
export function ticketButtons(ticket: Pick<HallTicket, 'status'> | null): TicketAction[] {
  if (!ticket) return [];
  const order: TicketAction[] = ['serve', 'recall', 'skip', 'transfer', 'finish'];
  const allowed = new Set(ticketActionsFor(ticket.status));
  return order.filter((a) => allowed.has(a));
}

/** A window may call the next ticket when it holds none (the one in hand is finished, skipped or moved on). */
export function mayCallNext(view: Pick<WindowView, 'mine' | 'current'>): boolean {
  return view.mine && view.current === null;
}

/** Where the intake screen is opened for the ticket being served: the link comes back on success. */
export function intakeForTicket(intakePath: string, ticket: Pick<HallTicket, 'id' | 'number'>): string {
  return `${intakePath}?${new URLSearchParams({ ticket: ticket.id, ticketNumber: ticket.number }).toString()}`;
}

const windowKey = 'onewindow.window';

export function rememberedWindow(): string | null {
  try {
    return window.localStorage.getItem(windowKey);
  } catch {
    return null;
  }
}

export function rememberWindow(id: string): void {
  try {
    window.localStorage.setItem(windowKey, id);
  } catch {
    // Storage blocked: the clerk picks the window again next time.
  }
}
