/** Staff accounts and their grants. */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';

export interface StaffGrant {
  role: Role;
  departmentId: string | null;
  regionCode: string;
  regionPath: string;
}

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  phone: string;
  active: boolean;
  grants: StaffGrant[];
  /** Home region and department: who manages the member while they hold no grant. Null for accounts older than it. */
  home: { regionCode: string; regionPath: string; departmentId: string | null } | null;
}

export interface StaffCredentials {
  id: string;
  passwordHash: string;
  active: boolean;
}

export class StaffRepository {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<Tables>) {
    this.db = db;
  }

  private rows() {
    return this.db.selectFrom('staff as s').leftJoin('regions as r', 'r.code', 's.region_code').select(['s.id', 's.username', 's.display_name', 's.phone', 's.active', 's.region_code', 's.department_id', 'r.path as region_path']);
  }

  async list(): Promise<StaffMember[]> {
    const rows = await this.rows().orderBy('s.username').execute();
    const grants = await this.grantsOf(rows.map((r) => r.id));
    return rows.map((r) => toStaff(r, grants.get(r.id) ?? []));
  }

  async findById(id: string): Promise<StaffMember | undefined> {
    const row = await this.rows().where('s.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const grants = await this.grantsOf([id]);
    return toStaff(row, grants.get(id) ?? []);
  }

  async findCredentials(username: string): Promise<StaffCredentials | undefined> {
    const row = await this.db.selectFrom('staff').select(['id', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
    return row && { id: row.id, passwordHash: row.password_hash, active: row.active };
  }

  async insert(input: { username: string; displayName: string; phone: string; passwordHash: string; home: { regionCode: string; departmentId: string | null } }): Promise<string> {
    const row = await this.db
      .insertInto('staff')
      .values({
        username: input.username,
        display_name: input.displayName,
        phone: input.phone,
        password_hash: input.passwordHash,
        region_code: input.home.regionCode,
        department_id: input.home.departmentId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, patch: { displayName?: string; phone?: string; active?: boolean; passwordHash?: string }): Promise<boolean> {
    if (Object.values(patch).every((value) => value === undefined)) return false; // nothing to set: an UPDATE without SET is not SQL
    const result = await this.db.updateTable('staff').set({ display_name: patch.displayName, phone: patch.phone, active: patch.active, password_hash: patch.passwordHash }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async replaceGrants(staffId: string, grants: readonly { role: Role; departmentId: string | null; regionCode: string }[]): Promise<void> {
    await this.db.deleteFrom('staff_grants').where('staff_id', '=', staffId).execute();
    if (grants.length === 0) return;
    await this.db
      .insertInto('staff_grants')
      .values(grants.map((g) => ({ staff_id: staffId, role: g.role, department_id: g.departmentId, region_code: g.regionCode })))
      .execute();
  }

  private async grantsOf(staffIds: string[]): Promise<Map<string, StaffGrant[]>> {
    const byStaff = new Map<string, StaffGrant[]>();
    if (staffIds.length === 0) return byStaff;
    const rows = await this.db
      .selectFrom('staff_grants as g')
      .innerJoin('regions as r', 'r.code', 'g.region_code')
      .select(['g.staff_id', 'g.role', 'g.department_id', 'g.region_code', 'r.path'])
      .where('g.staff_id', 'in', staffIds)
      .orderBy('g.role')
      .orderBy('r.path')
      .execute();
    for (const row of rows) {
      const list = byStaff.get(row.staff_id) ?? [];
      list.push({ role: row.role as Role, departmentId: row.department_id, regionCode: row.region_code, regionPath: row.path });
      byStaff.set(row.staff_id, list);
    }
    return byStaff;
  }
}

function toStaff(row: { id: string; username: string; display_name: string; phone: string; active: boolean; region_code: string | null; department_id: string | null; region_path: string | null }, grants: StaffGrant[]): StaffMember {
  const home = row.region_code && row.region_path ? { regionCode: row.region_code, regionPath: row.region_path, departmentId: row.department_id } : null;
  return { id: row.id, username: row.username, displayName: row.display_name, phone: row.phone, active: row.active, grants, home };
}
