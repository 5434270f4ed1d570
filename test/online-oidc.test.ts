/**
 * Sign-in through an OIDC identity platform (统一身份认证), against a real provider: `oidc-provider`
 * runs in this process on a random port, and the whole authorization code flow (PKCE, state,
 * nonce, the provider's login and consent, the code exchange, userinfo) runs over HTTP. What the
 * platform vouches for binds a VERIFIED identity; a forged or replayed callback signs nobody in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { requireVerified } from '../src/domain/online-identity.ts';
import { applicantCookie } from '../src/http/access.ts';
import { oidcSettingsFromEnv, type OidcSettings } from '../src/services/oidc-login.ts';
import { idOf } from './support/case-steps.ts';
import { testBackends } from './support/database.ts';
import { createTestContext, type TestContext } from './support/context.ts';
import { from, nextAddress, signInOnline } from './support/online.ts';

interface Citizen {
  name: string;
  phone_number: string;
  id_card?: string;
}

/** The people the test platform knows, by subject; the test picks who logs in next. */
const citizens: Record<string, Citizen> = {
  'sub-li': { name: '李秀英', phone_number: '13700001111', id_card: idOf('37098219750909202') },
  'sub-chen': { name: '陈明', phone_number: '13700002222', id_card: idOf('37098219881111313') },
  'sub-nophone': { name: '无手机', phone_number: '' },
};
let nextLogin = 'sub-li';

async function startProvider(redirectUri: string): Promise<{ issuer: string; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'onewindow', client_secret: 'onewindow-secret-0123456789', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'id_card'], phone: ['phone_number'] },
    findAccount: async (_ctx, sub) => (citizens[sub] ? { accountId: sub, claims: async () => ({ sub, ...citizens[sub] }) } : undefined),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    // A signing key of its own, as a real platform has (not the library's development keys).
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
  });
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    // The platform's login and consent pages, answered at once: the person whose turn it is logs in and agrees.
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') return provider.interactionFinished(req, res, { login: { accountId: nextLogin } }, { mergeWithLastSubmission: false });
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  return { issuer, server };
}

/** A browser at the platform: follows its redirects with its cookies until it is sent back to us. */
async function throughPlatform(authorizeUrl: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    assert.ok(location, `the platform redirects (hop ${hop}: ${response.status} ${await response.text()})`);
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next.href;
  }
  throw new Error('the platform never sent the browser back');
}

for (const backend of testBackends()) {
  describe(`sign-in through a real OIDC provider (${backend.name})`, () => {
    let ctx: TestContext;
    let platform: { issuer: string; server: Server };
    let settings: OidcSettings;
    const redirectUri = 'http://onewindow.test/api/applicant/oidc/callback';

    before(async () => {
      platform = await startProvider(redirectUri);
      settings = oidcSettingsFromEnv({ OIDC_ISSUER: platform.issuer, OIDC_CLIENT_ID: 'onewindow', OIDC_CLIENT_SECRET: 'onewindow-secret-0123456789', OIDC_REDIRECT_URI: redirectUri })!;
      ctx = await createTestContext(backend, {}, { oidc: settings });
    });
    after(async () => {
      await ctx.close();
      platform.server.closeAllConnections();
      await new Promise((resolve) => platform.server.close(resolve));
    });

    /** Starts at our route, goes through the platform as `who`, comes back to our callback. */
    const signInAs = async (who: string, tamper?: (callback: URL, cookie: string) => { callback: URL; cookie: string }) => {
      nextLogin = who;
      const start = await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/oidc/start' });
      assert.equal(start.statusCode, 302, start.body);
      const authorize = new URL(start.headers.location as string);
      assert.equal(authorize.origin, platform.issuer);
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'), 'state and nonce are sent');
      const pending = start.cookies.find((c) => c.name === 'ow_oidc')!;
      assert.equal(pending.httpOnly, true);
      let callback = await throughPlatform(authorize.href, redirectUri);
      let cookie = `ow_oidc=${pending.value}`;
      if (tamper) ({ callback, cookie } = tamper(callback, cookie));
      const back = await from(ctx, nextAddress(), { method: 'GET', url: `${callback.pathname}${callback.search}`, cookie });
      assert.equal(back.statusCode, 302, back.body);
      const session = back.cookies.find((c) => c.name === applicantCookie && c.value);
      return { location: back.headers.location as string, cookie: session && `${applicantCookie}=${session.value}`, callback, pendingCookie: cookie };
    };

    test('the settings: all four variables or none', () => {
      assert.equal(oidcSettingsFromEnv({}), undefined);
      assert.throws(() => oidcSettingsFromEnv({ OIDC_ISSUER: 'https://id.example.gov.cn' }), /OIDC_CLIENT_ID/);
      assert.deepEqual([settings.idClaim, settings.nameClaim, settings.phoneClaim], ['id_card', 'name', 'phone_number']);
    });

    test('the platform’s person signs in with a VERIFIED binding (name, resident ID and number from its claims)', async () => {
      const options = await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/options' });
      assert.equal(options.json().oidc, true);
      const { location, cookie } = await signInAs('sub-li');
      assert.equal(location, '/online/me');
      assert.ok(cookie, 'the applicant session is set');
      const me = (await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/me', cookie })).json();
      assert.deepEqual([me.phone, me.binding, me.verifiedBy, me.person.name], ['13700001111', 'verified', 'oidc', '李秀英']);
      assert.equal(me.person.idMasked, `370982********${citizens['sub-li']!.id_card!.slice(-4)}`);
      assert.doesNotThrow(() => requireVerified({ applicantId: me.person.applicantId, verified: true }));
      const identities = await ctx.database.db.selectFrom('oidc_identities').selectAll().execute();
      assert.deepEqual(
        identities.map((i) => [i.issuer, i.subject]),
        [[platform.issuer, 'sub-li']],
      );
      // The same person again: the same account.
      const again = await signInAs('sub-li');
      const second = (await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/me', cookie: again.cookie })).json();
      assert.equal(second.accountId, me.accountId);
    });

    test('an account that signed in by code and bound itself unverified is verified when the platform vouches for the same person', async () => {
      const byCode = await signInOnline(ctx, '13700002222');
      const bound = await from(ctx, nextAddress(), { method: 'POST', url: '/api/applicant/me/identity', cookie: byCode, body: { name: '陈明', residentId: citizens['sub-chen']!.id_card } });
      assert.equal(bound.json().binding, 'unverified');
      assert.throws(() => requireVerified({ applicantId: bound.json().person.applicantId, verified: false }), /未核验|not verified/);
      const { cookie } = await signInAs('sub-chen');
      const me = (await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/me', cookie })).json();
      assert.equal(me.accountId, bound.json().accountId, 'the number links the platform’s person to the account');
      assert.deepEqual([me.binding, me.verifiedBy], ['verified', 'oidc']);
    });

    test('a callback with a forged state, without the pending cookie, or replayed signs nobody in', async () => {
      const forged = await signInAs('sub-li', (callback, cookie) => {
        callback.searchParams.set('state', 'forged-state');
        return { callback, cookie };
      });
      assert.match(forged.location, /^\/online\/login\?error=UNAUTHENTICATED/);
      assert.equal(forged.cookie, undefined);

      const noCookie = await signInAs('sub-li', (callback) => ({ callback, cookie: '' }));
      assert.match(noCookie.location, /^\/online\/login\?error=/);
      assert.equal(noCookie.cookie, undefined);

      const signed = await signInAs('sub-li', (callback, cookie) => ({ callback, cookie: cookie.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) }));
      assert.equal(signed.cookie, undefined, 'a pending cookie whose signature does not match');

      const first = await signInAs('sub-li');
      assert.ok(first.cookie);
      const replay = await from(ctx, nextAddress(), { method: 'GET', url: `${first.callback.pathname}${first.callback.search}`, cookie: first.pendingCookie });
      assert.match(replay.headers.location as string, /^\/online\/login\?error=/, 'a code is exchanged once');
      assert.equal(
        replay.cookies.find((c) => c.name === applicantCookie && c.value),
        undefined,
      );
    });

    test('a platform that gives no mobile number is sent back to sign in by code', async () => {
      const { location, cookie } = await signInAs('sub-nophone');
      assert.match(decodeURIComponent(location), /未提供手机号/);
      assert.equal(cookie, undefined);
    });
  });
}

describe('OIDC off', () => {
  test('without the settings the start route says so (404) and the options say oidc false', async () => {
    const ctx = await createTestContext(testBackends()[0]!);
    try {
      const start = await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/oidc/start' });
      assert.equal(start.statusCode, 404);
      assert.match(start.json().error.message, /未启用统一身份认证/);
      assert.equal((await from(ctx, nextAddress(), { method: 'GET', url: '/api/applicant/options' })).json().oidc, false);
    } finally {
      await ctx.close();
    }
  });
});
