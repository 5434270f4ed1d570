/** 电子监察 on the web: the shapes of the routes (from the server's contracts), their paths, the tags' colours. */
import type { z } from 'zod';
import type { alertPageSchema, alertSchema, alertSummarySchema } from '../../../../src/http/contracts/alerts.ts';

export type Alert = z.input<typeof alertSchema>;
export type AlertPage = z.input<typeof alertPageSchema>;
export type AlertSummary = z.input<typeof alertSummarySchema>;

export const alertApi = {
  list: '/api/alerts',
  summary: '/api/alerts/summary',
  respond: (id: string) => `/api/alerts/${encodeURIComponent(id)}/respond`,
  close: (id: string) => `/api/alerts/${encodeURIComponent(id)}/close`,
};

export const stateColours: Record<Alert['state'], string> = { open: 'warning', responded: 'processing', closed: 'success' };
export const ruleColours: Record<Alert['rule'], string> = { case_red: 'red', deferred_overdue: 'orange', filing_late: 'gold', returns_unusual: 'purple', correction_after_acceptance: 'magenta' };

/** The facts as the message's placeholders (strings only; missing ones empty). */
export function factParams(alert: Pick<Alert, 'facts'>): Record<string, string> {
  return Object.fromEntries(Object.entries(alert.facts).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}
