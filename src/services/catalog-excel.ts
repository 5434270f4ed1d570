/**
 * The whole catalog as one Excel workbook (exceljs): items, their steps, fees, FAQ, scenarios,
 * materials and form fields on sheets of their own, keyed by implementation code, and bundles.
 * Values use the Chinese labels staff read on screen. An import reports every problem by sheet,
 * row and column, and changes nothing unless there is none.
 */
import ExcelJS from 'exceljs';
import type { BundleContent, ServiceItemContent } from '../domain/catalog.ts';
import { bundleSheet, escapeCell, faqSheet, feeSheet, fieldSheet, itemSheet, materialSheet, scenarioSheet, stepSheet, type Child, type SheetSpec } from './catalog-excel-sheets.ts';

// The columns live in ./catalog-excel-sheets.ts and the import in ./catalog-excel-import.ts; callers
// keep importing everything from here.
export { escapeCell, unescapeCell } from './catalog-excel-sheets.ts';
export { importFailed, parseCatalog, type ImportProblem, type ParsedCatalog } from './catalog-excel-import.ts';

function addSheet<T>(workbook: ExcelJS.Workbook, spec: SheetSpec<T>, rows: readonly T[]): void {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.header, width: c.width ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(spec.columns.map((c) => escapeCell(c.get(row))));
}

function children<K extends 'processSteps' | 'fees' | 'faq' | 'scenarios' | 'materials' | 'formFields'>(items: readonly ServiceItemContent[], key: K): Child<ServiceItemContent[K][number]>[] {
  return items.flatMap((item) => (item[key] as ServiceItemContent[K][number][]).map((value, index) => ({ code: item.implementationCode, value, index })));
}

/** The catalog as an .xlsx file. */
export async function exportCatalog(items: readonly ServiceItemContent[], bundles: readonly BundleContent[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OneWindow 一窗通';
  // A fixed date keeps two exports of the same catalog byte-for-byte comparable in content.
  workbook.created = new Date('2020-01-01T00:00:00Z');
  workbook.modified = workbook.created;
  addSheet(workbook, itemSheet, items);
  addSheet(workbook, stepSheet, children(items, 'processSteps'));
  addSheet(workbook, feeSheet, children(items, 'fees'));
  addSheet(workbook, faqSheet, children(items, 'faq'));
  addSheet(workbook, scenarioSheet, children(items, 'scenarios'));
  addSheet(workbook, materialSheet, children(items, 'materials'));
  addSheet(workbook, fieldSheet, children(items, 'formFields'));
  addSheet(workbook, bundleSheet, bundles);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
