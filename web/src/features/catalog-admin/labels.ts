/**
 * The catalog's code sets in both languages. The Chinese labels come from src/domain/catalog.ts
 * (the same words the server and the guide use); the English ones are the screen's own.
 */
import {
  caseKindLabels,
  caseKinds,
  channelLabels,
  channels,
  dayUnitLabels,
  dayUnits,
  deferrableUntil,
  exerciseLevels,
  itemTypes,
  materialSourceLabels,
  materialSources,
  onlineDepths,
  profileFields,
  resultKindLabels,
  resultKinds,
  serviceObjectLabels,
  serviceObjects,
  tongbanScopeLabels,
  tongbanScopes,
  type CaseKind,
  type Channel,
  type DayUnit,
  type DeferrableUntil,
  type ExerciseLevel,
  type FormField,
  type ItemType,
  type MaterialSource,
  type OnlineDepth,
  type ProfileField,
  type ResultKind,
  type ServiceObject,
  type TongbanScope,
} from '../../../../src/domain/catalog.ts';

export interface Label {
  zh: string;
  en: string;
}

type FieldType = FormField['type'];

const en = {
  itemType: {
    '01': 'Administrative licensing',
    '02': 'Administrative penalty',
    '03': 'Administrative coercion',
    '04': 'Administrative levy',
    '05': 'Administrative payment',
    '06': 'Administrative inspection',
    '07': 'Administrative confirmation',
    '08': 'Administrative reward',
    '09': 'Administrative ruling',
    '10': 'Other administrative power',
    '11': 'Public service',
    '20': 'Public service',
  } satisfies Record<ItemType, string>,
  exerciseLevel: {
    '1': 'National',
    '2': 'Provincial',
    '3': 'City',
    '4': 'County',
    '5': 'Town (township, subdistrict)',
    '6': 'Village (community)',
  } satisfies Record<ExerciseLevel, string>,
  dayUnit: { working: 'working days', natural: 'calendar days' } satisfies Record<DayUnit, string>,
  caseKind: { instant: 'Instant (decided on the spot)', promised: 'Promised (within the promised days)' } satisfies Record<CaseKind, string>,
  channel: { window: 'At the window', web: 'Online', mobile: 'Mobile app', kiosk: 'Self-service kiosk', express: 'Delivery by express' } satisfies Record<Channel, string>,
  onlineDepth: {
    1: 'Level 1: guide published online',
    2: 'Level 2: forms downloadable',
    3: 'Level 3: online pre-check',
    4: 'Level 4: fully online',
  } satisfies Record<OnlineDepth, string>,
  serviceObject: { person: 'Natural persons', organisation: 'Legal persons' } satisfies Record<ServiceObject, string>,
  tongbanScope: {
    none: 'Only where the item is handled',
    county: 'Anywhere in the county',
    city: 'Anywhere in the city',
    province: 'Anywhere in the province',
    national: 'Across provinces',
  } satisfies Record<TongbanScope, string>,
  resultKind: { licence: 'Licence', certificate: 'Certificate', approval: 'Approval', filing: 'Filing receipt', other: 'Other' } satisfies Record<ResultKind, string>,
  materialSource: { applicant: 'From the applicant', licence: 'From the e-licence library', shared_data: 'From shared data' } satisfies Record<MaterialSource, string>,
};

function pairs<K extends string | number>(keys: readonly K[], zh: Record<K, string>, english: Record<K, string>): Record<K, Label> {
  return Object.fromEntries(keys.map((k) => [k, { zh: zh[k], en: english[k] }])) as Record<K, Label>;
}

export const codeLabels = {
  itemType: pairs(Object.keys(itemTypes) as ItemType[], itemTypes, en.itemType),
  exerciseLevel: pairs(Object.keys(exerciseLevels) as ExerciseLevel[], exerciseLevels, en.exerciseLevel),
  dayUnit: pairs(dayUnits, dayUnitLabels, en.dayUnit),
  caseKind: pairs(caseKinds, caseKindLabels, en.caseKind),
  channel: pairs(channels, channelLabels, en.channel),
  onlineDepth: pairs([1, 2, 3, 4] as OnlineDepth[], onlineDepths, en.onlineDepth),
  serviceObject: pairs(serviceObjects, serviceObjectLabels, en.serviceObject),
  tongbanScope: pairs(tongbanScopes, tongbanScopeLabels, en.tongbanScope),
  resultKind: pairs(resultKinds, resultKindLabels, en.resultKind),
  materialSource: pairs(materialSources, materialSourceLabels, en.materialSource),
  deferrableUntil: {
    decision: { zh: '作出决定前', en: 'Before the decision' },
    issuance: { zh: '出件前', en: 'Before the result is issued' },
  } satisfies Record<DeferrableUntil, Label>,
  profileField: {
    name: { zh: '姓名', en: 'Name' },
    idNumber: { zh: '居民身份证号码', en: 'Resident ID number' },
    phone: { zh: '联系电话', en: 'Phone' },
    address: { zh: '住址', en: 'Address' },
    orgName: { zh: '单位名称', en: 'Organisation name' },
    uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
    legalRepresentative: { zh: '法定代表人', en: 'Legal representative' },
    gender: { zh: '性别', en: 'Gender' },
    birthDate: { zh: '出生日期', en: 'Date of birth' },
  } satisfies Record<ProfileField, Label>,
  fieldType: {
    text: { zh: '单行文本', en: 'Text' },
    textarea: { zh: '多行文本', en: 'Long text' },
    number: { zh: '数字', en: 'Number' },
    date: { zh: '日期', en: 'Date' },
    select: { zh: '下拉选择', en: 'Choice' },
    phone: { zh: '电话号码', en: 'Phone number' },
    id_number: { zh: '身份证号码', en: 'ID number' },
    uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  } satisfies Record<FieldType, Label>,
};

export const fieldTypes = Object.keys(codeLabels.fieldType) as FieldType[];
export { caseKinds, channels, dayUnits, deferrableUntil, materialSources, profileFields, resultKinds, serviceObjects, tongbanScopes };
export const itemTypeCodes = Object.keys(itemTypes) as ItemType[];
export const exerciseLevelCodes = Object.keys(exerciseLevels) as ExerciseLevel[];
export const onlineDepthCodes: OnlineDepth[] = [1, 2, 3, 4];

/** `{ value, label }` options of a code set, in the current language. */
export function optionsOf<K extends string | number>(keys: readonly K[], labels: Record<K, Label>, pick: (label: Label) => string, withCode = false) {
  return keys.map((k) => ({ value: k, label: withCode ? `${k} ${pick(labels[k])}` : pick(labels[k]) }));
}
