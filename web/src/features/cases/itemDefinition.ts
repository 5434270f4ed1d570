/**
 * What a case was asked against: the form fields (with their labels) and the material requirements
 * of the item version in force when the case was received — or, for a 一件事 bundle's main case, the
 * bundle's merged form and materials. The case view carries the values and the marks; this carries
 * the words a reviewer reads them by. Read from the public catalog routes.
 *
 * @example
 * const definition = useItemDefinition(view); // null while loading or when the catalog has no answer
 */
import { useEffect, useState } from 'react';
import type { FormField, MaterialRequirement } from '../../../../src/domain/catalog.ts';
import { api, guideApi, type BundleView, type ItemVersion, type ItemVersionInfo } from '../../api.ts';
import type { CaseView } from './model.ts';

export interface ItemDefinition {
  formFields: FormField[];
  materials: MaterialRequirement[];
}

/**
 * The version a case received at `receivedAt` was accepted under: the newest one published by then
 * (the oldest published one when the clocks disagree). Undefined when none was ever published.
 */
export function versionInForce(versions: readonly Pick<ItemVersionInfo, 'version' | 'publishedAt'>[], receivedAt: string): number | undefined {
  const published = versions.filter((v) => v.publishedAt !== null).sort((a, b) => a.version - b.version);
  const before = published.filter((v) => new Date(v.publishedAt!).getTime() <= new Date(receivedAt).getTime());
  return (before.at(-1) ?? published[0])?.version;
}

async function loadDefinition(view: Pick<CaseView, 'bundleCode' | 'parentId' | 'itemCode' | 'receivedAt'>, signal: AbortSignal): Promise<ItemDefinition | null> {
  if (view.bundleCode && !view.parentId) {
    const bundle = await api.get<BundleView>(guideApi.bundlePath(view.bundleCode), { signal });
    return { formFields: bundle.merged.formFields, materials: bundle.merged.materials };
  }
  const code = encodeURIComponent(view.itemCode);
  const versions = await api.get<ItemVersionInfo[]>(`/api/items/${code}/versions`, { signal });
  const version = versionInForce(versions, view.receivedAt);
  if (version === undefined) return null;
  const item = await api.get<ItemVersion>(`/api/items/${code}/versions/${version}`, { signal });
  return { formFields: item.content.formFields, materials: item.content.materials };
}

/** The case's item definition; null while it loads or when the catalog cannot say (the page then shows keys). */
export function useItemDefinition(view: Pick<CaseView, 'bundleCode' | 'parentId' | 'itemCode' | 'receivedAt'>): ItemDefinition | null {
  const [definition, setDefinition] = useState<ItemDefinition | null>(null);
  const { bundleCode, parentId, itemCode, receivedAt } = view;
  useEffect(() => {
    const controller = new AbortController();
    setDefinition(null);
    loadDefinition({ bundleCode, parentId, itemCode, receivedAt }, controller.signal).then(
      (found) => {
        if (!controller.signal.aborted) setDefinition(found);
      },
      () => undefined, // Without the catalog the form still shows, by its keys.
    );
    return () => controller.abort();
  }, [bundleCode, parentId, itemCode, receivedAt]);
  return definition;
}

/** One row of the application form: the field's label and the value given (a resident ID as the server masked it). */
export interface FormRow {
  key: string;
  label: string;
  value: string;
  wide: boolean;
}

/**
 * The form's values in the order of the definition, each under its label (a field left blank
 * reads empty, so the reviewer sees it was not answered); values the definition
 * does not name (an older version's, the USCC a registration added) follow under their keys.
 */
export function formRows(form: Readonly<Record<string, unknown>>, fields: readonly Pick<FormField, 'key' | 'label' | 'type'>[]): FormRow[] {
  const text = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  const known = new Set(fields.map((f) => f.key));
  const rows = fields.map((f) => ({ key: f.key, label: f.label, value: text(form[f.key]), wide: f.type === 'textarea' }));
  for (const [key, value] of Object.entries(form)) if (!known.has(key)) rows.push({ key, label: key, value: text(value), wide: false });
  return rows;
}
