/** 差评整改 on the web: the shapes of the routes (from the server's contracts), their paths, and the words of the domain. */
import type { z } from 'zod';
import type { appealSchema, rectificationDetailSchema, rectificationFiguresSchema, rectificationSchema } from '../../../../src/http/contracts/rectifications.ts';

export type Rectification = z.input<typeof rectificationSchema>;
export type RectificationDetail = z.input<typeof rectificationDetailSchema>;
export type RatingAppeal = z.input<typeof appealSchema>;
export type RectificationFigures = z.input<typeof rectificationFiguresSchema>;

export const rectificationApi = {
  list: '/api/rectifications',
  one: (id: string) => `/api/rectifications/${encodeURIComponent(id)}`,
  step: (id: string, step: 'triage' | 'report' | 'revisit' | 're-rating' | 'close' | 'appeal') => `/api/rectifications/${encodeURIComponent(id)}/${step}`,
  figures: (month: string) => `/api/rectifications/figures?month=${encodeURIComponent(month)}`,
  appeals: '/api/rating-appeals',
  decide: (id: string) => `/api/rating-appeals/${encodeURIComponent(id)}/decision`,
};

export const revisitResultLabels = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '仍不满意', en: 'Still dissatisfied' },
  unreachable: { zh: '未联系上', en: 'Not reached' },
} as const;

export const stateColours: Record<Rectification['state'], string> = {
  open: 'warning',
  triaged: 'processing',
  reported: 'cyan',
  revisited: 'blue',
  closed: 'success',
  appealed: 'purple',
  annulled: 'default',
};

export function thisMonthInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
}
