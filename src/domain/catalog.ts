/**
 * The service catalog (事项清单) on the GB/T 39046-2020 item data set: items with their standard
 * elements, materials per scenario (情形), and bundles (一件事). Pure types, code sets and rules,
 * shared by the server and the web app.
 */
import { isValidUscc } from './uscc.ts';

/** 事项类型 (GB/T 39046 附录 A.1). */
export const itemTypes = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '11': '公共服务',
  '20': '公共服务',
} as const;
export type ItemType = keyof typeof itemTypes;

/** 行使层级. */
export const exerciseLevels = { '1': '国家级', '2': '省级', '3': '市级', '4': '县级', '5': '镇(乡、街道)级', '6': '村(社区)级' } as const;
export type ExerciseLevel = keyof typeof exerciseLevels;

export const dayUnits = ['working', 'natural'] as const;
export type DayUnit = (typeof dayUnits)[number];
export const dayUnitLabels: Record<DayUnit, string> = { working: '工作日', natural: '自然日' };

/** 办件类型: 即办件 decided on the spot, 承诺件 within promised days. */
export const caseKinds = ['instant', 'promised'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseKindLabels: Record<CaseKind, string> = { instant: '即办件', promised: '承诺件' };

/** 办理形式 / channels ("四端" plus express). */
export const channels = ['window', 'web', 'mobile', 'kiosk', 'express'] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = { window: '窗口办理', web: '网上办理', mobile: '移动端办理', kiosk: '自助终端', express: '快递送达' };

/** 网上办理深度: 1 信息公开 … 4 全程网办. */
export const onlineDepths = { 1: '一级:办事指南网上公开', 2: '二级:表格下载', 3: '三级:网上预审', 4: '四级:全程网办' } as const;
export type OnlineDepth = 1 | 2 | 3 | 4;

export const serviceObjects = ['person', 'organisation'] as const;
export type ServiceObject = (typeof serviceObjects)[number];
export const serviceObjectLabels: Record<ServiceObject, string> = { person: '自然人', organisation: '法人' };

/** 通办范围. */
export const tongbanScopes = ['none', 'county', 'city', 'province', 'national'] as const;
export type TongbanScope = (typeof tongbanScopes)[number];
export const tongbanScopeLabels: Record<TongbanScope, string> = { none: '不通办', county: '全县(市)通办', city: '全市通办', province: '全省通办', national: '跨省通办' };
/** Each 通办 scope as the 行使层级 code of the same reach (2 省 … 4 县), to compare the two. */
const tongbanRank: Record<Exclude<TongbanScope, 'none'>, number> = { national: 1, province: 2, city: 3, county: 4 };

export const resultKinds = ['licence', 'certificate', 'approval', 'filing', 'other'] as const;
export type ResultKind = (typeof resultKinds)[number];
export const resultKindLabels: Record<ResultKind, string> = { licence: '证照', certificate: '证明', approval: '批文', filing: '备案回执', other: '其他' };

/** Where a material comes from: the applicant, a licence the government already issued, or shared data. */
export const materialSources = ['applicant', 'licence', 'shared_data'] as const;
export type MaterialSource = (typeof materialSources)[number];
export const materialSourceLabels: Record<MaterialSource, string> = { applicant: '申请人提供', licence: '证照库调取', shared_data: '共享数据获取' };

/** A deferrable (容缺) material must be supplied before the decision or before issuance. */
export const deferrableUntil = ['decision', 'issuance'] as const;
export type DeferrableUntil = (typeof deferrableUntil)[number];

/** Applicant profile fields a form may be pre-filled from (一表申请). */
export const profileFields = ['name', 'idNumber', 'phone', 'address', 'orgName', 'uscc', 'legalRepresentative', 'gender', 'birthDate'] as const;
export type ProfileField = (typeof profileFields)[number];

/**
 * What a form field asks for; each type has its check (`checkForm` in form-check.ts): `id_number`
 * a resident ID (GB 11643), `uscc` a unified social credit code (GB 32100).
 */
export const formFieldTypes = ['text', 'textarea', 'number', 'date', 'select', 'phone', 'id_number', 'uscc'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];

export interface FormField {
  /** Stable key; the same key in two items is the same question (asked once in a bundle). */
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  options?: string[];
  /** Filled from the applicant profile when set. */
  profileField?: ProfileField;
}

export interface ProcessStep {
  name: string;
  description: string;
  /** Days of the promised limit this step may use, in the item's promisedUnit (0 for an instant step). */
  days: number;
  /** Who does it, in words (e.g. 综合受理窗口, 民政局). */
  actor: string;
  /**
   * Departments (by name) that review in this step, in parallel. A step with departments is a
   * back-office stage of the case; steps without them (受理, 出件) are done at the windows.
   */
  departments?: string[];
  /** How the departments of the step decide: `all` must approve (会签), `any` one suffices (或签). */
  mode?: 'all' | 'any';
  /**
   * A public notice (公示) of this many natural days that opens the step (低保: 在村(居)公示7天).
   * It is not part of the working-day limit (行政许可法 第45条): the case's limit is extended by the
   * working days it covers, and the step's departments decide only once it has run. Only a review
   * stage after the first has one: a notice publishes what an earlier stage found.
   */
  publicityDays?: number;
}

export interface Fee {
  name: string;
  amount: string;
  basis: string;
}

export interface Faq {
  question: string;
  answer: string;
}

export interface Scenario {
  code: string;
  name: string;
  description: string;
}

export interface MaterialRequirement {
  /** Stable key; the same key in two items of a bundle is one material, handed in once. */
  key: string;
  name: string;
  /** Scenario codes this material applies to; empty = every scenario. */
  scenarios: string[];
  required: boolean;
  deferrable: boolean;
  deferrableUntil: DeferrableUntil | null;
  originals: number;
  copies: number;
  source: MaterialSource;
  /** For source `licence`: the licence type that satisfies it (e.g. 居民身份证, 营业执照). */
  licenceType: string | null;
  notes: string;
  /** A blank form to download (stored file id). */
  templateFileId?: string | null;
  /** A filled-in sample to download (stored file id). */
  sampleFileId?: string | null;
}

/** A licence type (证照类型) of the national licence catalogue, as the catalog keeps it. */
export interface LicenceType {
  /** Defining authority USCC + 3-digit type number, e.g. `11100000000013338W011`: the first part of an e-licence identifier. */
  code: string;
  name: string;
  /** The authority that defines the type (not the one that issues a licence of it). */
  authorityName: string;
  /** Years a licence of the type is valid; null = 长期. */
  validityYears: number | null;
}

/** What is wrong with a licence type, every problem at once (as {@link checkItemContent}). */
export function checkLicenceType(type: LicenceType): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}\d{3}$/.test(type.code) || !isValidUscc(type.code.slice(0, 18))) {
    problems.push({
      field: 'code',
      zh: '证照类型代码应为定义机构的统一社会信用代码(18位,校验位正确)加3位类型序号,如 11100000000013338W011',
      en: "A licence type code is the defining authority's USCC (18, with a valid check character) and a 3-digit type number, e.g. 11100000000013338W011",
    });
  }
  if (!type.name.trim()) problems.push({ field: 'name', zh: '证照类型名称不能为空', en: 'The licence type needs a name' });
  if (!type.authorityName.trim()) problems.push({ field: 'authorityName', zh: '定义机构不能为空', en: 'The licence type needs its defining authority' });
  if (type.validityYears !== null && !(Number.isInteger(type.validityYears) && type.validityYears >= 1 && type.validityYears <= 100)) {
    problems.push({ field: 'validityYears', zh: '有效期应为1到100年,长期有效留空', en: 'Validity is 1 to 100 years; leave it empty for 长期' });
  }
  return problems;
}

/** One version of an item: everything the guide shows and the front desk checks against. */
export interface ServiceItemContent {
  name: string;
  aliases: string[];
  basicCode: string;
  implementationCode: string;
  itemType: ItemType;
  exerciseLevel: ExerciseLevel;
  departmentName: string;
  legalBasis: string;
  conditions: string;
  processSteps: ProcessStep[];
  statutoryDays: number;
  statutoryUnit: DayUnit;
  promisedDays: number;
  promisedUnit: DayUnit;
  caseKind: CaseKind;
  visitsRequired: 0 | 1;
  visitReason: string;
  onlineDepth: OnlineDepth;
  channels: Channel[];
  fees: Fee[];
  resultName: string;
  /**
   * The catalog licence type (by name, as materials name theirs) that an e-licence of this item's
   * result is; absent: the type named exactly as `resultName`, if any.
   */
  resultLicenceType?: string;
  /** The result replaces the holder's licence of that type in force (变更): a new version of it. */
  resultReplaces?: boolean;
  resultKind: ResultKind;
  serviceObjects: ServiceObject[];
  tongbanScope: TongbanScope;
  location: string;
  hours: string;
  phone: string;
  faq: Faq[];
  scenarios: Scenario[];
  materials: MaterialRequirement[];
  formFields: FormField[];
  /** Set when a city department lets towns decide this item (委托/下放). */
  delegatedToTowns: boolean;
}

export interface BundleContent {
  code: string;
  name: string;
  aliases: string[];
  description: string;
  /** Implementation codes of the member items. */
  itemCodes: string[];
  /** Working days for the whole bundle, all members in parallel. */
  promisedDays: number;
  leadDepartmentName: string;
}

export interface ContentProblem {
  /** Where: a dotted path such as `materials.2.licenceType`. */
  field: string;
  zh: string;
  en: string;
}

/**
 * The rules an item must satisfy before it is saved: limits that fit together, every deferrable
 * material says until when, every licence-sourced material names its licence type, and so on.
 * Returns every problem at once, so an editor (or an Excel import) can fix them in one pass.
 */
export function checkItemContent(item: ServiceItemContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (field: string, zh: string, en: string) => problems.push({ field, zh, en });
  if (!item.name.trim()) add('name', '事项名称不能为空', 'The item needs a name');
  if (!item.departmentName.trim()) add('departmentName', '实施主体(部门)不能为空', 'The item needs a department');
  if (!/^[0-9A-Za-z-]{4,64}$/.test(item.implementationCode)) add('implementationCode', '实施编码应为4到64位字母、数字或连字符', 'The implementation code has 4 to 64 letters, digits or hyphens');
  for (const [field, value] of [
    ['statutoryDays', item.statutoryDays],
    ['promisedDays', item.promisedDays],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 3650) add(field, '时限应为0到3650之间的整数', 'A time limit is a whole number from 0 to 3650');
  }
  const stepDays = item.processSteps.reduce((sum, step) => sum + step.days, 0);
  if (item.caseKind === 'instant') {
    if (item.promisedDays !== 0) add('promisedDays', '即办件的承诺时限应为0(当场办结)', 'An instant item promises 0 days (decided on the spot)');
    if (stepDays !== 0) add('processSteps', '即办件各环节时限之和应为0', 'The steps of an instant item take 0 days');
  } else {
    if (item.promisedDays <= 0) add('promisedDays', '承诺件的承诺时限应大于0', 'A promised item promises more than 0 days');
    if (item.statutoryDays > 0 && item.promisedUnit === item.statutoryUnit && item.promisedDays > item.statutoryDays) {
      add('promisedDays', '承诺时限不能超过法定时限', 'The promised limit cannot exceed the statutory one');
    }
    if (item.processSteps.length > 0 && stepDays !== item.promisedDays) {
      add('processSteps', `各环节时限之和(${stepDays})应等于承诺时限(${item.promisedDays})`, `The steps take ${stepDays} days; the promise is ${item.promisedDays}`);
    }
  }
  let stagesSoFar = 0;
  item.processSteps.forEach((step, index) => {
    const isStage = (step.departments?.length ?? 0) > 0;
    if (step.publicityDays !== undefined) {
      if (!Number.isInteger(step.publicityDays) || step.publicityDays < 1 || step.publicityDays > 90) add(`processSteps.${index}.publicityDays`, '公示期应为1到90之间的整数(自然日)', 'A public notice lasts 1 to 90 natural days');
      else if (!isStage || stagesSoFar === 0)
        add(
          `processSteps.${index}.publicityDays`,
          '公示须在审查环节之后、由本环节的审查部门办理(须写明审查部门,且不能是第一个审查环节)',
          'A public notice follows a review stage: the step names its reviewing departments and is not the first stage',
        );
    }
    if (isStage) stagesSoFar++;
  });
  if (item.visitsRequired === 1 && !item.visitReason.trim()) add('visitReason', '需到现场一次的事项应说明原因', 'Say why the applicant must come once');
  // 通办范围 says where else the item may be received; one narrower than the level that exercises it says nothing.
  if (!(tongbanScopes as readonly string[]).includes(item.tongbanScope)) {
    add('tongbanScope', '通办范围应为不通办、全县(市)通办、全市通办、全省通办或跨省通办', 'The 通办 scope is none, county, city, province or national');
  } else if (item.tongbanScope !== 'none' && tongbanRank[item.tongbanScope] > Number(item.exerciseLevel)) {
    add('tongbanScope', `通办范围(${tongbanScopeLabels[item.tongbanScope]})不能小于事项的行使层级(${exerciseLevels[item.exerciseLevel] ?? item.exerciseLevel})`, 'The 通办 scope cannot be narrower than the level that exercises the item');
  }
  if (item.channels.length === 0) add('channels', '至少选择一种办理渠道', 'Choose at least one channel');
  if (item.serviceObjects.length === 0) add('serviceObjects', '至少选择一种服务对象', 'Choose at least one service object');
  const scenarioCodes = new Set<string>();
  item.scenarios.forEach((scenario, index) => {
    if (scenarioCodes.has(scenario.code)) add(`scenarios.${index}.code`, `情形编码 ${scenario.code} 重复`, `Scenario code ${scenario.code} repeats`);
    scenarioCodes.add(scenario.code);
  });
  const materialKeys = new Set<string>();
  item.materials.forEach((m, index) => {
    const at = `materials.${index}`;
    if (!m.name.trim()) add(`${at}.name`, '材料名称不能为空', 'A material needs a name');
    if (!/^[a-z0-9_]{1,64}$/.test(m.key)) add(`${at}.key`, '材料标识应为小写字母、数字或下划线', 'A material key has lower-case letters, digits or underscores');
    if (materialKeys.has(m.key)) add(`${at}.key`, `材料标识 ${m.key} 重复`, `Material key ${m.key} repeats`);
    materialKeys.add(m.key);
    if (m.deferrable !== (m.deferrableUntil !== null)) add(`${at}.deferrableUntil`, '容缺材料须写明补齐时点(决定前或出件前),非容缺材料不写', 'A deferrable material says until when (decision or issuance); others do not');
    if (m.deferrable && !m.required) add(`${at}.deferrable`, '只有必需材料才谈得上容缺', 'Only a required material can be deferred');
    if ((m.source === 'licence') !== (m.licenceType !== null && m.licenceType.trim() !== '')) add(`${at}.licenceType`, '来源为证照库的材料须写明证照类型,其他来源不写', 'A licence-sourced material names its licence type; others do not');
    if (m.originals < 0 || m.copies < 0 || !Number.isInteger(m.originals) || !Number.isInteger(m.copies)) add(`${at}.copies`, '原件、复印件份数应为非负整数', 'Originals and copies are whole numbers ≥ 0');
    for (const code of m.scenarios) {
      if (!scenarioCodes.has(code)) add(`${at}.scenarios`, `材料引用了不存在的情形 ${code}`, `The material refers to unknown scenario ${code}`);
    }
  });
  const fieldKeys = new Set<string>();
  item.formFields.forEach((f, index) => {
    if (fieldKeys.has(f.key)) add(`formFields.${index}.key`, `表单字段 ${f.key} 重复`, `Form field ${f.key} repeats`);
    fieldKeys.add(f.key);
  });
  return problems;
}

/**
 * One spelling for optional parts, so that equal items compare equal however they were entered
 * (editor, Excel, API): no empty option lists, no null file references.
 */
export function normaliseItemContent(item: ServiceItemContent): ServiceItemContent {
  const { resultLicenceType, resultReplaces, ...rest } = item;
  return {
    ...rest,
    // Absent rather than empty or false, so content saved before these fields existed compares equal.
    ...(resultLicenceType?.trim() ? { resultLicenceType: resultLicenceType.trim() } : {}),
    ...(resultReplaces ? { resultReplaces: true } : {}),
    materials: item.materials.map(({ templateFileId, sampleFileId, ...rest }) => ({
      ...rest,
      ...(templateFileId ? { templateFileId } : {}),
      ...(sampleFileId ? { sampleFileId } : {}),
    })),
    processSteps: item.processSteps.map(({ departments, mode, publicityDays, ...rest }) => ({
      ...rest,
      ...(departments && departments.length > 0 ? { departments, mode: mode ?? 'all' } : {}),
      ...(publicityDays ? { publicityDays } : {}),
    })),
    formFields: item.formFields.map(({ options, profileField, ...rest }) => ({
      ...rest,
      ...(options && options.length > 0 ? { options } : {}),
      ...(profileField ? { profileField } : {}),
    })),
  };
}
