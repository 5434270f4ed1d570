/**
 * Staff accounts and their grants. An administrator manages the staff whose every grant lies inside
 * one of the administrator's own admin grants, and hands out only grants inside them: a civil-affairs
 * administrator cannot make anyone a public-security reviewer, nor touch a city-wide administrator.
 */
import { AppError } from '../domain/errors.ts';
import { grantContains, type Grant, type Role } from '../domain/roles.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { StaffMember } from '../repositories/staff.repository.ts';
import { forbidden, notFound, type Actor, type Clock } from './actor.ts';
import { guardUnique } from './org.service.ts';
import { hashPassword } from './password.ts';
import { performWrite, type WriteOptions } from './write.ts';

export interface GrantInput {
  role: Role;
  departmentId: string | null;
  regionCode: string;
}

export interface NewStaff {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
  grants: GrantInput[];
}

const staffWord = { zh: '工作人员', en: 'Staff member' };

export class StaffService {
  private readonly uow: UnitOfWork;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /** Staff the actor may see: administrators and supervisors see those inside their grants. */
  async list(actor: Actor): Promise<StaffMember[]> {
    const viewerGrants = actor.grants.filter((g) => g.role === 'admin' || g.role === 'supervisor');
    if (actor.kind !== 'system' && viewerGrants.length === 0) throw forbidden();
    const all = await this.uow.read.staff.list();
    if (actor.kind === 'system') return all;
    return all.filter((member) => isManagedBy(member, viewerGrants) || member.id === actor.id);
  }

  async get(actor: Actor, id: string): Promise<StaffMember> {
    const member = await this.uow.read.staff.findById(id);
    if (!member) throw notFound(staffWord);
    if (actor.kind !== 'system' && member.id !== actor.id && !isManagedBy(member, actor.grants.filter((g) => g.role === 'admin' || g.role === 'supervisor'))) {
      throw forbidden();
    }
    return member;
  }

  async create(options: WriteOptions, input: NewStaff): Promise<StaffMember> {
    assertPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const grants = await resolveGrants(repos, input.grants);
      assertMayGrant(options.actor, grants);
      const username = input.username.trim().toLowerCase();
      const id = await guardUnique(
        () => repos.staff.insert({ username, displayName: input.displayName.trim(), phone: input.phone ?? '', passwordHash }),
        { zh: `用户名 ${username} 已被使用`, en: `Username ${username} is taken` },
      );
      await repos.staff.replaceGrants(id, input.grants);
      await record({
        action: 'staff.created',
        entityType: 'staff',
        entityId: id,
        payload: { username, displayName: input.displayName.trim(), grants: input.grants },
      });
      return (await repos.staff.findById(id))!;
    });
  }

  async update(options: WriteOptions, id: string, patch: { displayName?: string; phone?: string; active?: boolean }): Promise<StaffMember> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const member = await this.getManaged(repos, options.actor, id);
      if (patch.active === false && member.id === options.actor.id) {
        throw new AppError('CONFLICT', { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
      }
      await repos.staff.update(id, { ...patch, displayName: patch.displayName?.trim() });
      if (patch.active === false) await repos.sessions.deleteForStaff(id);
      await record({ action: 'staff.updated', entityType: 'staff', entityId: id, payload: patch });
      return (await repos.staff.findById(id))!;
    });
  }

  async setGrants(options: WriteOptions, id: string, grantInputs: GrantInput[]): Promise<StaffMember> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const member = await this.getManaged(repos, options.actor, id);
      const grants = await resolveGrants(repos, grantInputs);
      assertMayGrant(options.actor, grants);
      await repos.staff.replaceGrants(id, grantInputs);
      await record({
        action: 'staff.grants_changed',
        entityType: 'staff',
        entityId: id,
        payload: { from: member.grants.map(({ role, departmentId, regionCode }) => ({ role, departmentId, regionCode })), to: grantInputs },
      });
      return (await repos.staff.findById(id))!;
    });
  }

  async resetPassword(options: WriteOptions, id: string, password: string): Promise<void> {
    assertPassword(password);
    const passwordHash = await hashPassword(password);
    await performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      await this.getManaged(repos, options.actor, id);
      await repos.staff.update(id, { passwordHash });
      // A new password ends every session opened with the old one.
      await repos.sessions.deleteForStaff(id);
      await record({ action: 'staff.password_reset', entityType: 'staff', entityId: id });
    });
  }

  private async getManaged(repos: Repositories, actor: Actor, id: string): Promise<StaffMember> {
    const member = await repos.staff.findById(id);
    if (!member) throw notFound(staffWord);
    if (actor.kind !== 'system' && !isManagedBy(member, actor.grants.filter((g) => g.role === 'admin'))) throw forbidden();
    return member;
  }
}

/** Whether every grant of `member` lies inside one of `managerGrants` (a member with none: any unscoped one). */
function isManagedBy(member: StaffMember, managerGrants: readonly Grant[]): boolean {
  if (member.grants.length === 0) return managerGrants.some((g) => g.departmentId === null);
  return member.grants.every((inner) => managerGrants.some((outer) => grantContains(outer, inner)));
}

function assertMayGrant(actor: Actor, grants: readonly Grant[]): void {
  if (actor.kind === 'system') return;
  const adminGrants = actor.grants.filter((g) => g.role === 'admin');
  if (adminGrants.length === 0 || !grants.every((inner) => adminGrants.some((outer) => grantContains(outer, inner)))) throw forbidden();
}

async function resolveGrants(repos: Repositories, inputs: readonly GrantInput[]): Promise<Grant[]> {
  const grants: Grant[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const key = `${input.role}|${input.departmentId ?? ''}|${input.regionCode}`;
    if (seen.has(key)) throw new AppError('VALIDATION_FAILED', { zh: '授权重复', en: 'Duplicate grant' });
    seen.add(key);
    const region = await repos.org.findRegion(input.regionCode);
    if (!region) throw notFound({ zh: `行政区划 ${input.regionCode} `, en: `Region ${input.regionCode}` });
    if (input.departmentId && !(await repos.org.findDepartment(input.departmentId))) throw notFound({ zh: '部门', en: 'Department' });
    grants.push({ role: input.role, departmentId: input.departmentId, regionPath: region.path });
  }
  return grants;
}

function assertPassword(password: string): void {
  if (password.length < 8 || password.length > 128) {
    throw new AppError('VALIDATION_FAILED', { zh: '密码长度应为8到128个字符', en: 'A password has 8 to 128 characters' });
  }
}
