/**
 * The applicant's calls (一网通办, `/api/online/*`) and the signed-in account (`GET /api/applicant/me`,
 * from the identity work). Shapes are the server's contracts (src/http/contracts/online-applications.ts), wire form.
 */
import type { z } from 'zod';
import type { accountSchema, businessSchema } from '../../../../src/http/contracts/online.ts';
import type { myCase, onlineCaseView, onlineOffer, withdrawResult } from '../../../../src/http/contracts/online-applications.ts';
import { type Action, api, newIdempotencyKey, request, uploadFile } from '../../api.ts';

export type OnlineCase = z.input<typeof onlineCaseView>;
export type OnlineMaterial = OnlineCase['materials'][number];
export type MyCase = z.input<typeof myCase>;
export type OnlineOffer = z.input<typeof onlineOffer>;
export type WithdrawResult = z.input<typeof withdrawResult>;
export type DeliveryChoice = { method: 'window' } | { method: 'express'; address: string; recipient: string; phone: string } | { method: 'e_licence' };

/** `GET /api/applicant/me`: who is signed in online (the identity work answers it; 401 when nobody is). */
export interface ApplicantMe {
  account: { accountId: string; phone: string; applicantId: string | null; personName: string | null; verified: boolean; actingFor?: { applicantId: string; role: string; name?: string } };
}

/** `GET /api/applicant/businesses`: the organisations the person represents or handles for. */
export type ActableBusiness = z.input<typeof businessSchema>;

export const onlinePaths = {
  picker: '/online',
  mine: '/online/cases',
  login: '/online/login',
  /** The sign-in, coming back here afterwards. */
  loginFrom: (path: string) => `/online/login?next=${encodeURIComponent(path)}`,
  account: '/online/me',
  case: (id: string) => `/online/cases/${encodeURIComponent(id)}`,
  apply: (id: string) => `/online/apply/${encodeURIComponent(id)}`,
};

const base = (id: string) => `/api/online/cases/${encodeURIComponent(id)}`;

export const onlineApi = {
  /** The account as these pages read it: bound person, verified or not, the business acted for. */
  me: async (): Promise<ApplicantMe> => {
    const a = await api.get<z.input<typeof accountSchema>>('/api/applicant/me', { quietUnauthenticated: true });
    return { account: { accountId: a.accountId, phone: a.phone, applicantId: a.person?.applicantId ?? null, personName: a.person?.name ?? null, verified: a.binding === 'verified', ...(a.actingFor ? { actingFor: a.actingFor } : {}) } };
  },
  businesses: () => api.get<ActableBusiness[]>('/api/applicant/businesses', { quietUnauthenticated: true }),
  offer: () => api.get<OnlineOffer>('/api/online/offer', { quietUnauthenticated: true }),
  mine: () => api.get<MyCase[]>('/api/online/cases', { quietUnauthenticated: true }),
  get: (id: string) => api.get<OnlineCase>(base(id), { quietUnauthenticated: true }),
  start: (action: Action, itemCode: string, channel: 'web' | 'mobile') => action.send<OnlineCase>('POST', '/api/online/cases', { itemCode, channel }),
  startBundle: (action: Action, bundleCode: string, channel: 'web' | 'mobile') => action.send<OnlineCase>('POST', '/api/online/cases', { bundleCode, channel }),
  save: (action: Action, id: string, body: { form?: Record<string, string>; delivery?: DeliveryChoice | null }) => action.send<OnlineCase>('PUT', base(id), body),
  upload: (id: string, key: string, file: File) => uploadFile<OnlineCase>(`${base(id)}/materials/${encodeURIComponent(key)}/files`, file),
  removeFile: (id: string, fileId: string) => request<OnlineCase>('DELETE', `${base(id)}/files/${encodeURIComponent(fileId)}`, { idempotencyKey: newIdempotencyKey(), quietUnauthenticated: true }),
  submit: (action: Action, id: string, body: { deferred?: string[]; delivery?: DeliveryChoice }) => action.send<OnlineCase>('POST', `${base(id)}/submit`, body),
  resubmit: (action: Action, id: string) => action.send<OnlineCase>('POST', `${base(id)}/resubmit`),
  withdraw: (action: Action, id: string, reason: string) => action.send<WithdrawResult>('POST', `${base(id)}/withdraw`, { reason }),
  filePath: (id: string, fileId: string) => `${base(id)}/files/${encodeURIComponent(fileId)}`,
  licencePath: (id: string, identifier: string) => `${base(id)}/licences/${encodeURIComponent(identifier)}/pdf`,
};
