/**
 * The organisation: regions, departments, service centers and their windows. Anyone signed in
 * reads it; an administrator changes what lies inside the region subtree of an admin grant that
 * is not narrowed to a department.
 */
import { AppError } from '../domain/errors.ts';
import { childLevelOf, childRegionPath, isRegionCode, regionLevelsForCenter, type CenterLevel, type RegionLevel } from '../domain/region.ts';
import { isValidUscc } from '../domain/uscc.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { Center, Department, Region, ServiceWindow } from '../repositories/org.repository.ts';
import { assertMay, notFound, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof OrgService.repositories)[number];

const regionWord = { zh: '行政区划', en: 'Region' };
const departmentWord = { zh: '部门', en: 'Department' };
const centerWord = { zh: '服务中心', en: 'Service center' };
const windowWord = { zh: '窗口', en: 'Window' };

export interface OrgServiceOptions {
  uow: UnitOfWork<Uses>;
  clock: Clock;
}

export class OrgService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: OrgServiceOptions) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  listRegions(): Promise<Region[]> {
    return this.uow.read.org.listRegions();
  }

  async getRegion(code: string): Promise<Region> {
    const region = await this.uow.read.org.findRegion(code);
    if (!region) throw notFound(regionWord);
    return region;
  }

  async createRegion(options: WriteOptions, input: { code: string; name: string; parentCode: string | null; level?: RegionLevel }): Promise<Region> {
    if (!isRegionCode(input.code)) {
      throw new AppError('VALIDATION_FAILED', {
        zh: '区划代码应为6位(GB/T 2260)、9位(乡镇)或12位(村)数字',
        en: 'A region code has 6 (GB/T 2260), 9 (town) or 12 (village) digits',
      });
    }
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      if (await repos.org.findRegion(input.code)) {
        throw new AppError('ALREADY_EXISTS', { zh: `区划代码 ${input.code} 已存在`, en: `Region code ${input.code} already exists` });
      }
      let level: RegionLevel;
      let path: string;
      if (input.parentCode === null) {
        // Only the platform itself plants a root (the demo, or `onewindow admin` on a new install).
        if (options.actor.kind !== 'system') {
          throw new AppError('FORBIDDEN', { zh: '只能在已有区划下新增下级区划', en: 'A region must be added under an existing one' });
        }
        level = input.level ?? 'province';
        path = childRegionPath(null, input.code);
      } else {
        const parent = await repos.org.findRegion(input.parentCode);
        if (!parent) throw notFound({ zh: '上级区划', en: 'Parent region' });
        assertMay(options.actor, 'org.manage', { regionPath: parent.path, departmentId: null });
        const expected = childLevelOf(parent.level);
        if (!expected) throw new AppError('VALIDATION_FAILED', { zh: '村(社区)下不能再设下级区划', en: 'A village has no sub-regions' });
        level = input.level ?? expected;
        if (level !== expected) {
          throw new AppError('VALIDATION_FAILED', { zh: `该区划下一级应为${expected}`, en: `A region under ${parent.level} must be ${expected}` });
        }
        path = childRegionPath(parent.path, input.code);
      }
      const region = await repos.org.insertRegion({ code: input.code, name: input.name.trim(), level, parentCode: input.parentCode, path });
      await record({ action: 'region.created', entityType: 'region', entityId: region.code, payload: { name: region.name, parentCode: region.parentCode, level }, scope: { regionPath: region.path } });
      return region;
    });
  }

  async renameRegion(options: WriteOptions, code: string, name: string): Promise<Region> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const region = await repos.org.findRegion(code);
      if (!region) throw notFound(regionWord);
      assertMay(options.actor, 'org.manage', { regionPath: region.path, departmentId: null });
      const updated = await repos.org.updateRegion(code, { name: name.trim() });
      await record({ action: 'region.renamed', entityType: 'region', entityId: code, payload: { from: region.name, to: name.trim() }, scope: { regionPath: region.path } });
      return updated!;
    });
  }

  listDepartments(): Promise<Department[]> {
    return this.uow.read.org.listDepartments();
  }

  async getDepartment(id: string): Promise<Department> {
    const department = await this.uow.read.org.findDepartment(id);
    if (!department) throw notFound(departmentWord);
    return department;
  }

  async createDepartment(options: WriteOptions, input: { name: string; uscc: string | null; regionCode: string; phone: string | null }): Promise<Department> {
    assertUscc(input.uscc);
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const region = await repos.org.findRegion(input.regionCode);
      if (!region) throw notFound(regionWord);
      assertMay(options.actor, 'org.manage', { regionPath: region.path, departmentId: null });
      const department = { ...input, name: input.name.trim() };
      const id = await guardUnique(() => repos.org.insertDepartment(department), {
        zh: '同一区划下已有同名部门,或统一社会信用代码已被使用',
        en: 'A department with this name exists in the region, or the USCC is taken',
      });
      await record({ action: 'department.created', entityType: 'department', entityId: id, payload: department, scope: { regionPath: region.path, departmentId: id } });
      return (await repos.org.findDepartment(id))!;
    });
  }

  async updateDepartment(options: WriteOptions, id: string, patch: { name?: string; uscc?: string | null; phone?: string | null }): Promise<Department> {
    if (patch.uscc !== undefined) assertUscc(patch.uscc);
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const department = await repos.org.findDepartment(id);
      if (!department) throw notFound(departmentWord);
      // A department's own administrator may keep its details current.
      assertMay(options.actor, 'org.manage', { regionPath: department.regionPath, departmentId: id });
      await guardUnique(() => repos.org.updateDepartment(id, { ...patch, name: patch.name?.trim() }), {
        zh: '同一区划下已有同名部门,或统一社会信用代码已被使用',
        en: 'A department with this name exists in the region, or the USCC is taken',
      });
      await record({ action: 'department.updated', entityType: 'department', entityId: id, payload: patch, scope: { regionPath: department.regionPath, departmentId: id } });
      return (await repos.org.findDepartment(id))!;
    });
  }

  listCenters(): Promise<Center[]> {
    return this.uow.read.org.listCenters();
  }

  async getCenter(id: string): Promise<Center> {
    const center = await this.uow.read.org.findCenter(id);
    if (!center) throw notFound(centerWord);
    return center;
  }

  async createCenter(options: WriteOptions, input: Omit<Center, 'id' | 'regionPath'>): Promise<Center> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const region = await repos.org.findRegion(input.regionCode);
      if (!region) throw notFound(regionWord);
      assertMay(options.actor, 'org.manage', { regionPath: region.path, departmentId: null });
      assertCenterLevelFits(input.level, region.level);
      const center = { ...input, name: input.name.trim() };
      const id = await guardUnique(() => repos.org.insertCenter(center), { zh: '已有同名服务中心', en: 'A service center with this name exists' });
      await record({ action: 'center.created', entityType: 'center', entityId: id, payload: center, scope: { regionPath: region.path } });
      return (await repos.org.findCenter(id))!;
    });
  }

  async updateCenter(options: WriteOptions, id: string, patch: Partial<Pick<Center, 'name' | 'address' | 'phone' | 'openingHours'>>): Promise<Center> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const center = await repos.org.findCenter(id);
      if (!center) throw notFound(centerWord);
      assertMay(options.actor, 'org.manage', { regionPath: center.regionPath, departmentId: null });
      await guardUnique(() => repos.org.updateCenter(id, { ...patch, name: patch.name?.trim() }), { zh: '已有同名服务中心', en: 'A service center with this name exists' });
      await record({ action: 'center.updated', entityType: 'center', entityId: id, payload: patch, scope: { regionPath: center.regionPath } });
      return (await repos.org.findCenter(id))!;
    });
  }

  listWindows(centerId?: string): Promise<ServiceWindow[]> {
    return this.uow.read.org.listWindows(centerId);
  }

  async createWindow(options: WriteOptions, input: { centerId: string; number: number; name: string; departmentId: string | null }): Promise<ServiceWindow> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const center = await repos.org.findCenter(input.centerId);
      if (!center) throw notFound(centerWord);
      assertMay(options.actor, 'org.manage', { regionPath: center.regionPath, departmentId: null });
      if (input.departmentId && !(await repos.org.findDepartment(input.departmentId))) throw notFound(departmentWord);
      const window = { ...input, name: input.name.trim() };
      const id = await guardUnique(() => repos.org.insertWindow(window), {
        zh: `该中心已有 ${input.number} 号窗口`,
        en: `The center already has window ${input.number}`,
      });
      await record({ action: 'window.created', entityType: 'window', entityId: id, payload: window, scope: { regionPath: center.regionPath, departmentId: input.departmentId } });
      return (await repos.org.findWindow(id))!;
    });
  }

  async updateWindow(options: WriteOptions, id: string, patch: { name?: string; departmentId?: string | null; active?: boolean }): Promise<ServiceWindow> {
    return performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const window = await repos.org.findWindow(id);
      if (!window) throw notFound(windowWord);
      assertMay(options.actor, 'org.manage', { regionPath: window.regionPath, departmentId: null });
      if (patch.departmentId && !(await repos.org.findDepartment(patch.departmentId))) throw notFound(departmentWord);
      await repos.org.updateWindow(id, { ...patch, name: patch.name?.trim() });
      await record({ action: 'window.updated', entityType: 'window', entityId: id, payload: patch, scope: { regionPath: window.regionPath, departmentId: window.departmentId } });
      return (await repos.org.findWindow(id))!;
    });
  }
}

function assertUscc(uscc: string | null): void {
  if (uscc !== null && !isValidUscc(uscc)) {
    throw new AppError('VALIDATION_FAILED', {
      zh: '统一社会信用代码无效(应为18位,且校验码符合 GB 32100)',
      en: 'Invalid unified social credit code (18 characters with a GB 32100 check character)',
    });
  }
}

function assertCenterLevelFits(level: CenterLevel, regionLevel: RegionLevel): void {
  if (!regionLevelsForCenter[level].includes(regionLevel)) {
    throw new AppError('VALIDATION_FAILED', {
      zh: '中心层级与所在区划不符:县级以上为政务服务中心,乡镇为便民服务中心,村为便民服务站',
      en: 'Center level does not fit its region: city/county → city, town → town, village → village',
    });
  }
}

/** Runs an insert or update and turns a unique-constraint violation into a clear 409. */
export async function guardUnique<T>(work: () => Promise<T>, message: { zh: string; en: string }): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('ALREADY_EXISTS', message);
    throw error;
  }
}
