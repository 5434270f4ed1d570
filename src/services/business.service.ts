/**
 * Businesses on the online channel: an organisation applicant acts through its legal
 * representative (法定代表人), who registers it with its USCC (GB 32100), and the authorised
 * handlers (授权经办人) the representative adds and removes by their mobile number. Each is a person
 * bound to an online account. The rows are ended, never deleted, so who could act when stays known.
 */
import { AppError } from '../domain/errors.ts';
import { maskPhone, sameName, type BusinessRole } from '../domain/online-identity.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { BusinessRecord, HandlerRecord } from '../repositories/online.repository.ts';
import { notFound, type Actor, type Clock } from './actor.ts';
import { onlineAccountOf } from './online-account.service.ts';
import { guardUnique } from './org.service.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof BusinessService.repositories)[number];

export interface BusinessView {
  applicantId: string;
  name: string;
  uscc: string;
  legalRepresentative: string;
  role: BusinessRole;
  since: Date;
}

export interface HandlerView {
  id: string;
  name: string;
  /** Masked: the representative knows whom they added; the screen need not show the whole number. */
  phone: string;
  role: BusinessRole;
  addedAt: Date;
}

const businessWord = { zh: '单位', en: 'Organisation' };

function businessView(record: BusinessRecord): BusinessView {
  return { applicantId: record.organisationId, name: record.name, uscc: record.uscc, legalRepresentative: record.legalRepresentative, role: record.role, since: record.since };
}

function handlerView(record: HandlerRecord): HandlerView {
  return { id: record.id, name: record.personName, phone: maskPhone(record.phone), role: record.role, addedAt: record.addedAt };
}

function boundPerson(actor: Actor): { accountId: string; personId: string } {
  const account = onlineAccountOf(actor);
  if (!account.applicantId) throw new AppError('FORBIDDEN', { zh: '请先完成实名认证(姓名和身份证号码),再办理单位事务', en: 'Bind your real name and resident ID first' });
  return { accountId: account.accountId, personId: account.applicantId };
}

function notRepresentative(): AppError {
  return new AppError('FORBIDDEN', { zh: '只有该单位的法定代表人可以管理经办人', en: "Only the organisation's legal representative may manage its handlers" });
}

export class BusinessService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['online', 'applicants', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /**
   * Registers the signed-in person as legal representative of the organisation with this USCC. An
   * organisation on file must record them (by name) as its legal representative, when it records
   * one; one not on file is registered with them as legal representative.
   */
  async register(options: WriteOptions, input: { uscc: string; name?: string }): Promise<BusinessView> {
    const { accountId, personId } = boundPerson(options.actor);
    const uscc = input.uscc.trim().toUpperCase();
    if (!isValidUscc(uscc)) throw new AppError('VALIDATION_FAILED', { zh: '统一社会信用代码无效(应为18位,且校验码符合 GB 32100)', en: 'Invalid unified social credit code (GB 32100)' }, [{ field: 'uscc', problem: 'check_char' }]);
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const person = await repos.applicants.findById(personId);
      if (!person) throw notFound({ zh: '实名信息', en: 'Bound person' });
      let organisation = await repos.applicants.findByUscc(uscc);
      if (organisation?.legalRepresentative && !sameName(organisation.legalRepresentative, person.name)) {
        throw new AppError('LEGAL_REPRESENTATIVE_MISMATCH', {
          zh: `您不是该单位登记的法定代表人,不能在网上登记为其法定代表人。如法定代表人已变更,请先办理变更登记或到政务服务窗口办理`,
          en: 'You are not the legal representative on file for this organisation. If it changed, register the change first or go to a service counter',
        });
      }
      if (!organisation) {
        const name = input.name?.trim() ?? '';
        if (name.length < 2 || name.length > 100)
          throw new AppError('VALIDATION_FAILED', { zh: '该单位尚未登记,请填写单位名称(2到100个字)', en: 'The organisation is not on file: give its name (2 to 100 characters)' }, [{ field: 'name', problem: 'required' }]);
        const id = await guardUnique(
          () =>
            repos.applicants.insert({
              kind: 'organisation',
              name,
              idFingerprint: null,
              idSealed: null,
              idMasked: null,
              uscc,
              legalRepresentative: person.name,
              phone: person.phone,
              address: '',
              gender: null,
              birthDate: null,
              regionCode: null,
              at: now,
            }),
          { zh: '该单位刚被登记,请重试', en: 'The organisation was registered meanwhile; try again' },
        );
        await record({ action: 'applicant.registered', entityType: 'applicant', entityId: id, payload: { kind: 'organisation', name, id: uscc, channel: 'online' }, scope: null });
        organisation = (await repos.applicants.findById(id))!;
      } else if (!organisation.legalRepresentative) {
        await repos.applicants.update(organisation.id, { legalRepresentative: person.name }, now);
      }
      const representative = await repos.online.findRepresentative(organisation.id);
      if (representative && representative.personId !== personId) {
        throw new AppError('ALREADY_EXISTS', { zh: '该单位已有法定代表人在网上登记,请到政务服务窗口办理变更', en: 'Another legal representative is registered online for this organisation; go to a service counter to change it' });
      }
      if (!representative) {
        // A handler who becomes the representative: the handler row ends, the representative's begins.
        const asHandler = await repos.online.findLiveHandler(organisation.id, personId);
        if (asHandler) await repos.online.removeHandler(asHandler.id, accountId, now);
        const id = await guardUnique(() => repos.online.insertHandler({ organisationId: organisation.id, personId, accountId, role: 'legal_representative', addedBy: accountId, at: now }), {
          zh: '该单位刚有法定代表人登记,请刷新',
          en: 'A legal representative was registered meanwhile; reload',
        });
        await record({ action: 'online.business_registered', entityType: 'business_handler', entityId: id, payload: { organisationId: organisation.id, uscc, role: 'legal_representative' }, scope: null });
      } else {
        await record({ action: 'online.business_registered', entityType: 'business_handler', entityId: representative.id, payload: { organisationId: organisation.id, uscc, role: 'legal_representative', again: true }, scope: null });
      }
      const mine = (await repos.online.listBusinesses(personId)).find((b) => b.organisationId === organisation.id)!;
      return businessView(mine);
    });
  }

  /** The organisations the signed-in person acts for, as legal representative or handler. */
  async list(actor: Actor): Promise<BusinessView[]> {
    const account = onlineAccountOf(actor);
    if (!account.applicantId) return [];
    return (await this.uow.read.online.listBusinesses(account.applicantId)).map(businessView);
  }

  /** Who acts for an organisation: for its legal representative only. */
  async handlers(actor: Actor, organisationId: string): Promise<HandlerView[]> {
    const { personId } = boundPerson(actor);
    const mine = await this.uow.read.online.findLiveHandler(organisationId, personId);
    if (!mine) throw notFound(businessWord);
    if (mine.role !== 'legal_representative') throw notRepresentative();
    return (await this.uow.read.online.listHandlers(organisationId)).map(handlerView);
  }

  /** The legal representative adds a handler: a person bound to the online account of `phone`. */
  async addHandler(options: WriteOptions, organisationId: string, input: { phone: string }): Promise<HandlerView> {
    const { accountId, personId } = boundPerson(options.actor);
    const phone = input.phone.trim();
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const mine = await repos.online.findLiveHandler(organisationId, personId);
      if (!mine) throw notFound(businessWord);
      if (mine.role !== 'legal_representative') throw notRepresentative();
      const handlerAccount = await repos.online.findAccountByPhone(phone);
      if (!handlerAccount?.applicantId) {
        throw new AppError('VALIDATION_FAILED', { zh: '该手机号尚未注册网上办事账号或未实名,请对方先登录并完成实名认证', en: 'No bound online account has this number: the handler must sign in and bind their real name first' }, [
          { field: 'phone', problem: 'not_bound' },
        ]);
      }
      if (handlerAccount.applicantId === personId) throw new AppError('VALIDATION_FAILED', { zh: '法定代表人本人无需添加为经办人', en: 'The legal representative needs no handler entry' }, [{ field: 'phone', problem: 'self' }]);
      const id = await guardUnique(() => repos.online.insertHandler({ organisationId, personId: handlerAccount.applicantId!, accountId: handlerAccount.id, role: 'handler', addedBy: accountId, at: now }), {
        zh: '此人已是该单位的经办人',
        en: 'This person already acts for the organisation',
      });
      await record({ action: 'online.handler_added', entityType: 'business_handler', entityId: id, payload: { organisationId, handler: handlerAccount.applicantId, phone: maskPhone(phone) }, scope: null });
      return handlerView((await repos.online.findLiveHandlerById(id))!);
    });
  }

  /** The legal representative removes a handler; from then on the handler cannot act for it. */
  async removeHandler(options: WriteOptions, organisationId: string, handlerId: string): Promise<void> {
    const { accountId, personId } = boundPerson(options.actor);
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const mine = await repos.online.findLiveHandler(organisationId, personId);
      if (!mine) throw notFound(businessWord);
      if (mine.role !== 'legal_representative') throw notRepresentative();
      const row = await repos.online.findLiveHandlerById(handlerId);
      if (!row || row.organisationId !== organisationId) throw notFound({ zh: '经办人', en: 'Handler' });
      if (row.role === 'legal_representative') throw new AppError('VALIDATION_FAILED', { zh: '法定代表人不能在网上移除,变更请到政务服务窗口办理', en: 'The legal representative cannot be removed online; go to a service counter' });
      if (!(await repos.online.removeHandler(row.id, accountId, now))) throw notFound({ zh: '经办人', en: 'Handler' });
      await record({ action: 'online.handler_removed', entityType: 'business_handler', entityId: row.id, payload: { organisationId, handler: row.personId }, scope: null });
    });
  }
}
