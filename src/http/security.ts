/**
 * Browser-side defences and the client's address (DESIGN §9):
 * - security headers on every response (a Content-Security-Policy the web app runs under,
 *   nosniff, no framing, a strict Referrer-Policy, HSTS behind HTTPS);
 * - cross-site request refusal: an unsafe request (POST/PUT/PATCH/DELETE) that a browser sent from
 *   another origin is refused before any handler runs, and a request carrying the session cookie
 *   must send its body as JSON (or multipart where the route takes uploads), so a cross-site
 *   "simple" form or text/plain POST never reaches a handler;
 * - which hop of `X-Forwarded-For` to believe (`TRUST_PROXY`), so counts per client address are
 *   per client behind a reverse proxy and cannot be dodged by forging the header without one;
 * - a store for `@fastify/rate-limit` that keeps its counts in the database, shared by all processes.
 */
import { isIP } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from '../domain/errors.ts';
import type { AttemptLimiter } from '../services/attempt-limiter.ts';
import { applicantCookie, sessionCookie } from './access.ts';

// ---- settings ----------------------------------------------------------------------------------

/** What Fastify is told about proxies: none, the number of proxies in front, or their addresses. */
export type TrustProxy = false | number | string[];

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Reads `TRUST_PROXY`: unset or `false` → the client is the socket peer (X-Forwarded-For ignored);
 * a number → that many proxies in front; otherwise a comma-separated list of proxy addresses or
 * CIDR ranges (and the names `loopback`, `linklocal`, `uniquelocal`), whose X-Forwarded-For alone
 * is believed. `true` is refused: it would believe whatever address any client claims.
 *
 * @example parseTrustProxy('127.0.0.1, 10.0.0.0/8') // ['127.0.0.1', '10.0.0.0/8']
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') {
    throw new Error('TRUST_PROXY=true would believe any X-Forwarded-For a client sends; give the proxy addresses (e.g. TRUST_PROXY=127.0.0.1 or 10.0.0.0/8) or the number of proxies in front (e.g. TRUST_PROXY=1)');
  }
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length > 0) throw new Error(`TRUST_PROXY: not an address, CIDR range or hop count: ${bad.join(', ')}`);
  return entries;
}

/** The setting as Fastify takes it: a hop count becomes "trust the n nearest hops". */
export function trustProxySetting(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Reads `PUBLIC_ORIGIN` and `ALLOWED_ORIGINS` (comma-separated): the origins, besides the
 * request's own host, whose browsers may send writes, e.g. `https://zwfw.example.gov.cn` behind
 * a proxy that passes another Host on.
 */
export function parseOrigins(...values: (string | undefined)[]): string[] {
  const origins: string[] = [];
  for (const entry of values
    .flatMap((v) => (v ?? '').split(','))
    .map((e) => e.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`PUBLIC_ORIGIN / ALLOWED_ORIGINS: not an origin: ${entry} (write it as https://host[:port])`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname.length > 1 || url.search || url.hash) {
      throw new Error(`PUBLIC_ORIGIN / ALLOWED_ORIGINS: not an origin: ${entry} (write it as https://host[:port])`);
    }
    origins.push(url.origin);
  }
  return [...new Set(origins)];
}

// ---- headers -----------------------------------------------------------------------------------

/**
 * The Content-Security-Policy of every response. Scripts only from this origin (the built app has
 * no inline script). Styles also inline: antd 6 writes its CSS-in-JS into <style> tags at run
 * time and index.html carries the first paint's styles. Images also as data: (QR codes) and blob:.
 * No framing anywhere: neither the hall display nor the kiosk runs inside another page.
 */
export function contentSecurityPolicy(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'media-src': ["'self'", 'data:', 'blob:'],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only behind HTTPS: on a plain-HTTP township install it would send the browser to a port with no TLS.
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

// ---- cross-site requests -----------------------------------------------------------------------

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function carriesApiKey(request: FastifyRequest): boolean {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return true;
  return request.headers.authorization?.startsWith('Bearer ow_') ?? false;
}

function crossSite(origin: string): AppError {
  return new AppError('FORBIDDEN', { zh: `已拒绝跨站请求:请求来自 ${origin},不是本系统的页面。请在一窗通页面内操作`, en: `Cross-site request refused: it came from ${origin}, not from a OneWindow page` }, { origin });
}

function originOfUrl(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Where a browser says the request came from, judged: 'same' (this site or an allowed origin),
 * 'cross', or 'none' when the request carries no browser provenance at all (Origin, Sec-Fetch-Site,
 * Referer). Browsers send Origin on every cross-origin POST, PUT, PATCH and DELETE, so 'none' is a
 * program (curl, another system, a test), which no web page can make a victim's browser be.
 */
export function requestProvenance(request: FastifyRequest, options: { allowedOrigins: readonly string[]; secure: boolean }): { verdict: 'same' | 'cross' | 'none'; origin?: string } {
  const isAllowed = (origin: string): boolean => {
    if (options.allowedOrigins.includes(origin)) return true;
    const url = new URL(origin);
    if (options.secure && url.protocol !== 'https:') return false;
    return url.host === request.host;
  };
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const parsed = originOfUrl(origin);
    return { verdict: parsed && isAllowed(parsed) ? 'same' : 'cross', origin };
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return { verdict: site === 'same-origin' || site === 'none' ? 'same' : 'cross', origin: `Sec-Fetch-Site: ${site}` };
  const referer = request.headers.referer;
  if (referer !== undefined) {
    const parsed = originOfUrl(referer);
    return { verdict: parsed && isAllowed(parsed) ? 'same' : 'cross', origin: parsed ?? 'null' };
  }
  return { verdict: 'none' };
}

function isJson(contentType: string): boolean {
  return contentType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(contentType);
}

function takesUploads(request: FastifyRequest): boolean {
  const consumes = (request.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes;
  return consumes?.includes('multipart/form-data') ?? false;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

// ---- registration ------------------------------------------------------------------------------

export interface SecurityOptions {
  /** Behind HTTPS (`COOKIE_SECURE=true`): HSTS, upgrade-insecure-requests, https origins only. */
  secure: boolean;
  /** Origins besides the request's own host that may send writes. */
  allowedOrigins: readonly string[];
}

/** Security headers on every response and the cross-site checks of unsafe requests; register before the routes. */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.secure) },
    strictTransportSecurity: options.secure ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // Nothing of ours (a case number in an address) leaves for other sites; our own pages keep it.
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onRequest', async (request) => {
    if (!unsafeMethods.has(request.method) || carriesApiKey(request)) return;
    const provenance = requestProvenance(request, options);
    if (provenance.verdict === 'cross') throw crossSite(provenance.origin ?? 'null');
    // A browser may send text/plain, form or multipart bodies cross-site without asking first;
    // with the session cookie, only JSON (or an upload where the route takes one) gets through.
    if (!(request.cookies[sessionCookie] || request.cookies[applicantCookie]) || !hasBody(request)) return;
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (isJson(contentType) || (contentType === 'multipart/form-data' && takesUploads(request))) return;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      zh: `已登录的请求须以 application/json 发送(上传文件用 multipart/form-data),收到的是 ${contentType || '未声明类型'}`,
      en: `Signed-in requests must send application/json (uploads multipart/form-data), not ${contentType || 'an undeclared type'}`,
    });
  });
}

/**
 * A `@fastify/rate-limit` store over {@link AttemptLimiter.hit}: each route's limit counts in the
 * database under `rate:<METHOD> <url>`, so every process sees the same count.
 */
export function sharedRateLimitStore(limiter: AttemptLimiter): FastifyRateLimitStoreCtor {
  class SharedStore implements FastifyRateLimitStore {
    private readonly kind: string;

    constructor(options?: { routeInfo?: { method?: string | string[]; url?: string } }) {
      const route = options?.routeInfo;
      this.kind = `rate:${[route?.method ?? '*'].flat().join(',')} ${route?.url ?? '*'}`;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      limiter.hit(this.kind, key, timeWindow).then(
        (result) => callback(null, { current: result.count, ttl: result.resetInMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: object): FastifyRateLimitStore {
      return new SharedStore(routeOptions as { routeInfo?: { method?: string | string[]; url?: string } });
    }
  }
  return SharedStore as unknown as FastifyRateLimitStoreCtor;
}
