/**
 * 工作台 (GET /api/home): each signed-in person's work at a glance. The queue counts are the lists'
 * own queries counted (the same filters and scopes as the inbox, the issuance queue, the case search
 * and the filings list; the 好差评 tasks, appeals and complaints lists), the center's rates come from the `case_stats` rollup, and the hall's
 * figures of the day from the hall's rollup: nothing here scans cases.
 */
import { rolesFor } from '../domain/case-lifecycle.ts';
import { chinaDate } from '../domain/china-time.ts';
import { grantsFor, permissions } from '../domain/permissions.ts';
import type { CaseScope, CaseSearch } from '../repositories/cases/records.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { scopesFor, type Actor, type Clock } from './actor.ts';
import { issuanceQueue } from './cases/issuance.ts';
import { inboxScopes } from './cases/queries.ts';
import { figures } from './hall.service.ts';

type Uses = (typeof HomeService.repositories)[number];

/** A queue of the home: what it counts, and the list it opens. */
export type HomeQueueKey =
  | 'toAccept'
  | 'awaitingCorrection'
  | 'toReview'
  | 'toIssue'
  | 'filingsDue'
  | 'filingsOverdue'
  | 'rectificationsToWork'
  | 'rectificationsToRevisit'
  | 'rectificationsLate'
  | 'appealsToDecide'
  | 'complaintsToDispatch'
  | 'complaintsToHandle'
  | 'complaintsOverdue';

/** Cases whose clock runs (the yellow and red warnings that still matter). */
export const runningStatuses = ['accepted', 'in_review', 'suspended'] as const;

/** How many days the home's rates look back (today included). */
export const rateDays = 30;

export interface HomeRates {
  from: string;
  to: string;
  received: number;
  concluded: number;
  onTime: number;
  zeroVisit: number;
  atMostOneVisit: number;
  /** Running cases past their time limit now (red). */
  overdueNow: number;
}

export interface HomeSummary {
  day: string;
  queues: { key: HomeQueueKey; count: number }[];
  warnings: { yellow: number; red: number };
  hall: { centerId: string; centerName: string; issued: number; waiting: number; served: number; noShows: number; waitMedian: number | null }[];
  /** For those who oversee the center (who read its audit log): its key rates. */
  rates: HomeRates | null;
}

function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export class HomeService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['cases', 'filings', 'hall', 'org', 'rectifications', 'complaints'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  async summary(actor: Actor): Promise<HomeSummary> {
    const repos = this.uow.read;
    const day = chinaDate(this.clock.now());
    const count = (search: Omit<CaseSearch, 'limit' | 'offset'>) => repos.cases.count(search);
    const scopes = (permission: Parameters<typeof scopesFor>[1]) => scopesFor(actor, permission);
    const withRoles = (roles: readonly string[]): CaseScope[] => actor.grants.filter((g) => roles.includes(g.role)).map((g) => ({ regionPath: g.regionPath, departmentId: g.departmentId }));

    const queues: Promise<{ key: HomeQueueKey; count: number }>[] = [];
    // The front desk: applications waiting to be accepted, and those sent back for correction.
    // (Who accepts at a window: a department's reviewer also accepts, but only online applications, in 网上预审.)
    const deciders = withRoles(rolesFor('accept').filter((role) => (permissions['case.intake'].roles as readonly string[]).includes(role)));
    if (deciders.length > 0) {
      queues.push(count({ scopes: deciders, status: ['submitted'], topLevelOnly: true }).then((n) => ({ key: 'toAccept', count: n })));
      queues.push(count({ scopes: deciders, status: ['needs_correction'], topLevelOnly: true }).then((n) => ({ key: 'awaitingCorrection', count: n })));
    }
    const inbox = inboxScopes(actor);
    if (inbox.reviewer.length + inbox.town.length > 0) {
      queues.push(Promise.all([repos.cases.inboxCount(inbox.reviewer, { delegated: false }), repos.cases.inboxCount(inbox.town, { delegated: true })]).then(([a, b]) => ({ key: 'toReview', count: a + b })));
    }
    if (grantsFor(actor.grants, 'case.issue').length > 0) queues.push(count(issuanceQueue(scopes('case.issue'))).then((n) => ({ key: 'toIssue', count: n })));
    // The 好差评 and complaint queues follow the case work's (filings included).
    const quality = Promise.all(this.qualityQueues(actor, day));
    const filingPromise = grantsFor(actor.grants, 'filing.review').length > 0 ? repos.filings.countUnreceived(scopes('filing.review'), day) : null;

    const viewScopes = scopes('case.view');
    const warned = (warning: 'yellow' | 'red') => count({ scopes: viewScopes, status: [...runningStatuses], warning, topLevelOnly: true });
    const [queueCounts, yellow, red, filings, qualityCounts, hall, rates] = await Promise.all([Promise.all(queues), warned('yellow'), warned('red'), filingPromise, quality, this.hallToday(actor, day), this.rates(actor, day)]);
    if (filings) queueCounts.push({ key: 'filingsDue', count: filings.due }, { key: 'filingsOverdue', count: filings.overdue });
    queueCounts.push(...qualityCounts);
    if (rates) rates.overdueNow = red;
    return { day, queues: queueCounts, warnings: { yellow, red }, hall, rates };
  }

  /**
   * 好差评 and complaints (issue 15), each the count of its list's own query in the same scope:
   * - rectificationsToWork: tasks open or triaged (to verify, to report back) — a department's in the
   *   `rectification.work` grants' reach, the center's own (no department) in the `rectification.center`
   *   grants' reach (who works a task: RectificationService's workPermission);
   * - rectificationsToRevisit: reported real-name tasks (the 回访 tab's list) in the `rectification.revisit` reach;
   * - rectificationsLate: tasks whose pending step's due date is before today (red) in the `rectification.read` reach;
   * - appealsToDecide: pending appeals in the `rating.appeal.decide` reach;
   * - complaintsToDispatch: received complaints in the `complaint.dispatch` reach;
   * - complaintsToHandle: dispatched or handling complaints in the `complaint.handle` reach (the department's);
   * - complaintsOverdue: open complaints past their whole or step limit now, in the `complaint.read` reach.
   */
  private qualityQueues(actor: Actor, day: string): Promise<{ key: HomeQueueKey; count: number }>[] {
    const { rectifications, complaints } = this.uow.read;
    const has = (permission: Parameters<typeof grantsFor>[1]) => grantsFor(actor.grants, permission).length > 0;
    const scopes = (permission: Parameters<typeof scopesFor>[1]) => scopesFor(actor, permission);
    const out: Promise<{ key: HomeQueueKey; count: number }>[] = [];
    const queue = (key: HomeQueueKey, count: Promise<number>) => out.push(count.then((n) => ({ key, count: n })));
    if (has('rectification.work') || has('rectification.center')) {
      const states = ['open', 'triaged'] as const;
      queue(
        'rectificationsToWork',
        Promise.all([
          has('rectification.work') ? rectifications.count({ scopes: scopes('rectification.work'), states, hasDepartment: true }) : 0,
          has('rectification.center') ? rectifications.count({ scopes: scopes('rectification.center'), states, hasDepartment: false }) : 0,
        ]).then(([a, b]) => a + b),
      );
    }
    if (has('rectification.revisit')) queue('rectificationsToRevisit', rectifications.count({ scopes: scopes('rectification.revisit'), state: 'reported', realNameOnly: true }));
    if (has('rectification.read')) queue('rectificationsLate', rectifications.count({ scopes: scopes('rectification.read'), lateOn: day }));
    if (has('rating.appeal.decide')) queue('appealsToDecide', rectifications.countAppeals({ scopes: scopes('rating.appeal.decide'), state: 'pending' }));
    if (has('complaint.dispatch')) queue('complaintsToDispatch', complaints.count({ reach: scopes('complaint.dispatch'), state: 'received' }));
    if (has('complaint.handle')) queue('complaintsToHandle', complaints.count({ reach: scopes('complaint.handle'), states: ['dispatched', 'handling'] }));
    if (has('complaint.read')) queue('complaintsOverdue', complaints.count({ reach: scopes('complaint.read'), overdueAt: this.clock.now() }));
    return out;
  }

  /** Today's hall at the centers of the person's own regions (where their grants are), up to three. */
  private async hallToday(actor: Actor, day: string): Promise<HomeSummary['hall']> {
    const repos = this.uow.read;
    const paths = new Set(actor.grants.map((g) => g.regionPath));
    const centers = (await repos.org.listCenters()).filter((c) => paths.has(c.regionPath)).slice(0, 3);
    return Promise.all(
      centers.map(async (center) => {
        const [rows, waiting] = await Promise.all([repos.hall.statRows(center.id, day, day), repos.hall.waitingCounts(center.id, day)]);
        const f = figures(rows);
        return { centerId: center.id, centerName: center.name, issued: f.issued, waiting: waiting.reduce((sum, w) => sum + w.waiting, 0), served: f.served, noShows: f.noShows, waitMedian: f.waitMedian };
      }),
    );
  }

  /** The center's rates over the last {@link rateDays} days, from the rollup, for those who oversee it. */
  private async rates(actor: Actor, day: string): Promise<HomeRates | null> {
    if (grantsFor(actor.grants, 'audit.read').length === 0) return null;
    const from = daysBefore(day, rateDays - 1);
    const totals = await this.uow.read.cases.statTotals(scopesFor(actor, 'audit.read'), from, day);
    return { from, to: day, ...totals, overdueNow: 0 };
  }
}
