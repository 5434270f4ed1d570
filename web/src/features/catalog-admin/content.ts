/**
 * The item editor's model: a blank item, which tab holds which part of the content, and the
 * server's field problems (`materials.2.licenceType`, `body.name`) turned into something to point at.
 */
import type { ServiceItemContent } from '../../../../src/domain/catalog.ts';

export const editorTabs = ['basic', 'timing', 'scenarios', 'materials', 'formFields', 'processSteps', 'fees', 'faq'] as const;
export type EditorTab = (typeof editorTabs)[number];

/** The content fields shown as one table each; a problem in one of their rows points at that row. */
export const listFields = ['scenarios', 'materials', 'formFields', 'processSteps', 'fees', 'faq'] as const;
export type ListField = (typeof listFields)[number];

const timingFields: ReadonlySet<string> = new Set(['statutoryDays', 'statutoryUnit', 'promisedDays', 'promisedUnit', 'caseKind', 'visitsRequired', 'visitReason', 'onlineDepth', 'channels', 'location', 'hours', 'phone', 'delegatedToTowns']);

export function isListField(field: string): field is ListField {
  return (listFields as readonly string[]).includes(field);
}

/** The tab that shows a top-level content field. */
export function tabOf(field: string): EditorTab {
  if (isListField(field)) return field;
  return timingFields.has(field) ? 'timing' : 'basic';
}

export interface FieldIssue {
  /** Top-level content field, e.g. `materials`. */
  field: string;
  /** Row of a list field, when the problem is inside one row. */
  row: number | null;
  /** What inside the row (`licenceType`), if said. */
  detail: string | null;
  text: string;
}

/** Reads `details` of a 400 answer to a saved item: `[{ field, message, messageEn }]`. */
export function fieldIssues(details: unknown, locale: 'zh' | 'en'): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  const issues: FieldIssue[] = [];
  for (const entry of details) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { field, message, messageEn } = entry as { field?: unknown; message?: unknown; messageEn?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const parts = field
      .replace(/^body\.?/, '')
      .split('.')
      .filter(Boolean);
    const [top = '', second, ...rest] = parts;
    const row = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
    issues.push({
      field: top,
      row,
      detail: row === null ? (second ?? null) : rest.join('.') || null,
      text: locale === 'en' && typeof messageEn === 'string' ? messageEn : message,
    });
  }
  return issues;
}

/** A new item: the blanks a department fills in, with the choices most items make. */
export function blankItem(): ServiceItemContent {
  return {
    name: '',
    aliases: [],
    basicCode: '',
    implementationCode: '',
    itemType: '01',
    exerciseLevel: '4',
    departmentName: '',
    legalBasis: '',
    conditions: '',
    processSteps: [],
    statutoryDays: 20,
    statutoryUnit: 'working',
    promisedDays: 5,
    promisedUnit: 'working',
    caseKind: 'promised',
    visitsRequired: 0,
    visitReason: '',
    onlineDepth: 4,
    channels: ['window', 'web'],
    fees: [],
    resultName: '',
    resultKind: 'approval',
    serviceObjects: ['person'],
    tongbanScope: 'none',
    location: '',
    hours: '',
    phone: '',
    faq: [],
    scenarios: [],
    materials: [],
    formFields: [],
    delegatedToTowns: false,
  };
}
