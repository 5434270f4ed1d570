/**
 * Composition root: configuration → database → repositories → services → HTTP app, jobs and CLI.
 * Run directly (`node src/main.ts serve --demo`) it is the `onewindow` command.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { parseOrigins, parseTrustProxy, type TrustProxy } from './http/security.ts';
import { createUnitOfWork, narrowUnitOfWork, type RepositoryName, type UnitOfWork } from './repositories/index.ts';
import { systemClock, type Clock } from './services/actor.ts';
import { AgentService } from './services/agent.service.ts';
import { ComplaintService } from './services/complaint.service.ts';
import { AlertService } from './services/alert.service.ts';
import { ApiKeyService } from './services/api-key.service.ts';
import { SharedDataService } from './services/shared-data.service.ts';
import { ApplicantService } from './services/applicant.service.ts';
import { AttemptLimiter } from './services/attempt-limiter.ts';
import { createIdProtector, loadDataKey, type IdProtector } from './services/id-protection.ts';
import { AuditService } from './services/audit.service.ts';
import { HomeService } from './services/home.service.ts';
import { AuditCheckpointService } from './services/audit-checkpoint.service.ts';
import { AuthService } from './services/auth.service.ts';
import { CalendarService } from './services/calendar.service.ts';
import { createCaseServices, type CaseServices } from './services/cases/index.ts';
import { CatalogService } from './services/catalog.service.ts';
import { ELicenceService } from './services/e-licence.service.ts';
import { LicencePdfService } from './services/licence-pdf.ts';
import { LicenceKeyService } from './services/licence-key.service.ts';
import { HallService } from './services/hall.service.ts';
import { HallLive } from './services/hall-live.ts';
import { AppointmentService } from './services/appointment.service.ts';
import { hallChannel } from './repositories/hall.repository.ts';
import { ClockJob } from './jobs/clock.job.ts';
import { OnlineService } from './services/online.service.ts';
import { OrgService } from './services/org.service.ts';
import { PrereviewService } from './services/prereview.service.ts';
import { RectificationService } from './services/rectification.service.ts';
import { parseDraftDays } from './jobs/draft-expiry.job.ts';
import { StaffService } from './services/staff.service.ts';
import { OnlineAccountService } from './services/online-account.service.ts';
import { BusinessService } from './services/business.service.ts';
import { OidcLogin, oidcSettingsFromEnv, type OidcSettings } from './services/oidc-login.ts';
import { NotificationService } from './services/notify/notification.service.ts';
import { QualityReportService } from './services/quality-report.service.ts';
import { SupervisionService } from './services/supervision.service.ts';
import { PublicityService } from './services/publicity.service.ts';
import { NotificationDispatcher, type DispatchSettings } from './services/notify/dispatcher.ts';
import { NatsPublisher } from './services/push/nats-publisher.ts';
import { PushSender, type PushSettings } from './services/push/push-sender.ts';
import { PushService } from './services/push/push.service.ts';
import { RatingService } from './services/rating.service.ts';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const version: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  webRoot: string;
  logLevel: string;
  secureCookies: boolean;
  /** TRUST_PROXY: the proxies whose X-Forwarded-For is believed (addresses/CIDRs or a hop count); none by default. */
  trustProxy: TrustProxy;
  /** PUBLIC_ORIGIN and ALLOWED_ORIGINS: origins besides the request's own host whose pages may send writes. */
  allowedOrigins: string[];
  /** How often the case clock sweeps (warnings, overdue, reminders). */
  clockIntervalMs: number;
  /** How often the 电子监察 rules are evaluated (ALERT_INTERVAL_SECONDS; default: the clock's interval). */
  alertIntervalMs: number;
  /** How often the audit chain's head is signed (when it moved). */
  auditCheckpointIntervalMs: number;
  /** ONEWINDOW_DATA_KEY: 32 bytes, base64; seals resident ID numbers at rest. */
  dataKey?: string;
  /** PUBLIC_ORIGIN (the first, if several): the site printed licences' QR codes point to; else the request's own. */
  publicOrigin?: string;
  /** ONEWINDOW_CJK_FONT: the font licence PDFs embed (`path` or `path#PostScriptName`); else the system's Noto CJK. */
  cjkFont?: string;
  /** VERIFY_RATE_LIMIT: public e-licence verifications per minute per client (default 600). */
  verifyRateLimitPerMinute: number;
  /** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI (+ OIDC_SCOPE, OIDC_*_CLAIM): sign-in through the province's identity platform; off when unset. */
  oidc?: OidcSettings;
  /** Answer sent one-time codes in the response (`demoCode`): only `serve --demo` turns it on (ONLINE_EXPOSE_CODES=false keeps it off); never from the environment alone. */
  exposeCodes: boolean;
  /** ONLINE_DRAFT_DAYS: an online draft untouched this many days is deleted with its files (default 30). */
  draftDays: number;
  /** NOTIFY_INTERVAL_SECONDS: how often the notification job consumes the outbox and sends (default 10). */
  notifyIntervalMs: number;
  /** NOTIFY_MAX_ATTEMPTS, NOTIFY_MAX_AGE_HOURS and PUBLIC_ORIGIN (rating links): the consumer's settings. */
  notify: Partial<DispatchSettings>;
  /** PUSH_INTERVAL_SECONDS: how often the push job fans events out and posts webhooks (default 5). */
  pushIntervalMs: number;
  /** NATS_URL (+ NATS_STREAM): publish events to NATS JetStream; off when unset (docs/PUSH.md). */
  nats?: { url: string; stream?: string };
}

/** A positive whole number from the environment, or `fallback` when unset. */
function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number (at least 1), not ${JSON.stringify(value)}`);
  return n;
}

/** VERIFY_RATE_LIMIT: a whole number of requests per minute per client, at least 1; 600 when unset. */
export function parseVerifyRateLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 600;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`VERIFY_RATE_LIMIT must be a whole number of requests per minute (at least 1), not ${JSON.stringify(value)}`);
  return n;
}

/**
 * Settings from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, LOG_LEVEL, COOKIE_SECURE,
 * TRUST_PROXY, PUBLIC_ORIGIN, ALLOWED_ORIGINS, ONEWINDOW_CJK_FONT (README lists them all). Throws on a setting it cannot read.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.DATA_DIR ?? join(process.cwd(), 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    webRoot: env.WEB_ROOT ?? join(packageRoot, 'web', 'dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.COOKIE_SECURE === 'true',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    allowedOrigins: parseOrigins(env.PUBLIC_ORIGIN, env.ALLOWED_ORIGINS),
    clockIntervalMs: Number(env.CLOCK_INTERVAL_SECONDS ?? 300) * 1000,
    alertIntervalMs: Number(env.ALERT_INTERVAL_SECONDS ?? env.CLOCK_INTERVAL_SECONDS ?? 300) * 1000,
    auditCheckpointIntervalMs: Number(env.AUDIT_CHECKPOINT_INTERVAL_SECONDS ?? 300) * 1000,
    dataKey: env.ONEWINDOW_DATA_KEY || undefined,
    publicOrigin: parseOrigins(env.PUBLIC_ORIGIN)[0],
    cjkFont: env.ONEWINDOW_CJK_FONT || undefined,
    verifyRateLimitPerMinute: parseVerifyRateLimit(env.VERIFY_RATE_LIMIT),
    oidc: oidcSettingsFromEnv(env),
    exposeCodes: false,
    draftDays: parseDraftDays(env.ONLINE_DRAFT_DAYS),
    notifyIntervalMs: positiveInteger('NOTIFY_INTERVAL_SECONDS', env.NOTIFY_INTERVAL_SECONDS, 10) * 1000,
    notify: {
      maxAttempts: positiveInteger('NOTIFY_MAX_ATTEMPTS', env.NOTIFY_MAX_ATTEMPTS, 6),
      maxAgeMs: positiveInteger('NOTIFY_MAX_AGE_HOURS', env.NOTIFY_MAX_AGE_HOURS, 24) * 3_600_000,
      ...(parseOrigins(env.PUBLIC_ORIGIN)[0] ? { ratingLink: `${parseOrigins(env.PUBLIC_ORIGIN)[0]}/rate` } : {}),
    },
    pushIntervalMs: positiveInteger('PUSH_INTERVAL_SECONDS', env.PUSH_INTERVAL_SECONDS, 5) * 1000,
    ...(env.NATS_URL ? { nats: { url: env.NATS_URL, ...(env.NATS_STREAM ? { stream: env.NATS_STREAM } : {}) } } : {}),
  };
}

export interface Services {
  auth: AuthService;
  /** Guessing limits and rate limits shared by all processes. */
  limiter: AttemptLimiter;
  org: OrgService;
  staff: StaffService;
  apiKeys: ApiKeyService;
  /** 数据共享: other departments' systems read results within their key's scope, every read logged. */
  sharedData: SharedDataService;
  audit: AuditService;
  auditCheckpoints: AuditCheckpointService;
  catalog: CatalogService;
  calendar: CalendarService;
  applicants: ApplicantService;
  eLicences: ELicenceService;
  licencePdfs: LicencePdfService;
  /** E-licence signing keys: published list, rotation, compromise. */
  licenceKeys: LicenceKeyService;
  /** The case service, one object per use case. */
  cases: CaseServices;
  hall: HallService;
  /** 工作台: each person's queues, warnings, hall and rates. */
  home: HomeService;
  hallLive: HallLive;
  appointments: AppointmentService;
  /** 一网通办: online accounts, one-time codes, real-name binding. */
  onlineAccounts: OnlineAccountService;
  /** The businesses online accounts act for (legal representatives and handlers). */
  businesses: BusinessService;
  /** Sign-in through the OIDC identity platform (off unless configured). */
  oidc: OidcLogin;
  /** 帮办代办: authorisations, proxy cases, follow-ups, figures. */
  agents: AgentService;
  /** 差评整改 and 申诉复核: the work bad ratings become (issue 15). */
  rectifications: RectificationService;
  complaints: ComplaintService;
  /** 电子监察: the rules' alerts, the department's response, the supervisor's verdict, the figures (issue 16). */
  alerts: AlertService;
  clockJob: ClockJob;
  /** 一网通办: drafts, uploads, submission, tracking, results, for applicants signed in online. */
  online: OnlineService;
  /** 网上预审: the department's or the center's check of online applications. */
  prereview: PrereviewService;
  /** Notification templates and the message log (admin screens). */
  notifications: NotificationService;
  /** The outbox consumer and sender the notification job runs. */
  notifier: NotificationDispatcher;
  /** 数据推送: departments' subscriptions, the delivery log, replays (admin screens). */
  push: PushService;
  /** The push job's work: fan-out and webhook delivery. */
  pushSender: PushSender;
  /** The JetStream publisher, when NATS_URL is set. */
  natsPublisher: NatsPublisher | null;
  /** 好差评 publication: monthly figures (public and staff), Excel export, the upward report file. */
  qualityReports: QualityReportService;
  supervision: SupervisionService;
  publicity: PublicityService;
  /** 好差评: settings, forms, ratings at the pad, by link, online and by agent; the default rating. */
  ratings: RatingService;
  health: { ping(): Promise<void> };
  /**
   * Runs `work` holding a database-wide lock of that name: the same name asked for by any process
   * on the database waits until `work` has finished (for work spanning many transactions).
   */
  exclusive<T>(name: ExclusiveWork, work: () => Promise<T>): Promise<T>;
}

/** Work that must never run twice at once, with the advisory lock key that serialises it. */
const exclusiveLocks = { 'demo-load': 7_297_101 } as const;
export type ExclusiveWork = keyof typeof exclusiveLocks;

const missingKey: IdProtector = {
  seal: () => {
    throw new Error('No data key: set ONEWINDOW_DATA_KEY');
  },
  open: () => {
    throw new Error('No data key: set ONEWINDOW_DATA_KEY');
  },
  fingerprint: () => {
    throw new Error('No data key: set ONEWINDOW_DATA_KEY');
  },
  digest: () => {
    throw new Error('No data key: set ONEWINDOW_DATA_KEY');
  },
};

/** @param dataKey seals resident ID numbers; without it, anything touching them fails loudly. */
export function createServices(
  database: Database,
  clock: Clock = systemClock,
  dataKey?: Buffer,
  options: { cjkFont?: string; oidc?: OidcSettings; exposeCodes?: boolean; draftDays?: number; notify?: Partial<DispatchSettings>; push?: Partial<PushSettings>; nats?: { url: string; stream?: string } } = {},
): Services {
  const uow = createUnitOfWork(database.db);
  /** Each service gets only the repositories it declares. */
  const uowFor = <K extends RepositoryName>(service: { repositories: readonly K[] }): UnitOfWork<K> => narrowUnitOfWork(uow, service.repositories);
  const ids = dataKey ? createIdProtector(dataKey) : missingKey;
  const calendar = new CalendarService({ uow: uowFor(CalendarService), clock });
  const eLicences = new ELicenceService({ uow: uowFor(ELicenceService), clock, ids, listen: database.listen });
  const appointments = new AppointmentService({ uow: uowFor(AppointmentService), clock, calendar, ids });
  const audit = new AuditService({ uow: uowFor(AuditService) });
  const limiter = new AttemptLimiter({ uow: uowFor(AttemptLimiter), clock });
  const cases = createCaseServices({ uow, clock, calendar, ids, licences: eLicences, limiter });
  const hall = new HallService({ uow: uowFor(HallService), clock, cases: cases.actions });
  const onlineAccounts = new OnlineAccountService({ uow: uowFor(OnlineAccountService), clock, limiter, ids, exposeCodes: options.exposeCodes ?? false });
  return {
    auth: new AuthService({ uow: uowFor(AuthService), clock, limiter }),
    limiter,
    org: new OrgService({ uow: uowFor(OrgService), clock }),
    staff: new StaffService({ uow: uowFor(StaffService), clock }),
    apiKeys: new ApiKeyService({ uow: uowFor(ApiKeyService), clock }),
    sharedData: new SharedDataService({ uow: uowFor(SharedDataService), clock, ids }),
    agents: new AgentService({ uow: uowFor(AgentService), clock, codes: onlineAccounts }),
    rectifications: new RectificationService({ uow: uowFor(RectificationService), clock, calendar }),
    complaints: new ComplaintService({ uow: uowFor(ComplaintService), clock, calendar }),
    alerts: new AlertService({ uow: uowFor(AlertService), clock, calendar }),
    audit,
    auditCheckpoints: new AuditCheckpointService({ uow: uowFor(AuditCheckpointService), clock, ids, audit }),
    catalog: new CatalogService({ uow: uowFor(CatalogService), clock }),
    calendar,
    applicants: new ApplicantService({ uow: uowFor(ApplicantService), clock, ids }),
    eLicences,
    licencePdfs: new LicencePdfService({
      uow: uowFor(LicencePdfService),
      clock,
      cjkFont: options.cjkFont,
      verify: (identifier) => eLicences.verify(identifier),
      assertCaseVisible: (actor, caseId) => cases.queries.assertCaseVisible(actor, caseId),
      publicLicences: (caseNo, password, clientIp) => cases.queries.publicLicences(caseNo, password, clientIp),
    }),
    licenceKeys: new LicenceKeyService({ uow: uowFor(LicenceKeyService), clock, ids, keysChanged: () => eLicences.forget('*') }),
    cases,
    online: new OnlineService({ uow: uowFor(OnlineService), clock, calendar, ids, draftDays: options.draftDays }),
    prereview: new PrereviewService({ uow: uowFor(PrereviewService), clock, calendar, ids, actions: cases.actions }),
    clockJob: new ClockJob({ uow: uowFor(ClockJob), clock, cases: cases.clock, appointments }),
    notifications: new NotificationService({ uow: uowFor(NotificationService), clock }),
    notifier: new NotificationDispatcher({ uow: uowFor(NotificationDispatcher), clock, settings: options.notify }),
    push: new PushService({ uow: uowFor(PushService), clock, ids }),
    pushSender: new PushSender({ uow: uowFor(PushSender), clock, ids, settings: options.push }),
    natsPublisher: options.nats ? new NatsPublisher({ uow: uowFor(NatsPublisher), clock, settings: options.nats }) : null,
    qualityReports: new QualityReportService({ uow: uowFor(QualityReportService), clock }),
    supervision: new SupervisionService({ uow: uowFor(SupervisionService), clock }),
    publicity: new PublicityService({ uow: uowFor(PublicityService), clock }),
    ratings: new RatingService({ uow: uowFor(RatingService), clock, calendar }),
    hall,
    home: new HomeService({ uow: uowFor(HomeService), clock }),
    hallLive: new HallLive({ hall, listen: database.listen, channel: hallChannel }),
    appointments,
    onlineAccounts,
    businesses: new BusinessService({ uow: uowFor(BusinessService), clock }),
    oidc: new OidcLogin({ settings: options.oidc, accounts: onlineAccounts, ids, clock }),
    health: { ping: () => uow.read.system.ping() },
    exclusive: (name, work) => database.withSessionLock(exclusiveLocks[name], work),
  };
}

export interface OneWindow {
  database: Database;
  services: Services;
  /** The same services on another clock (the demo history is written on one it moves). */
  servicesAt(clock: Clock): Services;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and builds the services. */
export async function openOneWindow(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'dataKey' | 'cjkFont'> & Partial<Pick<Config, 'oidc' | 'exposeCodes' | 'draftDays' | 'notify' | 'nats'>>, clock: Clock = systemClock): Promise<OneWindow> {
  const dataKey = loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir });
  const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const serviceOptions = { cjkFont: config.cjkFont, oidc: config.oidc, exposeCodes: config.exposeCodes, draftDays: config.draftDays, notify: config.notify, nats: config.nats };
  const services = createServices(database, clock, dataKey, serviceOptions);
  return {
    database,
    services,
    servicesAt: (other) => createServices(database, other, dataKey, serviceOptions),
    async close() {
      await services.hallLive.stop();
      await database.close();
    },
  };
}

if (import.meta.main) {
  // Not awaited: the CLI imports this module, which must finish evaluating first.
  void import('./cli/main.ts').then(async ({ runCli }) => {
    process.exitCode = await runCli(process.argv);
  });
}
