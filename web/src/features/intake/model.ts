/**
 * The rules of the intake screen, as pure functions: what the lookup box was given, which materials
 * and form fields an item (情形) or bundle asks for, how each material starts out (from the licence
 * library or shared data: never asked for again), what is still missing, and which outcome the
 * clerk may choose. The server checks everything again; these only decide what the screen offers.
 */
import type { Bundle, BundleView, ItemSearchResult, ItemSummary, ItemVersion } from '../../api.ts';
import { mergeRankedHits } from '../../../../src/domain/hit-order.ts';
import { applicableMaterials, deferralSpan, type MaterialMark, type MaterialState } from '../../../../src/domain/case-process.ts';
import type { DayUnit, FormField, MaterialRequirement, Scenario } from '../../../../src/domain/catalog.ts';
import { addCalendarDays } from '../documents/model.ts';
import { checkForm } from '../../../../src/domain/form-check.ts';
import { prefillForm, type ApplicantProfile } from '../../../../src/domain/profile.ts';
import { maskResidentId, parseResidentId } from '../../../../src/domain/resident-id.ts';
import { isValidUscc } from '../../../../src/domain/uscc.ts';
import type { ApplicantView, HeldLicence, IntakeDecision, IntakeRequest, LookupQuery } from './api.ts';

// ---- The lookup box ---------------------------------------------------------------------------

export type LookupProblem = 'empty' | 'id_check' | 'id_length' | 'uscc_check' | 'format';
/** `length`: how many characters a would-be resident ID has (for `id_length`). */
export type LookupInput = { ok: true; query: LookupQuery } | { ok: false; problem: LookupProblem; length?: number };

/** A name as typed next to a phone: Chinese characters (with ·) or Latin letters, 2 to 30. */
const personName = /^[\p{Script=Han}·•A-Za-z][\p{Script=Han}·•A-Za-z .'-]{0,28}[\p{Script=Han}A-Za-z.]$/u;

/**
 * What was typed into the one lookup box: an 18-character resident ID or USCC (told apart by their
 * check characters), a phone number, or a name and a phone (who came without their ID card). A run
 * of 15 to 19 digits (an optional X last) is a resident ID mistyped, never a phone: its length is
 * named. Letters of a card reader's output may come lowercase, with spaces or dashes.
 *
 * @example
 * classifyLookup('370982198503121239'); // { ok: true, query: { idNumber: '370982198503121239' } }
 * classifyLookup('138 0000 1111');      // { ok: true, query: { phone: '13800001111' } }
 * classifyLookup('王建国 13905380001');  // { ok: true, query: { phone: '13905380001', name: '王建国' } }
 * classifyLookup('37098219850312123');  // { ok: false, problem: 'id_length', length: 17 }
 */
export function classifyLookup(text: string): LookupInput {
  const trimmed = text.trim();
  // A name before or after the phone number.
  const named = /^([^\d+]*?)[\s,,]*(\+?\d[\d\s-]*\d)[\s,,]*([^\d]*)$/u.exec(trimmed);
  if (named && (named[1] === '') !== (named[3] === '')) {
    const name = (named[1] || named[3]!).trim();
    const phone = named[2]!.replace(/[\s-]/g, '');
    if (personName.test(name) && /^\+?\d{5,14}$/.test(phone)) return { ok: true, query: { phone, name } };
  }
  const compact = trimmed.replace(/[\s-]/g, '').toUpperCase();
  if (compact === '') return { ok: false, problem: 'empty' };
  if (compact.length === 18) {
    if (parseResidentId(compact).ok) return { ok: true, query: { idNumber: compact } };
    if (isValidUscc(compact)) return { ok: true, query: { uscc: compact } };
    return { ok: false, problem: /^\d{17}[\dX]$/.test(compact) ? 'id_check' : 'uscc_check' };
  }
  if (/^\d{14,18}X$|^\d{15,19}$/.test(compact)) return { ok: false, problem: 'id_length', length: compact.length };
  if (/^\+?\d{5,14}$/.test(compact)) return { ok: true, query: { phone: compact } };
  return { ok: false, problem: 'format' };
}

// ---- What is applied for ----------------------------------------------------------------------

export type IntakeTarget = { kind: 'item'; code: string; version: ItemVersion } | { kind: 'bundle'; code: string; view: BundleView };

/** A material as the checklist shows it; for a bundle, with the members that need it. */
export type IntakeMaterial = MaterialRequirement & { neededBy?: string[] };

export function targetName(target: IntakeTarget): string {
  return target.kind === 'item' ? target.version.content.name : target.view.bundle.content.name;
}

export function scenariosOf(target: IntakeTarget): Scenario[] {
  return target.kind === 'item' ? target.version.content.scenarios : [];
}

/**
 * The materials to check. For an item, those of the chosen 情形 (the domain's own rule, as the
 * server applies it). For a bundle, the merged list without the materials that only some scenario
 * of a member needs: bundles have no scenarios, so the server does not ask for those.
 */
export function materialsOf(target: IntakeTarget, scenario: string | null): IntakeMaterial[] {
  if (target.kind === 'item') return applicableMaterials(target.version.content, scenario);
  return target.view.merged.materials.filter((m) => m.neededBy.some((code) => !(code in m.scenariosByItem)));
}

export function formFieldsOf(target: IntakeTarget): FormField[] {
  return target.kind === 'item' ? target.version.content.formFields : target.view.merged.formFields;
}

/** One line of the item search: an item or a bundle, as the server's one search found and scored them. */
export type SearchHit = { kind: 'item'; code: string; name: string; rank: number; item: ItemSummary } | { kind: 'bundle'; code: string; name: string; rank: number; bundle: Bundle };

/**
 * The hits in the order Enter takes them: best score first (an exact name or alias scores highest),
 * a 一件事 before an item on a tie (one application instead of several), then pinyin order.
 */
export function rankHits(result: Pick<ItemSearchResult, 'items' | 'bundles'>): SearchHit[] {
  return mergeRankedHits<SearchHit>([
    ...result.bundles.map((b): SearchHit => ({ kind: 'bundle', code: b.code, name: b.content.name, rank: b.rank, bundle: b })),
    ...result.items.map((i): SearchHit => ({ kind: 'item', code: i.implementationCode, name: i.name, rank: i.rank, item: i })),
  ]);
}

// ---- Materials --------------------------------------------------------------------------------

export interface MarkDraft {
  state: MaterialState;
  /** For `deferred`: the day the applicant commits to bring it, `YYYY-MM-DD`. */
  deferredDue?: string;
  /** For `licence`: the licence taken from the library. */
  licenceId?: string;
}

/** Calendar days the applicant is given by default to bring a deferred material, when the limit allows. */
export const defaultDeferralDays = 5;

/** The span the server allows for a deferred material of this item or bundle (the domain's own rule). */
export function deferralSpanOf(target: IntakeTarget): { days: number; unit: DayUnit } {
  if (target.kind === 'bundle') return deferralSpan({ caseKind: 'promised', limitDays: target.view.bundle.content.promisedDays, limitUnit: 'working' });
  const { caseKind, promisedDays, promisedUnit } = target.version.content;
  return deferralSpan({ caseKind, limitDays: caseKind === 'instant' ? 0 : promisedDays, limitUnit: promisedUnit });
}

/** The days a deferred material may be promised for: from today to the last day the server accepts. */
export interface DueRange {
  today: string;
  /** The last day, counted on the server's calendar; null while it is not known yet. */
  latest: string | null;
}

/**
 * The due date a deferred material starts with: five days ahead, but never past the last day the
 * server accepts (an item promised in 3 working days gets its limit); today while that is unknown.
 */
export function defaultDeferredDue(range: DueRange): string {
  if (range.latest === null) return range.today;
  const ahead = addCalendarDays(range.today, defaultDeferralDays);
  return ahead < range.latest ? ahead : range.latest;
}

/** Whether a promised due date is one the server accepts (not before today, not after the limit). */
export function dueInRange(due: string, range: DueRange): boolean {
  return due >= range.today && (range.latest === null || due <= range.latest);
}

/** The applicant's licences that satisfy a material: valid, of its type, not expired. */
export function licencesFor(material: Pick<MaterialRequirement, 'licenceType'>, licences: readonly HeldLicence[], today: string): HeldLicence[] {
  if (!material.licenceType) return [];
  return licences.filter((l) => l.status === 'valid' && l.licenceType === material.licenceType && (l.validUntil === null || l.validUntil >= today));
}

/** A licence number fit for the screen: a resident ID number (the 居民身份证's own number) is masked. */
export function licenceNumberText(licence: Pick<HeldLicence, 'number'>): string {
  return /^\d{17}[\dXx]$/.test(licence.number.trim()) ? maskResidentId(licence.number) : licence.number;
}

/** The choices a material's row offers, in display order. */
export function stateChoices(material: IntakeMaterial, held: readonly HeldLicence[]): MaterialState[] {
  const choices: MaterialState[] = ['provided'];
  if (held.length > 0) choices.push('licence');
  if (material.source === 'shared_data') choices.push('shared_data');
  if (material.deferrable) choices.push('deferred');
  choices.push('missing');
  return choices;
}

/**
 * How a row starts: taken from the licence library when the applicant holds the licence, from
 * shared data when that is its source — 一次都不要再交. Everything else waits for the clerk.
 */
export function automaticMark(material: IntakeMaterial, held: readonly HeldLicence[]): MarkDraft | null {
  if (held.length > 0) return { state: 'licence', licenceId: held[0]!.id };
  if (material.source === 'shared_data') return { state: 'shared_data' };
  return null;
}

/** Each row's mark: the clerk's choice, else the automatic one, else none yet. */
export function effectiveMarks(materials: readonly IntakeMaterial[], chosen: Readonly<Record<string, MarkDraft>>, licences: readonly HeldLicence[], today: string): Map<string, MarkDraft | null> {
  const marks = new Map<string, MarkDraft | null>();
  for (const m of materials) {
    const held = licencesFor(m, licences, today);
    const choice = chosen[m.key];
    // A licence choice stays valid only while the applicant still holds that licence.
    const usable = choice && (choice.state !== 'licence' || held.some((l) => l.id === choice.licenceId)) ? choice : undefined;
    marks.set(m.key, usable ?? automaticMark(m, held));
  }
  return marks;
}

export interface ChecklistSummary {
  /** Required materials the clerk has not marked yet. */
  unmarked: IntakeMaterial[];
  /** Required materials marked missing: they go on the one correction notice. */
  missing: IntakeMaterial[];
  /** Deferred materials without a due date. */
  undated: IntakeMaterial[];
  /** Deferred materials due on a day the server refuses (before today, after the limit). */
  outOfRange: IntakeMaterial[];
  deferred: IntakeMaterial[];
  markedCount: number;
}

export function summarise(materials: readonly IntakeMaterial[], marks: ReadonlyMap<string, MarkDraft | null>, range?: DueRange): ChecklistSummary {
  const summary: ChecklistSummary = { unmarked: [], missing: [], undated: [], outOfRange: [], deferred: [], markedCount: 0 };
  for (const m of materials) {
    const mark = marks.get(m.key) ?? null;
    if (mark) summary.markedCount++;
    if (!mark) {
      if (m.required) summary.unmarked.push(m);
    } else if (mark.state === 'missing') {
      if (m.required) summary.missing.push(m);
    } else if (mark.state === 'deferred') {
      summary.deferred.push(m);
      if (!mark.deferredDue) summary.undated.push(m);
      else if (range && !dueInRange(mark.deferredDue, range)) summary.outOfRange.push(m);
    }
  }
  return summary;
}

/** The marks the server receives; an optional material left unmarked was not handed in. */
export function toMaterialMarks(materials: readonly IntakeMaterial[], marks: ReadonlyMap<string, MarkDraft | null>): MaterialMark[] {
  return materials.map((m) => {
    const mark = marks.get(m.key) ?? null;
    if (!mark) return { key: m.key, state: 'missing' };
    if (mark.state === 'deferred') return { key: m.key, state: 'deferred', deferredDue: mark.deferredDue ?? null };
    if (mark.state === 'licence') return { key: m.key, state: 'licence', licenceId: mark.licenceId ?? null };
    return { key: m.key, state: mark.state };
  });
}

// ---- The form (一表申请) -------------------------------------------------------------------------

/**
 * The applicant's profile as far as the screen knows it. The server never sends the full resident
 * ID; the one the clerk typed to find or register the applicant is used when there is one.
 */
export function profileOf(applicant: ApplicantView, typedIdNumber: string | null): ApplicantProfile {
  return {
    kind: applicant.kind,
    name: applicant.name,
    ...(applicant.kind === 'person' && typedIdNumber ? { idNumber: typedIdNumber } : {}),
    phone: applicant.phone,
    address: applicant.address,
    ...(applicant.uscc ? { uscc: applicant.uscc } : {}),
    ...(applicant.legalRepresentative ? { legalRepresentative: applicant.legalRepresentative } : {}),
    ...(applicant.gender ? { gender: applicant.gender } : {}),
    ...(applicant.birthDate ? { birthDate: applicant.birthDate } : {}),
  };
}

export function prefilledForm(fields: readonly FormField[], applicant: ApplicantView, typedIdNumber: string | null): Record<string, string> {
  return prefillForm(fields, profileOf(applicant, typedIdNumber));
}

export function missingFields(fields: readonly FormField[], values: Readonly<Record<string, string>>): FormField[] {
  return fields.filter((f) => f.required && !(values[f.key] ?? '').trim());
}

/** The answered fields of the form, trimmed: what the server receives. */
export function answeredForm(fields: readonly FormField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const form: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.key] ?? '').trim();
    if (value) form[field.key] = value;
  }
  return form;
}

/** What the screen says under a field, in both languages (`required` is worded by the screen itself). */
export interface FieldError {
  problem: string;
  message: string;
  messageEn: string;
}

/**
 * The form's problems for a decision, by field key, as the server's own check finds them: every
 * answer must fit its field (type, length, ID and credit-code check characters), and for accepting
 * or submitting every required field must be answered.
 */
export function formErrorsFor(fields: readonly FormField[], values: Readonly<Record<string, string>>, decision: IntakeDecision, today: string): Map<string, FieldError> {
  const { problems } = checkForm(fields, answeredForm(fields, values), { requireAll: decision === 'accept' || decision === 'submit', today });
  return new Map(problems.map((p) => [p.key, { problem: p.problem, message: p.message, messageEn: p.messageEn }]));
}

/** The form fields a refused intake names (422 `details[].field = form.<key>`), with what it says of each. */
export function flaggedFormFields(details: unknown): Map<string, FieldError> {
  const flagged = new Map<string, FieldError>();
  if (!Array.isArray(details)) return flagged;
  for (const d of details as unknown[]) {
    if (typeof d !== 'object' || d === null) continue;
    const { field, problem, message, messageEn } = d as Record<string, unknown>;
    if (typeof field !== 'string' || !field.startsWith('form.')) continue;
    flagged.set(field.slice('form.'.length), { problem: typeof problem === 'string' ? problem : '', message: typeof message === 'string' ? message : '', messageEn: typeof messageEn === 'string' ? messageEn : '' });
  }
  return flagged;
}

// ---- The outcome ------------------------------------------------------------------------------

/** Why the checklist or form is not ready for a decision, in the order the clerk should fix them. */
export type Blocker = 'scenario' | 'unmarked' | 'undated' | 'dueRange' | 'form';

export interface OutcomeState {
  blockers: Blocker[];
  canAccept: boolean;
  canCorrect: boolean;
  canRefuse: boolean;
  canSubmit: boolean;
}

/**
 * Which outcome buttons are enabled: accept when everything required is in hand (deferred counts),
 * the correction notice when something required is missing, refusal at any time, and for a proxy
 * agent submission. An incomplete form does not disable accept or submit: pressing them shows the
 * empty fields (the `form` blocker names them beforehand).
 */
export function outcomeState(input: { scenarioMissing: boolean; summary: ChecklistSummary; missingFieldCount: number }): OutcomeState {
  const blockers: Blocker[] = [];
  if (input.scenarioMissing) blockers.push('scenario');
  if (input.summary.unmarked.length > 0) blockers.push('unmarked');
  if (input.summary.undated.length > 0) blockers.push('undated');
  if (input.summary.outOfRange.length > 0) blockers.push('dueRange');
  const checklistReady = blockers.length === 0;
  if (input.missingFieldCount > 0) blockers.push('form');
  const hasMissing = input.summary.missing.length > 0;
  return {
    blockers,
    canAccept: checklistReady && !hasMissing,
    canCorrect: checklistReady && hasMissing,
    canRefuse: true,
    canSubmit: checklistReady,
  };
}

/** The body of `POST /api/cases` for one decision. */
export function intakeRequest(input: {
  target: IntakeTarget;
  scenario: string | null;
  applicantId: string;
  fields: readonly FormField[];
  form: Readonly<Record<string, string>>;
  materials: readonly IntakeMaterial[];
  marks: ReadonlyMap<string, MarkDraft | null>;
  decision: IntakeDecision;
  refusal?: { reason: string; legalBasis: string };
  /** A proxy agent's authorisation (帮办代办). */
  authorisationId?: string | null;
}): IntakeRequest {
  const form = answeredForm(input.fields, input.form);
  return {
    ...(input.target.kind === 'item' ? { itemCode: input.target.code, scenario: input.scenario } : { bundleCode: input.target.code }),
    applicantId: input.applicantId,
    channel: 'window',
    form,
    materials: toMaterialMarks(input.materials, input.marks),
    decision: input.decision,
    ...(input.decision === 'refuse' && input.refusal ? { refusal: { reason: input.refusal.reason.trim(), legalBasis: input.refusal.legalBasis.trim() } } : {}),
    ...(input.authorisationId ? { authorisationId: input.authorisationId } : {}),
  };
}

/** Material keys a failed intake points at (409 `details.missing`, 400 `details[].field = materials.<key>`). */
export function flaggedMaterialKeys(details: unknown): string[] {
  if (Array.isArray(details)) {
    return details
      .map((d) => (typeof d === 'object' && d !== null && typeof (d as { field?: unknown }).field === 'string' ? (d as { field: string }).field : ''))
      .filter((field) => field.startsWith('materials.'))
      .map((field) => field.slice('materials.'.length));
  }
  if (typeof details === 'object' && details !== null && Array.isArray((details as { missing?: unknown }).missing)) {
    return (details as { missing: unknown[] }).missing.filter((k): k is string => typeof k === 'string');
  }
  return [];
}
