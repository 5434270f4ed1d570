/**
 * A region's 好差评 and complaint time limits (quality_settings, 0021), read the one way every
 * service needs them: a region's own row, else its nearest ancestor's, else the defaults in
 * src/domain/rating.ts. The rating, rectification and complaint repositories all read through here.
 */
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema.ts';
import { defaultQualitySettings, type QualitySettings } from '../domain/rating.ts';

export interface QualitySettingsRow extends QualitySettings {
  regionCode: string;
  updatedAt: Date;
}

/** The settings rows of the given regions (a region's chain of codes, or any set of codes). */
export async function qualitySettingsRows(db: Kysely<Tables>, codes: readonly string[]): Promise<QualitySettingsRow[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('quality_settings').selectAll().where('region_code', 'in', codes).execute();
  return rows.map((r) => ({
    regionCode: r.region_code,
    defaultRatingDays: r.default_rating_days,
    changeHours: r.change_hours,
    reportBackDays: r.report_back_days,
    rectifyDays: r.rectify_days,
    revisitDays: r.revisit_days,
    consultationDays: r.consultation_days,
    complaintDays: r.complaint_days,
    stepDays: r.step_days,
    updatedAt: r.updated_at,
  }));
}

/** The settings in force at a region path, and the region whose row they come from (`null`: the defaults). */
export async function effectiveQualitySettings(db: Kysely<Tables>, regionPath: string): Promise<{ settings: QualitySettings; from: string | null }> {
  const chain = regionPath.split('.');
  const rows = await qualitySettingsRows(db, chain);
  for (const code of [...chain].reverse()) {
    const row = rows.find((r) => r.regionCode === code);
    if (row) {
      const { regionCode, updatedAt: _at, ...settings } = row;
      return { settings, from: regionCode };
    }
  }
  return { settings: { ...defaultQualitySettings }, from: null };
}
