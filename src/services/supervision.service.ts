/**
 * Supervision (督查): the dashboards' figures from the rollups of migration 0025. The fold moves the
 * deltas each case change wrote into the rollups; the job runs it every few seconds and every read
 * of the figures runs it first, so a dashboard shows every change committed before it was asked.
 *
 * Every figure is read from a bounded number of rollup rows (a row per month of the period for the
 * region, per child region, department, item or cause): never from the cases, however many. Only
 * the cases behind a number are read from the cases, a page at a time by index (migration 0031).
 * Reach (permission supervision.read): the region asked for must lie in a grant's subtree; a grant
 * narrowed to departments sees those departments' rows only (the `department` dimension, and the
 * items of their catalog).
 */
import ExcelJS from 'exceljs';
import { chinaDate } from '../domain/china-time.ts';
import { AppError } from '../domain/errors.ts';
import { addCounts, emptyCounts, figuresOf, isMonth, maskName, monthBounds, type QualityCounts, type QualityFigures } from '../domain/quality-report.ts';
import { isWithinRegion } from '../domain/region.ts';
import { supervisionCounters, type DrillFigure, type DrillRow, type LiveFigures, type StatFilter, type SupervisionCounts } from '../repositories/supervision-stats.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from './actor.ts';
import { performWrite, type WriteOptions } from './write.ts';

type Uses = (typeof SupervisionService.repositories)[number];

/** The figures a target can be set for: shares in percent. */
export const targetFigures = ['zero_visit_rate', 'at_most_one_visit_rate', 'on_time_rate', 'instant_rate', 'satisfaction_rate', 'complaints_on_time_rate'] as const;
export type TargetFigure = (typeof targetFigures)[number];
export const targetFigureLabels: Record<TargetFigure, { zh: string; en: string }> = {
  zero_visit_rate: { zh: '零跑动率', en: 'Zero-visit share' },
  at_most_one_visit_rate: { zh: '最多跑一次率', en: 'At most one visit share' },
  on_time_rate: { zh: '按时办结率', en: 'On-time share' },
  instant_rate: { zh: '即办率', en: 'Instant share' },
  satisfaction_rate: { zh: '好差评满意率', en: 'Satisfaction' },
  complaints_on_time_rate: { zh: '投诉按时办结率', en: 'Complaints closed on time' },
};

/** A period's case figures: counts, shares in percent (one decimal, null when nothing to divide) and averages. */
export interface CaseFigures {
  received: number;
  concluded: number;
  approved: number;
  onTime: number;
  late: number;
  instant: number;
  zeroVisit: number;
  atMostOneVisit: number;
  extraVisits: number;
  onTimeRate: number | null;
  zeroVisitRate: number | null;
  atMostOneVisitRate: number | null;
  instantRate: number | null;
  /** Average working days taken, promised and allowed by law (cases with a working-day limit and a recorded duration). */
  avgDays: number | null;
  avgPromisedDays: number | null;
  avgStatutoryDays: number | null;
  corrections: number;
  filingsFiled: number;
  filingsReceived: number;
  filingsReceivedLate: number;
  filingsReviewed: number;
  filingsIncorrect: number;
}

export interface LiveView {
  running: number;
  yellow: number;
  red: number;
  /** Days the longest-overdue red case is past its due date (null: none). */
  longestOverdueDays: number | null;
  deferred: number;
  deferredOverdue: number;
}

export interface TargetView {
  figure: TargetFigure;
  target: number;
  /** The region whose target applies (the nearest ancestor that set one). */
  regionCode: string;
  regionName: string;
  actual: number | null;
  /** actual − target in percentage points (null: no actual). */
  gap: number | null;
}

export interface RegionRef {
  code: string;
  name: string;
  level: string;
}

export interface Overview {
  region: RegionRef;
  /** From the caller's highest reachable region down to this one (the breadcrumb). */
  trail: RegionRef[];
  children: RegionRef[];
  from: string;
  to: string;
  departmentId: string | null;
  narrowed: boolean;
  totals: CaseFigures;
  trend: { month: string; figures: CaseFigures }[];
  live: LiveView;
  quality: { ratings: number; satisfactionRate: number | null; bad: number; complaints: number; complaintsClosed: number; complaintsOnTimeRate: number | null; complaintsOverdueOpen: number };
  targets: TargetView[];
  asOf: Date;
}

export type BreakdownBy = 'region' | 'department' | 'item' | 'cause';
export interface BreakdownRow {
  /** Region code, department id, item basic code or cause; '' for the region's own cases, '*' for the rest of the items. */
  key: string;
  label: string;
  kind: 'row' | 'own' | 'rest';
  figures: CaseFigures;
  live: LiveView | null;
}
export interface Breakdown {
  by: BreakdownBy;
  rows: BreakdownRow[];
}

export interface DrillPage {
  items: (Omit<DrillRow, 'applicantName' | 'departmentId'> & { applicantName: string; departmentId: string })[];
  next: string | null;
}

export interface PeriodQuery {
  region?: string | undefined;
  from: string;
  to: string;
  department?: string | undefined;
}

/** Items beyond the busiest shown one by one are summed into one row. */
const topItems = 30;
const ownRowLabel = '本级直接办理';
const restLabel = '其他事项';
const maxMonths = 36;

function percent(part: number, whole: number): number | null {
  return whole <= 0 ? null : Math.round((part * 1000) / whole) / 10;
}
function average(sum: number, n: number): number | null {
  return n <= 0 ? null : Math.round((sum * 10) / n) / 10;
}

export function caseFigures(c: SupervisionCounts): CaseFigures {
  return {
    received: c.received,
    concluded: c.concluded,
    approved: c.approved,
    onTime: c.on_time,
    late: c.concluded - c.on_time,
    instant: c.instant,
    zeroVisit: c.zero_visit,
    atMostOneVisit: c.at_most_one_visit,
    extraVisits: c.extra_visits,
    onTimeRate: percent(c.on_time, c.concluded),
    zeroVisitRate: percent(c.zero_visit, c.concluded),
    atMostOneVisitRate: percent(c.at_most_one_visit, c.concluded),
    instantRate: percent(c.instant, c.concluded),
    avgDays: average(c.working_days, c.timed),
    avgPromisedDays: average(c.promised_days, c.timed),
    avgStatutoryDays: average(c.statutory_days, c.statutory_timed),
    corrections: c.corrections,
    filingsFiled: c.filings_filed,
    filingsReceived: c.filings_received,
    filingsReceivedLate: c.filings_received_late,
    filingsReviewed: c.filings_reviewed,
    filingsIncorrect: c.filings_incorrect,
  };
}

const zero = (): SupervisionCounts => Object.fromEntries(supervisionCounters.map((c) => [c, 0])) as SupervisionCounts;
const add = (a: SupervisionCounts, b: SupervisionCounts): SupervisionCounts => Object.fromEntries(supervisionCounters.map((c) => [c, a[c] + b[c]])) as SupervisionCounts;
const sub = (a: SupervisionCounts, b: SupervisionCounts): SupervisionCounts => Object.fromEntries(supervisionCounters.map((c) => [c, a[c] - b[c]])) as SupervisionCounts;

const noLive: LiveFigures = { running: 0, yellow: 0, red: 0, earliestRedDue: null, deferred: 0, deferredOverdue: 0 };
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
function liveView(l: LiveFigures | undefined, today: string): LiveView {
  const v = l ?? noLive;
  const longest = v.earliestRedDue === null || v.earliestRedDue >= today ? null : daysBetween(v.earliestRedDue, today);
  return { running: v.running, yellow: v.yellow, red: v.red, longestOverdueDays: longest, deferred: v.deferred, deferredOverdue: v.deferredOverdue };
}
function liveMinus(a: LiveFigures | undefined, children: Iterable<LiveFigures>): LiveFigures {
  const r = { ...(a ?? noLive) };
  for (const c of children) {
    r.running -= c.running;
    r.yellow -= c.yellow;
    r.red -= c.red;
    r.deferred -= c.deferred;
    r.deferredOverdue -= c.deferredOverdue;
  }
  // The own cases' earliest due date cannot be told from the totals; the region's one is an upper bound on lateness.
  if (r.red <= 0) r.earliestRedDue = null;
  return r;
}

function badPeriod(): AppError {
  return new AppError('VALIDATION_FAILED', { zh: `统计期间应为 YYYY-MM 至 YYYY-MM,起不晚于止,最长 ${maxMonths} 个月`, en: `The period must be YYYY-MM to YYYY-MM, from not after to, at most ${maxMonths} months` }, { field: 'from' });
}

function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= to || out.length > maxMonths) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

interface Reach {
  region: { code: string; name: string; level: string; path: string };
  /** Undefined: every department; else only these. */
  departmentIds: readonly string[] | undefined;
  filter: StatFilter;
  topPath: string;
  from: string;
  to: string;
  fromDay: string;
  toDay: string;
  months: string[];
  today: string;
}

export class SupervisionService {
  static readonly repositories = ['supervision', 'org', 'qualityReports', 'audit'] as const;

  private readonly uow: UnitOfWork<Uses>;
  readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /**
   * Folds pending deltas into the rollups, a batch per transaction, until none is left or another
   * process is folding (it holds the lock and will take the rest). Returns how many were moved.
   */
  async fold(batch = 20_000): Promise<number> {
    let moved = 0;
    for (;;) {
      const n = await this.uow.transaction((repos) => repos.supervision.fold(batch));
      moved += n;
      if (n < batch) return moved;
    }
  }

  /** The region's region, period, department narrowing and today, checked against the caller's grants. */
  private async reach(actor: Actor, q: PeriodQuery): Promise<Reach> {
    assertMayAnywhere(actor, 'supervision.read');
    if (!isMonth(q.from) || !isMonth(q.to) || q.from > q.to) throw badPeriod();
    const months = monthsOf(q.from, q.to);
    if (months.length > maxMonths) throw badPeriod();
    const scopes = scopesFor(actor, 'supervision.read');
    const org = this.uow.read.org;
    let code = q.region;
    if (!code) {
      if (scopes === 'all') throw new AppError('VALIDATION_FAILED', { zh: '请指定行政区划', en: 'Name the region' }, { field: 'region' });
      const first = scopes.find((s) => s.departmentId === null) ?? scopes[0]!;
      code = first.regionPath.split('.').at(-1)!;
    }
    const region = await org.findRegion(code);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    let departmentIds: readonly string[] | undefined;
    let topPath = region.path.split('.')[0]!;
    if (scopes !== 'all') {
      const covering = scopes.filter((s) => isWithinRegion(region.path, s.regionPath));
      if (covering.length === 0) throw forbidden('supervision.read');
      topPath = covering.map((s) => s.regionPath).sort((a, b) => a.length - b.length)[0]!;
      if (!covering.some((s) => s.departmentId === null)) departmentIds = [...new Set(covering.map((s) => s.departmentId!))];
    }
    if (q.department) {
      if (departmentIds !== undefined && !departmentIds.includes(q.department)) throw forbidden('supervision.read');
      if (!(await org.findDepartment(q.department))) throw notFound({ zh: '部门', en: 'Department' });
      departmentIds = [q.department];
    }
    const filter: StatFilter = departmentIds === undefined ? { dim: 'all' } : { dim: 'department', keys: departmentIds };
    return {
      region: { code: region.code, name: region.name, level: region.level, path: region.path },
      departmentIds,
      filter,
      topPath,
      from: q.from,
      to: q.to,
      fromDay: `${q.from}-01`,
      toDay: `${q.to}-01`,
      months,
      today: chinaDate(this.clock.now()),
    };
  }

  async overview(actor: Actor, q: PeriodQuery): Promise<Overview> {
    await this.fold();
    const r = await this.reach(actor, q);
    const repo = this.uow.read.supervision;
    const [monthly, live, ancestors, childRegions] = await Promise.all([
      repo.monthly(r.region.path, r.filter, r.fromDay, r.toDay),
      repo.live(r.region.path, 'own', r.filter, r.today),
      repo.lineage(r.region.path),
      repo.childRegions(r.region.code),
    ]);
    const byMonth = new Map(monthly.map((m) => [m.month, m.counts]));
    let total = zero();
    for (const m of monthly) total = add(total, m.counts);
    const totals = caseFigures(total);
    const quality = await this.quality(r);
    const liveNow = liveView(live.get(''), r.today);
    const trail = ancestors.filter((x) => isWithinRegion(x.path, r.topPath)).map((x) => ({ code: x.code, name: x.name, level: x.level }));
    const children = childRegions.map((x) => ({ code: x.code, name: x.name, level: x.level }));
    const actuals: Record<TargetFigure, number | null> = {
      zero_visit_rate: totals.zeroVisitRate,
      at_most_one_visit_rate: totals.atMostOneVisitRate,
      on_time_rate: totals.onTimeRate,
      instant_rate: totals.instantRate,
      satisfaction_rate: quality.satisfactionRate,
      complaints_on_time_rate: quality.complaintsOnTimeRate,
    };
    const targets = (await this.applicableTargets(ancestors)).map((t) => ({ ...t, actual: actuals[t.figure], gap: actuals[t.figure] === null ? null : Math.round((actuals[t.figure]! - t.target) * 10) / 10 }));
    return {
      region: { code: r.region.code, name: r.region.name, level: r.region.level },
      trail,
      children,
      from: r.from,
      to: r.to,
      departmentId: q.department ?? null,
      narrowed: r.departmentIds !== undefined,
      totals,
      trend: r.months.map((month) => ({ month, figures: caseFigures(byMonth.get(month) ?? zero()) })),
      live: liveNow,
      quality,
      targets,
      asOf: this.clock.now(),
    };
  }

  /** Ratings and complaints of the period: the 好差评 report's counts (issue 15), a month at a time. */
  private async quality(r: Reach): Promise<Overview['quality']> {
    const now = this.clock.now();
    let counts: QualityCounts = emptyCounts();
    for (const month of r.months) {
      const { from, to } = monthBounds(month);
      const byDepartment = await this.uow.read.qualityReports.monthCounts({ regionPath: r.region.path, from, to, now, today: r.today, ...(r.departmentIds ? { departmentIds: r.departmentIds } : {}) });
      for (const c of byDepartment.values()) counts = addCounts(counts, c);
    }
    const f: QualityFigures = figuresOf(counts);
    return {
      ratings: f.total,
      satisfactionRate: f.satisfactionRate,
      bad: f.bad,
      complaints: f.complaintsTotal,
      complaintsClosed: f.complaintsClosed,
      complaintsOnTimeRate: f.complaintsClosedOnTimeRate,
      complaintsOverdueOpen: f.complaintsOverdueOpen,
    };
  }

  /** For each figure, the target of the nearest region (itself first, then up) that set one. */
  private async applicableTargets(ancestors: readonly { code: string; name: string; path: string }[]): Promise<Omit<TargetView, 'actual' | 'gap'>[]> {
    const set = await this.uow.read.supervision.targets(ancestors.map((a) => a.code));
    const out: Omit<TargetView, 'actual' | 'gap'>[] = [];
    for (const figure of targetFigures) {
      for (const a of [...ancestors].reverse()) {
        const t = set.find((x) => x.figure === figure && x.regionCode === a.code);
        if (t) {
          out.push({ figure, target: t.target, regionCode: a.code, regionName: a.name });
          break;
        }
      }
    }
    return out;
  }

  async breakdown(actor: Actor, q: PeriodQuery & { by: BreakdownBy }): Promise<Breakdown> {
    await this.fold();
    const r = await this.reach(actor, q);
    const repo = this.uow.read.supervision;
    if (q.by === 'region') {
      const [own, children, liveOwn, liveChildren] = await Promise.all([
        repo.monthly(r.region.path, r.filter, r.fromDay, r.toDay),
        repo.children(r.region.path, r.filter, r.fromDay, r.toDay),
        repo.live(r.region.path, 'own', r.filter, r.today),
        repo.live(r.region.path, 'children', r.filter, r.today),
      ]);
      const total = own.reduce((a, m) => add(a, m.counts), zero());
      const childSum = children.reduce((a, c) => add(a, c.counts), zero());
      const rows: BreakdownRow[] = children.map((c) => ({ key: c.key.split('.').at(-1)!, label: c.label, kind: 'row', figures: caseFigures(c.counts), live: liveView(liveChildren.get(c.key), r.today) }));
      // Live children with nothing in the period still show (open cases received earlier).
      const names = [...liveChildren.keys()].some((path) => !children.some((c) => c.key === path)) ? await repo.childRegions(r.region.code) : [];
      for (const [path, l] of liveChildren) {
        if (!children.some((c) => c.key === path)) {
          const region = names.find((x) => x.path === path);
          rows.push({ key: path.split('.').at(-1)!, label: region?.name ?? path, kind: 'row', figures: caseFigures(zero()), live: liveView(l, r.today) });
        }
      }
      rows.sort((a, b) => a.key.localeCompare(b.key));
      const ownCounts = sub(total, childSum);
      const ownLive = liveMinus(liveOwn.get(''), liveChildren.values());
      if (supervisionCounters.some((c) => ownCounts[c] !== 0) || ownLive.running + ownLive.deferred + ownLive.yellow + ownLive.red !== 0) {
        rows.unshift({ key: '', label: ownRowLabel, kind: 'own', figures: caseFigures(ownCounts), live: { ...liveView(ownLive, r.today), longestOverdueDays: null } });
      }
      return { by: 'region', rows };
    }
    if (q.by === 'department') {
      const [stats, live, departments] = await Promise.all([
        repo.byKey(r.region.path, 'department', r.departmentIds, r.fromDay, r.toDay),
        repo.live(r.region.path, 'department', r.filter, r.today, r.departmentIds),
        this.uow.read.org.listDepartments(),
      ]);
      const keys = [...new Set([...stats.map((s) => s.key), ...live.keys()])];
      const name = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
      const rows: BreakdownRow[] = keys.map((key) => ({ key, label: name(key), kind: 'row', figures: caseFigures(stats.find((s) => s.key === key)?.counts ?? zero()), live: liveView(live.get(key), r.today) }));
      rows.sort((a, b) => b.figures.received - a.figures.received || a.label.localeCompare(b.label, 'zh-CN'));
      return { by: 'department', rows };
    }
    if (q.by === 'item') {
      const keys = r.departmentIds === undefined ? undefined : await repo.departmentItemKeys(r.departmentIds);
      const [stats, live] = await Promise.all([repo.byKey(r.region.path, 'item', keys, r.fromDay, r.toDay), repo.live(r.region.path, 'item', r.filter, r.today, keys)]);
      const all = [...new Set([...stats.map((s) => s.key), ...live.keys()])].map((key) => {
        const s = stats.find((x) => x.key === key);
        return { key, label: s?.label ?? key, counts: s?.counts ?? zero(), live: live.get(key) };
      });
      all.sort((a, b) => b.counts.received - a.counts.received || b.counts.corrections - a.counts.corrections || a.key.localeCompare(b.key));
      const rows: BreakdownRow[] = all.slice(0, topItems).map((x) => ({ key: x.key, label: x.label, kind: 'row', figures: caseFigures(x.counts), live: liveView(x.live, r.today) }));
      const rest = all.slice(topItems);
      if (rest.length > 0) {
        const counts = rest.reduce((a, x) => add(a, x.counts), zero());
        const l = rest.reduce<LiveFigures>(
          (a, x) =>
            x.live
              ? {
                  running: a.running + x.live.running,
                  yellow: a.yellow + x.live.yellow,
                  red: a.red + x.live.red,
                  earliestRedDue: [a.earliestRedDue, x.live.earliestRedDue].filter((d): d is string => d !== null).sort()[0] ?? null,
                  deferred: a.deferred + x.live.deferred,
                  deferredOverdue: a.deferredOverdue + x.live.deferredOverdue,
                }
              : a,
          noLive,
        );
        rows.push({ key: '*', label: `${restLabel}(${rest.length} 项)`, kind: 'rest', figures: caseFigures(counts), live: liveView(l, r.today) });
      }
      return { by: 'item', rows };
    }
    // Causes are kept per region only (no department): a narrowed caller sees none rather than others'.
    const causes = r.departmentIds === undefined ? await repo.byKey(r.region.path, 'cause', undefined, r.fromDay, r.toDay) : [];
    const rows: BreakdownRow[] = causes
      .map((c) => ({ key: c.key, label: c.key, kind: 'row' as const, figures: caseFigures(c.counts), live: null }))
      .sort((a, b) => b.figures.extraVisits - a.figures.extraVisits || a.key.localeCompare(b.key));
    return { by: 'cause', rows };
  }

  /** The cases behind a number: 50 a page, applicant names masked, no ID numbers. */
  async cases(actor: Actor, q: PeriodQuery & { figure: DrillFigure; item?: string | undefined; cursor?: string | undefined }): Promise<DrillPage> {
    const r = await this.reach(actor, q);
    let cursor: { at: string; tie: string } | undefined;
    if (q.cursor) {
      try {
        const parsed = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as unknown;
        if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(parsed[0])) throw new Error('shape');
        cursor = { at: parsed[0], tie: parsed[1] };
      } catch {
        throw new AppError('VALIDATION_FAILED', { zh: '翻页游标无效', en: 'The page cursor is not valid' }, { field: 'cursor' });
      }
    }
    const page = await this.uow.read.supervision.cases({
      regionPath: r.region.path,
      figure: q.figure,
      from: monthBounds(r.from).from,
      to: monthBounds(r.to).to,
      today: r.today,
      ...(r.departmentIds ? { departmentIds: r.departmentIds } : {}),
      ...(q.item ? { itemKey: q.item } : {}),
      ...(cursor ? { cursor } : {}),
      limit: 50,
    });
    return {
      items: page.rows.map((row) => ({ ...row, applicantName: maskName(row.applicantName, [...row.applicantName].length > 4 ? 'organisation' : 'person') })),
      next: page.next === null ? null : Buffer.from(page.next, 'utf8').toString('base64url'),
    };
  }

  /** The targets that apply to a region (own or inherited) and those set on it. */
  async targets(actor: Actor, regionCode: string | undefined): Promise<{ region: RegionRef; targets: (Omit<TargetView, 'actual' | 'gap'> & { own: boolean })[] }> {
    const month = chinaDate(this.clock.now()).slice(0, 7);
    const r = await this.reach(actor, { region: regionCode, from: month, to: month });
    const ancestors = await this.uow.read.supervision.lineage(r.region.path);
    const applicable = await this.applicableTargets(ancestors);
    return { region: { code: r.region.code, name: r.region.name, level: r.region.level }, targets: applicable.map((t) => ({ ...t, own: t.regionCode === r.region.code })) };
  }

  /** Sets a region's targets (null removes one, so the ancestor's applies again): a supervisor of the region (every department) or an admin. */
  async setTargets(options: WriteOptions, regionCode: string, input: Partial<Record<TargetFigure, number | null>>): Promise<void> {
    const { actor } = options;
    assertMayAnywhere(actor, 'supervision.target');
    const region = await this.uow.read.org.findRegion(regionCode);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    const scopes = scopesFor(actor, 'supervision.target');
    if (scopes !== 'all' && !scopes.some((s) => s.departmentId === null && isWithinRegion(region.path, s.regionPath))) throw forbidden('supervision.target');
    await performWrite(this.uow, this.clock, options, async ({ repos, now, record }) => {
      const changed: Record<string, number | null> = {};
      for (const figure of targetFigures) {
        if (!(figure in input)) continue;
        const value = input[figure] ?? null;
        await repos.supervision.setTarget(region.code, figure, value, actor.kind === 'staff' ? actor.id : null, now);
        changed[figure] = value;
      }
      await record({ action: 'supervision.targets', entityType: 'region', entityId: region.code, payload: { targets: changed }, scope: { regionPath: region.path, departmentId: null } });
    });
  }

  /** Every table of the dashboard in one workbook, a sheet each, Chinese headers. */
  async workbook(actor: Actor, q: PeriodQuery): Promise<{ file: Buffer; overview: Overview }> {
    const overview = await this.overview(actor, q);
    const regions = await this.breakdown(actor, { ...q, by: 'region' });
    const departments = await this.breakdown(actor, { ...q, by: 'department' });
    const items = await this.breakdown(actor, { ...q, by: 'item' });
    const causes = await this.breakdown(actor, { ...q, by: 'cause' });
    const wb = new ExcelJS.Workbook();
    wb.creator = 'OneWindow 一窗通';
    wb.created = overview.asOf;
    const title = `${overview.region.name} ${overview.from} 至 ${overview.to}${overview.narrowed ? '(仅含授权部门)' : ''}`;
    const s0 = wb.addWorksheet('总览');
    s0.addRow([`${title} 督查总览`]).font = { bold: true };
    s0.addRow(['统计时间', chinaDate(overview.asOf)]);
    s0.addRow(['指标', '数值', '目标', '差距(百分点)']).font = { bold: true };
    const targetOf = (f: TargetFigure) => overview.targets.find((t) => t.figure === f);
    const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
    const line = (label: string, value: number | string | null, figure?: TargetFigure) => {
      const t = figure ? targetOf(figure) : undefined;
      s0.addRow([label, value ?? '—', t ? `${t.target}%` : '', t?.gap ?? '']);
    };
    const t = overview.totals;
    line('受理件数', t.received);
    line('办结件数', t.concluded);
    line('零跑动率', pct(t.zeroVisitRate), 'zero_visit_rate');
    line('最多跑一次率', pct(t.atMostOneVisitRate), 'at_most_one_visit_rate');
    line('即办率', pct(t.instantRate), 'instant_rate');
    line('按时办结率', pct(t.onTimeRate), 'on_time_rate');
    line('平均办理工作日', t.avgDays);
    line('平均承诺时限(工作日)', t.avgPromisedDays);
    line('平均法定时限(工作日)', t.avgStatutoryDays);
    line('一次性告知补正', t.corrections);
    line('备案提交', t.filingsFiled);
    line('备案接收', t.filingsReceived);
    line('其中逾期接收', t.filingsReceivedLate);
    line('卷宗评查', t.filingsReviewed);
    line('其中评查不合格', t.filingsIncorrect);
    line('在办件', overview.live.running);
    line('黄牌预警', overview.live.yellow);
    line('红牌超期', overview.live.red);
    line('最长超期天数', overview.live.longestOverdueDays);
    line('容缺材料待补', overview.live.deferred);
    line('其中逾期未补', overview.live.deferredOverdue);
    line('评价数', overview.quality.ratings);
    line('好差评满意率', pct(overview.quality.satisfactionRate), 'satisfaction_rate');
    line('差评数', overview.quality.bad);
    line('投诉咨询件数', overview.quality.complaints);
    line('投诉按时办结率', pct(overview.quality.complaintsOnTimeRate), 'complaints_on_time_rate');
    s0.getColumn(1).width = 26;
    s0.addRow([]);
    s0.addRow(['月份', '受理', '办结', '零跑动率', '最多跑一次率', '即办率', '按时办结率', '平均办理工作日']).font = { bold: true };
    for (const m of overview.trend)
      s0.addRow([m.month, m.figures.received, m.figures.concluded, pct(m.figures.zeroVisitRate), pct(m.figures.atMostOneVisitRate), pct(m.figures.instantRate), pct(m.figures.onTimeRate), m.figures.avgDays ?? '—']);
    const headers = ['受理', '办结', '零跑动率', '最多跑一次率', '即办率', '按时办结率', '超期办结', '多跑次数', '平均办理工作日', '平均承诺时限', '平均法定时限', '补正', '备案', '评查不合格'];
    const values = (f: CaseFigures) => [
      f.received,
      f.concluded,
      pct(f.zeroVisitRate),
      pct(f.atMostOneVisitRate),
      pct(f.instantRate),
      pct(f.onTimeRate),
      f.late,
      f.extraVisits,
      f.avgDays ?? '—',
      f.avgPromisedDays ?? '—',
      f.avgStatutoryDays ?? '—',
      f.corrections,
      f.filingsFiled,
      f.filingsIncorrect,
    ];
    const liveHeaders = ['在办', '黄牌', '红牌', '最长超期天数', '容缺待补', '容缺逾期'];
    const liveValues = (l: LiveView | null) => (l ? [l.running, l.yellow, l.red, l.longestOverdueDays ?? '—', l.deferred, l.deferredOverdue] : []);
    const table = (name: string, first: string, b: Breakdown, withLive: boolean) => {
      const sheet = wb.addWorksheet(name);
      sheet.addRow([title]);
      sheet.addRow([first, ...headers, ...(withLive ? liveHeaders : [])]).font = { bold: true };
      for (const row of b.rows) sheet.addRow([row.label, ...values(row.figures), ...(withLive ? liveValues(row.live) : [])]);
      sheet.getColumn(1).width = 30;
      sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];
    };
    table('按下级区划', '区划', regions, true);
    table('按部门', '部门', departments, true);
    table('按事项', '事项', items, true);
    const sc = wb.addWorksheet('多跑原因');
    sc.addRow([title]);
    sc.addRow(['原因', '多跑次数']).font = { bold: true };
    for (const row of causes.rows) sc.addRow([row.label, row.figures.extraVisits]);
    sc.getColumn(1).width = 40;
    const sl = wb.addWorksheet('在办预警');
    sl.addRow([title]);
    sl.addRow(['范围', ...liveHeaders]).font = { bold: true };
    sl.addRow([overview.region.name, ...liveValues(overview.live)]);
    for (const row of regions.rows) sl.addRow([row.label, ...liveValues(row.live)]);
    for (const row of departments.rows) sl.addRow([row.label, ...liveValues(row.live)]);
    sl.getColumn(1).width = 30;
    return { file: Buffer.from(await wb.xlsx.writeBuffer()), overview };
  }
}
