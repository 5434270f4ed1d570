/**
 * Repositories are the only place with SQL. `createRepositories` binds them to the pool or to one
 * transaction; `UnitOfWork.transaction` gives a callback repositories bound to a fresh transaction.
 */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { AgentRepository } from './agent.repository.ts';
import { AlertRepository } from './alert.repository.ts';
import { ApplicantRepository } from './applicant.repository.ts';
import { AttemptRepository } from './attempt.repository.ts';
import { AuditRepository } from './audit.repository.ts';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.ts';
import { CaseRepository } from './cases/case.repository.ts';
import { CaseLogRepository } from './cases/case-log.repository.ts';
import { CaseMaterialRepository } from './cases/case-material.repository.ts';
import { CaseTaskRepository } from './cases/case-task.repository.ts';
import { FilingRepository } from './cases/filing.repository.ts';
import { HallRepository } from './hall.repository.ts';
import { CalendarRepository } from './calendar.repository.ts';
import { CatalogRepository } from './catalog.repository.ts';
import { ComplaintRepository } from './complaint.repository.ts';
import { LicenceRepository } from './licence.repository.ts';
import { LicenceTypeRepository } from './licence-type.repository.ts';
import { OnlineRepository } from './online.repository.ts';
import { OnlineApplicationRepository } from './online-application.repository.ts';
import { NotificationRepository } from './notification.repository.ts';
import { OrgRepository } from './org.repository.ts';
import { RectificationRepository } from './rectification.repository.ts';
import { PublicityRepository } from './publicity.repository.ts';
import { QualityReportRepository } from './quality-report.repository.ts';
import { SupervisionRepository } from './supervision-stats.ts';
import { PushRepository } from './push.repository.ts';
import { RatingRepository } from './rating.repository.ts';
import { SessionRepository } from './session.repository.ts';
import { SharedDataRepository } from './shared-data.repository.ts';
import { StaffRepository } from './staff.repository.ts';
import { SystemRepository } from './system.repository.ts';

export interface Repositories {
  org: OrgRepository;
  staff: StaffRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  system: SystemRepository;
  catalog: CatalogRepository;
  calendar: CalendarRepository;
  applicants: ApplicantRepository;
  licences: LicenceRepository;
  licenceTypes: LicenceTypeRepository;
  cases: CaseRepository;
  caseLog: CaseLogRepository;
  caseMaterials: CaseMaterialRepository;
  caseTasks: CaseTaskRepository;
  filings: FilingRepository;
  hall: HallRepository;
  auditCheckpoints: AuditCheckpointRepository;
  attempts: AttemptRepository;
  online: OnlineRepository;
  /** 一网通办 applications: drafts, uploaded files, the delivery asked for (0018). */
  onlineApplications: OnlineApplicationRepository;
  agents: AgentRepository;
  notifications: NotificationRepository;
  /** 差评整改 and 申诉复核 (issue 15). */
  rectifications: RectificationRepository;
  /** Complaints, 12345-style (0022). */
  complaints: ComplaintRepository;
  /** 好差评 publication: the month's counts and the upward report's rows (read only). */
  qualityReports: QualityReportRepository;
  supervision: SupervisionRepository;
  /** 好差评: settings, forms, ratings, invitations, the rectification a bad rating opens (0021). */
  ratings: RatingRepository;
  /** 电子监察 alerts: the rules' reads, the alerts, their counts (0026). */
  alerts: AlertRepository;
  /** 数据共享: what API keys read, their per-minute counter and the read log (0029). */
  sharedData: SharedDataRepository;
  /** 公示: per-item publication settings, a center's catalog, published results and monthly figures (0027). */
  publicity: PublicityRepository;
  /** 数据推送: subscriptions, deliveries, the push cursors (0028). */
  push: PushRepository;
}

export function createRepositories(db: Kysely<Tables>): Repositories {
  return {
    org: new OrgRepository(db),
    staff: new StaffRepository(db),
    sessions: new SessionRepository(db),
    audit: new AuditRepository(db),
    system: new SystemRepository(db),
    catalog: new CatalogRepository(db),
    calendar: new CalendarRepository(db),
    applicants: new ApplicantRepository(db),
    licences: new LicenceRepository(db),
    licenceTypes: new LicenceTypeRepository(db),
    cases: new CaseRepository(db),
    caseLog: new CaseLogRepository(db),
    caseMaterials: new CaseMaterialRepository(db),
    caseTasks: new CaseTaskRepository(db),
    filings: new FilingRepository(db),
    hall: new HallRepository(db),
    auditCheckpoints: new AuditCheckpointRepository(db),
    attempts: new AttemptRepository(db),
    online: new OnlineRepository(db),
    onlineApplications: new OnlineApplicationRepository(db),
    agents: new AgentRepository(db),
    notifications: new NotificationRepository(db),
    rectifications: new RectificationRepository(db),
    complaints: new ComplaintRepository(db),
    qualityReports: new QualityReportRepository(db),
    supervision: new SupervisionRepository(db),
    ratings: new RatingRepository(db),
    alerts: new AlertRepository(db),
    sharedData: new SharedDataRepository(db),
    publicity: new PublicityRepository(db),
    push: new PushRepository(db),
  };
}

export type RepositoryName = keyof Repositories;

/**
 * Transactions over the repositories named by `K`. A service declares the names it uses and is
 * given a unit of work narrowed to them (`narrowUnitOfWork`): it cannot reach any other table's
 * repository, by type or at run time.
 */
export interface UnitOfWork<K extends RepositoryName = RepositoryName> {
  /** Repositories on the pool, for reads outside a write. */
  read: Pick<Repositories, K>;
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (repos: Pick<Repositories, K>) => Promise<T>): Promise<T>;
}

export function createUnitOfWork(db: Kysely<Tables>): UnitOfWork {
  return {
    read: createRepositories(db),
    transaction: (work) => db.transaction().execute((trx) => work(createRepositories(trx))),
  };
}

/** The same unit of work, showing only the repositories named. */
export function narrowUnitOfWork<K extends RepositoryName>(uow: UnitOfWork<K>, names: readonly K[]): UnitOfWork<K> {
  const pick = (repos: Pick<Repositories, K>) => Object.fromEntries(names.map((name) => [name, repos[name]])) as Pick<Repositories, K>;
  return { read: pick(uow.read), transaction: (work) => uow.transaction((repos) => work(pick(repos))) };
}
