/**
 * The online channel's identity (一网通办), under /api/applicant: one-time codes and sign-in
 * (public, limited against guessing by the service with counters shared by all processes), the
 * OIDC platform's sign-in, the signed-in account, its real-name binding and its businesses.
 * Every other route here is for applicants signed in online only (`access: 'applicant'`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../main.ts';
import { codeRules } from '../../domain/online-identity.ts';
import type { ApplicantSignedIn } from '../../services/online-account.service.ts';
import { oidcCookie } from '../../services/oidc-login.ts';
import { AppError } from '../../domain/errors.ts';
import { applicantCookie, unauthenticated, writeOptions } from '../access.ts';
import { noContent, uuidParam } from '../contracts/common.ts';
import {
  accountSchema,
  addHandlerBody,
  applicantSignedInSchema,
  applicantSignInBody,
  bindIdentityBody,
  businessSchema,
  codeSentSchema,
  counterVerifiedSchema,
  counterVerifyBody,
  handlerParams,
  handlerSchema,
  oidcCallbackQuery,
  onlineOptionsSchema,
  registerBusinessBody,
  sendCodeBody,
} from '../contracts/online.ts';
import { z } from 'zod';

const tags = ['applicant online'];

export function registerOnlineRoutes(app: FastifyInstance, services: Services, options: { secureCookies: boolean }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { onlineAccounts, businesses, oidc } = services;

  // Lax, not Strict: the OIDC platform's redirect back is a top-level navigation from another site.
  // Writes are still refused cross-site by the Origin check (security.ts).
  const setSession = (reply: FastifyReply, signedIn: ApplicantSignedIn) => reply.setCookie(applicantCookie, signedIn.token, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/', expires: signedIn.expiresAt });

  api.get('/api/applicant/options', { config: { access: 'public' }, schema: { tags, summary: '网上办事登录方式 Sign-in options', response: { 200: onlineOptionsSchema } } }, async () => ({
    oidc: oidc.isEnabled,
    codeDigits: codeRules.digits,
    resendAfterSeconds: codeRules.resendAfterMs / 1000,
  }));

  api.post(
    '/api/applicant/codes',
    {
      // Limited per number (1 a minute, 10 a day) and per client address by the service; the same answer for every number.
      config: { access: 'public' },
      schema: { tags, summary: '获取短信验证码 Send a one-time code', body: sendCodeBody, response: { 200: codeSentSchema } },
    },
    async (request) => onlineAccounts.sendCode({ phone: request.body.phone, purpose: request.body.purpose, subjectId: request.body.subjectId, ip: request.ip }),
  );

  api.post(
    '/api/applicant/sessions',
    {
      config: { access: 'public' },
      schema: { tags, summary: '验证码登录 Sign in with a code', body: applicantSignInBody, response: { 200: applicantSignedInSchema } },
    },
    async (request, reply) => {
      const signedIn = await onlineAccounts.signIn({ phone: request.body.phone, code: request.body.code, ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
      setSession(reply, signedIn);
      return { account: signedIn.account, expiresAt: signedIn.expiresAt };
    },
  );

  api.delete('/api/applicant/sessions', { config: { access: 'applicant' }, schema: { tags, summary: '退出登录 Sign out', response: { 204: noContent } } }, async (request, reply) => {
    if (!request.sessionToken || !request.actor) throw unauthenticated();
    await onlineAccounts.signOut(request.sessionToken, request.actor);
    void reply.clearCookie(applicantCookie, { path: '/' });
    return reply.status(204).send();
  });

  api.get('/api/applicant/me', { config: { access: 'applicant' }, schema: { tags, summary: '我的账号 My account', response: { 200: accountSchema } } }, async (request) => onlineAccounts.me(request.actor!));

  api.post(
    '/api/applicant/me/identity',
    {
      config: { access: 'applicant' },
      schema: { tags, summary: '实名认证 Bind real name and resident ID (once)', body: bindIdentityBody, response: { 200: accountSchema } },
    },
    async (request) => onlineAccounts.bindIdentity(writeOptions(request), request.body),
  );

  api.get('/api/applicant/businesses', { config: { access: 'applicant' }, schema: { tags, summary: '我可办理的单位 Businesses I act for', response: { 200: z.array(businessSchema) } } }, async (request) => businesses.list(request.actor!));

  api.post(
    '/api/applicant/businesses',
    {
      config: { access: 'applicant' },
      schema: { tags, summary: '登记为单位法定代表人 Register as legal representative', body: registerBusinessBody, response: { 201: businessSchema } },
    },
    async (request, reply) => reply.status(201).send(await businesses.register(writeOptions(request), request.body)),
  );

  api.get(
    '/api/applicant/businesses/:id/handlers',
    { config: { access: 'applicant' }, schema: { tags, summary: '单位经办人 Handlers of a business (legal representative)', params: uuidParam, response: { 200: z.array(handlerSchema) } } },
    async (request) => businesses.handlers(request.actor!, request.params.id),
  );

  api.post(
    '/api/applicant/businesses/:id/handlers',
    {
      config: { access: 'applicant' },
      schema: { tags, summary: '添加授权经办人 Add an authorised handler', params: uuidParam, body: addHandlerBody, response: { 201: handlerSchema } },
    },
    async (request, reply) => reply.status(201).send(await businesses.addHandler(writeOptions(request), request.params.id, request.body)),
  );

  api.delete(
    '/api/applicant/businesses/:id/handlers/:handlerId',
    { config: { access: 'applicant' }, schema: { tags, summary: '移除授权经办人 Remove a handler', params: handlerParams, response: { 204: noContent } } },
    async (request, reply) => {
      await businesses.removeHandler(writeOptions(request), request.params.id, request.params.handlerId);
      return reply.status(204).send();
    },
  );

  api.post(
    '/api/applicants/:id/online-account/verify',
    {
      // Staff at a counter, the ID card in hand (窗口核验); the service checks the number against the binding.
      config: { access: { permission: 'applicant.register' } },
      schema: { tags, summary: '窗口核验网上办事实名 Verify an online account at the counter', params: uuidParam, body: counterVerifyBody, response: { 200: counterVerifiedSchema } },
    },
    async (request) => onlineAccounts.verifyAtCounter(writeOptions(request), request.params.id, request.body),
  );

  api.get(
    '/api/applicant/oidc/start',
    { config: { access: 'public' }, schema: { tags, summary: '统一身份认证登录 Sign in through the identity platform (redirect)', response: { 302: z.void().describe('To the identity platform') } } },
    async (_request, reply) => {
      const started = await oidc.start();
      void reply.setCookie(oidcCookie, started.cookie, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/api/applicant/oidc', maxAge: started.maxAgeSeconds });
      return reply.redirect(started.url, 302);
    },
  );

  api.get(
    '/api/applicant/oidc/callback',
    {
      config: { access: 'public' },
      schema: { tags, summary: '统一身份认证回调 The identity platform calls back', querystring: oidcCallbackQuery, response: { 302: z.void().describe('To the account page, or back to sign-in with the reason') } },
    },
    async (request, reply) => {
      void reply.clearCookie(oidcCookie, { path: '/api/applicant/oidc' });
      try {
        const signedIn = await oidc.callback({ url: new URL(request.url, 'http://callback.invalid'), cookie: request.cookies[oidcCookie], ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
        setSession(reply, signedIn);
        return reply.redirect('/online/me', 302);
      } catch (error) {
        // A browser arrives here: it is sent back to sign in, with the reason to show.
        if (!(error instanceof AppError)) throw error;
        return reply.redirect(`/online/login?error=${encodeURIComponent(error.code)}&message=${encodeURIComponent(error.messageZh)}`, 302);
      }
    },
  );
}
