/** The complaint desk's calls and shapes (src/http/contracts/complaints.ts, wire form). */
import type { z } from 'zod';
import type { complaintFiguresSchema, complaintPageSchema, complaintSchema } from '../../../../src/http/contracts/complaints.ts';
import { withQuery } from '../../api.ts';

export type Complaint = z.input<typeof complaintSchema>;
export type ComplaintPage = z.input<typeof complaintPageSchema>;
export type ComplaintFigures = z.input<typeof complaintFiguresSchema>;
export type Clock = Complaint['whole'];

export const complaintApi = {
  base: '/api/complaints',
  list: (q: { state?: string; category?: string; source?: string; overdue?: boolean; offset?: number; limit?: number }) =>
    withQuery('/api/complaints', { state: q.state, category: q.category, source: q.source, overdue: q.overdue ? 'true' : undefined, offset: q.offset, limit: q.limit }),
  one: (id: string) => `/api/complaints/${encodeURIComponent(id)}`,
  actions: (id: string) => `/api/complaints/${encodeURIComponent(id)}/actions`,
  figures: (month: string) => withQuery('/api/complaints/figures', { month }),
  own: '/api/applicant/complaints',
  ownRating: (id: string) => `/api/applicant/complaints/${encodeURIComponent(id)}/rating`,
};
