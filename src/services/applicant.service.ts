/**
 * Applicants, entered once and reused for every form (一表申请), and the licence library. A resident
 * ID is validated (GB 11643 check character and birth date), sealed at rest and only ever returned
 * masked; lookups by ID number go through a keyed fingerprint.
 */
import { AppError } from '../domain/errors.ts';
import { isValidResidentId, maskResidentId, parseResidentId } from '../domain/resident-id.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { ApplicantProfile } from '../domain/profile.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { ApplicantRecord, Licence } from '../repositories/applicant.repository.ts';
import { assertHasRole, notFound, type Actor, type Clock } from './actor.ts';
import { withKeyedRequest, type IdProtector } from './id-protection.ts';
import { guardUnique } from './org.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

export type NewApplicant =
  | { kind: 'person'; idNumber: string; name: string; phone: string; address: string }
  | { kind: 'organisation'; uscc: string; name: string; legalRepresentative: string; phone: string; address: string };

/** An applicant as screens see it: the ID number masked. */
export type ApplicantView = Omit<ApplicantRecord, 'idSealed'>;

const applicantWord = { zh: '申请人', en: 'Applicant' };
/** Those who take applications in the hall, in a town, or as a village proxy. */
const intakeRoles = ['front_desk', 'guide', 'agent', 'town_approver'] as const;
const anyStaff = ['guide', 'front_desk', 'reviewer', 'issuer', 'agent', 'town_approver', 'supervisor', 'admin'] as const;

function view(record: ApplicantRecord): ApplicantView {
  const { idSealed: _sealed, ...rest } = record;
  return rest;
}

export class ApplicantService {
  private readonly uow: UnitOfWork;
  private readonly clock: Clock;
  private readonly ids: IdProtector;

  constructor(options: { uow: UnitOfWork; clock: Clock; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
  }

  async register(options: WriteOptions, input: NewApplicant): Promise<ApplicantView> {
    assertHasRole(options.actor, intakeRoles);
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
      const id = await guardUnique(
        () => repos.applicants.insert({
          kind: input.kind,
          name: input.name.trim(),
          ...identity,
          legalRepresentative: input.kind === 'organisation' ? input.legalRepresentative.trim() : '',
          phone: input.phone.trim(),
          address: input.address.trim(),
          at: now,
        }),
        { zh: '该申请人已登记,请直接查找使用', en: 'This applicant is already registered; look them up instead' },
      );
      // The audit row names the applicant by masked ID only.
      await record({ action: 'applicant.registered', entityType: 'applicant', entityId: id, payload: { kind: input.kind, name: input.name.trim(), id: identity.idMasked ?? identity.uscc } });
      return view((await repos.applicants.findById(id))!);
    });
  }

  async update(options: WriteOptions, id: string, patch: { name?: string; phone?: string; address?: string; legalRepresentative?: string }): Promise<ApplicantView> {
    assertHasRole(options.actor, intakeRoles);
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      if (!(await repos.applicants.update(id, patch, now))) throw notFound(applicantWord);
      await record({ action: 'applicant.updated', entityType: 'applicant', entityId: id, payload: patch });
      return view((await repos.applicants.findById(id))!);
    });
  }

  async get(actor: Actor, id: string): Promise<ApplicantView> {
    assertHasRole(actor, anyStaff);
    const record = await this.uow.read.applicants.findById(id);
    if (!record) throw notFound(applicantWord);
    return view(record);
  }

  /** Finds an applicant by resident ID number, USCC or phone (a phone may give several). */
  async lookup(actor: Actor, query: { idNumber?: string; uscc?: string; phone?: string }): Promise<ApplicantView[]> {
    assertHasRole(actor, anyStaff);
    const repo = this.uow.read.applicants;
    if (query.idNumber) {
      const found = await repo.findByFingerprint(this.ids.fingerprint(query.idNumber));
      return found ? [view(found)] : [];
    }
    if (query.uscc) {
      const found = await repo.findByUscc(query.uscc.trim().toUpperCase());
      return found ? [view(found)] : [];
    }
    if (query.phone) return (await repo.findByPhone(query.phone.trim())).map(view);
    throw new AppError('VALIDATION_FAILED', { zh: '请给出身份证号码、统一社会信用代码或手机号', en: 'Give an ID number, a USCC or a phone number' });
  }

  /** The full profile for filling forms inside the server (一表申请); never sent to a screen as is. */
  async profile(id: string): Promise<ApplicantProfile> {
    const record = await this.uow.read.applicants.findById(id);
    if (!record) throw notFound(applicantWord);
    return {
      kind: record.kind,
      name: record.name,
      ...(record.idSealed ? { idNumber: this.ids.open(record.idSealed) } : {}),
      phone: record.phone,
      address: record.address,
      ...(record.uscc ? { uscc: record.uscc } : {}),
      ...(record.legalRepresentative ? { legalRepresentative: record.legalRepresentative } : {}),
      ...(record.gender ? { gender: record.gender } : {}),
      ...(record.birthDate ? { birthDate: record.birthDate } : {}),
    };
  }

  async listLicences(actor: Actor, holderId: string): Promise<Licence[]> {
    assertHasRole(actor, anyStaff);
    return this.uow.read.applicants.listLicences(holderId);
  }

  /**
   * Adds a licence the applicant already holds to the library (imported from another system or
   * paper). A number that is a resident ID (an ID card's, and the social security card and driving
   * licence that reuse it) is kept like the applicant's own: masked, sealed, unique by fingerprint.
   */
  async importLicence(options: WriteOptions, holderId: string, input: { licenceType: string; number: string; name: string; issuer: string; issuedOn: string; validUntil: string | null }): Promise<Licence> {
    assertHasRole(options.actor, ['issuer', 'admin']);
    if (input.validUntil !== null && input.validUntil < input.issuedOn) {
      throw new AppError('VALIDATION_FAILED', { zh: '有效期截止日不能早于发证日期', en: 'valid until cannot be before issued on' });
    }
    const raw = input.number.trim();
    const number = isValidResidentId(raw)
      ? { number: maskResidentId(raw.toUpperCase()), numberFingerprint: this.ids.fingerprint(raw), numberSealed: this.ids.seal(raw.toUpperCase()) }
      : { number: raw };
    return performWrite(this.uow, this.clock, withKeyedRequest(options, this.ids), async ({ repos, now, record }) => {
      if (!(await repos.applicants.findById(holderId))) throw notFound(applicantWord);
      const id = await guardUnique(() => repos.applicants.insertLicence({ ...input, ...number, holderId, source: 'imported', at: now }), {
        zh: `证照库中已有 ${input.licenceType} ${number.number}`,
        en: `The library already holds ${input.licenceType} ${number.number}`,
      });
      await record({ action: 'licence.imported', entityType: 'licence', entityId: id, payload: { holderId, licenceType: input.licenceType, number: number.number } });
      return (await repos.applicants.listLicences(holderId)).find((l) => l.id === id)!;
    });
  }
}
