import { sql, type Kysely } from 'kysely';

/**
 * Every record a permission is checked against carries its region (and department where one owns
 * it): audit rows, staff accounts (their home, which decides who manages a member without grants)
 * and applicants (the region that registered them, whose staff may edit them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Rows written before this migration have no region; their hashes stay as they were (absent = null).
  await sql`ALTER TABLE audit_log ADD COLUMN region_path text, ADD COLUMN department_id uuid`.execute(db);
  await sql`COMMENT ON COLUMN audit_log.region_path IS 'Region of the record the row is about (materialised path); null: platform-wide. Covered by the hash when set'`.execute(db);
  await sql`CREATE INDEX audit_log_region_path_idx ON audit_log (region_path text_pattern_ops, seq)`.execute(db);

  await sql`ALTER TABLE staff ADD COLUMN region_code text REFERENCES regions (code), ADD COLUMN department_id uuid REFERENCES departments (id)`.execute(db);
  await sql`COMMENT ON COLUMN staff.region_code IS 'Home region: with department_id, what decides who manages a member without grants'`.execute(db);
  // Existing staff: the deepest region all their grants share, and their department when all grants name the same one.
  const grants = await sql<{ staff_id: string; path: string; department_id: string | null }>`
    SELECT g.staff_id, r.path, g.department_id FROM staff_grants g JOIN regions r ON r.code = g.region_code`.execute(db);
  const byStaff = new Map<string, { paths: string[]; departments: (string | null)[] }>();
  for (const g of grants.rows) {
    const entry = byStaff.get(g.staff_id) ?? { paths: [], departments: [] };
    entry.paths.push(g.path);
    entry.departments.push(g.department_id);
    byStaff.set(g.staff_id, entry);
  }
  for (const [staffId, { paths, departments }] of byStaff) {
    const common = paths.map((p) => p.split('.')).reduce(commonPrefix);
    const department = departments.every((d) => d !== null && d === departments[0]) ? departments[0]! : null;
    if (common.length === 0) continue;
    await sql`UPDATE staff SET region_code = ${common.at(-1)!}, department_id = ${department} WHERE id = ${staffId}`.execute(db);
  }

  await sql`ALTER TABLE applicants ADD COLUMN region_code text REFERENCES regions (code)`.execute(db);
  await sql`COMMENT ON COLUMN applicants.region_code IS 'Where the applicant was registered: staff covering it edit the record and import licences into it'`.execute(db);
  // Existing applicants: the region of their first case, else that of the staff member who registered them.
  await sql`
    UPDATE applicants a SET region_code = (
      SELECT c.region_code FROM cases c WHERE c.applicant_id = a.id ORDER BY c.received_at LIMIT 1
    ) WHERE a.region_code IS NULL`.execute(db);
  await sql`
    UPDATE applicants a SET region_code = (
      SELECT s.region_code FROM audit_log l JOIN staff s ON s.id::text = l.actor_id
      WHERE l.action = 'applicant.registered' AND l.entity_id = a.id::text AND l.actor_kind = 'staff'
      ORDER BY l.seq LIMIT 1
    ) WHERE a.region_code IS NULL`.execute(db);
}

function commonPrefix(a: string[], b: string[]): string[] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only; restore from a backup instead of migrating down.');
}
