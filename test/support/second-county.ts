/**
 * A second county next to the demo's 新泰市, for tests of who may touch what across counties:
 * 肥城市 (370983) under the same 泰安市, with a town, a village, two departments, a center with a
 * window, one account for every role (a department-scoped administrator and reviewer among them),
 * a province-wide administrator, and a published item of its own. Added to one test's database
 * only: the demo (and every other test's row counts) stay as they are.
 */
import { applicableMaterials } from '../../src/domain/case-process.ts';
import type { ServiceItemContent } from '../../src/domain/catalog.ts';
import type { Role } from '../../src/domain/roles.ts';
import { composeUscc } from '../../src/domain/uscc.ts';
import { demoPassword } from '../../src/cli/demo.ts';
import type { Services } from '../../src/main.ts';
import { systemActor } from '../../src/services/actor.ts';

export const feicheng = { county: '370983', town: '370983104', village: '370983104201' } as const;

export interface SecondCounty {
  departments: { mz: string; ga: string };
  centers: { county: string; town: string };
  windows: { county: string; town: string };
  /** 肥城's own civil-affairs item (低保, delegated to towns, not 通办). */
  itemCode: string;
  /** Usernames of the accounts added, with their role. */
  accounts: Record<string, Role>;
}

function agencyUscc(serial: number): string {
  return composeUscc('government', feicheng.county, `MB${String(serial).padStart(6, '0')}`);
}

interface Account {
  username: string;
  displayName: string;
  role: Role;
  department?: 'mz' | 'ga';
  region: string;
}

const accounts: Account[] = [
  { username: 'fc.admin', displayName: '肥城市管理员', role: 'admin', region: feicheng.county },
  { username: 'fc.admin.mz', displayName: '肥城市民政局管理员', role: 'admin', department: 'mz', region: feicheng.county },
  { username: 'fc.admin.town', displayName: '王庄镇管理员', role: 'admin', region: feicheng.town },
  { username: 'fc.supervisor', displayName: '肥城市督查', role: 'supervisor', region: feicheng.county },
  { username: 'fc.guide', displayName: '肥城市导办员', role: 'guide', region: feicheng.county },
  { username: 'fc.frontdesk', displayName: '肥城市综合受理员', role: 'front_desk', region: feicheng.county },
  { username: 'fc.reviewer.mz', displayName: '肥城市民政局审批员', role: 'reviewer', department: 'mz', region: feicheng.county },
  { username: 'fc.reviewer.ga', displayName: '肥城市公安局审批员', role: 'reviewer', department: 'ga', region: feicheng.county },
  { username: 'fc.issuer', displayName: '肥城市出件窗口', role: 'issuer', region: feicheng.county },
  { username: 'fc.agent', displayName: '肥城市村代办员', role: 'agent', region: feicheng.village },
  { username: 'fc.town', displayName: '王庄镇民政办', role: 'town_approver', region: feicheng.town },
  // Above both counties: the province.
  { username: 'sd.admin', displayName: '山东省管理员', role: 'admin', region: '370000' },
];

/** Adds 肥城市 to a test database that holds the demo. */
export async function addSecondCounty(services: Services): Promise<SecondCounty> {
  const options = { actor: systemActor };
  await services.org.createRegion(options, { code: feicheng.county, name: '肥城市', parentCode: '370900' });
  await services.org.createRegion(options, { code: feicheng.town, name: '王庄镇', parentCode: feicheng.county });
  await services.org.createRegion(options, { code: feicheng.village, name: '王庄村', parentCode: feicheng.town });
  const mz = await services.org.createDepartment(options, { name: '肥城市民政局', uscc: agencyUscc(31_001), regionCode: feicheng.county, phone: '0538-3221234' });
  const ga = await services.org.createDepartment(options, { name: '肥城市公安局', uscc: agencyUscc(31_018), regionCode: feicheng.county, phone: '0538-3212110' });
  const countyCenter = await services.org.createCenter(options, { name: '肥城市政务服务中心', level: 'city', regionCode: feicheng.county, address: '肥城市新城街道', phone: '0538-3260000', openingHours: '周一至周五' });
  const townCenter = await services.org.createCenter(options, { name: '王庄镇便民服务中心', level: 'town', regionCode: feicheng.town, address: '王庄镇政府院内', phone: '', openingHours: '周一至周五' });
  const windows: string[] = [];
  for (const center of [countyCenter, townCenter]) {
    await services.hall.setUpCenter(options, center.id);
    const window = await services.org.createWindow(options, { centerId: center.id, number: 1, name: '综合受理窗口', departmentId: null });
    await services.hall.setWindowClasses(options, window.id, ['A', 'B', 'C', 'D']);
    windows.push(window.id);
  }
  const departmentIds = { mz: mz.id, ga: ga.id };
  for (const account of accounts) {
    await services.staff.create(options, {
      username: account.username,
      displayName: account.displayName,
      password: demoPassword,
      grants: [{ role: account.role, departmentId: account.department ? departmentIds[account.department] : null, regionCode: account.region }],
    });
  }
  // 肥城's own 低保 item: the demo's, decided by 肥城市民政局 and its towns.
  const dibao = (await services.catalog.getPublished('370982-MZ-001')).content;
  const itemCode = '370983-MZ-001';
  const own: ServiceItemContent = {
    ...dibao,
    implementationCode: itemCode,
    departmentName: '肥城市民政局',
    tongbanScope: 'none',
    // Its review stages are 肥城's own civil-affairs bureau's.
    processSteps: dibao.processSteps.map((step) => (step.departments ? { ...step, departments: step.departments.map((d) => (d === dibao.departmentName ? '肥城市民政局' : d)) } : step)),
  };
  await services.catalog.publishMany(options, [own], []);
  return {
    departments: departmentIds,
    centers: { county: countyCenter.id, town: townCenter.id },
    windows: { county: windows[0]!, town: windows[1]! },
    itemCode,
    accounts: Object.fromEntries(accounts.map((a) => [a.username, a.role])),
  };
}

/** Every applicable material of an item marked as handed in: what an intake that accepts needs. */
export function allProvided(content: ServiceItemContent, scenario: string | null = null): { key: string; state: 'provided' | 'shared_data' }[] {
  return applicableMaterials(content, scenario)
    .filter((m) => m.required)
    .map((m) => ({ key: m.key, state: m.source === 'shared_data' ? 'shared_data' : 'provided' }));
}
