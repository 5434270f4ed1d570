/**
 * 数据推送 (issue 16 §4), the administrators' side: a department's subscriptions (events it
 * receives by webhook, signed with a secret shown once), the delivery log with its dead letters,
 * sending a dead letter again, and replaying a subscription's events from a point in time. Every
 * change is one write (guard, change, audit row, idempotency key). A department administrator
 * (an `admin` grant narrowed to the department) manages the department's subscriptions; an
 * administrator of every department in a region, those of all departments there.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { mayOn } from '../../domain/permissions.ts';
import { isPushTopic, pushUrlProblem, type PushDeliveryState } from '../../domain/push.ts';
import type { Repositories, UnitOfWork } from '../../repositories/index.ts';
import type { PushDelivery, PushSubscription } from '../../repositories/push.repository.ts';
import { assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from '../actor.ts';
import type { IdProtector } from '../id-protection.ts';
import { performWrite, type WriteOptions } from '../write.ts';

type Uses = (typeof PushService.repositories)[number];

export interface SubscriptionInput {
  departmentId: string;
  name: string;
  url: string;
  topics: string[];
  itemCodes: string[];
  active: boolean;
}

export type SubscriptionPatch = Partial<Omit<SubscriptionInput, 'departmentId'>>;

/** A subscription as shown: never its secret. */
export type SubscriptionView = Omit<PushSubscription, 'secretSealed'>;

/** How far back a replay may reach: the outbox is not an archive, and a replay of years floods a receiver. */
export const replayWindowDays = 30;

const itemCodePattern = /^[A-Za-z0-9_.-]{1,64}$/;

const view = ({ secretSealed: _, ...rest }: PushSubscription): SubscriptionView => rest;

export class PushService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['push', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;
  private readonly ids: IdProtector;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock; ids: IdProtector }) {
    this.uow = options.uow;
    this.clock = options.clock;
    this.ids = options.ids;
  }

  async list(actor: Actor): Promise<SubscriptionView[]> {
    assertMayAnywhere(actor, 'push.manage');
    return (await this.uow.read.push.listSubscriptions(scopesFor(actor, 'push.manage'))).map(view);
  }

  async get(actor: Actor, id: string): Promise<SubscriptionView> {
    return view(await this.visible(actor, id));
  }

  /** Creates a subscription; its signing secret is returned this once (a replay of the request gets `null`). */
  async create(options: WriteOptions, input: SubscriptionInput): Promise<{ subscription: SubscriptionView; secret: string | null }> {
    assertMayAnywhere(options.actor, 'push.manage');
    const clean = checked(input);
    const secret = newSecret();
    return performWrite<Uses, { subscription: SubscriptionView; secret: string | null }>(
      this.uow,
      this.clock,
      options,
      async ({ repos, now, record }) => {
        const department = await repos.org.findDepartment(input.departmentId);
        if (!department) throw notFound({ zh: '部门', en: 'Department' });
        const scope = { regionPath: department.regionPath, departmentId: department.id };
        if (!mayManage(options.actor, scope)) throw forbidden('push.manage');
        const id = await repos.push.insertSubscription({
          departmentId: department.id,
          regionPath: department.regionPath,
          name: clean.name,
          url: clean.url,
          secretSealed: this.ids.seal(secret),
          topics: clean.topics,
          itemCodes: clean.itemCodes,
          active: clean.active,
          createdBy: options.actor.kind === 'staff' ? options.actor.id : null,
          at: now,
        });
        await record({ action: 'push.subscription_created', entityType: 'push_subscription', entityId: id, payload: { name: clean.name, url: clean.url, topics: clean.topics, itemCodes: clean.itemCodes, active: clean.active }, scope });
        return { subscription: view((await repos.push.findSubscription(id))!), secret };
      },
      (result) => ({ ...result, secret: null }),
    );
  }

  async update(options: WriteOptions, id: string, patch: SubscriptionPatch): Promise<SubscriptionView> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const found = await this.managed(repos, options.actor, id);
      const clean = checked({ ...found, ...patch });
      const changes = {
        ...(patch.name !== undefined ? { name: clean.name } : {}),
        ...(patch.url !== undefined ? { url: clean.url } : {}),
        ...(patch.topics !== undefined ? { topics: clean.topics } : {}),
        ...(patch.itemCodes !== undefined ? { itemCodes: clean.itemCodes } : {}),
        ...(patch.active !== undefined ? { active: clean.active } : {}),
      };
      await repos.push.updateSubscription(id, changes, now);
      await record({ action: 'push.subscription_updated', entityType: 'push_subscription', entityId: id, payload: changes, scope: scopeOf(found) });
      return view((await repos.push.findSubscription(id))!);
    });
  }

  /** A new signing secret, returned this once; the old one stops signing at once. */
  async rotateSecret(options: WriteOptions, id: string): Promise<{ subscription: SubscriptionView; secret: string | null }> {
    const secret = newSecret();
    return performWrite<Uses, { subscription: SubscriptionView; secret: string | null }>(
      this.uow,
      this.clock,
      options,
      async ({ repos, now, record }) => {
        const found = await this.managed(repos, options.actor, id);
        await repos.push.updateSubscription(id, { secretSealed: this.ids.seal(secret) }, now);
        await record({ action: 'push.secret_rotated', entityType: 'push_subscription', entityId: id, payload: { name: found.name }, scope: scopeOf(found) });
        return { subscription: view((await repos.push.findSubscription(id))!), secret };
      },
      (result) => ({ ...result, secret: null }),
    );
  }

  async remove(options: WriteOptions, id: string): Promise<{ id: string }> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const found = await this.managed(repos, options.actor, id);
      await repos.push.deleteSubscription(id);
      await record({ action: 'push.subscription_deleted', entityType: 'push_subscription', entityId: id, payload: { name: found.name, url: found.url, topics: found.topics }, scope: scopeOf(found) });
      return { id };
    });
  }

  async deliveries(actor: Actor, id: string, filter: { state?: PushDeliveryState; topic?: string; limit: number; offset: number }): Promise<{ items: PushDelivery[]; total: number; byState: Record<string, number> }> {
    await this.visible(actor, id);
    return this.uow.read.push.listDeliveries({ subscriptionId: id, ...(filter.state ? { state: filter.state } : {}), ...(filter.topic ? { topic: filter.topic } : {}) }, filter.limit, filter.offset);
  }

  /** Delivers again every event the subscription takes that was written from `from` on. */
  async replay(options: WriteOptions, id: string, from: Date): Promise<{ pending: number }> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const found = await this.managed(repos, options.actor, id);
      if (from.getTime() > now.getTime()) throw new AppError('BAD_REQUEST', { zh: '重推起点不能晚于当前时间', en: 'A replay cannot start in the future' });
      if (now.getTime() - from.getTime() > replayWindowDays * 86_400_000) {
        throw new AppError('BAD_REQUEST', { zh: `只能重推最近${replayWindowDays}天内的事件`, en: `A replay reaches back ${replayWindowDays} days at most` });
      }
      const pending = await repos.push.replay(id, from, now);
      await record({ action: 'push.replayed', entityType: 'push_subscription', entityId: id, payload: { from: from.toISOString(), pending }, scope: scopeOf(found) });
      return { pending };
    });
  }

  /** Sends a dead letter again, as a new delivery (new id) with its attempts starting over. */
  async redeliver(options: WriteOptions, subscriptionId: string, deliveryId: string): Promise<PushDelivery> {
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const found = await this.managed(repos, options.actor, subscriptionId);
      const delivery = await repos.push.findDelivery(deliveryId);
      if (!delivery || delivery.subscriptionId !== found.id) throw notFound({ zh: '推送记录', en: 'Delivery' });
      if (delivery.state !== 'dead') throw new AppError('DELIVERY_NOT_DEAD', { zh: '只有推送失败(死信)的记录可以重新推送', en: 'Only a dead letter can be sent again' });
      const newId = (await repos.push.resend(deliveryId, now))!;
      await record({ action: 'push.redelivered', entityType: 'push_subscription', entityId: found.id, payload: { deliveryId, newDeliveryId: newId, outboxId: delivery.outboxId, topic: delivery.topic }, scope: scopeOf(found) });
      return (await repos.push.findDelivery(newId))!;
    });
  }

  private async visible(actor: Actor, id: string): Promise<PushSubscription> {
    assertMayAnywhere(actor, 'push.manage');
    const found = await this.uow.read.push.findSubscription(id);
    // Another department's subscription is not found, rather than forbidden: its existence is not shown.
    if (!found || !mayManage(actor, scopeOf(found))) throw notFound({ zh: '推送订阅', en: 'Subscription' });
    return found;
  }

  private async managed(repos: Pick<Repositories, Uses>, actor: Actor, id: string): Promise<PushSubscription> {
    assertMayAnywhere(actor, 'push.manage');
    const found = await repos.push.lockSubscription(id);
    if (!found || !mayManage(actor, scopeOf(found))) throw notFound({ zh: '推送订阅', en: 'Subscription' });
    return found;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function scopeOf(s: Pick<PushSubscription, 'regionPath' | 'departmentId'>) {
  return { regionPath: s.regionPath, departmentId: s.departmentId };
}

function mayManage(actor: Actor, scope: { regionPath: string; departmentId: string }): boolean {
  return actor.kind === 'system' || mayOn(actor.grants, 'push.manage', scope);
}

function checked(input: Omit<SubscriptionInput, 'departmentId'>): Omit<SubscriptionInput, 'departmentId'> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError('BAD_REQUEST', { zh: '订阅名称应为1到100个字', en: 'The name must be 1 to 100 characters' });
  const url = input.url.trim();
  const problem = pushUrlProblem(url);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  const topics = [...new Set(input.topics.map((t) => t.trim()))];
  if (topics.length === 0) throw new AppError('BAD_REQUEST', { zh: '请至少选择一类事件', en: 'Choose at least one event' });
  const wrong = topics.find((t) => !isPushTopic(t));
  if (wrong) throw new AppError('BAD_REQUEST', { zh: `不能订阅事件“${wrong}”`, en: `Event "${wrong}" cannot be subscribed to` });
  const itemCodes = [...new Set(input.itemCodes.map((c) => c.trim()))];
  const badItem = itemCodes.find((c) => !itemCodePattern.test(c));
  if (badItem !== undefined) throw new AppError('BAD_REQUEST', { zh: `事项编码“${badItem}”格式不对`, en: `Item code "${badItem}" is not valid` });
  return { name, url, topics, itemCodes, active: input.active };
}
