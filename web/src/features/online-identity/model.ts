/** The online channel's identity API (/api/applicant) as the web app calls it; shapes from the server's contracts. */
import type { z } from 'zod';
import type { accountSchema, businessSchema, codeSentSchema, handlerSchema, onlineOptionsSchema } from '../../../../src/http/contracts/online.ts';
import { api, type Action } from '../../api.ts';

export type Account = z.input<typeof accountSchema>;
export type Business = z.input<typeof businessSchema>;
export type Handler = z.input<typeof handlerSchema>;
export type CodeSent = z.input<typeof codeSentSchema>;
export type OnlineOptions = z.input<typeof onlineOptionsSchema>;

export const onlinePaths = { login: '/online/login', me: '/online/me' } as const;

/** Every call passes 401 to the page (which sends the person to sign in online, not to the staff sign-in). */
const quiet = { quietUnauthenticated: true } as const;

export const onlineApi = {
  options: () => api.get<OnlineOptions>('/api/applicant/options', quiet),
  me: () => api.get<Account>('/api/applicant/me', quiet),
  businesses: () => api.get<Business[]>('/api/applicant/businesses', quiet),
  handlers: (organisationId: string) => api.get<Handler[]>(`/api/applicant/businesses/${encodeURIComponent(organisationId)}/handlers`, quiet),
  sendCode: (action: Action, phone: string) => action.send<CodeSent>('POST', '/api/applicant/codes', { phone, purpose: 'sign_in' }, quiet),
  signIn: (action: Action, phone: string, code: string) => action.send<{ account: Account }>('POST', '/api/applicant/sessions', { phone, code }, quiet),
  signOut: (action: Action) => action.send<void>('DELETE', '/api/applicant/sessions', undefined, quiet),
  bind: (action: Action, name: string, residentId: string) => action.send<Account>('POST', '/api/applicant/me/identity', { name, residentId }, quiet),
  registerBusiness: (action: Action, uscc: string, name: string | undefined) => action.send<Business>('POST', '/api/applicant/businesses', { uscc, ...(name ? { name } : {}) }, quiet),
  addHandler: (action: Action, organisationId: string, phone: string) => action.send<Handler>('POST', `/api/applicant/businesses/${encodeURIComponent(organisationId)}/handlers`, { phone }, quiet),
  removeHandler: (action: Action, organisationId: string, handlerId: string) => action.send<void>('DELETE', `/api/applicant/businesses/${encodeURIComponent(organisationId)}/handlers/${encodeURIComponent(handlerId)}`, undefined, quiet),
};
