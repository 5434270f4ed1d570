/**
 * The web app's only door to the server: JSON over fetch with the session cookie. Every write
 * carries an `Idempotency-Key`, one per user action and reused when that action is retried, so a
 * repeated click or a retry after a lost response never applies a change twice. Errors arrive as
 * `{ error: { code, message, messageEn, details? } }` and are thrown as {@link ApiError}.
 *
 * @example
 * const centers = await api.get<Center[]>('/api/centers');
 * const save = new Action();
 * await save.send('POST', '/api/departments', { name, uscc: null, regionCode, phone: null });
 */
import type { z } from 'zod';
import { errorCodes, type ErrorCode } from '../../src/domain/errors.ts';
import type { apiKeySchema, createdApiKeySchema } from '../../src/http/contracts/api-keys.ts';
import type { auditRowSchema } from '../../src/http/contracts/audit.ts';
import type { checkSchema, figuresSchema, messageSchema, templatesSchema } from '../../src/http/contracts/notifications.ts';
import type { pushDeliveryPageSchema, pushDeliverySchema, pushSubscriptionListSchema, pushSubscriptionSchema, pushSubscriptionWithSecretSchema, pushReplaySchema } from '../../src/http/contracts/push.ts';
import type { meSchema, signedInSchema } from '../../src/http/contracts/auth.ts';
import type { calendarOverrideSchema, dueDateSchema, regionCalendarSchema } from '../../src/http/contracts/calendar.ts';
import type {
  adminItemSummarySchema,
  bundleSchema,
  bundleViewSchema,
  catalogImportResultSchema,
  itemSearchQuery,
  itemSearchResultSchema,
  itemVersionInfoSchema,
  itemVersionSchema,
  storedFileSchema,
} from '../../src/http/contracts/catalog.ts';
import type { ticketClassSchema } from '../../src/http/contracts/hall.ts';
import type { centerSchema, departmentSchema, regionSchema, windowSchema } from '../../src/http/contracts/org.ts';
import type { grantSchema, staffSchema } from '../../src/http/contracts/staff.ts';

// ---- Shapes the API returns -------------------------------------------------------------------
// The wire shapes (`z.input`: timestamps are ISO strings) of the server's response schemas in
// src/http/contracts: a field renamed or retyped there fails the web's typecheck here. Type-only
// imports, so zod and the server's code stay out of the bundle.

export type Grant = z.input<typeof grantSchema>;
export type Staff = z.input<typeof staffSchema>;
export type Me = z.input<typeof meSchema>;
/** `POST /api/auth/login`. */
export type SignedIn = z.input<typeof signedInSchema>;
export type Region = z.input<typeof regionSchema>;
export type Department = z.input<typeof departmentSchema>;

export { centerLevels, type CenterLevel } from '../../src/domain/region.ts';

export type Center = z.input<typeof centerSchema>;

/** `GET /api/hall/centers` (public): the same shape as a center. */
export type PublicCenter = Center;

/** `GET /api/centers/:id/ticket-classes` (public): a queue of a center. */
export type TicketClass = z.input<typeof ticketClassSchema>;

export type ServiceWindow = z.input<typeof windowSchema>;
export type ApiKey = z.input<typeof apiKeySchema>;
/** `POST /api/api-keys`: the key itself is shown once (null on a replay of the request). */
export type IssuedApiKey = z.input<typeof createdApiKeySchema>;
export type AuditRow = z.input<typeof auditRowSchema>;
/** `GET /api/notification-templates`: the events, channels and templates in force, each checked. */
export type NotificationTemplates = z.input<typeof templatesSchema>;
export type NotificationTemplate = NotificationTemplates['templates'][number];
export type NotificationCheck = z.input<typeof checkSchema>;
export type NotificationMessage = z.input<typeof messageSchema>;
export type NotificationFigures = z.input<typeof figuresSchema>;
export type PushSubscription = z.input<typeof pushSubscriptionSchema>;
export type PushSubscriptionList = z.input<typeof pushSubscriptionListSchema>;
export type PushSubscriptionWithSecret = z.input<typeof pushSubscriptionWithSecretSchema>;
export type PushDelivery = z.input<typeof pushDeliverySchema>;
export type PushDeliveryPage = z.input<typeof pushDeliveryPageSchema>;
export type PushReplay = z.input<typeof pushReplaySchema>;

// ---- Errors -------------------------------------------------------------------------------------

export interface ErrorPayload {
  /** One of `errorCodes` (src/domain/errors.ts, listed in docs/API.md), or the web app's own `NETWORK`, `CLIENT_ERROR`, `HTTP_<status>`. */
  code: ErrorCode | (string & {});
  message: string;
  messageEn: string;
  details?: unknown;
}

/** A failed call, with the server's words in both languages. `status` 0 means no answer came back. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorPayload['code'];
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(status: number, payload: ErrorPayload) {
    super(payload.messageEn);
    this.name = 'ApiError';
    this.status = status;
    this.code = payload.code;
    this.messageZh = payload.message;
    this.messageEn = payload.messageEn;
    this.details = payload.details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Any thrown value as an ApiError, so screens have one thing to show. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(0, { code: 'CLIENT_ERROR', message: `页面出错:${detail}`, messageEn: `Something went wrong: ${detail}` });
}

/**
 * The error of a failed response's body. The server's own words come first, as they name the
 * particular case; a known code without them reads its meaning from `errorCodes`; anything else
 * (a proxy's page, an unknown code without words) gets a generic message naming the status.
 */
export function errorPayloadOf(body: unknown, status: number): ErrorPayload {
  const generic = {
    code: `HTTP_${status}`,
    message: `服务器暂时无法处理请求(${status}),请稍后再试`,
    messageEn: `The server could not handle the request (${status}); try again later`,
  };
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return generic;
  const { code, message, messageEn, details } = error as Record<string, unknown>;
  if (typeof code !== 'string') return generic;
  const known = Object.hasOwn(errorCodes, code) ? errorCodes[code as ErrorCode] : undefined;
  const zh = typeof message === 'string' && message.trim() ? message : known?.zh;
  const en = typeof messageEn === 'string' && messageEn.trim() ? messageEn : known?.en;
  if (!zh && !en) return { ...generic, code };
  return { code, message: zh || en!, messageEn: en || zh!, ...(details === undefined ? {} : { details }) };
}

async function readError(response: Response): Promise<ErrorPayload> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy or gateway answered; errorPayloadOf gives a generic message.
  }
  return errorPayloadOf(body, response.status);
}

// ---- Requests -----------------------------------------------------------------------------------

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Method = 'GET' | WriteMethod;

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Let a 401 reach the caller without leaving the page (the sign-in form, the session probe). */
  quietUnauthenticated?: boolean;
}

let unauthenticatedHandler: () => void = () => window.location.assign('/login');

/** Who handles "signed out" (any 401): the session, which sends the user to the sign-in page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  unauthenticatedHandler = handler;
}

/**
 * A random key for one write. `crypto.randomUUID` exists only in secure contexts; many service
 * halls reach the server over plain HTTP on an intranet address, so fall back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- Acting for a business (一网通办) -------------------------------------------------------------
// A person signed in online may act for an organisation they represent or handle for (授权经办人):
// the online pages choose it, and the server reads it from `X-Acting-For` on each call. Only the
// online applicant's calls carry it, so no other request (staff, guide) ever names an organisation.

let actingForId: string | null = null;

/** The organisation (applicant id) the online calls act for from now on; null: the person themselves. */
export function setActingFor(applicantId: string | null): void {
  actingForId = applicantId;
}

/** The `X-Acting-For` header for a path that takes it (`/api/online/*`, `/api/applicant/me`), else none. */
export function actingForHeaders(path: string): Record<string, string> {
  if (actingForId === null) return {};
  const takesIt = path.startsWith('/api/online/') || path === '/api/applicant/me' || path.startsWith('/api/applicant/me?');
  return takesIt ? { 'x-acting-for': actingForId } : {};
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...actingForHeaders(path) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? newIdempotencyKey();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, {
      code: 'NETWORK',
      message: '无法连接服务器,请检查网络后重试',
      messageEn: 'Cannot reach the server; check the network and try again',
    });
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = new ApiError(response.status, await readError(response));
  if (response.status === 401 && !options.quietUnauthenticated) unauthenticatedHandler();
  throw error;
}

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'body' | 'idempotencyKey'> = {}) => request<T>('GET', path, options),
};

/**
 * One user action that writes (a form's submit, a revoke click). The same request sent again —
 * a double click, or a retry after the answer was lost — reuses its Idempotency-Key, so the server
 * replays the first result instead of applying it twice; a changed request, or the next one after
 * a success, gets a new key.
 */
export class Action {
  #key: string | null = null;
  #signature = '';

  async send<T>(method: WriteMethod, path: string, body?: unknown, options: Pick<RequestOptions, 'quietUnauthenticated'> = {}): Promise<T> {
    const signature = `${method} ${path} ${JSON.stringify(body ?? null)}`;
    if (this.#key === null || signature !== this.#signature) {
      this.#key = newIdempotencyKey();
      this.#signature = signature;
    }
    const result = await request<T>(method, path, { ...options, body, idempotencyKey: this.#key });
    this.#key = null;
    return result;
  }
}

// ---- Public guide (办事指南): published catalog, no sign-in ---------------------------------------
// Shapes of the public catalog routes, used by web/src/features/guide. Item and bundle content are
// the domain types themselves (src/domain/catalog.ts, src/domain/bundle.ts).

/** One hit of `GET /api/items`. */
export type ItemSearchResult = z.input<typeof itemSearchResultSchema>;
export type ItemSummary = ItemSearchResult['items'][number];

/** The query of `GET /api/items`, as the guide builds it (`zeroVisit` is sent as `true` or left out). */
export type ItemSearchQuery = Pick<z.input<typeof itemSearchQuery>, 'q' | 'departmentId' | 'serviceObject' | 'channel'> & { zeroVisit?: boolean; limit?: number; offset?: number };

export type Bundle = z.input<typeof bundleSchema>;

/**
 * `GET /api/bundles/:code`: the bundle, its published members and their merged form and materials.
 * `GET /api/items/:code` answers an {@link ItemVersion}.
 */
export type BundleView = z.input<typeof bundleViewSchema>;

/** The bundle's own registration and what it produces, in one sentence; undefined when it creates none. */
export function producedByRegistration(view: BundleView): { member: string; things: string[] } | undefined {
  const { registration, produced } = view.merged;
  if (!registration) return undefined;
  const things = [...produced.formFields.map((f) => f.label), ...produced.materials.map((m) => m.name)];
  return things.length > 0 ? { member: registration.name, things: [...new Set(things)] } : undefined;
}

export const guideApi = {
  itemsPath: (query: ItemSearchQuery) => withQuery('/api/items', { ...query, zeroVisit: query.zeroVisit ? 'true' : undefined }),
  itemPath: (code: string) => `/api/items/${encodeURIComponent(code)}`,
  bundlesPath: '/api/bundles',
  bundlePath: (code: string) => `/api/bundles/${encodeURIComponent(code)}`,
  filePath: (id: string) => `/api/files/${encodeURIComponent(id)}`,
  searchItems: (query: ItemSearchQuery, signal?: AbortSignal) => api.get<ItemSearchResult>(guideApi.itemsPath(query), { signal, quietUnauthenticated: true }),
};

// ---- Catalog administration: 事项管理, 一件事, 工作日历 (web/src/features/catalog-admin) ------------

/** A row of 事项管理: the published version, or the draft when the item was never published. */
export type AdminItemSummary = z.input<typeof adminItemSummarySchema>;

export type ItemVersion = z.input<typeof itemVersionSchema>;
export type ItemVersionStatus = ItemVersion['status'];
export type ItemVersionInfo = z.input<typeof itemVersionInfoSchema>;

export type AdminBundle = Bundle;
export type BundleStatus = Bundle['status'];

export type CalendarOverride = z.input<typeof calendarOverrideSchema>;
/** A region's calendar for one year; overrides include those of the regions above it. */
export type RegionCalendar = z.input<typeof regionCalendarSchema>;
export type DueDate = z.input<typeof dueDateSchema>;

export type StoredFile = z.input<typeof storedFileSchema>;
export type CatalogImportResult = z.input<typeof catalogImportResultSchema>;

/** One problem of a failed catalog import (row 0 / empty column: the whole sheet or file). */
export interface CatalogImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

async function answerOf<T>(response: Response): Promise<T> {
  if (response.ok) {
    const text = response.status === 204 ? '' : await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = new ApiError(response.status, await readError(response));
  if (response.status === 401) unauthenticatedHandler();
  throw error;
}

const unreachable = () => new ApiError(0, { code: 'NETWORK', message: '无法连接服务器,请检查网络后重试', messageEn: 'Cannot reach the server; check the network and try again' });

/**
 * Uploads one file as multipart/form-data (field `file`), with an Idempotency-Key like every write.
 *
 * @example
 * const saved = await uploadFile<StoredFile>('/api/files', file);
 */
export async function uploadFile<T>(path: string, file: Blob, fileName?: string): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName ?? (file instanceof File ? file.name : 'file'));
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', 'idempotency-key': newIdempotencyKey(), ...actingForHeaders(path) },
      credentials: 'same-origin',
      body: form,
    });
  } catch {
    throw unreachable();
  }
  return answerOf<T>(response);
}

/**
 * Fetches a file (an export, a licence PDF) and hands it to the browser as a download; with
 * `post`, by a POST of that JSON body (a secret such as a query password never goes in the address).
 */
export async function downloadFile(path: string, fallbackName: string, post?: { body: unknown }): Promise<void> {
  let response: Response;
  try {
    response = await fetch(
      path,
      post
        ? { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'idempotency-key': newIdempotencyKey(), ...actingForHeaders(path) }, body: JSON.stringify(post.body) }
        : { credentials: 'same-origin', headers: actingForHeaders(path) },
    );
  } catch {
    throw unreachable();
  }
  if (!response.ok) await answerOf<never>(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the object URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
