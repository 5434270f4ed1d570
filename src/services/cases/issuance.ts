/**
 * Unified issuance (统一出件): the window's queue of concluded cases and the delivery of their
 * results, e-licences issued in the delivering transaction.
 */
import type { ApplicantRecord } from '../../repositories/applicant.repository.ts';
import { AppError } from '../../domain/errors.ts';
import type { CaseActorRole, CaseFacts } from '../../domain/case-lifecycle.ts';
import { chinaDate as localDate } from '../../domain/china-time.ts';
import { isValidUscc } from '../../domain/uscc.ts';
import type { Repositories, UnitOfWork } from '../../repositories/index.ts';
import type { CaseRecord, CaseScope, CaseSearch, CaseSummary } from '../../repositories/cases/records.ts';
import { shownName, type Actor } from '../actor.ts';
import type { CalendarService } from '../calendar.service.ts';
import type { IdProtector } from '../id-protection.ts';
import type { WriteScope } from '../write.ts';
import type { CaseActionInput } from './actions.ts';
import { authorisationCovering } from '../agent.service.ts';
import { CaseSteps, caseScope } from './shared.ts';

import { caseStepRepositories } from './shared.ts';
type Uses = (typeof CaseIssuance.repositories)[number];

/** What issuance needs from the e-licence service, inside the issuing transaction. */
export interface LicenceIssuer {
  issueInTransaction(
    repos: Pick<Repositories, 'cases' | 'licenceTypes' | 'licences' | 'org' | 'audit'>,
    input: {
      caseId: string;
      caseNo: string;
      holderId: string;
      holderName: string;
      holderRef: string;
      licenceTypeCode: string;
      issuerName: string;
      issuerUscc: string;
      issuedOn: string;
      isChange?: boolean;
      at: Date;
    },
  ): Promise<{ identifier: string }>;
}

/** The issuance window's queue (统一出件): concluded cases, a 一件事 as one (the home counts the same). */
export function issuanceQueue(scopes: readonly CaseScope[] | 'all'): Omit<CaseSearch, 'limit' | 'offset'> {
  return { scopes, status: ['concluded'], topLevelOnly: true };
}

export class CaseIssuance {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = [...caseStepRepositories, 'applicants', 'catalog', 'licenceTypes', 'licences', 'agents', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly licences: LicenceIssuer | null;
  private readonly steps: CaseSteps;

  constructor(options: { uow: UnitOfWork<Uses>; calendar: CalendarService; ids: IdProtector; licences?: LicenceIssuer }) {
    this.uow = options.uow;
    this.licences = options.licences ?? null;
    this.steps = new CaseSteps(options);
  }

  /** The issuance window: concluded cases (top level) in the actor's region, oldest first. */
  async issuanceQueue(actor: Actor): Promise<CaseSummary[]> {
    const scopes = this.steps.scopes(actor, 'case.issue');
    const result = await this.uow.read.cases.search({ ...issuanceQueue(scopes), limit: 100, offset: 0 });
    return result.cases.reverse();
  }

  /**
   * The `deliver` action's work inside its transaction (the front desk's `act` calls it): e-licences
   * issued for the approved cases (a bundle's children), then the case and its children delivered.
   */
  async deliver(scope: WriteScope<Uses>, actor: Actor, c: CaseRecord, roles: readonly CaseActorRole[], facts: CaseFacts, input: Extract<CaseActionInput, { action: 'deliver' }>): Promise<void> {
    const { repos, now } = scope;
    if (input.method === 'express' && !(input.express?.trackingNo.trim() && input.express.address.trim())) {
      throw new AppError('VALIDATION_FAILED', { zh: '快递送达须填写收件地址和运单号', en: 'Express delivery needs an address and a tracking number' });
    }
    let agentName: string | null = null;
    if (input.method === 'agent') {
      // 代办员代领: only under an authorisation that lets the agent receive the result.
      const authorisation = await authorisationCovering(repos, null, c.agentAuthorisationId ?? undefined, {
        applicantId: c.applicantId,
        matter: c.bundleCode ? { kind: 'bundle', code: c.bundleCode } : { kind: 'item', code: c.itemCode },
        power: 'receive',
        today: localDate(now),
      }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
          throw new AppError('VALIDATION_FAILED', { zh: '该办件不是代办件,不能由代办员代领', en: 'Not a proxy case: no agent may receive it' }, [{ field: 'method' }]);
        }
        throw error;
      });
      agentName = authorisation.agent.name;
    }
    const targets = c.bundleCode ? await repos.cases.children(c.id) : [c];
    const issued: string[] = [];
    if (input.method === 'e_licence') {
      if (!this.licences) throw new AppError('LICENCE_ISSUANCE_DISABLED', { zh: '电子证照签发未启用', en: 'E-licence issuance is not enabled' });
      if (c.outcome !== 'approved') throw new AppError('VALIDATION_FAILED', { zh: '不予许可的办件没有证照可签发,请选择其他送达方式', en: 'A rejected case has no licence to issue; choose another way of delivery' }, [{ field: 'method' }]);
      const applicant = (await repos.applicants.findById(c.applicantId))!;
      for (const target of targets.filter((t) => t.outcome === 'approved')) {
        const version = target.itemVersionId ? await repos.catalog.findVersionById(target.itemVersionId) : undefined;
        // In a 一件事, a member whose result is no licence (a 备案回执, a 证明) goes out with the others, not as an e-licence.
        if (c.bundleCode && version && version.content.resultKind !== 'licence' && !version.content.resultLicenceType) continue;
        const department = (await repos.org.findDepartment(target.departmentId))!;
        const typeName = version?.content.resultLicenceType || version?.content.resultName || target.itemName;
        const type = await repos.licenceTypes.findByName(typeName);
        if (!type)
          throw new AppError('ITEM_LICENCE_TYPE_MISSING', {
            zh: `事项“${target.itemName}”的办理结果未关联证照类型目录中的证照类型,不能签发电子证照`,
            en: `The result of ${target.itemName} names no licence type of the catalog; no e-licence can be issued`,
          });
        // The organisation a 一件事 registered holds what its children issue; otherwise as licenceHolder says.
        const registered = target.holderId ? await repos.applicants.findById(target.holderId) : undefined;
        const holder = registered ?? (await this.licenceHolder(scope, applicant, target));
        const licence = await this.licences.issueInTransaction(repos, {
          caseId: target.id,
          caseNo: target.caseNo,
          holderId: holder.id,
          holderName: holder.name,
          holderRef: holder.idMasked ?? holder.uscc ?? '',
          licenceTypeCode: type.code,
          issuerName: department.name,
          issuerUscc: department.uscc ?? '',
          issuedOn: localDate(now),
          // A change (变更) replaces the licence in force: by the scenario's conventional code, or the item's own word.
          isChange: target.scenario === 'change' || version?.content.resultReplaces === true,
          at: now,
        });
        issued.push(licence.identifier);
      }
      if (issued.length === 0)
        throw new AppError('VALIDATION_FAILED', { zh: '本“一件事”的办理结果都不是证照,请选择其他送达方式', en: 'None of the results of this bundle is a licence; choose another way of delivery' }, [{ field: 'method' }]);
    }
    const delivery = { method: input.method, ...(input.express ? { express: input.express } : {}), ...(agentName ? { agent: agentName } : {}), ...(issued.length > 0 ? { licences: issued } : {}), by: shownName(actor) };
    await this.steps.step(scope, actor, c, 'deliver', roles, facts, { payload: delivery, patch: { deliveredAt: now, delivery } });
    if (c.bundleCode) {
      for (const child of targets) {
        if (child.status === 'concluded') await this.steps.step(scope, actor, child, 'deliver', ['system'], await this.steps.facts(repos, child), { payload: delivery, patch: { deliveredAt: now, delivery } });
      }
    }
    if (input.method === 'window') await this.steps.visit(scope, c.id, { at: now, reason: 'collect_result', cause: null, regionCode: c.regionCode, recordedBy: actor.id });
  }

  /**
   * Who holds a case's licence: an organisation applicant itself; for a person who applied for an
   * organisation (the form names the 单位名称 and a valid 统一社会信用代码, as business items ask),
   * that organisation, registered as an applicant the first time; otherwise the person. A licence
   * of an organisation names the organisation and its USCC, never the person at the desk.
   */
  private async licenceHolder(scope: WriteScope<Uses>, applicant: ApplicantRecord, c: CaseRecord): Promise<ApplicantRecord> {
    if (applicant.kind === 'organisation') return applicant;
    const uscc = typeof c.form.uscc === 'string' ? c.form.uscc.trim().toUpperCase() : '';
    const orgName = typeof c.form.org_name === 'string' ? c.form.org_name.trim() : '';
    if (!orgName || !isValidUscc(uscc)) return applicant;
    const known = await scope.repos.applicants.findByUscc(uscc);
    if (known) return known;
    const legalRepresentative = typeof c.form.legal_representative === 'string' ? c.form.legal_representative.trim() : '';
    const id = await scope.repos.applicants.insert({
      kind: 'organisation',
      name: orgName,
      idFingerprint: null,
      idSealed: null,
      idMasked: null,
      uscc,
      legalRepresentative,
      phone: applicant.phone,
      address: typeof c.form.business_premises === 'string' ? c.form.business_premises.trim() : '',
      gender: null,
      birthDate: null,
      regionCode: c.regionCode,
      at: scope.now,
    });
    await scope.record({ action: 'applicant.registered', entityType: 'applicant', entityId: id, payload: { kind: 'organisation', name: orgName, id: uscc, from: c.caseNo }, scope: caseScope(c) });
    return (await scope.repos.applicants.findById(id))!;
  }
}
