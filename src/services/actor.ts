/** Who is acting, and the checks every service runs before it changes anything. */
import { AppError } from '../domain/errors.ts';
import { canAct, hasRole, type Grant, type Role, type ScopeTarget } from '../domain/roles.ts';

export interface Actor {
  kind: 'staff' | 'api_key' | 'system';
  /** Staff id or API key id; `null` for the system itself. */
  id: string | null;
  name: string;
  /** How people know the actor (a staff member's display name); `name` when not given. */
  displayName?: string;
  grants: Grant[];
  /** For an external system: the department and region its API key is limited to. */
  apiScope?: { departmentId: string | null; regionPath: string };
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

export function forbidden(): AppError {
  return new AppError('FORBIDDEN', { zh: '您没有权限执行此操作', en: 'You are not allowed to do this' });
}

/** Throws FORBIDDEN unless the actor holds one of `allowed` over `target` (the system may do anything). */
export function assertCan(actor: Actor, allowed: readonly Role[], target: ScopeTarget): void {
  if (actor.kind === 'system') return;
  if (!canAct(actor.grants, allowed, target)) throw forbidden();
}

export function assertHasRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'system') return;
  if (!hasRole(actor.grants, allowed)) throw forbidden();
}

export function notFound(what: { zh: string; en: string }): AppError {
  return new AppError('NOT_FOUND', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
}
