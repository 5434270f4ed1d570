/**
 * Every API route declares who may call it in `config.access`: `'public'`, or the permission of the
 * matrix (`src/domain/permissions.ts`) it needs. The app refuses to start with a route that does
 * not. Signed out → 401; signed in without a role that holds the permission (or an API key on a
 * route the permission keeps from them) → 403. The service then checks the same permission against
 * the record's region and department.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { mayAnywhere, permissions, type Permission } from '../domain/permissions.ts';
import { canonicalJson } from '../domain/audit-chain.ts';
import type { StaffMember } from '../repositories/staff.repository.ts';
import { forbidden, type Actor } from '../services/actor.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { OnlineAccountService } from '../services/online-account.service.ts';
import type { WriteOptions } from '../services/write.ts';

/**
 * `'public'`: anyone; `'applicant'`: a member of the public (or a business's handler) signed in on the online channel (their
 * own records only, checked by the service); otherwise the matrix's permission.
 */
export type Access = 'public' | 'applicant' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }

  interface FastifyRequest {
    actor: Actor | null;
    staff: StaffMember | null;
    sessionToken: string | null;
  }
}

export const sessionCookie = 'ow_session';
/** The session cookie of an applicant signed in online (一网通办); a staff session wins when both are sent. */
export const applicantCookie = 'ow_applicant';
/** The organisation an applicant's request acts for (its legal representative or a handler). */
export const actingForHeader = 'x-acting-for';

export function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ow_')) return authorization.slice('Bearer '.length);
  return undefined;
}

/** Registers the routes-wide hooks: every route must declare access, and every request is checked against it. */
export function registerAccessControl(app: FastifyInstance, auth: AuthService, online?: Pick<OnlineAccountService, 'authenticateSession'>): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('staff', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    if (access !== 'public' && access !== 'applicant' && !Object.hasOwn(permissions, access.permission)) throw new Error(`Route ${route.method} ${route.url} names an unknown permission`);
    // The OpenAPI document says who may call each route: `x-permission` is `public` or the matrix's name.
    if (route.schema) (route.schema as Record<string, unknown>)['x-permission'] = typeof access === 'string' ? access : access.permission;
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) throw new Error('route without access');
    const apiKey = apiKeyOf(request);
    if (apiKey) {
      request.actor = (await auth.authenticateApiKey(apiKey)) ?? null;
      if (!request.actor) throw new AppError('UNAUTHENTICATED', { zh: 'API 密钥无效、已吊销或已过期', en: 'Invalid, revoked or expired API key' });
    } else {
      const token = request.cookies[sessionCookie];
      if (token) {
        const session = await auth.authenticateSession(token);
        if (session) {
          request.actor = session.actor;
          request.staff = session.staff;
          request.sessionToken = token;
        }
      }
      const applicantToken = request.cookies[applicantCookie];
      if (!request.actor && applicantToken && online) {
        const actingFor = request.headers[actingForHeader];
        request.actor = (await online.authenticateSession(applicantToken, typeof actingFor === 'string' ? actingFor : undefined)) ?? null;
        if (request.actor) request.sessionToken = applicantToken;
      }
    }
    if (access === 'public') return;
    const actor = request.actor;
    if (!actor) throw unauthenticated();
    if (access === 'applicant') {
      if (actor.kind !== 'applicant') throw new AppError('FORBIDDEN', { zh: '该功能仅供网上办事的申请人使用', en: 'Only applicants signed in online may use this' });
      return;
    }
    if (actor.kind === 'applicant') throw forbidden(access.permission);
    const rule = permissions[access.permission];
    if (actor.kind === 'api_key') {
      if (!('apiKey' in rule && rule.apiKey)) throw new AppError('FORBIDDEN', { zh: '该接口不对外部系统开放', en: 'This route is not open to API keys' });
      return;
    }
    if (!mayAnywhere(actor.grants, access.permission)) throw forbidden(access.permission);
  });
}

const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The actor, the client's idempotency key and a digest of the request: what every service write takes. */
export function writeOptions(request: FastifyRequest): WriteOptions {
  const actor = request.actor;
  if (!actor) throw unauthenticated();
  const key = request.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !idempotencyKeyPattern.test(key))) {
    throw new AppError('BAD_REQUEST', {
      zh: 'Idempotency-Key 应为8到128位字母、数字或 _.:- 字符',
      en: 'Idempotency-Key must be 8 to 128 letters, digits or _.:- characters',
    });
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
  return { actor, idempotencyKey: key, requestHash };
}
