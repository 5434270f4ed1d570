/**
 * What the guide works out from an item's content before showing it: which materials a chosen
 * 情形 needs, which ones the government already holds, and how much faster than the law the
 * promise is. Pure functions; the pages only render their answers.
 */
import type { DayUnit, MaterialRequirement, ServiceItemContent } from '../../../../src/domain/catalog.ts';

/**
 * A material no applicant brings: the hall takes it from shared data (the intake marks it so for
 * everyone). A licence-library material is not one of them: the intake takes it from the library
 * only when the applicant holds a valid licence of its type (`fromLicenceLibrary`), so the guide,
 * which knows no applicant, says so conditionally.
 */
export function isHeldByGovernment(material: Pick<MaterialRequirement, 'source'>): boolean {
  return material.source === 'shared_data';
}

/** A material the licence library supplies for an applicant who holds a licence of its type. */
export function fromLicenceLibrary(material: Pick<MaterialRequirement, 'source' | 'licenceType'>): boolean {
  return material.source === 'licence' && Boolean(material.licenceType?.trim());
}

/** The materials of one scenario (those for every scenario plus its own); all of them when none is chosen. */
export function materialsFor<M extends Pick<MaterialRequirement, 'scenarios'>>(materials: readonly M[], scenario: string | null): M[] {
  if (scenario === null) return [...materials];
  return materials.filter((m) => m.scenarios.length === 0 || m.scenarios.includes(scenario));
}

/** The scenario named in a link, if the item has it. */
export function knownScenario(item: Pick<ServiceItemContent, 'scenarios'>, code: string | null): string | null {
  return code !== null && item.scenarios.some((s) => s.code === code) ? code : null;
}

export interface TimeLimits {
  isInstant: boolean;
  promised: { days: number; unit: DayUnit };
  /** Null when the law sets no limit (0 days). */
  statutory: { days: number; unit: DayUnit } | null;
  /** Days saved against the statutory limit, when both are counted in the same unit. */
  saving: { days: number; unit: DayUnit } | null;
}

export function timeLimits(item: Pick<ServiceItemContent, 'caseKind' | 'promisedDays' | 'promisedUnit' | 'statutoryDays' | 'statutoryUnit'>): TimeLimits {
  const statutory = item.statutoryDays > 0 ? { days: item.statutoryDays, unit: item.statutoryUnit } : null;
  const savedDays = statutory && statutory.unit === item.promisedUnit ? statutory.days - item.promisedDays : 0;
  return {
    isInstant: item.caseKind === 'instant',
    promised: { days: item.promisedDays, unit: item.promisedUnit },
    statutory,
    saving: savedDays > 0 ? { days: savedDays, unit: item.promisedUnit } : null,
  };
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `2026-11-22`, the date in China whatever the reader's clock says. */
export function formatDay(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}
