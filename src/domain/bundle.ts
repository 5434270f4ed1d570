/**
 * 一件事: several items done with one form and one set of materials. A form field or material with
 * the same key in two member items is asked for once; the guide shows how many were saved.
 */
import type { FormField, MaterialRequirement } from './catalog.ts';

export interface BundleMember {
  implementationCode: string;
  name: string;
  formFields: readonly FormField[];
  materials: readonly MaterialRequirement[];
}

export interface MergedMaterial extends MaterialRequirement {
  /** Implementation codes of the member items that need it. */
  neededBy: string[];
  /**
   * Scenario codes belong to their item: members that need the material only in some of their
   * scenarios are listed here; `scenarios` of the merged material is always empty.
   */
  scenariosByItem: Record<string, string[]>;
}

export interface MergedBundle {
  formFields: (FormField & { neededBy: string[] })[];
  materials: MergedMaterial[];
  /** Fields and materials the applicant would give if each item were applied for alone. */
  separately: { formFields: number; materials: number };
  saved: { formFields: number; materials: number };
}

/**
 * Merges member items in order. A merged material is required if any member requires it, and can be
 * deferred only if every member allows it; originals and copies are the most any member asks.
 */
export function mergeBundle(members: readonly BundleMember[]): MergedBundle {
  const fields = new Map<string, FormField & { neededBy: string[] }>();
  const materials = new Map<string, MergedMaterial>();
  let fieldCount = 0;
  let materialCount = 0;
  for (const member of members) {
    for (const field of member.formFields) {
      fieldCount++;
      const seen = fields.get(field.key);
      if (seen) {
        seen.required ||= field.required;
        seen.neededBy.push(member.implementationCode);
      } else {
        fields.set(field.key, { ...field, neededBy: [member.implementationCode] });
      }
    }
    for (const material of member.materials) {
      materialCount++;
      const seen = materials.get(material.key);
      if (seen) {
        seen.required ||= material.required;
        seen.deferrable &&= material.deferrable;
        seen.deferrableUntil = seen.deferrable ? earlier(seen.deferrableUntil, material.deferrableUntil) : null;
        seen.originals = Math.max(seen.originals, material.originals);
        seen.copies = Math.max(seen.copies, material.copies);
        seen.neededBy.push(member.implementationCode);
        if (material.scenarios.length > 0) seen.scenariosByItem[member.implementationCode] = [...material.scenarios];
      } else {
        materials.set(material.key, {
          ...material,
          scenarios: [],
          neededBy: [member.implementationCode],
          scenariosByItem: material.scenarios.length > 0 ? { [member.implementationCode]: [...material.scenarios] } : {},
        });
      }
    }
  }
  return {
    formFields: [...fields.values()],
    materials: [...materials.values()],
    separately: { formFields: fieldCount, materials: materialCount },
    saved: { formFields: fieldCount - fields.size, materials: materialCount - materials.size },
  };
}

function earlier(a: MaterialRequirement['deferrableUntil'], b: MaterialRequirement['deferrableUntil']): MaterialRequirement['deferrableUntil'] {
  if (a === 'decision' || b === 'decision') return 'decision';
  return a ?? b;
}
