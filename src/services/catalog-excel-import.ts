/**
 * Reading a catalog workbook back: every problem is reported by sheet, row and column, in Chinese
 * and English, and the caller changes nothing unless there is none.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../domain/errors.ts';
import {
  caseKindLabels,
  channelLabels,
  checkItemContent,
  dayUnitLabels,
  exerciseLevels,
  itemTypes,
  materialSourceLabels,
  resultKindLabels,
  serviceObjectLabels,
  tongbanScopeLabels,
  profileFields,
  type BundleContent,
  type ServiceItemContent,
  type MaterialRequirement,
  type FormField,
} from '../domain/catalog.ts';
import { bundleSheet, deferrableLabels, faqSheet, feeSheet, fieldSheet, fieldTypeLabels, itemSheet, materialSheet, no, onlineDepthLabels, scenarioSheet, stepSheet, unescapeCell, yes, type SheetSpec } from './catalog-excel-sheets.ts';

export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

export interface ParsedCatalog {
  items: ServiceItemContent[];
  bundles: BundleContent[];
}

/** Reads the cells of a sheet as text, by header, with the spreadsheet row number. */
function readSheet(workbook: ExcelJS.Workbook, spec: SheetSpec<unknown>, problems: ImportProblem[], required: boolean): { row: number; cells: Map<string, string> }[] {
  const sheet = workbook.getWorksheet(spec.name);
  if (!sheet) {
    if (required) problems.push({ sheet: spec.name, row: 0, column: '', message: `缺少工作表“${spec.name}”`, messageEn: `Sheet ${spec.name} is missing` });
    return [];
  }
  const headerRow = sheet.getRow(1);
  const columnOf = new Map<string, number>();
  headerRow.eachCell((cell, col) => columnOf.set(cellText(cell.value), col));
  for (const column of spec.columns) {
    if (!columnOf.has(column.header)) problems.push({ sheet: spec.name, row: 1, column: column.header, message: `缺少列“${column.header}”`, messageEn: `Column ${column.header} is missing` });
  }
  const rows: { row: number; cells: Map<string, string> }[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    for (const column of spec.columns) {
      const index = columnOf.get(column.header);
      cells.set(column.header, index ? unescapeCell(cellText(row.getCell(index).value)).trim() : '');
    }
    if ([...cells.values()].some((v) => v !== '')) rows.push({ row: number, cells });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
  }
  return String(value);
}

class RowReader {
  private readonly sheet: string;
  private readonly row: number;
  private readonly cells: Map<string, string>;
  private readonly problems: ImportProblem[];

  constructor(sheet: string, row: { row: number; cells: Map<string, string> }, problems: ImportProblem[]) {
    this.sheet = sheet;
    this.row = row.row;
    this.cells = row.cells;
    this.problems = problems;
  }

  problem(column: string, message: string, messageEn: string): void {
    this.problems.push({ sheet: this.sheet, row: this.row, column, message, messageEn });
  }

  text(column: string, options: { required?: boolean } = {}): string {
    const value = this.cells.get(column) ?? '';
    if (options.required && !value) this.problem(column, '不能为空', 'must not be empty');
    return value;
  }

  list(column: string): string[] {
    return this.text(column)
      .split(/[;;]/)
      .map((v) => v.trim())
      .filter(Boolean);
  }

  integer(column: string, min: number, max: number): number {
    const raw = this.text(column);
    const value = Number(raw);
    if (raw === '' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(column, `应为 ${min} 到 ${max} 之间的整数,实际为“${raw}”`, `must be a whole number from ${min} to ${max}, got "${raw}"`);
      return min;
    }
    return value;
  }

  bool(column: string): boolean {
    const raw = this.text(column);
    if (raw !== yes && raw !== no) this.problem(column, `应填“是”或“否”,实际为“${raw}”`, `must be 是 (yes) or 否 (no), got "${raw}"`);
    return raw === yes;
  }

  /** A value from a code set, written as its Chinese label (or, for coded sets, “code label”). */
  label<K extends string>(column: string, labels: Record<K, string>, options: { optional?: boolean; byCode?: boolean } = {}): K | null {
    const raw = this.text(column);
    if (!raw && options.optional) return null;
    const entries = Object.entries(labels) as [K, string][];
    const found = options.byCode ? entries.find(([code]) => raw === code || raw.startsWith(`${code} `)) : entries.find(([, label]) => label === raw);
    if (!found) {
      const allowed = entries.map(([code, label]) => (options.byCode ? `${code} ${label}` : label));
      this.problem(column, `“${raw}”不是可选值之一:${allowed.join('、')}`, `"${raw}" is not one of: ${allowed.join(', ')}`);
      return null;
    }
    return found[0];
  }

  labels<K extends string>(column: string, labels: Record<K, string>): K[] {
    const result: K[] = [];
    for (const raw of this.list(column)) {
      const found = (Object.entries(labels) as [K, string][]).find(([, label]) => label === raw);
      if (found) result.push(found[0]);
      else this.problem(column, `“${raw}”不是可选值之一:${Object.values(labels).join('、')}`, `"${raw}" is not one of: ${Object.values(labels).join(', ')}`);
    }
    return result;
  }
}

const fieldColumns: Record<string, { sheet: string; column: string }> = {
  name: { sheet: itemSheet.name, column: '事项名称' },
  departmentName: { sheet: itemSheet.name, column: '实施主体' },
  implementationCode: { sheet: itemSheet.name, column: '实施编码' },
  statutoryDays: { sheet: itemSheet.name, column: '法定时限' },
  promisedDays: { sheet: itemSheet.name, column: '承诺时限' },
  processSteps: { sheet: stepSheet.name, column: '时限(工作日)' },
  visitReason: { sheet: itemSheet.name, column: '到现场原因' },
  channels: { sheet: itemSheet.name, column: '办理渠道' },
  serviceObjects: { sheet: itemSheet.name, column: '服务对象' },
};

const materialFieldColumns: Record<string, string> = {
  name: '材料名称',
  key: '材料标识',
  deferrableUntil: '容缺补齐时点',
  deferrable: '容缺',
  licenceType: '证照类型',
  copies: '复印件份数',
  scenarios: '适用情形',
};

/**
 * Parses a catalog workbook. Returns the items and bundles, or every problem found (by sheet, row
 * and column, in Chinese); the caller writes nothing when there is any.
 */
export async function parseCatalog(file: Buffer): Promise<{ catalog: ParsedCatalog; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return { catalog: { items: [], bundles: [] }, problems: [{ sheet: '', row: 0, column: '', message: '文件不是有效的 Excel (.xlsx) 工作簿', messageEn: 'The file is not a valid Excel (.xlsx) workbook' }] };
  }
  const items = new Map<string, { content: ServiceItemContent; row: number; childRows: Map<string, number[]> }>();
  for (const row of readSheet(workbook, itemSheet, problems, true)) {
    const r = new RowReader(itemSheet.name, row, problems);
    const code = r.text('实施编码', { required: true });
    if (items.has(code)) {
      r.problem('实施编码', `实施编码 ${code} 重复(第 ${items.get(code)!.row} 行已有)`, `implementation code ${code} repeats row ${items.get(code)!.row}`);
      continue;
    }
    const content: ServiceItemContent = {
      implementationCode: code,
      basicCode: r.text('基本编码'),
      name: r.text('事项名称', { required: true }),
      aliases: r.list('别名'),
      itemType: r.label('事项类型', itemTypes, { byCode: true }) ?? '01',
      exerciseLevel: r.label('行使层级', exerciseLevels, { byCode: true }) ?? '4',
      departmentName: r.text('实施主体', { required: true }),
      legalBasis: r.text('设定依据'),
      conditions: r.text('受理条件'),
      statutoryDays: r.integer('法定时限', 0, 3650),
      statutoryUnit: r.label('法定时限单位', dayUnitLabels) ?? 'working',
      promisedDays: r.integer('承诺时限', 0, 3650),
      promisedUnit: r.label('承诺时限单位', dayUnitLabels) ?? 'working',
      caseKind: r.label('办件类型', caseKindLabels) ?? 'promised',
      visitsRequired: r.integer('到现场次数', 0, 1) as 0 | 1,
      visitReason: r.text('到现场原因'),
      onlineDepth: Number(r.label('网办深度', onlineDepthLabels) ?? 1) as 1 | 2 | 3 | 4,
      channels: r.labels('办理渠道', channelLabels),
      resultName: r.text('结果名称'),
      resultKind: r.label('结果类型', resultKindLabels) ?? 'other',
      resultLicenceType: r.text('结果证照类型'),
      resultReplaces: r.bool('结果为变更'),
      serviceObjects: r.labels('服务对象', serviceObjectLabels),
      tongbanScope: r.label('通办范围', tongbanScopeLabels) ?? 'none',
      location: r.text('办理地点'),
      hours: r.text('办理时间'),
      phone: r.text('咨询电话'),
      delegatedToTowns: r.bool('委托乡镇办理'),
      processSteps: [],
      fees: [],
      faq: [],
      scenarios: [],
      materials: [],
      formFields: [],
    };
    items.set(code, { content, row: row.row, childRows: new Map() });
  }

  const childOf = (_sheet: string, r: RowReader, key: string) => {
    const code = r.text('实施编码', { required: true });
    const item = items.get(code);
    if (!item) r.problem('实施编码', `实施编码 ${code} 不在“事项”表中`, `implementation code ${code} is not on sheet 事项`);
    if (item) {
      const rows = item.childRows.get(key) ?? [];
      item.childRows.set(key, rows);
      return { item, rows };
    }
    return undefined;
  };

  for (const row of readSheet(workbook, stepSheet, problems, false)) {
    const r = new RowReader(stepSheet.name, row, problems);
    const target = childOf(stepSheet.name, r, 'processSteps');
    const departments = r
      .text('审查部门(、分隔)')
      .split(/[、,,]/)
      .map((d) => d.trim())
      .filter(Boolean);
    const mode = r.text('会签方式') === '或签' ? ('any' as const) : ('all' as const);
    const publicity = r.text('公示期(自然日)') === '' ? undefined : r.integer('公示期(自然日)', 1, 90);
    const step = {
      name: r.text('环节名称', { required: true }),
      description: r.text('说明'),
      days: r.integer('时限(工作日)', 0, 3650),
      actor: r.text('办理人'),
      ...(departments.length > 0 ? { departments, mode } : {}),
      ...(publicity ? { publicityDays: publicity } : {}),
    };
    if (target) {
      target.item.content.processSteps.push(step);
      target.rows.push(row.row);
    }
  }
  for (const row of readSheet(workbook, feeSheet, problems, false)) {
    const r = new RowReader(feeSheet.name, row, problems);
    const target = childOf(feeSheet.name, r, 'fees');
    const fee = { name: r.text('收费项目', { required: true }), amount: r.text('金额'), basis: r.text('收费依据') };
    if (target) target.item.content.fees.push(fee);
  }
  for (const row of readSheet(workbook, faqSheet, problems, false)) {
    const r = new RowReader(faqSheet.name, row, problems);
    const target = childOf(faqSheet.name, r, 'faq');
    const faq = { question: r.text('问题', { required: true }), answer: r.text('解答') };
    if (target) target.item.content.faq.push(faq);
  }
  for (const row of readSheet(workbook, scenarioSheet, problems, false)) {
    const r = new RowReader(scenarioSheet.name, row, problems);
    const target = childOf(scenarioSheet.name, r, 'scenarios');
    const scenario = { code: r.text('情形编码', { required: true }), name: r.text('情形名称', { required: true }), description: r.text('说明') };
    if (target) {
      target.item.content.scenarios.push(scenario);
      target.rows.push(row.row);
    }
  }
  for (const row of readSheet(workbook, materialSheet, problems, false)) {
    const r = new RowReader(materialSheet.name, row, problems);
    const target = childOf(materialSheet.name, r, 'materials');
    const template = r.text('空白表格文件');
    const sample = r.text('样表文件');
    const material: MaterialRequirement = {
      key: r.text('材料标识', { required: true }),
      name: r.text('材料名称', { required: true }),
      scenarios: r.list('适用情形'),
      required: r.bool('必需'),
      deferrable: r.bool('容缺'),
      deferrableUntil: r.label('容缺补齐时点', deferrableLabels, { optional: true }),
      originals: r.integer('原件份数', 0, 99),
      copies: r.integer('复印件份数', 0, 99),
      source: r.label('来源', materialSourceLabels) ?? 'applicant',
      licenceType: r.text('证照类型') || null,
      notes: r.text('备注'),
      ...(template ? { templateFileId: template } : {}),
      ...(sample ? { sampleFileId: sample } : {}),
    };
    if (target) {
      target.item.content.materials.push(material);
      target.rows.push(row.row);
    }
  }
  for (const row of readSheet(workbook, fieldSheet, problems, false)) {
    const r = new RowReader(fieldSheet.name, row, problems);
    const target = childOf(fieldSheet.name, r, 'formFields');
    const profile = r.text('预填来源');
    if (profile && !(profileFields as readonly string[]).includes(profile)) r.problem('预填来源', `“${profile}”不是可选值之一:${profileFields.join('、')}`, `"${profile}" is not one of: ${profileFields.join(', ')}`);
    const options = r.list('选项');
    const field: FormField = {
      key: r.text('字段标识', { required: true }),
      label: r.text('标签', { required: true }),
      type: r.label('类型', fieldTypeLabels) ?? 'text',
      required: r.bool('必填'),
      ...(options.length > 0 ? { options } : {}),
      ...(profile ? { profileField: profile as FormField['profileField'] } : {}),
    };
    if (target) target.item.content.formFields.push(field);
  }

  // The domain rules, reported where the offending value sits.
  for (const { content, row, childRows } of items.values()) {
    for (const problem of checkItemContent(content)) {
      const [head, index, sub] = problem.field.split('.');
      if (head === 'materials' && index !== undefined) {
        problems.push({ sheet: materialSheet.name, row: childRows.get('materials')?.[Number(index)] ?? row, column: materialFieldColumns[sub ?? ''] ?? '材料标识', message: problem.zh, messageEn: problem.en });
      } else if (head === 'scenarios' && index !== undefined) {
        problems.push({ sheet: scenarioSheet.name, row: childRows.get('scenarios')?.[Number(index)] ?? row, column: '情形编码', message: problem.zh, messageEn: problem.en });
      } else if (head === 'formFields' && index !== undefined) {
        problems.push({ sheet: fieldSheet.name, row, column: '字段标识', message: `${content.implementationCode}:${problem.zh}`, messageEn: `${content.implementationCode}: ${problem.en}` });
      } else {
        const where = fieldColumns[head ?? ''] ?? { sheet: itemSheet.name, column: head ?? '' };
        problems.push({ sheet: where.sheet, row: where.sheet === itemSheet.name ? row : (childRows.get('processSteps')?.[0] ?? row), column: where.column, message: problem.zh, messageEn: problem.en });
      }
    }
  }

  const bundles: BundleContent[] = [];
  const bundleCodes = new Set<string>();
  for (const row of readSheet(workbook, bundleSheet, problems, false)) {
    const r = new RowReader(bundleSheet.name, row, problems);
    const bundle: BundleContent = {
      code: r.text('编码', { required: true }),
      name: r.text('名称', { required: true }),
      aliases: r.list('别名'),
      description: r.text('说明'),
      promisedDays: r.integer('承诺时限(工作日)', 0, 3650),
      leadDepartmentName: r.text('牵头部门', { required: true }),
      itemCodes: r.list('包含事项(实施编码)'),
    };
    if (bundleCodes.has(bundle.code)) r.problem('编码', `一件事编码 ${bundle.code} 重复`, `bundle code ${bundle.code} repeats`);
    bundleCodes.add(bundle.code);
    if (bundle.itemCodes.length < 2) r.problem('包含事项(实施编码)', '一件事至少包含两个事项', 'a bundle has at least two items');
    for (const code of bundle.itemCodes) if (!items.has(code)) r.problem('包含事项(实施编码)', `事项 ${code} 不在“事项”表中`, `item ${code} is not on sheet 事项`);
    bundles.push(bundle);
  }

  return { catalog: { items: [...items.values()].map((i) => i.content), bundles }, problems };
}

/** The problems of an import as one 4xx error a person can work through. */
export function importFailed(problems: readonly ImportProblem[]): AppError {
  const shown = problems.slice(0, 20).map((p) => `【${p.sheet}】${p.row ? `第 ${p.row} 行` : ''}${p.column ? `“${p.column}”列` : ''}:${p.message}`);
  return new AppError(
    'VALIDATION_FAILED',
    {
      zh: `导入失败,未做任何更改。共 ${problems.length} 处问题:${shown.join(';')}${problems.length > 20 ? '……' : ''}`,
      en: `Import failed and changed nothing: ${problems.length} problem(s), listed in details`,
    },
    problems,
  );
}
