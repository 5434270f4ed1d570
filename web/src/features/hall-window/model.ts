/**
 * The clerk's window screen: shapes of `GET /api/windows/:id/hall` and the ticket actions, and
 * which buttons a ticket in hand offers. The rules are the server's (src/domain/hall.ts).
 */
import type { z } from 'zod';
import { ticketActionsFor, type TicketAction } from '../../../../src/domain/hall.ts';
import type { calledTicketSchema, callNextSchema, windowViewSchema } from '../../../../src/http/contracts/hall.ts';

/** A ticket at a window (`POST /api/windows/:id/call-next`, `POST /api/tickets/:id/actions`). */
export type HallTicket = z.input<typeof calledTicketSchema>;

/** `GET /api/windows/:id/hall`. */
export type WindowView = z.input<typeof windowViewSchema>;

/** `POST /api/windows/:id/call-next`: null when nobody waits. */
export type CallNext = z.input<typeof callNextSchema>;

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
