/**
 * The catalog's code labels (src/domain/catalog.ts, Chinese) paired with their English words, so
 * the guide can `pick()` either. The Chinese side is the domain's own map, never a copy.
 */
import {
  caseKindLabels,
  channelLabels,
  dayUnitLabels,
  exerciseLevels,
  itemTypes,
  materialSourceLabels,
  onlineDepths,
  resultKindLabels,
  serviceObjectLabels,
  tongbanScopeLabels,
  type CaseKind,
  type Channel,
  type DayUnit,
  type ExerciseLevel,
  type ItemType,
  type MaterialSource,
  type OnlineDepth,
  type ResultKind,
  type ServiceObject,
  type TongbanScope,
} from '../../../../src/domain/catalog.ts';

export interface Label {
  zh: string;
  en: string;
}

function pair<K extends string | number>(zh: Record<K, string>, en: Record<K, string>): Record<K, Label> {
  const out = {} as Record<K, Label>;
  for (const key of Object.keys(zh) as K[]) out[key] = { zh: zh[key], en: en[key] };
  return out;
}

export const caseKindText = pair<CaseKind>(caseKindLabels, { instant: 'Decided on the spot', promised: 'Decided within promised days' });

export const channelText = pair<Channel>(channelLabels, {
  window: 'At the window',
  web: 'Online (computer)',
  mobile: 'Mobile',
  kiosk: 'Self-service kiosk',
  express: 'Express delivery',
});

export const dayUnitText = pair<DayUnit>(dayUnitLabels, { working: 'working days', natural: 'calendar days' });

export const materialSourceText = pair<MaterialSource>(materialSourceLabels, {
  applicant: 'From the applicant',
  licence: 'From the licence library',
  shared_data: 'From shared government data',
});

export const serviceObjectText = pair<ServiceObject>(serviceObjectLabels, { person: 'Individuals', organisation: 'Organisations' });

export const tongbanScopeText = pair<TongbanScope>(tongbanScopeLabels, {
  none: 'Only at the competent office',
  county: 'Anywhere in the county',
  city: 'Anywhere in the city',
  province: 'Anywhere in the province',
  national: 'Across provinces',
});

export const resultKindText = pair<ResultKind>(resultKindLabels, {
  licence: 'Licence',
  certificate: 'Certificate',
  approval: 'Approval',
  filing: 'Filing receipt',
  other: 'Other',
});

export const onlineDepthText = pair<OnlineDepth>(onlineDepths, {
  1: 'Level 1: guide published online',
  2: 'Level 2: forms to download',
  3: 'Level 3: online pre-check',
  4: 'Level 4: fully online',
});

export const exerciseLevelText = pair<ExerciseLevel>(exerciseLevels, {
  '1': 'National',
  '2': 'Provincial',
  '3': 'City',
  '4': 'County',
  '5': 'Town (township, sub-district)',
  '6': 'Village (community)',
});

export const itemTypeText = pair<ItemType>(itemTypes, {
  '01': 'Administrative licensing',
  '02': 'Administrative penalty',
  '03': 'Administrative enforcement',
  '04': 'Administrative levy',
  '05': 'Administrative payment',
  '06': 'Administrative inspection',
  '07': 'Administrative confirmation',
  '08': 'Administrative award',
  '09': 'Administrative ruling',
  '10': 'Other administrative power',
  '11': 'Public service',
  '20': 'Public service',
});
