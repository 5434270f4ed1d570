/**
 * The Fastify app: API under /api (zod-validated, documented at /api/docs), the built web app
 * everywhere else. Built in-process for tests (`app.inject`) and by `onewindow serve`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { Services } from '../main.ts';
import { registerAccessControl } from './access.ts';
import { errorBody, handleError } from './errors.ts';
import { registerInputGuards } from './input-guards.ts';
import { registerSecurity, sharedRateLimitStore, trustProxySetting, type TrustProxy } from './security.ts';
import { registerApiKeyRoutes } from './routes/api-key.routes.ts';
import { registerApplicantRoutes } from './routes/applicant.routes.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';
import { registerHomeRoutes } from './routes/home.routes.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import { registerCalendarRoutes } from './routes/calendar.routes.ts';
import { registerCaseRoutes } from './routes/case.routes.ts';
import { registerAgentRoutes } from './routes/agent.routes.ts';
import { registerRectificationRoutes } from './routes/rectification.routes.ts';
import { registerComplaintRoutes } from './routes/complaint.routes.ts';
import { registerAlertRoutes } from './routes/alert.routes.ts';
import { registerPushRoutes } from './routes/push.routes.ts';
import { registerCatalogRoutes } from './routes/catalog.routes.ts';
import { registerHallRoutes } from './routes/hall.routes.ts';
import { registerHealthRoutes } from './routes/health.routes.ts';
import { registerLicenceRoutes } from './routes/licence.routes.ts';
import { registerOnlineRoutes } from './routes/online.routes.ts';
import { registerOnlineApplicationRoutes } from './routes/online-application.routes.ts';
import { registerOrgRoutes } from './routes/org.routes.ts';
import { registerNotificationRoutes } from './routes/notification.routes.ts';
import { registerStaffRoutes } from './routes/staff.routes.ts';
import { registerQualityReportRoutes } from './routes/quality-report.routes.ts';
import { registerSupervisionRoutes } from './routes/supervision.routes.ts';
import { registerPublicityRoutes } from './routes/publicity.routes.ts';
import { registerRatingRoutes } from './routes/rating.routes.ts';
import { registerSharedDataRoutes } from './routes/shared-data.routes.ts';
import { maskResidentIdsIn } from '../domain/resident-id.ts';

/**
 * The logger with Fastify's request line (method, url, host, address) kept, but any resident ID in
 * the url masked: routes never put one there, but a caller may.
 */
function withMaskedRequests(logger: true | object): object {
  const base = logger === true ? {} : logger;
  return {
    ...base,
    serializers: {
      req: (request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: request.method,
        url: maskResidentIdsIn(safeDecode(request.url)),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      ...(base as { serializers?: object }).serializers,
    },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export interface AppOptions {
  services: Services;
  databaseKind: DatabaseKind;
  version: string;
  /** Built web app to serve; skipped when the folder does not exist. */
  webRoot?: string;
  logger?: boolean | object;
  /** Set the Secure flag on the session cookie (behind HTTPS); also turns on HSTS. */
  secureCookies?: boolean;
  /** Which proxies' X-Forwarded-For to believe (`TRUST_PROXY`); default none. */
  trustProxy?: TrustProxy;
  /** Origins besides the request's own host whose pages may send writes (`PUBLIC_ORIGIN`, `ALLOWED_ORIGINS`). */
  allowedOrigins?: string[];
  bodyLimitBytes?: number;
  /** The site printed licences' QR codes point to (`PUBLIC_ORIGIN`); else the request's own origin. */
  publicOrigin?: string;
  /** Public e-licence verifications per minute per client (`VERIFY_RATE_LIMIT`, default 600). */
  verifyRateLimitPerMinute?: number;
}

export type App = FastifyInstance;

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ? withMaskedRequests(options.logger) : false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    // X-Forwarded-* is believed only from the proxies TRUST_PROXY names (by address or hop count).
    trustProxy: trustProxySetting(options.trustProxy ?? false),
    ajv: { customOptions: { removeAdditional: false } },
    // An undecodable URL or an over-long path parameter is refused by the router, before any route: same error body.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  registerInputGuards(app);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(fastifyRateLimit, {
    global: false,
    store: sharedRateLimitStore(options.services.limiter),
    errorResponseBuilder: (_request, context) => {
      const error = new AppError('RATE_LIMITED', {
        zh: `尝试次数过多,请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
        en: `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
      });
      return Object.assign(error, { statusCode: 429 });
    },
  });
  await registerSecurity(app, { secure: options.secureCookies ?? false, allowedOrigins: options.allowedOrigins ?? [] });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OneWindow 一窗通 API', version: options.version, description: '最多跑一次 integrated government-service platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ow_session' },
          applicantSession: { type: 'apiKey', in: 'cookie', name: 'ow_applicant' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(async (api) => {
    registerAccessControl(api, options.services.auth, options.services.onlineAccounts);
    api.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    registerHealthRoutes(api, { services: options.services, databaseKind: options.databaseKind, version: options.version });
    registerAuthRoutes(api, options.services, { secureCookies: options.secureCookies ?? false });
    registerOrgRoutes(api, options.services);
    registerStaffRoutes(api, options.services);
    registerApiKeyRoutes(api, options.services);
    registerNotificationRoutes(api, options.services);
    registerAuditRoutes(api, options.services);
    registerHomeRoutes(api, options.services);
    registerCatalogRoutes(api, options.services);
    registerCalendarRoutes(api, options.services);
    registerApplicantRoutes(api, options.services);
    registerCaseRoutes(api, options.services);
    registerAgentRoutes(api, options.services);
    registerRectificationRoutes(api, options.services);
    registerComplaintRoutes(api, options.services);
    registerAlertRoutes(api, options.services);
    registerPushRoutes(api, options.services);
    registerHallRoutes(api, options.services);
    registerQualityReportRoutes(api, options.services);
    registerSupervisionRoutes(api, options.services);
    registerPublicityRoutes(api, options.services);
    registerOnlineRoutes(api, options.services, { secureCookies: options.secureCookies ?? false });
    registerLicenceRoutes(api, options.services, { publicOrigin: options.publicOrigin, verifyRateLimitPerMinute: options.verifyRateLimitPerMinute ?? 600 });
    registerOnlineApplicationRoutes(api, options.services, { publicOrigin: options.publicOrigin });
    registerRatingRoutes(api, options.services);
    registerSharedDataRoutes(api, options.services);
  });

  const webRoot = options.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // Vite writes name.br and name.gz beside each asset at build time; the best the browser accepts is sent.
      preCompressed: true,
      // Files under /assets/ carry a content hash in their name: a changed file is a new name, so they are
      // cached for a year and never revalidated. Everything else (index.html, the icon) is revalidated.
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('Cache-Control', isHashedAsset(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (path.startsWith('/api/') || path === '/api' || request.method !== 'GET') {
      // The path is said back, but never a resident ID someone put into it.
      const shown = maskResidentIdsIn(safeDecode(path));
      return reply.status(404).send(errorBody(new AppError('NOT_FOUND', { zh: `接口不存在:${request.method} ${shown}`, en: `No such route: ${request.method} ${shown}` })));
    }
    // Client-side routes of the web app all load its one page.
    if (hasWeb) return reply.type('text/html').header('Cache-Control', 'no-cache').sendFile('index.html');
    return reply.type('text/plain; charset=utf-8').send('OneWindow 一窗通: the web app is not built. Run `npm run build`, then reload.\n');
  });

  return app;
}

/** A build output named with its content hash (web/dist/assets/Name-1a2B3c4D.js and its .br/.gz). */
export function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+(\.br|\.gz)?$/.test(path);
}
