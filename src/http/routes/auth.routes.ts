import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { sessionCookie, unauthenticated } from '../access.ts';
import { noContent } from '../contracts/common.ts';
import { loginBody, meSchema, signedInSchema } from '../contracts/auth.ts';
import { toStaffDto } from '../contracts/staff.ts';

export function registerAuthRoutes(app: FastifyInstance, services: Services, options: { secureCookies: boolean }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/auth/login',
    {
      // Guessing is limited by the service (per account and per client address, shared by all processes).
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '工作人员登录 Staff sign-in',
        body: loginBody,
        response: { 200: signedInSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await services.auth.signIn({
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      void reply.setCookie(sessionCookie, signedIn.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        path: '/',
        expires: signedIn.expiresAt,
      });
      return { staff: toStaffDto(signedIn.staff), expiresAt: signedIn.expiresAt };
    },
  );

  api.post('/api/auth/logout', { config: { access: { permission: 'workspace.read' } }, schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 204: noContent } } }, async (request, reply) => {
    if (!request.sessionToken || !request.actor) throw unauthenticated();
    await services.auth.signOut(request.sessionToken, request.actor);
    void reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send();
  });

  api.get(
    '/api/auth/me',
    {
      config: { access: { permission: 'directory.read' } },
      schema: { tags: ['auth'], summary: '当前身份 Who am I', response: { 200: meSchema } },
    },
    async (request) => {
      const actor = request.actor!;
      if (actor.kind === 'api_key') return { kind: 'api_key' as const, staff: null, apiKey: { id: actor.id!, name: actor.name } };
      return { kind: 'staff' as const, staff: toStaffDto(request.staff!), apiKey: null };
    },
  );
}
