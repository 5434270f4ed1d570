/**
 * Demo data modelled on the seeds: 新泰市 (a county-level city of 泰安, seed 004) with its city
 * government-service center, town convenience centers and village service stations, eight
 * departments, windows, and one staff account for every role.
 */
import { composeUscc } from '../domain/uscc.ts';
import type { Role } from '../domain/roles.ts';
import type { Services } from '../main.ts';
import { systemActor, type Clock } from '../services/actor.ts';
import { chinaDate } from '../domain/china-time.ts';
import { defaultDemoSeed, loadDemoHistory, StoryClock, type DemoWhere } from './demo-history.ts';
import { demoBundles, demoItems, demoLicenceTypes } from './demo-catalog.ts';

export const demoPassword = 'demo1234';

const county = '370982';
const towns = [
  { code: '370982001', name: '青云街道' },
  { code: '370982103', name: '翟镇' },
  { code: '370982107', name: '楼德镇' },
];
const villages = [
  { code: '370982103201', name: '史家庄村', town: '370982103' },
  { code: '370982103202', name: '东官庄村', town: '370982103' },
  { code: '370982107203', name: '西周村', town: '370982107' },
  { code: '370982001004', name: '青云社区', town: '370982001' },
];

const departments = [
  { key: 'mz', name: '新泰市民政局', phone: '0538-7221234' },
  { key: 'scjg', name: '新泰市市场监督管理局', phone: '0538-7226789' },
  { key: 'ga', name: '新泰市公安局', phone: '0538-7212110' },
  { key: 'wjw', name: '新泰市卫生健康委员会', phone: '0538-7235120' },
  { key: 'rs', name: '新泰市人力资源和社会保障局', phone: '0538-7256012' },
  { key: 'zj', name: '新泰市住房和城乡建设局', phone: '0538-7243301' },
  { key: 'zr', name: '新泰市自然资源和规划局', phone: '0538-7268800' },
  { key: 'jy', name: '新泰市教育局', phone: '0538-7251567' },
] as const;

type DepartmentKey = (typeof departments)[number]['key'];

/**
 * The USCC of a government organ in 新泰市: 11 (机构编制, 机关 — a department is not a company, whose
 * codes start 91), the county, an organisation code with its GB 11714 check character, the GB 32100 one.
 */
function agencyUscc(index: number): string {
  return composeUscc('government', county, `MB${String(28_500 + index * 17).padStart(6, '0')}`);
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  department?: DepartmentKey;
  region: string;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员 王敏', role: 'admin', region: county },
  { username: 'supervisor', displayName: '督查 刘洋', role: 'supervisor', region: county },
  { username: 'guide', displayName: '导办员 张静', role: 'guide', region: county },
  { username: 'frontdesk', displayName: '综合受理员 李娜', role: 'front_desk', region: county },
  { username: 'reviewer.mz', displayName: '民政局审批员 赵强', role: 'reviewer', department: 'mz', region: county },
  { username: 'reviewer.scjg', displayName: '市场监管审批员 孙丽', role: 'reviewer', department: 'scjg', region: county },
  { username: 'reviewer.ga', displayName: '公安户政审批员 周伟', role: 'reviewer', department: 'ga', region: county },
  { username: 'reviewer.rs', displayName: '人社局审批员 郑洁', role: 'reviewer', department: 'rs', region: county },
  // Every department the demo catalog routes review tasks to has a reviewer (demo-accounts.test.ts holds it).
  { username: 'reviewer.wjw', displayName: '卫健委审批员 冯敏', role: 'reviewer', department: 'wjw', region: county },
  { username: 'reviewer.zj', displayName: '住建局审批员 黄磊', role: 'reviewer', department: 'zj', region: county },
  { username: 'reviewer.zr', displayName: '自然资源局审批员 何静', role: 'reviewer', department: 'zr', region: county },
  { username: 'reviewer.jy', displayName: '教育局审批员 林涛', role: 'reviewer', department: 'jy', region: county },
  { username: 'issuer', displayName: '出件窗口 吴芳', role: 'issuer', region: county },
  { username: 'agent', displayName: '史家庄村代办员 史正进', role: 'agent', region: '370982103201' },
  { username: 'town.zhaizhen', displayName: '翟镇民政办 马红', role: 'town_approver', region: '370982103' },
  { username: 'admin.mz', displayName: '民政局管理员 陈刚', role: 'admin', department: 'mz', region: county },
  { username: 'admin.zhaizhen', displayName: '翟镇管理员 高峰', role: 'admin', region: '370982103' },
];

export type DemoProgress = (step: number, total: number, label: string) => void;

/**
 * The history to write after the organisation (see demo-history.ts): services on a clock the
 * loader moves, the "today" it leads up to and the seed that chooses its content.
 */
export interface DemoHistoryRequest {
  servicesAt(clock: Clock): Services;
  today: string;
  seed: number;
  /** Calendar days of history (default three months). */
  days?: number;
}

/** The history's anchor and seed: DEMO_TODAY / DEMO_SEED, else today's date in China and the default seed. */
export function demoHistoryFromEnv(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): { today: string; seed: number } {
  const today = env.DEMO_TODAY ?? chinaDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new Error(`DEMO_TODAY must be a date YYYY-MM-DD, not ${today}`);
  const seed = env.DEMO_SEED === undefined ? defaultDemoSeed : Number(env.DEMO_SEED);
  if (!Number.isSafeInteger(seed)) throw new Error(`DEMO_SEED must be an integer, not ${env.DEMO_SEED}`);
  return { today, seed };
}

/**
 * Loads the demo organisation once (and, when asked, its three months of history); returns false
 * when it is already there. Processes started at once on an empty database (`serve --demo` on
 * each) take turns: the first loads it all while the others wait, then find it loaded.
 */
export async function loadDemo(services: Services, progress: DemoProgress = () => {}, history?: DemoHistoryRequest): Promise<boolean> {
  return services.exclusive('demo-load', async () => {
    // Asked only under the lock: outside it, a half-loaded demo would pass for a loaded one.
    const existing = await services.org.listRegions();
    if (existing.some((r) => r.code === county)) return false;
    const total = history ? 8 : 7;
    const where = await load(services, progress, total);
    if (history) {
      const started = Date.now();
      const clock = new StoryClock(new Date(`${history.today}T00:00:00+08:00`));
      const summary = await loadDemoHistory(history.servicesAt(clock), clock, where, {
        today: history.today,
        seed: history.seed,
        days: history.days,
        progress: (done, all, month) => progress(7, total, `办件历史 history to ${history.today} (seed ${history.seed}): ${month} ${done}/${all}`),
      });
      progress(
        total,
        total,
        `完成 done: ${summary.cases} cases, ${summary.tickets} tickets, ${summary.appointments} appointments, ${summary.ratings} ratings, ${summary.complaints} complaints, ${summary.steps} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } else {
      progress(total, total, '完成 done');
    }
    return true;
  });
}

async function load(services: Services, progress: DemoProgress, total: number): Promise<DemoWhere> {
  const options = { actor: systemActor };

  progress(1, total, '行政区划 regions');
  await services.org.createRegion(options, { code: '370000', name: '山东省', parentCode: null, level: 'province' });
  await services.org.createRegion(options, { code: '370900', name: '泰安市', parentCode: '370000' });
  await services.org.createRegion(options, { code: county, name: '新泰市', parentCode: '370900' });
  for (const town of towns) await services.org.createRegion(options, { code: town.code, name: town.name, parentCode: county });
  for (const village of villages) await services.org.createRegion(options, { code: village.code, name: village.name, parentCode: village.town });

  progress(2, total, '部门 departments');
  const departmentIds = new Map<DepartmentKey, string>();
  for (const [index, d] of departments.entries()) {
    const created = await services.org.createDepartment(options, { name: d.name, uscc: agencyUscc(index), regionCode: county, phone: d.phone });
    departmentIds.set(d.key, created.id);
  }

  progress(3, total, '服务中心 centers');
  const cityCenter = await services.org.createCenter(options, {
    name: '新泰市政务服务中心',
    level: 'city',
    regionCode: county,
    address: '新泰市青云街道府前街 1 号',
    phone: '0538-7268000',
    openingHours: '周一至周五 8:30-12:00, 13:30-17:30;周六 9:00-12:00 (5+X 延时服务)',
  });
  const townCenters = [];
  for (const town of towns) {
    townCenters.push(
      await services.org.createCenter(options, {
        name: `${town.name}便民服务中心`,
        level: 'town',
        regionCode: town.code,
        address: `新泰市${town.name}政府院内`,
        phone: '',
        openingHours: '周一至周五 8:30-12:00, 13:30-17:30',
      }),
    );
  }
  const villageCenters = [];
  for (const village of villages) {
    villageCenters.push(
      await services.org.createCenter(options, {
        name: `${village.name}便民服务站`,
        level: 'village',
        regionCode: village.code,
        address: `${village.name}村委会`,
        phone: '',
        openingHours: '周一至周五 9:00-11:30',
      }),
    );
  }

  progress(4, total, '窗口 windows');
  // Ticket classes (A 综合 … F 咨询) and the classes each window calls.
  const serves = async (centerId: string, number: number, name: string, departmentId: string | null, codes: string[]) => {
    const window = await services.org.createWindow(options, { centerId, number, name, departmentId });
    await services.hall.setWindowClasses(options, window.id, codes);
    return window.id;
  };
  await services.hall.setUpCenter(options, cityCenter.id);
  const deskWindowIds: string[] = [];
  for (let n = 1; n <= 8; n++) deskWindowIds.push(await serves(cityCenter.id, n, `综合受理 ${n} 号窗`, null, ['A', 'B', 'C', 'D']));
  const issueWindowId = await serves(cityCenter.id, 9, '统一出件窗口', null, ['E']);
  await serves(cityCenter.id, 10, '咨询导办台', null, ['F']);
  await serves(cityCenter.id, 11, '民政事务综合窗', departmentIds.get('mz')!, ['D']);
  await serves(cityCenter.id, 12, '公安户政窗口', departmentIds.get('ga')!, ['A']);
  // Appointments: B 市场准入 and D 社会事务 by half-hour slots on working days, extended hours on
  // Tuesday and Thursday evenings (延时服务), Saturday mornings (5+X).
  for (const classCode of ['B', 'D']) {
    await services.appointments.addTemplate(options, cityCenter.id, { classCode, kind: 'regular', weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '11:30', slotMinutes: 30, capacity: 4 });
    await services.appointments.addTemplate(options, cityCenter.id, { classCode, kind: 'regular', weekdays: [1, 2, 3, 4, 5], startTime: '13:30', endTime: '17:00', slotMinutes: 30, capacity: 4 });
    await services.appointments.addTemplate(options, cityCenter.id, { classCode, kind: 'extended', weekdays: [2, 4], startTime: '17:30', endTime: '19:00', slotMinutes: 30, capacity: 2 });
    await services.appointments.addTemplate(options, cityCenter.id, { classCode, kind: 'weekend', weekdays: [6], startTime: '09:00', endTime: '12:00', slotMinutes: 60, capacity: 3 });
  }
  for (const center of townCenters) {
    await services.hall.setUpCenter(options, center.id);
    await serves(center.id, 1, '综合受理窗口', null, ['A', 'B', 'C', 'F']);
    await serves(center.id, 2, '社会事务窗口', null, ['D']);
    await serves(center.id, 3, '出件窗口', null, ['E']);
  }
  for (const center of villageCenters) await services.org.createWindow(options, { centerId: center.id, number: 1, name: '代办服务窗口', departmentId: null });

  progress(5, total, '工作人员 staff (argon2)');
  for (const account of demoAccounts) {
    await services.staff.create(options, {
      username: account.username,
      displayName: account.displayName,
      password: demoPassword,
      grants: [{ role: account.role, departmentId: account.department ? departmentIds.get(account.department)! : null, regionCode: account.region }],
    });
  }

  progress(6, total, `事项清单 catalog: ${demoItems.length} items, ${demoBundles.length} bundles`);
  await services.catalog.saveLicenceTypes(options, demoLicenceTypes);
  await services.catalog.publishMany(options, demoItems, demoBundles);

  return { cityCenterId: cityCenter.id, deskWindowId: deskWindowIds[0]!, issueWindowId, townCode: '370982103', villageCode: '370982103201' };
}
