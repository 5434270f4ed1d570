/**
 * Sign-in through a province's unified identity platform (统一身份认证), which speaks OpenID Connect:
 * the authorization code flow with PKCE, state and nonce (`openid-client`). What the platform
 * vouches for (its user, the mobile number, and the name and resident ID when it gives them) signs
 * the person in and binds a VERIFIED identity (OnlineAccountService.signInVouched).
 *
 * Between the redirect and the callback nothing is stored on the server: state, nonce and the PKCE
 * verifier travel in a short-lived cookie signed with the data key's digest, bound to this browser.
 *
 * Configured by OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI (all four, or
 * off), and optionally OIDC_SCOPE and the claim names OIDC_ID_CLAIM (default `id_card`),
 * OIDC_NAME_CLAIM (`name`), OIDC_PHONE_CLAIM (`phone_number`).
 */
import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { AppError } from '../domain/errors.ts';
import type { Clock } from './actor.ts';
import type { IdProtector } from './id-protection.ts';
import type { ApplicantSignedIn, OnlineAccountService } from './online-account.service.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  idClaim: string;
  nameClaim: string;
  phoneClaim: string;
}

/** The OIDC settings from the environment, or undefined when OIDC_ISSUER is unset (OIDC off). Throws when only some are set. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  const given = names.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  if (given.length < names.length) throw new Error(`OIDC sign-in needs all of ${names.join(', ')}; missing ${names.filter((n) => !env[n]).join(', ')}`);
  for (const name of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
    if (!URL.canParse(env[name]!)) throw new Error(`${name} must be a URL, not ${JSON.stringify(env[name])}`);
  }
  return {
    issuer: env.OIDC_ISSUER!,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    redirectUri: env.OIDC_REDIRECT_URI!,
    scope: env.OIDC_SCOPE || 'openid profile phone',
    idClaim: env.OIDC_ID_CLAIM || 'id_card',
    nameClaim: env.OIDC_NAME_CLAIM || 'name',
    phoneClaim: env.OIDC_PHONE_CLAIM || 'phone_number',
  };
}

export const oidcCookie = 'ow_oidc';
/** How long the platform's login may take before the callback is refused. */
const pendingTtlMs = 10 * 60_000;

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

function unavailable(): AppError {
  return new AppError('NOT_FOUND', { zh: '未启用统一身份认证登录,请使用手机验证码登录', en: 'Sign-in through the identity platform is not configured; use a code' });
}

function failed(reason: string): AppError {
  return new AppError('UNAUTHENTICATED', { zh: '统一身份认证登录未完成,请重新登录', en: `Sign-in through the identity platform did not complete (${reason}); try again` });
}

export class OidcLogin {
  private readonly settings: OidcSettings | undefined;
  private readonly accounts: OnlineAccountService;
  private readonly ids: IdProtector;
  private readonly clock: Clock;
  private configuration: Promise<client.Configuration> | undefined;

  constructor(options: { settings?: OidcSettings; accounts: OnlineAccountService; ids: IdProtector; clock: Clock }) {
    this.settings = options.settings;
    this.accounts = options.accounts;
    this.ids = options.ids;
    this.clock = options.clock;
  }

  get isEnabled(): boolean {
    return this.settings !== undefined;
  }

  private settingsOrThrow(): OidcSettings {
    if (!this.settings) throw unavailable();
    return this.settings;
  }

  /** The platform's metadata, discovered once (again after a failure). */
  private discover(): Promise<client.Configuration> {
    const settings = this.settingsOrThrow();
    this.configuration ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, new URL(settings.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new AppError('UNAVAILABLE', { zh: '统一身份认证平台暂时无法连接,请稍后再试或使用手机验证码登录', en: 'The identity platform cannot be reached; try again later or use a code' }, { cause: (error as Error).message });
      });
    return this.configuration;
  }

  /** Where to send the browser, and the signed cookie that carries the checks to the callback. */
  async start(): Promise<{ url: string; cookie: string; maxAgeSeconds: number }> {
    const settings = this.settingsOrThrow();
    const configuration = await this.discover();
    const pending: Pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), expiresAt: this.clock.now().getTime() + pendingTtlMs };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scope,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, cookie: this.sign(pending), maxAgeSeconds: pendingTtlMs / 1000 };
  }

  /** Completes the sign-in from the callback's URL and the cookie `start` set. */
  async callback(input: { url: URL; cookie: string | undefined; ip: string; userAgent: string }): Promise<ApplicantSignedIn> {
    const settings = this.settingsOrThrow();
    const pending = input.cookie ? this.open(input.cookie) : undefined;
    if (!pending) throw failed('no pending sign-in in this browser');
    if (pending.expiresAt < this.clock.now().getTime()) throw failed('the sign-in took too long');
    const error = input.url.searchParams.get('error');
    if (error) throw failed(error.slice(0, 100));
    const configuration = await this.discover();
    // The callback as the platform called it, on the registered redirect URI (a proxy may have rewritten the host).
    const current = new URL(settings.redirectUri);
    current.search = input.url.search;
    let claims: Record<string, unknown>;
    let subject: string;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, current, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims()!;
      subject = idClaims.sub;
      const info = await client.fetchUserInfo(configuration, tokens.access_token, subject);
      claims = { ...idClaims, ...info };
    } catch (cause) {
      throw failed((cause as Error).message.slice(0, 200));
    }
    const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
    return this.accounts.signInVouched({
      issuer: configuration.serverMetadata().issuer,
      subject,
      phone: text(settings.phoneClaim),
      name: text(settings.nameClaim),
      residentId: text(settings.idClaim),
      ip: input.ip,
      userAgent: input.userAgent,
    });
  }

  private sign(pending: Pending): string {
    const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
    return `${body}.${this.ids.digest(`oidc-pending\n${body}`)}`;
  }

  private open(cookie: string): Pending | undefined {
    const [body, mac] = cookie.split('.');
    if (!body || !mac || !/^[0-9a-f]{64}$/.test(mac)) return undefined;
    const expected = Buffer.from(this.ids.digest(`oidc-pending\n${body}`), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Pending;
    } catch {
      return undefined;
    }
  }
}
