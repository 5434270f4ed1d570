/**
 * 一表申请: the applicant's profile, entered once, fills every form field that asks for something it
 * holds; and the licence library satisfies materials the government itself issued.
 */
import type { FormField, MaterialRequirement, ProfileField } from './catalog.ts';

export interface ApplicantProfile {
  kind: 'person' | 'organisation';
  name: string;
  /** Resident ID (person) — only ever in full inside the server, masked on every screen. */
  idNumber?: string;
  phone: string;
  address: string;
  orgName?: string;
  uscc?: string;
  legalRepresentative?: string;
  gender?: 'male' | 'female';
  birthDate?: string;
}

/** Values for the fields the profile can answer, keyed by form field key. */
export function prefillForm(fields: readonly FormField[], profile: ApplicantProfile): Record<string, string> {
  const source: Partial<Record<ProfileField, string | undefined>> = {
    name: profile.kind === 'person' ? profile.name : profile.legalRepresentative,
    idNumber: profile.idNumber,
    phone: profile.phone,
    address: profile.address,
    orgName: profile.kind === 'organisation' ? profile.name : profile.orgName,
    uscc: profile.uscc,
    legalRepresentative: profile.legalRepresentative,
    gender: profile.gender === undefined ? undefined : profile.gender === 'male' ? '男' : '女',
    birthDate: profile.birthDate,
  };
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = field.profileField ? source[field.profileField] : undefined;
    if (value) values[field.key] = value;
  }
  return values;
}

/** Materials the licence library already covers for a holder of these licence types. */
export function coveredByLicences(materials: readonly MaterialRequirement[], heldLicenceTypes: ReadonlySet<string>): Set<string> {
  return new Set(materials.filter((m) => m.source === 'licence' && m.licenceType !== null && heldLicenceTypes.has(m.licenceType)).map((m) => m.key));
}
