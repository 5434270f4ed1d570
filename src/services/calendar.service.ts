/**
 * The working-day calendar of a region: the State Council's arrangements (package `chinese-days`,
 * 2004 onwards as published), years administrators entered themselves, and local overrides where
 * the most specific region wins.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppError } from '../domain/errors.ts';
import { addNaturalDays, addWorkingDays, isIsoDate, type CalendarData } from '../domain/calendar.ts';
import type { Repositories, UnitOfWork } from '../repositories/index.ts';
import type { CalendarOverride } from '../repositories/calendar.repository.ts';
import type { Region } from '../repositories/org.repository.ts';
import { assertMay, notFound, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof CalendarService.repositories)[number];

interface NationalCalendar {
  holidays: Set<string>;
  makeUpWorkdays: Set<string>;
  years: Set<number>;
}

let national: NationalCalendar | undefined;

/** The national arrangements shipped with `chinese-days` (read once). */
export function nationalCalendar(): NationalCalendar {
  if (!national) {
    const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
    const holidays = new Set(Object.keys(data.holidays));
    national = { holidays, makeUpWorkdays: new Set(Object.keys(data.workdays)), years: new Set([...holidays].map((d) => Number(d.slice(0, 4)))) };
  }
  return national;
}

export interface DueDateQuery {
  from: string;
  workingDays?: number;
  naturalDays?: number;
  regionCode?: string;
}

export class CalendarService {
  /** The repositories this service is given (`narrowUnitOfWork`), and the only ones it can reach. */
  static readonly repositories = ['calendar', 'org', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /**
   * The codes of a region and its ancestors, most general first. A region's path holds them
   * (`370000.370900.370982`), so one read of the region gives the whole chain; a code without a region
   * row can hold no overrides or years (they reference the region), so it matches nothing below.
   */
  private async regionChain(regionCode: string | undefined, repos: Pick<Repositories, 'calendar' | 'org'> = this.uow.read): Promise<string[]> {
    if (!regionCode) return [];
    const region = await repos.org.findRegion(regionCode);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    return region.path.split('.');
  }

  /**
   * The calendar as it applies in a region (national data only when no region is given). Inside a
   * write, pass the transaction's repositories: the embedded database has one connection.
   */
  async calendarFor(regionCode?: string, repos: Pick<Repositories, 'calendar' | 'org'> = this.uow.read): Promise<CalendarData> {
    return this.calendarOfChain(await this.regionChain(regionCode, repos), repos);
  }

  /** The calendar of a region the caller has already read (its path names the chain): two reads. */
  async calendarForRegion(region: Pick<Region, 'path'>, repos: Pick<Repositories, 'calendar' | 'org'> = this.uow.read): Promise<CalendarData> {
    return this.calendarOfChain(region.path.split('.'), repos);
  }

  /** Overrides of the most specific region win; `codes` runs from the most general to the region itself. */
  private async calendarOfChain(codes: readonly string[], repos: Pick<Repositories, 'calendar' | 'org'>): Promise<CalendarData> {
    const base = nationalCalendar();
    const depth = new Map(codes.map((code, index) => [code, index]));
    const overrides = new Map<string, { isWorkday: boolean; depth: number }>();
    for (const o of await repos.calendar.listOverrides(codes)) {
      const d = depth.get(o.regionCode) ?? 0;
      const seen = overrides.get(o.date);
      if (!seen || d > seen.depth) overrides.set(o.date, { isWorkday: o.isWorkday, depth: d });
    }
    const years = new Set(base.years);
    for (const y of await repos.calendar.listYears(codes)) years.add(y.year);
    return {
      holidays: base.holidays,
      makeUpWorkdays: base.makeUpWorkdays,
      knownYears: years,
      overrides: new Map([...overrides].map(([date, o]) => [date, o.isWorkday])),
    };
  }

  /**
   * The due date of a period starting after `from`.
   *
   * @example
   * await calendar.dueDate({ from: '2026-09-30', workingDays: 1 }); // '2026-10-08'
   */
  async dueDate(query: DueDateQuery): Promise<string> {
    if (!isIsoDate(query.from)) throw new AppError('VALIDATION_FAILED', { zh: '起算日期应为 YYYY-MM-DD 格式的有效日期', en: 'from must be a valid YYYY-MM-DD date' });
    if ((query.workingDays === undefined) === (query.naturalDays === undefined)) {
      throw new AppError('VALIDATION_FAILED', { zh: '请给出工作日天数或自然日天数中的一个', en: 'Give exactly one of workingDays and naturalDays' });
    }
    const calendar = await this.calendarFor(query.regionCode);
    return query.workingDays !== undefined ? addWorkingDays(calendar, query.from, query.workingDays) : addNaturalDays(calendar, query.from, query.naturalDays!);
  }

  async listOverrides(regionCode: string, year: number): Promise<{ overrides: CalendarOverride[]; knownYears: number[] }> {
    const codes = await this.regionChain(regionCode);
    const overrides = await this.uow.read.calendar.listOverrides(codes, year);
    const years = new Set(nationalCalendar().years);
    for (const y of await this.uow.read.calendar.listYears(codes)) years.add(y.year);
    return { overrides, knownYears: [...years].sort((a, b) => a - b) };
  }

  /** National holidays and make-up days of a year, for the calendar screen. */
  nationalDays(year: number): { holidays: string[]; makeUpWorkdays: string[] } {
    const base = nationalCalendar();
    const inYear = (d: string) => d.startsWith(`${year}-`);
    return { holidays: [...base.holidays].filter(inYear).sort(), makeUpWorkdays: [...base.makeUpWorkdays].filter(inYear).sort() };
  }

  async setOverride(options: WriteOptions, override: CalendarOverride): Promise<CalendarOverride> {
    if (!isIsoDate(override.date)) throw new AppError('VALIDATION_FAILED', { zh: '日期无效', en: 'Invalid date' });
    return performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const region = await repos.org.findRegion(override.regionCode);
      if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
      assertMay(options.actor, 'calendar.manage', { regionPath: region.path });
      await repos.calendar.upsertOverride(override, now);
      await record({ action: 'calendar.override_set', entityType: 'calendar', entityId: `${override.regionCode}:${override.date}`, payload: { ...override }, scope: { regionPath: region.path } });
      return override;
    });
  }

  async deleteOverride(options: WriteOptions, regionCode: string, date: string): Promise<void> {
    await performWrite(this.uow, this.clock, options, async ({ repos, record }) => {
      const region = await repos.org.findRegion(regionCode);
      if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
      assertMay(options.actor, 'calendar.manage', { regionPath: region.path });
      if (!(await repos.calendar.deleteOverride(regionCode, date))) throw notFound({ zh: '该日期的调整', en: 'Override' });
      await record({ action: 'calendar.override_removed', entityType: 'calendar', entityId: `${regionCode}:${date}`, scope: { regionPath: region.path } });
    });
  }

  /** Declares a year complete for a region, so counting may enter it. */
  async publishYear(options: WriteOptions, input: { regionCode: string; year: number; note: string }): Promise<void> {
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const region = await repos.org.findRegion(input.regionCode);
      if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
      assertMay(options.actor, 'calendar.manage', { regionPath: region.path });
      await repos.calendar.upsertYear(input, now);
      await record({ action: 'calendar.year_published', entityType: 'calendar', entityId: `${input.regionCode}:${input.year}`, payload: { note: input.note }, scope: { regionPath: region.path } });
    });
  }
}
