/** Who is acting, and the checks every service runs before it changes anything. */
import { AppError } from '../domain/errors.ts';
import { grantsFor, mayAnywhere, mayOn, permissions, type Permission, type RecordScope } from '../domain/permissions.ts';
import type { Grant } from '../domain/roles.ts';

/**
 * A member of the public signed in on the online channel (一网通办): the account behind a mobile
 * number, and the person it is bound to once the real name and resident ID are given.
 */
export interface OnlineAccount {
  accountId: string;
  phone: string;
  /** The person applicant (申请人) the account is bound to; `null` until the real name is bound. */
  applicantId: string | null;
  /** Whether the binding was verified (by the OIDC platform or a check against the ID source); unverified bindings may not receive results that need identity. */
  verified: boolean;
  /**
   * The organisation applicant this request acts for (header `X-Acting-For`), checked against the
   * business handlers: as its legal representative (法定代表人) or an authorised handler (授权经办人).
   */
  actingFor?: { applicantId: string; role: 'legal_representative' | 'handler' };
}

export interface Actor {
  kind: 'staff' | 'api_key' | 'system' | 'applicant';
  /** Staff id, API key id or the online account's id (kind `applicant`); `null` for the system itself. */
  id: string | null;
  name: string;
  /** How people know the actor (a staff member's display name); `name` when not given. */
  displayName?: string;
  grants: Grant[];
  /** For an external system: the department and region its API key is limited to. */
  apiScope?: { departmentId: string | null; regionPath: string };
  /** For an applicant signed in online: their account and binding. Citizens hold no grants: they reach their own cases and those they are authorised for, never by region. */
  account?: OnlineAccount;
}

/** The platform acting on its own behalf (migrations, demo load, jobs, the CLI). */
/** The name to show people (timelines, task holders, notices). */
export function shownName(actor: Actor): string {
  return actor.displayName ?? actor.name;
}

export const systemActor: Actor = { kind: 'system', id: null, name: 'system', grants: [] };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** 403. Naming the permission tells the caller what they lack (“注销电子证照”), not just that they may not. */
export function forbidden(permission?: Permission): AppError {
  if (!permission) return new AppError('FORBIDDEN', { zh: '您没有权限执行此操作', en: 'You are not allowed to do this' });
  const { label } = permissions[permission];
  return new AppError(
    'FORBIDDEN',
    { zh: `您没有权限执行此操作(${label.zh}),或该记录不在您的授权区划和部门内`, en: `You are not allowed to do this (${label.en.toLowerCase()}), or the record lies outside your region and department` },
    { permission },
  );
}

/** Whether the actor may do `permission` on the record (the platform itself may do anything). */
export function may(actor: Actor, permission: Permission, record: RecordScope): boolean {
  return actor.kind === 'system' || mayOn(actor.grants, permission, record);
}

/** Throws FORBIDDEN unless the actor may do `permission` on the record. */
export function assertMay(actor: Actor, permission: Permission, record: RecordScope): void {
  if (!may(actor, permission, record)) throw forbidden(permission);
}

/** Throws FORBIDDEN unless the actor may do `permission` somewhere (the record is checked later, or there is none). */
export function assertMayAnywhere(actor: Actor, permission: Permission): void {
  if (actor.kind !== 'system' && !mayAnywhere(actor.grants, permission)) throw forbidden(permission);
}

/** Where the actor may do `permission`: the scopes of the grants that give it, or 'all' for the platform itself. */
export function scopesFor(actor: Actor, permission: Permission): Pick<Grant, 'regionPath' | 'departmentId'>[] | 'all' {
  if (actor.kind === 'system') return 'all';
  return grantsFor(actor.grants, permission).map((g) => ({ regionPath: g.regionPath, departmentId: g.departmentId }));
}

export function notFound(what: { zh: string; en: string }): AppError {
  return new AppError('NOT_FOUND', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
}
