/**
 * Staff accounts and their grants. An administrator manages the staff whose every grant lies inside
 * one of the administrator's own admin grants (`staff.manage`), and hands out only grants inside
 * them: a civil-affairs administrator cannot make anyone a public-security reviewer, nor touch a
 * city-wide administrator. A member without grants (new, or all taken away) is placed by their home
 * region and department, set when the account is made: only administrators covering it manage them.
 */
import { AppError } from '../domain/errors.ts';
import { grantsFor, mayOn, type Permission } from '../domain/permissions.ts';
import { commonAncestorPath } from '../domain/region.ts';
import type { Grant, Role } from '../domain/roles.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { StaffMember } from '../repositories/staff.repository.ts';
import { assertMay, assertMayAnywhere, forbidden, notFound, type Actor, type Clock } from './actor.ts';
import { guardUnique } from './org.service.ts';
import { hashPassword } from './password.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof StaffService.repositories)[number];

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
  /** Home region; defaults to the deepest region all grants share, or (without grants) the creating administrator's. */
  homeRegionCode?: string;
  /** Home department; defaults to the grants' one department, or (without grants) the creating administrator's. */
  homeDepartmentId?: string | null;
}

const staffWord = { zh: '工作人员', en: 'Staff member' };

export class StaffService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['org', 'sessions', 'staff', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /** Staff the actor may see: administrators and supervisors see those inside their grants. */
  async list(actor: Actor): Promise<StaffMember[]> {
    assertMayAnywhere(actor, 'staff.read');
    const all = await this.uow.read.staff.list();
    return all.filter((member) => member.id === actor.id || isCoveredFor(actor, 'staff.read', member));
  }

  /** One member: oneself, or one whose grants (or home) the reader covers. */
  async get(actor: Actor, id: string): Promise<StaffMember> {
    const member = await this.uow.read.staff.findById(id);
    if (!member) throw notFound(staffWord);
    if (member.id !== actor.id && !isCoveredFor(actor, 'staff.read', member)) throw forbidden('staff.read');
    return member;
  }

  async create(options: WriteOptions, input: NewStaff): Promise<StaffMember> {
    assertPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const grants = await resolveGrants(repos, input.grants);
      assertMayGrant(options.actor, grants);
      const home = await resolveHome(repos, options.actor, grants, input);
      assertMay(options.actor, 'staff.manage', { regionPath: home.regionPath, departmentId: home.departmentId });
      const username = input.username.trim().toLowerCase();
      const id = await guardUnique(() => repos.staff.insert({ username, displayName: input.displayName.trim(), phone: input.phone ?? '', passwordHash, home }), { zh: `用户名 ${username} 已被使用`, en: `Username ${username} is taken` });
      await repos.staff.replaceGrants(id, input.grants);
      await record({
        action: 'staff.created',
        entityType: 'staff',
        entityId: id,
        payload: { username, displayName: input.displayName.trim(), grants: input.grants, home: { regionCode: home.regionCode, departmentId: home.departmentId } },
        scope: { regionPath: home.regionPath, departmentId: home.departmentId },
      });
      return (await repos.staff.findById(id))!;
    });
  }

  async update(options: WriteOptions, id: string, patch: { displayName?: string; phone?: string; active?: boolean }): Promise<StaffMember> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const member = await this.getManaged(repos, options.actor, id);
      if (patch.active === false && member.id === options.actor.id) {
        throw new AppError('CANNOT_DISABLE_SELF', { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
      }
      await repos.staff.update(id, { ...patch, displayName: patch.displayName?.trim() });
      if (patch.active === false) await repos.sessions.deleteForStaff(id);
      await record({ action: 'staff.updated', entityType: 'staff', entityId: id, payload: patch, scope: staffScope(member) });
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
        scope: staffScope(member),
      });
      return (await repos.staff.findById(id))!;
    });
  }

  async resetPassword(options: WriteOptions, id: string, password: string): Promise<void> {
    assertPassword(password);
    const passwordHash = await hashPassword(password);
    await performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const member = await this.getManaged(repos, options.actor, id);
      await repos.staff.update(id, { passwordHash });
      // A new password ends every session opened with the old one.
      await repos.sessions.deleteForStaff(id);
      await record({ action: 'staff.password_reset', entityType: 'staff', entityId: id, scope: staffScope(member) });
    });
  }

  private async getManaged(repos: Pick<Repositories, Uses>, actor: Actor, id: string): Promise<StaffMember> {
    const member = await repos.staff.findById(id);
    if (!member) throw notFound(staffWord);
    if (!isCoveredFor(actor, 'staff.manage', member)) throw forbidden('staff.manage');
    return member;
  }
}

/**
 * Whether the actor may do `permission` on a member: every grant of theirs lies inside one of the
 * actor's grants that hold it; a member without grants is placed by their home (none known: only
 * the platform itself).
 */
function isCoveredFor(actor: Actor, permission: Permission, member: StaffMember): boolean {
  if (actor.kind === 'system') return true;
  if (member.grants.length > 0) return member.grants.every((g) => mayOn(actor.grants, permission, { regionPath: g.regionPath, departmentId: g.departmentId }));
  return member.home !== null && mayOn(actor.grants, permission, { regionPath: member.home.regionPath, departmentId: member.home.departmentId });
}

/** What an audit row about a member is filed under: their home (older accounts: their grants' common region). */
function staffScope(member: StaffMember): { regionPath: string; departmentId: string | null } | null {
  if (member.home) return { regionPath: member.home.regionPath, departmentId: member.home.departmentId };
  const path = commonAncestorPath(member.grants.map((g) => g.regionPath));
  return path ? { regionPath: path, departmentId: null } : null;
}

/** An administrator hands out only grants inside their own. */
function assertMayGrant(actor: Actor, grants: readonly Grant[]): void {
  if (actor.kind === 'system') return;
  assertMayAnywhere(actor, 'staff.manage');
  if (!grants.every((g) => mayOn(actor.grants, 'staff.manage', { regionPath: g.regionPath, departmentId: g.departmentId }))) throw forbidden('staff.manage');
}

/**
 * The home of a new member: as given, else the deepest region all their grants share (and their
 * one department, if they all name the same), else the creating administrator's own grant.
 */
async function resolveHome(
  repos: Pick<Repositories, Uses>,
  actor: Actor,
  grants: readonly Grant[],
  input: Pick<NewStaff, 'homeRegionCode' | 'homeDepartmentId'>,
): Promise<{ regionCode: string; regionPath: string; departmentId: string | null }> {
  const own = grantsFor(actor.grants, 'staff.manage')[0];
  let regionPath: string | undefined;
  if (input.homeRegionCode) {
    const region = await repos.org.findRegion(input.homeRegionCode);
    if (!region) throw notFound({ zh: `行政区划 ${input.homeRegionCode} `, en: `Region ${input.homeRegionCode}` });
    regionPath = region.path;
  } else {
    regionPath = commonAncestorPath(grants.map((g) => g.regionPath)) ?? own?.regionPath;
  }
  if (!regionPath) throw new AppError('VALIDATION_FAILED', { zh: '请给出该工作人员的所属区划', en: 'Give the staff member’s home region' });
  let departmentId: string | null;
  if (input.homeDepartmentId !== undefined) {
    departmentId = input.homeDepartmentId;
    if (departmentId && !(await repos.org.findDepartment(departmentId))) throw notFound({ zh: '部门', en: 'Department' });
  } else if (grants.length > 0) {
    departmentId = grants.every((g) => g.departmentId !== null && g.departmentId === grants[0]!.departmentId) ? grants[0]!.departmentId : null;
  } else {
    departmentId = own?.departmentId ?? null;
  }
  return { regionCode: regionPath.split('.').at(-1)!, regionPath, departmentId };
}

async function resolveGrants(repos: Pick<Repositories, Uses>, inputs: readonly GrantInput[]): Promise<Grant[]> {
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
