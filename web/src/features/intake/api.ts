/**
 * The calls of the intake screen: applicants (lookup, registration, licences held), the catalog
 * (an item or a bundle to apply for) and the intake itself (`POST /api/cases`).
 */
import type { z } from 'zod';
import { api, guideApi, request, withQuery, type BundleView, type DueDate, type ItemVersion } from '../../api.ts';
import type { DayUnit } from '../../../../src/domain/catalog.ts';
import type * as applicants from '../../../../src/http/contracts/applicants.ts';
import type * as cases from '../../../../src/http/contracts/cases.ts';

/** `/api/applicants…`: an applicant with the resident ID masked. */
export type ApplicantView = z.input<typeof applicants.applicantSchema>;

/** A licence in the licence library (证照库) held by an applicant. */
export type HeldLicence = z.input<typeof applicants.heldLicenceSchema>;

/** What `POST /api/applicants/lookup` takes: one of resident ID, USCC or phone (with a name, for someone without their ID card). */
export type LookupQuery = { idNumber: string } | { uscc: string } | { phone: string; name?: string };

/** The body of `POST /api/applicants`. */
export type NewApplicant = z.input<typeof applicants.registerApplicantBody>;

/** The body of `POST /api/cases` (its answer is the case view, see ../documents/model.ts). */
export type IntakeRequest = z.input<typeof cases.intakeBody>;
export type IntakeDecision = IntakeRequest['decision'];

/** What `POST /api/cases/search` answers. */
export type CaseSearchResult = z.input<typeof cases.caseSearchResult>;
/** One row of `POST /api/cases/search`. */
export type CaseSummary = CaseSearchResult['cases'][number];

export const intakeApi = {
  registerPath: '/api/applicants',
  casesPath: '/api/cases',
  /** A read sent as POST so that ID numbers stay out of URLs; nothing to replay, so a fresh key each time. */
  lookup: (query: LookupQuery) => request<ApplicantView[]>('POST', '/api/applicants/lookup', { body: query }),
  licences: (applicantId: string, signal?: AbortSignal) => api.get<HeldLicence[]>(`/api/applicants/${encodeURIComponent(applicantId)}/licences`, { signal }),
  item: (code: string, signal?: AbortSignal) => api.get<ItemVersion>(guideApi.itemPath(code), { signal }),
  bundle: (code: string, signal?: AbortSignal) => api.get<BundleView>(guideApi.bundlePath(code), { signal }),
  /** The day `span` after `from` on the region's calendar: the server's own count (the last day a deferred material may be promised for). */
  dueDate: (from: string, span: { days: number; unit: DayUnit }, regionCode: string | undefined, signal?: AbortSignal) =>
    api.get<DueDate>(withQuery('/api/calendar/due-date', { from, [span.unit === 'working' ? 'workingDays' : 'naturalDays']: span.days, regionCode }), { signal }),
  /** The applicant's cases waiting for the materials of their correction notice (a POST: ID numbers stay out of URLs). */
  awaitingCorrection: (who: LookupQuery, signal?: AbortSignal) => request<CaseSearchResult>('POST', '/api/cases/search', { body: { ...who, status: ['needs_correction'], limit: 10 }, signal }),
};
