/**
 * 好差评 publication (issue 15 §4): the monthly figures of a region subtree (a center's area) per
 * department, for the public page (no sign-in, nothing personal), the staff report and its Excel
 * export (permission quality.report, narrowed to the grant's region and department), and the upward
 * report file in the province's data items. Reads only: nothing here writes.
 */
import ExcelJS from 'exceljs';
import { chinaDate } from '../domain/china-time.ts';
import { AppError } from '../domain/errors.ts';
import { isWithinRegion } from '../domain/region.ts';
import { ratingLevelLabels, ratingLevels } from '../domain/rating.ts';
import { addCounts, emptyCounts, figureDefinitions, figuresOf, isMonth, monthBounds, regionCode12, toUpwardRecord, type QualityFigures, type UpwardRecord } from '../domain/quality-report.ts';
import type { MonthScope } from '../repositories/quality-report.repository.ts';
import type { UnitOfWork } from '../repositories/index.ts';
import { assertMayAnywhere, forbidden, notFound, scopesFor, type Actor, type Clock } from './actor.ts';

type Uses = (typeof QualityReportService.repositories)[number];

export interface DepartmentFigures {
  /** null: ratings and complaints of no department (the hall's own). */
  departmentId: string | null;
  name: string;
  figures: QualityFigures;
}

export interface QualityReport {
  region: { code: string; name: string; code12: string };
  month: string;
  /** When the figures were read (late and overdue counts depend on it). */
  asOf: Date;
  totals: QualityFigures;
  departments: DepartmentFigures[];
  /** Whether the figures are narrowed to the caller's departments. */
  narrowed: boolean;
}

const noDepartment = '中心直接受理(未分部门)';

function badMonth(): AppError {
  return new AppError('VALIDATION_FAILED', { zh: '月份应为 YYYY-MM 格式', en: 'The month must be YYYY-MM' }, { field: 'month' });
}

export class QualityReportService {
  static readonly repositories = ['qualityReports', 'org'] as const;

  private readonly uow: UnitOfWork<Uses>;
  private readonly clock: Clock;

  constructor(options: { uow: UnitOfWork<Uses>; clock: Clock }) {
    this.uow = options.uow;
    this.clock = options.clock;
  }

  /** The public page's figures: a region subtree's month, per department; no sign-in, nothing personal (counts only). */
  async publicFigures(regionCode: string, month: string): Promise<QualityReport> {
    return this.build(regionCode, month, undefined);
  }

  /** The staff report: the caller's grants of quality.report must cover the region; a grant narrowed to departments sees only theirs. */
  async report(actor: Actor, regionCode: string | undefined, month: string): Promise<QualityReport> {
    const { code, departmentIds } = await this.reach(actor, regionCode);
    return this.build(code, month, departmentIds);
  }

  /** The report as an .xlsx: 按部门 (the table with a total row) and 说明 (each figure's definition). */
  async workbook(actor: Actor, regionCode: string | undefined, month: string): Promise<{ file: Buffer; report: QualityReport }> {
    const report = await this.report(actor, regionCode, month);
    return { file: await reportWorkbook(report), report };
  }

  /** The upward report: the month's ratings (upheld appeals left out) in the province's data items, identity masked. */
  async upward(actor: Actor, regionCode: string | undefined, month: string): Promise<{ region: { code: string; name: string }; month: string; records: UpwardRecord[] }> {
    if (!isMonth(month)) throw badMonth();
    const { code, departmentIds } = await this.reach(actor, regionCode);
    const region = await this.region(code);
    const sources = await this.uow.read.qualityReports.upwardSources(this.scope(region.path, month, departmentIds));
    return { region: { code: region.code, name: region.name }, month, records: sources.map(toUpwardRecord) };
  }

  private async region(code: string) {
    const region = await this.uow.read.org.findRegion(code);
    if (!region) throw notFound({ zh: '行政区划', en: 'Region' });
    return region;
  }

  private scope(regionPath: string, month: string, departmentIds: readonly string[] | undefined): MonthScope {
    const now = this.clock.now();
    const { from, to } = monthBounds(month);
    return { regionPath, from, to, now, today: chinaDate(now), ...(departmentIds ? { departmentIds } : {}) };
  }

  /** The region asked for (else the caller's first) and the departments the caller's covering grants allow. */
  private async reach(actor: Actor, regionCode: string | undefined): Promise<{ code: string; departmentIds: readonly string[] | undefined }> {
    assertMayAnywhere(actor, 'quality.report');
    const scopes = scopesFor(actor, 'quality.report');
    if (scopes === 'all') {
      if (!regionCode) throw new AppError('VALIDATION_FAILED', { zh: '请指定行政区划', en: 'Name the region' }, { field: 'region' });
      return { code: regionCode, departmentIds: undefined };
    }
    const first = scopes.find((s) => s.departmentId === null) ?? scopes[0]!;
    const code = regionCode ?? first.regionPath.split('.').at(-1)!;
    const region = await this.region(code);
    const covering = scopes.filter((s) => isWithinRegion(region.path, s.regionPath));
    if (covering.length === 0) throw forbidden('quality.report');
    if (covering.some((s) => s.departmentId === null)) return { code, departmentIds: undefined };
    return { code, departmentIds: [...new Set(covering.map((s) => s.departmentId!))] };
  }

  private async build(regionCode: string, month: string, departmentIds: readonly string[] | undefined): Promise<QualityReport> {
    if (!isMonth(month)) throw badMonth();
    const region = await this.region(regionCode);
    const scope = this.scope(region.path, month, departmentIds);
    const repo = this.uow.read.qualityReports;
    const counts = await repo.monthCounts(scope);
    const ids = [...new Set([...counts.keys(), ...(departmentIds ?? [])].filter((id): id is string => id !== null))];
    const names = await repo.departments(ids);
    let total = emptyCounts();
    for (const c of counts.values()) total = addCounts(total, c);
    const departments: DepartmentFigures[] = ids
      .map((id) => ({ departmentId: id as string | null, name: names.get(id)?.name ?? id, figures: figuresOf(counts.get(id) ?? emptyCounts()) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const none = counts.get(null);
    if (none) departments.push({ departmentId: null, name: noDepartment, figures: figuresOf(none) });
    return { region: { code: region.code, name: region.name, code12: regionCode12(region.code) }, month, asOf: scope.now, totals: figuresOf(total), departments, narrowed: departmentIds !== undefined };
  }
}

const rate = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)}%`);

/** The table's columns: header and value, the same on the page, in Excel and in the text. */
export const reportColumns: readonly { header: string; value: (f: QualityFigures) => number | string }[] = [
  ...ratingLevels.map((level) => ({ header: ratingLevelLabels[level].zh, value: (f: QualityFigures) => f.levels[level] })),
  { header: '评价总数', value: (f) => f.total },
  { header: '满意率', value: (f) => rate(f.satisfactionRate) },
  { header: '差评数', value: (f) => f.bad },
  { header: '其中默认评价', value: (f) => f.defaults },
  { header: '申诉成立(不计入)', value: (f) => f.excluded },
  { header: '整改任务', value: (f) => f.rectOpened },
  { header: '整改办结', value: (f) => f.rectClosed },
  { header: '按期整改', value: (f) => f.rectOnTime },
  { header: '逾期整改', value: (f) => f.rectLate },
  { header: '按期整改率', value: (f) => rate(f.rectOnTimeRate) },
  { header: '实名差评', value: (f) => f.realNameBad },
  { header: '已回访', value: (f) => f.revisited },
  { header: '回访率', value: (f) => rate(f.revisitRate) },
  { header: '咨询', value: (f) => f.complaints.consultation },
  { header: '求助', value: (f) => f.complaints.help },
  { header: '投诉', value: (f) => f.complaints.complaint },
  { header: '举报', value: (f) => f.complaints.report },
  { header: '其中紧急', value: (f) => f.complaints.urgent },
  { header: '投诉咨询总数', value: (f) => f.complaintsTotal },
  { header: '已办结', value: (f) => f.complaintsClosed },
  { header: '按时办结', value: (f) => f.complaintsClosedOnTime },
  { header: '按时办结率', value: (f) => rate(f.complaintsClosedOnTimeRate) },
  { header: '超期未办结', value: (f) => f.complaintsOverdueOpen },
];

export async function reportWorkbook(report: QualityReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OneWindow 一窗通';
  workbook.created = report.asOf;
  const sheet = workbook.addWorksheet('按部门');
  sheet.addRow([`${report.region.name} ${report.month} 好差评与投诉月报`]);
  sheet.addRow([`统计时间 ${chinaDate(report.asOf)};区划代码 ${report.region.code12}${report.narrowed ? ';仅含本人授权部门' : ''}`]);
  const header = sheet.addRow(['部门', ...reportColumns.map((c) => c.header)]);
  header.font = { bold: true };
  for (const d of report.departments) sheet.addRow([d.name, ...reportColumns.map((c) => c.value(d.figures))]);
  const total = sheet.addRow(['合计', ...reportColumns.map((c) => c.value(report.totals))]);
  total.font = { bold: true };
  sheet.getColumn(1).width = 28;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }];
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['指标', '定义']).font = { bold: true };
  for (const f of figureDefinitions) notes.addRow([f.zh, f.definition.zh]);
  notes.addRow(['月份', '按北京时间(UTC+8)自然月统计:评价按评价时间,投诉按受理时间;整改、回访随其差评所在月份']);
  notes.addRow(['部门', '评价和投诉的责任部门;未分部门者列为“中心直接受理”']);
  notes.getColumn(1).width = 20;
  notes.getColumn(2).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The report as plain text (the CLI prints it; the issue's sample monthly report). */
export function reportText(report: QualityReport): string {
  const t = report.totals;
  const lines = [
    `${report.region.name}(${report.region.code12})${report.month} 好差评与投诉月报  统计于 ${chinaDate(report.asOf)}`,
    `评价 ${t.total} 条:${ratingLevels.map((l) => `${ratingLevelLabels[l].zh} ${t.levels[l]}`).join(',')};满意率 ${rate(t.satisfactionRate)}`,
    `  其中默认评价 ${t.defaults} 条;申诉成立不计入 ${t.excluded} 条`,
    `差评 ${t.bad} 条:整改任务 ${t.rectOpened},办结 ${t.rectClosed},按期整改 ${t.rectOnTime},逾期 ${t.rectLate}(按期整改率 ${rate(t.rectOnTimeRate)});实名差评 ${t.realNameBad},已回访 ${t.revisited}(回访率 ${rate(t.revisitRate)})`,
    `投诉咨询 ${t.complaintsTotal} 件:咨询 ${t.complaints.consultation},求助 ${t.complaints.help},投诉 ${t.complaints.complaint},举报 ${t.complaints.report}(其中紧急 ${t.complaints.urgent});已办结 ${t.complaintsClosed},按时办结 ${t.complaintsClosedOnTime}(${rate(t.complaintsClosedOnTimeRate)}),超期未办结 ${t.complaintsOverdueOpen}`,
    '按部门:',
    ...report.departments.map(
      (d) =>
        `  ${d.name}:评价 ${d.figures.total},满意率 ${rate(d.figures.satisfactionRate)},差评 ${d.figures.bad},按期整改 ${d.figures.rectOnTime}/${d.figures.rectOnTime + d.figures.rectLate},回访率 ${rate(d.figures.revisitRate)},投诉咨询 ${d.figures.complaintsTotal},按时办结率 ${rate(d.figures.complaintsClosedOnTimeRate)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
