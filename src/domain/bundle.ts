/**
 * 一件事: several items done with one form and one set of materials. A form field or material with
 * the same key in two member items is asked for once; the guide shows how many were saved.
 *
 * A bundle that creates a business (企业开办, 开办餐饮店 …) has a member whose result registers a new
 * subject (设立登记 → 营业执照): the registration authority assigns its USCC on approval. What that
 * member produces is not asked of the applicant: the other members' USCC field and their material
 * of the registration's licence type (营业执照) are listed as `produced`, by that member.
 */
import type { FormField, MaterialRequirement, ResultKind } from './catalog.ts';
import type { UsccKind } from './uscc.ts';

export interface BundleMember {
  implementationCode: string;
  name: string;
  formFields: readonly FormField[];
  materials: readonly MaterialRequirement[];
  /** The member's result (事项的办理结果): tells a registration (设立登记) apart. */
  resultName?: string;
  resultKind?: ResultKind;
}

/** A result that registers a new subject and gives it a USCC (主体资格证照), by how its name starts. */
const registrationResults: readonly { prefix: string; licenceType: string; kind: UsccKind }[] = [
  { prefix: '营业执照(个体工商户)', licenceType: '营业执照', kind: 'individualBusiness' },
  { prefix: '营业执照', licenceType: '营业执照', kind: 'company' },
  { prefix: '民办非企业单位登记证书', licenceType: '民办非企业单位登记证书', kind: 'privateNonEnterprise' },
  { prefix: '社会团体法人登记证书', licenceType: '社会团体法人登记证书', kind: 'socialOrganisation' },
];

export interface Registration {
  /** The member whose approval registers the subject. */
  implementationCode: string;
  name: string;
  /** The licence type it issues, as materials name it (营业执照). */
  licenceType: string;
  /** What the new subject is, i.e. the first two characters of its USCC. */
  kind: UsccKind;
}

/**
 * What a member item registers, if its result is a subject's registration certificate (a licence
 * named 营业执照…, 民办非企业单位登记证书 …).
 *
 * @example
 * registrationOf({ resultName: '营业执照(含电子营业执照)', resultKind: 'licence' }); // { licenceType: '营业执照', kind: 'company' }
 */
export function registrationOf(member: Pick<BundleMember, 'resultName' | 'resultKind'>): { licenceType: string; kind: UsccKind } | undefined {
  if (member.resultKind !== 'licence' || !member.resultName) return undefined;
  const found = registrationResults.find((r) => member.resultName!.startsWith(r.prefix));
  return found && { licenceType: found.licenceType, kind: found.kind };
}

/** The member of a bundle that registers a new subject (the first one, if several would). */
export function bundleRegistration(members: readonly BundleMember[]): Registration | undefined {
  for (const member of members) {
    const found = registrationOf(member);
    if (found) return { implementationCode: member.implementationCode, name: member.name, ...found };
  }
  return undefined;
}

/** A form field (the USCC) the member's registration fills in. */
export function isProducedField(field: Pick<FormField, 'type'>): boolean {
  return field.type === 'uscc';
}

/** A material the registration produces (its own licence type), for a member other than the registration. */
export function isProducedMaterial(material: Pick<MaterialRequirement, 'licenceType'>, registration: Pick<Registration, 'licenceType'>): boolean {
  return material.licenceType === registration.licenceType;
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
  /** What the applicant fills in: the produced fields left out. */
  formFields: (FormField & { neededBy: string[] })[];
  /** What the applicant hands in: the produced materials left out. */
  materials: MergedMaterial[];
  /** The member that registers the new subject, when the bundle creates one. */
  registration: Registration | null;
  /** What the registration produces for the other members: never asked of the applicant. */
  produced: { formFields: (FormField & { neededBy: string[] })[]; materials: MergedMaterial[] };
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
  const registration = bundleRegistration(members) ?? null;
  const producedFields = new Set<string>();
  const producedMaterials = new Set<string>();
  if (registration) {
    const byRegistration = (codes: readonly string[]) => codes.includes(registration.implementationCode);
    for (const f of fields.values()) if (isProducedField(f) && !byRegistration(f.neededBy)) producedFields.add(f.key);
    for (const m of materials.values()) if (isProducedMaterial(m, registration) && !byRegistration(m.neededBy)) producedMaterials.add(m.key);
  }
  const asked = { formFields: [...fields.values()].filter((f) => !producedFields.has(f.key)), materials: [...materials.values()].filter((m) => !producedMaterials.has(m.key)) };
  return {
    ...asked,
    registration,
    produced: { formFields: [...fields.values()].filter((f) => producedFields.has(f.key)), materials: [...materials.values()].filter((m) => producedMaterials.has(m.key)) },
    separately: { formFields: fieldCount, materials: materialCount },
    saved: { formFields: fieldCount - asked.formFields.length, materials: materialCount - asked.materials.length },
  };
}

function earlier(a: MaterialRequirement['deferrableUntil'], b: MaterialRequirement['deferrableUntil']): MaterialRequirement['deferrableUntil'] {
  if (a === 'decision' || b === 'decision') return 'decision';
  return a ?? b;
}
