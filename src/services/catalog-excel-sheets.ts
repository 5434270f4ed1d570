/**
 * The catalog workbook's sheets and columns, defined once for both directions: the export writes
 * these columns and the import reads these headers (and reports any the workbook lacks). Also how a
 * cell's text is kept from being taken for a formula, and given back on import.
 */
import {
  caseKindLabels,
  channelLabels,
  dayUnitLabels,
  exerciseLevels,
  itemTypes,
  materialSourceLabels,
  resultKindLabels,
  serviceObjectLabels,
  tongbanScopeLabels,
  type BundleContent,
  type ServiceItemContent,
  type MaterialRequirement,
  type FormField,
} from '../domain/catalog.ts';

export const deferrableLabels = { decision: '决定前', issuance: '出件前' } as const;
export const fieldTypeLabels = { text: '文本', textarea: '多行文本', number: '数字', date: '日期', select: '选择', phone: '电话', id_number: '证件号码', uscc: '统一社会信用代码' } as const;
export const onlineDepthLabels = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' } as const;
export const yes = '是';
export const no = '否';

interface Column<T> {
  header: string;
  width?: number;
  get(row: T): string | number;
}

export interface SheetSpec<T> {
  name: string;
  columns: Column<T>[];
}

const list = (values: readonly string[]) => values.join(';');
const labelList = <K extends string>(labels: Record<K, string>, values: readonly K[]) => values.map((v) => labels[v]).join(';');

export const itemSheet: SheetSpec<ServiceItemContent> = {
  name: '事项',
  columns: [
    { header: '实施编码', width: 22, get: (i) => i.implementationCode },
    { header: '基本编码', width: 16, get: (i) => i.basicCode },
    { header: '事项名称', width: 30, get: (i) => i.name },
    { header: '别名', width: 20, get: (i) => list(i.aliases) },
    { header: '事项类型', width: 12, get: (i) => `${i.itemType} ${itemTypes[i.itemType]}` },
    { header: '行使层级', width: 14, get: (i) => `${i.exerciseLevel} ${exerciseLevels[i.exerciseLevel]}` },
    { header: '实施主体', width: 24, get: (i) => i.departmentName },
    { header: '设定依据', width: 40, get: (i) => i.legalBasis },
    { header: '受理条件', width: 40, get: (i) => i.conditions },
    { header: '法定时限', get: (i) => i.statutoryDays },
    { header: '法定时限单位', get: (i) => dayUnitLabels[i.statutoryUnit] },
    { header: '承诺时限', get: (i) => i.promisedDays },
    { header: '承诺时限单位', get: (i) => dayUnitLabels[i.promisedUnit] },
    { header: '办件类型', get: (i) => caseKindLabels[i.caseKind] },
    { header: '到现场次数', get: (i) => i.visitsRequired },
    { header: '到现场原因', width: 24, get: (i) => i.visitReason },
    { header: '网办深度', get: (i) => onlineDepthLabels[i.onlineDepth] },
    { header: '办理渠道', width: 24, get: (i) => labelList(channelLabels, i.channels) },
    { header: '结果名称', width: 20, get: (i) => i.resultName },
    { header: '结果类型', get: (i) => resultKindLabels[i.resultKind] },
    { header: '服务对象', get: (i) => labelList(serviceObjectLabels, i.serviceObjects) },
    { header: '通办范围', get: (i) => tongbanScopeLabels[i.tongbanScope] },
    { header: '办理地点', width: 30, get: (i) => i.location },
    { header: '办理时间', width: 30, get: (i) => i.hours },
    { header: '咨询电话', width: 16, get: (i) => i.phone },
    { header: '委托乡镇办理', get: (i) => (i.delegatedToTowns ? yes : no) },
    { header: '结果证照类型', width: 20, get: (i) => i.resultLicenceType ?? '' },
    { header: '结果为变更', get: (i) => (i.resultReplaces ? yes : no) },
  ],
};

export type Child<T> = { code: string; value: T; index: number };

export const stepSheet: SheetSpec<Child<ServiceItemContent['processSteps'][number]>> = {
  name: '办理流程',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '序号', get: (r) => r.index + 1 },
    { header: '环节名称', width: 16, get: (r) => r.value.name },
    { header: '说明', width: 40, get: (r) => r.value.description },
    { header: '时限(工作日)', get: (r) => r.value.days },
    { header: '办理人', width: 20, get: (r) => r.value.actor },
    { header: '审查部门(、分隔)', width: 30, get: (r) => (r.value.departments ?? []).join('、') },
    { header: '会签方式', width: 12, get: (r) => (r.value.departments?.length ? (r.value.mode === 'any' ? '或签' : '会签') : '') },
    { header: '公示期(自然日)', width: 14, get: (r) => r.value.publicityDays ?? '' },
  ],
};

export const feeSheet: SheetSpec<Child<ServiceItemContent['fees'][number]>> = {
  name: '收费',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '收费项目', width: 20, get: (r) => r.value.name },
    { header: '金额', width: 16, get: (r) => r.value.amount },
    { header: '收费依据', width: 40, get: (r) => r.value.basis },
  ],
};

export const faqSheet: SheetSpec<Child<ServiceItemContent['faq'][number]>> = {
  name: '常见问题',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '问题', width: 40, get: (r) => r.value.question },
    { header: '解答', width: 60, get: (r) => r.value.answer },
  ],
};

export const scenarioSheet: SheetSpec<Child<ServiceItemContent['scenarios'][number]>> = {
  name: '情形',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '情形编码', width: 16, get: (r) => r.value.code },
    { header: '情形名称', width: 24, get: (r) => r.value.name },
    { header: '说明', width: 40, get: (r) => r.value.description },
  ],
};

export const materialSheet: SheetSpec<Child<MaterialRequirement>> = {
  name: '材料',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '材料标识', width: 20, get: (r) => r.value.key },
    { header: '材料名称', width: 30, get: (r) => r.value.name },
    { header: '适用情形', width: 16, get: (r) => list(r.value.scenarios) },
    { header: '必需', get: (r) => (r.value.required ? yes : no) },
    { header: '容缺', get: (r) => (r.value.deferrable ? yes : no) },
    { header: '容缺补齐时点', get: (r) => (r.value.deferrableUntil ? deferrableLabels[r.value.deferrableUntil] : '') },
    { header: '原件份数', get: (r) => r.value.originals },
    { header: '复印件份数', get: (r) => r.value.copies },
    { header: '来源', width: 14, get: (r) => materialSourceLabels[r.value.source] },
    { header: '证照类型', width: 16, get: (r) => r.value.licenceType ?? '' },
    { header: '备注', width: 40, get: (r) => r.value.notes },
    { header: '空白表格文件', width: 38, get: (r) => r.value.templateFileId ?? '' },
    { header: '样表文件', width: 38, get: (r) => r.value.sampleFileId ?? '' },
  ],
};

export const fieldSheet: SheetSpec<Child<FormField>> = {
  name: '表单字段',
  columns: [
    { header: '实施编码', width: 22, get: (r) => r.code },
    { header: '字段标识', width: 20, get: (r) => r.value.key },
    { header: '标签', width: 20, get: (r) => r.value.label },
    { header: '类型', get: (r) => fieldTypeLabels[r.value.type] },
    { header: '必填', get: (r) => (r.value.required ? yes : no) },
    { header: '选项', width: 30, get: (r) => list(r.value.options ?? []) },
    { header: '预填来源', width: 16, get: (r) => r.value.profileField ?? '' },
  ],
};

export const bundleSheet: SheetSpec<BundleContent> = {
  name: '一件事',
  columns: [
    { header: '编码', width: 16, get: (b) => b.code },
    { header: '名称', width: 24, get: (b) => b.name },
    { header: '别名', width: 20, get: (b) => list(b.aliases) },
    { header: '说明', width: 40, get: (b) => b.description },
    { header: '承诺时限(工作日)', get: (b) => b.promisedDays },
    { header: '牵头部门', width: 24, get: (b) => b.leadDepartmentName },
    { header: '包含事项(实施编码)', width: 60, get: (b) => list(b.itemCodes) },
  ],
};

/** Text a spreadsheet could take for a formula (OWASP CSV injection): `=`, `+`, `-`, `@`, tab or CR first. */
const formulaLike = /^'*[=+\-@\t\r]/;
const escapedFormula = /^'+[=+\-@\t\r]/;

/**
 * A cell's value as exported: text that could be taken for a formula gets a leading apostrophe, so
 * Excel, WPS or a CSV saved from the workbook show it as text and never evaluate it, even after the
 * cell is edited (a string cell starting with `=` becomes a formula when someone presses Enter in it).
 * Text already starting with apostrophes before such a character gets one more, so `unescapeCell`
 * gives back exactly what was written.
 *
 * @example escapeCell('=HYPERLINK("http://x","点击")') // `'=HYPERLINK("http://x","点击")`
 */
export function escapeCell(value: string | number): string | number {
  return typeof value === 'string' && formulaLike.test(value) ? `'${value}` : value;
}

/** The text `escapeCell` was given: one leading apostrophe before a formula character is dropped. */
export function unescapeCell(text: string): string {
  return escapedFormula.test(text) ? text.slice(1) : text;
}
