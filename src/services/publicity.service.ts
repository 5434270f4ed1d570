/**
 * 公示 (issue 16 §3, §6): a center's public page — the center, the items it takes, the approved
 * results of the items an administrator publishes (masked: see domain/publicity.ts), and twelve
 * months of figures from the rollups — and the per-item publication settings the catalog
 * administrators keep.
 */
import { chinaDate, chinaDayStart } from '../domain/china-time.ts';
import { AppError } from '../domain/errors.ts';
import { percent } from '../domain/quality-report.ts';
import { householdSizeOf, lastTwelveMonths, listCutoff, listedUntil, publishedHolder, type PublicationKind, type PublicationSetting } from '../domain/publicity.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import type { CatalogEntry, ItemPublication } from '../repositories/publicity.repository.ts';
import { assertMay, assertMayAnywhere, may, notFound, type Actor, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof PublicityService.repositories)[number];

export const resultsPageSize = 20;

export interface PublicCenter {
  id: string;
  name: string;
  level: string;
  regionCode: string;
  regionName: string;
  address: string;
  openingHours: string;
}

export interface PublishedLicence {
  itemCode: string;
  itemName: string;
  resultName: string;
  concludedOn: string;
  holder: string;
  place: string;
}

export interface ListedAssistance {
  itemCode: string;
  itemName: string;
  place: string;
  name: string;
  householdSize: number | null;
  concludedOn: string;
  listedUntil: string;
}

export interface MonthFigures {
  month: string;
  received: number;
  concluded: number;
  onTimeRate: number | null;
  zeroVisitRate: number | null;
  atMostOneVisitRate: number | null;
  ratings: number;
  satisfactionRate: number | null;
}

export interface CenterPublicity {
  center: PublicCenter;
  asOf: Date;
  catalog: (CatalogEntry & { publication: PublicationKind | null })[];
  licences: { items: PublishedLicence[]; nextBefore: string | null };
  assistance: ListedAssistance[];
  figures: MonthFigures[];
}

export interface PublicationSettingView extends PublicationSetting {
  implementationCode: string;
  name: string;
  departmentName: string;
  itemType: string;
  updatedAt: Date | null;
}

/** A page boundary: the last entry's conclusion instant and case id (`<ISO instant>_<uuid>`). */
function parseBefore(before: string | undefined): { at: Date; id: string } | undefined {
  if (!before) return undefined;
  const [at, id] = before.split('_');
  const when = new Date(at ?? '');
  if (!id || Number.isNaN(when.getTime())) throw new AppError('VALIDATION_FAILED', { zh: '翻页参数无效', en: 'Invalid page cursor' }, { field: 'before' });
  return { at: when, id };
}

export class PublicityService {
  static readonly repositories = ['publicity', 'org', 'catalog', 'hall', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /** The centers for the public picker: name, level, place and hours; nothing about staff. */
  async centers(): Promise<PublicCenter[]> {
    const [centers, regions] = await Promise.all([this.uow.read.org.listCenters(), this.uow.read.org.listRegions()]);
    const regionName = new Map(regions.map((r) => [r.code, r.name]));
    return centers.map((c) => ({ id: c.id, name: c.name, level: c.level, regionCode: c.regionCode, regionName: regionName.get(c.regionCode) ?? '', address: c.address, openingHours: c.openingHours }));
  }

  /** A center's public page; `before` pages the licences back from the previous page's `nextBefore`. */
  async centerPublicity(centerId: string, before?: string): Promise<CenterPublicity> {
    const cursor = parseBefore(before);
    const read = this.uow.read;
    const center = await read.org.findCenter(centerId);
    if (!center) throw notFound({ zh: '服务中心', en: 'Center' });
    const region = await read.org.findRegion(center.regionCode);
    const now = this.clock.now();
    // A center whose ticket classes name items takes those; otherwise its 综合窗口 take every item
    // of the departments of its region and above (无差别受理).
    const classes = await read.hall.listClasses(centerId);
    const named = [...new Set(classes.filter((c) => c.active).flatMap((c) => c.itemCodes))];
    const [catalog, settings, paths] = await Promise.all([read.publicity.centerCatalog(center.regionPath, named.length > 0 ? named : null), read.publicity.listSettings(), read.publicity.subtreePaths(center.regionPath)]);
    const served = new Set(catalog.map((c) => c.implementationCode));
    const published = new Map(settings.filter((s) => s.published && served.has(s.implementationCode)).map((s) => [s.implementationCode, s]));
    const licenceCodes = [...published.values()].filter((s) => s.kind === 'licence_granted').map((s) => s.implementationCode);
    const rows = await read.publicity.results({ paths, codes: licenceCodes, ...(cursor ? { before: cursor } : {}), limit: resultsPageSize + 1 });
    const page = rows.slice(0, resultsPageSize);
    const last = page.at(-1);
    const licences = {
      items: page.map((r) => ({ itemCode: r.itemCode, itemName: r.itemName, resultName: r.resultName, concludedOn: chinaDate(r.concludedAt), holder: publishedHolder(r.holderName, r.holderKind), place: r.regionName })),
      nextBefore: rows.length > resultsPageSize && last ? `${last.concludedAt.toISOString()}_${last.id}` : null,
    };
    const assistance = await this.assistance(
      paths,
      [...published.values()].filter((s) => s.kind === 'assistance_list'),
      now,
    );
    return {
      center: { id: center.id, name: center.name, level: center.level, regionCode: center.regionCode, regionName: region?.name ?? '', address: center.address, openingHours: center.openingHours },
      asOf: now,
      catalog: catalog.map((c) => ({ ...c, publication: published.get(c.implementationCode)?.kind ?? null })),
      licences,
      assistance,
      figures: await this.figures(paths, now),
    };
  }

  /**
   * The assistance lists in their period: each item's results concluded less than its period ago,
   * read by the same index bounded by the cutoff, so a list holds what a village notice board would.
   */
  private async assistance(paths: readonly string[], items: readonly ItemPublication[], now: Date): Promise<ListedAssistance[]> {
    const out: ListedAssistance[] = [];
    for (const item of items) {
      const period = item.periodDays ?? 7;
      // A list is short (a period's approvals in one area); 500 bounds the worst case.
      const rows = await this.uow.read.publicity.results({ paths, codes: [item.implementationCode], after: listCutoff(now, period), limit: 500 });
      for (const r of rows) {
        out.push({
          itemCode: r.itemCode,
          itemName: r.itemName,
          place: r.regionName,
          name: publishedHolder(r.holderName, 'person'),
          householdSize: householdSizeOf({ household_size: r.householdSize }),
          concludedOn: chinaDate(r.concludedAt),
          listedUntil: chinaDate(listedUntil(r.concludedAt, period)),
        });
      }
    }
    return out.sort((a, b) => b.concludedOn.localeCompare(a.concludedOn) || a.place.localeCompare(b.place, 'zh-CN'));
  }

  /** Twelve China months up to this one, from `case_stats` and the ratings' month range. */
  private async figures(paths: readonly string[], now: Date): Promise<MonthFigures[]> {
    const months = lastTwelveMonths(chinaDate(now).slice(0, 7));
    const first = `${months[0]}-01`;
    const [year, month] = months.at(-1)!.split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    const [rollup, ratings] = await Promise.all([this.uow.read.publicity.monthlyRollup(paths, first, next), this.uow.read.publicity.monthlyRatings(paths, chinaDayStart(first), chinaDayStart(next))]);
    const rollupOf = new Map(rollup.map((r) => [r.month, r]));
    const ratingsOf = new Map(ratings.map((r) => [r.month, r]));
    return months.map((m) => {
      const r = rollupOf.get(m);
      const q = ratingsOf.get(m);
      const concluded = r?.concluded ?? 0;
      return {
        month: m,
        received: r?.received ?? 0,
        concluded,
        onTimeRate: percent(r?.onTime ?? 0, concluded),
        zeroVisitRate: percent(r?.zeroVisit ?? 0, concluded),
        atMostOneVisitRate: percent(r?.atMostOneVisit ?? 0, concluded),
        ratings: q?.total ?? 0,
        satisfactionRate: percent(q?.satisfied ?? 0, q?.total ?? 0),
      };
    });
  }

  /** The publication setting of every published item the actor edits the catalog of. */
  async settings(actor: Actor): Promise<PublicationSettingView[]> {
    assertMayAnywhere(actor, 'catalog.edit');
    const [versions, departments, settings] = await Promise.all([this.uow.read.catalog.listPublished(), this.uow.read.org.listDepartments(), this.uow.read.publicity.listSettings()]);
    const department = new Map(departments.map((d) => [d.id, d]));
    const settingOf = new Map(settings.map((s) => [s.implementationCode, s]));
    return versions
      .filter((v) => may(actor, 'catalog.edit', { regionPath: department.get(v.departmentId)?.regionPath ?? '', departmentId: v.departmentId }))
      .map((v) => {
        const s = settingOf.get(v.implementationCode);
        return {
          implementationCode: v.implementationCode,
          name: v.content.name,
          departmentName: department.get(v.departmentId)?.name ?? '',
          itemType: v.content.itemType,
          published: s?.published ?? false,
          kind: s?.kind ?? 'licence_granted',
          periodDays: s?.periodDays ?? null,
          updatedAt: s?.updatedAt ?? null,
        };
      });
  }

  /** Sets whether and how an item's approved results are published; audited as item.publicity_set. */
  async saveSetting(options: WriteOptions, implementationCode: string, setting: PublicationSetting): Promise<PublicationSettingView> {
    if (setting.kind === 'licence_granted' && setting.periodDays !== null) {
      throw new AppError('VALIDATION_FAILED', { zh: '行政许可结果公示不设公示期', en: 'A licence publication has no period' }, { field: 'periodDays' });
    }
    if (setting.kind === 'assistance_list' && setting.periodDays === null) {
      throw new AppError('VALIDATION_FAILED', { zh: '救助对象公示须设公示天数', en: 'An assistance list needs its period in days' }, { field: 'periodDays' });
    }
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const version = await repos.catalog.findVersion(implementationCode, { status: 'published' });
      if (!version) throw notFound({ zh: '已发布的事项', en: 'Published item' });
      const department = await repos.org.findDepartment(version.departmentId);
      if (!department) throw notFound({ zh: '部门', en: 'Department' });
      const scope = { regionPath: department.regionPath, departmentId: department.id };
      assertMay(options.actor, 'catalog.edit', scope);
      await repos.publicity.saveSetting(version.itemId, setting, now, options.actor.kind === 'staff' ? options.actor.id : null);
      await record({ action: 'item.publicity_set', entityType: 'item', entityId: version.itemId, payload: { implementationCode, ...setting }, scope });
      return { implementationCode, name: version.content.name, departmentName: department.name, itemType: version.content.itemType, ...setting, updatedAt: now };
    });
  }
}
