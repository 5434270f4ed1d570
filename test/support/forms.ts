/**
 * Application forms for tests that are not about the form: intake checks the form against the
 * item's definition, so every intake needs a complete, valid one.
 */
import type { FormField } from '../../src/domain/catalog.ts';
import type { Services } from '../../src/main.ts';

/** A valid answer to every field (required or not), by type; `overrides` win. */
export function completeForm(fields: readonly FormField[], overrides: Record<string, string> = {}): Record<string, string> {
  const sample: Record<FormField['type'], (field: FormField) => string> = {
    text: () => '测试填写',
    textarea: () => '测试填写的说明',
    number: () => '2',
    date: () => '2026-01-05',
    select: (field) => field.options?.[0] ?? '测试',
    phone: () => '13905380000',
    // The standard's own example (GB 11643), valid and nobody's.
    id_number: () => '11010519491231002X',
    uscc: () => '91350100M000100Y43',
  };
  return { ...Object.fromEntries(fields.map((f) => [f.key, sample[f.type](f)])), ...overrides };
}

/** The form an intake of this item or bundle is checked against (empty for one that does not exist). */
export async function formFieldsFor(services: Services, target: { itemCode?: unknown; bundleCode?: unknown }): Promise<FormField[]> {
  try {
    if (typeof target.itemCode === 'string') return (await services.catalog.getPublished(target.itemCode)).content.formFields;
    if (typeof target.bundleCode === 'string') return (await services.catalog.getBundle(target.bundleCode)).merged.formFields;
  } catch {
    // An unknown item: the intake's own 404 is what the test looks at.
  }
  return [];
}

/** An intake body as given, or with a complete form when it has none. */
export async function withCompleteForm(services: Services, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if ('form' in body) return body;
  return { ...body, form: completeForm(await formFieldsFor(services, body)) };
}
