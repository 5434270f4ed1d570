/**
 * Applicants, entered once and reused for every form (一表申请), and the licence library. A resident
 * ID is validated (GB 11643 check character and birth date), sealed at rest and only ever returned
 * masked; lookups by ID number go through a keyed fingerprint.
 *
 * An applicant keeps the region that registered them. Looking them up stays open to every staff
 * member anywhere (people apply away from home, and what is shown is masked); changing their record
 * and importing licences into their library is for staff whose grants cover that region.
 */
import { AppError } from '../domain/errors.ts';
import { isValidResidentId, maskResidentId, parseResidentId } from '../domain/resident-id.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { ApplicantProfile } from '../domain/profile.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { Region } from '../repositories/org.repository.ts';
import type { ApplicantRecord, Licence } from '../repositories/applicant.repository.ts';
import { assertMay, assertMayAnywhere, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { guardUnique } from './org.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof ApplicantService.repositories)[number];

export type NewApplicant = { kind: 'person'; idNumber: string; name: string; phone: string; address: string } | { kind: 'organisation'; uscc: string; name: string; legalRepresentative: string; phone: string; address: string };

/** An applicant as screens see it: the ID number masked. */
export type ApplicantView = Omit<ApplicantRecord, 'idSealed'>;

const applicantWord = { zh: '申请人', en: 'Applicant' };

function view(record: ApplicantRecord): ApplicantView {
  const { idSealed: _sealed, ...rest } = record;
  return rest;
}

export class ApplicantService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['applicants', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
  }

  /** @param regionCode where they are registered; defaults to the region of the clerk's (first) grant that registers. */
  async register(options: WriteOptions, input: NewApplicant, regionCode?: string): Promise<ApplicantView> {
    assertMayAnywhere(options.actor, 'applicant.register');
    const today = this.clock.now().toISOString().slice(0, 10);
    let identity: { idFingerprint: string | null; idSealed: string | null; idMasked: string | null; uscc: string | null; gender: 'male' | 'female' | null; birthDate: string | null };
    if (input.kind === 'person') {
      const parsed = parseResidentId(input.idNumber, today);
      if (!parsed.ok) {
        const why = { format: '应为18位,前17位为数字,末位为数字或X', birth_date: '其中的出生日期不存在', check_char: '末位校验码不符合 GB 11643' }[parsed.problem];
        throw new AppError('VALIDATION_FAILED', { zh: `居民身份证号码无效:${why}`, en: `Invalid resident ID number (${parsed.problem})` }, [{ field: 'idNumber', problem: parsed.problem }]);
      }
      const id = input.idNumber.trim().toUpperCase();
      identity = { idFingerprint: this.ids.fingerprint(id), idSealed: this.ids.seal(id), idMasked: maskResidentId(id), uscc: null, gender: parsed.facts.sex, birthDate: parsed.facts.birthDate };
    } else {
      const uscc = input.uscc.trim().toUpperCase();
      if (!isValidUscc(uscc)) throw new AppError('VALIDATION_FAILED', { zh: '统一社会信用代码无效(应为18位,且校验码符合 GB 32100)', en: 'Invalid unified social credit code' });
      identity = { idFingerprint: null, idSealed: null, idMasked: null, uscc, gender: null, birthDate: null };
    }
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const region = await this.registeringRegion(repos, options.actor, regionCode);
      const id = await guardUnique(
        () =>
          repos.applicants.insert({
            kind: input.kind,
            name: input.name.trim(),
            ...identity,
            legalRepresentative: input.kind === 'organisation' ? input.legalRepresentative.trim() : '',
            phone: input.phone.trim(),
            address: input.address.trim(),
            regionCode: region?.code ?? null,
            at: now,
          }),
        { zh: '该申请人已登记,请直接查找使用', en: 'This applicant is already registered; look them up instead' },
      );
      // The audit row names the applicant by masked ID only.
      await record({ action: 'applicant.registered', entityType: 'applicant', entityId: id, payload: { kind: input.kind, name: input.name.trim(), id: identity.idMasked ?? identity.uscc }, scope: region && { regionPath: region.path } });
      return view((await repos.applicants.findById(id))!);
    });
  }

  async update(options: WriteOptions, id: string, patch: { name?: string; phone?: string; address?: string; legalRepresentative?: string }): Promise<ApplicantView> {
    assertMayAnywhere(options.actor, 'applicant.edit');
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const applicant = await repos.applicants.findById(id);
      if (!applicant) throw notFound(applicantWord);
      assertMay(options.actor, 'applicant.edit', registeredIn(applicant));
      await repos.applicants.update(id, patch, now);
      await record({ action: 'applicant.updated', entityType: 'applicant', entityId: id, payload: patch, scope: applicant.regionPath ? { regionPath: applicant.regionPath } : null });
      return view((await repos.applicants.findById(id))!);
    });
  }

  async get(actor: Actor, id: string): Promise<ApplicantView> {
    assertMayAnywhere(actor, 'applicant.read');
    const record = await this.uow.read.applicants.findById(id);
    if (!record) throw notFound(applicantWord);
    return view(record);
  }

  /** Finds an applicant by resident ID number, USCC or phone (a phone may give several). */
  /**
   * Finds applicants by resident ID (its fingerprint), USCC or phone; by phone and name together for
   * someone without their ID card (the name must match exactly, spaces aside: a phone is shared in a family).
   */
  async lookup(actor: Actor, query: { idNumber?: string; uscc?: string; phone?: string; name?: string }): Promise<ApplicantView[]> {
    assertMayAnywhere(actor, 'applicant.read');
    if (query.name && !query.phone) throw new AppError('VALIDATION_FAILED', { zh: '按姓名查找须同时给出手机号', en: 'A name is looked up together with a phone number' });
    const repo = this.uow.read.applicants;
    if (query.idNumber) {
      const found = await repo.findByFingerprint(this.ids.fingerprint(query.idNumber));
      return found ? [view(found)] : [];
    }
    if (query.uscc) {
      const found = await repo.findByUscc(query.uscc.trim().toUpperCase());
      return found ? [view(found)] : [];
    }
    if (query.phone) {
      const found = await repo.findByPhone(query.phone.trim());
      const name = query.name?.replace(/\s/g, '');
      return (name ? found.filter((a) => a.name.replace(/\s/g, '') === name) : found).map(view);
    }
    throw new AppError('VALIDATION_FAILED', { zh: '请给出身份证号码、统一社会信用代码或手机号', en: 'Give an ID number, a USCC or a phone number' });
  }

  /** The full profile for filling forms inside the server (一表申请); never sent to a screen as is. */
  async profile(id: string): Promise<ApplicantProfile> {
    const record = await this.uow.read.applicants.findById(id);
    if (!record) throw notFound(applicantWord);
    return profileOf(record, this.ids);
  }

  async listLicences(actor: Actor, holderId: string): Promise<Licence[]> {
    assertMayAnywhere(actor, 'applicant.read');
    return this.uow.read.applicants.listLicences(holderId);
  }

  /**
   * Adds a licence the applicant already holds to the library (imported from another system or
   * paper). A number that is a resident ID (an ID card's, and the social security card and driving
   * licence that reuse it) is kept like the applicant's own: masked, sealed, unique by fingerprint.
   */
  async importLicence(options: WriteOptions, holderId: string, input: { licenceType: string; number: string; name: string; issuer: string; issuedOn: string; validUntil: string | null }): Promise<Licence> {
    assertMayAnywhere(options.actor, 'licence.import');
    if (input.validUntil !== null && input.validUntil < input.issuedOn) {
      throw new AppError('VALIDATION_FAILED', { zh: '有效期截止日不能早于发证日期', en: 'valid until cannot be before issued on' });
    }
    const raw = input.number.trim();
    const number = isValidResidentId(raw) ? { number: maskResidentId(raw.toUpperCase()), numberFingerprint: this.ids.fingerprint(raw), numberSealed: this.ids.seal(raw.toUpperCase()) } : { number: raw };
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      const holder = await repos.applicants.findById(holderId);
      if (!holder) throw notFound(applicantWord);
      assertMay(options.actor, 'licence.import', registeredIn(holder));
      const id = await guardUnique(() => repos.applicants.insertLicence({ ...input, ...number, holderId, source: 'imported', at: now }), {
        zh: `证照库中已有 ${input.licenceType} ${number.number}`,
        en: `The library already holds ${input.licenceType} ${number.number}`,
      });
      await record({ action: 'licence.imported', entityType: 'licence', entityId: id, payload: { holderId, licenceType: input.licenceType, number: number.number }, scope: holder.regionPath ? { regionPath: holder.regionPath } : null });
      return (await repos.applicants.listLicences(holderId)).find((l) => l.id === id)!;
    });
  }

  /** The region a new applicant is registered in: as given (inside the clerk's grants), else the clerk's own. */
  private async registeringRegion(repos: Pick<Repositories, Uses>, actor: Actor, regionCode: string | undefined): Promise<Region | null> {
    const scopes = scopesFor(actor, 'applicant.register');
    const code = regionCode ?? (scopes === 'all' ? undefined : scopes[0]?.regionPath.split('.').at(-1));
    if (!code) return null;
    const region = await repos.org.findRegion(code);
    if (!region) throw notFound({ zh: `行政区划 ${code} `, en: `Region ${code}` });
    assertMay(actor, 'applicant.register', { regionPath: region.path });
    return region;
  }
}

/** The record an applicant's permissions compare: their registering region (none recorded: no grant covers it, only the platform). */
/** What forms are filled from (一表申请): the record, its resident ID opened; only inside the server. */
export function profileOf(record: ApplicantRecord, ids: Pick<IdProtector, 'open'>): ApplicantProfile {
  return {
    kind: record.kind,
    name: record.name,
    ...(record.idSealed ? { idNumber: ids.open(record.idSealed) } : {}),
    phone: record.phone,
    address: record.address,
    ...(record.uscc ? { uscc: record.uscc } : {}),
    ...(record.legalRepresentative ? { legalRepresentative: record.legalRepresentative } : {}),
    ...(record.gender ? { gender: record.gender } : {}),
    ...(record.birthDate ? { birthDate: record.birthDate } : {}),
  };
}

function registeredIn(applicant: ApplicantRecord): { regionPath: string } {
  return { regionPath: applicant.regionPath ?? '' };
}
