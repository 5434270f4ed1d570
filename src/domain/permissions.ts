/**
 * The permission matrix (DESIGN §9): role × department × region subtree, in one table. Every route
 * names the permission it needs (`config.access`), every service checks the same permission
 * against the record it touches, the web app builds its menus from it, and the scopes test walks
 * it. A permission says which roles hold it and what the record-level check compares; the check is
 * always the same: the record's region lies in the grant's region subtree, and a grant narrowed to a
 * department matches only records of that department (a record of no department needs a grant of
 * every department). So a civil-affairs reviewer never sees a public-security case, and another
 * county never touches ours.
 */
import type { TongbanScope } from './catalog.ts';
import { isWithinRegion, type RegionLevel } from './region.ts';
import { grantCovers, roles, type Grant, type Role, type ScopeTarget } from './roles.ts';

export interface PermissionRule {
  label: { zh: string; en: string };
  roles: readonly Role[];
  /** Whether an external system's API key may call routes that need it. */
  apiKey?: boolean;
  /**
   * What the record-level check compares with the grant, in words; `null` when the permission has no
   * record (shared reference data, the caller's own account) and holding the role is enough.
   */
  record: { zh: string; en: string } | null;
}

const everyone = roles;
/** Those who take applications: the hall's guide and clerks, a town's approver, a village proxy agent. */
const applicantDesk: readonly Role[] = ['front_desk', 'guide', 'agent', 'town_approver'];
const atWindows: readonly Role[] = ['front_desk', 'issuer', 'guide', 'town_approver', 'agent'];

export const permissions = {
  'directory.read': {
    label: { zh: '查看行政区划、部门和本人身份', en: 'Read regions, departments and who one is' },
    roles: everyone,
    apiKey: true,
    record: null,
  },
  'workspace.read': {
    label: { zh: '查看服务中心、窗口、工作日历和本人账号', en: 'Read centers, windows, the calendar and one’s own account' },
    roles: everyone,
    record: null,
  },
  'org.manage': {
    label: { zh: '管理区划、部门、服务中心、窗口和业务类别', en: 'Manage regions, departments, centers, windows and ticket classes' },
    roles: ['admin'],
    record: { zh: '区划(部门自身的记录另比对部门)', en: 'the region (a department’s own record: also the department)' },
  },
  'calendar.manage': {
    label: { zh: '维护工作日历', en: 'Maintain the working-day calendar' },
    roles: ['admin'],
    record: { zh: '日历所属区划', en: 'the calendar’s region' },
  },
  'staff.read': {
    label: { zh: '查看工作人员', en: 'Read staff accounts' },
    roles: ['admin', 'supervisor'],
    record: { zh: '该人员的每项授权;无授权时比对其所属区划和部门', en: 'each of the member’s grants; without grants, their home region and department' },
  },
  'staff.manage': {
    label: { zh: '管理工作人员和授权', en: 'Manage staff accounts and their grants' },
    roles: ['admin'],
    record: { zh: '该人员的每项授权(及授予的每项授权);无授权时比对其所属区划和部门', en: 'each of the member’s grants (and each grant handed out); without grants, their home region and department' },
  },
  'apikey.manage': {
    label: { zh: '管理外部系统 API 密钥', en: 'Manage API keys of external systems' },
    roles: ['admin'],
    record: { zh: '密钥限定的区划和部门', en: 'the key’s region and department' },
  },
  'shared.read': {
    label: { zh: '读取共享数据(外部系统)', en: 'Read shared data (external systems)' },
    // No staff role: staff read cases through their own routes; this is for other departments' systems.
    roles: [],
    apiKey: true,
    record: { zh: '密钥的共享范围:事项、字段,以及密钥限定的区划和部门', en: 'the key’s sharing scope: items, fields, and the key’s region and department' },
  },
  'shareddata.log.read': {
    label: { zh: '查看共享数据读取记录', en: 'Read the shared-data read log' },
    roles: ['admin', 'supervisor'],
    record: { zh: '读取所用密钥限定的区划和部门', en: 'the reading key’s region and department' },
  },
  'audit.read': {
    label: { zh: '查看审计日志', en: 'Read the audit log' },
    roles: ['admin', 'supervisor'],
    record: { zh: '每行记录的区划和部门(无区划的全平台记录仅对省级)', en: 'each row’s region and department (platform-wide rows: the root region only)' },
  },
  'catalog.edit': {
    label: { zh: '编辑事项清单和一件事', en: 'Edit the catalog and bundles' },
    roles: ['admin'],
    record: { zh: '事项实施部门的区划和部门;一件事为牵头部门的区划(不限部门)', en: 'the item’s department (region and id); a bundle: its lead department’s region, every department' },
  },
  'applicant.read': {
    label: { zh: '查找和查看申请人(证件号脱敏)', en: 'Look applicants up (ID numbers masked)' },
    roles: everyone,
    record: null,
  },
  'applicant.register': {
    label: { zh: '登记申请人', en: 'Register applicants' },
    roles: applicantDesk,
    record: { zh: '登记地(受理人员授权所在区划)', en: 'the region where they are registered' },
  },
  'applicant.edit': {
    label: { zh: '修改申请人信息', en: 'Edit applicants' },
    roles: applicantDesk,
    record: { zh: '申请人的登记地', en: 'the applicant’s registering region' },
  },
  'licence.import': {
    label: { zh: '导入申请人已持有的证照', en: 'Import licences an applicant holds' },
    roles: ['issuer', 'admin'],
    record: { zh: '持证人的登记地', en: 'the holder’s registering region' },
  },
  'licence.revoke': {
    label: { zh: '注销电子证照', en: 'Revoke e-licences' },
    roles: ['issuer', 'admin'],
    record: { zh: '发证部门的区划和部门', en: 'the issuing department (its region and id)' },
  },
  'case.view': {
    label: { zh: '查询和查看办件', en: 'Search and read cases' },
    roles: everyone,
    record: { zh: '办件的受理地和部门,或其任一待办的区划和部门', en: 'the case’s region and department, or those of any of its tasks' },
  },
  'case.intake': {
    label: { zh: '综合受理(收件)', en: 'Take applications' },
    roles: ['front_desk', 'town_approver', 'agent'],
    record: { zh: '受理地和事项部门;受理地须在事项部门区划内,或在事项声明的通办范围内', en: 'the receiving region and the item’s department; the region must lie in the department’s, or in the item’s declared 通办 area' },
  },
  'case.prereview': {
    label: { zh: '网上预审', en: 'Pre-review online applications' },
    roles: ['reviewer', 'front_desk', 'town_approver'],
    record: { zh: '办件的受理地和事项部门', en: 'the case’s region and the item’s department' },
  },
  'task.work': {
    label: { zh: '办理部门待办', en: 'Work department tasks' },
    roles: ['reviewer', 'town_approver'],
    record: { zh: '待办的区划和部门', en: 'the task’s region and department' },
  },
  'case.issue': {
    label: { zh: '统一出件、收取容缺材料', en: 'Issue results and collect deferred materials' },
    roles: ['issuer', 'front_desk', 'town_approver'],
    record: { zh: '办件的受理地和部门', en: 'the case’s region and department' },
  },
  'case.query_password': {
    label: { zh: '重置查询密码(并解除查询锁定)', en: 'Reset a case’s query password (and lift its query lock)' },
    roles: ['issuer', 'front_desk', 'town_approver'],
    record: { zh: '办件的受理地和部门', en: 'the case’s region and department' },
  },
  'filing.read': {
    label: { zh: '查看委托事项备案', en: 'Read filings of delegated decisions' },
    roles: ['reviewer', 'supervisor', 'admin'],
    record: { zh: '备案的决定地和委托部门', en: 'the deciding region and the delegating department' },
  },
  'filing.review': {
    label: { zh: '接收备案、案卷评查', en: 'Receive filings and review case files' },
    roles: ['reviewer', 'supervisor'],
    record: { zh: '委托部门的区划和部门', en: 'the delegating department (its region and id)' },
  },
  'filing.policy': {
    label: { zh: '设置评查抽样比例', en: 'Set the share of filings sampled' },
    roles: ['admin', 'supervisor'],
    record: { zh: '部门的区划和部门', en: 'the department (its region and id)' },
  },
  'clock.sweep': {
    label: { zh: '立即检查时限', en: 'Run the clock sweep now' },
    roles: ['admin', 'supervisor'],
    record: { zh: '全平台(检查所有区划的办件):仅根区划(省级)不限部门的授权', en: 'the whole platform (every region’s cases are swept): a grant of every department at the root region only' },
  },
  'window.work': {
    label: { zh: '窗口签到、叫号', en: 'Take a window and call tickets' },
    roles: atWindows,
    record: { zh: '窗口所在区划', en: 'the window’s region' },
  },
  'window.view': {
    label: { zh: '查看窗口叫号屏', en: 'See a window’s screen' },
    roles: [...atWindows, 'admin', 'supervisor'],
    record: { zh: '窗口所在区划', en: 'the window’s region' },
  },
  'ticket.green': {
    label: { zh: '发放绿色通道号', en: 'Give green-channel tickets' },
    roles: ['guide', 'front_desk'],
    record: { zh: '服务中心所在区划', en: 'the center’s region' },
  },
  'appointment.read': {
    label: { zh: '查看当日预约', en: 'Read the day’s bookings' },
    roles: ['guide', 'front_desk', 'admin', 'supervisor'],
    record: { zh: '服务中心所在区划', en: 'the center’s region' },
  },
  'appointment.manage': {
    label: { zh: '管理预约时段模板', en: 'Manage appointment slot templates' },
    roles: ['admin'],
    record: { zh: '服务中心所在区划', en: 'the center’s region' },
  },
  'agent.work': {
    label: { zh: '帮办代办:签订和管理代办委托、回访', en: 'Proxy service: take and manage authorisations, follow up' },
    roles: ['agent'],
    record: { zh: '代办服务点所在区划(委托书的代办员本人)', en: 'the service point’s region (and the authorisation’s own agent)' },
  },
  'agent.read': {
    label: { zh: '查看代办委托和代办件', en: 'Read proxy authorisations and proxy cases' },
    roles: ['agent', 'front_desk', 'issuer', 'town_approver', 'supervisor', 'admin'],
    record: { zh: '代办服务点所在区划', en: 'the service point’s region' },
  },
  'notification.manage': {
    label: { zh: '管理通知模板', en: 'Manage notification templates' },
    roles: ['admin'],
    record: { zh: '全平台(模板对所有区划生效):仅根区划(省级)不限部门的授权可修改', en: 'the whole platform (templates apply everywhere): a grant of every department at the root region edits them' },
  },
  'notification.read': {
    label: { zh: '查看通知发送记录', en: 'Read the notification log' },
    roles: ['admin', 'supervisor'],
    record: {
      zh: '通知所属办件的区划和部门,预约通知为服务中心所在区划(验证码等无归属的通知仅对根区划)',
      en: 'the region and department of the message’s case, an appointment’s: its center’s region (messages of nothing else, such as sign-in codes: the root region only)',
    },
  },
  'hall.stats': {
    label: { zh: '查看大厅统计', en: 'Read hall statistics' },
    roles: ['admin', 'supervisor', 'guide'],
    record: { zh: '服务中心所在区划', en: 'the center’s region' },
  },
  'rectification.read': {
    label: { zh: '查看差评整改和申诉', en: 'Read bad-rating rectifications and appeals' },
    roles: ['reviewer', 'town_approver', 'supervisor', 'front_desk'],
    record: { zh: '整改任务(申诉)的区划和责任部门', en: 'the task’s (appeal’s) region and responsible department' },
  },
  'rectification.work': {
    label: { zh: '差评核实、分类和整改反馈', en: 'Verify, triage and report back on bad ratings' },
    roles: ['reviewer', 'town_approver'],
    record: { zh: '整改任务的区划和责任部门', en: 'the task’s region and responsible department' },
  },
  'rectification.center': {
    label: { zh: '核实整改服务中心窗口的差评(无责任部门)', en: 'Verify and rectify bad ratings of the center’s own windows (no department)' },
    roles: ['supervisor'],
    record: { zh: '整改任务的区划,仅限未归属部门的任务', en: 'the task’s region; only tasks of no department' },
  },
  'rectification.revisit': {
    label: { zh: '差评回访、记录重新评价和办结', en: 'Revisit bad ratings, record re-ratings and close' },
    roles: ['supervisor', 'front_desk'],
    record: { zh: '整改任务的区划(服务中心所在区划,不限部门)', en: 'the task’s region (the center’s, every department)' },
  },
  'rating.appeal.file': {
    label: { zh: '对本部门差评提出申诉', en: 'Appeal a bad rating of one’s department' },
    roles: ['reviewer', 'town_approver'],
    record: { zh: '差评的区划和被评部门', en: 'the rating’s region and rated department' },
  },
  'rating.appeal.decide': {
    label: { zh: '申诉复核', en: 'Decide appeals against bad ratings' },
    roles: ['supervisor'],
    record: { zh: '申诉的区划和部门', en: 'the appeal’s region and department' },
  },
  'complaint.read': {
    label: { zh: '查看诉求件(投诉、咨询、求助、举报)', en: 'Read complaints' },
    roles: ['supervisor', 'admin', 'front_desk', 'guide', 'reviewer', 'town_approver'],
    record: { zh: '受理地(区划);限定部门的授权只看派给本部门的诉求件', en: 'the receiving region; a grant narrowed to a department: only complaints dispatched to it' },
  },
  'complaint.receive': {
    label: { zh: '受理诉求件(大厅、热线)', en: 'Receive complaints (hall, hotline)' },
    roles: ['front_desk', 'guide', 'supervisor'],
    record: { zh: '受理地(区划)', en: 'the receiving region' },
  },
  'complaint.dispatch': {
    label: { zh: '诉求件派单、改派、督办、办结、回访', en: 'Dispatch, reassign, supervise, close and revisit complaints' },
    roles: ['supervisor'],
    record: { zh: '受理地(区划)', en: 'the receiving region' },
  },
  'complaint.handle': {
    label: { zh: '承办诉求件:签收、退回、答复', en: 'Handle complaints: accept, return, answer' },
    roles: ['reviewer', 'town_approver'],
    record: { zh: '承办部门及其区划', en: 'the handling department and its region' },
  },
  'alert.read': {
    label: { zh: '查看电子监察预警', en: 'Read supervision alerts' },
    roles: ['supervisor', 'reviewer', 'town_approver'],
    record: { zh: '预警的区划和责任部门(督查看辖区,部门只看本部门)', en: 'the alert’s region and responsible department (a supervisor: the region; a department: its own)' },
  },
  'alert.respond': {
    label: { zh: '响应电子监察预警(说明情况)', en: 'Respond to supervision alerts' },
    roles: ['reviewer', 'town_approver'],
    record: { zh: '预警的责任部门及其区划', en: 'the responsible department and its region' },
  },
  'alert.close': {
    label: { zh: '办结电子监察预警(认定结论)', en: 'Close supervision alerts with a verdict' },
    roles: ['supervisor'],
    record: { zh: '预警的区划', en: 'the alert’s region' },
  },
  'quality.report': {
    label: { zh: '查看好差评月报、导出和上报文件', en: 'Read the 好差评 monthly report, export it and the upward report file' },
    roles: ['supervisor', 'admin'],
    record: { zh: '所查区划须在授权区划子树内;限定部门的授权只含该部门的评价和投诉', en: 'the region asked for lies in the grant’s subtree; a grant narrowed to a department: that department’s ratings and complaints only' },
  },
  'supervision.read': {
    label: { zh: '查看督查驾驶舱(办件统计、预警、钻取办件)', en: 'Read the supervision dashboards (figures, warnings, the cases behind them)' },
    roles: ['supervisor', 'admin', 'reviewer'],
    record: { zh: '所查区划须在授权区划子树内;限定部门的授权只含该部门的数字和办件', en: 'the region asked for lies in the grant’s subtree; a grant narrowed to a department: that department’s figures and cases only' },
  },
  'supervision.target': {
    label: { zh: '设置督查目标值', en: 'Set supervision targets' },
    roles: ['supervisor', 'admin'],
    record: { zh: '目标所属区划(不限部门的授权)', en: 'the target’s region (a grant of every department)' },
  },
  'quality.settings': {
    label: { zh: '设置好差评和投诉时限', en: 'Set rating and complaint time limits' },
    roles: ['admin'],
    record: { zh: '设置所属区划(不限部门的授权)', en: 'the settings’ region (a grant of every department)' },
  },
  'rating.pad': {
    label: { zh: '窗口评价器(现场一次一评)', en: 'The window’s rating pad (one rating per visit)' },
    roles: atWindows,
    record: { zh: '窗口所在区划', en: 'the window’s region' },
  },
  'rating.agent': {
    label: { zh: '代委托人评价代办件', en: 'Record the applicant’s rating of a proxy case' },
    roles: ['agent'],
    record: { zh: '办件的受理地(委托书的代办员本人)', en: 'the case’s region (and the authorisation’s own agent)' },
  },
  'rating.read': {
    label: { zh: '查看好差评', en: 'Read ratings' },
    roles: ['supervisor', 'admin', 'reviewer', 'town_approver', 'front_desk', 'issuer'],
    record: { zh: '评价的区划和部门', en: 'the rating’s region and department' },
  },
  'push.manage': {
    label: { zh: '管理数据推送:订阅、推送记录、重推', en: 'Manage data push: subscriptions, the delivery log, replays' },
    roles: ['admin'],
    record: { zh: '订阅所属部门及其区划', en: 'the subscription’s department and its region' },
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof permissions;

export const permissionNames = Object.keys(permissions) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissions, value);
}

/** A record as the matrix compares it: where it lies and, when one owns it, which department. */
export type RecordScope = ScopeTarget;

/** Whether a grant's role holds the permission (wherever the record lies). */
export function grantHolds(grant: Pick<Grant, 'role'>, permission: Permission): boolean {
  return (permissions[permission].roles as readonly Role[]).includes(grant.role);
}

/**
 * May the holder of these grants do `permission` on a record at (regionPath, departmentId)?
 *
 * @example
 * mayOn([{ role: 'issuer', departmentId: null, regionPath: '370000.370900.370982' }], 'licence.revoke',
 *   { regionPath: '370000.370900.370983', departmentId: feichengMz }) // false: another county
 */
export function mayOn(grants: readonly Grant[], permission: Permission, record: RecordScope): boolean {
  return grants.some((g) => grantHolds(g, permission) && grantCovers(g, record));
}

/**
 * May the holder of these grants do `permission` on some record? What a route checks before the
 * service looks at the record, and what the web app's menus show.
 */
export function mayAnywhere(grants: readonly Pick<Grant, 'role'>[], permission: Permission): boolean {
  return grants.some((g) => grantHolds(g, permission));
}

/** The grants that give `permission`: where the holder may do it (for lists filtered by scope). */
export function grantsFor<G extends Pick<Grant, 'role'>>(grants: readonly G[], permission: Permission): G[] {
  return grants.filter((g) => grantHolds(g, permission));
}

/**
 * The region a department's task of a case lies in: the case's region when it lies in the
 * department's own (a town's case of a county department stays with the town), otherwise the
 * department's region, so a case received elsewhere (跨域通办) is reviewed where the department is.
 */
export function taskRegionPath(caseRegionPath: string, departmentRegionPath: string): string {
  return isWithinRegion(caseRegionPath, departmentRegionPath) ? caseRegionPath : departmentRegionPath;
}

/** The region level each 通办范围 opens an item to; `none` keeps it to its department's subtree. */
const tongbanLevel: Record<Exclude<TongbanScope, 'none' | 'national'>, RegionLevel> = { county: 'county', city: 'city', province: 'province' };

/**
 * Where an item may be received (跨域通办 is declared per item, never by accident): its department's
 * region subtree, widened to the ancestor at the level of the item's 通办范围 (全市通办: the whole
 * city). `null` means anywhere (跨省通办).
 *
 * @param ancestry the regions on the department's path, root first, with their levels.
 * @example
 * intakeArea(ancestry('370000.370900.370982'), 'city') // '370000.370900': every county of 泰安市
 */
export function intakeArea(ancestry: readonly { path: string; level: RegionLevel }[], scope: TongbanScope): string | null {
  const own = ancestry.at(-1);
  if (!own) throw new Error('intakeArea needs the department’s region');
  if (scope === 'national') return null;
  if (scope === 'none') return own.path;
  return ancestry.find((r) => r.level === tongbanLevel[scope])?.path ?? own.path;
}
