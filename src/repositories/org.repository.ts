/** Regions, departments, centers and windows: the organisation every other record hangs from. */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { CenterLevel, RegionLevel } from '../domain/region.ts';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
}

export interface Department {
  id: string;
  name: string;
  uscc: string | null;
  regionCode: string;
  regionPath: string;
  phone: string | null;
}

export interface Center {
  id: string;
  name: string;
  level: CenterLevel;
  regionCode: string;
  regionPath: string;
  address: string;
  phone: string;
  openingHours: string;
}

export interface ServiceWindow {
  id: string;
  centerId: string;
  number: number;
  name: string;
  departmentId: string | null;
  active: boolean;
  regionPath: string;
}

export class OrgRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  async listRegions(): Promise<Region[]> {
    const rows = await this.db.selectFrom('regions').selectAll().orderBy('path').execute();
    return rows.map(toRegion);
  }

  async findRegion(code: string): Promise<Region | undefined> {
    const row = await this.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    return row && toRegion(row);
  }

  /** The regions along a materialised path, root first: a region and all its ancestors. */
  async ancestry(path: string): Promise<Region[]> {
    const rows = await this.db.selectFrom('regions').selectAll().where('code', 'in', path.split('.')).orderBy('path').execute();
    return rows.map(toRegion);
  }

  async insertRegion(region: Region): Promise<Region> {
    const row = await this.db.insertInto('regions').values({ code: region.code, name: region.name, level: region.level, parent_code: region.parentCode, path: region.path }).returningAll().executeTakeFirstOrThrow();
    return toRegion(row);
  }

  async updateRegion(code: string, patch: { name: string }): Promise<Region | undefined> {
    const row = await this.db.updateTable('regions').set({ name: patch.name }).where('code', '=', code).returningAll().executeTakeFirst();
    return row && toRegion(row);
  }

  private departmentQuery() {
    return this.db.selectFrom('departments as d').innerJoin('regions as r', 'r.code', 'd.region_code').select(['d.id', 'd.name', 'd.uscc', 'd.region_code', 'd.phone', 'r.path']);
  }

  async listDepartments(): Promise<Department[]> {
    const rows = await this.departmentQuery().orderBy('r.path').orderBy('d.name').execute();
    return rows.map(toDepartment);
  }

  async findDepartment(id: string): Promise<Department | undefined> {
    const row = await this.departmentQuery().where('d.id', '=', id).executeTakeFirst();
    return row && toDepartment(row);
  }

  async insertDepartment(input: { name: string; uscc: string | null; regionCode: string; phone: string | null }): Promise<string> {
    const row = await this.db.insertInto('departments').values({ name: input.name, uscc: input.uscc, region_code: input.regionCode, phone: input.phone }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDepartment(id: string, patch: { name?: string; uscc?: string | null; phone?: string | null }): Promise<boolean> {
    if (Object.values(patch).every((value) => value === undefined)) return false; // nothing to set: an UPDATE without SET is not SQL
    const result = await this.db.updateTable('departments').set(patch).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private centerQuery() {
    return this.db.selectFrom('centers as c').innerJoin('regions as r', 'r.code', 'c.region_code').select(['c.id', 'c.name', 'c.level', 'c.region_code', 'c.address', 'c.phone', 'c.opening_hours', 'r.path']);
  }

  async listCenters(): Promise<Center[]> {
    const rows = await this.centerQuery().orderBy('r.path').orderBy('c.name').execute();
    return rows.map(toCenter);
  }

  async findCenter(id: string): Promise<Center | undefined> {
    const row = await this.centerQuery().where('c.id', '=', id).executeTakeFirst();
    return row && toCenter(row);
  }

  async insertCenter(input: Omit<Center, 'id' | 'regionPath'>): Promise<string> {
    const row = await this.db
      .insertInto('centers')
      .values({
        name: input.name,
        level: input.level,
        region_code: input.regionCode,
        address: input.address,
        phone: input.phone,
        opening_hours: input.openingHours,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateCenter(id: string, patch: Partial<Pick<Center, 'name' | 'address' | 'phone' | 'openingHours'>>): Promise<boolean> {
    if (Object.values(patch).every((value) => value === undefined)) return false; // nothing to set: an UPDATE without SET is not SQL
    const result = await this.db.updateTable('centers').set({ name: patch.name, address: patch.address, phone: patch.phone, opening_hours: patch.openingHours }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private windowQuery() {
    return this.db
      .selectFrom('windows as w')
      .innerJoin('centers as c', 'c.id', 'w.center_id')
      .innerJoin('regions as r', 'r.code', 'c.region_code')
      .select(['w.id', 'w.center_id', 'w.number', 'w.name', 'w.department_id', 'w.active', 'r.path']);
  }

  async listWindows(centerId?: string): Promise<ServiceWindow[]> {
    let query = this.windowQuery();
    if (centerId) query = query.where('w.center_id', '=', centerId);
    const rows = await query.orderBy('c.name').orderBy('w.number').execute();
    return rows.map(toWindow);
  }

  async findWindow(id: string): Promise<ServiceWindow | undefined> {
    const row = await this.windowQuery().where('w.id', '=', id).executeTakeFirst();
    return row && toWindow(row);
  }

  async insertWindow(input: { centerId: string; number: number; name: string; departmentId: string | null }): Promise<string> {
    const row = await this.db.insertInto('windows').values({ center_id: input.centerId, number: input.number, name: input.name, department_id: input.departmentId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateWindow(id: string, patch: { name?: string; departmentId?: string | null; active?: boolean }): Promise<boolean> {
    if (Object.values(patch).every((value) => value === undefined)) return false; // nothing to set: an UPDATE without SET is not SQL
    const result = await this.db.updateTable('windows').set({ name: patch.name, department_id: patch.departmentId, active: patch.active }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toRegion(row: { code: string; name: string; level: string; parent_code: string | null; path: string }): Region {
  return { code: row.code, name: row.name, level: row.level as RegionLevel, parentCode: row.parent_code, path: row.path };
}

function toDepartment(row: { id: string; name: string; uscc: string | null; region_code: string; phone: string | null; path: string }): Department {
  return { id: row.id, name: row.name, uscc: row.uscc, regionCode: row.region_code, regionPath: row.path, phone: row.phone };
}

function toCenter(row: { id: string; name: string; level: string; region_code: string; address: string; phone: string; opening_hours: string; path: string }): Center {
  return {
    id: row.id,
    name: row.name,
    level: row.level as CenterLevel,
    regionCode: row.region_code,
    regionPath: row.path,
    address: row.address,
    phone: row.phone,
    openingHours: row.opening_hours,
  };
}

function toWindow(row: { id: string; center_id: string; number: number; name: string; department_id: string | null; active: boolean; path: string }): ServiceWindow {
  return {
    id: row.id,
    centerId: row.center_id,
    number: row.number,
    name: row.name,
    departmentId: row.department_id,
    active: row.active,
    regionPath: row.path,
  };
}
