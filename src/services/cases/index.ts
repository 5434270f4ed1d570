/**
 * The case service, split by use case (DESIGN §6): intake, the front desk's actions, the
 * department tasks, reading and the public query, filings, issuance, and the clock. Their shared
 * steps live in `shared.ts` (loading a case in scope, recording a step, the view, the calendar) and
 * `process.ts` (the lifecycle steps several use cases take).
 */
import type { WarningPolicy } from '../../domain/case-clock.ts';
import { narrowUnitOfWork, type RepositoryName, type UnitOfWork } from '../../repositories/index.ts';
import type { Clock } from '../actor.ts';
import type { AttemptLimiter } from '../attempt-limiter.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import { CaseActions } from './actions.ts';
import { CaseClock } from './clock.ts';
import { CaseFilings } from './filings.ts';
import { CaseIntake } from './intake.ts';
import { CaseIssuance, type LicenceIssuer } from './issuance.ts';
import { CaseQueries } from './queries.ts';
import { CaseTasks } from './tasks.ts';

export type { CaseActionInput } from './actions.ts';
export type { IntakeInput } from './intake.ts';
export type { LicenceIssuer } from './issuance.ts';
export type { CaseView } from './shared.ts';
export type { TaskActionInput } from './tasks.ts';
export { CaseActions, CaseClock, CaseFilings, CaseIntake, CaseIssuance, CaseQueries, CaseTasks };

export interface CaseServices {
  intake: CaseIntake;
  actions: CaseActions;
  tasks: CaseTasks;
  queries: CaseQueries;
  filings: CaseFilings;
  issuance: CaseIssuance;
  clock: CaseClock;
}

export function createCaseServices(options: { uow: UnitOfWork; clock: Clock; calendar: CalendarService; ids: IdProtector; licences?: LicenceIssuer; limiter: AttemptLimiter; policy?: WarningPolicy }): CaseServices {
  const { uow, clock, calendar, ids } = options;
  /** Each use case gets only the repositories it declares. */
  const uowFor = <K extends RepositoryName>(useCase: { repositories: readonly K[] }): UnitOfWork<K> => narrowUnitOfWork(uow, useCase.repositories);
  const issuance = new CaseIssuance({ uow: uowFor(CaseIssuance), calendar, ids, licences: options.licences });
  return {
    intake: new CaseIntake({ uow: uowFor(CaseIntake), clock, calendar, ids }),
    actions: new CaseActions({ uow: uowFor(CaseActions), clock, calendar, ids, issuance }),
    tasks: new CaseTasks({ uow: uowFor(CaseTasks), clock, calendar, ids }),
    queries: new CaseQueries({ uow: uowFor(CaseQueries), clock, calendar, ids, limiter: options.limiter }),
    filings: new CaseFilings({ uow: uowFor(CaseFilings), clock, calendar, ids }),
    issuance,
    clock: new CaseClock({ uow: uowFor(CaseClock), clock, calendar, ids, policy: options.policy }),
  };
}
